// The runner is spelled once (issue 8): a profile names the interpreter or the pytest command, and every
// command, allowed-tools entry, hint and registration of the profile follows. These tests load real profiles
// (built-ins extended the way `init` and users do), render the skill and run the validator on it.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadProfile, loadProfileText } from "../../hooks/core/profile/load.ts";
import { pythonOfPytest, resolveRunner } from "../../hooks/core/profile/runner.ts";
import type { Profile } from "../../hooks/core/profile/schema.ts";
import { renderSkill } from "../../skills/generator/render.ts";
import { validateSkillFiles } from "../../skills/validator/validate.ts";
import { tempDir, writeFiles } from "./helpers.ts";

describe("pythonOfPytest", () => {
  it.each([
    ["python -m pytest", "python"],
    ["python3 -m pytest", "python3"],
    [".venv/bin/python -m pytest", ".venv/bin/python"],
    ["py313/bin/python -X dev -m pytest", "py313/bin/python -X dev"],
    ["uv run pytest", "uv run python"],
    ["uv run --frozen pytest", "uv run --frozen python"],
    ["uv run python -m pytest", "uv run python"],
    [".venv/bin/pytest", ".venv/bin/python"],
    ["pytest", null],
    ["make test", null],
  ])("%s -> %s", (pytest, python) => {
    expect(pythonOfPytest(pytest)).toBe(python);
  });
});

describe("resolveRunner", () => {
  it.each([
    [{}, { python: "python", pytest: "python -m pytest" }],
    [{ python: "python3" }, { python: "python3", pytest: "python3 -m pytest" }],
    [
      { base: ".venv/bin/python -m pytest" },
      { python: ".venv/bin/python", pytest: ".venv/bin/python -m pytest" },
    ],
    [{ base: "uv run pytest" }, { python: "uv run python", pytest: "uv run pytest" }],
    [
      { python: "py313/bin/python", base: "{{python}} -m pytest -p no:xonsh" },
      { python: "py313/bin/python", pytest: "py313/bin/python -m pytest -p no:xonsh" },
    ],
    [{ base: "pytest" }, { python: "python", pytest: "pytest" }],
  ])("%j", (runner, expected) => {
    expect(resolveRunner(runner)).toEqual(expected);
  });
});

/** Every command line the profile makes the skill show or allow. */
function commandsOf(profile: Profile): string[] {
  return [
    ...profile.examples.flatMap((e) => (e.command ? [e.command] : [])),
    ...profile.preflight.flatMap((c) => [...c.run, ...c.fix]),
    ...profile.quick_checks.flatMap((c) => c.run),
    ...profile.allowed_tools,
  ];
}

function load(yaml: string): Profile {
  const dir = tempDir();
  writeFiles(dir, { "profile.yaml": yaml });
  const loaded = loadProfile(join(dir, "profile.yaml"));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.profile;
}

function errorsOf(profile: Profile): string[] {
  const files = renderSkill(profile, { format: "claude-code", profileLabel: "test" });
  const { findings } = validateSkillFiles({ dirName: profile.skill.name, files }, { profile });
  return findings.filter((f) => f.severity === "error").map((f) => `${f.rule}: ${f.message}`);
}

describe("one runner, everywhere", () => {
  const cases = [
    {
      name: "a project venv",
      yaml: "extends: generic\nrunner:\n  python: .venv/bin/python\n",
      python: ".venv/bin/python",
    },
    { name: "python3 only", yaml: "extends: generic\nrunner:\n  python: python3\n", python: "python3" },
    {
      name: "tractor's py313",
      yaml: "extends: tractor\nrunner:\n  python: py313/bin/python\n",
      python: "py313/bin/python",
    },
    {
      name: "a hand-edited runner.base",
      yaml: "extends: tractor\nrunner:\n  base: venv/bin/python -m pytest\n",
      python: "venv/bin/python",
    },
    { name: "uv run", yaml: "extends: generic\nrunner:\n  base: uv run pytest\n", python: "uv run python" },
  ];

  it.each(cases)("$name: every command uses the runner", ({ yaml, python }) => {
    const profile = load(yaml);
    expect(profile.runner.python).toBe(python);
    const pytest = profile.runner.base;
    const lines = commandsOf(profile);
    // No command still spells the default runner (the tractor worktree fix names its own venv, py<MINOR>).
    const stale = lines.filter(
      (l) => /(^|[\s(])python (-m pytest|-c|--version)/.test(l) && python !== "python",
    );
    expect(stale).toEqual([]);
    expect(lines.some((l) => l.startsWith(`${pytest} `))).toBe(true);
    expect(profile.allowed_tools).toContain(`Bash(${pytest} *)`);
    expect(JSON.stringify(profile)).not.toContain("{{");
  });

  it.each(cases)("$name: the generated skill validates clean", ({ yaml }) => {
    expect(errorsOf(load(yaml))).toEqual([]);
  });

  it("a command that still spells another interpreter fails validation", () => {
    const profile = load(
      "extends: generic\nrunner:\n  python: .venv/bin/python\nquick_checks:\n  - title: stale\n    run:\n      - python -m pytest -q\n",
    );
    expect(errorsOf(profile).join("\n")).toContain("python -m pytest -q");
  });

  it("the built-in profiles keep their default spelling", () => {
    for (const name of ["tractor", "generic"]) {
      const loaded = loadProfile(name);
      if (!loaded.ok) throw new Error(name);
      expect(loaded.profile.runner).toMatchObject({ python: "python", base: "python -m pytest" });
      expect(errorsOf(loaded.profile)).toEqual([]);
    }
  });

  it("a hint that names the interpreter follows it", () => {
    const profile = load("extends: tractor\nrunner:\n  python: py313/bin/python\n");
    expect(profile.hints.import_error).toContain('py313/bin/python -c "import tractor');
  });
});

describe("placeholders and prefixes that are refused", () => {
  it("an unknown placeholder names the field and line", () => {
    const loaded = loadProfileText(
      "extends: generic\nquick_checks:\n  - title: x\n    run:\n      - '{{pyhton}} -c 1'\n",
      "/tmp/x/profile.yaml",
    );
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.errors).toEqual([
      expect.objectContaining({
        field: "quick_checks.0.run.0",
        line: 5,
        message: expect.stringContaining("{{pyhton}}"),
      }),
    ]);
  });

  it("runner.python cannot be a placeholder", () => {
    const loaded = loadProfileText("extends: generic\nrunner:\n  python: '{{pytest}}'\n", "/tmp/x/p.yaml");
    expect(loaded.ok).toBe(false);
  });

  it.each([
    "PATH=/tmp/evil",
    "LD_PRELOAD=x.so",
    "PYTHONPATH=.",
    "GIT_DIR=.",
    "PYTEST_ADDOPTS=-p x",
    "CI = true",
  ])("runner.env refuses %s", (prefix) => {
    const loaded = loadProfileText(`extends: generic\nrunner:\n  env: ['${prefix}']\n`, "/tmp/x/p.yaml");
    expect(loaded.ok).toBe(false);
  });

  it.each(["CI=true", "UV_PROJECT_ENVIRONMENT=py*"])("runner.env takes %s", (prefix) => {
    const loaded = loadProfileText(`extends: generic\nrunner:\n  env: ['${prefix}']\n`, "/tmp/x/p.yaml");
    expect(loaded.ok).toBe(true);
  });
});
