// The installed pytest on the fixture projects (test/fixtures/pytest), seen through each hook event shape,
// classified by the same pipeline the report hook runs. Every case asserts the exact class and ids.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadProfile } from "../../hooks/core/profile/load.ts";
import { DEFAULT_TIMEOUT_SIGNATURES } from "../../hooks/core/profile/schema.ts";
import {
  type Classified,
  classifyOutput,
  composeReport,
  type ResultsProfile,
} from "../../hooks/results/analyze.ts";
import { eventText, type PostBashInput } from "../../hooks/results/event.ts";
import { readPersistedOutput } from "../../hooks/results/gather.ts";
import type { Counts } from "../../hooks/results/types.ts";
import {
  cleanupTempDirs,
  copyFixture,
  HAS_TIMEOUT_PLUGIN,
  HAS_XDIST,
  hookInputFor,
  middleTruncate,
  type PytestResult,
  postToolUse,
  runShell,
  type StopWhenReached,
  TIMEOUT_MISSING,
  tempDir,
  XDIST_MISSING,
} from "./helpers.ts";

function builtin(name: "tractor" | "generic"): ResultsProfile {
  const loaded = loadProfile(name);
  if (!loaded.ok) throw new Error(`profile ${name} does not load`);
  return loaded.profile;
}
const TRACTOR = builtin("tractor");
// The generic profile as init writes it for these fixture projects, which use trio and pexpect: init adds a
// library's timeout to timeout_signatures where the project depends on it (bin/install/repo-notes.ts).
const GENERIC: ResultsProfile = { ...builtin("generic"), timeout_signatures: DEFAULT_TIMEOUT_SIGNATURES };

interface Case {
  fixture: string;
  command: string;
  env?: Record<string, string>;
  needs?: "xdist" | "timeout";
  stop?: StopWhenReached;
}

/** Every pytest run the cases below need, started together in beforeAll (a few at a time). */
const RUNS = {
  pass: { fixture: "pass", command: "python -m pytest -p no:cacheprovider -q" },
  assertDefault: { fixture: "assert_fail", command: "python -m pytest -p no:cacheprovider" },
  assertPiped: {
    fixture: "assert_fail",
    command: "python -m pytest -p no:cacheprovider -q --tb=short 2>&1 | tail -5",
  },
  setupTeardown: {
    fixture: "setup_teardown",
    command: "python -m pytest -p no:cacheprovider -rA --tb=short",
  },
  skips: { fixture: "skips", command: "python -m pytest -p no:cacheprovider -q" },
  xpassLenient: { fixture: "xpass_lenient", command: "python -m pytest -p no:cacheprovider -q -rA" },
  importError: { fixture: "import_error", command: "python -m pytest -p no:cacheprovider -q" },
  syntaxError: { fixture: "syntax_error", command: "python -m pytest -p no:cacheprovider" },
  conftestError: { fixture: "conftest_error", command: "python -m pytest -p no:cacheprovider -q" },
  conftestImport: { fixture: "conftest_import_error", command: "python -m pytest -p no:cacheprovider -q" },
  badOption: { fixture: "pass", command: "python -m pytest -p no:cacheprovider --no-such-option" },
  notFound: { fixture: "pass", command: "python -m pytest -p no:cacheprovider tests/test_missing.py" },
  deselectAll: { fixture: "pass", command: "python -m pytest -p no:cacheprovider -q -k nothing_matches" },
  collectOnly: { fixture: "pass", command: "python -m pytest -p no:cacheprovider --co -q" },
  trio: { fixture: "trio_timeouts", command: "python -m pytest -p no:cacheprovider -q" },
  trioLine: { fixture: "trio_timeouts", command: "python -m pytest -p no:cacheprovider -q --tb=line" },
  pexpect: { fixture: "pexpect_timeouts", command: "python -m pytest -p no:cacheprovider -q --tb=short" },
  // Stopped once the hanging test has written its marker (runShell's StopWhenReached), never after a fixed
  // delay: one SIGINT to the process group, as a Ctrl-C sends, or a SIGKILL.
  hangInt: {
    fixture: "hang",
    command: "python -m pytest -p no:cacheprovider -q",
    stop: { signal: "SIGINT" },
  },
  hangKill: {
    fixture: "hang",
    command: "python -m pytest -p no:cacheprovider -q",
    stop: { signal: "SIGKILL" },
  },
  hangKillVerbose: {
    fixture: "hang",
    command: "python -m pytest -p no:cacheprovider -v",
    stop: { signal: "SIGKILL" },
  },
  hangPytestTimeout: {
    fixture: "hang",
    command: "python -m pytest -p no:cacheprovider -q --timeout=1",
    needs: "timeout",
  },
  hangThreadTimeout: {
    fixture: "hang",
    command: "python -m pytest -p no:cacheprovider -q --timeout=1 --timeout-method=thread",
    needs: "timeout",
  },
  xdist: {
    fixture: "assert_fail",
    command: "python -m pytest -p no:cacheprovider -n 2 --tb=short",
    needs: "xdist",
  },
  xdistImport: {
    fixture: "import_error",
    command: "python -m pytest -p no:cacheprovider -q -n 2",
    needs: "xdist",
  },
  longIds: { fixture: "long_ids", command: "python -m pytest -p no:cacheprovider --tb=short" },
  longIdsUnderCi: {
    fixture: "long_ids",
    command: "python -m pytest -p no:cacheprovider --tb=short",
    env: { CI: "true" },
  },
  tractorFlaky: {
    fixture: "tractor_like",
    command: "python -m pytest -x --tb=short --no-header -q -p no:cacheprovider --maxfail=100",
  },
  tractorFlakyLong: { fixture: "tractor_like", command: "python -m pytest -p no:cacheprovider" },
  tractorFlakyOrTrue: {
    fixture: "tractor_like",
    command: "python -m pytest -p no:cacheprovider -q --tb=short || true",
  },
  tractorStop: {
    fixture: "tractor_like",
    command: "python -m pytest -x --tb=short --no-header -p no:cacheprovider",
  },
  tractorAssert: {
    fixture: "tractor_like",
    command: "python -m pytest --tb=short -q -p no:cacheprovider",
    env: { FIXTURE_MODE: "assert" },
  },
  tractorUnlisted: {
    fixture: "tractor_like",
    command: "python -m pytest --tb=short -q -p no:cacheprovider",
    env: { FIXTURE_MODE: "unlisted" },
  },
  tractorTrial: {
    fixture: "tractor_like",
    command: "python -m pytest -x --tb=short --no-header -q -p no:cacheprovider --maxfail=100",
    env: { FIXTURE_MODE: "trial" },
  },
  tractorPass: {
    fixture: "tractor_like",
    command: "python -m pytest --tb=short -q -p no:cacheprovider",
    env: { FIXTURE_MODE: "pass" },
  },
} satisfies Record<string, Case>;
type RunName = keyof typeof RUNS;

const TRACTOR_FLAKY_IDS = [
  "tests/devx/test_debugger.py::test_multi_nested_subactors_error_through_nurseries",
  "tests/test_cancellation.py::test_cancel_via_SIGINT_other_task[start_method=trio]",
  "tests/test_docs_examples.py::test_example[we_are_processes.py]",
  "tests/test_inter_peer_cancellation.py::test_peer_spawns_and_cancels_service_subactor[0.5-KeyboardInterrupt]",
  "tests/test_inter_peer_cancellation.py::test_peer_spawns_and_cancels_service_subactor[0.5-None]",
  "tests/test_inter_peer_cancellation.py::test_peer_spawns_and_cancels_service_subactor[None-KeyboardInterrupt]",
  "tests/test_inter_peer_cancellation.py::test_peer_spawns_and_cancels_service_subactor[None-None]",
];

const results = new Map<RunName, PytestResult & { cwd: string }>();

async function runAll(): Promise<void> {
  const queue = (Object.entries(RUNS) as Array<[RunName, Case]>).filter(([, c]) =>
    c.needs === "xdist" ? HAS_XDIST : c.needs === "timeout" ? HAS_TIMEOUT_PLUGIN : true,
  );
  // The runs that mostly sleep (killed after a few seconds) go first, so they overlap the CPU-bound ones.
  queue.sort((a, b) => Number(b[0].startsWith("hang")) - Number(a[0].startsWith("hang")));
  const workers = Array.from({ length: 6 }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [name, c] = next;
      const cwd = copyFixture(c.fixture);
      const result = await runShell(c.command, cwd, c.env ?? {}, c.stop);
      if (process.env.RTS_TIMINGS) console.log(name, result.ms);
      results.set(name, { ...result, cwd });
    }
  });
  await Promise.all(workers);
}

// A bound for a wedged run, not a wait: the runs end on their own evidence. Two suites at once on 2 busy cores
// (load 20 measured) took longer than 120 s.
beforeAll(runAll, 600_000);
afterAll(cleanupTempDirs);

function result(name: RunName) {
  const r = results.get(name);
  if (!r) throw new Error(`no result for ${name}`);
  return r;
}

/** The hook's pipeline on a hook input (the same calls hooks/entry/report.ts makes, minus git/ledger). */
function viaHook(input: unknown, profile: ResultsProfile): { classified: Classified; report: string } {
  const event = eventText(input as PostBashInput, readPersistedOutput);
  if (!event.ok) throw new Error(event.skip);
  const classified = classifyOutput({ ...event.input, profile, report: null });
  const composed = composeReport({
    classified,
    profile,
    changedFiles: [],
    tree: null,
    history: [],
    now: new Date("2026-11-25T10:00:00Z"),
  });
  return { classified, report: composed.text };
}

function classifyRun(name: RunName, profile: ResultsProfile = GENERIC) {
  const r = result(name);
  return viaHook(hookInputFor(r, r.cwd), profile);
}

function failingIds(c: Classified, cls?: string): string[] {
  return c.classification.tests
    .filter(
      (t) => (t.outcome === "failed" || t.outcome === "error") && (cls === undefined || t.class === cls),
    )
    .map((t) => t.id)
    .sort();
}

function counts(c: Classified): Partial<Counts> {
  return Object.fromEntries(Object.entries(c.classification.counts).filter(([, n]) => n > 0));
}

describe("plain runs", () => {
  it("pass: PostToolUse with a clean stats line", () => {
    expect(result("pass").exitCode).toBe(0);
    const { classified, report } = classifyRun("pass");
    expect(classified.classification.class).toBe("pass");
    expect(counts(classified)).toEqual({ passed: 5, skipped: 1, xfailed: 1 });
    expect(classified.classification.evidence).toBe("complete");
    expect(report.split("\n").length).toBeLessThanOrEqual(12);
    expect(report).toMatch(/unstaged/);
  });

  it("assert failures (default --tb=long): ids with class methods and the crash line", () => {
    expect(result("assertDefault").exitCode).toBe(1);
    const { classified } = classifyRun("assertDefault");
    expect(classified.classification.class).toBe("real-failure");
    expect(failingIds(classified)).toEqual([
      "tests/test_math.py::TestDivision::test_divides_by_zero",
      "tests/test_math.py::test_subtracts",
    ]);
    const sigs = Object.fromEntries(classified.classification.tests.map((t) => [t.id, t.signature]));
    expect(sigs["tests/test_math.py::test_subtracts"]).toBe("AssertionError: assert (3 - 1) == 1");
    expect(sigs["tests/test_math.py::TestDivision::test_divides_by_zero"]).toBe(
      "ZeroDivisionError: division by zero",
    );
  });

  it("setup and teardown errors are real failures, counted as pytest counts them, with the port hint", () => {
    const { classified } = classifyRun("setupTeardown");
    const c = classified.classification;
    expect(c.class).toBe("real-failure");
    expect(counts(classified)).toEqual({ passed: 2, errors: 2 });
    const byId = Object.fromEntries(c.tests.map((t) => [t.id, t]));
    expect(byId["tests/test_fixtures.py::test_needs_server"]).toMatchObject({
      outcome: "error",
      phase: "setup",
      signature: "OSError: [Errno 98] Address already in use",
    });
    expect(byId["tests/test_fixtures.py::test_uses_resource"]).toMatchObject({
      outcome: "error",
      phase: "teardown",
    });
    expect(c.hints).toContain("stale-server");
  });

  it("strict XPASS fails the run; skip and xfail do not", () => {
    const { classified } = classifyRun("skips");
    expect(classified.classification.class).toBe("real-failure");
    expect(failingIds(classified)).toEqual(["tests/test_marks.py::test_xpass_strict"]);
    expect(counts(classified)).toEqual({ passed: 1, failed: 1, skipped: 1, xfailed: 1, xpassed: 1 });
  });

  it("a non-strict XPASS is a pass", () => {
    const { classified } = classifyRun("xpassLenient");
    expect(classified.classification.class).toBe("pass");
    expect(counts(classified)).toEqual({ passed: 1, skipped: 1, xfailed: 1, xpassed: 1 });
  });

  it("collect-only and fully deselected runs pass without running anything", () => {
    const co = classifyRun("collectOnly").classified.classification;
    expect(co).toMatchObject({ class: "pass", collectOnly: true, collected: 7 });
    expect(result("deselectAll").exitCode).toBe(5);
    const none = classifyRun("deselectAll");
    expect(none.classified.classification.class).toBe("pass");
    expect(none.report).toMatch(/0 tests ran/);
  });
});

describe("errors before tests run", () => {
  it("an ImportError in a test module is import-error and names the module", () => {
    expect(result("importError").exitCode).toBe(2);
    const { classified, report } = classifyRun("importError", TRACTOR);
    const c = classified.classification;
    expect(c.class).toBe("import-error");
    expect(c.collectionErrors.map((e) => e.path)).toEqual(["tests/test_broken_import.py"]);
    expect(c.missingModules).toEqual(["not_a_real_module_xyz"]);
    expect(report).toContain("tractor.__file__"); // the venv check from the profile's hints
  });

  it("a SyntaxError is collection-error", () => {
    const { classified } = classifyRun("syntaxError");
    expect(classified.classification.class).toBe("collection-error");
    expect(classified.classification.collectionErrors[0]).toMatchObject({
      path: "tests/test_bad_syntax.py",
      crash: { type: "SyntaxError", message: "invalid syntax" },
    });
  });

  it("a conftest raising RuntimeError is collection-error, one importing a missing module is environment-error", () => {
    expect(result("conftestError").exitCode).toBe(4);
    const bad = classifyRun("conftestError").classified.classification;
    expect(bad.class).toBe("collection-error");
    expect(bad.collectionErrors[0]?.preSession).toBe("conftest");
    // A conftest importing a module that is not installed: the environment, not the code.
    const imp = classifyRun("conftestImport").classified.classification;
    expect(imp.class).toBe("environment-error");
    expect(imp.missingModules).toEqual(["missing_helper_pkg"]);
  });

  it("an unknown option and a missing path are usage errors: the command is wrong (environment-error)", () => {
    expect(result("badOption").exitCode).toBe(4);
    expect(classifyRun("badOption").classified.classification).toMatchObject({
      class: "environment-error",
      collectionErrors: [{ preSession: "usage", path: "unrecognized arguments: --no-such-option" }],
    });
    expect(classifyRun("notFound").classified.classification.class).toBe("environment-error");
  });
});

describe("timeouts and exception groups", () => {
  it("trio: TooSlowError and groups of only timeouts/cancellations are timeout-shaped; mixed groups are real", () => {
    for (const name of ["trio", "trioLine"] as const) {
      const { classified } = classifyRun(name);
      expect(classified.classification.class, name).toBe("mixed");
      expect(failingIds(classified, "flaky-likely"), name).toEqual([
        "tests/test_deadlines.py::test_group_of_timeouts",
        "tests/test_deadlines.py::test_strict_group_of_timeouts",
        "tests/test_deadlines.py::test_strict_nested_group_with_cancelled",
        "tests/test_deadlines.py::test_too_slow",
      ]);
      expect(failingIds(classified, "real-failure"), name).toEqual([
        "tests/test_deadlines.py::test_group_timeout_and_value_error",
        "tests/test_deadlines.py::test_strict_group_mixed",
      ]);
    }
  });

  it("pexpect: TIMEOUT is timeout-shaped, EOF (the child died) is real", () => {
    const { classified } = classifyRun("pexpect");
    expect(classified.classification.class).toBe("mixed");
    expect(failingIds(classified, "flaky-likely")).toEqual(["tests/test_spawned.py::test_prompt_timeout"]);
    expect(failingIds(classified, "real-failure")).toEqual(["tests/test_spawned.py::test_child_died"]);
  });

  it("pytest-timeout (signal): flaky-likely with the capture-pipe hint", (ctx) => {
    ctx.skip(!HAS_TIMEOUT_PLUGIN, TIMEOUT_MISSING);
    const { classified } = classifyRun("hangPytestTimeout");
    expect(classified.classification.class).toBe("flaky-likely");
    expect(failingIds(classified)).toEqual(["tests/test_hang.py::test_sleeps_forever"]);
    expect(classified.classification.hints).toContain("capture-pipe");
  });

  it("pytest-timeout (thread): the dump ends the run: interrupted, hanging test named", (ctx) => {
    ctx.skip(!HAS_TIMEOUT_PLUGIN, TIMEOUT_MISSING);
    const { classified } = classifyRun("hangThreadTimeout");
    expect(classified.classification.class).toBe("interrupted");
    expect(classified.classification.runningTest).toMatch(/^test_sleeps_forever \(/);
  });
});

describe("interrupted and killed runs", () => {
  it("SIGINT: KeyboardInterrupt banner => interrupted although the stats line says 2 passed", () => {
    expect(result("hangInt").exitCode).toBe(2);
    const { classified } = classifyRun("hangInt");
    expect(classified.classification).toMatchObject({ class: "interrupted", evidence: "partial" });
    expect(classified.classification.counts.passed).toBe(2);
    expect(classified.classification.runningTest).toMatch(/tests\/test_hang\.py:\d+$/);
  });

  it("SIGKILL: output stops mid-line => interrupted", () => {
    expect(result("hangKill").exitCode).toBe(137);
    expect(classifyRun("hangKill").classified.classification.class).toBe("interrupted");
  });

  it("a killed -v run names the test that was running", () => {
    const { classified, report } = classifyRun("hangKillVerbose");
    expect(classified.classification.class).toBe("interrupted");
    expect(classified.classification.runningTest).toBe("tests/test_hang.py::test_sleeps_forever");
    expect(report).toContain("Running when the run stopped: tests/test_hang.py::test_sleeps_forever");
  });

  it("auto-backgrounded by Claude Code (backgroundTaskId + timedOutAfterMs) => interrupted, not final", () => {
    const r = result("hangKill");
    const input = postToolUse(r.command, r.output, r.cwd, {
      backgroundTaskId: "bash_1",
      timedOutAfterMs: 120000,
    });
    const { classified, report } = viaHook(input, GENERIC);
    expect(classified.classification.class).toBe("interrupted");
    expect(report).toMatch(/moved the command to the background/);
  });
});

describe("xdist", () => {
  it("-n 2: the same ids and crash lines as a serial run", (ctx) => {
    ctx.skip(!HAS_XDIST, XDIST_MISSING);
    const { classified } = classifyRun("xdist");
    expect(classified.classification.class).toBe("real-failure");
    expect(failingIds(classified)).toEqual([
      "tests/test_math.py::TestDivision::test_divides_by_zero",
      "tests/test_math.py::test_subtracts",
    ]);
  });

  it("-n 2 with an import error: the run goes on (exit 1), still import-error", (ctx) => {
    ctx.skip(!HAS_XDIST, XDIST_MISSING);
    expect(result("xdistImport").exitCode).toBe(1);
    const c = classifyRun("xdistImport").classified.classification;
    expect(c.class).toBe("import-error");
    expect(c.counts.passed).toBe(1);
  });
});

describe("long ids and the tractor profile's known-flaky entries", () => {
  it("an id wider than 80 columns: bare FAILED line, signature from the FAILURES section", () => {
    const { classified } = classifyRun("longIds");
    const id =
      "tests/test_long_parametrised_identifiers.py::test_connection_survives_restart_with_configuration[a-very-long-transport-configuration-name-that-pushes-past-eighty-columns]";
    expect(id.length).toBeGreaterThan(80);
    expect(result("longIds").output).toContain(`FAILED ${id}\n`);
    expect(failingIds(classified)).toEqual([id]);
    expect(classified.classification.tests[0]?.signature).toMatch(
      /^AssertionError: unsupported configuration/,
    );
  });

  it("with CI set, pytest prints the whole multi-line message after the id: same id and signature", () => {
    const { classified } = classifyRun("longIdsUnderCi");
    const output = result("longIdsUnderCi").output;
    expect(output).toMatch(
      /^FAILED tests\/test_long_parametrised_identifiers\.py::\S+ - AssertionError: unsupported/m,
    );
    expect(output).toMatch(/^assert 'a-very-long-\.\.\.ighty-columns' == 'short'$/m);
    expect(classified.classification.class).toBe("real-failure");
    expect(failingIds(classified)).toEqual(failingIds(classifyRun("longIds").classified));
    expect(classified.classification.tests[0]?.signature).toMatch(
      /^AssertionError: unsupported configuration/,
    );
  });

  it("the four listed tests failing with their listed signatures => flaky-known (ids as pytest prints them)", () => {
    for (const name of ["tractorFlaky", "tractorFlakyLong"] as const) {
      const { classified, report } = classifyRun(name, TRACTOR);
      expect(classified.classification.class, name).toBe("flaky-known");
      expect(failingIds(classified, "flaky-known"), name).toEqual(TRACTOR_FLAKY_IDS);
      expect(report.split("\n").length, name).toBeLessThanOrEqual(12);
    }
    // The 84-character id prints a bare FAILED line: the TooSlowError came from its section.
    expect(result("tractorFlaky").output).toContain(
      "FAILED tests/test_cancellation.py::test_cancel_via_SIGINT_other_task[start_method=trio]\n",
    );
  });

  it("the same run without the tractor profile: nothing is known-flaky; `assert None == 0` is real => mixed", () => {
    const { classified } = classifyRun("tractorFlaky", GENERIC);
    expect(classified.classification.class).toBe("mixed");
    // The SIGINT test's TooSlowError shows only inside its assertion's explanation: evidence for a listed
    // entry's signature, never enough to call an unlisted failure timeout-shaped.
    expect(failingIds(classified, "real-failure")).toEqual([
      "tests/test_cancellation.py::test_cancel_via_SIGINT_other_task[start_method=trio]",
      "tests/test_docs_examples.py::test_example[we_are_processes.py]",
    ]);
  });

  it("field-trial shapes: hang guard flaky-likely, listed SIGINT test flaky-known, unlisted assertion real", () => {
    const output = result("tractorTrial").output;
    expect(output).toMatch(/^E {3}assert \(False or \(False\)\)$/m);
    expect(output).toMatch(/^E .*isinstance\(TooSlowError\(\), KeyboardInterrupt\)$/m);
    expect(output).toMatch(/^=+ tractor hang-snapshot index =+$/m);
    const { classified, report } = classifyRun("tractorTrial", TRACTOR);
    expect(classified.classification.class).toBe("mixed");
    expect(failingIds(classified, "flaky-likely")).toEqual([
      "tests/test_cancellation.py::test_multierror_fast_nursery[num_subs=25-delays=0.5]",
    ]);
    expect(failingIds(classified, "flaky-known")).toEqual([
      "tests/test_cancellation.py::test_cancel_via_SIGINT_other_task[start_method=trio]",
    ]);
    expect(failingIds(classified, "real-failure")).toEqual(["tests/test_local.py::test_register_actor"]);
    expect(report).toContain("Next: Real failure: read tests/test_local.py:");
    expect(report).toContain(
      "rerun only that test once, alone: `python -m pytest 'tests/test_cancellation.py::test_multierror_fast_nursery[num_subs=25-delays=0.5]'",
    );
    expect(report).toContain(
      "matched the known-flaky entry tests/test_cancellation.py::test_cancel_via_SIGINT_other_task",
    );
    expect(report).toContain("`tractor hang-snapshot index` section says a test hung");
  });

  it("the hang-snapshot section alone makes the test it names timeout-shaped", () => {
    const noGuard = { ...TRACTOR, timeout_signatures: ["trio.TooSlowError"] };
    const { classified } = classifyRun("tractorTrial", noGuard);
    const hung = classified.classification.tests.find((t) => t.id.includes("test_multierror_fast_nursery"));
    expect(hung).toMatchObject({ class: "flaky-likely" });
    expect(hung?.why).toMatch(/named in the `tractor hang-snapshot index` section/);
    const { classified: without } = classifyRun("tractorTrial", { ...noGuard, hang_sections: [] });
    expect(without.classification.tests.find((t) => t.id.includes("test_multierror"))?.class).toBe(
      "real-failure",
    );
  });

  it("a listed test failing with a different error (AssertionError) is a real failure", () => {
    const { classified, report } = classifyRun("tractorAssert", TRACTOR);
    expect(classified.classification.class).toBe("real-failure");
    expect(failingIds(classified)).toEqual([
      "tests/test_inter_peer_cancellation.py::test_peer_spawns_and_cancels_service_subactor[0.5-None]",
      "tests/test_inter_peer_cancellation.py::test_peer_spawns_and_cancels_service_subactor[None-None]",
    ]);
    expect(report).toMatch(/listed as known-flaky for trio\.TooSlowError/);
  });

  it("an unlisted test timing out is flaky-likely, and the report says why it is not dismissed", () => {
    const { classified, report } = classifyRun("tractorUnlisted", TRACTOR);
    expect(classified.classification.class).toBe("flaky-likely");
    expect(failingIds(classified)).toEqual(["tests/test_local.py::test_registrar_lookup_deadline"]);
    expect(report).toMatch(/not on the known-flaky list/);
    // The rerun keeps the run's output flags (issue 17 item 3).
    expect(report).toContain(
      "`python -m pytest tests/test_local.py::test_registrar_lookup_deadline --tb=short -q`",
    );
  });

  it("all passing => pass", () => {
    expect(classifyRun("tractorPass", TRACTOR).classified.classification).toMatchObject({
      class: "pass",
      counts: { passed: 12 },
    });
  });

  it("-x: stopped at the first failure, not interrupted, and the tests that did not run are counted", () => {
    const { classified, report } = classifyRun("tractorStop", TRACTOR);
    expect(classified.classification).toMatchObject({ class: "flaky-known", stoppedEarly: true });
    expect(failingIds(classified)).toHaveLength(1);
    expect(report).toMatch(/Stopped at the first failure/);
  });
});

describe("hook event shapes", () => {
  it("PostToolUseFailure over 10k characters, middle-truncated: partial evidence, never flaky-known", () => {
    const r = result("tractorFlakyLong");
    expect(r.output.length).toBeGreaterThan(10_000);
    const error = middleTruncate(`Exit code ${r.exitCode}\n${r.output}`);
    const input = { ...hookInputFor(r, r.cwd), error };
    const { classified, report } = viaHook(input, TRACTOR);
    expect(classified.classification.evidence).toBe("partial");
    expect(report).toMatch(/cut the middle/);
    // Summary and stats survive in the tail: the same seven ids, 7 failed / 5 passed.
    expect(failingIds(classified)).toEqual(TRACTOR_FLAKY_IDS);
    expect(classified.classification.counts).toMatchObject({ failed: 7, passed: 5 });
    // Tests whose FAILURES section was cut have no signature: they cannot be excused.
    expect(classified.classification.class).not.toBe("flaky-known");
    expect(["mixed", "real-failure"]).toContain(classified.classification.class);
  });

  it("persistedOutputPath: the full output is read from the file, not the 2 KB preview", () => {
    const r = result("tractorFlakyOrTrue");
    expect(r.exitCode).toBe(0); // `|| true`: Claude Code routes it to PostToolUse
    const file = join(tempDir(), "persisted.txt");
    writeFileSync(file, r.output);
    const preview = `Output too large (${r.output.length}). Full output saved to: ${file}\n\nPreview (first 2KB):\n${r.output.slice(0, 2048)}`;
    const input = postToolUse(r.command, preview, r.cwd, {
      persistedOutputPath: file,
      persistedOutputSize: r.output.length,
    });
    const { classified, report } = viaHook(input, TRACTOR);
    expect(classified.classification.class).toBe("flaky-known");
    expect(failingIds(classified)).toHaveLength(7);
    expect(report).toMatch(/exit code ended the line/); // `|| true` masks pytest's exit code
  });

  it("a pipe (| tail -5): PostToolUse, only the tail survives; the class comes from it, marked as filtered", () => {
    const r = result("assertPiped");
    expect(r.exitCode).toBe(0);
    expect(r.output.trim().split("\n")).toHaveLength(5);
    const { classified, report } = classifyRun("assertPiped");
    expect(classified.classification).toMatchObject({ class: "real-failure", evidence: "partial" });
    expect(failingIds(classified)).toEqual([
      "tests/test_math.py::TestDivision::test_divides_by_zero",
      "tests/test_math.py::test_subtracts",
    ]);
    expect(report).toMatch(/went through a pipe/);
  });
});
