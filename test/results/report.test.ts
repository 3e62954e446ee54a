// The report text (line budget, next steps, mapping, flaky evidence) and the structured report's selection
// and parsing, on constructed inputs.
import { describe, expect, it } from "vitest";
import { pathPatternMatches } from "../../hooks/core/glob.ts";
import { loadProfile } from "../../hooks/core/profile/load.ts";
import {
  classifyOutput,
  composeReport,
  detectPytest,
  FALLBACK_PROFILE,
  type ResultsProfile,
  toJson,
} from "../../hooks/results/analyze.ts";
import type { LedgerEntry } from "../../hooks/results/ledger.ts";
import { likelyCauses } from "../../hooks/results/mapping.ts";
import { DETAILED_TESTS, MAX_LINES, shellQuote } from "../../hooks/results/render.ts";
import { argsMatch, parseRecords, parseReport, selectReport } from "../../hooks/results/structured.ts";

const tractor = loadProfile("tractor");
if (!tractor.ok) throw new Error("tractor");
const TRACTOR: ResultsProfile = tractor.profile;

function failuresText(ids: string[], sig = "ValueError: bad"): string {
  return [
    "=================================== FAILURES ===================================",
    ...ids.flatMap((id) => [`_____ ${id.split("::").slice(1).join(".")} _____`, `E   ${sig}`]),
    "=========================== short test summary info ============================",
    ...ids.map((id) => `FAILED ${id}`),
    `== ${ids.length} failed, 3 passed in 1.00s ==`,
  ].join("\n");
}

function report(
  text: string,
  profile: ResultsProfile = FALLBACK_PROFILE,
  extra: { changed?: string[]; history?: LedgerEntry[]; command?: string } = {},
) {
  const classified = classifyOutput({
    text: `Exit code 1\n${text}`,
    fromFailure: true,
    command: extra.command ?? "python -m pytest -q",
    profile,
    report: null,
  });
  return composeReport({
    classified,
    profile,
    changedFiles: extra.changed ?? [],
    tree: "A",
    history: extra.history ?? [],
    now: new Date("2026-11-25T10:05:00Z"),
  });
}

describe("classifyOutput", () => {
  const input = (command: string) => ({
    text: `Exit code 1\n${failuresText(["tests/a.py::test_x"])}`,
    fromFailure: true,
    command,
    profile: FALLBACK_PROFILE,
  });

  it("uses the caller's detectPytest result instead of parsing the command again", () => {
    const command = "python -m pytest -q tests/a.py";
    const own = classifyOutput(input(command));
    const given = classifyOutput({ ...input(command), detected: detectPytest(command, FALLBACK_PROFILE) });
    expect(given.classification).toEqual(own.classification);
    expect(given.flags).toEqual(own.flags);
    // What was handed in is what counts: another line's detection shows in the flags and the run.
    const other = detectPytest("pytest -x tests/b.py", FALLBACK_PROFILE);
    const swapped = classifyOutput({ ...input(command), detected: other });
    expect(swapped.run).toBe(other?.run);
    expect(swapped.flags).toMatchObject({ exitFirst: true, targets: ["tests/b.py"] });
    expect(classifyOutput({ ...input(command), detected: null }).flags).toBeNull();
  });
});

describe("report text", () => {
  it("at most a dozen lines; every failing id is listed, the first few with details", () => {
    const ids = Array.from({ length: 40 }, (_, i) => `tests/test_${i % 3}.py::test_case_${i}`);
    const text = report(failuresText(ids)).text;
    const lines = text.split("\n");
    expect(lines.length).toBeLessThanOrEqual(MAX_LINES);
    expect(lines[0]).toMatch(
      /^pytest run: real-failure - 40 failed, 3 passed\. Source: pytest's output text; evidence complete\.$/,
    );
    expect(lines.filter((l) => l.startsWith("FAILED "))).toHaveLength(DETAILED_TESTS);
    const also = lines.find((l) => l.startsWith("Also failing (37): ")) ?? "";
    for (const id of ids.slice(DETAILED_TESTS)) expect(also).toContain(id.split("::")[1]);
    expect(also).toContain("tests/test_0.py::{test_case_3, test_case_6,");
    expect(lines[lines.length - 1]).toMatch(/unstaged/);
    // A real failure is investigated, never "rerun it".
    expect(text).toContain(
      "Next: Real failure: read tests/test_0.py and the failure of tests/test_0.py::test_case_0",
    );
    expect(text).not.toMatch(/--lf|rerun only/i);
  });

  it("names the rerun with the command's own invocation (a venv python) and quotes ids", () => {
    const text = report(failuresText(["tests/a.py::test_x[a b]"], "trio.TooSlowError"), FALLBACK_PROFILE, {
      command: "py313/bin/python -m pytest tests -q",
    }).text;
    // The run's own output flag (-q) is kept on the rerun (issue 17 item 3).
    expect(text).toContain("`py313/bin/python -m pytest 'tests/a.py::test_x[a b]' -q`");
    expect(shellQuote("tests/a.py::t[x]")).toBe("'tests/a.py::t[x]'");
    expect(shellQuote("tests/a.py::t")).toBe("tests/a.py::t");
  });

  it.each([
    {
      name: "real failure: investigate, naming the file and line of the traceback",
      sig: "ValueError: bad",
      body: [
        "tests/test_a.py:7: in test_x",
        "    check()",
        "src/pkg/mod.py:12: in check",
        "E   ValueError: bad",
      ],
      expect: [/Next: Real failure: read src\/pkg\/mod\.py:12 and the failure of tests\/test_a\.py::test_x/],
      not: [/rerun only|--lf/],
    },
    {
      name: "flaky-likely: rerun only those ids, once",
      sig: "trio.TooSlowError",
      body: ["E   trio.TooSlowError"],
      expect: [/rerun only that test once, alone: `python -m pytest tests\/test_a\.py::test_x -q`/],
      not: [/Real failure/],
    },
  ])("next steps: $name", ({ sig, body, expect: want, not }) => {
    const text = report(
      [
        "=================================== FAILURES ===================================",
        "_____ test_x _____",
        ...body,
        "=========================== short test summary info ============================",
        `FAILED tests/test_a.py::test_x - ${sig}`,
        "== 1 failed, 3 passed in 1.00s ==",
      ].join("\n"),
    ).text;
    for (const re of want) expect(text).toMatch(re);
    for (const re of not) expect(text).not.toMatch(re);
  });

  it("known-flaky: the entry is named and the advice is to move on, no rerun", () => {
    const id = "tests/test_cancellation.py::test_cancel_via_SIGINT_other_task[start_method=trio]";
    const text = report(failuresText([id], "trio.TooSlowError"), TRACTOR).text;
    expect(text).toMatch(/^pytest run: flaky-known/);
    expect(text).toContain(
      "Next: Known flaky: tests/test_cancellation.py::test_cancel_via_SIGINT_other_task[start_method=trio] matched the known-flaky entry tests/test_cancellation.py::test_cancel_via_SIGINT_other_task; nothing to fix there, move on.",
    );
    expect(text).not.toMatch(/rerun/i);
  });

  it("a test that failed the same way before on this unchanged tree is not flaky: no second rerun", () => {
    const id = "tests/test_x.py::test_y";
    const first = report(failuresText([id], "trio.TooSlowError: deadline after 0.5s"));
    expect(first.text).toContain("rerun only that test once");
    const second = report(failuresText([id], "trio.TooSlowError: deadline after 0.7s"), FALLBACK_PROFILE, {
      history: [first.entry],
    });
    expect(second.text).toContain("(failed the same way at 2026-11-25 10:05 UTC on this unchanged tree)");
    expect(second.text).toContain(
      "Next: tests/test_x.py::test_y failed the same way twice on this unchanged tree (also at 2026-11-25 10:05 UTC): not flaky; investigate, no further rerun.",
    );
    expect(second.text).not.toContain("rerun only");
    // Another tree, or a pass in between: no such claim.
    expect(
      report(failuresText([id], "trio.TooSlowError"), FALLBACK_PROFILE, {
        history: [{ ...first.entry, tree: "B" }],
      }).text,
    ).toContain("rerun only that test once");
  });

  it("an id with an object's address in its parameters is not offered for a rerun; its function is", () => {
    const id = "tests/test_a.py::test_x[<pkg.Foo object at 0x7f3a2b1c9d90>]";
    const text = report(failuresText([id], "trio.TooSlowError")).text;
    expect(text).toContain("`python -m pytest tests/test_a.py::test_x -q`");
    expect(text).not.toContain("0x7f3a2b1c9d90>]'`");
  });

  it("a failing test mapped to a changed file: the change is named as the likely cause", () => {
    const text = report(failuresText(["tests/test_rpc.py::test_rpc_errors"]), TRACTOR, {
      changed: ["tractor/runtime/_portal.py", "README.md"],
    }).text;
    expect(text).toContain(
      "tests/test_rpc.py::test_rpc_errors is mapped to changed tractor/runtime/_portal.py (working tree): the likely cause.",
    );
  });

  it("earlier fail-then-pass evidence is shown; a rerun that passes now records and reports it", () => {
    const id = "tests/test_x.py::test_y";
    const first = report(failuresText([id], "trio.TooSlowError"));
    const passText = "== 1 passed in 0.1s ==";
    const classified = classifyOutput({
      text: passText,
      fromFailure: false,
      command: `python -m pytest ${id}`,
      profile: FALLBACK_PROFILE,
      report: null,
    });
    const second = composeReport({
      classified,
      profile: FALLBACK_PROFILE,
      changedFiles: [],
      tree: "A",
      history: [{ ...first.entry, t: "2026-11-25T10:00:00.000Z" }],
      now: new Date("2026-11-25T10:05:00Z"),
    });
    expect(second.recovered.map((r) => r.id)).toEqual([id]);
    expect(second.text).toContain(
      `${id} failed at 2026-11-25 10:00 UTC then passed on rerun at 2026-11-25 10:05 UTC on an unchanged tree`,
    );
    const third = report(failuresText([id], "trio.TooSlowError"), FALLBACK_PROFILE, {
      history: [{ ...first.entry, t: "2026-11-25T10:00:00.000Z" }, second.entry],
    });
    expect(third.text).toMatch(/failed then passed on rerun at 2026-11-25 10:05 UTC before/);
  });

  it("the JSON form has the documented keys", () => {
    const classified = classifyOutput({
      text: `Exit code 1\n${failuresText(["tests/a.py::t"])}`,
      fromFailure: true,
      command: "pytest",
      profile: FALLBACK_PROFILE,
      report: null,
    });
    const json = toJson(classified, ["x"]);
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining(["class", "counts", "tests", "evidence", "next"]),
    );
    expect(Object.keys(json.counts).sort()).toEqual([
      "errors",
      "failed",
      "passed",
      "skipped",
      "xfailed",
      "xpassed",
    ]);
    expect(json.tests[0]).toEqual({
      id: "tests/a.py::t",
      outcome: "failed",
      class: "real-failure",
      signature: "ValueError: bad",
    });
  });
});

describe("mapping", () => {
  it.each([
    ["tractor/discovery/", "tractor/discovery/_registry.py", true],
    ["tractor/discovery/", "tractor/discoveryx.py", false],
    ["tractor/_context.py", "tractor/_context.py", true],
    ["tractor/*.py", "tractor/_context.py", true],
    ["tractor/*.py", "tractor/ipc/_chan.py", false],
    ["tractor/**/*.py", "tractor/ipc/_chan.py", true],
    ["tests/ipc/", "tests/ipc/test_x.py", true],
  ])("%s ~ %s => %s", (pattern, path, expected) => {
    expect(pathPatternMatches(pattern, path)).toBe(expected);
  });

  it("only rows whose tests failed and whose sources changed", () => {
    const causes = likelyCauses(["tests/ipc/test_tcp.py::test_x"], TRACTOR.mapping, [
      "tractor/ipc/_chan.py",
      "tractor/msg/x.py",
    ]);
    expect(causes).toEqual([
      {
        tests: ["tests/ipc/test_tcp.py::test_x"],
        changed: ["tractor/ipc/_chan.py"],
        note: "_chan, _server, _transport",
      },
    ]);
    expect(likelyCauses(["tests/ipc/test_tcp.py::test_x"], TRACTOR.mapping, ["docs/x.md"])).toEqual([]);
  });
});

describe("structured report selection and parsing", () => {
  it.each<[Array<string | null>, string[], boolean]>([
    [["-q"], ["-q"], true],
    [["-q"], ["-q", "-x"], false],
    [[null, "-q"], ["tests/a.py", "tests/b.py", "-q"], true],
    [[null], [], true],
    [["tests/a.py"], ["tests/b.py"], false],
  ])("argv %j vs %j => %s", (command, argv, expected) => {
    expect(argsMatch(command, argv)).toBe(expected);
  });

  const start = (t: number, args: string[]) => ({ k: "start" as const, v: 1, t, pid: 1, args, dir: "/p" });
  it("picks the latest report inside this command's window with the same argv", () => {
    const now = 1_800_000_000_000;
    const candidates = [
      { name: `${now - 50_000}-1.jsonl`, start: start(now - 50_000, ["-q"]) }, // before the window
      { name: `${now - 4_000}-2.jsonl`, start: start(now - 4_000, ["-x"]) }, // other argv
      { name: `${now - 3_000}-3.jsonl`, start: start(now - 3_000, ["-q"]) },
      { name: `${now - 2_000}-4.jsonl`, start: start(now - 2_000, ["-q"]) },
    ];
    expect(selectReport(candidates, { args: ["-q"], nowMs: now, durationMs: 5_000 })?.name).toBe(
      `${now - 2_000}-4.jsonl`,
    );
    expect(selectReport(candidates, { args: ["-k", "x"], nowMs: now, durationMs: 5_000 })).toBeNull();
  });

  it("a report with no finish record: interrupted, the test without a teardown was running", () => {
    const records = parseRecords(
      [
        '{"k":"start","v":1,"t":1,"pid":1,"args":[],"dir":"/p"}',
        '{"k":"begin","id":"t.py::a","t":2}',
        '{"k":"phase","id":"t.py::a","when":"call","outcome":"passed","dur":0}',
        '{"k":"phase","id":"t.py::a","when":"teardown","outcome":"passed","dur":0}',
        '{"k":"begin","id":"t.py::b","t":3}',
        '{"k":"phase","id":"t.py::b","when":"setup","outcome":"passed","dur":0}',
        '{"k":"phase","id":"t.py::b","when":"ca', // torn by the kill
      ].join("\n"),
    );
    const run = parseReport(records);
    expect(run.stats).toBeNull();
    expect(run.runningTest).toBe("t.py::b");
    expect(run.passedIds).toEqual(["t.py::a"]);
  });

  it("reruns (pytest-rerunfailures) keep only the final outcome; xfail and xpass are told apart", () => {
    const run = parseReport(
      parseRecords(
        [
          '{"k":"start","v":1,"t":1,"pid":1,"args":[],"dir":"/p"}',
          '{"k":"phase","id":"t.py::a","when":"call","outcome":"rerun","dur":0}',
          '{"k":"phase","id":"t.py::a","when":"call","outcome":"passed","dur":0}',
          '{"k":"phase","id":"t.py::a","when":"teardown","outcome":"passed","dur":0}',
          '{"k":"phase","id":"t.py::x","when":"call","outcome":"skipped","dur":0,"xfail":true}',
          '{"k":"phase","id":"t.py::x","when":"teardown","outcome":"passed","dur":0}',
          '{"k":"phase","id":"t.py::y","when":"call","outcome":"passed","dur":0,"xfail":true}',
          '{"k":"phase","id":"t.py::y","when":"teardown","outcome":"passed","dur":0}',
          '{"k":"finish","exit":0,"stop":null,"t":9}',
        ].join("\n"),
      ),
    );
    expect(run.stats).toMatchObject({ passed: 1, xfailed: 1, xpassed: 1, failed: 0 });
    expect(run.tests).toEqual([]);
  });
});
