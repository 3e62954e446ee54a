// git's own directories for a project, as git resolves them, read from the files git itself reads (no git
// process): the one reader the barrier (hooks/runtime/sandbox-layer.ts) and the file guard share.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { nearestAbove } from "../nearest-above.ts";

function readText(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/** The `.git` entry that serves `projectDir` (in it or in an ancestor), or null outside a repository. */
export function gitEntryOf(projectDir: string): string | null {
  return nearestAbove(projectDir, (dir) => {
    const candidate = join(dir, ".git");
    return existsSync(candidate) ? candidate : null;
  });
}

/** The repository root above `dir`: the nearest folder holding `.git` (a folder, or a file in a worktree or
 *  submodule). The one repo-root rule: a file-system walk, not a git call (the hooks need it on every stop
 *  and every report, and init asks it too). */
export function repoRootOf(dir: string): string | null {
  const entry = gitEntryOf(dir);
  return entry === null ? null : dirname(entry);
}

/**
 * git's own directories for `projectDir`, absolute, as git resolves them (`--absolute-git-dir` and
 * `--git-common-dir`), read from the files git itself reads, without running git (the session-start hook
 * calls this): the `.git` entry, the dir a `.git` file names (`gitdir: ./.bare`), and that dir's `commondir`
 * (a linked worktree's shared repository). Empty outside a repository.
 */
export function gitDirsOf(projectDir: string): string[] {
  const entry = gitEntryOf(projectDir);
  if (!entry) return [];
  const dirs = [entry];
  let gitDir = entry;
  let isFile = false;
  try {
    isFile = statSync(entry).isFile();
  } catch {
    return dirs;
  }
  if (isFile) {
    const target = /^gitdir:\s*(.+?)\s*$/m.exec(readText(entry) ?? "")?.[1];
    if (!target) return dirs;
    gitDir = resolve(dirname(entry), target);
    dirs.push(gitDir);
  }
  const common = readText(join(gitDir, "commondir"))?.trim();
  if (common) dirs.push(resolve(gitDir, common));
  return [...new Set(dirs)];
}
