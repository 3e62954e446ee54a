// The gate's record of the agent's changes on disk: each Bash command's before-tree
// (hooks/gate/baseline.ts) and the session's change log (hooks/gate/agent-changes.ts), and the pure parts
// that decide what a tool call changed.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  appendChanges,
  changesFile,
  fileToolPath,
  parseChanges,
  projectPath,
  readChanges,
  treeChanges,
  withinPath,
} from "../../hooks/gate/agent-changes.ts";
import {
  BASELINE_DIR,
  parseBaseline,
  pruneGateState,
  recordBefore,
  takeBefore,
} from "../../hooks/gate/baseline.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function stateDir(): string {
  const d = mkdtempSync(join(tmpdir(), "rts-gate-baseline-"));
  dirs.push(d);
  return d;
}
const tree = (files: Record<string, string>, head: string | null = null) => ({ head, files });

describe("a Bash command's before-tree", () => {
  it.each([
    ["", null],
    ["{", null],
    ["null", null],
    ['{"v":1,"at":1,"files":{}}', null],
    ['{"v":2,"at":"x","files":{}}', null],
    ['{"v":2,"at":1}', null],
    [
      '{"v":2,"at":1,"head":null,"files":{"a.py":".M:1:2","b":7}}',
      { v: 2, at: 1, head: null, files: { "a.py": ".M:1:2" } },
    ],
  ])("parse %j", (text, expected) => {
    expect(parseBaseline(text)).toEqual(expected);
  });

  it("is taken once: read and removed; parallel commands keep their own", () => {
    const dir = stateDir();
    recordBefore(dir, "s-1", "toolu_a", tree({ "x.py": ".M:1:1" }), 1000);
    recordBefore(dir, "s-1", "toolu_b", tree({}), 1000);
    expect(takeBefore(dir, "s-1", "toolu_a")?.files).toEqual({ "x.py": ".M:1:1" });
    expect(takeBefore(dir, "s-1", "toolu_a")).toBeNull();
    expect(takeBefore(dir, "s-1", "toolu_b")?.files).toEqual({});
    expect(readdirSync(join(dir, BASELINE_DIR))).toEqual([]);
  });

  it("ids cannot escape the folder", () => {
    const dir = stateDir();
    recordBefore(dir, "../../etc/x", "../y", tree({}), 1000);
    expect(readdirSync(join(dir, BASELINE_DIR))).toHaveLength(1);
    expect(takeBefore(dir, "../../etc/x", "../y")).not.toBeNull();
  });

  it("old state is pruned at a session's start: a dangling before-tree after a day, a record after two weeks", () => {
    const dir = stateDir();
    recordBefore(dir, "s-1", "toolu_a", tree({}), 1000);
    appendChanges(dir, "s-1", new Map([["a.py", 1]]));
    pruneGateState(dir, Date.now());
    expect(readdirSync(join(dir, BASELINE_DIR))).toHaveLength(2);
    pruneGateState(dir, Date.now() + 2 * 24 * 3_600_000);
    expect(readdirSync(join(dir, BASELINE_DIR))).toEqual(["s-1.changes.jsonl"]);
    pruneGateState(dir, Date.now() + 15 * 24 * 3_600_000);
    expect(readdirSync(join(dir, BASELINE_DIR))).toHaveLength(0);
  });
});

describe("what a command changed: the tree after it against the tree before it", () => {
  it.each([
    [{}, {}, []],
    [{ a: "1" }, { a: "1" }, []], // dirty before (the human's), untouched by the command
    [{ a: "1" }, { a: "2" }, ["a"]], // dirty before, changed again by the command
    [{ a: "1" }, {}, ["a"]], // reverted by the command
    [{}, { b: "1" }, ["b"]], // changed or created by the command
  ] as const)("%j -> %j = %j", (before, after, expected) => {
    expect(treeChanges(tree(before), tree(after))).toEqual(expected);
  });
});

describe("the session's change log", () => {
  it("appends, keeps the latest time per path, skips damaged lines", () => {
    const dir = stateDir();
    appendChanges(dir, "s-1", new Map([["pkg/a.py", 5]]));
    appendChanges(
      dir,
      "s-1",
      new Map([
        ["pkg/a.py", 3],
        ["pkg/b.py", 7],
      ]),
    );
    writeFileSync(changesFile(dir, "s-1"), '{torn\n{"p":1,"ms":2}\n', { flag: "a" });
    expect([...readChanges(dir, "s-1")]).toEqual([
      ["pkg/a.py", 5],
      ["pkg/b.py", 7],
    ]);
    expect(readChanges(dir, "s-2").size).toBe(0);
    expect(parseChanges("")).toEqual(new Map());
  });

  it.each([
    ["Write", { file_path: "/p/pkg/a.py" }, "/p/pkg/a.py"],
    ["Edit", { file_path: "/p/pkg/a.py", old_string: "x", new_string: "y" }, "/p/pkg/a.py"],
    ["MultiEdit", { file_path: "pkg/a.py" }, "/p/pkg/a.py"],
    ["NotebookEdit", { notebook_path: "/p/n.ipynb" }, "/p/n.ipynb"],
    ["Read", { file_path: "/p/pkg/a.py" }, null],
    ["Write", { file_path: 3 }, null],
  ] as const)("%s %j writes %s", (tool, toolInput, expected) => {
    expect(fileToolPath(tool, toolInput, "/p")).toBe(expected);
  });

  it.each([
    ["/p/pkg/a.py", "pkg/a.py"],
    ["/p", null],
    ["/q/pkg/a.py", null],
    ["/p/../q/a.py", null],
  ])("%s in /p is %s", (absolute, expected) => {
    expect(projectPath("/p", absolute)).toBe(expected);
  });

  it.each([
    ["pkg/a.py", "", "pkg/a.py"],
    ["packages/app/src/app/a.py", "packages/app", "src/app/a.py"],
    ["packages/lib/src/lib/a.py", "packages/app", null], // a sibling package
    ["packages/application/a.py", "packages/app", null],
  ])("%s within %j is %s", (path, within, expected) => {
    expect(withinPath(path, within)).toBe(expected);
  });
});
