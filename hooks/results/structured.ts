// The structured channel: records written by reporter/run_tests_skill_reporter.py, one JSON object per
// line, flushed as pytest goes (pytest-output.md §14). A run that was killed leaves a file without a
// `finish` record; the last `begin` without a teardown names the test that hung.
// Pure: the entry lists and reads the files; this module picks the right one and parses it.
import type { Arg } from "./command.ts";
import { parseJsonLines } from "./jsonl.ts";
import { emptyRun } from "./parse-text.ts";
import { crashFromSummaryMessage, parseExceptionLine } from "./signature.ts";
import type { Counts, Crash, ParsedRun, Phase, TestRecord } from "./types.ts";
import { zeroCounts } from "./types.ts";

export const REPORTER_MODULE = "run_tests_skill_reporter";
export const REPORT_DIR_ENV = "RUN_TESTS_SKILL_REPORT_DIR";

export interface StartRecord {
  k: "start";
  v: number;
  t: number;
  pid: number;
  args: string[];
  dir: string;
  pytest?: string;
  python?: string;
  xdist?: boolean;
}

type Rec = { k: string; [key: string]: unknown };

/** `<start ms>-<pid>.jsonl` */
export function startTimeOfName(name: string): number | null {
  const m = /^(\d{10,})-\d+\.jsonl$/.exec(name);
  return m ? Number(m[1]) : null;
}

function isRecord(value: unknown): value is Rec {
  return typeof value === "object" && value !== null && typeof (value as { k?: unknown }).k === "string";
}

/** The last line of a killed run may be torn: it is skipped. */
export function parseRecords(text: string): Rec[] {
  return parseJsonLines(text, isRecord);
}

/** Does a report's argv match the command's pytest arguments? Unknown words (expansions, globs) match any
 *  run of arguments, including none. */
export function argsMatch(command: readonly Arg[], report: readonly string[]): boolean {
  const n = command.length;
  const m = report.length;
  // reach[j]: command[0..i) can produce report[0..j)
  let reach = new Array<boolean>(m + 1).fill(false);
  reach[0] = true;
  for (let i = 0; i < n; i++) {
    const word = command[i];
    const next = new Array<boolean>(m + 1).fill(false);
    for (let j = 0; j <= m; j++) {
      if (!reach[j]) continue;
      if (word === null || word === undefined) {
        for (let k = j; k <= m; k++) next[k] = true;
      } else if (j < m && report[j] === word) next[j + 1] = true;
    }
    reach = next;
  }
  return reach[m] === true;
}

export interface ReportCandidate {
  name: string;
  /** First record of the file, or null when unreadable. */
  start: StartRecord | null;
}

export interface SelectInput {
  args: readonly Arg[];
  nowMs: number;
  /** The Bash call's duration; null when the hook input had none. */
  durationMs: number | null;
  /** Allowance for clocks and process start-up on the early side of the window. */
  slackMs?: number;
}

/** The report of this command: started inside [now - duration - slack, now] with the same argv; the latest
 *  such file wins. Null means "use the text". */
export function selectReport(
  candidates: readonly ReportCandidate[],
  input: SelectInput,
): ReportCandidate | null {
  const slack = input.slackMs ?? 3000;
  const earliest =
    input.durationMs === null ? input.nowMs - 15 * 60_000 : input.nowMs - input.durationMs - slack;
  const fitting = candidates.filter((c) => {
    const t = c.start?.t ?? startTimeOfName(c.name);
    return (
      c.start !== null &&
      t !== null &&
      t >= earliest &&
      t <= input.nowMs + 1000 &&
      argsMatch(input.args, c.start.args)
    );
  });
  fitting.sort((a, b) => (b.start?.t ?? 0) - (a.start?.t ?? 0));
  return fitting[0] ?? null;
}

function crashOf(rec: Rec): Crash | undefined {
  const message = typeof rec.crash === "string" ? rec.crash : null;
  const type = typeof rec.type === "string" ? rec.type : null;
  const leaves = Array.isArray(rec.leaves)
    ? (rec.leaves as unknown[])
        .filter((l): l is string => typeof l === "string")
        .map((l) => parseExceptionLine(l) ?? { type: null, message: l })
    : undefined;
  if (message === null && type === null) return undefined;
  let crash: Crash;
  if (message !== null) {
    crash = crashFromSummaryMessage(message);
    // The reporter's message is exconly(): "pkg.Type: msg" or, for rewritten asserts, "assert ...".
    if (type && (crash.type === null || crash.type === "AssertionError")) crash.type = type;
    if (type && crash.type && type.endsWith(`.${crash.type}`)) crash.type = type;
  } else crash = { type, message: "" };
  if (leaves && leaves.length > 0) crash.leaves = leaves;
  delete crash.incomplete;
  if (message?.endsWith("...")) crash.incomplete = true;
  return crash;
}

/** Records of one pytest process -> ParsedRun. */
export function parseReport(records: readonly Rec[]): ParsedRun {
  const run = emptyRun("report");
  const start = records.find((r) => r.k === "start") as unknown as StartRecord | undefined;
  run.collectOnly = !!start?.args.some(
    (a) => a === "--co" || a === "--collect-only" || a === "--collectonly",
  );
  const tests = new Map<string, TestRecord & { done: boolean; xfail?: boolean; callOutcome?: string }>();
  const counts: Counts = zeroCounts();
  let finish: Rec | null = null;
  const order: string[] = [];
  let rerunTotal = 0;

  const get = (id: string) => {
    let t = tests.get(id);
    if (!t) {
      t = { id, outcome: "running", done: false, phases: [] };
      tests.set(id, t);
      order.push(id);
    }
    return t;
  };

  for (const rec of records) {
    switch (rec.k) {
      case "start":
        run.sessionStarted = true;
        break;
      case "collected":
        run.collected = typeof rec.n === "number" ? rec.n : null;
        break;
      case "collect":
        run.collectionErrors.push({ path: String(rec.id), crash: crashOf(rec) ?? null });
        counts.errors++;
        break;
      case "begin":
        get(String(rec.id));
        break;
      case "phase": {
        const t = get(String(rec.id));
        const when = String(rec.when);
        const outcome = String(rec.outcome);
        const phase: Phase = when === "setup" || when === "call" || when === "teardown" ? when : "unknown";
        if (outcome === "rerun") {
          // pytest-rerunfailures: this attempt failed and the test runs again.
          t.outcome = "running";
          t.phases = [];
          t.reruns = (t.reruns ?? 0) + 1;
          rerunTotal++;
          break;
        }
        if (outcome === "failed") {
          const crash = crashOf(rec);
          const isError = phase === "setup" || phase === "teardown";
          t.phases = [...(t.phases ?? []), phase];
          if (isError) {
            counts.errors++;
            t.outcome = "error";
            t.phase = phase;
            t.crash = crash ?? t.crash;
          } else {
            counts.failed++;
            if (t.outcome !== "error") {
              t.outcome = "failed";
              t.phase = phase === "unknown" ? "call" : phase;
              t.crash = crash;
            }
            if (rec.crashed_worker === true) t.workerCrashed = true;
          }
        } else if (outcome === "skipped" && (phase === "setup" || phase === "call")) {
          if (rec.xfail === true) {
            counts.xfailed++;
            t.outcome = "xfailed";
          } else {
            counts.skipped++;
            t.outcome = "skipped";
          }
        } else if (outcome === "passed" && phase === "call") {
          if (rec.xfail === true) {
            counts.xpassed++;
            if (t.outcome === "running") t.outcome = "xpassed";
          } else {
            counts.passed++;
            if (t.outcome === "running") t.outcome = "passed";
          }
        }
        if (phase === "teardown" || phase === "unknown") t.done = true;
        break;
      }
      case "interrupt": {
        const what = String(rec.crash ?? "");
        if (/^Interrupted: \d+ errors? during collection/.test(what))
          run.notes.push("pytest stopped after collection errors; no test ran");
        else run.keyboardInterrupt = true;
        break;
      }
      case "finish":
        finish = rec;
        break;
    }
  }

  // A test that began and never reached teardown was running when the run stopped (killed, Ctrl-C).
  const stoppedHard = !finish || run.keyboardInterrupt;
  for (const id of order) {
    const t = tests.get(id);
    if (!t) continue;
    if (!t.done && t.outcome !== "failed" && t.outcome !== "error") {
      if (stoppedHard) {
        t.outcome = "running";
        run.runningTest = id;
      }
      continue;
    }
    if (t.outcome === "passed" || t.outcome === "xpassed") run.passedIds.push(id);
    // Failed, rerun, passed: a fail-then-pass within this run.
    if (t.reruns && (t.outcome === "passed" || t.outcome === "xpassed"))
      run.rerunPassed.push({ id, reruns: t.reruns });
  }
  if (rerunTotal > 0) run.rerunTotal = rerunTotal;
  run.tests = [...tests.values()]
    .filter(
      (t) => t.outcome === "failed" || t.outcome === "error" || (stoppedHard && t.outcome === "running"),
    )
    .map(({ done: _d, xfail: _x, callOutcome: _c, ...t }) => t);
  if (finish) {
    run.stats = counts;
    run.exitStatus = typeof finish.exit === "number" ? finish.exit : null;
    run.stoppedEarly = typeof finish.stop === "string" && /stopping after/.test(finish.stop);
    const ran = counts.passed + counts.failed + counts.skipped + counts.xfailed + counts.xpassed;
    run.nothingRan = !run.collectOnly && ran === 0 && counts.errors === 0;
  }
  return run;
}
