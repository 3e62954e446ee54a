// The working tree as the stop gate sees it: one `git status` of names (porcelain v2, untracked included,
// the same parse and the same run-artefact filter as the report's snapshot) plus a stat of each changed path.
// Read-only git, no optional locks (a hook must never take .git/index.lock from under the user).
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { dirname, join } from "node:path";
import { parsePorcelainV2, READ_ONLY, readOnlyGitEnv, STATUS_ARGS } from "./status.ts";

/** A changed path's state: git's status code, size and mtime (ms); "gone" for a deleted path. */
export type Stamp = string;

export interface TreeState {
  head: string | null;
  /** Repo-relative path -> stamp, for every path git reports as changed against HEAD. */
  files: Record<string, Stamp>;
}

/** Above this many changed paths only names and codes are kept (no stat): a huge dirty tree stays cheap. */
const MAX_STATS = 2000;

/** The repo-root rule lives with git's own dirs (dirs.ts); the gate and the report import it from here. */
export { repoRootOf } from "./dirs.ts";

export function stampOf(root: string, path: string, code: string): Stamp {
  try {
    const st = statSync(join(root, path));
    return `${code}:${st.size}:${Math.round(st.mtimeMs)}`;
  } catch {
    return `${code}:gone`;
  }
}

function git(root: string, args: string[], timeoutMs: number): string {
  return execFileSync("git", [...READ_ONLY, "-C", root, ...args], {
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 16 * 1024 * 1024,
    stdio: ["ignore", "pipe", "ignore"],
    env: readOnlyGitEnv(),
  });
}

/** Throws when git fails (the caller fails open and says so). `within`: a folder relative to the root (a
 *  subproject): only paths under it are read, which also keeps a monorepo's status cheap. Paths stay
 *  repo-relative (porcelain output always is). */
export function readTree(root: string, timeoutMs = 3000, within = ""): TreeState {
  const pathspec = within ? ["--", `:(literal,top)${within}`] : [];
  const text = git(root, [...STATUS_ARGS, ...pathspec], timeoutMs);
  const { head, entries } = parsePorcelainV2(text);
  const files: Record<string, Stamp> = {};
  const stat = entries.length <= MAX_STATS;
  for (const [code, path] of entries) files[path] = stat ? stampOf(root, path, code) : code;
  return { head: head && /^[0-9a-f]{7,}$/.test(head) ? head : null, files };
}

/** Paths that differ between two commits (HEAD moved during the session: the user committed or switched). */
export function changedBetween(
  root: string,
  from: string,
  to: string,
  timeoutMs = 3000,
  within = "",
): string[] {
  const pathspec = within ? ["--", `:(literal,top)${within}`] : [];
  return git(root, ["diff", "--name-only", "-z", "--no-renames", from, to, ...pathspec], timeoutMs)
    .split("\0")
    .filter(Boolean);
}

/** When a path last changed, as far as the file system tells: its mtime, or for a deleted path the mtime of
 *  its nearest surviving folder (a deletion touches it; anything else there only makes the time later, which
 *  errs toward asking for a run). */
export function lastChangeMs(root: string, path: string): number {
  let p = join(root, path);
  for (;;) {
    try {
      return statSync(p).mtimeMs;
    } catch {
      const up = dirname(p);
      if (up === p || up.length < root.length) return Date.now();
      p = up;
    }
  }
}
