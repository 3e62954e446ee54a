// Equivalent spellings of the project's runner are one command in skill mode (issue 8): `./` and absolute
// paths to the same interpreter, the env prefixes the profile allows, the wrappers the guard peels. Another
// interpreter, another venv or an unlisted prefix stays denied, and a deny proposes the project's runner.
import { describe, expect, it } from "vitest";
import { loadProfileText } from "../../hooks/core/profile/load.ts";
import { decide } from "../../hooks/guard/decide.ts";
import { guardPolicyFromProfile } from "../../hooks/guard/policy.ts";
import { canonicalRunnerWords, projectRelative } from "../../hooks/guard/runner.ts";

function policyOf(yaml: string) {
  const loaded = loadProfileText(yaml, "/nowhere/profile.yaml");
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return guardPolicyFromProfile(loaded.profile);
}

const venv = policyOf(`extends: generic
runner:
  python: .venv/bin/python
  env: [CI=true]
allowed_tools:
  - Bash({{pytest}} *)
  - Bash({{python}} -c *)
  - Read
`);

const where = { cwd: "/home/me/proj", projectDir: "/home/me/proj" };

function verdict(command: string, policy = venv, at = where) {
  return decide(command, { skillActive: true, policy, where: at });
}

describe("projectRelative", () => {
  it.each([
    ["./.venv/bin/python", where, ".venv/bin/python"],
    ["/home/me/proj/.venv/bin/python", where, ".venv/bin/python"],
    ["../.venv/bin/python", { cwd: "/home/me/proj/sub", projectDir: "/home/me/proj" }, ".venv/bin/python"],
    ["/usr/bin/python3", where, "/usr/bin/python3"],
    ["../other/.venv/bin/python", where, "../other/.venv/bin/python"],
    ["python", where, "python"],
    ["./.venv/bin/python", undefined, ".venv/bin/python"],
    ["py313/../evil/bin/python", undefined, "evil/bin/python"],
  ])("%s -> %s", (word, at, expected) => {
    expect(projectRelative(word, at)).toBe(expected);
  });
});

describe("canonicalRunnerWords", () => {
  const runner = {
    python: ".venv/bin/python",
    pytest: ".venv/bin/python -m pytest",
    also: [],
    env: ["CI=true"],
  };
  it("sets allowed prefixes aside only in front of the runner", () => {
    expect(canonicalRunnerWords(["CI=true", "./.venv/bin/python", "-m", "pytest"], runner, where)).toEqual([
      ".venv/bin/python",
      "-m",
      "pytest",
    ]);
    expect(canonicalRunnerWords(["CI=true", "ls"], runner, where)).toEqual(["CI=true", "ls"]);
    expect(canonicalRunnerWords(["CI=1", ".venv/bin/python"], runner, where)).toEqual([
      "CI=1",
      ".venv/bin/python",
    ]);
  });
  it("never touches arguments", () => {
    expect(canonicalRunnerWords([".venv/bin/python", "./.venv/bin/python"], runner, where)).toEqual([
      ".venv/bin/python",
      "./.venv/bin/python",
    ]);
  });
});

describe("skill mode: the runner in its equivalent spellings", () => {
  it.each([
    ".venv/bin/python -m pytest tests",
    "./.venv/bin/python -m pytest tests -x",
    "/home/me/proj/.venv/bin/python -m pytest tests",
    "CI=true .venv/bin/python -m pytest tests",
    "CI=true ./.venv/bin/python -m pytest",
    "timeout 60 .venv/bin/python -m pytest tests",
    "nice -n 5 ./.venv/bin/python -m pytest tests",
    ".venv/bin/python -c 'import acme'",
    "./.venv/bin/python -c 'import acme'",
  ])("allows %s", (command) => {
    expect(verdict(command).decision).toBe("allow");
  });

  it("allows ../.venv/bin/python from a subfolder", () => {
    const sub = { cwd: "/home/me/proj/sub", projectDir: "/home/me/proj" };
    expect(verdict("../.venv/bin/python -m pytest ../tests", venv, sub).decision).toBe("allow");
  });

  it.each([
    ["/home/me/other/.venv/bin/python -m pytest tests", "another project's venv"],
    ["venv2/bin/python -m pytest tests", "another venv"],
    ["CI=1 .venv/bin/python -m pytest tests", "a value the profile does not allow"],
    ["FOO=1 .venv/bin/python -m pytest tests", "an unlisted prefix"],
    ["PYTHONPATH=/tmp .venv/bin/python -m pytest tests", "a prefix that changes what runs"],
    [".venv/bin/pip install requests", "pip install"],
    ["python -m pytest tests", "the system interpreter"],
  ])("denies %s (%s)", (command) => {
    expect(verdict(command).decision).toBe("deny");
  });

  it("proposes the project's runner for another interpreter's pytest", () => {
    const d = verdict("python -m pytest tests -x");
    expect(d.reason).toContain("`.venv/bin/python -m pytest tests -x`");
  });

  it("proposes the project's interpreter for another interpreter's -c", () => {
    const d = verdict("python3 -c 'import acme'");
    expect(d.reason).toContain("`.venv/bin/python -c 'import acme'`");
  });

  it("python3-only: python3 -m pytest is the runner", () => {
    const p3 = policyOf("extends: generic\nrunner:\n  python: python3\n");
    expect(verdict("python3 -m pytest tests", p3).decision).toBe("allow");
    expect(verdict("python -m pytest tests", p3).reason).toContain("`python3 -m pytest tests`");
  });

  it("uv: the environment prefix the profile allows, with a value pattern", () => {
    const uv = policyOf(
      "extends: generic\nrunner:\n  base: uv run pytest\n  env: ['UV_PROJECT_ENVIRONMENT=py*']\n",
    );
    expect(verdict("UV_PROJECT_ENVIRONMENT=py313 uv run pytest tests", uv).decision).toBe("allow");
    expect(verdict("UV_PROJECT_ENVIRONMENT=/tmp/x uv run pytest tests", uv).decision).toBe("deny");
    expect(verdict("uv run pytest tests", uv).decision).toBe("allow");
  });

  it("tractor: a ./ spelling of the worktree venv matches py*/bin/python", () => {
    const tractor = policyOf("extends: tractor\n");
    expect(verdict("./py313/bin/python -m pytest tests/test_local.py", tractor).decision).toBe("allow");
    expect(verdict("/home/me/proj/py313/bin/python -m pytest tests/test_local.py", tractor).decision).toBe(
      "allow",
    );
  });
});
