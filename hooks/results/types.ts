// Shared shapes of the results core: what a parser (text or structured report) extracts from one pytest
// run, and what the classifier concludes. Vocabulary and rules: docs/reference/pytest-output.md §13.
import type { ThresholdFailure } from "./threshold.ts";

/** Why a run did not test the code (./environment.ts recognises the shapes). */
export type EnvironmentKind =
  | "async-plugin"
  | "plugin-option"
  | "framework-config"
  | "project-not-installed"
  | "missing-module"
  | "usage"
  | "unknown-ini"
  | "sandbox-denied"
  | "runner-missing";

export interface EnvironmentCause {
  kind: EnvironmentKind;
  /** What went wrong, in a few words, for the test line (`async plugin missing`). */
  label: string;
  /** The fix: what to install, set or allow. A sentence without a final period. */
  fix: string;
}

/** The run's class: exactly these strings (pytest-output.md §13.1). */
export const RUN_CLASSES = [
  "pass",
  "real-failure",
  "flaky-known",
  "flaky-likely",
  "import-error",
  "collection-error",
  "interrupted",
  "environment-error",
  "mixed",
] as const;
export type RunClass = (typeof RUN_CLASSES)[number];

/** Per-test outcome after merging phases (error > failed > passed, pytest-output.md §10). `running` is a
 *  test that had started when the run stopped (killed, interrupted, backgrounded). */
export type Outcome = "passed" | "failed" | "error" | "skipped" | "xfailed" | "xpassed" | "running";

/** What a failing test is, on its own. */
export type TestClass =
  | "real-failure"
  | "flaky-known"
  | "flaky-likely"
  | "import-error"
  | "collection-error"
  | "interrupted"
  | "environment-error";

export interface Counts {
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  xfailed: number;
  xpassed: number;
}

export function zeroCounts(): Counts {
  return { passed: 0, failed: 0, errors: 0, skipped: 0, xfailed: 0, xpassed: 0 };
}

/** The exception that finally escaped a test (not a chained cause). */
export interface Crash {
  /** Exception type as printed: qualified (trio.TooSlowError) or not (TooSlowError); null when unknown. */
  type: string | null;
  /** First line of the message ("" when the exception has none). */
  message: string;
  /** Leaves of an exception group (each a Crash without leaves); absent for a plain exception. */
  leaves?: Crash[];
  /** The text was cut (pytest's 80-column `...`, Claude Code's truncation, a partial group). */
  incomplete?: boolean;
}

export type Phase = "setup" | "call" | "teardown" | "collect" | "unknown";

export interface TestRecord {
  /** Node id as pytest prints it, or a best guess (see `idGuessed`). */
  id: string;
  outcome: Outcome;
  /** Phase of the failure or error. */
  phase?: Phase;
  crash?: Crash;
  /** The id came from a section header, not from a FAILED/ERROR line or a report. */
  idGuessed?: boolean;
  /** xdist said the worker running this test crashed (no traceback). */
  workerCrashed?: boolean;
  /** Every failing phase seen (a failing body plus a failing teardown counts twice in pytest's stats). */
  phases?: Phase[];
  /** The rest of the failure section that bears on its cause: every `E` line, the chain's exception lines
   *  (signature.ts sectionEvidence). Absent when only a summary line was seen. */
  evidence?: string[];
  /** `path:line` where it failed, from the traceback (signature.ts failureLocation): the project's own
   *  deepest frame. */
  location?: string;
  /** The traceback names frames, none of them the project's own (stdlib, pytest, installed packages). */
  noOwnFrame?: boolean;
  /** With noOwnFrame: the installed package (site-packages folder) of the deepest frame, if any. */
  installedFrame?: string;
  /** pytest 9 `SUBFAILED(<label>)` lines: each failed subtest of this test, by its label. */
  subfailures?: string[];
  /** pytest-rerunfailures reran it this many times in this run (`RERUN` lines). */
  reruns?: number;
}

export interface CollectionError {
  /** File (or node) that failed to collect; the conftest, plugin or message for pre-session errors. */
  path: string;
  crash: Crash | null;
  /** Set when the error stopped pytest before a session (conftest, plugin, usage, internal). */
  preSession?: PreSessionKind;
}

/** Errors that stop pytest before a session starts (pytest-output.md §9). */
export type PreSessionKind = "conftest" | "plugin" | "usage" | "internal" | "startup" | "runner-missing";

export interface PreSessionError {
  kind: PreSessionKind;
  /** The conftest path, plugin name or usage message. */
  subject: string;
  crash: Crash | null;
}

/** Where a run's facts came from. */
export type EvidenceSource = "report" | "text";

export interface ParsedRun {
  source: EvidenceSource;
  /** pytest's own counts from the stats line (or the report), null when no stats line was seen. */
  stats: Counts | null;
  /** The stats line said "no tests ran" / "N deselected" only / "no tests collected". */
  nothingRan: boolean;
  /** A `--co` run ("N tests collected"). */
  collectOnly: boolean;
  /** Banner, header, `collected` line or progress seen: the session had started. */
  sessionStarted: boolean;
  keyboardInterrupt: boolean;
  /** `stopping after N failures` (-x / --maxfail). */
  stoppedEarly: boolean;
  /** Number of tests collected, when printed. */
  collected: number | null;
  tests: TestRecord[];
  collectionErrors: CollectionError[];
  preSession: PreSessionError | null;
  /** pytest-timeout's thread-method dump or a faulthandler dump was seen. */
  timeoutDump: boolean;
  /** The test that was running when the run stopped, when it can be told. */
  runningTest: string | null;
  /** Ids that passed, when the output lists them (-v, -rA, or a report). Otherwise empty. */
  passedIds: string[];
  /** Lines of the text were unreadable for ids (e.g. --tb=line failures mapped by order). */
  notes: string[];
  /** pytest's exit status when the report recorded it. */
  exitStatus: number | null;
  /** `Interrupted: N errors during collection`: pytest stopped after collecting, by design (not a Ctrl-C). */
  collectionStopped: boolean;
  /** Terminal-summary sections other than pytest's own (title and first lines), e.g. a plugin's index of
   *  hang snapshots; bounded. */
  extraSections: Array<{ title: string; lines: string[] }>;
  /** pytest-rerunfailures: `N rerun` in the stats line (null: not printed). */
  rerunTotal: number | null;
  /** Tests that failed, were rerun and passed within this run, by id (the RERUN lines of -v or -rR). */
  rerunPassed: RerunPassed[];
  /** The interpreter died (faulthandler's `Fatal Python error: Segmentation fault` dump). */
  fatal: FatalError | null;
  /** pytest's `rootdir:` line (absolute frames under it are the project's own). */
  rootdir: string | null;
}

export interface RerunPassed {
  id: string;
  reruns: number;
}

export interface FatalError {
  /** `Segmentation fault`, `Aborted`, ... */
  error: string;
  /** The test function's frame in the crashing thread, as `path:line` and its name. */
  testFrame: { path: string; line: number; name: string } | null;
  /** The deepest frame of the project's own code in the crashing thread, `path:line`. */
  ownFrame: string | null;
}

export interface Classification {
  class: RunClass;
  counts: Counts;
  /** Failing, erroring and running tests with their own class. */
  tests: ClassifiedTest[];
  collectionErrors: Array<
    CollectionError & {
      class: "import-error" | "collection-error" | "environment-error";
      environment?: EnvironmentCause;
    }
  >;
  /** Why the run did not test the code, one entry per distinct cause, with the ids it hit (tests, or
   *  the collection error's path / the pre-session subject). Empty when nothing points at the environment. */
  environment: EnvironmentFinding[];
  evidence: "complete" | "partial";
  /** Why the evidence is partial, and other facts worth a line. */
  notes: string[];
  /** Hints that do not change the class (pytest-output.md §13.4, last paragraph). */
  hints: HintKey[];
  source: EvidenceSource;
  /** The test that was running when the run stopped (interrupted runs). */
  runningTest: string | null;
  /** Tests collected but not run because of -x / --maxfail, when known. */
  notRun: number | null;
  stoppedEarly: boolean;
  /** The failing import's module, for import errors. */
  missingModules: string[];
  /** Tests collected, for --co runs. */
  collected: number | null;
  /** Fixtures that setup errors say are not found (`fixture 'benchmark' not found`), most frequent first. */
  missingFixtures: string[];
  collectOnly: boolean;
  nothingRan: boolean;
  /** No stats line: only the failures and errors the output names are known; the other counts are
   *  unknown (shown as such, never as 0). */
  countsUnknown?: boolean;
  /** Tests that failed and then passed on a pytest-rerunfailures rerun in this run: flaky-likely evidence
   *  (a fail-then-pass within one run). */
  rerunPassed?: RerunPassed[];
  /** The interpreter crashed (segfault, abort): what and where, from faulthandler's dump or xdist. */
  fatal?: { error: string; test: string | null; location: string | null };
  /** Every test passed but a check after them failed the run (a coverage threshold): not a pass. */
  threshold?: ThresholdFailure;
  /** Processes of the project left behind with no parent (Linux /proc, hooks/results/orphans.ts), when looked
   *  for: the stale-process hint needs one. */
  orphans?: OrphanProcess[];
}

export interface OrphanProcess {
  pid: number;
  /** Its command line, shortened. */
  command: string;
}

export type HintKey =
  | "stale-server"
  | "capture-pipe"
  | "import-error"
  | "worker-crash"
  | "syntax-interpreter"
  | "own-reporter"
  | "collect-only"
  | "startup"
  | "missing-fixture"
  | "runner-missing"
  | "orphan-process";

export interface ClassifiedTest {
  id: string;
  outcome: Outcome;
  class: TestClass;
  phase?: Phase;
  /** One-line crash signature ("trio.TooSlowError", "AssertionError: assert None == 0"). */
  signature: string;
  /** Why this test got its class (matched known-flaky entry, timeout-shaped but unlisted, ...). */
  why?: string;
  timeoutLike: boolean;
  /** `path:line` from the traceback, when the output shows one. */
  location?: string;
  /** The id was rebuilt from a section header (no summary line or report named it): not a fact. */
  idGuessed?: boolean;
  /** The known-flaky entry it matched (`path::name`), for flaky-known tests. */
  entry?: string;
  /** Failed subtests (pytest 9 SUBFAILED), by label. */
  subfailures?: string[];
  /** The traceback names no frame of the project's own code. */
  noOwnFrame?: boolean;
  /** pytest-rerunfailures reran it this many times in this run (and it still failed). */
  reruns?: number;
  /** For environment-error tests: what is wrong and its fix. */
  environment?: EnvironmentCause;
}

export interface EnvironmentFinding {
  cause: EnvironmentCause;
  ids: string[];
}

// ---- node ids ------------------------------------------------------------------------------------

/** Node ids have one owner, hooks/core/pytest/node-id.ts; these names stay importable from here. */
export { fileOfNodeId, isRerunnableId, splitNodeId } from "../core/pytest/node-id.ts";
