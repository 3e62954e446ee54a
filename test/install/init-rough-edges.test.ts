// The rough edges a newcomer met (issue 20 item 7), each on a real scratch project: a read-only checkout
// (a real read-only mount made with bubblewrap), UV_PROJECT_ENVIRONMENT, a schema error in the user's own
// profile, a mistyped --profile, and a folder without git.
import { mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { runInit } from "../../bin/install/init.ts";
import { detectRunner, venvFolders } from "../../bin/install/interpreter.ts";
import { PATHS } from "../../bin/install/layout.ts";
import { formatInit } from "../../bin/install/present.ts";
import { loadProfile } from "../../hooks/core/profile/load.ts";
import { cleanEnv, gitRepo, removeDir, scratchDir, snapshot, writeFiles } from "./helpers.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CLI = join(ROOT, "bin", "run-tests-skill.mjs");
const NOW = new Date("2026-12-06T12:00:00Z");

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

const SAMPLE = {
  "pyproject.toml": '[project]\nname = "sample"\n',
  "sample/__init__.py": "",
  "tests/test_math.py": "def test_add():\n    assert 1 + 1 == 2\n",
};

async function repo(files: Record<string, string> = SAMPLE): Promise<string> {
  const dir = await gitRepo(files);
  dirs.push(dir);
  return dir;
}

/** The CLI with `dir` mounted read-only (bubblewrap: the same file system, that one folder read-only). */
function cliReadOnly(dir: string, args: string[]) {
  return execa(
    "bwrap",
    ["--bind", "/", "/", "--ro-bind", dir, dir, "--dev", "/dev", "--proc", "/proc", "node", CLI, ...args],
    { cwd: dir, env: cleanEnv(), extendEnv: false, reject: false },
  );
}

describe("init's rough edges", () => {
  it("a read-only checkout: one clear problem and exit 1, never a stack trace; --dry-run says the real run would fail", async () => {
    const dir = await repo();
    const before = snapshot(dir);
    const run = await cliReadOnly(dir, ["init", dir, "--profile", "generic"]);
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.exitCode, output).toBe(1);
    expect(output).toContain(`problem: ${dir} cannot be written (read-only file system)`);
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toContain("Error:");

    const dry = await cliReadOnly(dir, ["init", dir, "--profile", "generic", "--dry-run"]);
    expect(dry.exitCode).toBe(1);
    expect(dry.stdout).toContain("cannot be written (read-only file system): the real run would fail");
    expect(snapshot(dir)).toEqual(before);
  }, 60_000);

  it("UV_PROJECT_ENVIRONMENT inside the project is written relative to it, never as this machine's path", async () => {
    const dir = await repo();
    const python3 = (await execa("python3", ["-c", "import sys; print(sys.executable)"])).stdout.trim();
    mkdirSync(join(dir, "envs", "dev", "bin"), { recursive: true });
    symlinkSync(python3, join(dir, "envs", "dev", "bin", "python"));
    const env = cleanEnv({ UV_PROJECT_ENVIRONMENT: join(dir, "envs", "dev") });
    expect(venvFolders(dir, env)[0]).toBe("envs/dev");

    const result = await runInit({ dir, cwd: dir, now: NOW, detect: { env } });
    expect(result.ok, formatInit(result)).toBe(true);
    const skill = readFileSync(join(dir, ".claude/skills/run-tests/SKILL.md"), "utf8");
    const yaml = readFileSync(join(dir, PATHS.profileYaml), "utf8");
    expect(skill).toContain("envs/dev/bin/python -m pytest");
    for (const committed of [skill, yaml]) expect(committed).not.toContain(dir);
  }, 60_000);

  it("UV_PROJECT_ENVIRONMENT outside the project is never a candidate; the note names the variable", async () => {
    const dir = await repo();
    const elsewhere = scratchDir("rts-uv-env-");
    dirs.push(elsewhere);
    const python3 = (await execa("python3", ["-c", "import sys; print(sys.executable)"])).stdout.trim();
    mkdirSync(join(elsewhere, "bin"));
    symlinkSync(python3, join(elsewhere, "bin", "python"));
    const env = cleanEnv({ UV_PROJECT_ENVIRONMENT: elsewhere });
    expect(venvFolders(dir, env)).not.toContain(elsewhere);
    const found = await detectRunner(dir, { env, pkg: "sample" });
    expect(found.notes.join("\n")).toMatch(/UV_PROJECT_ENVIRONMENT: outside the project, so not written/);
    expect(found.ok && found.label).not.toContain(elsewhere);
  }, 60_000);

  it("a schema error in the user's profile is reported at the user's file, not the built-in it extends", () => {
    const dir = scratchDir("rts-profile-");
    dirs.push(dir);
    // The list replaces generic's examples, whose first item has the keys this one lacks.
    writeFiles(dir, { "mine.yaml": 'extends: generic\nexamples:\n  - command: "{{pytest}} -k x"\n' });
    const loaded = loadProfile("mine.yaml", dir);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.errors.map((e) => `${e.file}:${e.line}: ${e.field}`)).toEqual([
      `${join(dir, "mine.yaml")}:3: examples.0.args`,
      `${join(dir, "mine.yaml")}:3: examples.0.means`,
    ]);
  });

  it("a mistyped --profile says not found and suggests the nearest built-in or file", () => {
    const dir = scratchDir("rts-profile-");
    dirs.push(dir);
    writeFiles(dir, { "profiles/team.yaml": "extends: generic\n" });
    const message = (ref: string) => {
      const loaded = loadProfile(ref, dir);
      return loaded.ok ? "" : loaded.errors.map((e) => e.message).join("\n");
    };
    expect(message("tractr")).toMatch(
      /profile "tractr" not found: not a built-in profile .*did you mean tractor\?/,
    );
    expect(message("profiles/team.yml")).toMatch(/not found.*did you mean profiles\/team\.yaml\?/);
    expect(message("something-else-entirely")).not.toMatch(/did you mean/);
  });

  it("a folder without git installs, with a note saying what does not work without git", async () => {
    const dir = scratchDir("rts-nogit-");
    dirs.push(dir);
    writeFiles(dir, SAMPLE);
    const result = await runInit({ dir, cwd: dir, now: NOW, profile: "generic" });
    expect(result.ok, formatInit(result)).toBe(true);
    expect(result.notes.join("\n")).toMatch(
      /not a git repository: the stop gate stays off .* the git backstop \(--git-backstop\) cannot be installed/,
    );
    const inGit = await repo();
    const there = await runInit({ dir: inGit, cwd: inGit, now: NOW, profile: "generic" });
    expect(there.notes.join("\n")).not.toMatch(/not a git repository/);
  });
});
