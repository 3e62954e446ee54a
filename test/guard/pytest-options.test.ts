// The committed list of pytest's own options is what this machine's pytest says (regenerate when it fails:
// npx tsx hooks/guard/data/gen-pytest-options.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { parsePytestHelp } from "../../hooks/guard/data/gen-pytest-options.ts";
import { PYTEST_OPTIONS, PYTEST_VERSION } from "../../hooks/guard/data/pytest-options.ts";

describe("pytest option data", () => {
  it("matches `python -m pytest --help` of the installed pytest", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pytest-help-"));
    try {
      const env = { ...process.env, PYTEST_DISABLE_PLUGIN_AUTOLOAD: "1", COLUMNS: "80" };
      const version = (await execa("python", ["-m", "pytest", "--version"], { cwd: dir, env })).stdout;
      expect(version).toContain(PYTEST_VERSION);
      const help = (await execa("python", ["-m", "pytest", "--help"], { cwd: dir, env })).stdout;
      expect(parsePytestHelp(help)).toEqual(PYTEST_OPTIONS);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("knows the options the skill relies on, with the right arity", () => {
    expect(PYTEST_OPTIONS["-k"]?.arity).toBe("value");
    expect(PYTEST_OPTIONS["-x"]?.arity).toBe("flag");
    expect(PYTEST_OPTIONS["--tb"]?.arity).toBe("value");
    expect(PYTEST_OPTIONS["--co"]?.arity).toBe("flag");
    expect(PYTEST_OPTIONS["--debug"]?.arity).toBe("optional");
    expect(PYTEST_OPTIONS["--lfnf"]?.choices).toEqual(["all", "none"]);
  });
});
