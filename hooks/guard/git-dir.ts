// What counts as git's own directory, for every check that refuses writes into it (redirections, writer
// commands, pytest output options, interpreter one-liners). One notion, compared without regard to case:
// case-insensitive file systems (macOS, Windows) open `.GIT/hooks/pre-commit` as the real hook.

const GIT_DIR = ".git";

/** A path with a `.git` component (`.git`, `a/.GIT/x`, `..\.git\hooks`). */
export function underGitDir(path: string): boolean {
  return path.split(/[/\\]+/).some((part) => part.toLowerCase() === GIT_DIR);
}

/** A `.git` path in code text: `.git/`, `'.git'`, `.GIT"` (not .gitignore, .github, .gitattributes). */
export const GIT_DIR_LITERAL = /\.git(?![A-Za-z0-9_.-])/i;
