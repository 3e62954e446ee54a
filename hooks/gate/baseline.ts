// The starting point of each agent Bash command: the working tree as git saw it just before the command ran
// (PreToolUse), so that after it (PostToolUse / PostToolUseFailure) "what this command changed" is the
// difference, and a file the human changed between turns, outside any agent command, is never the agent's.
// One small JSON file per running command under the state dir, taken (read and removed) when it ends:
//   <project>/.claude/run-tests-skill/state/stop-gate/<session id>.<tool use id>.before.json
// Several commands may run at once (parallel tool calls): each has its own file.
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { TreeState } from "../core/git/tree.ts";
import { writeAtomic } from "../core/state/atomic-write.ts";
import { safeName } from "../core/state/lock.ts";

export const BASELINE_DIR = "stop-gate";
/** State files idle this long are removed at a session's start: old sessions' change records after two
 *  weeks (a resumed session keeps its record), a command's before-tree whose end never came (the guard
 *  denied it, the session was killed) after a day. */
const KEEP_MS = 14 * 24 * 3_600_000;
const KEEP_BEFORE_MS = 24 * 3_600_000;

export interface Baseline extends TreeState {
  v: 2;
  /** ms since the epoch. */
  at: number;
}

/** A session id or tool use id as a file-name part that cannot leave the folder (the state folder's one
 *  rule, hooks/core/state/lock.ts). */
export { safeName };

function fileOf(stateDir: string, sessionId: string, toolUseId: string): string {
  return join(stateDir, BASELINE_DIR, `${safeName(sessionId)}.${safeName(toolUseId)}.before.json`);
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
  if (b?.v !== 2 || typeof b.at !== "number" || !b.files || typeof b.files !== "object") return null;
  const files: Record<string, string> = {};
  for (const [path, stamp] of Object.entries(b.files)) if (typeof stamp === "string") files[path] = stamp;
  return { v: 2, at: b.at, head: typeof b.head === "string" ? b.head : null, files };
}

/** PreToolUse: the tree before the command. */
export function recordBefore(
  stateDir: string,
  sessionId: string,
  toolUseId: string,
  tree: TreeState,
  nowMs: number,
): void {
  const baseline: Baseline = { v: 2, at: nowMs, ...tree };
  writeAtomic(fileOf(stateDir, sessionId, toolUseId), `${JSON.stringify(baseline)}\n`);
}

/** PostToolUse: the tree before the command, removed as it is read (null when there is none). */
export function takeBefore(stateDir: string, sessionId: string, toolUseId: string): Baseline | null {
  const file = fileOf(stateDir, sessionId, toolUseId);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return null;
  }
  rmSync(file, { force: true });
  return parseBaseline(text);
}

/** Removes the gate's state files idle for KEEP_MS (best effort; called at a session's start). */
export function pruneGateState(stateDir: string, nowMs: number): void {
  const dir = join(stateDir, BASELINE_DIR);
  try {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const keep = name.endsWith(".before.json") ? KEEP_BEFORE_MS : KEEP_MS;
      if (nowMs - statSync(path).mtimeMs > keep) rmSync(path, { force: true });
    }
  } catch {
    // best effort
  }
}
