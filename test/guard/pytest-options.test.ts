// The committed list of pytest's own options is what this machine's pytest says (regenerate when it fails:
// npx tsx hooks/core/pytest/gen-options.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { HIDDEN_ALIASES, parsePytestHelp } from "../../hooks/core/pytest/gen-options.ts";
import { PYTEST_OPTIONS, PYTEST_VERSION } from "../../hooks/core/pytest/options.ts";

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
  it("knows every option string the installed pytest's parser accepts, hidden aliases included", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pytest-parser-"));
    try {
      const env = { ...process.env, PYTEST_DISABLE_PLUGIN_AUTOLOAD: "1" };
      // pytest's argparse parser is private API: fine for a test that only has to notice drift.
      const script = [
        "from _pytest.config import _prepareconfig",
        "conf = _prepareconfig(['--co', '-q'])",
        "for a in conf._parser.optparser._actions:",
        "    print(' '.join(a.option_strings))",
      ].join("\n");
      const out = (await execa("python", ["-c", script], { cwd: dir, env })).stdout;
      const groups = out.split("\n").map((l) => l.trim().split(" ").filter(Boolean));
      const all = groups.flat();
      expect(all).toContain("--junitxml");
      expect(all.filter((o) => !Object.hasOwn(PYTEST_OPTIONS, o))).toEqual([]);
      // An alias shares the arity of the spelling --help shows.
      for (const [alias, shown] of Object.entries(HIDDEN_ALIASES)) {
        expect(
          groups.find((g) => g.includes(alias)),
          alias,
        ).toContain(shown);
        expect(PYTEST_OPTIONS[alias], alias).toEqual(PYTEST_OPTIONS[shown]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("parsePytestHelp adds a hidden alias only when --help lists its option", () => {
    const help =
      "options:\n  --junit-xml=path, --junitxml=path  Create junit-xml\n  -x, --exitfirst   Exit\n";
    const parsed = parsePytestHelp(help);
    expect(parsed["--junitxml"]).toEqual({ arity: "value" });
    expect(parsed["--junit-xml"]).toEqual({ arity: "value" });
    expect(parsePytestHelp("  -x, --exitfirst   Exit\n")["--junitxml"]).toBeUndefined();
  });
  it("knows the options the skill relies on, with the right arity", () => {
    expect(PYTEST_OPTIONS["-k"]?.arity).toBe("value");
    expect(PYTEST_OPTIONS["-x"]?.arity).toBe("flag");
    expect(PYTEST_OPTIONS["--tb"]?.arity).toBe("value");
    expect(PYTEST_OPTIONS["--co"]?.arity).toBe("flag");
    expect(PYTEST_OPTIONS["--debug"]?.arity).toBe("optional");
    expect(PYTEST_OPTIONS["--lfnf"]?.choices).toEqual(["all", "none"]);
    expect(PYTEST_OPTIONS["--junitxml"]?.arity).toBe("value");
  });
});
