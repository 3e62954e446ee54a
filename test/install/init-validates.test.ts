// `init` refuses to install a skill that fails its own validation (issue 8): a profile whose runner was
// changed by hand while one of its commands still spells another interpreter. Exit 1, nothing written, an
// earlier installation left as it was.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runInit } from "../../bin/install/init.ts";
import { PATHS } from "../../bin/install/layout.ts";
import { formatInit } from "../../bin/install/present.ts";
import { gitRepo, removeDir, snapshot } from "./helpers.ts";

const NOW = new Date("2026-11-26T12:00:00Z");
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

const STALE = `extends: generic
runner:
  python: .venv/bin/python
quick_checks:
  - title: Everything
    run:
      - python -m pytest -q
`;

describe("init validates the skill it would install", () => {
  it("refuses a profile whose commands do not match its runner, writing nothing", async () => {
    const dir = await gitRepo({ "tests/test_a.py": "def test_a():\n    pass\n" });
    dirs.push(dir);
    writeFileSync(join(dir, "stale.yaml"), STALE);
    const before = snapshot(dir);
    const result = await runInit({ dir, cwd: dir, now: NOW, profile: "stale.yaml" });
    expect(result.ok).toBe(false);
    const text = formatInit(result);
    expect(text).toContain("fails its own validation");
    expect(text).toContain("python -m pytest -q");
    expect(snapshot(dir)).toEqual(before);
  });

  it("leaves an earlier installation untouched", async () => {
    const dir = await gitRepo({ "tests/test_a.py": "def test_a():\n    pass\n" });
    dirs.push(dir);
    const first = await runInit({ dir, cwd: dir, now: NOW, profile: "generic" });
    expect(first.ok, formatInit(first)).toBe(true);
    const installed = snapshot(dir);
    writeFileSync(join(dir, "stale.yaml"), STALE);
    const again = await runInit({ dir, cwd: dir, now: NOW, profile: "stale.yaml" });
    expect(again.ok).toBe(false);
    const after = snapshot(dir);
    delete after["stale.yaml"];
    expect(after).toEqual(installed);
    expect(after[PATHS.compiledProfile]).toBeDefined();
  });

  it("installs the same profile once its command uses the runner", async () => {
    const dir = await gitRepo({ "tests/test_a.py": "def test_a():\n    pass\n" });
    dirs.push(dir);
    writeFileSync(join(dir, "fixed.yaml"), STALE.replace("python -m pytest -q", "'{{pytest}} -q'"));
    const result = await runInit({ dir, cwd: dir, now: NOW, profile: "fixed.yaml" });
    expect(result.ok, formatInit(result)).toBe(true);
  });
});
