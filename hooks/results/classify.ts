// ParsedRun + what the hook knows about the command -> the run's class (pytest-output.md §13.4).
// Pure: the known-flaky list comes from the profile, the exit code and the pipe/truncation flags from the
// hook input. Conservative by construction: no `pass` without a stats line (or a known exit code 0 for a
// -qq run), no flaky verdict without a listed id AND a matching signature, unknown failures count as real.
import { DEFAULT_TIMEOUT_SIGNATURES, type FlakyEntry } from "../core/profile/schema.ts";
import { classifyTest, hungTests, missingFixtures } from "./classify-test.ts";
import type { RunFlags } from "./command.ts";
import {
  collectionEnvironmentCause,
  type EnvironmentCause,
  type EnvironmentClues,
  NO_CLUES,
  preSessionEnvironmentCause,
  testEnvironmentCause,
} from "./environment.ts";
import { crashMatches, isAddressTrouble, isImportErrorCrash, missingModule } from "./signature.ts";
import type { ThresholdFailure } from "./threshold.ts";
import type {
  Classification,
  ClassifiedTest,
  CollectionError,
  Counts,
  EnvironmentFinding,
  HintKey,
  OrphanProcess,
  ParsedRun,
  RunClass,
  TestRecord,
} from "./types.ts";
import { fileOfNodeId, zeroCounts } from "./types.ts";

// One test's class and the known-flaky lookup live in ./classify-test.ts; their importers may keep using this module.
export { classifyTest, entryLabel, findFlakyEntry, idMatchesEntry } from "./classify-test.ts";

export interface ClassifyContext {
  knownFlaky: readonly FlakyEntry[];
  /** The profile's timeout_signatures: crash lines that make a failure timeout-shaped. */
  timeoutSignatures: readonly string[];
  /** The profile's hang_sections: terminal sections whose named tests hung. */
  hangSections: readonly string[];
  /** pytest's exit code when the hook can know it (PostToolUseFailure `Exit code N`, or 0 for a
   *  PostToolUse of an unpiped, unmasked command); null when unknown. */
  exitCode: number | null;
  /** The output went through a pipe (| tail, | grep) or was captured by $(...). */
  piped: boolean;
  /** Another command's exit code ended the line (`; echo`, `|| true`). */
  exitCodeMasked: boolean;
  /** pytest's stdout went to a file. */
  redirected: boolean;
  /** Claude Code cut the middle of the text, or only a preview was available. */
  truncated: boolean;
  /** Claude Code moved the command to the background after its timeout (timedOutAfterMs). */
  backgrounded: boolean;
  /** The user stopped the command (Esc / is_interrupt). */
  userInterrupted: boolean;
  /** Claude Code killed the command at its timeout (`Exit code 143` + `Command timed out`). */
  timedOut: boolean;
  flags: RunFlags | null;
  /** `--reruns N` of pytest-rerunfailures on the command line, when given. */
  rerunsPerTest?: number | null;
  /** Where the run's whole output can be read when the text here is cut (a saved output file). */
  fullOutputPath?: string | null;
  /** How to get the failures again in a form that fits (a rerun command), when the text here is cut. */
  compactRerun?: string | null;
  /** The project's import name (profile project.package): `No module named '<it>'` means not installed. */
  projectPackage: string | null;
  /** Run-wide clues from pytest's warnings (environment.ts environmentClues); called only when needed. */
  clues: () => EnvironmentClues;
  /** The project's orphaned processes the edge found (hooks/results/orphans.ts); absent or null: not looked
   *  (not Linux, or a pure caller), [] looked and found none. */
  orphans?: readonly OrphanProcess[] | null;
  /** A coverage threshold that failed the run after the tests (hooks/results/threshold.ts), when the text
   *  says so. */
  threshold?: ThresholdFailure | null;
}

export function defaultContext(partial: Partial<ClassifyContext> = {}): ClassifyContext {
  return {
    knownFlaky: [],
    timeoutSignatures: DEFAULT_TIMEOUT_SIGNATURES,
    hangSections: [],
    exitCode: null,
    piped: false,
    exitCodeMasked: false,
    redirected: false,
    truncated: false,
    backgrounded: false,
    userInterrupted: false,
    timedOut: false,
    flags: null,
    projectPackage: null,
    clues: () => NO_CLUES,
    ...partial,
  };
}

// ---- the run -------------------------------------------------------------------------------------

function countsFromRecords(run: ParsedRun): Counts {
  const counts = zeroCounts();
  for (const t of run.tests) {
    const phases = t.phases ?? [t.phase ?? "unknown"];
    if (t.outcome === "failed") counts.failed++;
    else if (t.outcome === "error") {
      counts.errors += phases.filter((p) => p !== "call").length || 1;
      if (phases.includes("call")) counts.failed++;
    }
  }
  counts.errors += run.collectionErrors.length;
  counts.passed = run.passedIds.length;
  return counts;
}

/** Failures pytest counted but the output did not name (summary cut, -rsx with --tb=no, ...). */
function unnamedFailures(run: ParsedRun): number {
  if (!run.stats) return 0;
  let named = run.collectionErrors.length;
  for (const t of run.tests) {
    if (t.outcome === "failed" || t.outcome === "error")
      named += Math.max(
        1,
        (t.subfailures?.length ?? 0) + (t.phases ?? []).filter((p) => p !== "unknown").length,
      );
  }
  return Math.max(0, run.stats.failed + run.stats.errors - named);
}

function collectionClass(error: CollectionError): "import-error" | "collection-error" {
  return isImportErrorCrash(error.crash) ? "import-error" : "collection-error";
}

/** The crash faulthandler or xdist reported: what, in which test, where. */
function fatalFacts(run: ParsedRun): Classification["fatal"] {
  const crashed = run.tests.find((t) => t.crash?.type === "Fatal Python error" || t.workerCrashed);
  if (!run.fatal && !crashed) return undefined;
  return {
    error: run.fatal?.error ?? "the xdist worker died",
    test: crashed?.id ?? null,
    location: crashed?.location ?? run.fatal?.ownFrame ?? null,
  };
}

/** pytest-rerunfailures: a test that failed and passed on its rerun in this run is flaky-likely evidence (a
 *  fail-then-pass within one run); reruns the output does not attribute are counted. */
function rerunNotes(run: ParsedRun, ctx: ClassifyContext, notes: string[]): void {
  const passed = run.rerunPassed;
  if (passed.length > 0) {
    const first = passed[0] as { id: string; reruns: number };
    notes.push(
      `${passed.length === 1 ? first.id : `${passed.length} tests (${first.id}, ...)`} failed, then passed on a pytest-rerunfailures rerun in this run: flaky-likely (a fail-then-pass), not a clean pass`,
    );
    return;
  }
  if (!run.rerunTotal) return;
  const failingReruns = run.tests.reduce((n, t) => n + (t.reruns ?? 0), 0);
  const failing = run.tests.filter((t) => t.outcome === "failed" || t.outcome === "error").length;
  const attributed =
    failingReruns > 0 ? failingReruns : ctx.rerunsPerTest ? failing * ctx.rerunsPerTest : null;
  if (attributed !== null && run.rerunTotal > attributed)
    notes.push(
      `pytest-rerunfailures counted ${run.rerunTotal} reruns, ${run.rerunTotal - attributed} of them for tests that then passed: flaky-likely (a fail-then-pass in this run); \`-rR\` names them`,
    );
  else
    notes.push(
      `pytest-rerunfailures reran tests ${run.rerunTotal} time${run.rerunTotal === 1 ? "" : "s"}; the output does not say which (\`-rR\` names them)`,
    );
}

/** Claude Code cut the middle of a failing command's text (about 10,000 characters kept): the ids that fell
 *  in the cut are gone. Where the whole output is, or how to get it in a form that fits. */
function cutEvidence(ctx: ClassifyContext): string {
  const where = ctx.fullOutputPath
    ? `the whole output is in ${ctx.fullOutputPath}`
    : ctx.compactRerun
      ? `the whole list fits when rerun as \`${ctx.compactRerun}\``
      : "a rerun with `-q --tb=line -rfE` lists every failure in a form that fits";
  return `Claude Code kept only the start and the end of the output (its 10,000-character cut of a failing command's text), so failing ids were lost and no streaming report was there; ${where}`;
}

/** One finding per distinct cause (kind + fix), in order of first appearance, with every id it hit. */
function environmentFindings(
  items: ReadonlyArray<{ id: string; cause: EnvironmentCause | undefined }>,
): EnvironmentFinding[] {
  const byKey = new Map<string, EnvironmentFinding>();
  const labelsByKey = new Map<string, Set<string>>();
  for (const { id, cause } of items) {
    if (!cause) continue;
    const key = `${cause.kind}\u0000${cause.fix}`;
    const finding = byKey.get(key) ?? { cause, ids: [] };
    finding.ids.push(id);
    byKey.set(key, finding);
    const labels = labelsByKey.get(key) ?? new Set<string>();
    labels.add(cause.label);
    labelsByKey.set(key, labels);
  }
  // One fix, several shapes (EPERM and a read-only /tmp): the finding names each, up to three.
  for (const [key, finding] of byKey) {
    const labels = [...(labelsByKey.get(key) ?? [])];
    if (labels.length > 1)
      finding.cause = {
        ...finding.cause,
        label: `${labels.slice(0, 3).join("; ")}${labels.length > 3 ? "; ..." : ""}`,
      };
  }
  return [...byKey.values()];
}

function orphansOf(ctx: ClassifyContext): { orphans?: OrphanProcess[] } {
  return ctx.orphans && ctx.orphans.length > 0 ? { orphans: [...ctx.orphans] } : {};
}

export function classify(run: ParsedRun, ctx: ClassifyContext): Classification {
  const notes: string[] = [...run.notes];
  /** Reasons the evidence is partial; they are also notes. */
  const gaps: string[] = [];
  const hints = new Set<HintKey>();
  const result = (cls: RunClass, extra: Partial<Classification> = {}): Classification => {
    const c: Classification = {
      class: cls,
      counts: run.stats ?? countsFromRecords(run),
      tests: [],
      collectionErrors: [],
      evidence: gaps.length > 0 ? "partial" : "complete",
      notes: [...gaps, ...notes],
      hints: [],
      source: run.source,
      // A test the output says PASSED was not running (a Ctrl-C in a later teardown names its location).
      runningTest: run.runningTest && !run.passedIds.includes(run.runningTest) ? run.runningTest : null,
      notRun: null,
      stoppedEarly: run.stoppedEarly,
      missingModules: [],
      missingFixtures: [],
      environment: [],
      collected: run.collected,
      collectOnly: run.collectOnly,
      nothingRan: run.nothingRan,
      // A report lists every test that ended, so its counts hold even without a finish record; the text
      // without a stats line names only failures.
      ...(run.stats || run.source !== "text" ? {} : { countsUnknown: true }),
      ...(run.rerunPassed.length > 0 ? { rerunPassed: run.rerunPassed } : {}),
      ...(fatal ? { fatal } : {}),
      ...extra,
    };
    c.hints = [...hints];
    return c;
  };
  const partial = (why: string) => {
    if (!gaps.includes(why)) gaps.push(why);
  };
  const fatal = fatalFacts(run);

  // Evidence flags that hold whatever the class.
  if (ctx.truncated)
    partial(
      run.source === "text" && (!run.stats || run.tests.some((t) => t.idGuessed) || unnamedFailures(run) > 0)
        ? cutEvidence(ctx)
        : "Claude Code cut the middle of the output; failure sections may be missing",
    );
  if (ctx.piped && run.source === "text")
    partial("the output went through a pipe: it was filtered, and the exit code is the last command's");
  else if (ctx.exitCodeMasked) partial("another command's exit code ended the line, so pytest's is unknown");
  if (ctx.redirected && run.source === "text")
    partial("pytest's output was redirected to a file, not shown here");

  // 1. Errors before the session (no stats line by nature).
  if (run.preSession) {
    const pre = run.preSession;
    const importish = isImportErrorCrash(pre.crash) || pre.kind === "plugin";
    const cls = importish ? "import-error" : "collection-error";
    if (pre.kind === "runner-missing") hints.add("runner-missing");
    else if (pre.kind === "startup") {
      hints.add("startup");
      partial("pytest itself failed before its banner: a bare Python traceback, no test ran");
    } else if (importish) hints.add("import-error");
    if (pre.kind === "plugin" && pre.subject === "run_tests_skill_reporter") hints.add("own-reporter");
    if (pre.kind === "internal") partial("pytest hit an INTERNALERROR");
    if (pre.crash?.type === "SyntaxError") hints.add("syntax-interpreter");
    const mod = missingModule(pre.crash);
    const environment = pre.kind === "startup" ? null : preSessionEnvironmentCause(pre, ctx.projectPackage);
    const preClass = environment ? "environment-error" : cls;
    // The fix is named in the next step; the hint about another checkout would send the agent elsewhere.
    if (environment) {
      hints.delete("import-error");
      hints.delete("runner-missing");
    }
    return result(preClass, {
      collectionErrors: [
        {
          path: pre.subject,
          crash: pre.crash,
          class: preClass,
          preSession: pre.kind,
          ...(environment ? { environment } : {}),
        },
      ],
      missingModules: mod ? [mod] : [],
      environment: environment ? [{ cause: environment, ids: [pre.subject] }] : [],
    });
  }

  const hung = hungTests(run, ctx.hangSections);
  for (const section of run.extraSections)
    if (ctx.hangSections.includes(section.title))
      notes.push(`the \`${section.title}\` section says a test hung (stack snapshots were taken)`);
  // The text scan for clues runs once, and only when a cause asks for it.
  let clues: EnvironmentClues | null = null;
  const cluesOnce = () => {
    clues ??= ctx.clues();
    return clues;
  };
  const environmentOf = (t: TestRecord) =>
    t.outcome === "failed" || t.outcome === "error"
      ? testEnvironmentCause(t, ctx.projectPackage, cluesOnce)
      : null;
  const passed = new Set(run.passedIds);
  // One pass over the tests (thousands on a large run): classified, and the failing ones kept apart.
  const tests: ClassifiedTest[] = [];
  const failing: ClassifiedTest[] = [];
  for (const record of run.tests) {
    if (record.outcome === "running" && passed.has(record.id)) continue;
    const t = classifyTest(record, ctx.knownFlaky, ctx.timeoutSignatures, hung, environmentOf);
    tests.push(t);
    if (t.outcome === "failed" || t.outcome === "error") failing.push(t);
  }
  const fixtures = missingFixtures(run);
  if (fixtures.length > 0) hints.add("missing-fixture");
  const collectionErrors: Classification["collectionErrors"] = run.collectionErrors.map((e) => {
    const environment = collectionEnvironmentCause(e.crash, ctx.projectPackage);
    return environment
      ? { ...e, class: "environment-error" as const, environment }
      : { ...e, class: collectionClass(e) };
  });
  // Only what has a cause (the rest adds nothing to a finding): tests first, then collection errors.
  const withCause: Array<{ id: string; cause: EnvironmentCause }> = [];
  for (const t of tests) if (t.environment) withCause.push({ id: t.id, cause: t.environment });
  for (const e of collectionErrors) if (e.environment) withCause.push({ id: e.path, cause: e.environment });
  const environment = environmentFindings(withCause);
  const missingModules = [
    ...new Set(collectionErrors.map((e) => missingModule(e.crash)).filter((m): m is string => m !== null)),
  ];
  if (collectionErrors.some((e) => e.class === "import-error")) hints.add("import-error");
  if (collectionErrors.some((e) => e.crash?.type === "SyntaxError")) hints.add("syntax-interpreter");
  if (run.tests.some((t) => t.workerCrashed)) hints.add("worker-crash");

  // Stale server / port in use: any address trouble, or unexpected timeouts across unrelated files
  // (known-flaky tests are expected to time out now and then, so they do not count).
  const unexpectedTimeouts = failing.filter((t) => t.timeoutLike && t.class !== "flaky-known");
  const timeoutFiles = new Set(unexpectedTimeouts.map((t) => fileOfNodeId(t.id)));
  // Timeouts alone (a loaded machine times out too) point at a stale process only when one was seen (the
  // edge looked in /proc: ctx.orphans); unknown (not looked, not Linux) keeps the old guess.
  const manyTimeouts = timeoutFiles.size >= 3 || unexpectedTimeouts.length >= 5;
  const staleSeen = ctx.orphans == null || ctx.orphans.length > 0;
  if (run.tests.some((t) => isAddressTrouble(t.crash)) || (manyTimeouts && staleSeen))
    hints.add("stale-server");
  if ((ctx.orphans?.length ?? 0) > 0) hints.add("orphan-process");

  // A test that hit pytest-timeout's deadline hung; under output capture that is often a full pipe.
  if (!ctx.flags?.noCapture && run.tests.some((t) => crashMatches("Failed: Timeout", t.crash)))
    hints.add("capture-pipe");

  const unnamed = unnamedFailures(run);
  if (unnamed > 0)
    partial(`${unnamed} failing test${unnamed === 1 ? " is" : "s are"} counted but not named in the output`);
  if (failing.some((t) => t.signature.startsWith("(no crash")))
    partial("some failures have no crash line in the output (their signature is unknown)");
  if (run.tests.some((t) => t.idGuessed))
    partial("some ids were rebuilt from section headers (no summary line named them)");
  if (run.tests.some((t) => t.crash?.incomplete))
    partial("some crash lines were cut by pytest's 80-column summary");

  rerunNotes(run, ctx, notes);
  if (fatal)
    partial(
      `the Python process crashed (${fatal.error})${fatal.test ? ` while running ${fatal.test}` : ""}${fatal.location ? ` at ${fatal.location}` : ""}${run.stats ? "" : "; the tests after it did not run"}`,
    );

  let notRun: number | null = null;
  if (run.stoppedEarly && run.collected !== null && run.stats) {
    const s = run.stats;
    notRun = Math.max(
      0,
      run.collected - (s.passed + s.failed + s.skipped + s.xfailed + s.xpassed + s.errors),
    );
  }
  const extra = {
    tests,
    collectionErrors,
    missingModules,
    notRun,
    missingFixtures: fixtures,
    environment,
    ...orphansOf(ctx),
  };

  // 2. Interrupted: Ctrl-C banner, auto-backgrounded, Claude Code timeout, or started without a verdict.
  const exitKnown = ctx.exitCode !== null && !ctx.exitCodeMasked && !ctx.piped;
  const qqComplete =
    !run.stats &&
    exitKnown &&
    !run.keyboardInterrupt &&
    !run.timeoutDump &&
    ((ctx.exitCode === 0 && failing.length === 0 && collectionErrors.length === 0) ||
      (ctx.exitCode === 1 && (failing.length > 0 || collectionErrors.length > 0)));
  // pytest never exits 124 (timeout) or 128+N (a signal) on its own: whatever the text says, the run was stopped.
  const stoppedBySignal = exitKnown && ((ctx.exitCode as number) === 124 || (ctx.exitCode as number) >= 128);
  // The interpreter crashed in a test faulthandler named: that test's failure, not an interruption.
  const crashNamed = fatal !== undefined && fatal.test !== null && !run.keyboardInterrupt;
  // Nothing printed (`-p no:terminal`) but pytest's own exit code: 1 means tests failed.
  const silentFailure =
    exitKnown &&
    ctx.exitCode === 1 &&
    !run.sessionStarted &&
    run.tests.length === 0 &&
    !run.stats &&
    !run.timeoutDump; // pytest-timeout's thread method prints its dump and exits 1: a stop, not silence
  if (silentFailure)
    partial(
      "pytest printed nothing (its terminal reporter is off: `-p no:terminal`?), but its exit code 1 means some tests failed; which ones is unknown",
    );
  const interrupted =
    !crashNamed &&
    !silentFailure &&
    (run.keyboardInterrupt ||
      stoppedBySignal ||
      ctx.backgrounded ||
      ctx.userInterrupted ||
      ctx.timedOut ||
      run.timeoutDump ||
      (!run.stats && !qqComplete && !(run.collectionStopped && collectionErrors.length > 0)));
  if (interrupted) {
    if (ctx.userInterrupted) partial("the user interrupted the command");
    else if (ctx.backgrounded)
      partial("Claude Code moved the command to the background at its timeout; this is not the final result");
    else if (ctx.timedOut) partial("Claude Code killed the command at its timeout");
    else if (run.keyboardInterrupt)
      partial("the run was interrupted (KeyboardInterrupt); tests after that point did not run");
    else if (run.timeoutDump)
      partial("a timeout dump (pytest-timeout thread method or faulthandler) ended the run");
    else if (stoppedBySignal)
      partial(`exit code ${ctx.exitCode}: a timeout or a signal stopped the command before pytest finished`);
    else if (run.sessionStarted)
      partial("the session started but printed no summary line (killed or cut off)");
    else partial("no pytest summary line in the output");
    // A test that hung under capture: only when a deadline stopped it mid-test (Claude Code's timeout, a
    // pytest-timeout dump). A Ctrl-C, a `timeout 20` kill (exit 124) or a signal says nothing about capture,
    // and a run moved to the background is still running, not hung.
    const hungMidTest = (run.runningTest !== null && ctx.timedOut) || run.timeoutDump;
    if (hungMidTest && !ctx.flags?.noCapture && !ctx.backgrounded && !run.keyboardInterrupt)
      hints.add("capture-pipe");
    return result("interrupted", { ...extra, ...orphansOf(ctx) });
  }
  if (!run.stats && !silentFailure && !crashNamed)
    partial("no stats line (-qq?): only the failures it names are known; the other counts are unknown");
  // 4. Collection and import errors.
  if (collectionErrors.length > 0) {
    const allEnvironment =
      collectionErrors.every((e) => e.class === "environment-error") &&
      failing.every((t) => t.class === "environment-error");
    const cls: RunClass = allEnvironment
      ? "environment-error"
      : failing.length > 0
        ? "mixed"
        : collectionErrors.every((e) => e.class === "import-error")
          ? "import-error"
          : collectionErrors.some((e) => e.class === "environment-error")
            ? "mixed"
            : "collection-error";
    return result(cls, extra);
  }
  if (unnamed > 0 && failing.length === 0 && run.stats && run.stats.errors > 0 && run.stats.failed === 0) {
    // Errors counted, none named: most likely collection errors whose lines were cut away.
    return result("collection-error", extra);
  }

  // 5. Pass needs positive evidence.
  if (failing.length === 0 && unnamed === 0 && !silentFailure) {
    // pytest 8.0-8.3 skipped `async def` tests (a warning) instead of failing them: nothing async ran.
    if (run.stats && run.stats.skipped > 0 && ctx.clues().asyncSkipped) {
      const cause = testEnvironmentCause(
        {
          id: "",
          outcome: "failed",
          crash: { type: null, message: "async def functions are not natively supported" },
        },
        ctx.projectPackage,
        cluesOnce,
      ) as EnvironmentCause;
      return result("environment-error", {
        ...extra,
        environment: [{ cause, ids: [`${run.stats.skipped} skipped tests`] }],
      });
    }
    if (run.nothingRan) notes.push("0 tests ran");
    if (run.collectOnly) hints.add("collect-only");
    // The tests passed, the command did not: a coverage threshold failed it (pytest-cov's own exit 1, or
    // `coverage report --fail-under` after pytest in a nox/tox session). Never a pass; no test to rerun.
    if (ctx.threshold && ctx.exitCode !== 0)
      return result("real-failure", { ...extra, threshold: ctx.threshold });
    return result("pass", extra);
  }

  // 6-8. Failures.
  // Counted in one pass, no filtered copies: a large run has thousands of failing tests.
  let real = unnamed + (silentFailure ? 1 : 0);
  let known = 0;
  let likely = 0;
  let env = 0;
  for (const t of failing) {
    if (t.class === "real-failure") real++;
    else if (t.class === "flaky-known") known++;
    else if (t.class === "flaky-likely") likely++;
    else if (t.class === "environment-error") env++;
  }
  let cls: RunClass;
  if (env > 0)
    cls = env === failing.length && unnamed === 0 && !silentFailure ? "environment-error" : "mixed";
  else if (real === 0 && likely === 0) cls = "flaky-known";
  else if (real === 0) cls = "flaky-likely";
  else if (known + likely > 0) cls = "mixed";
  else cls = "real-failure";
  return result(cls, extra);
}
