// The session's starting point: the working tree as git saw it when the session began (SessionStart), so
// that at a stop "changed in this session" means "differs from then", whatever tool made the change. One
// small JSON file per session under the state dir, written once (a resumed session keeps its first one):
//   <project>/.claude/run-tests-skill/state/stop-gate/<session id>.json
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { TreeState } from "../core/git/tree.ts";
import { writeAtomic } from "../core/state/atomic-write.ts";

export const BASELINE_DIR = "stop-gate";
/** Baselines of sessions idle this long are removed when a new one is written. */
const KEEP_MS = 14 * 24 * 3_600_000;

export interface Baseline extends TreeState {
  v: 1;
  /** ms since the epoch. */
  at: number;
}

function fileOf(stateDir: string, sessionId: string): string {
  return join(stateDir, BASELINE_DIR, `${sessionId.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 120)}.json`);
}

/** A damaged or foreign file reads as "no baseline". */
export function parseBaseline(text: string): Baseline | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const b = json as Partial<Baseline> | null;
  if (b?.v !== 1 || typeof b.at !== "number" || !b.files || typeof b.files !== "object") return null;
  const files: Record<string, string> = {};
  for (const [path, stamp] of Object.entries(b.files)) if (typeof stamp === "string") files[path] = stamp;
  return { v: 1, at: b.at, head: typeof b.head === "string" ? b.head : null, files };
}

export function readBaseline(stateDir: string, sessionId: string): Baseline | null {
  try {
    return parseBaseline(readFileSync(fileOf(stateDir, sessionId), "utf8"));
  } catch {
    return null;
  }
}

/** Writes the baseline unless this session has one; returns the one in force. */
export function recordBaseline(
  stateDir: string,
  sessionId: string,
  tree: TreeState,
  nowMs: number,
): Baseline {
  const existing = readBaseline(stateDir, sessionId);
  if (existing) return existing;
  const baseline: Baseline = { v: 1, at: nowMs, ...tree };
  writeAtomic(fileOf(stateDir, sessionId), `${JSON.stringify(baseline)}\n`);
  prune(join(stateDir, BASELINE_DIR), nowMs);
  return baseline;
}

function prune(dir: string, nowMs: number): void {
  try {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (nowMs - statSync(path).mtimeMs > KEEP_MS) rmSync(path, { force: true });
    }
  } catch {
    // best effort
  }
}
