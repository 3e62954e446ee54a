// What a pytest run covered, as the ledger records it for the stop gate (three optional fields on a ledger
// line; older lines without them simply prove nothing), and whether a recorded run covers a test path.
import { isAbsolute, relative, sep } from "node:path";
import { normalize } from "node:path/posix";
import { literalPrefix, PATH_GLOB } from "../core/glob.ts";
import { fileOfNodeId, isNodeId, mapNodeIdFile } from "../core/pytest/node-id.ts";
import type { RunFlags } from "./command.ts";
import type { LedgerEntry } from "./ledger.ts";

/** The ledger's coverage fields (see LedgerEntry): start, scope (absent when it cannot be told: expansions,
 *  --pyargs targets, paths outside the repo), narrowed. */
export type RunCoverage = Pick<LedgerEntry, "start" | "scope" | "narrowed">;

/** A scope longer than this is left out (the ledger line must stay below PIPE_BUF). */
const SCOPE_MAX_CHARS = 1500;

function clean(path: string): string {
  const n = normalize(path.replace(/\/+$/, ""));
  return n === "" ? "." : n.replace(/^\.\//, "");
}

/** `cwdRel`: the command's folder relative to the repo root ("" at the root). */
export function coverageOf(flags: RunFlags | null, cwdRel: string, startMs: number | null): RunCoverage {
  const out: RunCoverage = {};
  if (startMs !== null && Number.isFinite(startMs)) out.start = new Date(startMs).toISOString();
  if (!flags || flags.dynamic || (flags.pyargs && flags.targets.length > 0)) return out;
  const base = cwdRel.replace(/^\.\/?/, "");
  const scope =
    flags.targets.length === 0
      ? [clean(base || ".")]
      : flags.targets.map((t) =>
          mapNodeIdFile(t, (file) => clean(t.startsWith("/") ? file : `${base ? `${base}/` : ""}${file}`)),
        );
  if (scope.some((s) => s.startsWith("..") || s.startsWith("/"))) return out; // outside the repo
  if (JSON.stringify(scope).length <= SCOPE_MAX_CHARS) out.scope = scope;
  if (flags.filtered || flags.lastFailed || flags.collectOnly) out.narrowed = true;
  return out;
}

/** Absolute targets: made repo-relative when under the root, else left for coverageOf to drop. */
export function relativeTargets(flags: RunFlags | null, root: string): RunFlags | null {
  if (!flags) return flags;
  const prefix = `${root.replace(/\/+$/, "")}/`;
  return {
    ...flags,
    targets: flags.targets.map((t) => (t.startsWith(prefix) ? `./${t.slice(prefix.length)}` : t)),
  };
}

export type CoverageEntry = Pick<LedgerEntry, "t" | "class"> & RunCoverage;

/** When the run began, in ms (its start when recorded, else the time it was classified). */
export function runStartMs(entry: CoverageEntry): number {
  const ms = Date.parse(entry.start ?? entry.t);
  return Number.isFinite(ms) ? ms : 0;
}

/** The run selected all of `testPath` (a file, or a folder ending in /). A failed run counts; an
 *  interrupted one, a narrowed one, or one whose selection is unknown does not. */
export function runCovers(entry: CoverageEntry, testPath: string): boolean {
  if (!entry.scope || entry.narrowed || entry.class === "interrupted") return false;
  // A glob in a mapped test path: its fixed folder part must be covered.
  const fixed = literalPrefix(testPath, PATH_GLOB);
  const path = clean(fixed || ".");
  return entry.scope.some((raw) => {
    if (isNodeId(raw)) return false;
    const s = clean(raw);
    return s === "." || path === s || path.startsWith(`${s}/`);
  });
}

/** The parts of `testPath` a run did select (node ids or files inside a folder), for the reason text. */
export function runTouches(entry: CoverageEntry, testPath: string): boolean {
  if (!entry.scope || entry.class === "interrupted") return false;
  const path = clean(testPath);
  return entry.scope.some((s) => {
    const file = clean(fileOfNodeId(s));
    return file === path || file.startsWith(`${path}/`) || path.startsWith(`${file}/`) || file === ".";
  });
}

/** The coverage fields for the ledger line of a run made in `cwd` (the hook input's) of `projectDir`. */
export function runCoverage(
  flags: RunFlags | null,
  root: string,
  cwd: string,
  startMs: number | null,
): RunCoverage {
  const rel = relative(root, cwd);
  if (rel.startsWith("..") || isAbsolute(rel)) return coverageOf(null, "", startMs);
  return coverageOf(relativeTargets(flags, root), rel.split(sep).join("/"), startMs);
}
