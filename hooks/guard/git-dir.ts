// What counts as git's own files, for every check that refuses writes into them (redirections, writer
// commands, pytest output options, interpreter one-liners, the file tools). One notion, compared without
// regard to case: case-insensitive file systems (macOS, Windows) open `.GIT/hooks/pre-commit` as the real hook.
//   - git's directory: any path with a `.git` component (a repository's `.git/`, a worktree's `.git` file,
//     a submodule's `.git/modules/`);
//   - git's configuration files outside it (global, XDG, system): a `core.fsmonitor`, `core.pager` or
//     `alias.*` written there runs a program under the next `git status`.

const GIT_DIR = ".git";

/** A path with a `.git` component (`.git`, `a/.GIT/x`, `..\.git\hooks`). */
export function underGitDir(path: string): boolean {
  return path.split(/[/\\]+/).some((part) => part.toLowerCase() === GIT_DIR);
}

/** git's configuration files outside a repository: ~/.gitconfig (and any `.gitconfig`), the XDG
 *  `<config home>/git/config` and `attributes`, the system /etc/gitconfig. */
const GIT_CONFIG_FILE = /(^|[/\\])(\.gitconfig|gitconfig|git[/\\]+(config|attributes))$/i;

export function gitConfigFile(path: string): boolean {
  return GIT_CONFIG_FILE.test(path.replace(/[/\\]+$/, ""));
}

/** A path the git rule protects: git's directory or one of its configuration files. */
export function gitOwned(path: string): boolean {
  return underGitDir(path) || gitConfigFile(path);
}

/** A `.git` path in code text: `.git/`, `'.git'`, `.GIT"` (not .gitignore, .github, .gitattributes). */
export const GIT_DIR_LITERAL = /\.git(?![A-Za-z0-9_.-])/i;

/** git's configuration files named in code text (`~/.gitconfig`, `/etc/gitconfig`, `.config/git/config`). */
export const GIT_CONFIG_LITERAL = /\.?gitconfig\b|\bgit[/\\]+(config|attributes)\b/i;
