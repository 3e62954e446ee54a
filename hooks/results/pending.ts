// File I/O for background runs (the edge of background.ts): the runs launched and not yet reported, one JSON
// file per task under <state>/background/, and the task's output file, which Claude Code names only in the
// model's tool result and the notification. Never throws.
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeAtomic } from "../core/state/atomic-write.ts";
import { safeName, takeFile } from "../core/state/lock.ts";
import type { PendingRun } from "./background.ts";

/** A run older than this is dropped unreported (Claude Code stops a background Bash task long before). */
const PENDING_MAX_AGE_MS = 24 * 3_600_000;

export function pendingDir(stateDir: string): string {
  return join(stateDir, "background");
}

function fileName(taskId: string): string {
  return `${safeName(taskId)}.json`;
}

export function savePending(stateDir: string, run: PendingRun): void {
  try {
    writeAtomic(join(pendingDir(stateDir), fileName(run.taskId)), `${JSON.stringify(run)}\n`);
  } catch {
    // a read-only tree: the run simply gets no final report
  }
}

/** Takes the pending run of a task: reads it and removes its file. The removal is the claim: when two
 *  handlers race (a plugin and a project install), the one whose rmSync fails stays silent. */
export function takePending(stateDir: string, taskId: string, nowMs: number): PendingRun | null {
  const text = takeFile(join(pendingDir(stateDir), fileName(taskId)));
  if (text === null) return null;
  prunePending(stateDir, nowMs);
  try {
    const run = JSON.parse(text) as PendingRun;
    return run && run.taskId === taskId && typeof run.command === "string" ? run : null;
  } catch {
    return null;
  }
}

/** Every run launched and not yet reported (for the stop gate: a run in flight covers its tests), younger
 *  than the pruning age. Read-only: nothing is claimed or removed. */
export function listPending(stateDir: string, nowMs: number): PendingRun[] {
  const runs: PendingRun[] = [];
  let names: string[];
  try {
    names = readdirSync(pendingDir(stateDir));
  } catch {
    return runs;
  }
  for (const name of names.filter((n) => n.endsWith(".json")).slice(0, 200)) {
    try {
      const path = join(pendingDir(stateDir), name);
      if (nowMs - statSync(path).mtimeMs > PENDING_MAX_AGE_MS) continue;
      const run = JSON.parse(readFileSync(path, "utf8")) as PendingRun;
      if (run && typeof run.taskId === "string" && typeof run.command === "string") runs.push(run);
    } catch {}
  }
  return runs;
}

function prunePending(stateDir: string, nowMs: number): void {
  try {
    for (const name of readdirSync(pendingDir(stateDir))) {
      const path = join(pendingDir(stateDir), name);
      if (nowMs - statSync(path).mtimeMs > PENDING_MAX_AGE_MS) rmSync(path, { force: true });
    }
  } catch {}
}

/**
 * Where Claude Code writes a background task's output: <tmp>/claude-<uid>/<encoded cwd>/<session>/tasks/<id>.output,
 * <tmp> being CLAUDE_CODE_TMPDIR or the system temp dir (observed on 2.1.332). Found by looking, not
 * assumed: null when no such file exists.
 */
export function findTaskOutput(
  taskId: string,
  sessionId: string | null,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  if (!sessionId || !/^[\w-]+$/.test(taskId)) return null;
  const uid = typeof process.getuid === "function" ? process.getuid() : null;
  const roots = [...new Set([env.CLAUDE_CODE_TMPDIR, tmpdir(), "/tmp"].filter((r): r is string => !!r))];
  for (const root of roots) {
    const base = join(root, uid === null ? "claude" : `claude-${uid}`);
    let projects: string[];
    try {
      projects = readdirSync(base);
    } catch {
      continue;
    }
    for (const project of projects) {
      const file = join(base, project, sessionId, "tasks", `${taskId}.output`);
      try {
        if (statSync(file).isFile()) return file;
      } catch {}
    }
  }
  return null;
}
