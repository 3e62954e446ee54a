// Re-records test/fixtures/recorded/*.txt: real pytest output in forms the live tests do not run (-qq,
// --color=yes, --tb=line/native, -rsx, xdist -v, INTERNALERROR, ...). Each file starts with a header naming
// the versions and the command that made it and the expected class and failing ids; recorded.test.ts reads
// them back. The temp copy's path is replaced by <fixture> so the files do not depend on where they were made.
// Some recordings run in a fresh venv with real packages from the registry (pip, offline index), e.g. anyio,
// or with a package removed to break pytest's own start-up; the header names what was installed.
// Some run a real project from a checkout outside this repo (`checkout:`, e.g. tractor's rebuilt suite) and are
// skipped, keeping the file on disk, where that checkout is missing.
// Run: npx tsx test/results/record.ts [name ...]   (no names: all)
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { execaSync } from "execa";
import { shellQuote } from "../../hooks/results/render.ts";
import { PYDEPS_DIR } from "../setup/python.ts";
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
  /** A folder of test/fixtures/pytest, or `mirror:<owner>+<name>`: a real project's snapshot (fetched
   *  into /work/.mirror by the session's fetch tool), exported with git archive; or `checkout:<path>`: a
   *  real project's git checkout outside this repo (exported with git archive), run with `prebuilt`. */
  fixture: string;
  /** For a `checkout:` fixture: a venv built outside this script (e.g. deps compiled from source) and how. */
  prebuilt?: { venv: string; how: string };
  /** Run inside Claude Code's sandbox engine (@anthropic-ai/sandbox-runtime's `srt`, bubblewrap + seccomp)
   *  with the project as the only writable place, as `init --sandbox` leaves it. */
  sandbox?: boolean;
  command: string;
  /** Extra environment; the value `$RECORDER_PID` becomes this script's pid (a process outside the sandbox). */
  env?: Record<string, string>;
  /** Stop the run once the hanging test has started (see runShell's StopWhenReached). `phase`: for a
   *  project whose tests do not write the marker, test/results/reached/rts_reached.py (loaded through
   *  PYTEST_PLUGINS) writes it when the first test reaches that phase. */
  stop?: StopWhenReached & { phase?: "call" | "teardown" };
  profile: "tractor" | "generic";
  /** Run in a fresh venv with these packages (pytest among them), minus `uninstall`; `source`: packages
   *  the local index lacks, built from a tag of the repository's fetched snapshot (/work/.mirror). */
  venv?: { install: string[]; uninstall?: string[]; source?: Array<{ repo: string; tag: string }> };
  /** How long the run may take before execa kills it (default 60 s): a real suite under load is slower. */
  timeoutMs?: number;
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
/** pytest-rerunfailures is not on the local index: built from the tag of its fetched snapshot. */
const RERUNFAILURES = { repo: "pytest-dev/pytest-rerunfailures", tag: "16.6" };
const RERUN_FAILING = ["tests/test_flaky.py::test_always_fails"];
const BRACKET_IDS = [
  "tests/test_brackets.py::test_eval[x[0]",
  "tests/test_brackets.py::test_eval[y - z]",
  "tests/test_brackets.py::test_parse_text[a[b]",
  "tests/test_brackets.py::test_parse_text[c]d]",
];
const FOREIGN_IDS = [
  "tests/test_settings.py::test_load_broken_settings",
  "tests/test_settings.py::test_pytest_raises_helper",
  "tests/test_settings.py::test_stdlib_directly",
];
const ODD_IDS = [
  "tests/test_odd.py::test_bug_12_still_there",
  "tests/test_odd.py::test_fail_without_traceback",
  "tests/test_odd.py::test_plain_failure",
];
const MD = "tests/test_extensions.py::";
const SANDBOX = "tests/test_transport.py::";

/** tractor's real suite, rebuilt outside this repo (see its build.sh, build.log). */
const TRACTOR_CHECKOUT = "checkout:/tmp/suitefit-tractor/goodboy+tractor";
const TRACTOR_VENV = {
  venv: "/tmp/suitefit-tractor/venv",
  how: "CPython 3.13.0 (pyenv) venv, trio/msgspec/wrapt/pdbp/tricycle/bidict/setproctitle built from source at their tags, tractor installed --no-deps (/tmp/suitefit-tractor/build.sh)",
};
const REACHED_PLUGIN_DIR = join(import.meta.dirname, "reached");

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
    name: "class-collection-error",
    fixture: "class_collection",
    command: "python -m pytest -p no:cacheprovider -q",
    venv: { install: ["pytest"] },
    profile: "generic",
    expectClass: "collection-error",
    expectIds: ["tests/test_shapes.py::TestShapes"],
    why: "issue 17.9: a class fails to collect; the section is titled with the file, the summary names the class",
  },
  {
    name: "class-collection-continue",
    fixture: "class_collection",
    command: "python -m pytest -p no:cacheprovider -q --continue-on-collection-errors",
    venv: { install: ["pytest"] },
    profile: "generic",
    expectClass: "collection-error",
    expectIds: ["tests/test_shapes.py::TestShapes"],
    why: "issue 17.9: the same class error next to passing tests; one error, counted once",
  },
  {
    name: "bracket-ids",
    fixture: "bracket_ids",
    command: "python -m pytest -p no:cacheprovider -q --tb=short",
    venv: { install: ["pytest"] },
    profile: "generic",
    expectClass: "real-failure",
    expectIds: BRACKET_IDS,
    why: "issue 17.10: unbalanced [ and ] inside parametrized ids, a ' - ' inside one",
  },
  {
    name: "reruns-verbose",
    fixture: "reruns",
    command: "python -m pytest -p no:cacheprovider -v --tb=short --reruns 2",
    venv: { install: ["pytest"], source: [RERUNFAILURES] },
    profile: "generic",
    expectClass: "real-failure",
    expectIds: RERUN_FAILING,
    why: "issue 17.11: -v prints RERUN progress lines; one test fails then passes on its rerun",
  },
  {
    name: "reruns-summary",
    fixture: "reruns",
    command: "python -m pytest -p no:cacheprovider -q --tb=short --reruns 2 -rfER",
    venv: { install: ["pytest"], source: [RERUNFAILURES] },
    profile: "generic",
    expectClass: "real-failure",
    expectIds: RERUN_FAILING,
    why: "issue 17.11: -rR adds a `rerun test summary info` section of RERUN lines",
  },
  {
    name: "reruns-quiet",
    fixture: "reruns",
    command: "python -m pytest -p no:cacheprovider -q --tb=short --reruns 2",
    venv: { install: ["pytest"], source: [RERUNFAILURES] },
    profile: "generic",
    expectClass: "real-failure",
    expectIds: RERUN_FAILING,
    why: "issue 17.11: -q shows only `R` progress and `N rerun` in the stats line",
  },
  {
    name: "segfault-faulthandler",
    fixture: "segfault",
    command: "python -m pytest -p no:cacheprovider -q --tb=short",
    venv: { install: ["pytest"] },
    profile: "generic",
    expectClass: "real-failure",
    expectIds: ["tests/test_crash.py::test_reads_null_pointer"],
    why: "issue 17.13: a segfault without xdist: faulthandler's dump, no stats line, exit 139",
  },
  {
    name: "segfault-xdist",
    fixture: "segfault",
    command: "python -m pytest -p no:cacheprovider -q --tb=short -n 2",
    venv: { install: ["pytest", "pytest-xdist"] },
    profile: "generic",
    expectClass: "real-failure",
    expectIds: ["tests/test_crash.py::test_reads_null_pointer"],
    why: "issue 17.13: xdist 3.8 names the crashed worker's test; its section is titled with the file",
  },
  {
    name: "foreign-frames-native",
    fixture: "foreign_frames",
    command: "python -m pytest -p no:cacheprovider -q --tb=native",
    venv: { install: ["pytest"] },
    profile: "generic",
    expectClass: "real-failure",
    expectIds: FOREIGN_IDS,
    why: "issue 17.14: --tb=native prints absolute frames (pytest, pluggy, the stdlib, the project)",
  },
  {
    name: "foreign-frames-long",
    fixture: "foreign_frames",
    command: "python -m pytest -p no:cacheprovider -q --tb=long",
    venv: { install: ["pytest"] },
    profile: "generic",
    expectClass: "real-failure",
    expectIds: FOREIGN_IDS,
    why: "issue 17.14: the deepest frame lies in the stdlib or in pytest; the project's own is higher up",
  },
  {
    name: "odd-failures",
    fixture: "odd_failures",
    command: "python -m pytest -p no:cacheprovider -q --tb=short",
    venv: { install: ["pytest"] },
    profile: "generic",
    expectClass: "real-failure",
    expectIds: ODD_IDS,
    why: "issue 17.15: XPASS(strict) and pytest.fail(pytrace=False) sections hold no E line",
  },
  {
    name: "odd-failures-qq",
    fixture: "odd_failures",
    command: "python -m pytest -p no:cacheprovider -qq --tb=short",
    venv: { install: ["pytest"] },
    profile: "generic",
    expectClass: "real-failure",
    expectIds: ODD_IDS,
    why: "issue 17.15: -qq prints no stats line: the passed count is unknown, not 0",
  },
  {
    name: "no-terminal",
    fixture: "odd_failures",
    command: "python -m pytest -p no:cacheprovider -p no:terminal",
    venv: { install: ["pytest"] },
    profile: "generic",
    expectClass: "real-failure",
    expectIds: [],
    why: "issue 17.15: -p no:terminal prints nothing; exit 1 still says tests failed",
  },
  // ---- environment-error: the run did not test the code (issue 16 item 3) ----
  {
    name: "env-async-no-plugin",
    fixture: "env_async",
    command: "python -m pytest -p no:cacheprovider -q --tb=short",
    venv: { install: ["pytest"] },
    profile: "generic",
    expectClass: "environment-error",
    expectIds: [
      "tests/test_fetch.py::test_fetch_many",
      "tests/test_fetch.py::test_fetch_none",
      "tests/test_fetch.py::test_fetch_returns_value",
    ],
    why: "no async plugin: every `async def` test fails `not natively supported`; the config names pytest-asyncio",
  },
  {
    name: "env-plugin-option-value",
    fixture: "env_async",
    command: "python -m pytest -p no:cacheprovider -q --tb=short -o asyncio_mode=bogus",
    venv: { install: ["pytest", "pytest-asyncio"] },
    profile: "generic",
    expectClass: "environment-error",
    expectIds: ["tests/test_fetch.py"],
    why: "a bad value for a plugin's ini option: pytest.UsageError raised inside the plugin while collecting",
  },
  {
    name: "env-bad-option-choice",
    fixture: "pass",
    command: "python -m pytest -p no:cacheprovider -q --dist=bogus",
    profile: "generic",
    expectClass: "environment-error",
    expectIds: [
      "argument --dist: invalid choice: 'bogus' (choose from 'each', 'load', 'loadscope', 'loadfile', 'loadgroup', 'worksteal', 'no')",
    ],
    why: "usage error (exit 4, `__main__.py: error:`): a bad value for pytest-xdist's --dist, valid values printed",
  },
  {
    name: "env-django-unconfigured",
    fixture: "env_django",
    command: "python -m pytest -p no:cacheprovider -q --tb=short",
    venv: { install: ["pytest", "django"] },
    profile: "generic",
    expectClass: "environment-error",
    expectIds: [
      "tests/test_views.py::GreetingTests::test_debug_is_off",
      "tests/test_views.py::GreetingTests::test_strip",
      "tests/test_views.py::GreetingTests::test_title",
    ],
    why: "Django installed, settings never configured (no pytest-django on the index): ImproperlyConfigured",
  },
  {
    name: "env-project-not-installed",
    fixture: "mirror:Python-Markdown+markdown",
    command: "pytest -p no:cacheprovider -q --tb=short tests/test_extensions.py",
    venv: { install: ["pytest", "pyyaml"] },
    profile: "generic",
    expectClass: "environment-error",
    expectIds: [
      `${MD}TestAdmonition::testRE`,
      `${MD}TestMetaData::testBasicMetaData`,
      `${MD}TestMetaData::testMetaDataReset`,
      `${MD}TestMetaData::testMetaDataWithoutNewline`,
      `${MD}TestMetaData::testMissingMetaData`,
      `${MD}TestMetaData::testYamlMetaData`,
      `${MD}TestSmarty::testCustomSubstitutions`,
      `${MD}TestWikiLinks::testBasicWikilinks`,
      `${MD}TestWikiLinks::testComplexSettings`,
      `${MD}TestWikiLinks::testSimpleSettings`,
      `${MD}TestWikiLinks::testURLCallback`,
      `${MD}TestWikiLinks::testWikilinkWhitespace`,
      `${MD}TestWikiLinks::testWikilinksMetaData`,
    ],
    why: "Python-Markdown's own suite with Markdown not installed: its extensions cannot be imported by name",
  },
  {
    name: "env-cov-without-plugin",
    fixture: "pass",
    command: "python -m pytest -p no:cacheprovider -q --cov=pkg --cov-report=term-missing",
    venv: { install: ["pytest"] },
    profile: "generic",
    expectClass: "environment-error",
    expectIds: ["unrecognized arguments: --cov=pkg --cov-report=term-missing"],
    why: "`--cov` without pytest-cov: usage error, exit 4, `python -m pytest: error:` line",
  },
  {
    name: "coverage-threshold-nox",
    fixture: "coverage_threshold",
    command: "nox -s tests",
    venv: { install: ["pytest", "coverage", "nox"] },
    timeoutMs: 600_000,
    profile: "generic",
    expectClass: "real-failure",
    expectIds: [],
    why: "a nox session (its own virtualenv, pytest and coverage from the same index) whose tests pass and whose `coverage report --fail-under=100` fails it: not a pass",
  },
  {
    name: "coverage-threshold-pytest-cov",
    fixture: "coverage_threshold",
    command:
      "python -m pytest -p no:cacheprovider -q --cov=calc --cov-report=term-missing --cov-fail-under=100",
    venv: { install: ["pytest", "pytest-cov"] },
    profile: "generic",
    expectClass: "real-failure",
    expectIds: [],
    why: "pytest-cov's --cov-fail-under: every test passes, pytest exits 1 on the threshold: not a pass",
  },
  {
    name: "env-unknown-ini-strict",
    fixture: "env_ini_option",
    command: "python -m pytest -p no:cacheprovider -q --strict-config",
    venv: { install: ["pytest"] },
    profile: "generic",
    expectClass: "environment-error",
    expectIds: ["Unknown config option: DJANGO_SETTINGS_MODULE"],
    why: "an ini option of a plugin that is not installed (pytest-django), --strict-config: exit 4",
  },
  {
    name: "env-unknown-ini-werror",
    fixture: "env_ini_option",
    command: "python -m pytest -p no:cacheprovider -q -W error",
    venv: { install: ["pytest"] },
    profile: "generic",
    expectClass: "environment-error",
    expectIds: ["INTERNALERROR"],
    why: "the same unknown ini option under -W error: PytestConfigWarning as an INTERNALERROR, exit 3",
  },
  {
    name: "env-conftest-missing-module",
    fixture: "conftest_import_error",
    command: "python -m pytest -p no:cacheprovider -q",
    venv: { install: ["pytest"] },
    profile: "generic",
    expectClass: "environment-error",
    expectIds: ["<fixture>/tests/conftest.py"],
    why: "a conftest importing a module that is not installed",
  },
  {
    name: "env-plugin-missing-module",
    fixture: "env_plugin_import",
    command: "python -m pytest -p no:cacheprovider -q -p fixture_plugin",
    venv: { install: ["pytest"] },
    profile: "generic",
    expectClass: "environment-error",
    expectIds: ["fixture_plugin"],
    why: "a `-p` plugin importing a module that is not installed: `Error importing plugin`",
  },
  {
    name: "env-sandbox-denied",
    fixture: "env_sandbox",
    sandbox: true,
    command: "python -m pytest -p no:cacheprovider -q --tb=short",
    env: { REGISTRAR_PID: "$RECORDER_PID" },
    venv: { install: ["pytest", "psutil"] },
    profile: "generic",
    expectClass: "mixed",
    expectIds: [
      `${SANDBOX}test_cache_under_home`,
      `${SANDBOX}test_dump_written_to_tmp`,
      `${SANDBOX}test_port_arithmetic`,
      `${SANDBOX}test_registrar_pid_is_alive`,
      `${SANDBOX}test_unix_socket_under_tmp`,
    ],
    expectTestClasses: {
      [`${SANDBOX}test_cache_under_home`]: "environment-error",
      [`${SANDBOX}test_dump_written_to_tmp`]: "environment-error",
      [`${SANDBOX}test_port_arithmetic`]: "real-failure",
      [`${SANDBOX}test_registrar_pid_is_alive`]: "environment-error",
      [`${SANDBOX}test_unix_socket_under_tmp`]: "environment-error",
    },
    why: "inside Claude Code's sandbox engine: EPERM on a unix-socket bind, read-only /tmp and ~, an outside pid; plus one real failure",
  },
  {
    name: "env-sandbox-only",
    fixture: "env_sandbox",
    sandbox: true,
    command:
      "python -m pytest -p no:cacheprovider -q --tb=short --deselect tests/test_transport.py::test_port_arithmetic",
    env: { REGISTRAR_PID: "$RECORDER_PID" },
    venv: { install: ["pytest", "psutil"] },
    profile: "generic",
    expectClass: "environment-error",
    expectIds: [
      `${SANDBOX}test_cache_under_home`,
      `${SANDBOX}test_dump_written_to_tmp`,
      `${SANDBOX}test_registrar_pid_is_alive`,
      `${SANDBOX}test_unix_socket_under_tmp`,
    ],
    why: "the sandbox's refusals alone: environment-error, the next step names the profile's sandbox section",
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
    expectClass: "environment-error",
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
  // Issue 17: items 3, 7 and 8 on tractor's real suite (goodboy/tractor 3690e43a, CPython 3.13 under pyenv,
  // its dependencies built from source by /tmp/suitefit-tractor/build.sh). Skipped when the checkout is gone.
  {
    name: "tractor-real-timeout-kill",
    fixture: TRACTOR_CHECKOUT,
    prebuilt: TRACTOR_VENV,
    command: "timeout 20 python -m pytest tests/test_rpc.py::test_rpc_errors -q -p no:cacheprovider",
    profile: "tractor",
    expectClass: "interrupted",
    expectIds: [],
    why: "issue 17 item 8 on tractor's suite: test_rpc_errors hangs, coreutils `timeout 20` kills pytest (exit 124) before -q prints anything",
  },
  {
    name: "tractor-real-timeout-kill-verbose",
    fixture: TRACTOR_CHECKOUT,
    prebuilt: TRACTOR_VENV,
    command: "timeout 20 python -m pytest tests/test_rpc.py -v -p no:cacheprovider",
    profile: "tractor",
    expectClass: "interrupted",
    expectIds: [],
    why: "issue 17 item 8 on tractor's suite: -v shows the tests that passed and the one that hangs when coreutils `timeout 20` kills pytest (exit 124)",
  },
  {
    name: "tractor-real-sigint-verbose",
    fixture: TRACTOR_CHECKOUT,
    prebuilt: TRACTOR_VENV,
    command: "python -m pytest tests/discovery/test_multi_program.py -v -p no:cacheprovider",
    stop: { signal: "SIGINT", phase: "teardown" },
    profile: "tractor",
    expectClass: "interrupted",
    expectIds: [],
    why: "issue 17 item 8 on tractor's suite: Ctrl-C (to the process group) sent at the teardown of test_abort_on_sigint (PASSED) lands as the next test starts",
  },
  {
    name: "tractor-real-teardown-interrupt",
    fixture: TRACTOR_CHECKOUT,
    prebuilt: TRACTOR_VENV,
    command:
      "python -m pytest tests/discovery/test_multi_program.py::test_cancel_remote_registrar -v -p no:cacheprovider",
    stop: { signal: "SIGINT", phase: "teardown" },
    profile: "tractor",
    expectClass: "interrupted",
    expectIds: [],
    why: "issue 17 item 8 on tractor's suite: Ctrl-C (to the process group) in the teardown of the daemon fixture (it signals and waits for the daemon) after the only test PASSED",
  },
  {
    name: "tractor-real-spawning-tb-short",
    fixture: TRACTOR_CHECKOUT,
    prebuilt: TRACTOR_VENV,
    command:
      "python -m pytest tests/test_spawning.py::test_most_beautiful_word --tb=short --no-header -q -p no:cacheprovider",
    timeoutMs: 240_000,
    profile: "tractor",
    expectClass: "flaky-likely",
    // Under load one or both parameters time out; this recording has one.
    expectIds: ["tests/test_spawning.py::test_most_beautiful_word[start_method=trio-return_None]"],
    why: "issue 17 item 3 on tractor's suite: trio.TooSlowError from trio.fail_after under load; the rerun keeps --tb=short --no-header -q",
  },
  {
    name: "tractor-real-peer-cancel",
    fixture: TRACTOR_CHECKOUT,
    prebuilt: TRACTOR_VENV,
    command:
      "python -m pytest 'tests/test_inter_peer_cancellation.py::test_peer_spawns_and_cancels_service_subactor[0.5-None]' --tb=short --no-header -q -p no:cacheprovider",
    timeoutMs: 180_000,
    profile: "tractor",
    expectClass: "flaky-known",
    expectIds: [
      "tests/test_inter_peer_cancellation.py::test_peer_spawns_and_cancels_service_subactor[0.5-None]",
    ],
    why: "issue 17 item 7 on tractor's suite: the listed peer-cancellation test failing under load (trio.TooSlowError from trio.fail_after after a group of Cancelled)",
  },
];

/** The sandbox engine Claude Code uses, as a command prefix: $RTS_SRT_CLI (its dist/cli.js), else from npm. */
const SRT_VERSION = "0.0.83";
function srtPrefix(settings: string): string {
  const cli = process.env.RTS_SRT_CLI;
  const srt = cli ? `node ${cli}` : `npx -y -p @anthropic-ai/sandbox-runtime@${SRT_VERSION} srt`;
  return `${srt} -s ${settings} -c`;
}

/** A private copy of the project a recording runs in. */
function projectCopy(fixture: string): string {
  if (fixture.startsWith("checkout:")) {
    const dir = tempDir("rts-checkout-");
    execaSync("sh", ["-c", `git -C "$1" archive HEAD | tar -x -C "$2"`, "sh", checkoutPath(fixture), dir]);
    return dir;
  }
  if (!fixture.startsWith("mirror:")) return copyFixture(fixture);
  const gitDir = join("/work/.mirror", fixture.slice("mirror:".length), "repo");
  const dir = tempDir("rts-mirror-");
  execaSync("bash", ["-c", `git --git-dir=${gitDir} archive HEAD | tar -x -C ${dir}`]);
  return dir;
}

function checkoutPath(fixture: string): string {
  return fixture.slice("checkout:".length);
}

function checkoutCommit(fixture: string): string {
  return String(execaSync("git", ["-C", checkoutPath(fixture), "rev-parse", "HEAD"]).stdout).trim();
}

function mirrorCommit(fixture: string): string {
  const gitDir = join("/work/.mirror", fixture.slice("mirror:".length), "repo");
  return String(execaSync("git", [`--git-dir=${gitDir}`, "rev-parse", "HEAD"]).stdout).trim();
}

function version(code: string, python = "python"): string {
  const r = execaSync(python, ["-c", code], { reject: false });
  return r.exitCode === 0 ? String(r.stdout).trim() : "absent";
}

/** Installed versions from package metadata (pytest's own version even when it cannot import). */
function versionsOf(python = "python", installed: readonly string[] = []): string {
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
    ...(dist("pytest-rerunfailures") !== "absent"
      ? [`pytest-rerunfailures ${dist("pytest-rerunfailures")}`]
      : []),
    ...installed.filter((name) => name !== "pytest").map((name) => `${name} ${dist(name)}`),
  ].join(", ");
}

/** A fresh venv with the packages installed by pip (the registry; offline index here). Returns its bin dir. */
function makeVenv(spec: NonNullable<Recording["venv"]>): string {
  const dir = join(tempDir("rts-venv-"), "venv");
  execaSync("python", ["-m", "venv", dir]);
  const bin = join(dir, "bin");
  const fromSource = (spec.source ?? []).map(({ repo, tag }) => {
    // A fetched snapshot (the `fetch` tool's /work/.mirror/<owner>+<name>/repo): its tag, unpacked.
    const git = join("/work/.mirror", repo.replace("/", "+"), "repo");
    const into = tempDir("rts-src-");
    execaSync("sh", ["-c", `git --git-dir="$1" archive "$2" | tar -x -C "$3"`, "sh", git, tag, into]);
    return into;
  });
  execaSync(join(bin, "pip"), ["install", "-q", ...spec.install, ...fromSource]);
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
    if (rec.fixture.startsWith("checkout:") && !existsSync(checkoutPath(rec.fixture))) {
      // The recording on disk stays; it is only re-made where the checkout exists.
      console.log(`${rec.name}: skipped, no checkout at ${checkoutPath(rec.fixture)}`);
      continue;
    }
    const cwd = projectCopy(rec.fixture);
    const bin = rec.venv ? makeVenv(rec.venv) : rec.prebuilt ? join(rec.prebuilt.venv, "bin") : null;
    const own = Object.fromEntries(
      Object.entries(rec.env ?? {}).map(([k, v]) => [k, v === "$RECORDER_PID" ? String(process.pid) : v]),
    );
    const reached: Record<string, string> = rec.stop?.phase
      ? {
          PYTEST_PLUGINS: "rts_reached",
          RTS_REACHED_PHASE: rec.stop.phase,
          PYTHONPATH: [REACHED_PLUGIN_DIR, process.env.PYTHONPATH ?? ""].filter(Boolean).join(":"),
        }
      : {};
    const env = { ...own, ...reached, ...(bin ? { PATH: `${bin}:${process.env.PATH ?? ""}` } : {}) };
    let command = rec.command;
    if (rec.sandbox) {
      const settings = join(tempDir("rts-srt-"), "srt-settings.json");
      writeFileSync(
        settings,
        JSON.stringify({
          filesystem: { denyRead: [], allowWrite: ["."], denyWrite: [] },
          network: { allowedDomains: [], deniedDomains: [] },
        }),
      );
      command = `${srtPrefix(settings)} ${shellQuote(rec.command)}`;
    }
    const result = await runShell(command, cwd, env, rec.stop, rec.timeoutMs);
    let output = result.output.split(cwd).join("<fixture>");
    if (bin) output = output.split(join(bin, "..")).join("<venv>");
    // pytest shows frames outside rootdir relative to it when that is shorter (`../suitefit-tractor/venv/...`).
    if (bin) output = output.split(relative(cwd, join(bin, ".."))).join("<venv>");
    if (rec.stop?.phase) output = output.split(REACHED_PLUGIN_DIR).join("<reached-plugin>");
    // The test setup's private plugin folder (pytest-xdist, execnet, pytest-timeout) is on PYTHONPATH.
    output = output.split(PYDEPS_DIR).join("<pydeps>");
    const versions =
      bin && rec.venv
        ? versionsOf(join(bin, "python"), rec.venv.install)
        : bin && rec.prebuilt
          ? versionsOf(join(bin, "python"), ["tractor", "msgspec", "pytest-timeout"])
          : systemVersions;
    const header = [
      `# recorded: ${versions}`,
      rec.fixture.startsWith("mirror:")
        ? `# fixture: github ${rec.fixture.slice("mirror:".length).replace("+", "/")} at ${mirrorCommit(rec.fixture)} (git archive to a temp dir, shown as <fixture>)`
        : rec.fixture.startsWith("checkout:")
          ? `# fixture: checkout ${checkoutPath(rec.fixture)} at ${checkoutCommit(rec.fixture)} (git archive to a temp dir, shown as <fixture>)`
          : `# fixture: test/fixtures/pytest/${rec.fixture} (copied to a temp dir, shown as <fixture>)`,
      ...(rec.prebuilt ? [`# venv: ${rec.prebuilt.venv}: ${rec.prebuilt.how} (shown as <venv>)`] : []),
      ...(rec.sandbox
        ? [
            `# sandbox: @anthropic-ai/sandbox-runtime ${SRT_VERSION} (srt, Claude Code's sandbox engine), allowWrite ["."], no network`,
          ]
        : []),
      ...(rec.venv
        ? [
            `# venv: pip install ${rec.venv.install.join(" ")}${rec.venv.source ? ` + from source ${rec.venv.source.map((s) => `${s.repo}@${s.tag} (git archive of the fetched snapshot)`).join(", ")}` : ""}${rec.venv.uninstall ? `; pip uninstall ${rec.venv.uninstall.join(" ")}` : ""} (shown as <venv>)`,
          ]
        : []),
      `# command: ${rec.command}`,
      ...(rec.stop
        ? [
            rec.stop.phase
              ? `# stopped: ${rec.stop.signal} to the process group once the first test reached its ${rec.stop.phase} (PYTEST_PLUGINS=rts_reached, test/results/reached)`
              : `# stopped: ${rec.stop.signal} to the process group once the hanging test had started`,
          ]
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
      // Ids with spaces (`test_eval[y - z]`, a pre-session subject such as a usage error's message) are
      // written as a JSON list.
      `# expect-ids: ${rec.expectIds.some((id) => id.includes(" ")) ? JSON.stringify(rec.expectIds) : rec.expectIds.join(" ")}`,
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
