// File reading for the post-run hook (the I/O edge of the results core): a persisted Bash output, and the
// streaming report files of this session. Bounded sizes, never throws.
import { closeSync, openSync, readdirSync, readSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { claimOnce } from "../core/state/lock.ts";
import type { ReportCandidate, StartRecord } from "./structured.ts";
import { startTimeOfName } from "./structured.ts";

/** Above this, a persisted output is read as head + tail (the summary and stats live at the end). */
export const PERSISTED_HEAD_BYTES = 256 * 1024;
export const PERSISTED_TAIL_BYTES = 8 * 1024 * 1024;
const REPORT_MAX_BYTES = 32 * 1024 * 1024;
const REPORTS_KEEP = 30;
const REPORT_MAX_AGE_MS = 24 * 3_600_000;

function readRange(fd: number, start: number, length: number): string {
  const buffer = Buffer.alloc(length);
  const n = readSync(fd, buffer, 0, length, start);
  return buffer.subarray(0, n).toString("utf8");
}

/** The full Bash output Claude Code saved to a file; `cut` when only head and tail were read. */
export function readPersistedOutput(path: string): { text: string; cut: boolean } | null {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return null;
  }
  try {
    const size = statSync(path).size;
    if (size <= PERSISTED_HEAD_BYTES + PERSISTED_TAIL_BYTES)
      return { text: readRange(fd, 0, size), cut: false };
    const head = readRange(fd, 0, PERSISTED_HEAD_BYTES);
    const tail = readRange(fd, size - PERSISTED_TAIL_BYTES, PERSISTED_TAIL_BYTES);
    const skipped = size - PERSISTED_HEAD_BYTES - PERSISTED_TAIL_BYTES;
    // Whole lines only on both sides of the gap.
    const headText = head.slice(0, head.lastIndexOf("\n") + 1);
    const tailText = tail.slice(tail.indexOf("\n") + 1);
    return { text: `${headText}... [${skipped} characters truncated] ...\n${tailText}`, cut: true };
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

function firstLine(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return null;
  }
  try {
    const text = readRange(fd, 0, 64 * 1024);
    const nl = text.indexOf("\n");
    return nl === -1 ? text : text.slice(0, nl);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Report files of this session started at or after `sinceMs`, with their start records. */
export function listReports(dir: string, sinceMs: number): ReportCandidate[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: ReportCandidate[] = [];
  for (const name of names) {
    const t = startTimeOfName(name);
    if (t === null || t < sinceMs) continue;
    const line = firstLine(join(dir, name));
    let start: StartRecord | null = null;
    try {
      const value = line ? (JSON.parse(line) as StartRecord) : null;
      if (value && value.k === "start" && Array.isArray(value.args)) start = value;
    } catch {}
    out.push({ name, start });
  }
  return out;
}

export function readReport(dir: string, name: string): string | null {
  const path = join(dir, name);
  try {
    if (statSync(path).size > REPORT_MAX_BYTES) return null;
    let fd: number | null = null;
    try {
      fd = openSync(path, "r");
      return readRange(fd, 0, statSync(path).size);
    } finally {
      if (fd !== null) closeSync(fd);
    }
  } catch {
    return null;
  }
}

/** Keep a session's report dir small: the newest REPORTS_KEEP files younger than a day. */
export function pruneReports(dir: string, nowMs: number): void {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => startTimeOfName(n) !== null);
  } catch {
    return;
  }
  names.sort((a, b) => (startTimeOfName(b) ?? 0) - (startTimeOfName(a) ?? 0));
  names.forEach((name, k) => {
    const t = startTimeOfName(name) ?? 0;
    if (k >= REPORTS_KEEP || nowMs - t > REPORT_MAX_AGE_MS) {
      try {
        rmSync(join(dir, name), { force: true });
      } catch {}
    }
  });
}

/**
 * Several handlers may fire for one tool call (one per pytest spelling in a compound line, or the plugin and
 * a project install side by side): the first to create the claim file for the tool_use_id reports, the
 * others stay silent. O_EXCL makes the claim atomic. Old claims are removed as new ones are made.
 */
export function claimToolUse(stateDir: string, toolUseId: string | undefined, nowMs: number): boolean {
  if (!toolUseId) return true;
  // Cannot claim (a read-only tree?): report rather than stay silent.
  return claimOnce(join(stateDir, "claims"), toolUseId, {
    nowMs,
    pruneAfterMs: 3_600_000,
    whenUnwritable: "claimed",
  });
}
