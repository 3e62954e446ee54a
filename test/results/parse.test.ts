// Table-driven tests of the text normaliser, parser and classifier on short snippets in pytest's formats
// (pytest-output.md §1-§13). The live and recorded runs cover whole outputs; these pin the edge cases.
import { describe, expect, it } from "vitest";
import { type ClassifyContext, classify, defaultContext } from "../../hooks/results/classify.ts";
import { normalizeOutput, splitExitCodeLine } from "../../hooks/results/normalize.ts";
import { findStatsLine, headerTitle, parseText, splitSummaryRest } from "../../hooks/results/parse-text.ts";
import { crashFromSection } from "../../hooks/results/signature.ts";
import type { RunClass } from "../../hooks/results/types.ts";

const RULE = (title: string) => `${"=".repeat(20)} ${title} ${"=".repeat(20)}`;
const ITEM = (title: string) => `${"_".repeat(10)} ${title} ${"_".repeat(10)}`;

describe("normalizeOutput", () => {
  it.each([
    { raw: "Exit code 1\nabc", failure: true, text: "abc", exit: 1 },
    { raw: "Exit code 137\n..", failure: true, text: "..", exit: 137 },
    { raw: "Exit code 1", failure: true, text: "", exit: 1 },
    { raw: "Exit code 1\nabc", failure: false, text: "Exit code 1\nabc", exit: null },
    { raw: "a\r\nb\r\n", failure: false, text: "a\nb\n", exit: null },
    { raw: "\x1b[31mFAILED\x1b[0m x::\x1b[1mt\x1b[0m", failure: false, text: "FAILED x::t", exit: null },
    { raw: "done\x07\n", failure: false, text: "done\n", exit: null },
    { raw: "\x1b]0;title\x07ok", failure: false, text: "ok", exit: null },
  ])("$raw", ({ raw, failure, text, exit }) => {
    const n = normalizeOutput(raw, failure);
    expect(n.text).toBe(text);
    expect(n.exitCode).toBe(exit);
  });

  it.each([
    ["head\n... [12345 characters truncated] ...\ntail", true],
    ["head\n[1,204 lines truncated]\ntail", true],
    ["head\n... (truncated)\ntail", true],
    ["E   ...Full output truncated (3 lines hidden), use '-vv' to show", false],
    ["plain output", false],
  ])("truncation marker in %j: %s", (text, truncated) => {
    expect(normalizeOutput(text as string, false).truncated).toBe(truncated);
  });

  it("splitExitCodeLine keeps the rest intact", () => {
    expect(splitExitCodeLine("Exit code 2\n\nX")).toEqual({ exitCode: 2, rest: "\nX" });
  });
});

describe("the stats line", () => {
  it.each([
    ["==== 1 failed, 2 passed in 0.28s ====", { failed: 1, passed: 2 }],
    [
      "4 failed, 2 passed, 1 skipped, 1 xfailed, 2 errors in 0.35s",
      { failed: 4, passed: 2, skipped: 1, xfailed: 1, errors: 2 },
    ],
    ["== 1 error in 0.12 seconds ==", { errors: 1 }],
    ["== 3 errors in 0.12 seconds ==", { errors: 3 }],
    ["== 2 passed, 1 warning in 75.32s (0:01:15) ==", { passed: 2 }],
    ["1 passed, 2 rerun in 3.1s", { passed: 1 }],
    ["7 deselected in 0.55s", {}],
    ["no tests ran in 0.20s", {}],
    ["37 tests collected in 0.62s", {}],
  ])("%s", (line, counts) => {
    const stats = findStatsLine(["x", line, ""]);
    expect(stats?.counts).toMatchObject(counts);
  });

  it("is found scanning from the end: an echoed stats line earlier in a traceback loses", () => {
    const lines = ["E   AssertionError: '1 failed, 40 passed in 1.0s' != ''", "== 2 passed in 0.1s =="];
    expect(findStatsLine(lines)?.counts).toMatchObject({ passed: 2, failed: 0 });
  });

  it("prose that contains ' in ' is not a stats line", () => {
    expect(findStatsLine(["ran 3 tests in the folder"])).toBeNull();
  });
});

describe("summary lines", () => {
  it.each([
    ["tests/a.py::t - AssertionError: x", "tests/a.py::t", "AssertionError: x"],
    ["tests/a.py::t[a - b] - ValueError: y", "tests/a.py::t[a - b]", "ValueError: y"],
    ["tests/a.py::t[x y]", "tests/a.py::t[x y]", null],
    ["tests/a.py::t flaky upstream", "tests/a.py::t", "flaky upstream"],
  ])("%s", (rest, id, message) => {
    expect(splitSummaryRest(rest)).toEqual({ id, message });
  });

  it.each([
    ["tests/a.py::test_x", "test_x"],
    ["tests/a.py::TestC::test_x[1-2]", "TestC.test_x[1-2]"],
    ["tests/a.py::TestC::Inner::test_x", "TestC.Inner.test_x"],
  ])("header title of %s is %s", (id, title) => {
    expect(headerTitle(id)).toBe(title);
  });
});

describe("pytest 9 SUBFAILED lines and doctest titles", () => {
  it("one record per test, every failed subtest counted, evidence complete", () => {
    const run = parseText(
      [
        RULE("FAILURES"),
        ITEM("TestN.test_even (i=1)"),
        "E   AssertionError: 1 != 0",
        ITEM("TestN.test_even (i=3)"),
        "E   AssertionError: 3 != 0",
        ITEM("test_plain [check] (i=2)"),
        "E   assert 2 < 2",
        RULE("short test summary info"),
        "SUBFAILED(i=1) tests/t.py::TestN::test_even - AssertionError: 1 != 0",
        "SUBFAILED(i=3) tests/t.py::TestN::test_even - AssertionError: 3 != 0",
        "SUBFAILED[check] (i=2) tests/t.py::test_plain - assert 2 < 2",
        "FAILED tests/t.py::test_plain - contains 1 failed subtest",
        "4 failed, 1 passed, 4 subtests passed in 1.07s",
      ].join("\n"),
    );
    expect(run.tests.map((t) => [t.id, t.subfailures, t.crash?.message])).toEqual([
      ["tests/t.py::TestN::test_even", ["(i=1)", "(i=3)"], "1 != 0"],
      ["tests/t.py::test_plain", ["[check] (i=2)"], "assert 2 < 2"],
    ]);
    expect(classify(run, defaultContext()).evidence).toBe("complete");
  });

  it("a doctest's `[doctest] mod.func` title is its summary id's section, not a second test", () => {
    const run = parseText(
      [
        RULE("FAILURES"),
        ITEM("[doctest] pkg.calc.add"),
        "004     >>> add(1, 1)",
        "Expected:",
        "    3",
        "Got:",
        "    2",
        "",
        "/x/pkg/calc.py:4: DocTestFailure",
        RULE("short test summary info"),
        "FAILED pkg/calc.py::pkg.calc.add",
        "1 failed in 0.1s",
      ].join("\n"),
    );
    expect(run.tests.map((t) => [t.id, t.crash])).toEqual([
      ["pkg/calc.py::pkg.calc.add", { type: "DocTestFailure", message: "expected 3, got 2" }],
    ]);
  });
});

describe("crash lines from sections", () => {
  it.each([
    {
      name: "long style: assertion rewriting has no type on the E line; the trailer names it",
      body: [
        "    def test_x():",
        ">       assert 1 + 1 == 3",
        "E       assert (1 + 1) == 3",
        "",
        "tests/a.py:2: AssertionError",
      ],
      sig: { type: "AssertionError", message: "assert (1 + 1) == 3" },
    },
    {
      name: "chained: the final exception wins (Cancelled -> TooSlowError)",
      body: [
        "E   trio.Cancelled: Cancelled",
        "",
        "During handling of the above exception, another exception occurred:",
        "x.py:1: in f",
        "E   trio.TooSlowError",
      ],
      sig: { type: "trio.TooSlowError", message: "" },
    },
    {
      name: "SyntaxError: the least indented E line, not the echoed source",
      body: [
        'E     File "/x/tests/t.py", line 1',
        "E       def test_broken(:",
        "E                       ^",
        "E   SyntaxError: invalid syntax",
      ],
      sig: { type: "SyntaxError", message: "invalid syntax" },
    },
    {
      name: "pexpect: first line of a long multi-line message",
      body: [
        "E   pexpect.exceptions.TIMEOUT: Timeout exceeded.",
        "E   <pexpect.pty_spawn.spawn object at 0x7f>",
        "E   command: /usr/bin/python",
      ],
      sig: { type: "pexpect.exceptions.TIMEOUT", message: "Timeout exceeded." },
    },
    {
      name: "captured output after the traceback is ignored",
      body: [
        "E   ValueError: real",
        "----------------------------- Captured stdout call -----------------------------",
        "E   KeyError: printed by the test",
      ],
      sig: { type: "ValueError", message: "real" },
    },
    {
      name: "native traceback",
      body: [
        "Traceback (most recent call last):",
        '  File "x.py", line 1, in f',
        "    g()",
        "KeyError: 'k'",
        "more message",
      ],
      sig: { type: "KeyError", message: "'k'" },
    },
    {
      name: "old trio MultiError with Details of embedded exception blocks",
      body: [
        "E   trio.MultiError: TooSlowError(), Cancelled()",
        "E   ",
        "E   Details of embedded exception 1:",
        "E   ",
        "E     Traceback (most recent call last):",
        'E       File "x.py", line 3, in child',
        "E     trio.TooSlowError",
        "E   ",
        "E   Details of embedded exception 2:",
        "E   ",
        "E     Traceback (most recent call last):",
        'E       File "x.py", line 5, in child',
        "E     trio.Cancelled: Cancelled",
      ],
      sig: { type: "trio.MultiError", leaves: [{ type: "trio.TooSlowError" }, { type: "trio.Cancelled" }] },
    },
    {
      name: "group rendering, nested, with a chained leaf",
      body: [
        "  + Exception Group Traceback (most recent call last):",
        '  |   File "t.py", line 9, in test_x',
        "  | BaseExceptionGroup: outer (1 sub-exception)",
        "  +-+---------------- 1 ----------------",
        "    | BaseExceptionGroup: inner (2 sub-exceptions)",
        "    +-+---------------- 1 ----------------",
        "      | Traceback (most recent call last):",
        "      | trio.Cancelled: Cancelled",
        "      | ",
        "      | During handling of the above exception, another exception occurred:",
        "      | ",
        "      | trio.TooSlowError",
        "      +---------------- 2 ----------------",
        "      | trio.Cancelled: Cancelled",
        "      +------------------------------------",
      ],
      sig: {
        type: "BaseExceptionGroup",
        leaves: [{ type: "trio.TooSlowError" }, { type: "trio.Cancelled" }],
      },
    },
    {
      name: "a group whose leaf list Python cut short is marked incomplete",
      body: [
        "  + Exception Group Traceback (most recent call last):",
        "  | ExceptionGroup: many (20 sub-exceptions)",
        "  +-+---------------- 1 ----------------",
        "    | trio.TooSlowError",
        "    +---------------- ... ----------------",
        "    | and 5 more exceptions",
        "    +------------------------------------",
      ],
      sig: { type: "ExceptionGroup", incomplete: true },
    },
  ])("$name", ({ body, sig }) => {
    expect(crashFromSection(body)).toMatchObject(sig);
  });
});

/** Classify a snippet with a context. */
function classOf(text: string, ctx: Partial<ClassifyContext> = {}): RunClass {
  return classify(parseText(text), defaultContext(ctx)).class;
}

describe("classification rules (pytest-output.md §13.4)", () => {
  const failures = (sig: string, id = "tests/a.py::test_x") =>
    [
      RULE("FAILURES"),
      ITEM(headerTitle(id)),
      `E   ${sig}`,
      RULE("short test summary info"),
      `FAILED ${id}`,
      "== 1 failed in 1.0s ==",
    ].join("\n");

  it.each<{ name: string; text: string; ctx?: Partial<ClassifyContext>; cls: RunClass }>([
    { name: "clean stats line", text: "....\n== 4 passed in 0.1s ==", ctx: { exitCode: 0 }, cls: "pass" },
    {
      name: "no stats line, session started: interrupted",
      text: `${RULE("test session starts")}\ncollected 3 items\n\ntests/a.py ..`,
      cls: "interrupted",
    },
    {
      name: "the runner is missing (exit 127, command not found): never pass, not interrupted (issue 17)",
      text: "bash: pytest: command not found",
      ctx: { exitCode: 127 },
      cls: "environment-error",
    },
    {
      name: "python -m pytest without pytest installed: import-error, not interrupted",
      text: "/usr/bin/python3: No module named pytest",
      ctx: { exitCode: 1 },
      cls: "import-error",
    },
    {
      name: "pytest that cannot start (bare traceback, no banner) is an import error",
      text: "Traceback (most recent call last):\n  File \"<venv>/_pytest/_code/code.py\", line 34, in <module>\n    import pluggy\nModuleNotFoundError: No module named 'pluggy'",
      ctx: { exitCode: 1 },
      cls: "import-error",
    },
    {
      name: "...and a non-import crash before the banner a collection error",
      text: 'Traceback (most recent call last):\n  File "x.py", line 1, in <module>\nAttributeError: module has no attribute y',
      ctx: { exitCode: 1 },
      cls: "collection-error",
    },
    {
      name: "`Interrupted: N errors during collection` without a stats line (-qq) is the collection's error",
      text: [
        RULE("ERRORS"),
        ITEM("ERROR collecting tests/test_a.py"),
        "E   ModuleNotFoundError: No module named 'zzz'",
        RULE("short test summary info"),
        "ERROR tests/test_a.py",
        "!!!!!!!!!!!!!!!!!!!! Interrupted: 1 error during collection !!!!!!!!!!!!!!!!!!!!",
      ].join("\n"),
      ctx: { exitCode: 2 },
      cls: "import-error",
    },
    {
      name: "-qq, exit 0 known, no FAILED lines: pass",
      text: "....                [100%]",
      ctx: { exitCode: 0 },
      cls: "pass",
    },
    {
      name: "-qq, exit 0 but piped: unknown => interrupted",
      text: "....",
      ctx: { exitCode: 0, piped: true },
      cls: "interrupted",
    },
    {
      name: "KeyboardInterrupt banner beats a passing stats line",
      text: "..\n!!!! KeyboardInterrupt !!!!\n/x/t.py:3: KeyboardInterrupt\n== 2 passed in 3.1s ==",
      cls: "interrupted",
    },
    {
      name: "Ctrl-C while pytest finishes: a stats line, then an uncaught KeyboardInterrupt traceback",
      text: '..\n2 passed in 4.31s\nTraceback (most recent call last):\n  File "<frozen posixpath>", line 416, in realpath\nKeyboardInterrupt',
      cls: "interrupted",
    },
    {
      name: "exit code 124 (timeout) or 128+N (signal) is never a pass, whatever the text says",
      text: "..\n2 passed in 4.31s",
      ctx: { exitCode: 124 },
      cls: "interrupted",
    },
    { name: "exit 143 the same", text: "..\n2 passed in 4.31s", ctx: { exitCode: 143 }, cls: "interrupted" },
    { name: "auto-backgrounded", text: "..", ctx: { backgrounded: true }, cls: "interrupted" },
    { name: "stopped by the user (Esc)", text: "..", ctx: { userInterrupted: true }, cls: "interrupted" },
    {
      name: "Claude Code timeout (143)",
      text: "Command timed out after 2m 0s",
      ctx: { exitCode: 143, timedOut: true },
      cls: "interrupted",
    },
    {
      name: "pytest.exit() banner",
      text: "!!!!! _pytest.outcomes.Exit: stop now !!!!!\n== 1 passed in 0.1s ==",
      cls: "interrupted",
    },
    {
      name: "-x stop is not interrupted",
      text: `${failures("ValueError: x")}\n!!!!! stopping after 1 failures !!!!!`,
      cls: "real-failure",
    },
    { name: "TooSlowError unlisted", text: failures("trio.TooSlowError"), cls: "flaky-likely" },
    {
      name: "pytest-timeout",
      text: failures("Failed: Timeout (>1.0s) from pytest-timeout."),
      cls: "flaky-likely",
    },
    {
      name: "pexpect EOF is real",
      text: failures("pexpect.exceptions.EOF: End Of File (EOF)."),
      cls: "real-failure",
    },
    {
      name: "the builtin TimeoutError (asyncio, anyio.fail_after) is timeout-shaped by default",
      text: failures("TimeoutError"),
      cls: "flaky-likely",
    },
    {
      name: "...and so is Python < 3.11's asyncio.exceptions.TimeoutError",
      text: failures("asyncio.exceptions.TimeoutError"),
      cls: "flaky-likely",
    },
    {
      name: "...unless the profile's own list leaves it out",
      text: failures("TimeoutError"),
      ctx: { timeoutSignatures: ["trio.TooSlowError"] },
      cls: "real-failure",
    },
    {
      name: "ConnectionRefusedError is real (with a hint)",
      text: failures("ConnectionRefusedError: [Errno 111] Connection refused"),
      cls: "real-failure",
    },
    {
      name: "listed id + listed signature",
      text: failures(
        "trio.TooSlowError",
        "tests/test_cancellation.py::test_cancel_via_SIGINT_other_task[start_method=trio]",
      ),
      ctx: {
        knownFlaky: [
          {
            path: "tests/test_cancellation.py",
            name: "test_cancel_via_SIGINT_other_task",
            signatures: ["trio.TooSlowError"],
            note: "race",
            example_params: [],
          },
        ],
      },
      cls: "flaky-known",
    },
    {
      name: "listed signature, unlisted id: timeout-shaped only",
      text: failures("trio.TooSlowError", "tests/test_cancellation.py::test_cancel_via_SIGINT_other_taskX"),
      ctx: {
        knownFlaky: [
          {
            path: "tests/test_cancellation.py",
            name: "test_cancel_via_SIGINT_other_task",
            signatures: ["trio.TooSlowError"],
            note: "race",
            example_params: [],
          },
        ],
      },
      cls: "flaky-likely",
    },
    {
      name: "import errors only",
      text: [
        RULE("ERRORS"),
        ITEM("ERROR collecting tests/t.py"),
        "E   ModuleNotFoundError: No module named 'x'",
        RULE("short test summary info"),
        "ERROR tests/t.py",
        "!!!! Interrupted: 1 error during collection !!!!",
        "== 1 error in 0.1s ==",
      ].join("\n"),
      cls: "import-error",
    },
    {
      name: "collection error counted but cut from the text",
      text: "== 1 error in 0.1s ==",
      cls: "collection-error",
    },
    {
      name: "teardown error after a timeout failure in the same test: setup/teardown errors are real",
      text: [
        RULE("ERRORS"),
        ITEM("ERROR at teardown of test_x"),
        "E   RuntimeError: boom",
        RULE("FAILURES"),
        ITEM("test_x"),
        "E   trio.TooSlowError",
        RULE("short test summary info"),
        "FAILED tests/a.py::test_x",
        "ERROR tests/a.py::test_x - RuntimeError: boom",
        "== 1 failed, 1 error in 0.1s ==",
      ].join("\n"),
      cls: "real-failure",
    },
    {
      name: "timeouts and real failures in different tests",
      text: [
        RULE("FAILURES"),
        ITEM("test_a"),
        "E   trio.TooSlowError",
        ITEM("test_b"),
        "E   KeyError: 'k'",
        RULE("short test summary info"),
        "FAILED tests/a.py::test_a",
        "FAILED tests/a.py::test_b - KeyError: 'k'",
        "== 2 failed in 0.1s ==",
      ].join("\n"),
      cls: "mixed",
    },
    {
      name: "more failures counted than named: the unnamed ones count as real",
      text: [
        RULE("FAILURES"),
        ITEM("test_a"),
        "E   trio.TooSlowError",
        RULE("short test summary info"),
        "FAILED tests/a.py::test_a",
        "== 3 failed in 0.1s ==",
      ].join("\n"),
      cls: "mixed",
    },
    {
      name: "a crashed xdist worker is a real failure",
      text: `${RULE("short test summary info")}\nFAILED tests/a.py::test_x - worker 'gw1' crashed while running 'tests/a.py::test_x'\n== 1 failed in 2.0s ==`,
      cls: "real-failure",
    },
    {
      name: "INTERNALERROR",
      text: 'INTERNALERROR> Traceback (most recent call last):\nINTERNALERROR>   File "x", line 1\nINTERNALERROR> RuntimeError: hook\n\nno tests ran in 0.01s',
      cls: "collection-error",
    },
    {
      name: "plugin import failure (exit 1, no banner)",
      text: 'Traceback (most recent call last):\n  File "x", line 1\nImportError: Error importing plugin "xdist": No module named \'xdist\'',
      cls: "environment-error",
    },
    {
      name: "unknown option",
      text: "ERROR: usage: pytest [options] [file_or_dir] [file_or_dir] [...]\npytest: error: unrecognized arguments: --timeout=5\n  inifile: None",
      cls: "environment-error",
    },
    {
      name: "a -p no: plugin left in ADDOPTS by a usage error",
      text: "no tests ran in 0.01s\nERROR: not found: /x/tests/a.py::nope\n(no match in any of [<Module a.py>])",
      cls: "environment-error",
    },
  ])("$name => $cls", ({ text, ctx, cls }) => {
    expect(classOf(text, ctx)).toBe(cls);
  });

  it("a single-member group in pytest 9's summary form", () => {
    const run = parseText(
      `${RULE("short test summary info")}\nFAILED tests/a.py::t - TooSlowError() [single exception in ExceptionGroup]\n== 1 failed in 1s ==`,
    );
    const c = classify(run, defaultContext());
    expect(c.class).toBe("flaky-likely");
  });

  it("a summary message cut at 80 columns is marked, and cannot prove a timeout", () => {
    const run = parseText(
      `${RULE("short test summary info")}\nFAILED tests/a.py::t - trio.NonBaseMultiErr...\n== 1 failed in 1s ==`,
    );
    const c = classify(run, defaultContext());
    expect(c.class).toBe("real-failure");
    expect(c.evidence).toBe("partial");
  });

  it("teardown error on a passing test: counted as pytest counts it (passed and error)", () => {
    const text = [
      RULE("ERRORS"),
      ITEM("ERROR at teardown of test_x"),
      "E   RuntimeError: boom",
      RULE("short test summary info"),
      "ERROR tests/a.py::test_x - RuntimeError: boom",
      "== 2 passed, 1 error in 0.1s ==",
    ].join("\n");
    const c = classify(parseText(text), defaultContext());
    expect(c.counts).toMatchObject({ passed: 2, errors: 1 });
    expect(c.tests).toEqual([
      expect.objectContaining({ id: "tests/a.py::test_x", outcome: "error", phase: "teardown" }),
    ]);
    expect(c.evidence).toBe("complete");
  });
});
