// Issue 17 items 9-16, each on a real recorded output (test/fixtures/recorded, made by record.ts with real
// pytest and real plugins in a fresh venv): what the report says, beyond the class and ids that
// recorded.test.ts checks for every recording.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classifyOutput, composeReport, FALLBACK_PROFILE, toJson } from "../../hooks/results/analyze.ts";
import { eventText, type PostBashInput } from "../../hooks/results/event.ts";
import { failureLocation } from "../../hooks/results/evidence.ts";
import { parseText } from "../../hooks/results/parse-text.ts";
import { parseRecords, parseReport } from "../../hooks/results/structured.ts";
import { middleTruncate, parseRecorded, postToolUse, postToolUseFailure, RECORDED } from "./helpers.ts";

const PROJECT = "/home/user/project";

function recorded(name: string): { header: Record<string, string>; text: string } {
  const { header, text } = parseRecorded(readFileSync(join(RECORDED, `${name}.txt`), "utf8"));
  return { header, text: text.split("<fixture>").join(PROJECT) };
}

/** The recording through the hook's own path (PostToolUse for exit 0, else PostToolUseFailure). */
function run(
  name: string,
  opts: { truncate?: number; cwd?: string; response?: Record<string, unknown> } = {},
) {
  const { header, text } = recorded(name);
  const exit = Number(header.exit);
  const command = header.command as string;
  const error = `Exit code ${exit}\n${text}`;
  const input =
    exit === 0
      ? postToolUse(command, text, opts.cwd ?? PROJECT, opts.response)
      : postToolUseFailure(
          command,
          opts.truncate ? middleTruncate(error, opts.truncate) : error,
          opts.cwd ?? PROJECT,
        );
  const event = eventText(input as PostBashInput, () => null);
  if (!event.ok) throw new Error(event.skip);
  const classified = classifyOutput({ ...event.input, profile: FALLBACK_PROFILE, report: null });
  const composed = composeReport({
    classified,
    profile: FALLBACK_PROFILE,
    changedFiles: [],
    tree: null,
    history: [],
    now: new Date(),
  });
  return { c: classified.classification, classified, report: composed.text, next: composed.next };
}

describe("17.9 a test class that fails to collect", () => {
  it("is one collection error named by its class, with the whole message, and no 'investigate'", () => {
    for (const name of ["class-collection-error", "class-collection-continue"]) {
      const { c, report } = run(name);
      expect(c.class).toBe("collection-error");
      expect(c.collectionErrors.map((e) => e.path)).toEqual(["tests/test_shapes.py::TestShapes"]);
      expect(c.collectionErrors[0]?.crash).toEqual({
        type: "Failed",
        message: "In tests/test_shapes.py::TestShapes::test_area: function uses no argument 'size'",
      });
      expect(c.tests).toEqual([]);
      expect(c.counts.errors).toBe(1);
      expect(c.evidence).toBe("complete");
      expect(report).not.toMatch(/investigate|mixed/);
    }
    expect(run("class-collection-continue").c.counts.passed).toBe(2);
  });
});

describe("17.10 unbalanced brackets in parametrized ids", () => {
  it("keeps each id whole, its message apart, and lists each failure once", () => {
    const { c, report } = run("bracket-ids");
    expect(c.tests.map((t) => [t.id, t.signature])).toEqual([
      ["tests/test_brackets.py::test_parse_text[a[b]", "AssertionError: cannot parse 'a[b' - bad input"],
      ["tests/test_brackets.py::test_parse_text[c]d]", "AssertionError: cannot parse 'c]d' - bad input"],
      ["tests/test_brackets.py::test_eval[x[0]", "ValueError: unbalanced x[0"],
      ["tests/test_brackets.py::test_eval[y - z]", "ValueError: unbalanced y - z"],
    ]);
    expect(c.tests.every((t) => !t.idGuessed)).toBe(true);
    expect(c.evidence).toBe("complete");
    expect(report.match(/test_eval\[x\[0\]/g)?.length).toBe(1);
  });
});

describe("17.11 pytest-rerunfailures", () => {
  it("a test that failed and passed on its rerun is named as flaky-likely evidence (-v and -rR)", () => {
    for (const name of ["reruns-verbose", "reruns-summary"]) {
      const { c, classified, report } = run(name);
      expect(c.rerunPassed).toEqual([{ id: "tests/test_flaky.py::test_flips_once", reruns: 1 }]);
      expect(classified.parsed.rerunTotal).toBe(3);
      expect(c.tests.map((t) => [t.id, t.reruns])).toEqual([["tests/test_flaky.py::test_always_fails", 2]]);
      expect(report).toContain(
        "tests/test_flaky.py::test_flips_once failed, then passed on a pytest-rerunfailures rerun in this run: flaky-likely",
      );
      expect(report).toContain("failed on all 3 attempts");
      expect(toJson(classified, []).rerun_passed).toEqual(c.rerunPassed);
    }
  });

  it("the streaming report's `rerun` phases say the same (a real report, pytest 9.1.1 + rerunfailures 16.6)", () => {
    // Made by the reporter (hooks/results/reporter) in the `reruns` fixture:
    // `python -m pytest -p no:cacheprovider -q --reruns 2` in a venv with pytest and pytest-rerunfailures 16.6.
    const text = readFileSync(join(RECORDED, "reports", "reruns-rerunfailures-16.6.jsonl"), "utf8");
    const report = parseReport(parseRecords(text));
    expect(report.rerunTotal).toBe(3);
    expect(report.rerunPassed).toEqual([{ id: "tests/test_flaky.py::test_flips_once", reruns: 1 }]);
    expect(report.tests.map((t) => [t.id, t.outcome, t.reruns])).toEqual([
      ["tests/test_flaky.py::test_always_fails", "failed", 2],
    ]);
  });

  it("-q: the reruns not spent on the failing test (--reruns 2) were a fail-then-pass", () => {
    const { c, report } = run("reruns-quiet");
    expect(c.rerunPassed).toBeUndefined();
    expect(report).toContain("counted 3 reruns, 1 of them for tests that then passed: flaky-likely");
  });
});

describe("17.13 crashes", () => {
  it("a segfault without xdist names the test and line from faulthandler's dump, with a next step", () => {
    const { c, report } = run("segfault-faulthandler");
    expect(c.class).toBe("real-failure");
    expect(c.fatal).toEqual({
      error: "Segmentation fault",
      test: "tests/test_crash.py::test_reads_null_pointer",
      location: "tests/test_crash.py:9",
    });
    expect(c.tests[0]?.signature).toBe("Fatal Python error: Segmentation fault");
    expect(report).not.toContain("a timeout or a signal");
    // The same command as every rerun: the run's output flags kept.
    expect(report).toContain(
      "running only that test (`python -m pytest tests/test_crash.py::test_reads_null_pointer -q --tb=short`)",
    );
  });

  it("under xdist 3.8: the crashed worker's test, its crash line, no id made from the file name", () => {
    const { c, report } = run("segfault-xdist");
    expect(c.tests.map((t) => t.id)).toEqual(["tests/test_crash.py::test_reads_null_pointer"]);
    expect(report).not.toContain("test_crash::py");
    const signature = c.tests[0]?.signature ?? "";
    expect(signature).toMatch(
      /^Fatal Python error: Segmentation fault$|^worker 'gw\d' crashed while running 'tests\/test_crash.py::test_reads_null_pointer'$/,
    );
    expect(c.hints).toContain("worker-crash");
  });
});

describe("17.14 the pointer is the project's deepest own frame", () => {
  it("never the stdlib or pytest, also with --tb=native's absolute frames", () => {
    for (const name of ["foreign-frames-native", "foreign-frames-long"]) {
      const { c, next } = run(name);
      expect(Object.fromEntries(c.tests.map((t) => [t.id.split("::")[1], t.location]))).toEqual({
        test_load_broken_settings: "pkg/settings.py:6",
        test_stdlib_directly: "tests/test_settings.py:13",
        test_pytest_raises_helper: "tests/test_settings.py:18",
      });
      expect(next.join("\n")).toContain("Real failure: read pkg/settings.py:6 and the failure of");
    }
  });

  it("absolute frames outside the project root never count, and a traceback with none of its own says so", () => {
    const { text } = recorded("foreign-frames-native");
    const section = text.split("\n");
    const start = section.findIndex((l) => /_ test_stdlib_directly _/.test(l));
    const end = section.findIndex((l, i) => i > start && /^_{3,} test_pytest_raises_helper/.test(l));
    const body = section.slice(start + 1, end);
    expect(failureLocation(body, PROJECT)).toEqual({
      where: "tests/test_settings.py:13",
      foreignOnly: false,
      installed: null,
    });
    // Another project's root: the same absolute frames are not ours, and neither are the stdlib's.
    expect(failureLocation(body, "/somewhere/else")).toMatchObject({ where: null, foreignOnly: true });
    const parsed = parseText(text, { projectRoot: "/somewhere/else" });
    const record = parsed.tests.find((t) => t.id.endsWith("test_stdlib_directly"));
    expect(record?.location).toBeUndefined();
    expect(record?.noOwnFrame).toBe(true);
    const { next } = run("foreign-frames-native", { cwd: "/somewhere/else" });
    expect(next.join("\n")).toContain("has no frame in the project's own code");
    expect(next.join("\n")).not.toMatch(/read \/|site-packages|lib\/python/);
  });
});

describe("17.15 failures without a traceback, missing counts, empty output", () => {
  it("XPASS(strict) and pytest.fail(pytrace=False) get their crash lines", () => {
    const { c } = run("odd-failures");
    expect(c.tests.map((t) => t.signature)).toEqual([
      "XPASS(strict): bug 12 is not fixed yet",
      "Failed: the service answered 503 three times",
      "AssertionError: assert [1, 2] == [1, 3]",
    ]);
    expect(c.evidence).toBe("complete");
  });

  it("-qq: the counts pytest did not print are unknown, never 0", () => {
    const { c, report, classified } = run("odd-failures-qq");
    expect(c.countsUnknown).toBe(true);
    expect(report.split("\n")[0]).toContain("3 failed named; other counts unknown (no stats line)");
    expect(report).not.toMatch(/\b0 passed\b/);
    expect(toJson(classified, []).counts_unknown).toBe(true);
  });

  it("-p no:terminal: empty output with exit 1 gets a report that says tests failed", () => {
    const { header, text } = recorded("no-terminal");
    expect(text.trim()).toBe("");
    expect(header.exit).toBe("1");
    const { c, report } = run("no-terminal");
    expect(c.class).toBe("real-failure");
    expect(c.evidence).toBe("partial");
    expect(report).toContain("counts unknown");
    expect(report).toContain("exit code 1 means some tests failed");
  });

  it("INTERNALERROR is never a test id", () => {
    const { classified } = run("internal-error");
    const json = toJson(classified, []);
    expect(json.tests.map((t) => t.id)).not.toContain("INTERNALERROR");
    expect(json.stopped_before).toMatchObject({
      kind: "internal",
      signature: "RuntimeError: a plugin hook failed",
    });
  });
});

describe("17.16 Claude Code's middle cut of a failing command's text", () => {
  it("says the evidence is cut and where the whole output is", () => {
    const { header } = recorded("middle-truncated-tail");
    const { report } = run("middle-truncated-tail", { truncate: Number(header.truncate) });
    expect(report).toContain("10,000-character cut");
    expect(report).toContain(
      "the whole list fits when rerun as `python -m pytest -p no:cacheprovider -q --tb=line -rfE`",
    );
  });

  it("names a saved output file when the input gives one", () => {
    const { header, text } = recorded("middle-truncated-tail");
    const input = postToolUse(header.command as string, text.slice(0, 2000), PROJECT, {
      persistedOutputPath: "/tmp/claude-0/proj/tool-results/abc.txt",
    });
    const event = eventText(input as PostBashInput, () => ({
      text: middleTruncate(text, 10_000),
      cut: true,
    }));
    if (!event.ok) throw new Error(event.skip);
    const c = classifyOutput({ ...event.input, profile: FALLBACK_PROFILE, report: null }).classification;
    expect(c.notes.join("\n")).toContain("the whole output is in /tmp/claude-0/proj/tool-results/abc.txt");
  });
});
