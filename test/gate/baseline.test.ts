// The session's starting tree on disk (hooks/gate/baseline.ts): written once per session, damaged files
// read as none.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BASELINE_DIR, parseBaseline, readBaseline, recordBaseline } from "../../hooks/gate/baseline.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function stateDir(): string {
  const d = mkdtempSync(join(tmpdir(), "rts-gate-baseline-"));
  dirs.push(d);
  return d;
}

describe("baseline", () => {
  it.each([
    ["", null],
    ["{", null],
    ["null", null],
    ['{"v":2,"at":1,"files":{}}', null],
    ['{"v":1,"at":"x","files":{}}', null],
    ['{"v":1,"at":1}', null],
    [
      '{"v":1,"at":1,"head":null,"files":{"a.py":".M:1:2","b":7}}',
      { v: 1, at: 1, head: null, files: { "a.py": ".M:1:2" } },
    ],
  ])("parse %j", (text, expected) => {
    expect(parseBaseline(text)).toEqual(expected);
  });

  it("is written once per session: a resumed session keeps its starting point", () => {
    const dir = stateDir();
    const first = recordBaseline(dir, "s-1", { head: "a".repeat(40), files: { "x.py": ".M:1:1" } }, 1000);
    const again = recordBaseline(dir, "s-1", { head: "b".repeat(40), files: {} }, 2000);
    expect(again).toEqual(first);
    expect(readBaseline(dir, "s-1")?.files).toEqual({ "x.py": ".M:1:1" });
    expect(readBaseline(dir, "s-2")).toBeNull();
  });

  it("a damaged file is replaced by a fresh starting point", () => {
    const dir = stateDir();
    recordBaseline(dir, "s-1", { head: null, files: {} }, 1000);
    writeFileSync(join(dir, BASELINE_DIR, "s-1.json"), "{torn");
    expect(readBaseline(dir, "s-1")).toBeNull();
    expect(recordBaseline(dir, "s-1", { head: null, files: { "y.py": "?:1:1" } }, 3000).at).toBe(3000);
  });

  it("a session id cannot escape the folder", () => {
    const dir = stateDir();
    recordBaseline(dir, "../../etc/x", { head: null, files: {} }, 1000);
    expect(readBaseline(dir, "../../etc/x")).not.toBeNull();
  });
});
