// What a run covered, as the report hook records it on the ledger line (hooks/results/coverage.ts), from real
// command lines through the report's own pytest command parser.
import { describe, expect, it } from "vitest";
import { detectPytest, FALLBACK_PROFILE } from "../../hooks/results/analyze.ts";
import { runFlags } from "../../hooks/results/command.ts";
import { coverageOf, runCoverage, runCovers } from "../../hooks/results/coverage.ts";
import { parseLedger, serializeEntry } from "../../hooks/results/ledger.ts";

function flagsOf(command: string) {
  const detected = detectPytest(command, FALLBACK_PROFILE);
  if (!detected) throw new Error(`not a pytest run: ${command}`);
  return runFlags(detected.run.args);
}

describe("coverageOf", () => {
  it.each([
    // [command, cwd relative to the repo root, scope, narrowed]
    ["python -m pytest", "", ["."], false],
    ["python -m pytest -x --tb=short", "", ["."], false],
    ["python -m pytest tests/ipc/ tests/test_2way.py -x", "", ["tests/ipc", "tests/test_2way.py"], false],
    ["python -m pytest ./tests/ipc", "", ["tests/ipc"], false],
    [
      "python -m pytest tests/test_2way.py::test_basic_1way",
      "",
      ["tests/test_2way.py::test_basic_1way"],
      false,
    ],
    ["python -m pytest test_chan.py", "tests/ipc", ["tests/ipc/test_chan.py"], false],
    ["python -m pytest", "tests", ["tests"], false],
    ["python -m pytest ../tests/ipc", "docs", ["tests/ipc"], false],
    ["python -m pytest tests -k chan", "", ["tests"], true],
    ["python -m pytest tests -m 'not slow'", "", ["tests"], true],
    ["python -m pytest --lf", "", ["."], true],
    ["python -m pytest tests/ --co -qq", "", ["tests"], true],
  ] as const)("%s (in %j)", (command, cwd, scope, narrowed) => {
    const c = coverageOf(flagsOf(command), cwd, null);
    expect(c.scope).toEqual(scope);
    expect(c.narrowed === true).toBe(narrowed);
  });

  it.each([
    ["python -m pytest $TESTS", ""],
    ["python -m pytest ../../elsewhere", "tests"],
    ["python -m pytest --pyargs tractor", ""],
  ])("unknown selection: %s", (command, cwd) => {
    expect(coverageOf(flagsOf(command), cwd, null).scope).toBeUndefined();
  });

  it("absolute targets under the repo become repo-relative", () => {
    expect(runCoverage(flagsOf("python -m pytest /r/p/tests/ipc"), "/r/p", "/r/p", null).scope).toEqual([
      "tests/ipc",
    ]);
    expect(runCoverage(flagsOf("python -m pytest tests"), "/r/p", "/elsewhere", null).scope).toBeUndefined();
  });

  it("the start time, when the duration is known", () => {
    expect(coverageOf(null, "", Date.parse("2026-12-01T10:00:00.000Z"))).toEqual({
      start: "2026-12-01T10:00:00.000Z",
    });
  });

  it("a huge selection is left out (the ledger line stays short)", () => {
    const many = Array.from({ length: 200 }, (_, i) => `tests/test_module_number_${i}.py`).join(" ");
    expect(coverageOf(flagsOf(`python -m pytest ${many}`), "", null).scope).toBeUndefined();
  });
});

describe("runCovers", () => {
  const at = { t: "2026-12-01T10:00:00.000Z", class: "pass" as const };
  it.each([
    [["."], "tests/ipc/", true],
    [["tests"], "tests/ipc/", true],
    [["tests/ipc"], "tests/ipc/", true],
    [["tests/ipc/test_chan.py"], "tests/ipc/", false],
    [["tests/ipc"], "tests/ipc/test_chan.py", true],
    [["tests/test_2way.py::test_x"], "tests/test_2way.py", false],
    [["tests/ipc_more"], "tests/ipc/", false],
    [["tests/msg"], "tests/msg/test_*.py", true],
  ] as const)("%j covers %s: %s", (scope, path, expected) => {
    expect(runCovers({ ...at, scope: [...scope] }, path)).toBe(expected);
  });
});

describe("ledger lines (backward compatible)", () => {
  const base = {
    v: 1 as const,
    t: "2026-12-01T10:00:00.000Z",
    cmd: "python -m pytest tests/ipc",
    tree: "0123456789abcdef",
    class: "pass" as const,
    evidence: "complete" as const,
    failed: [] as Array<[string, string]>,
    passed: [] as string[],
  };

  it("a line with the coverage fields keeps them through serializeEntry and parseLedger", () => {
    const entry = {
      ...base,
      start: "2026-12-01T09:59:58.000Z",
      scope: ["tests/ipc"],
      narrowed: true as const,
    };
    expect(parseLedger(serializeEntry(entry))).toEqual([entry]);
  });

  it("an older line without them still parses, and covers nothing", () => {
    const [old] = parseLedger(`${JSON.stringify(base)}\n`);
    expect(old).toEqual(base);
    expect(old && runCovers(old, "tests/ipc/")).toBe(false);
  });

  it("a line cut down to fit (thousands of failures) keeps its scope", () => {
    const failed = Array.from({ length: 400 }, (_, i): [string, string] => [
      `tests/ipc/test_x.py::t${i}`,
      "boom",
    ]);
    const [cut] = parseLedger(
      serializeEntry({ ...base, class: "real-failure", failed, scope: ["tests/ipc"] }),
    );
    expect(cut?.more).toBeGreaterThan(0);
    expect(cut?.scope).toEqual(["tests/ipc"]);
  });
});
