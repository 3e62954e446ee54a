// The flaky ledger: fail-then-pass evidence on an unchanged tree, bounded lines, and appends from several
// processes at once.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { runFlags } from "../../hooks/results/command.ts";
import { parseJsonLines } from "../../hooks/results/jsonl.ts";
import {
  appendLedger,
  buildEntry,
  flakyEvidence,
  flakyEvidenceWith,
  LEDGER_FILE,
  type LedgerEntry,
  LINE_MAX_BYTES,
  parseLedger,
  readLedger,
  repeatedFailures,
  selectionCovers,
  serializeEntry,
  timeoutRepeats,
} from "../../hooks/results/ledger.ts";
import { parseRecords } from "../../hooks/results/structured.ts";
import { type Classification, fileOfNodeId, splitNodeId } from "../../hooks/results/types.ts";
import { cleanupTempDirs, tempDir } from "./helpers.ts";

afterAll(cleanupTempDirs);

const WRITER = fileURLToPath(new URL("./ledger-writer.ts", import.meta.url));

function classification(over: Partial<Classification>): Classification {
  return {
    class: "pass",
    counts: { passed: 1, failed: 0, errors: 0, skipped: 0, xfailed: 0, xpassed: 0 },
    tests: [],
    collectionErrors: [],
    missingFixtures: [],
    environment: [],
    evidence: "complete",
    notes: [],
    hints: [],
    source: "text",
    runningTest: null,
    notRun: null,
    stoppedEarly: false,
    missingModules: [],
    collected: null,
    collectOnly: false,
    nothingRan: false,
    ...over,
  };
}

const failing = (id: string, signature = "trio.TooSlowError") =>
  classification({
    class: "flaky-likely",
    tests: [{ id, outcome: "failed", class: "flaky-likely", signature, timeoutLike: true }],
  });

const ID = "tests/test_x.py::test_y[1]";

function entry(over: {
  t: string;
  tree: string | null;
  c: Classification;
  passedIds?: string[];
  args?: string[];
  history: LedgerEntry[];
}) {
  return buildEntry({
    now: new Date(over.t),
    command: `python -m pytest ${(over.args ?? []).join(" ")}`,
    tree: over.tree,
    classification: over.c,
    passedIds: over.passedIds ?? [],
    flags: runFlags(over.args ?? []),
    history: over.history,
  });
}

describe("flaky evidence", () => {
  it("failed, then passed on a targeted rerun with the tree unchanged => evidence, with both times", () => {
    const e1 = entry({ t: "2026-11-25T10:00:00Z", tree: "A", c: failing(ID), history: [] });
    const e2 = entry({
      t: "2026-11-25T10:05:00Z",
      tree: "A",
      c: classification({}),
      args: [ID],
      history: [e1],
    });
    expect(e2.passed).toEqual([ID]);
    expect(flakyEvidence([e1, e2])).toEqual([
      { id: ID, flips: 1, failedAt: e1.t, passedAt: e2.t, signature: "trio.TooSlowError" },
    ]);
  });

  it("a changed tree in between is a fix, not flakiness", () => {
    const e1 = entry({ t: "2026-11-25T10:00:00Z", tree: "A", c: failing(ID), history: [] });
    const e2 = entry({
      t: "2026-11-25T10:05:00Z",
      tree: "B",
      c: classification({}),
      args: [ID],
      history: [e1],
    });
    expect(flakyEvidence([e1, e2])).toEqual([]);
  });

  it("outside git (no fingerprint) nothing is evidence", () => {
    const e1 = entry({ t: "2026-11-25T10:00:00Z", tree: null, c: failing(ID), history: [] });
    const e2 = entry({
      t: "2026-11-25T10:05:00Z",
      tree: null,
      c: classification({}),
      args: [ID],
      history: [e1],
    });
    expect(flakyEvidence([e1, e2])).toEqual([]);
  });

  it("--lf rerun that passes covers the last run's failures; a -k run covers nothing; a partial pass covers nothing", () => {
    const e1 = entry({ t: "2026-11-25T10:00:00Z", tree: "A", c: failing(ID), history: [] });
    expect(
      entry({ t: "2026-11-25T10:01:00Z", tree: "A", c: classification({}), args: ["--lf"], history: [e1] })
        .passed,
    ).toEqual([ID]);
    expect(
      entry({ t: "2026-11-25T10:01:00Z", tree: "A", c: classification({}), args: ["-k", "y"], history: [e1] })
        .passed,
    ).toEqual([]);
    const partial = classification({ evidence: "partial" });
    expect(
      entry({ t: "2026-11-25T10:01:00Z", tree: "A", c: partial, args: [ID], history: [e1] }).passed,
    ).toEqual([]);
    // A passing id named by the output (-v / report) counts even when the run as a whole failed.
    const other = failing("tests/test_x.py::test_other");
    expect(
      entry({ t: "2026-11-25T10:01:00Z", tree: "A", c: other, passedIds: [ID], history: [e1] }).passed,
    ).toEqual([ID]);
  });

  it("a clean `pytest --pyargs pkg.sub` is no rerun of earlier failures: no fabricated flip", () => {
    const e1 = entry({ t: "2026-11-25T10:00:00Z", tree: "A", c: failing(ID), history: [] });
    const e2 = entry({
      t: "2026-11-25T10:05:00Z",
      tree: "A",
      c: classification({}),
      args: ["--pyargs", "pkg.sub"],
      history: [e1],
    });
    expect(e2.passed).toEqual([]);
    expect(flakyEvidence([e1, e2])).toEqual([]);
    // The value of an option the old table missed is no target: this run is the whole suite.
    const e3 = entry({
      t: "2026-11-25T10:06:00Z",
      tree: "A",
      c: classification({}),
      args: ["--config-file", "ci.ini", "--log-file-level", "DEBUG"],
      history: [e1],
    });
    expect(e3.passed).toEqual([ID]);
  });

  it.each([
    [["--pyargs", "tests"], false],
    [["--pyargs"], true],
    [["tests/test_x.py"], true],
    [["tests/"], true],
    [["tests/test_x.py::test_y"], true],
    [["tests/test_x.py::test_y[1]"], true],
    [["tests/test_other.py"], false],
    [[], true],
    [["--co"], false],
  ])("selection %j covers %s", (args, covers) => {
    expect(selectionCovers(runFlags(args), ID, new Set())).toBe(covers);
  });
});

describe("flakyEvidenceWith (one pass for the report)", () => {
  it("gives flakyEvidence(history) and exactly the flips the new entry completes", () => {
    const other = "tests/test_x.py::test_z";
    const e1 = entry({ t: "2026-11-25T10:00:00Z", tree: "A", c: failing(ID), history: [] });
    const e2 = entry({
      t: "2026-11-25T10:01:00Z",
      tree: "A",
      c: classification({}),
      args: [ID],
      history: [e1],
    });
    const e3 = entry({ t: "2026-11-25T10:02:00Z", tree: "A", c: failing(ID), history: [e1, e2] });
    const e4 = entry({ t: "2026-11-25T10:02:30Z", tree: "A", c: failing(other), history: [e1, e2, e3] });
    const history = [e1, e2, e3, e4];
    const now = entry({ t: "2026-11-25T10:03:00Z", tree: "A", c: classification({}), history });
    expect(now.passed.sort()).toEqual([other, ID].sort());

    const { before, recovered } = flakyEvidenceWith(history, now);
    expect(before).toEqual(flakyEvidence(history));
    expect(before).toEqual([
      { id: ID, flips: 1, failedAt: e1.t, passedAt: e2.t, signature: "trio.TooSlowError" },
    ]);
    const after = flakyEvidence([...history, now]);
    expect(recovered.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      after.filter((e) => e.passedAt === now.t).sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(recovered.find((e) => e.id === ID)).toMatchObject({ flips: 2, failedAt: e3.t });
    // A changed tree completes nothing.
    expect(flakyEvidenceWith(history, { ...now, tree: "B" }).recovered).toEqual([]);
  });
});

describe("JSON lines and node ids (shared helpers)", () => {
  const torn =
    '{"k":"start","v":1}\n{"v":1,"t":"x","failed":[],"passed":[]}\n{"k":"phase","i\nnot json\n[1]\n{"k":3}\n';

  it("parseJsonLines keeps the objects `accept` recognises and skips torn lines", () => {
    const isK = (v: unknown): v is { k: string } => typeof (v as { k?: unknown })?.k === "string";
    expect(parseJsonLines(torn, isK)).toEqual([{ k: "start", v: 1 }]);
    expect(parseRecords(torn)).toEqual([{ k: "start", v: 1 }]);
    expect(parseLedger(torn)).toEqual([{ v: 1, t: "x", failed: [], passed: [] }]);
    expect(parseJsonLines("null\n{}\n", (v): v is object => v !== null)).toEqual([{}]);
  });

  it.each([
    ["tests/a.py::test_x", { file: "tests/a.py", name: "test_x", params: null }, "tests/a.py"],
    [
      "tests/a.py::TestA::test_x[1-a::b]",
      { file: "tests/a.py", name: "TestA::test_x", params: "1-a::b" },
      "tests/a.py",
    ],
    ["tests/a.py::test_x[a[b]]", { file: "tests/a.py", name: "test_x", params: "a[b]" }, "tests/a.py"],
    ["tests/broken.py", { file: "", name: "tests/broken.py", params: null }, "tests/broken.py"],
  ])("splitNodeId(%s)", (id, parts, file) => {
    expect(splitNodeId(id)).toEqual(parts);
    expect(fileOfNodeId(id)).toBe(file);
  });
});

describe("ledger lines", () => {
  it("stay below PIPE_BUF: signatures are shortened first, then ids are counted in `more`", () => {
    const many = classification({
      class: "real-failure",
      tests: Array.from({ length: 200 }, (_, i) => ({
        id: `tests/test_module_with_a_long_name.py::test_case_number_${i}[param-${"p".repeat(30)}]`,
        outcome: "failed" as const,
        class: "real-failure" as const,
        signature: `AssertionError: ${"m".repeat(150)}`,
        timeoutLike: false,
      })),
    });
    const line = serializeEntry(entry({ t: "2026-11-25T10:00:00Z", tree: "A", c: many, history: [] }));
    expect(Buffer.byteLength(line)).toBeLessThanOrEqual(LINE_MAX_BYTES);
    const parsed = parseLedger(line)[0];
    expect(parsed?.more).toBeGreaterThan(0);
    expect((parsed?.failed.length ?? 0) + (parsed?.more ?? 0)).toBe(200);
  });

  it("torn and foreign lines are skipped", () => {
    expect(
      parseLedger('{"v":1,"t":"x","failed":[],"passed":[]}\n{"v":1,"t":"y","fai\nnot json\n{"v":2}'),
    ).toHaveLength(1);
  });

  it("the file is rotated past its size limit; both generations are read", () => {
    const dir = tempDir();
    const e = entry({ t: "2026-11-25T10:00:00Z", tree: "A", c: failing(ID), history: [] });
    for (let i = 0; i < 30; i++) appendLedger(dir, e, 2000);
    expect(statSync(join(dir, LEDGER_FILE)).size).toBeLessThan(2000 + LINE_MAX_BYTES);
    expect(statSync(join(dir, `${LEDGER_FILE}.1`)).size).toBeGreaterThan(0);
    const all = readLedger(dir);
    expect(all.length).toBeGreaterThan(0);
    expect(all.length).toBeLessThan(30);
  });
});

describe("concurrent appends", () => {
  async function writers(dir: string, processes: number, perProcess: number, pad: number) {
    await Promise.all(
      Array.from({ length: processes }, (_, k) =>
        execa("node", ["--import", "tsx", WRITER, dir, String(perProcess), `w${k}`, String(pad)], {
          timeout: 60_000,
        }),
      ),
    );
  }

  it("six processes appending at once: every line whole, none lost", async () => {
    const dir = tempDir();
    await writers(dir, 6, 50, 100);
    const text = readFileSync(join(dir, LEDGER_FILE), "utf8");
    const lines = text.split("\n").filter(Boolean);
    expect(lines).toHaveLength(300);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(new Set(lines.map((l) => (JSON.parse(l) as LedgerEntry).failed[0]?.[0])).size).toBe(300);
  });

  it("near-limit lines while rotating: no torn line in either generation", async () => {
    const dir = tempDir();
    await writers(dir, 4, 40, 3500);
    for (const file of [LEDGER_FILE, `${LEDGER_FILE}.1`]) {
      const lines = readFileSync(join(dir, file), "utf8").split("\n").filter(Boolean);
      for (const line of lines) expect(() => JSON.parse(line), file).not.toThrow();
    }
  });
});

describe("twice the same way, and repeated timeouts", () => {
  const e = (t: string, tree: string | null, failed: Array<[string, string]>, passed: string[] = []) =>
    ({
      v: 1,
      t,
      cmd: "pytest",
      tree,
      class: "real-failure",
      evidence: "complete",
      failed,
      passed,
    }) as LedgerEntry;
  const now = (failed: Array<[string, string]>, tree: string | null = "A") =>
    e("2026-11-25T11:00:00Z", tree, failed);

  it.each<[string, LedgerEntry[], LedgerEntry, string[]]>([
    [
      "same tree, same crash (numbers differ)",
      [e("T1", "A", [["t::a", "TooSlowError: 0.51s"]])],
      now([["t::a", "TooSlowError: 0.73s"]]),
      ["t::a"],
    ],
    ["another tree", [e("T1", "B", [["t::a", "X"]])], now([["t::a", "X"]]), []],
    ["another crash", [e("T1", "A", [["t::a", "ValueError: x"]])], now([["t::a", "KeyError: x"]]), []],
    [
      "a pass in between",
      [e("T1", "A", [["t::a", "X"]]), e("T2", "A", [], ["t::a"])],
      now([["t::a", "X"]]),
      [],
    ],
    ["outside git", [e("T1", null, [["t::a", "X"]])], now([["t::a", "X"]], null), []],
  ])("%s", (_name, history, entry, ids) => {
    expect(repeatedFailures(history, entry).map((r) => r.id)).toEqual(ids);
  });

  it("timeouts repeated on other trees or with a pass between are evidence; one tree twice is not", () => {
    const slow = (s: string) => s.includes("TooSlow");
    const entries = [
      e("T1", "A", [
        ["t::x", "trio.TooSlowError"],
        ["t::y", "trio.TooSlowError"],
        ["t::z", "trio.TooSlowError"],
      ]),
      e("T2", "B", [["t::x", "trio.TooSlowError"]]),
      e("T3", "A", [
        ["t::y", "trio.TooSlowError"],
        ["t::w", "ValueError"],
      ]),
      e("T4", "A", [], ["t::z"]),
      e("T5", "A", [
        ["t::z", "trio.TooSlowError"],
        ["t::w", "ValueError"],
      ]),
    ];
    expect(timeoutRepeats(entries, slow).map((r) => [r.id, r.runs, r.trees, r.passes])).toEqual([
      ["t::x", 2, 2, 0],
      ["t::z", 2, 1, 1],
    ]);
  });
});
