// The one lock and claim mechanism of the state folder. Hook processes run side by side (the plugin's
// handler and a project install's fire for one event; two tool calls end at once), so:
//   - a claim says "this happened once": the first process to create a marker file (O_EXCL) wins, for good;
//     old markers are pruned by age as new ones are made;
//   - a take claims a file by removing it: of two readers, the one whose removal fails stays silent;
//   - a lock guards a short read-modify-write: a directory (mkdir is atomic), removed on release.
// The stale rule, the same for every lock: a lock whose directory is older than its `staleMs` was left by a
// process that died holding it, and the next process removes it and tries again (once per attempt).
// A hook never waits long and never fails for a lock: callers say what to do when it cannot be had.
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  statSync,
} from "node:fs";
import { join } from "node:path";

export type CreateResult = "created" | "exists" | "failed";

/** Create an empty file at `path` only if none is there (O_EXCL): atomic across processes. */
export function createExclusive(path: string): CreateResult {
  try {
    closeSync(openSync(path, "wx"));
    return "created";
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EEXIST" ? "exists" : "failed";
  }
}

/** An id (a session, a tool use, a task) as a file-name part that cannot leave its folder: letters, digits,
 *  `_` and `-`, at most `max` characters. */
export function safeName(id: string, max = 120): string {
  return id.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, max);
}

export interface ClaimOptions {
  nowMs: number;
  /** Markers older than this are removed when a new claim is made (0: never). */
  pruneAfterMs?: number;
  /** What a folder that cannot be written means: claimed (act, rather than stay silent) or not. */
  whenUnwritable: "claimed" | "not-claimed";
}

/** True for the first caller that claims `key` in `dir`; false for every later one. */
export function claimOnce(dir: string, key: string, options: ClaimOptions): boolean {
  let result: CreateResult;
  try {
    mkdirSync(dir, { recursive: true });
    result = createExclusive(join(dir, safeName(key)));
  } catch {
    result = "failed";
  }
  if (result === "exists") return false;
  if (result === "failed") return options.whenUnwritable === "claimed";
  if (options.pruneAfterMs) pruneOlderThan(dir, options.nowMs - options.pruneAfterMs);
  return true;
}

/** Remove the files in `dir` last modified before `cutoffMs`. */
export function pruneOlderThan(dir: string, cutoffMs: number): void {
  try {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      try {
        if (statSync(path).mtimeMs < cutoffMs) rmSync(path, { force: true });
      } catch {}
    }
  } catch {}
}

/** Read a file and remove it: its text for the one caller whose removal succeeded, null for the others
 *  (and when there is no file). */
export function takeFile(path: string): string | null {
  try {
    const text = readFileSync(path, "utf8");
    rmSync(path);
    return text;
  } catch {
    return null;
  }
}

export interface LockOptions {
  /** A lock older than this is stale: its holder died; it is taken over. */
  staleMs: number;
  /** How long to keep trying while another process holds it (0: one attempt). */
  waitMs?: number;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Remove `lock` when it is stale; true when it was, or is gone already. */
function takeOverIfStale(lock: string, staleMs: number): boolean {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(lock).mtimeMs;
  } catch {
    return true; // it went away meanwhile
  }
  if (Date.now() - mtimeMs <= staleMs) return false;
  try {
    rmdirSync(lock);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT";
  }
}

/** Take the lock at `lock` (a directory path). Returns its release, or null when another process holds it
 *  beyond `waitMs` (or the folder cannot be written). */
export function acquireLock(lock: string, options: LockOptions): (() => void) | null {
  const deadline = Date.now() + (options.waitMs ?? 0);
  let tookOver = false;
  for (;;) {
    try {
      mkdirSync(lock);
      return () => {
        try {
          rmdirSync(lock);
        } catch {
          // already gone (taken over as stale)
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") return null;
    }
    if (!tookOver && takeOverIfStale(lock, options.staleMs)) {
      tookOver = true; // once per acquisition: a lock that keeps coming back is held, not stale
      continue;
    }
    if (Date.now() >= deadline) return null;
    sleep(10);
  }
}

/** Run `fn` holding the lock; without it when it cannot be had (`unlocked` says what to do then: run
 *  anyway, for a record better written unguarded than lost, or skip and return undefined). */
export function withLock<T>(lock: string, options: LockOptions & { unlocked: "run" }, fn: () => T): T;
export function withLock<T>(
  lock: string,
  options: LockOptions & { unlocked: "skip" },
  fn: () => T,
): T | undefined;
export function withLock<T>(
  lock: string,
  options: LockOptions & { unlocked: "run" | "skip" },
  fn: () => T,
): T | undefined {
  const release = acquireLock(lock, options);
  if (!release && options.unlocked === "skip") return undefined;
  try {
    return fn();
  } finally {
    release?.();
  }
}
