// Re-records test/fixtures/recorded/*.txt: real pytest output in forms the live tests do not run (-qq,
// --color=yes, --tb=line/native, -rsx, xdist -v, INTERNALERROR, ...). Each file starts with a header naming
// the versions and the command that made it and the expected class and failing ids; recorded.test.ts reads
// them back. The temp copy's path is replaced by <fixture> so the files do not depend on where they were made.
// Some recordings run in a fresh venv with real packages from the registry (pip, offline index), e.g. anyio,
// or with a package removed to break pytest's own start-up; the header names what was installed.
// Run: npx tsx test/results/record.ts [name ...]   (no names: all)
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execaSync } from "execa";
import {
  cleanupTempDirs,
  copyFixture,
  RECORDED,
  runShell,
  type StopWhenReached,
  tempDir,
} from "./helpers.ts";

export interface Recording {
  name: string;
  fixture: string;
  command: string;
  env?: Record<string, string>;
  /** Stop the run once the hanging test has started (see runShell's StopWhenReached). */
  stop?: StopWhenReached;
  profile: "tractor" | "generic";
  /** Run in a fresh venv with these packages (pytest among them), minus `uninstall`. */
  venv?: { install: string[]; uninstall?: string[] };
  /** Claude Code's middle truncation (helpers.ts middleTruncate) applied to the hook's text, keeping this
   *  many characters: the recording stays whole, the test cuts it. */
  truncate?: number;
  expectClass: string;
  /** Per-test classes worth asserting, by id. */
  expectTestClasses?: Record<string, string>;
  /** Failing/erroring ids (or collection-error paths), sorted. */
  expectIds: string[];
  why: string;
}

const TRACTOR_IDS = [
  "tests/devx/test_debugger.py::test_multi_nested_subactors_error_through_nurseries",
  "tests/test_cancellation.py::test_cancel_via_SIGINT_other_task[start_method=trio]",
  "tests/test_docs_examples.py::test_example[we_are_processes.py]",
  "tests/test_inter_peer_cancellation.py::test_peer_spawns_and_cancels_service_subactor[0.5-KeyboardInterrupt]",
  "tests/test_inter_peer_cancellation.py::test_peer_spawns_and_cancels_service_subactor[0.5-None]",
  "tests/test_inter_peer_cancellation.py::test_peer_spawns_and_cancels_service_subactor[None-KeyboardInterrupt]",
  "tests/test_inter_peer_cancellation.py::test_peer_spawns_and_cancels_service_subactor[None-None]",
];
const MATH_IDS = [
  "tests/test_math.py::TestDivision::test_divides_by_zero",
  "tests/test_math.py::test_subtracts",
];
const TRIO = "tests/test_deadlines.py::";

export const RECORDINGS: Recording[] = [
  {
    name: "qq-failures",
    fixture: "assert_fail",
    command: "python -m pytest -p no:cacheprovider -qq",
    profile: "generic",
    expectClass: "real-failure",
    expectIds: MATH_IDS,
    why: "-qq prints no stats line; the short summary and the exit code carry the verdict",
  },
  {
    name: "qq-pass",
    fixture: "pass",
    command: "python -m pytest -p no:cacheprovider -qq",
    profile: "generic",
    expectClass: "pass",
    expectIds: [],
    why: "-qq pass: no stats line, exit code 0 known from PostToolUse",
  },
  {
    name: "color-failures",
    fixture: "assert_fail",
    command: "python -m pytest -p no:cacheprovider -q --color=yes",
    profile: "generic",
    expectClass: "real-failure",
    expectIds: MATH_IDS,
    why: "colour codes inside node ids and the stats line",
  },
  {
    name: "tb-line-trio",
    fixture: "trio_timeouts",
    command: "python -m pytest -p no:cacheprovider -q --tb=line",
    profile: "generic",
    expectClass: "mixed",
    expectIds: [
      `${TRIO}test_group_of_timeouts`,
      `${TRIO}test_group_timeout_and_value_error`,
      `${TRIO}test_strict_group_mixed`,
      `${TRIO}test_strict_group_of_timeouts`,
      `${TRIO}test_strict_nested_group_with_cancelled`,
      `${TRIO}test_too_slow`,
    ],
    why: "--tb=line: no per-test headers; chained E lines and group renderings before each location line",
  },
  {
    name: "tb-native-pexpect",
    fixture: "pexpect_timeouts",
    command: "python -m pytest -p no:cacheprovider -q --tb=native",
    profile: "generic",
    expectClass: "mixed",
    expectIds: ["tests/test_spawned.py::test_child_died", "tests/test_spawned.py::test_prompt_timeout"],
    why: "--tb=native: plain Python tracebacks, no E lines",
  },
  {
    name: "rsx-tractor",
    fixture: "tractor_like",
    command: "python -m pytest -p no:cacheprovider -rsx --tb=short",
    profile: "tractor",
    expectClass: "flaky-known",
    expectIds: TRACTOR_IDS,
    why: "-rsx: no FAILED lines; ids rebuilt from section headers and frames",
  },
  {
    name: "verbose-long-tractor",
    fixture: "tractor_like",
    command: "python -m pytest -p no:cacheprovider -v",
    profile: "tractor",
    expectClass: "flaky-known",
    expectIds: TRACTOR_IDS,
    why: "-v with the default long tracebacks",
  },
  {
    name: "xdist-verbose",
    fixture: "assert_fail",
    command: "python -m pytest -p no:cacheprovider -n 2 -v --tb=short",
    profile: "generic",
    expectClass: "real-failure",
    expectIds: MATH_IDS,
    why: "xdist -v: status before the id, [gwN] lines in sections",
  },
  {
    name: "keyboard-interrupt-verbose",
    fixture: "hang",
    command: "python -m pytest -p no:cacheprovider -v",
    stop: { signal: "SIGINT" },
    profile: "generic",
    expectClass: "interrupted",
    expectIds: [],
    why: "Ctrl-C: a normal-looking stats line after the KeyboardInterrupt banner",
  },
  {
    name: "continue-on-collection-errors",
    fixture: "mixed_collection",
    command: "python -m pytest -p no:cacheprovider -q --continue-on-collection-errors",
    profile: "generic",
    expectClass: "mixed",
    expectIds: ["tests/test_broken_import.py", "tests/test_fails.py::test_wrong_total"],
    why: "a test failure together with a collection error",
  },
  {
    name: "internal-error",
    fixture: "internal_error",
    command: "python -m pytest -p no:cacheprovider -q",
    profile: "generic",
    expectClass: "collection-error",
    expectIds: ["INTERNALERROR"],
    why: "INTERNALERROR> lines, exit 3",
  },
  {
    name: "setup-teardown-rA-verbose",
    fixture: "setup_teardown",
    command: "python -m pytest -p no:cacheprovider -rA -v --tb=long",
    profile: "generic",
    expectClass: "real-failure",
    expectIds: ["tests/test_fixtures.py::test_needs_server", "tests/test_fixtures.py::test_uses_resource"],
    why: "-rA lists a teardown-error test under PASSED and ERROR; -v prints PASSED then ERROR",
  },
  {
    name: "startup-broken-pluggy",
    fixture: "pass",
    command: "python -m pytest -p no:cacheprovider -q",
    venv: { install: ["pytest"], uninstall: ["pluggy"] },
    profile: "generic",
    expectClass: "import-error",
    expectIds: ["pytest"],
    why: "pytest cannot import its own dependency: a bare traceback, no banner, exit 1",
  },
  {
    name: "collection-stopped-qq",
    fixture: "import_error",
    command: "python -m pytest -p no:cacheprovider -qq",
    profile: "generic",
    expectClass: "import-error",
    expectIds: ["tests/test_broken_import.py"],
    why: "-qq: `Interrupted: 1 error during collection` and no stats line after it",
  },
  {
    name: "doctest-modules",
    fixture: "doctests",
    command: "python -m pytest -p no:cacheprovider -q",
    profile: "generic",
    expectClass: "real-failure",
    expectIds: ["pkg/calc.py::pkg.calc.add", "pkg/calc.py::pkg.calc.parse"],
    why: "doctest failures: `[doctest] mod.func` titles, Expected/Got blocks, DocTestFailure trailers",
  },
  {
    name: "builtin-timeouts",
    fixture: "async_timeouts",
    command: "python -m pytest -p no:cacheprovider -q --tb=short",
    venv: { install: ["pytest", "anyio"] },
    profile: "generic",
    expectClass: "mixed",
    expectIds: [
      "tests/test_deadlines.py::test_anyio_fail_after",
      "tests/test_deadlines.py::test_asyncio_wait_for",
      "tests/test_deadlines.py::test_future_result_timeout",
      "tests/test_deadlines.py::test_wrong_value",
    ],
    expectTestClasses: {
      "tests/test_deadlines.py::test_anyio_fail_after": "flaky-likely",
      "tests/test_deadlines.py::test_asyncio_wait_for": "flaky-likely",
      "tests/test_deadlines.py::test_future_result_timeout": "flaky-likely",
      "tests/test_deadlines.py::test_wrong_value": "real-failure",
    },
    why: "the builtin TimeoutError from anyio.fail_after, asyncio.wait_for and concurrent.futures",
  },
  {
    name: "missing-plugin-fixture",
    fixture: "missing_plugin",
    command: "python -m pytest -p no:cacheprovider -q --tb=short",
    venv: { install: ["pytest"] },
    profile: "generic",
    expectClass: "real-failure",
    expectIds: [
      "tests/test_speed.py::test_join_speed",
      "tests/test_speed.py::test_parse_long_speed",
      "tests/test_speed.py::test_parse_speed",
    ],
    why: "pytest-benchmark not installed: `fixture 'benchmark' not found` at setup on every benchmark test",
  },
  {
    name: "subtests-pytest9",
    fixture: "subtests",
    command: "python -m pytest -p no:cacheprovider -q --tb=short",
    profile: "generic",
    expectClass: "real-failure",
    expectIds: ["tests/test_sub.py::TestNumbers::test_even", "tests/test_sub.py::test_plain_subtests"],
    why: "pytest 9 SUBFAILED(...) short-summary lines, one per failed subtest",
  },
  {
    name: "middle-truncated-tail",
    fixture: "late_tail",
    command: "python -m pytest -p no:cacheprovider -q --tb=short",
    truncate: 10_000,
    profile: "generic",
    expectClass: "real-failure",
    // All rebuilt from section headers (recorded.test.ts checks they are marked uncertain).
    expectIds: [
      "tests/test_late.py::test_record_roundtrip[1]",
      "tests/test_late.py::test_record_roundtrip[11]",
      "tests/test_late.py::test_record_roundtrip[12]",
      "tests/test_late.py::test_record_roundtrip[13]",
      "tests/test_late.py::test_record_roundtrip[14]",
      "tests/test_late.py::test_record_roundtrip[2]",
      "tests/test_late.py::test_record_roundtrip[3]",
      "tests/test_late.py::test_record_roundtrip[4]",
      "tests/test_late.py::test_record_roundtrip[6]",
      "tests/test_late.py::test_record_roundtrip[7]",
      "tests/test_late.py::test_record_roundtrip[8]",
      "tests/test_late.py::test_record_roundtrip[9]",
    ],
    why: "a long traceback after the summary: the middle cut takes the summary and stats; ids from headers are uncertain",
  },
  {
    name: "tractor-trial",
    fixture: "tractor_like",
    command: "python -m pytest -x --tb=short --no-header -q -p no:cacheprovider --maxfail=100",
    env: { FIXTURE_MODE: "trial" },
    profile: "tractor",
    expectClass: "mixed",
    expectIds: [
      "tests/test_cancellation.py::test_cancel_via_SIGINT_other_task[start_method=trio]",
      "tests/test_cancellation.py::test_multierror_fast_nursery[num_subs=25-delays=0.5]",
      "tests/test_local.py::test_register_actor",
    ],
    expectTestClasses: {
      "tests/test_cancellation.py::test_cancel_via_SIGINT_other_task[start_method=trio]": "flaky-known",
      "tests/test_cancellation.py::test_multierror_fast_nursery[num_subs=25-delays=0.5]": "flaky-likely",
      "tests/test_local.py::test_register_actor": "real-failure",
    },
    why: "field-trials §4: hang guard + hang-snapshot section, the SIGINT test's assert shape, an unlisted assertion",
  },
  {
    name: "timeout-kill",
    fixture: "hang",
    command: "timeout 20 python -m pytest -p no:cacheprovider -q",
    profile: "generic",
    expectClass: "interrupted",
    expectIds: [],
    why: "issue 17 item 8: coreutils `timeout 20` kills a hanging run (exit 124): interrupted, no capture-pipe hint",
  },
  {
    name: "teardown-interrupt-verbose",
    fixture: "teardown_interrupt",
    command: "python -m pytest -p no:cacheprovider -v",
    stop: { signal: "SIGINT" },
    profile: "generic",
    expectClass: "interrupted",
    expectIds: [],
    why: "issue 17 item 8: Ctrl-C in the teardown of a test reported PASSED: no capture-pipe hint, the PASSED test is not 'running'",
  },
  {
    name: "uv-missing",
    fixture: "pass",
    command: "uv run pytest -q",
    profile: "tractor",
    expectClass: "collection-error",
    expectIds: ["uv"],
    why: "issue 17 item 8: `uv run pytest` where uv is not installed (exit 127, command not found): the runner is missing, not interrupted",
  },
  {
    name: "tractor-remote-group",
    fixture: "tractor_like",
    command: "python -m pytest -x --tb=short --no-header -q -p no:cacheprovider --maxfail=100",
    env: { FIXTURE_MODE: "remote" },
    profile: "tractor",
    expectClass: "mixed",
    expectIds: [
      "tests/test_inter_peer_cancellation.py::test_peer_spawns_and_cancels_service_subactor[0.5-None]",
      "tests/test_local.py::test_register_actor",
    ],
    expectTestClasses: {
      "tests/test_inter_peer_cancellation.py::test_peer_spawns_and_cancels_service_subactor[0.5-None]":
        "flaky-known",
      "tests/test_local.py::test_register_actor": "real-failure",
    },
    why: "issue 17 item 7: the listed peer-cancellation test in its usual shape (a group holding a RemoteActorError raised from trio.fail_after) next to a real failure",
  },
];

function version(code: string, python = "python"): string {
  const r = execaSync(python, ["-c", code], { reject: false });
  return r.exitCode === 0 ? String(r.stdout).trim() : "absent";
}

/** Installed versions from package metadata (pytest's own version even when it cannot import). */
function versionsOf(python = "python"): string {
  const dist = (name: string) =>
    version(
      `import importlib.metadata as m\ntry: print(m.version(${JSON.stringify(name)}))\nexcept m.PackageNotFoundError: print("absent")`,
      python,
    );
  return [
    `pytest ${dist("pytest")}`,
    `Python ${version("import sys; print('%d.%d.%d' % sys.version_info[:3])", python)}`,
    `trio ${dist("trio")}`,
    `pexpect ${dist("pexpect")}`,
    `pytest-xdist ${dist("pytest-xdist")}`,
  ].join(", ");
}

/** A fresh venv with the packages installed by pip (the registry; offline index here). Returns its bin dir. */
function makeVenv(spec: NonNullable<Recording["venv"]>): string {
  const dir = join(tempDir("rts-venv-"), "venv");
  execaSync("python", ["-m", "venv", dir]);
  const bin = join(dir, "bin");
  execaSync(join(bin, "pip"), ["install", "-q", ...spec.install]);
  if (spec.uninstall && spec.uninstall.length > 0)
    execaSync(join(bin, "pip"), ["uninstall", "-q", "-y", ...spec.uninstall]);
  if (!existsSync(join(bin, "python"))) throw new Error(`no python in ${bin}`);
  return bin;
}

async function main(): Promise<void> {
  mkdirSync(RECORDED, { recursive: true });
  const only = process.argv.slice(2);
  const systemVersions = versionsOf();
  for (const rec of RECORDINGS) {
    if (only.length > 0 && !only.includes(rec.name)) continue;
    const cwd = copyFixture(rec.fixture);
    const bin = rec.venv ? makeVenv(rec.venv) : null;
    const env = { ...(rec.env ?? {}), ...(bin ? { PATH: `${bin}:${process.env.PATH ?? ""}` } : {}) };
    const result = await runShell(rec.command, cwd, env, rec.stop);
    let output = result.output.split(cwd).join("<fixture>");
    if (bin) output = output.split(join(bin, "..")).join("<venv>");
    const versions = bin ? versionsOf(join(bin, "python")) : systemVersions;
    const header = [
      `# recorded: ${versions}`,
      `# fixture: test/fixtures/pytest/${rec.fixture} (copied to a temp dir, shown as <fixture>)`,
      ...(rec.venv
        ? [
            `# venv: pip install ${rec.venv.install.join(" ")}${rec.venv.uninstall ? `; pip uninstall ${rec.venv.uninstall.join(" ")}` : ""} (shown as <venv>)`,
          ]
        : []),
      `# command: ${rec.command}`,
      ...(rec.stop
        ? [`# stopped: ${rec.stop.signal} to the process group once the hanging test had started`]
        : []),
      ...(rec.env
        ? [
            `# fixture-env: ${Object.entries(rec.env)
              .map(([k, v]) => `${k}=${v}`)
              .join(" ")}`,
          ]
        : []),
      "# env: COLUMNS=80 PYTEST_ADDOPTS='-p no:hypothesispytest -p no:benchmark' (no TTY, as under Claude Code)",
      `# exit: ${result.exitCode}`,
      ...(rec.truncate ? [`# truncate: ${rec.truncate}`] : []),
      `# profile: ${rec.profile}`,
      `# expect-class: ${rec.expectClass}`,
      `# expect-ids: ${rec.expectIds.join(" ")}`,
      ...(rec.expectTestClasses ? [`# expect-test-classes: ${JSON.stringify(rec.expectTestClasses)}`] : []),
      `# why: ${rec.why}`,
      "# ---",
    ];
    writeFileSync(join(RECORDED, `${rec.name}.txt`), `${header.join("\n")}\n${output}`);
    console.log(`${rec.name}: exit ${result.exitCode}`);
  }
  cleanupTempDirs();
}

if (process.argv[1]?.endsWith("record.ts")) await main();
