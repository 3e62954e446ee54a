// The working tree as the report needs it: which files changed (for the change-to-test mapping) and a
// fingerprint (for the flaky ledger's "unchanged tree"). Read-only git, short timeouts, never throws:
// outside a repository, or when git is slow, both answers are empty and the report says less.
import { createHash } from "node:crypto";
import { realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import { runProcess } from "../run-process.ts";
import { repoRootOf } from "./dirs.ts";

export interface TreeSnapshot {
  /** Repo-relative paths: modified, staged, deleted, renamed and untracked (gitignored files excluded). */
  changed: string[];
  /** HEAD + each changed path's status, size and mtime, over what the tests are made of (testSource);
   *  null when git could not tell. */
  fingerprint: string | null;
}

/** Untracked files that make up the tests: code and pytest's configuration. Other untracked files (a data
 *  file a test keeps its state in, logs, outputs) change with every run and must not make a rerun look like
 *  a changed tree, which would hide a fail-then-pass. Tracked files always count, whatever their kind. */
const UNTRACKED_TEST_SOURCE =
  /\.(?:py|pyi|pyx|pxd|pth)$|(?:^|\/)(?:conftest\.py|pytest\.ini|\.pytest\.ini|pyproject\.toml|setup\.cfg|setup\.py|tox\.ini)$/;

/** Does this status entry count toward the fingerprint? */
export function isTestSource(code: string, path: string): boolean {
  return code !== "?" || UNTRACKED_TEST_SOURCE.test(path);
}

/** Files a test run itself writes: they must not make a rerun look like a changed tree. */
const RUN_ARTEFACTS =
  /(?:^|\/)(?:\.pytest_cache|__pycache__|\.hypothesis|htmlcov|\.tox|\.nox|\.mypy_cache|\.ruff_cache)(?:\/|$)|\.py[co]$|(?:^|\/)\.coverage(?:\.|$)|^\.claude\//;

const MAX_STATS = 500;

/** Every git call of the hooks only reads: `git status` refreshes stale stat data in .git/index when it can
 *  take index.lock, which makes the user's concurrent `git commit` fail ("index.lock exists"). No optional
 *  locks, by option and by environment. Shared with ./tree.ts. */
export const READ_ONLY = ["--no-optional-locks"] as const;
export function readOnlyGitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_OPTIONAL_LOCKS: "0" };
}

/** The one status query (after `-C <root>`): names, codes and HEAD, untracked files included, no renames.
 *  parsePorcelainV2 reads its output. */
export const STATUS_ARGS = [
  "status",
  "--porcelain=v2",
  "-z",
  "--branch",
  "--untracked-files=all",
  "--no-renames",
];

/** Parse `git status --porcelain=v2 -z --branch`: HEAD and [status, path] pairs. */
export function parsePorcelainV2(text: string): { head: string | null; entries: Array<[string, string]> } {
  const fields = text.split("\0");
  let head: string | null = null;
  const entries: Array<[string, string]> = [];
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] as string;
    if (f.startsWith("# branch.oid ")) head = f.slice("# branch.oid ".length);
    else if (f.startsWith("1 ")) entries.push([f.split(" ")[1] as string, f.split(" ").slice(8).join(" ")]);
    else if (f.startsWith("2 ")) {
      entries.push([f.split(" ")[1] as string, f.split(" ").slice(9).join(" ")]);
      i++; // the original path of a rename follows in its own field
    } else if (f.startsWith("u ")) entries.push(["U", f.split(" ").slice(10).join(" ")]);
    else if (f.startsWith("? ")) entries.push(["?", f.slice(2)]);
  }
  return { head, entries: entries.filter(([, path]) => path !== "" && !RUN_ARTEFACTS.test(path)) };
}

export async function snapshotTree(cwd: string, timeoutMs = 2000): Promise<TreeSnapshot> {
  const none: TreeSnapshot = { changed: [], fingerprint: null };
  try {
    const opts = { cwd, timeoutMs, env: readOnlyGitEnv() };
    // git's own cwd is the real folder: a symlink into a repository is inside it.
    const root = repoRootOf(cwd) ?? repoRootOf(realpathSync(cwd));
    if (!root) return none;
    const status = await runProcess("git", [...READ_ONLY, "-C", root, ...STATUS_ARGS], {
      ...opts,
      maxBuffer: 8 * 1024 * 1024,
    });
    if (status.exitCode !== 0 || status.failed) return none;
    const { head, entries } = parsePorcelainV2(status.stdout);
    const hash = createHash("sha256").update(`${head ?? "?"}\n`);
    entries
      .filter(([code, path]) => isTestSource(code, path))
      .sort((a, b) => (a[1] < b[1] ? -1 : 1))
      .forEach(([code, path], k) => {
        let stamp = "";
        if (k < MAX_STATS) {
          try {
            const st = statSync(join(root, path));
            stamp = `${st.size}:${Math.round(st.mtimeMs)}`;
          } catch {
            stamp = "gone";
          }
        }
        hash.update(`${code} ${path} ${stamp}\n`);
      });
    return { changed: entries.map(([, path]) => path), fingerprint: hash.digest("hex").slice(0, 16) };
  } catch {
    return none;
  }
}
