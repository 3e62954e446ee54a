// environment-error: runs that did not test the code (issue 16 item 3). Each recording (made by
// test/results/record.ts from real projects and registry packages, some inside Claude Code's sandbox engine)
// goes through the hook's pipeline; the report must name the fix, say not to change the code, and never send
// the agent into site-packages or the standard library. Class and ids are checked by recorded.test.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classifyOutput, composeReport, FALLBACK_PROFILE } from "../../hooks/results/analyze.ts";
import { environmentClues, usageCause } from "../../hooks/results/environment.ts";
import { eventText, type PostBashInput } from "../../hooks/results/event.ts";
import { parseRecorded, postToolUse, postToolUseFailure, RECORDED } from "./helpers.ts";

function reportOf(name: string, profile = FALLBACK_PROFILE) {
  const { header, text } = parseRecorded(readFileSync(join(RECORDED, `${name}.txt`), "utf8"));
  const exit = Number(header.exit);
  const command = header.command as string;
  const input =
    exit === 0
      ? postToolUse(command, text, "/tmp")
      : postToolUseFailure(command, `Exit code ${exit}\n${text}`, "/tmp");
  const event = eventText(input as PostBashInput, () => null);
  if (!event.ok) throw new Error(event.skip);
  const classified = classifyOutput({ ...event.input, profile, report: null });
  const composed = composeReport({
    classified,
    profile,
    changedFiles: [],
    tree: null,
    history: [],
    now: new Date(),
  });
  return { c: classified.classification, report: composed.text, next: composed.next, text };
}

/** Each recording, the fix its next step must name. */
const FIXES: Array<[string, RegExp]> = [
  ["env-async-no-plugin", /install pytest-asyncio .*its config sets `asyncio_mode`/],
  ["env-plugin-option-value", /'bogus' is not a valid asyncio_mode\. Valid modes: auto, strict/],
  ["env-bad-option-choice", /use one of the values pytest lists for --dist: 'each', 'load'/],
  ["env-django-unconfigured", /DJANGO_SETTINGS_MODULE.*--ds=/],
  ["env-project-not-installed", /pip install -e \./],
  ["env-cov-without-plugin", /install pytest-cov \(which provides --cov=pkg --cov-report=term-missing\)/],
  ["env-unknown-ini-strict", /install pytest-django, which provides the `DJANGO_SETTINGS_MODULE` ini option/],
  ["env-unknown-ini-werror", /install pytest-django, which provides the `DJANGO_SETTINGS_MODULE` ini option/],
  [
    "env-conftest-missing-module",
    /conftest .*imports `missing_helper_pkg`.*install the package that provides `missing_helper_pkg`/,
  ],
  [
    "env-plugin-missing-module",
    /plugin `fixture_plugin` imports `responses`.*install the package that provides `responses`/,
  ],
  [
    "env-sandbox-denied",
    /the profile's `sandbox:` section and re-run `run-tests-skill init --sandbox`; these tests may pass outside the sandbox/,
  ],
  [
    "env-sandbox-only",
    /the profile's `sandbox:` section and re-run `run-tests-skill init --sandbox`; these tests may pass outside the sandbox/,
  ],
];

describe("environment-error on recorded real runs", () => {
  it.each(FIXES)("%s names the fix and leaves the code alone", (name, fix) => {
    const { c, report, next } = reportOf(name);
    expect(c.environment.length).toBeGreaterThan(0);
    const steps = next.join("\n");
    expect(steps).toMatch(fix);
    expect(steps).toMatch(/do not change the code/);
    expect(report).toMatch(/^Next: Environment, not the code/m);
    // Never a pointer into an installed package or the standard library.
    expect(report).not.toMatch(/site-packages|<venv>|\/lib\/python3/);
    if (c.class === "environment-error") expect(steps).not.toMatch(/Real failure: read/);
    expect(report.split("\n").length).toBeLessThanOrEqual(12);
  });

  it("the sandbox run with a real failure is mixed: the real one is investigated, the denied ones are not", () => {
    const { c, next } = reportOf("env-sandbox-denied");
    expect(c.class).toBe("mixed");
    expect(c.counts).toMatchObject({ failed: 5, passed: 1 });
    const kinds = c.tests.filter((t) => t.class === "environment-error").map((t) => t.why);
    expect(kinds).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/EPERM/),
        expect.stringMatching(/read-only file system at \/tmp\//),
        expect.stringMatching(/read-only file system at .*\.cache/),
        expect.stringMatching(/pid the sandbox cannot see/),
      ]),
    );
    expect(next.join("\n")).toMatch(
      /Real failure: read tests\/test_transport\.py:\d+ and the failure of tests\/test_transport\.py::test_port_arithmetic/,
    );
  });

  it("counts and ids: every failing test of the run is named with its cause", () => {
    const { c } = reportOf("env-project-not-installed");
    expect(c.counts.failed).toBe(13);
    expect(c.environment.flatMap((f) => f.ids)).toHaveLength(13);
    expect(c.tests.every((t) => t.class === "environment-error")).toBe(true);
  });

  it("under `python -m pytest` the usage error's own line is kept (issue 17 item 15)", () => {
    const { c, report } = reportOf("env-cov-without-plugin");
    expect(c.collectionErrors[0]?.path).toBe("unrecognized arguments: --cov=pkg --cov-report=term-missing");
    expect(report).toContain("unrecognized arguments: --cov=pkg");
  });

  it("the project's own package missing is named as not installed when the profile names the package", () => {
    const profile = { ...FALLBACK_PROFILE, project: { package: "missing_helper_pkg" } };
    const { c, next } = reportOf("env-conftest-missing-module", profile);
    expect(c.environment[0]?.cause.kind).toBe("project-not-installed");
    expect(next.join("\n")).toMatch(/-m pip install -e \./);
  });
});

describe("environment causes from their text", () => {
  it("usage errors name the plugin that provides an option, or the valid values", () => {
    expect(usageCause("unrecognized arguments: -n 4").fix).toMatch(/pytest-xdist/);
    expect(usageCause("unrecognized arguments: --timeout=30").fix).toMatch(/pytest-timeout/);
    expect(usageCause("unrecognized arguments: --frobnicate").fix).toMatch(/no installed plugin provides it/);
    expect(usageCause("file or directory not found: tests/nope.py").label).toBe(
      "path not found: tests/nope.py",
    );
  });

  it("the text scan finds unknown ini keys and marks, and pytest 8.0-8.3's skipped async tests", () => {
    const clues = environmentClues(
      [
        "PytestConfigWarning: Unknown config option: asyncio_mode",
        "PytestUnknownMarkWarning: Unknown pytest.mark.trio - is this a typo?",
        "PytestUnhandledCoroutineWarning: async def functions are not natively supported and have been skipped.",
      ].join("\n"),
    );
    expect(clues).toEqual({
      unknownIniOptions: ["asyncio_mode"],
      unknownMarks: ["trio"],
      asyncSkipped: true,
    });
  });
});

describe("environment shapes without a recording here", () => {
  const classOfText = (text: string) =>
    classifyOutput({ text, fromFailure: true, command: "pytest", profile: FALLBACK_PROFILE, report: null })
      .classification;

  it("pytest 8.0-8.3 skipped `async def` tests with a warning (the local index has only 8.4+): environment-error", () => {
    const c = classOfText(
      [
        "Exit code 0",
        "sss.                                                                     [100%]",
        "=============================== warnings summary ===============================",
        "tests/test_fetch.py::test_fetch_many",
        "  PytestUnhandledCoroutineWarning: async def functions are not natively supported and have been skipped.",
        "  You need to install a suitable plugin for your async framework, for example:",
        "    - pytest-asyncio",
        "tests/test_fetch.py:1",
        "  PytestUnknownMarkWarning: Unknown pytest.mark.asyncio - is this a typo?",
        "1 passed, 3 skipped, 4 warnings in 0.05s",
      ].join("\n"),
    );
    expect(c.class).toBe("environment-error");
    expect(c.environment[0]?.cause.fix).toMatch(/install pytest-asyncio .*@pytest\.mark\.asyncio/);
  });

  it("setup errors raised only inside an installed plugin name the plugin, never its file", () => {
    const section = (name: string) => [
      `_________________________ ERROR at setup of ${name} __________________________`,
      "/venv/lib/python3.11/site-packages/pytest_someplugin/plugin.py:88: in loop_fixture",
      "    scope = _scope(request.config)",
      "/venv/lib/python3.11/site-packages/pytest_someplugin/plugin.py:40: in _scope",
      "    raise ValueError(msg)",
      "E   ValueError: 'sometimes' is not a valid loop scope",
    ];
    const c = classOfText(
      [
        "Exit code 1",
        "EE                                                                       [100%]",
        "==================================== ERRORS ====================================",
        ...section("test_a"),
        ...section("test_b"),
        "=========================== short test summary info ============================",
        "ERROR tests/test_x.py::test_a - ValueError: 'sometimes' is not a valid loop scope",
        "ERROR tests/test_x.py::test_b - ValueError: 'sometimes' is not a valid loop scope",
        "2 errors in 0.05s",
      ].join("\n"),
    );
    expect(c.class).toBe("environment-error");
    expect(c.environment).toHaveLength(1);
    expect(c.environment[0]?.ids).toHaveLength(2);
    expect(c.environment[0]?.cause.label).toMatch(/`pytest_someplugin`/);
    expect(c.environment[0]?.cause.fix).not.toMatch(/site-packages/);
  });
});
