// Re-records test/fixtures/recorded/*.txt: real pytest output in forms the live tests do not run (-qq,
// --color=yes, --tb=line/native, -rsx, xdist -v, INTERNALERROR, ...). Each file starts with a header naming
// the versions and the command that made it and the expected class and failing ids; recorded.test.ts reads
// them back. The temp copy's path is replaced by <fixture> so the files do not depend on where they were made.
// Run: npx tsx test/results/record.ts
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execaSync } from "execa";
import { cleanupTempDirs, copyFixture, RECORDED, runShell, type StopWhenReached } from "./helpers.ts";

export interface Recording {
  name: string;
  fixture: string;
  command: string;
  env?: Record<string, string>;
  /** Stop the run once the hanging test has started (see runShell's StopWhenReached). */
  stop?: StopWhenReached;
  profile: "tractor" | "generic";
  expectClass: string;
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
];

function version(code: string): string {
  const r = execaSync("python", ["-c", code], { reject: false });
  return r.exitCode === 0 ? String(r.stdout).trim() : "absent";
}

async function main(): Promise<void> {
  mkdirSync(RECORDED, { recursive: true });
  const versions = [
    `pytest ${version("import pytest; print(pytest.__version__)")}`,
    `Python ${version("import sys; print('%d.%d.%d' % sys.version_info[:3])")}`,
    `trio ${version("import trio; print(trio.__version__)")}`,
    `pexpect ${version("import pexpect; print(pexpect.__version__)")}`,
    `pytest-xdist ${version("import xdist; print(xdist.__version__)")}`,
  ].join(", ");
  for (const rec of RECORDINGS) {
    const cwd = copyFixture(rec.fixture);
    const result = await runShell(rec.command, cwd, rec.env ?? {}, rec.stop);
    const output = result.output.split(cwd).join("<fixture>");
    const header = [
      `# recorded: ${versions}`,
      `# fixture: test/fixtures/pytest/${rec.fixture} (copied to a temp dir, shown as <fixture>)`,
      `# command: ${rec.command}`,
      ...(rec.stop
        ? [`# stopped: ${rec.stop.signal} to the process group once the hanging test had started`]
        : []),
      "# env: COLUMNS=80 PYTEST_ADDOPTS='-p no:hypothesispytest -p no:benchmark' (no TTY, as under Claude Code)",
      `# exit: ${result.exitCode}`,
      `# profile: ${rec.profile}`,
      `# expect-class: ${rec.expectClass}`,
      `# expect-ids: ${rec.expectIds.join(" ")}`,
      `# why: ${rec.why}`,
      "# ---",
    ];
    writeFileSync(join(RECORDED, `${rec.name}.txt`), `${header.join("\n")}\n${output}`);
    console.log(`${rec.name}: exit ${result.exitCode}`);
  }
  cleanupTempDirs();
}

if (process.argv[1]?.endsWith("record.ts")) await main();
