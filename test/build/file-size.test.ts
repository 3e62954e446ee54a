// The file-size rule of `npm run check` (bin/build/file-size.ts), on a real git repository made for the test.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { lineCount, MAX_LINES, OVER_LIMIT_ALLOWED, oversized } from "../../bin/build/file-size.ts";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "file-size-"));
  made.push(dir);
  execFileSync("git", ["init", "-q"], { cwd: dir });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return `${dir}${sep}`;
}

const lines = (n: number) => "x;\n".repeat(n);

describe("file size", () => {
  it("counts lines with or without a final newline", () => {
    expect(lineCount("")).toBe(0);
    expect(lineCount("a")).toBe(1);
    expect(lineCount("a\nb\n")).toBe(2);
    expect(lineCount("a\nb")).toBe(2);
  });

  it("flags a source past the limit, never one at it, and never a test or a non-TypeScript file", () => {
    const dir = repo({
      "hooks/at-limit.ts": lines(MAX_LINES),
      "hooks/too-long.ts": lines(MAX_LINES + 1),
      "test/long.test.ts": lines(MAX_LINES + 50),
      "hooks/data.json": lines(MAX_LINES + 50),
    });
    expect(oversized(dir)).toEqual([["hooks/too-long.ts", MAX_LINES + 1]]);
  });

  it("lets a listed exception through, and only that file", () => {
    const dir = repo({ "hooks/big.ts": lines(MAX_LINES + 1), "hooks/other.ts": lines(MAX_LINES + 1) });
    expect(oversized(dir, { "hooks/big.ts": "a reason" })).toEqual([["hooks/other.ts", MAX_LINES + 1]]);
    for (const reason of Object.values(OVER_LIMIT_ALLOWED)) expect(reason.length).toBeGreaterThan(20);
  });

  it("holds for this repository", () => {
    expect(oversized()).toEqual([]);
  });
});
