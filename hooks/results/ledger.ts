// The flaky ledger: one JSON line per classified pytest run, under the project's state dir. A test that
// failed and then passed on an unchanged working tree is evidence of flakiness (the report says so, and
// `run-tests-skill flaky` lists it so a maintainer can grow the profile's known_flaky list).
//
// Safe under concurrent hook runs: each entry is one write(2) on an O_APPEND descriptor and kept below
// PIPE_BUF (4096 bytes), so lines never interleave. Bounded: past LEDGER_MAX_BYTES the file is renamed to
// `<file>.1` (one generation kept) under a mkdir lock; readers read both.
import { closeSync, mkdirSync, openSync, readSync, renameSync, statSync, writeSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { join } from "node:path";
import { nodeIdWithin } from "../core/pytest/node-id.ts";
import { withLock } from "../core/state/lock.ts";
import type { RunFlags } from "./command.ts";
import { parseJsonLines } from "./jsonl.ts";
import type { Classification, RunClass } from "./types.ts";

export const LEDGER_FILE = "flaky-ledger.jsonl";
export const LEDGER_MAX_BYTES = 256 * 1024;
/** Below PIPE_BUF, so one O_APPEND write is atomic even on filesystems that only promise it for pipes. */
export const LINE_MAX_BYTES = 4000;
const READ_LIMIT_BYTES = 512 * 1024;

export interface LedgerEntry {
  v: 1;
  /** ISO time the hook classified the run. */
  t: string;
  /** The command, shortened. */
  cmd: string;
  /** Working-tree fingerprint (HEAD + changed files); null outside git: such runs never prove flakiness. */
  tree: string | null;
  class: RunClass;
  evidence: "complete" | "partial";
  /** Failing ids with their crash signature. */
  failed: Array<[string, string]>;
  /** Ids known to have passed in this run that failed in an earlier entry (only those are kept). */
  passed: string[];
  /** Failing ids left out to keep the line short. */
  more?: number;
  // What the run covered, for the stop gate (hooks/results/coverage.ts fills them; older lines lack them).
  /** ISO time the run started, when the call's duration is known. */
  start?: string;
  /** The run's selection, repo-relative ("." = discovery from the root; node ids keep `::`); absent when
   *  unknown. */
  scope?: string[];
  /** -k, -m, --deselect, --lf or --co narrowed the selection: its scope was only partly run. */
  narrowed?: true;
  /** The machine's load when the run was classified: 1-minute load average and core count. */
  load?: MachineLoad;
}

/** How busy the machine was: a timeout-shaped failure under a load above the core count proves little. */
export interface MachineLoad {
  /** 1-minute load average, two decimals. */
  avg1: number;
  cores: number;
}

/** Test-only: `<avg1>/<cores>` stands for the machine's load (a loaded CI box must not change a test). */
export const LOAD_ENV = "RUN_TESTS_SKILL_LOAD";

/** This machine's load now; null where the OS reports none (Windows gives 0s). */
export function machineLoad(env: NodeJS.ProcessEnv = process.env): MachineLoad | null {
  const forced = /^(\d+(?:\.\d+)?)\/(\d+)$/.exec(env[LOAD_ENV] ?? "");
  if (forced) return { avg1: Number(forced[1]), cores: Number(forced[2]) };
  const avg1 = loadavg()[0] ?? 0;
  const cores = typeof availableParallelism === "function" ? availableParallelism() : cpus().length;
  if (!(cores > 0) || (avg1 === 0 && process.platform === "win32")) return null;
  return { avg1: Math.round(avg1 * 100) / 100, cores };
}

/** Busier than it has cores: the run shared the CPU, and deadlines inside tests may expire for that alone. */
export function overloaded(load: MachineLoad | null | undefined): boolean {
  return !!load && load.avg1 > load.cores;
}

export interface FlakyEvidence {
  id: string;
  /** How many fail-then-pass pairs on an unchanged tree the ledger holds. */
  flips: number;
  failedAt: string;
  passedAt: string;
  /** The crash signature of the last failure. */
  signature: string;
}

// ---- pure ------------------------------------------------------------------------------------------

function isLedgerEntry(value: unknown): value is LedgerEntry {
  const e = value as Partial<LedgerEntry> | null;
  return (
    typeof e === "object" &&
    e !== null &&
    e.v === 1 &&
    typeof e.t === "string" &&
    Array.isArray(e.failed) &&
    Array.isArray(e.passed)
  );
}

/** Torn and foreign lines are skipped. */
export function parseLedger(text: string): LedgerEntry[] {
  return parseJsonLines(text, isLedgerEntry).sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
}

function targetCovers(target: string, id: string): boolean {
  const t = target.replace(/^\.\//, "").replace(/\/+$/, "");
  return nodeIdWithin(id, t);
}

/** Would a complete passing run with these flags have run `id`? Conservative: unknown means no. */
export function selectionCovers(
  flags: RunFlags | null,
  id: string,
  lastFailed: ReadonlySet<string>,
): boolean {
  if (!flags || flags.dynamic || flags.filtered || flags.collectOnly) return false;
  // Under --pyargs a target may name a module or package (pkg.sub), whose files this cannot tell.
  if (flags.pyargs && flags.targets.length > 0) return false;
  if (flags.lastFailed)
    return (
      lastFailed.has(id) && (flags.targets.length === 0 || flags.targets.some((t) => targetCovers(t, id)))
    );
  if (flags.targets.length === 0) return true;
  return flags.targets.some((t) => targetCovers(t, id));
}

export interface EntryInput {
  now: Date;
  command: string;
  tree: string | null;
  classification: Classification;
  /** Ids the output says passed (-v, -rA, the report). */
  passedIds: readonly string[];
  flags: RunFlags | null;
  history: readonly LedgerEntry[];
  /** The machine's load for this run (machineLoad()), recorded on the line. */
  load?: MachineLoad | null;
}

/** Ids that failed in some earlier entry. */
function everFailed(history: readonly LedgerEntry[]): Set<string> {
  const ids = new Set<string>();
  for (const e of history) for (const [id] of e.failed) ids.add(id);
  return ids;
}

export function buildEntry(input: EntryInput): LedgerEntry {
  const c = input.classification;
  const failed: Array<[string, string]> = c.tests
    .filter((t) => t.outcome === "failed" || t.outcome === "error")
    .map((t) => [t.id, t.signature]);
  const failedNow = new Set(failed.map(([id]) => id));
  const candidates = everFailed(input.history);
  const lastEntry = input.history[input.history.length - 1];
  const lastFailed = new Set((lastEntry?.failed ?? []).map(([id]) => id));
  const passedSet = new Set(input.passedIds);
  const cleanPass = c.class === "pass" && c.evidence === "complete";
  const passed = [...candidates].filter(
    (id) =>
      !failedNow.has(id) &&
      (passedSet.has(id) || (cleanPass && selectionCovers(input.flags, id, lastFailed))),
  );
  return {
    v: 1,
    t: input.now.toISOString(),
    cmd: input.command.length > 300 ? `${input.command.slice(0, 297)}...` : input.command,
    tree: input.tree,
    class: c.class,
    evidence: c.evidence,
    failed,
    passed,
    ...(input.load ? { load: input.load } : {}),
  };
}

/** One line, below LINE_MAX_BYTES: drop signatures first, then ids (counted in `more`). */
export function serializeEntry(entry: LedgerEntry): string {
  const fits = (e: LedgerEntry) => Buffer.byteLength(`${JSON.stringify(e)}\n`) <= LINE_MAX_BYTES;
  let e: LedgerEntry = { ...entry, cmd: entry.cmd.slice(0, 300) };
  if (!fits(e)) e = { ...e, failed: e.failed.map(([id, sig]) => [id, sig.slice(0, 60)]) };
  if (!fits(e)) e = { ...e, failed: e.failed.map(([id]) => [id, ""]) };
  if (!fits(e)) {
    // Keep as many ids as fit (binary search: thousands of failures must not cost thousands of tries).
    const full = e;
    const withFailed = (n: number, passed: string[]): LedgerEntry => {
      const more = (full.more ?? 0) + full.failed.length - n;
      const { more: _drop, ...rest } = full;
      return { ...rest, failed: full.failed.slice(0, n), passed, ...(more > 0 ? { more } : {}) };
    };
    const largest = (ok: (n: number) => boolean, max: number) => {
      let lo = 0;
      let hi = max;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (ok(mid)) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    const passedKept = largest((n) => fits(withFailed(0, full.passed.slice(0, n))), full.passed.length);
    const passed = full.passed.slice(0, passedKept);
    const failedKept = largest((n) => fits(withFailed(n, passed)), full.failed.length);
    e = withFailed(failedKept, passed);
    // Give ids back to `failed` when passed ids took the room (failures matter more).
    if (failedKept < full.failed.length && passed.length > 0) {
      const fewerPassed = passed.slice(0, Math.floor(passed.length / 2));
      e = withFailed(
        largest((n) => fits(withFailed(n, fewerPassed)), full.failed.length),
        fewerPassed,
      );
    }
  }
  return `${JSON.stringify(e)}\n`;
}

/** The ledger read in order: failures still waiting for a pass, and the flips found so far. */
interface FlakyScan {
  open: Map<string, { tree: string; t: string; signature: string }>;
  found: Map<string, FlakyEvidence>;
}

/** Feed one entry to the scan; returns the flips this entry completes. */
function scanEntry(scan: FlakyScan, e: LedgerEntry): FlakyEvidence[] {
  const flips: FlakyEvidence[] = [];
  if (!e.tree) return flips;
  for (const id of e.passed) {
    const failure = scan.open.get(id);
    if (failure && failure.tree === e.tree) {
      const evidence: FlakyEvidence = {
        id,
        flips: (scan.found.get(id)?.flips ?? 0) + 1,
        failedAt: failure.t,
        passedAt: e.t,
        signature: failure.signature,
      };
      scan.found.set(id, evidence);
      scan.open.delete(id);
      flips.push(evidence);
    }
  }
  for (const [id, signature] of e.failed) scan.open.set(id, { tree: e.tree, t: e.t, signature });
  return flips;
}

function scanLedger(entries: readonly LedgerEntry[]): FlakyScan {
  const scan: FlakyScan = { open: new Map(), found: new Map() };
  for (const e of entries) scanEntry(scan, e);
  return scan;
}

function newestFirst(evidence: Iterable<FlakyEvidence>): FlakyEvidence[] {
  return [...evidence].sort((a, b) => (a.passedAt < b.passedAt ? 1 : -1));
}

/** Fail-then-pass pairs on an unchanged tree, per test id. */
export function flakyEvidence(entries: readonly LedgerEntry[]): FlakyEvidence[] {
  return newestFirst(scanLedger(entries).found.values());
}

/** One pass over the history for a new run: the evidence before it (`before`, as flakyEvidence(history)),
 *  and the flips the new entry completes (`recovered`: tests that failed earlier on this same tree and
 *  passed now). */
export function flakyEvidenceWith(
  history: readonly LedgerEntry[],
  entry: LedgerEntry,
): { before: FlakyEvidence[]; recovered: FlakyEvidence[] } {
  const scan = scanLedger(history);
  const before = newestFirst(scan.found.values());
  return { before, recovered: scanEntry(scan, entry) };
}

export interface RepeatedFailure {
  id: string;
  /** When it failed the same way before, on this same working tree. */
  earlierAt: string;
  /** The machine's load at that earlier failure, when recorded. */
  earlierLoad?: MachineLoad;
}

/** Numbers, addresses and timings differ between two runs of the same failure. */
export function sameFailureKey(signature: string): string {
  return signature
    .replace(/0x[0-9a-fA-F]+/g, "0x#")
    .replace(/\d+(?:\.\d+)?/g, "#")
    .replace(/\s+/g, " ")
    .trim();
}

/** Tests of this run that already failed with the same crash line on the same working tree (an unchanged
 *  tree: same HEAD, same changes): twice the same way is a reproducible failure, not a flake. Outside git
 *  (tree null) nothing is provable. */
export function repeatedFailures(history: readonly LedgerEntry[], entry: LedgerEntry): RepeatedFailure[] {
  if (!entry.tree) return [];
  const now = new Map(entry.failed.map(([id, sig]) => [id, sameFailureKey(sig)]));
  const found = new Map<string, RepeatedFailure>();
  for (let k = history.length - 1; k >= 0 && found.size < now.size; k--) {
    const e = history[k] as LedgerEntry;
    if (e.tree !== entry.tree) continue;
    for (const [id, sig] of e.failed) {
      const key = now.get(id);
      if (key !== undefined && !found.has(id) && sig !== "" && sameFailureKey(sig) === key)
        found.set(id, { id, earlierAt: e.t, ...(e.load ? { earlierLoad: e.load } : {}) });
    }
    // A pass of the test on this tree in between breaks the chain: that is flaky evidence instead.
    for (const id of e.passed) if (!found.has(id)) now.delete(id);
  }
  return [...found.values()];
}

export interface TimeoutRepeat {
  id: string;
  /** Runs in which it failed timeout-shaped. */
  runs: number;
  /** Distinct working trees among those runs. */
  trees: number;
  /** Runs in which it passed after failing (the ledger keeps those passes only). */
  passes: number;
  firstAt: string;
  lastAt: string;
  signature: string;
}

/** Tests that failed timeout-shaped again and again: in two or more runs, and either on different working
 *  trees or with a pass in between. Two identical failures on one tree with no pass are a reproducible
 *  failure, not evidence of flakiness. `isTimeout` judges a recorded signature line. */
export function timeoutRepeats(
  entries: readonly LedgerEntry[],
  isTimeout: (signature: string) => boolean,
): TimeoutRepeat[] {
  const seen = new Map<string, TimeoutRepeat & { treeSet: Set<string> }>();
  const passes = new Map<string, number>();
  for (const e of entries) {
    for (const id of e.passed) passes.set(id, (passes.get(id) ?? 0) + 1);
    for (const [id, signature] of e.failed) {
      if (signature === "" || !isTimeout(signature)) continue;
      const prev = seen.get(id);
      const treeSet = prev?.treeSet ?? new Set<string>();
      treeSet.add(e.tree ?? `(no git ${e.t})`);
      seen.set(id, {
        id,
        runs: (prev?.runs ?? 0) + 1,
        trees: treeSet.size,
        passes: 0,
        firstAt: prev?.firstAt ?? e.t,
        lastAt: e.t,
        signature,
        treeSet,
      });
    }
  }
  return [...seen.values()]
    .map(({ treeSet: _t, ...r }) => ({ ...r, passes: passes.get(r.id) ?? 0 }))
    .filter((r) => r.runs >= 2 && (r.trees >= 2 || r.passes > 0))
    .sort((a, b) => b.runs - a.runs || (a.id < b.id ? -1 : 1));
}

/** "2026-11-25 10:04 UTC": short, unambiguous. */
export function formatTime(iso: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

// ---- files -----------------------------------------------------------------------------------------

function readTail(path: string, limit: number): string {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return "";
  }
  try {
    const size = statSync(path).size;
    const start = Math.max(0, size - limit);
    const buffer = Buffer.alloc(size - start);
    readSync(fd, buffer, 0, buffer.length, start);
    const text = buffer.toString("utf8");
    // A partial first line (we started mid-file) is dropped by parseLedger (it does not start with "{").
    return start > 0 ? text.slice(text.indexOf("\n") + 1) : text;
  } finally {
    closeSync(fd);
  }
}

export function readLedger(stateDir: string): LedgerEntry[] {
  const file = join(stateDir, LEDGER_FILE);
  return parseLedger(`${readTail(`${file}.1`, READ_LIMIT_BYTES)}\n${readTail(file, READ_LIMIT_BYTES)}`);
}

export function appendLedger(stateDir: string, entry: LedgerEntry, maxBytes = LEDGER_MAX_BYTES): void {
  mkdirSync(stateDir, { recursive: true });
  const file = join(stateDir, LEDGER_FILE);
  rotateIfLarge(file, maxBytes);
  const line = Buffer.from(serializeEntry(entry));
  const fd = openSync(file, "a");
  try {
    writeSync(fd, line, 0, line.length);
  } finally {
    closeSync(fd);
  }
}

function rotateIfLarge(file: string, maxBytes: number): void {
  let size = 0;
  try {
    size = statSync(file).size;
  } catch {
    return;
  }
  if (size < maxBytes) return;
  // Another hook rotating now: skip, the next write rotates. A lock older than 10 s is left from a crash.
  withLock(`${file}.lock`, { staleMs: 10_000, unlocked: "skip" }, () => {
    try {
      // Re-check under the lock: someone may have rotated between our stat and taking it.
      if (statSync(file).size >= maxBytes) renameSync(file, `${file}.1`);
    } catch {
      // nothing to rotate
    }
  });
}
