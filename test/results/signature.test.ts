// Known-flaky matching (pytest-output.md §13.3): a listed id AND one of the entry's signatures, with
// qualified/unqualified exception names, message fragments, and exception groups.
import { describe, expect, it } from "vitest";
import type { FlakyEntry } from "../../hooks/core/profile/schema.ts";
import { classifyTest, idMatchesEntry } from "../../hooks/results/classify.ts";
import {
  failureIsTimeoutLike,
  failureLocation,
  failureMatches,
  sectionEvidence,
} from "../../hooks/results/evidence.ts";
import {
  crashFromSignatureText,
  crashFromSummaryMessage,
  crashMatches,
  isTimeoutLike,
  leavesFromGroupMessage,
  parseExceptionLine,
} from "../../hooks/results/signature.ts";
import { type Crash, isRerunnableId } from "../../hooks/results/types.ts";

const c = (type: string | null, message = "", leaves?: Crash[]): Crash => ({
  type,
  message,
  ...(leaves ? { leaves } : {}),
});

describe("crashMatches", () => {
  it.each<[string, Crash, boolean]>([
    ["pexpect.exceptions.TIMEOUT", c("pexpect.exceptions.TIMEOUT", "Timeout exceeded."), true],
    ["pexpect.exceptions.TIMEOUT", c("TIMEOUT", "Timeout exceeded."), true],
    ["pexpect.exceptions.TIMEOUT", parseExceptionLine("TIMEOUT: Timeout exceeded.") as Crash, true],
    ["pexpect TIMEOUT", c("pexpect.exceptions.TIMEOUT", "Timeout exceeded."), true],
    ["pexpect.TIMEOUT", c("pexpect.exceptions.TIMEOUT"), true],
    ["pexpect.exceptions.TIMEOUT", c("pexpect.exceptions.EOF", "End Of File (EOF)."), false],
    ["pexpect.exceptions.TIMEOUT", c("mylib.TIMEOUT"), false],
    ["trio.TooSlowError", c("trio.TooSlowError"), true],
    ["trio.TooSlowError", c("TooSlowError"), true],
    ["TooSlowError", c("trio.TooSlowError"), true],
    ["trio.TooSlowError", c("trio.Cancelled", "Cancelled"), false],
    [
      "trio.TooSlowError",
      c("ExceptionGroup", "x (2 sub-exceptions)", [c("trio.TooSlowError"), c("trio.Cancelled", "Cancelled")]),
      true,
    ],
    [
      "trio.TooSlowError",
      c("ExceptionGroup", "x (2 sub-exceptions)", [c("trio.TooSlowError"), c("ValueError", "x")]),
      false,
    ],
    [
      "trio.TooSlowError",
      c("ExceptionGroup", "x (1 sub-exception)", [c("trio.Cancelled", "Cancelled")]),
      false,
    ],
    [
      "trio.TooSlowError",
      c(
        "trio.NonBaseMultiError",
        "TooSlowError(), TooSlowError()",
        leavesFromGroupMessage("TooSlowError(), TooSlowError()") ?? [],
      ),
      true,
    ],
    [
      "trio.TooSlowError",
      crashFromSummaryMessage("TooSlowError() [single exception in ExceptionGroup]"),
      true,
    ],
    [
      "trio.TooSlowError",
      { ...c("ExceptionGroup", "x (9 sub-exceptions)", [c("trio.TooSlowError")]), incomplete: true },
      false,
    ],
    ["assert None == 0", c("AssertionError", "assert None == 0"), true],
    ["assert None == 0", c("AssertionError", "assert  None ==  0"), true],
    ["assert None == 0", c("AssertionError", "assert 1 == 0"), false],
    ["Failed: Timeout", c("Failed", "Timeout (>1.0s) from pytest-timeout."), true],
    ["Failed: Timeout", c("_pytest.outcomes.Failed", "Timeout (>1.0s) from pytest-timeout."), true],
    ["Failed: Timeout", c("Failed", "DID NOT RAISE"), false],
  ])("%s vs %j => %s", (signature, crash, expected) => {
    expect(crashMatches(signature, crash)).toBe(expected);
  });
});

describe("isTimeoutLike (default signatures)", () => {
  it.each<[Crash | null, boolean]>([
    [c("trio.TooSlowError"), true],
    [c("pexpect.exceptions.TIMEOUT", "Timeout exceeded."), true],
    [c("Failed", "Timeout (>5.0s) from pytest-timeout."), true],
    [c("pexpect.exceptions.EOF", "End Of File (EOF)."), false],
    [c("OSError", "[Errno 98] Address already in use"), false],
    [c("KeyboardInterrupt"), false],
    [c(null, "(no crash line)"), false],
    [null, false],
  ])("%j => %s", (crash, expected) => {
    expect(isTimeoutLike(crash)).toBe(expected);
  });
});

describe("known-flaky ids", () => {
  const entry = (over: Partial<FlakyEntry>): FlakyEntry => ({
    path: "tests/test_cancellation.py",
    name: "test_cancel_via_SIGINT_other_task",
    signatures: ["trio.TooSlowError"],
    note: "race",
    example_params: [],
    ...over,
  });
  it.each<[string, Partial<FlakyEntry>, boolean]>([
    ["tests/test_cancellation.py::test_cancel_via_SIGINT_other_task[start_method=trio]", {}, true],
    ["tests/test_cancellation.py::test_cancel_via_SIGINT_other_task", {}, true],
    ["tests/test_cancellation.py::test_cancel_via_SIGINT_other_taskX", {}, false],
    ["tests/other.py::test_cancel_via_SIGINT_other_task", {}, false],
    ["test_cancellation.py::test_cancel_via_SIGINT_other_task", {}, true], // run from inside tests/
    ["tests/test_cancellation.py::test_cancel_via_SIGINT_other_task", { path: "test_cancellation.py" }, true], // skill-relative entry
    [
      "tests/test_docs_examples.py::test_example[we_are_processes.py]",
      { path: "tests/test_docs_examples.py", name: "test_example", params: ["we_are_processes.py"] },
      true,
    ],
    [
      "tests/test_docs_examples.py::test_example[full_fledged_streaming_service.py]",
      { path: "tests/test_docs_examples.py", name: "test_example", params: ["we_are_processes.py"] },
      false,
    ],
    [
      "tests/test_docs_examples.py::test_example",
      { path: "tests/test_docs_examples.py", name: "test_example", params: ["we_are_processes.py"] },
      false,
    ],
    ["tests/t.py::TestC::test_x[1]", { path: "tests/t.py", name: "TestC::test_x" }, true],
    ["tests/t.py::TestC::test_x", { path: "tests/t.py", name: "test_x" }, true],
    ["tests/t.py::TestD::test_x", { path: "tests/t.py", name: "TestC::test_x" }, false],
  ])("%s", (id, over, expected) => {
    expect(idMatchesEntry(id, entry(over))).toBe(expected);
  });

  it("both conditions: a listed id with another signature is a real failure, and says so", () => {
    const listed = [entry({})];
    const id = "tests/test_cancellation.py::test_cancel_via_SIGINT_other_task[start_method=trio]";
    expect(classifyTest({ id, outcome: "failed", crash: c("trio.TooSlowError") }, listed).class).toBe(
      "flaky-known",
    );
    const other = classifyTest(
      { id, outcome: "failed", crash: c("AssertionError", "assert 1 == 2") },
      listed,
    );
    expect(other.class).toBe("real-failure");
    expect(other.why).toMatch(/listed as known-flaky for trio\.TooSlowError/);
    // An entry-specific signature counts for that entry only.
    const example = [
      entry({
        path: "tests/test_docs_examples.py",
        name: "test_example",
        params: ["we_are_processes.py"],
        signatures: ["assert None == 0"],
      }),
    ];
    const assertNone = c("AssertionError", "assert None == 0");
    expect(
      classifyTest(
        {
          id: "tests/test_docs_examples.py::test_example[we_are_processes.py]",
          outcome: "failed",
          crash: assertNone,
        },
        example,
      ).class,
    ).toBe("flaky-known");
    expect(
      classifyTest({ id: "tests/test_other.py::test_y", outcome: "failed", crash: assertNone }, example)
        .class,
    ).toBe("real-failure");
    // Setup errors never count as flaky, whatever their type.
    expect(
      classifyTest({ id, outcome: "error", phase: "setup", crash: c("trio.TooSlowError") }, listed).class,
    ).toBe("real-failure");
  });
});

describe("failureMatches: a signature anywhere in the failure section", () => {
  const sigint = c("AssertionError", "assert (False or (False))");
  const sigintEvidence = [
    "assert (False or (False))",
    "+  where False = isinstance(TooSlowError(), KeyboardInterrupt)",
    "+  and   False = isinstance(TooSlowError(), BaseExceptionGroup)",
  ];
  it.each<[string, string, Crash, string[], boolean]>([
    ["unqualified repr on a later E line", "trio.TooSlowError", sigint, sigintEvidence, true],
    [
      "qualified in the chain",
      "trio.TooSlowError",
      c("Failed", "hung"),
      ["trio.TooSlowError", "Failed: hung"],
      true,
    ],
    ["another module's type of that name", "trio.TooSlowError", sigint, ["x = other.TooSlowError()"], false],
    ["a longer name is not the type", "trio.TooSlowError", sigint, ["MyTooSlowErrorish()"], false],
    [
      "message fragment on a later line",
      "assert None == 0",
      c("AssertionError", "x"),
      ["+ assert None == 0"],
      true,
    ],
    ["nothing in the section", "trio.TooSlowError", sigint, ["assert (False or (False))"], false],
    [
      "a mixed group is judged by its leaves only",
      "trio.TooSlowError",
      c("ExceptionGroup", "2 errors", [c("trio.TooSlowError"), c("ValueError", "x")]),
      ["trio.TooSlowError"],
      false,
    ],
  ])("%s", (_name, signature, crash, evidence, expected) => {
    expect(failureMatches(signature, crash, evidence)).toBe(expected);
  });
});

describe("failureIsTimeoutLike: the crash or its chain, never an assertion's text", () => {
  it.each<[string, Crash, string[], boolean]>([
    ["builtin TimeoutError", c("TimeoutError"), [], true],
    ["asyncio's alias on Python < 3.11", c("asyncio.exceptions.TimeoutError"), [], true],
    ["concurrent.futures' own", c("concurrent.futures._base.TimeoutError"), [], true],
    ["pytest-timeout signal method", c("Failed", "Timeout >1.0s"), [], true],
    [
      "pytest.fail raised while handling a TooSlowError",
      c("Failed", "hung"),
      ["trio.TooSlowError", "Failed: hung"],
      true,
    ],
    [
      "a timeout named only inside an assertion",
      c("AssertionError", "assert x"),
      ["+  where False = isinstance(TooSlowError(), KeyboardInterrupt)"],
      false,
    ],
    [
      "a chained CancelledError alone",
      c("ValueError", "x"),
      ["asyncio.exceptions.CancelledError", "ValueError: x"],
      false,
    ],
  ])("%s", (_name, crash, evidence, expected) => {
    expect(failureIsTimeoutLike(crash, evidence)).toBe(expected);
  });

  it("a profile's own shape (tractor's hang guard) is a message fragment", () => {
    const crash = parseExceptionLine(
      "Failed: cancel cascade hung past 12s (num_subactors=25, delay=0.5)",
    ) as Crash;
    expect(failureIsTimeoutLike(crash, [], ["Failed: cancel cascade hung past"])).toBe(true);
    expect(failureIsTimeoutLike(crash, [])).toBe(false);
  });
});

describe("section evidence and location", () => {
  const body = [
    "tests/test_a.py:12: in test_x",
    "    run()",
    "/usr/lib/python3.11/site-packages/lib/core.py:40: in run",
    "    raise Failed('hung')",
    "E   Failed: hung",
    "----------------------------- Captured stdout call -----------------------------",
    "E   not evidence: captured output",
  ];
  it("every E line, none from the captured output; the deepest frame in the project", () => {
    expect(sectionEvidence(body)).toEqual(["Failed: hung"]);
    expect(failureLocation(body)?.where).toBe("tests/test_a.py:12");
    expect(failureLocation(['  File "src/pkg/mod.py", line 7, in f', "ValueError: x"])?.where).toBe(
      "src/pkg/mod.py:7",
    );
    expect(failureLocation(["E   x"])).toBeNull();
    // Frames, none of them the project's: the stdlib, site-packages, another checkout's absolute path.
    expect(
      failureLocation(
        [
          '  File "/usr/lib/python3.11/json/decoder.py", line 355, in raw_decode',
          '  File "/srv/other/tests/test_b.py", line 3, in test_b',
          '  File "../venv/lib/python3.11/site-packages/django/db/models/query.py", line 9, in get',
        ],
        "/home/user/project",
      ),
    ).toEqual({ where: null, foreignOnly: true, installed: "django" });
    expect(
      failureLocation(['  File "/home/user/project/src/pkg/mod.py", line 7, in f'], "/home/user/project"),
    ).toEqual({ where: "src/pkg/mod.py:7", foreignOnly: false, installed: null });
  });

  it("the unindented exception lines of a native traceback chain", () => {
    expect(
      sectionEvidence([
        "Traceback (most recent call last):",
        '  File "t.py", line 1, in f',
        "trio.TooSlowError",
        "",
        "During handling of the above exception, another exception occurred:",
        "RuntimeError: gave up",
      ]),
    ).toEqual(["trio.TooSlowError", "RuntimeError: gave up"]);
  });

  it("a signature line back to a crash (what the ledger stores)", () => {
    expect(
      crashFromSignatureText("ExceptionGroup: x (2 sub-exceptions) [leaves: trio.TooSlowError, Cancelled]"),
    ).toEqual({
      type: "ExceptionGroup",
      message: "x (2 sub-exceptions)",
      leaves: [c("trio.TooSlowError"), c("Cancelled")],
    });
    expect(isTimeoutLike(crashFromSignatureText("TimeoutError (cut)"))).toBe(true);
  });
});

describe("isRerunnableId", () => {
  it.each<[string, boolean]>([
    ["tests/a.py::test_x", true],
    ["tests/a.py::test_x[1-2]", true],
    ["tests/a.py::TestA::test_x[a b]", true],
    ["tests/a.py::test_x[<pkg.Foo object at 0x7f3a2b1c9d90>]", false],
    ["tests/a.py::test_x[obj0x7fab12cd]", false],
    ["tests/a.py", false],
  ])("%s -> %s", (id, expected) => {
    expect(isRerunnableId(id)).toBe(expected);
  });
});
