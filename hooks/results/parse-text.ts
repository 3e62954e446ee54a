// pytest's terminal text -> ParsedRun (pytest-output.md §3-§12). The fallback that must always work:
// any verbosity (-q, -qq, -v), any --tb style, -r choices, --co, xdist, interrupted and killed runs,
// pre-session errors (conftest, plugin, usage, INTERNALERROR). Counts come from the stats line (found by
// scanning from the end); per-test facts from the short summary and the FAILURES/ERRORS sections.
// Linear in the size of the text: one backward scan for the stats line, one forward pass.

import { joinNodeId, testNameOf } from "../core/pytest/node-id.ts";
import { isOwnFrame, relativeToRoot } from "./evidence.ts";
import { crashFromSection, parseExceptionLine } from "./signature.ts";
import { buildTests, type Item, type SummaryEntry } from "./test-records.ts";
import type { Counts, Crash, FatalError, ParsedRun, PreSessionError } from "./types.ts";
import { zeroCounts } from "./types.ts";

export { headerTitle } from "./test-records.ts";

const STATS =
  /^=*\s*((?:\d+ [a-z][a-z ]*?)(?:, \d+ [a-z][a-z ]*?)*|no tests ran|no tests collected) in \d+(?:\.\d+)?(?:s| seconds)(?: \(\d+:\d\d:\d\d\))?\s*=*$/;
const SECTION = /^=+ (.+?) =+$/;
const ITEM = /^_{2,} (.+?) _{2,}$|^_ (.+) _$/;
const BANNER = /^!{3,} (.+?) !{3,}$/;
const SUMMARY = /^(FAILED|ERROR|XFAIL|XPASS|PASSED|SKIPPED|RERUN) (.+)$/;
/** pytest 9: a failed subtest, `SUBFAILED(i=1) <id> - msg` or `SUBFAILED[msg] (i=2) <id> - msg`. */
const SUBFAILED = /^SUBFAILED((?:\[[^\]]*\])?(?: ?\([^)]*\))?) (\S.*)$/;
/** Doctest failures are titled `[doctest] pkg.mod.func`; the summary's id ends in `::pkg.mod.func`. */
const DOCTEST_TITLE = /^\[doctest\] /;
/** `python -m pytest` with no pytest installed: one line, no traceback. */
const NO_PYTEST = /^\S*python[\d.]*: No module named pytest$/;
const EXTRA_SECTIONS_MAX = 12;
const EXTRA_SECTION_LINES = 120;
const VERBOSE = /^(\S.*?::\S.*?) (PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS|RERUN)(?: |$)/;
const XDIST_VERBOSE = /^\[gw\d+\] \[\s*\d+%\] (PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS|RERUN) (\S.*?)\s*$/;
/** pytest-rerunfailures' `-rR` section: one `RERUN <id>` line per rerun. */
const RERUN_SECTION = "rerun test summary info";
const ROOTDIR = /^rootdir: (\/.*?)(?:, \w+: .*)?$/;
/** faulthandler's dump when the interpreter dies: `Fatal Python error: Segmentation fault`, then each
 *  thread's stack, most recent call first; the crashing one is `Current thread 0x... (most recent call first):`. */
const FATAL = /Fatal Python error: (.+?)\s*$/;
const CURRENT_THREAD = /^Current thread (?:0x[0-9a-f]+ )?.*\(most recent call first\):$/;
const FAULT_FRAME = /^\s+File "(.+?)", line (\d+) in (\S+)/;
const STARTED = /^(\S+\.py::\S[^ ]*) ?$/;
const PROGRESS_FILE = /^\S+\.py [.FEsxXR]+(?:\s+\[\s*\d+%\])?\s*$/;
const PROGRESS_BARE = /^[.FEsxXR]+(?:\s+\[\s*\d+%\])?\s*$/;
const COLLECTED = /^(?:collecting \.\.\. )?collected (\d+) items?/;
const XDIST_COLLECTED = /^(\d+) workers? \[(\d+) items?\]/;
const CONFTEST = /^ImportError while loading conftest '(.+)'\.$/;
const PLUGIN = /^ImportError: Error importing plugin "(.+?)": (.*)$/;
const USAGE = /^ERROR: usage: /;
// `pytest: error:`, `__main__.py: error:`, and `python -m pytest: error:` (pytest 9.1 under `python -m`: a space).
const USAGE_DETAIL = /^(?:\S+|\S*python[\d.]* -m pytest): error: (.+)$/;
const ERROR_COLON = /^ERROR: (.+)$/;
const INTERNAL = /^INTERNALERROR> ?(.*)$/;
// pytest-timeout prints its banner right after the progress dots, on the same line.
const TIMEOUT_DUMP = /\+{5,} Timeout \+{5,}$|^Timeout \(\d+:\d\d:\d\d\)!$/;
const DUMP_FRAME = /^\s*File "(.+?)", line (\d+), in (test\w*)/;
const KI_LOCATION = /^(\S+):(\d+): KeyboardInterrupt$/;
/** The last line of an uncaught Python traceback: a Ctrl-C that lands while pytest is finishing escapes its
 *  handler, after a normal-looking stats line (seen with `timeout -s INT` on a loaded machine). */
const UNCAUGHT_KI = /^KeyboardInterrupt(: .*)?$/;

type Section = "none" | "failures" | "errors" | "summary" | "reruns" | "other";

export function emptyRun(source: ParsedRun["source"]): ParsedRun {
  return {
    source,
    stats: null,
    nothingRan: false,
    collectOnly: false,
    sessionStarted: false,
    keyboardInterrupt: false,
    stoppedEarly: false,
    collected: null,
    tests: [],
    collectionErrors: [],
    preSession: null,
    timeoutDump: false,
    runningTest: null,
    passedIds: [],
    notes: [],
    exitStatus: null,
    collectionStopped: false,
    extraSections: [],
    rerunTotal: null,
    rerunPassed: [],
    fatal: null,
    rootdir: null,
  };
}

/** Find the stats line scanning from the end (never the first match: a traceback may echo one). */
export function findStatsLine(lines: readonly string[]): {
  index: number;
  counts: Counts;
  nothingRan: boolean;
  collectOnly: boolean;
  collected: number | null;
  /** pytest-rerunfailures' `N rerun`. */
  reruns: number | null;
} | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as string;
    if (line.length > 300 || !line.includes(" in ")) continue;
    const m = STATS.exec(line.trim());
    if (!m) continue;
    const body = m[1] as string;
    const counts = zeroCounts();
    let collected: number | null = null;
    let collectOnly = false;
    let reruns: number | null = null;
    let ran = 0;
    if (body !== "no tests ran" && body !== "no tests collected") {
      for (const part of body.split(", ")) {
        const pm = /^(\d+) (.+)$/.exec(part.trim());
        if (!pm) continue;
        const n = Number(pm[1]);
        const word = (pm[2] as string).trim();
        if (word === "failed") counts.failed = n;
        else if (word === "passed") counts.passed = n;
        else if (word === "skipped") counts.skipped = n;
        else if (word === "xfailed") counts.xfailed = n;
        else if (word === "xpassed") counts.xpassed = n;
        else if (word === "error" || word === "errors") counts.errors = n;
        else if (word === "rerun" || word === "reruns") reruns = n;
        else if (/^tests? collected$/.test(word)) {
          collected = n;
          collectOnly = true;
        }
        if (["failed", "passed", "skipped", "xfailed", "xpassed"].includes(word)) ran += n;
      }
    } else if (body === "no tests collected") collectOnly = true;
    const nothingRan = !collectOnly && ran === 0 && counts.errors === 0;
    return { index: i, counts, nothingRan, collectOnly, collected, reruns };
  }
  return null;
}

/** Split `<nodeid> - <message>`; a node id's [params] may hold spaces and dashes, and unbalanced brackets
 *  (`test_x[a[b]`): when the brackets never balance, the id ends at the first `] - ` (or is the whole rest). */
export function splitSummaryRest(rest: string): { id: string; message: string | null } {
  let end = 0;
  let depth = 0;
  for (; end < rest.length; end++) {
    const ch = rest[end];
    if (ch === "[") depth++;
    else if (ch === "]") depth = Math.max(0, depth - 1);
    else if (ch === " " && depth === 0) break;
  }
  if (depth > 0) {
    const cut = rest.indexOf("] - ");
    if (cut !== -1) return { id: rest.slice(0, cut + 1), message: rest.slice(cut + 4) };
    return { id: rest.trimEnd(), message: null };
  }
  const id = rest.slice(0, end);
  const tail = rest.slice(end);
  if (tail.startsWith(" - ")) return { id, message: tail.slice(3) };
  const trimmed = tail.trim();
  return { id, message: trimmed === "" ? null : trimmed };
}

/** Lines following a pre-session error header, up to the first blank line. */
function blockAfter(lines: readonly string[], from: number, limit = 200): string[] {
  const out: string[] = [];
  for (let i = from; i < lines.length && out.length < limit; i++) {
    const line = lines[i] as string;
    if (line.trim() === "" && out.length > 0) break;
    out.push(line);
  }
  return out;
}

export interface ParseOptions {
  /** The project's root (the hook's cwd) when pytest's header, which names its rootdir, is not shown. */
  projectRoot?: string | null;
}

export function parseText(text: string, options: ParseOptions = {}): ParsedRun {
  const run = emptyRun("text");
  const lines = text.split("\n");
  const stats = findStatsLine(lines);
  if (stats) {
    run.rerunTotal = stats.reruns;
    run.stats = stats.counts;
    run.nothingRan = stats.nothingRan;
    run.collectOnly = stats.collectOnly;
    if (stats.collected !== null) run.collected = stats.collected;
  }

  let section: Section = "none";
  let summarySeen = false;
  const items: Item[] = [];
  let current: Item | null = null;
  const failuresLoose: string[] = []; // FAILURES body before any item header (--tb=line)
  const summary: SummaryEntry[] = [];
  const looseSummary: SummaryEntry[] = [];
  const verbose = new Map<string, string>();
  const started: string[] = [];
  let preSession: PreSessionError | null = null;
  const internal: string[] = [];
  let kiLocation: string | null = null;
  let dumpFrame: string | null = null;
  let collectionInterrupted = false;
  let extra: { title: string; lines: string[] } | null = null;
  let pytestExit: string | null = null;
  let workerDown = false;
  const reruns = new Map<string, number>();
  const rerunSummary = new Map<string, number>();
  let fatalAt = -1;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (stats && i === stats.index) {
      // After the verdict only usage errors (`ERROR: file or directory not found`) or other commands' output.
      section = "none";
      current = null;
      continue;
    }
    const sec = line.startsWith("=") ? SECTION.exec(line) : null;
    if (sec) {
      const name = (sec[1] as string).trim();
      current = null;
      if (name === "test session starts") {
        run.sessionStarted = true;
        section = "none";
      } else if (name === "FAILURES") section = "failures";
      else if (name === "ERRORS") section = "errors";
      else if (name === RERUN_SECTION) section = "reruns";
      else if (name === "short test summary info") {
        section = "summary";
        summarySeen = true;
      } else {
        section = "other";
        if (run.extraSections.length < EXTRA_SECTIONS_MAX) {
          extra = { title: name, lines: [] };
          run.extraSections.push(extra);
        } else extra = null;
      }
      continue;
    }
    const bang = line.startsWith("!") ? BANNER.exec(line) : null;
    if (bang) {
      const what = (bang[1] as string).trim();
      if (what === "KeyboardInterrupt") run.keyboardInterrupt = true;
      else if (/stopping after \d+ failures?$/.test(what)) run.stoppedEarly = true;
      else if (/^Interrupted: \d+ errors? during collection$/.test(what)) collectionInterrupted = true;
      else if (/Exit\b/.test(what)) pytestExit = what;
      else if (/^Interrupted:/.test(what)) pytestExit = what;
      current = null;
      continue;
    }
    if (line.startsWith("INTERNALERROR>")) {
      internal.push((INTERNAL.exec(line)?.[1] ?? "") as string);
      continue;
    }
    if (section === "failures" || section === "errors") {
      const item = line.startsWith("_") ? ITEM.exec(line) : null;
      if (item) {
        const title = (item[1] ?? item[2] ?? "").trim().replace(DOCTEST_TITLE, "");
        current = { title, lines: [], section };
        items.push(current);
        continue;
      }
      if (current) current.lines.push(line);
      else if (section === "failures") failuresLoose.push(line);
      continue;
    }
    if (section === "summary") {
      const m = SUMMARY.exec(line);
      if (m) summary.push({ kind: m[1] as string, ...splitSummaryRest(m[2] as string) });
      else {
        const sub = line.startsWith("SUBFAILED") ? SUBFAILED.exec(line) : null;
        if (sub)
          summary.push({
            kind: "SUBFAILED",
            sub: (sub[1] as string).trim(),
            ...splitSummaryRest(sub[2] as string),
          });
      }
      continue;
    }
    if (section === "reruns") {
      if (line.startsWith("RERUN ")) {
        const id = splitSummaryRest(line.slice("RERUN ".length)).id;
        rerunSummary.set(id, (rerunSummary.get(id) ?? 0) + 1);
      }
      continue;
    }
    if (section === "other" && extra && extra.lines.length < EXTRA_SECTION_LINES) extra.lines.push(line);
    // Outside sections: session markers, progress, pre-session errors.
    if (section === "none" || section === "other") {
      // Both shapes hold the word: the plain search spares the pattern on every progress line.
      if (line.includes("Timeout") && TIMEOUT_DUMP.test(line)) {
        run.timeoutDump = true;
        continue;
      }
      // The progress dots may share the line (`.Fatal Python error: ...`).
      if (fatalAt === -1 && line.includes("Fatal Python error: ")) fatalAt = i;
      if (run.timeoutDump) {
        const frame = DUMP_FRAME.exec(line);
        if (frame) dumpFrame = `${frame[3]} (${frame[1]}:${frame[2]})`;
      }
      if (UNCAUGHT_KI.test(line)) run.keyboardInterrupt = true;
      if (run.keyboardInterrupt && !kiLocation) {
        const ki = KI_LOCATION.exec(line);
        if (ki) kiLocation = `${ki[1]}:${ki[2]}`;
      }
    }
    if (section !== "none") continue;
    if (!summarySeen && /^(FAILED|ERROR) \S/.test(line)) {
      const m = SUMMARY.exec(line);
      if (m) looseSummary.push({ kind: m[1] as string, ...splitSummaryRest(m[2] as string) });
    }
    const xv = line.startsWith("[gw") ? XDIST_VERBOSE.exec(line) : null;
    if (xv) {
      run.sessionStarted = true;
      if (xv[1] === "RERUN") reruns.set(xv[2] as string, (reruns.get(xv[2] as string) ?? 0) + 1);
      else verbose.set(xv[2] as string, xv[1] as string);
      continue;
    }
    const v = line.includes("::") ? VERBOSE.exec(line) : null;
    if (v) {
      run.sessionStarted = true;
      if (v[2] === "RERUN") reruns.set(v[1] as string, (reruns.get(v[1] as string) ?? 0) + 1);
      else verbose.set(v[1] as string, v[2] as string);
      continue;
    }
    const s = line.includes("::") ? STARTED.exec(line) : null;
    if (s) {
      run.sessionStarted = true;
      started.push(s[1] as string);
      continue;
    }
    const c = COLLECTED.exec(line);
    if (c) {
      run.sessionStarted = true;
      run.collected = Number(c[1]);
      continue;
    }
    const xc = XDIST_COLLECTED.exec(line);
    if (xc) {
      run.sessionStarted = true;
      run.collected = Number(xc[2]);
      continue;
    }
    if (PROGRESS_FILE.test(line) || (PROGRESS_BARE.test(line) && line.trim() !== "")) {
      run.sessionStarted = true;
      continue;
    }
    if (line.startsWith("rootdir: ") && !run.rootdir) run.rootdir = ROOTDIR.exec(line)?.[1] ?? null;
    if (
      /^bringing up nodes\.\.\.|^created: \d+\/\d+ workers?|^rootdir: |^platform \S+ -- Python /.test(line)
    ) {
      run.sessionStarted = true;
      continue;
    }
    if (/^\[gw\d+\] node down:|^replacing crashed worker /.test(line)) {
      workerDown = true;
      continue;
    }
    if (!preSession) {
      const conftest = CONFTEST.exec(line);
      if (conftest) {
        const body = blockAfter(lines, i + 1);
        preSession = { kind: "conftest", subject: conftest[1] as string, crash: crashFromSection(body) };
        continue;
      }
      const plugin = PLUGIN.exec(line);
      if (plugin) {
        preSession = {
          kind: "plugin",
          subject: plugin[1] as string,
          crash: { type: "ImportError", message: `Error importing plugin "${plugin[1]}": ${plugin[2]}` },
        };
        continue;
      }
      if (USAGE.test(line)) {
        const detail = lines
          .slice(i + 1, i + 4)
          .map((l) => USAGE_DETAIL.exec(l)?.[1])
          .find(Boolean);
        preSession = {
          kind: "usage",
          subject: detail ?? line.slice("ERROR: ".length),
          crash: { type: "UsageError", message: detail ?? line.slice("ERROR: ".length) },
        };
        continue;
      }
      const err = ERROR_COLON.exec(line);
      if (err && (!stats || stats.nothingRan)) {
        const detail = (err[1] as string).trim();
        preSession = { kind: "usage", subject: detail, crash: { type: "UsageError", message: detail } };
      }
    }
  }

  if (!preSession && internal.length > 0) {
    let crash: Crash | null = null;
    for (let k = internal.length - 1; k >= 0 && !crash; k--) {
      const parsed = parseExceptionLine(internal[k] as string);
      if (parsed?.type) crash = parsed;
    }
    preSession = { kind: "internal", subject: "INTERNALERROR", crash };
  }
  if (pytestExit) run.notes.push(`pytest stopped the session: ${pytestExit}`);
  if (pytestExit && !/^Interrupted: \d+ errors? during collection/.test(pytestExit))
    run.keyboardInterrupt = true;
  if (collectionInterrupted) {
    run.collectionStopped = true;
    run.notes.push("pytest stopped after collection errors; no test ran");
  }
  if (!preSession && !run.sessionStarted && !run.stats && !run.keyboardInterrupt)
    preSession = startupFailure(lines);
  run.preSession = preSession;
  if (workerDown) run.notes.push("an xdist worker crashed (node down)");

  const root = run.rootdir ?? options.projectRoot ?? null;
  if (fatalAt !== -1) run.fatal = fatalDump(lines, fatalAt, root);
  const entries = summary.length > 0 ? summary : looseSummary;
  if (summary.length === 0 && looseSummary.length > 0)
    run.notes.push("no short test summary section; FAILED/ERROR lines were read from the filtered output");
  buildTests(run, entries, items, failuresLoose, verbose, root);
  // The RERUN lines of -v and of -rR name the same reruns: take whichever names more.
  const rerunCounts = rerunSummary.size >= reruns.size ? rerunSummary : reruns;
  for (const [id, n] of rerunCounts) {
    const record = run.tests.find((t) => t.id === id);
    if (record) record.reruns = n;
    else run.rerunPassed.push({ id, reruns: n });
  }
  if (run.fatal) attachFatal(run, run.fatal, started);

  // Which test was running when the run stopped (only meaningful when it did not finish normally).
  if (run.stats && !run.keyboardInterrupt && !run.timeoutDump) return run;
  const finished = new Set(verbose.keys());
  const unfinished = started.filter((id) => !finished.has(id));
  if (unfinished.length > 0) run.runningTest = unfinished[unfinished.length - 1] as string;
  else if (dumpFrame) run.runningTest = dumpFrame;
  else if (kiLocation) run.runningTest = kiLocation;
  return run;
}

/** The crash as the failure of the test it names: xdist's `worker crashed while running` record gets the
 *  dump's crash line and location; without xdist (the process died, no summary) the test is added. */
function attachFatal(run: ParsedRun, fatal: FatalError, started: readonly string[]): void {
  const crash: Crash = { type: "Fatal Python error", message: fatal.error };
  const frame = fatal.testFrame;
  const sameTest = (id: string) => frame !== null && testNameOf(id) === frame.name;
  const crashed = run.tests.find((t) => t.workerCrashed && (frame === null || sameTest(t.id)));
  if (crashed) {
    crashed.crash = crash;
    if (fatal.ownFrame) crashed.location = fatal.ownFrame;
    return;
  }
  if (!frame || run.stats) return;
  const fromProgress = [...started].reverse().find((id) => sameTest(id));
  const id = fromProgress ?? joinNodeId(frame.path, frame.name);
  run.tests.push({
    id,
    outcome: "failed",
    phase: "call",
    crash,
    phases: ["call"],
    ...(fatal.ownFrame ? { location: fatal.ownFrame } : {}),
    ...(fromProgress ? {} : { idGuessed: true }),
  });
}

/** faulthandler's dump from `Fatal Python error: X`: the crashing thread's test function and the project's
 *  deepest own frame (frames are listed most recent first). */
function fatalDump(lines: readonly string[], from: number, root: string | null): FatalError {
  const error = (FATAL.exec(lines[from] as string)?.[1] ?? "unknown").trim();
  let testFrame: FatalError["testFrame"] = null;
  let ownFrame: string | null = null;
  let inCurrent = false;
  for (let i = from + 1; i < lines.length && i < from + 400; i++) {
    const line = lines[i] as string;
    if (CURRENT_THREAD.test(line)) {
      inCurrent = true;
      continue;
    }
    if (!inCurrent) continue;
    const m = FAULT_FRAME.exec(line);
    if (!m) {
      if (line.trim() === "" || !line.startsWith(" ")) break;
      continue;
    }
    const path = m[1] as string;
    if (!isOwnFrame(path, root)) continue;
    const where = `${relativeToRoot(path, root)}:${m[2]}`;
    if (!ownFrame) ownFrame = where;
    if (!testFrame && /^test/.test(m[3] as string))
      testFrame = { path: relativeToRoot(path, root), line: Number(m[2]), name: m[3] as string };
  }
  return { error, testFrame, ownFrame };
}

/** pytest never started: `python -m pytest` without pytest, or pytest (or a plugin it loads at start-up,
 *  e.g. a broken pluggy) raising before its banner, which leaves a bare Python traceback. A traceback that
 *  ends in KeyboardInterrupt is a Ctrl-C, handled elsewhere. */
/** `bash: uv: command not found`, `sh: 1: uv: not found`, `bash: line 1: .venv/bin/python: No such file or
 *  directory`, `/bin/sh: py313/bin/python: not found`. */
const RUNNER_MISSING =
  /^(?:\S*sh: (?:line )?\d*:? ?)?([^\s:]+): (?:command not found|not found|No such file or directory)$/;

function startupFailure(lines: readonly string[]): PreSessionError | null {
  for (const line of lines) {
    // The shell could not find the runner (`uv run pytest` with no uv): exit 127, never pytest's own.
    const missing = RUNNER_MISSING.exec(line.trim());
    if (missing)
      return {
        kind: "runner-missing",
        subject: missing[1] as string,
        crash: { type: null, message: line.trim() },
      };
    if (NO_PYTEST.test(line.trim()))
      return {
        kind: "startup",
        subject: "pytest",
        crash: { type: "ModuleNotFoundError", message: "No module named 'pytest'" },
      };
  }
  if (!lines.some((l) => l === "Traceback (most recent call last):")) return null;
  const crash = crashFromSection(lines);
  if (!crash?.type || /KeyboardInterrupt$/.test(crash.type)) return null;
  return { kind: "startup", subject: "pytest", crash };
}
