// Real interpreters in temp repos (issue 8): for each common Python setup, `init` without --profile picks the
// interpreter that really runs the tests, the generated skill validates, the skill's own full-suite command
// runs and passes under real pytest, the guard (decide() with the policy the installed skill declares) allows
// the skill's commands in skill mode, and the installed report hook, run the way settings.json registers it,
// answers a PostToolUse for that command with a `pass` report. Where nothing can run pytest, init refuses
// with the fix and writes nothing.

import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { reportIfRules } from "../../bin/build/registration.ts";
import { runInit } from "../../bin/install/init.ts";
import { onPath } from "../../bin/install/interpreter.ts";
import { PATHS } from "../../bin/install/layout.ts";
import { skillErrors } from "../../bin/install/skill.ts";
import { readCompiledProfile } from "../../hooks/core/profile/compiled.ts";
import type { Profile } from "../../hooks/core/profile/schema.ts";
import { locateInstall } from "../../hooks/core/state/locate.ts";
import { decide } from "../../hooks/guard/decide.ts";
import { resolveSkillPolicy } from "../../hooks/runtime/skill-policy.ts";
import { buildCommand } from "../../skills/generator/body.ts";
import { postToolUse } from "../results/helpers.ts";
import { cleanEnv, gitRepo, removeDir, scratchDir, snapshot } from "./helpers.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

const TIMEOUT = 180_000;

/** The interpreter that `python3` on this machine really is (a pyenv shim needs variables we do not keep). */
const realPython3 = (async () =>
  (await execa("python3", ["-c", "import sys; print(sys.executable)"])).stdout.trim())();

/** PATH for the setup: `bin` (the test's own folder of links) first, then the system folders. */
function envWith(path: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = cleanEnv({ PATH: path, ...extra });
  for (const key of ["PYTHONPATH", "VIRTUAL_ENV", "PYTEST_ADDOPTS", "CI", "UV_PROJECT_ENVIRONMENT"])
    if (!(key in extra)) delete env[key];
  return env;
}

/** A folder holding only links to the programs named (never `python`). */
async function binDir(links: Record<string, string>): Promise<string> {
  const bin = scratchDir("rts-bin-");
  dirs.push(bin);
  for (const [name, target] of Object.entries(links)) symlinkSync(target, join(bin, name));
  return bin;
}

async function repo(files: Record<string, string>): Promise<string> {
  const dir = await gitRepo({ ".gitignore": "__pycache__/\n.pytest_cache/\n", ...files });
  dirs.push(dir);
  return dir;
}

async function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const r = await execa(file, args, { cwd, env, extendEnv: false, reject: false, stdin: "ignore" });
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** A venv made with `python -m venv`, plus `module.py` placed in its own site-packages only. */
async function venv(dir: string, folder: string, python: string, o: { system?: boolean } = {}) {
  const made = await run(
    python,
    ["-m", "venv", ...(o.system ? ["--system-site-packages"] : []), folder],
    dir,
    envWith("/usr/bin:/bin"),
  );
  if (made.exitCode !== 0) throw new Error(`venv failed: ${made.stderr}`);
  const site = await run(
    join(dir, folder, "bin", "python"),
    ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
    dir,
    envWith("/usr/bin:/bin"),
  );
  return site.stdout.trim();
}

/** pip, from the configured index; no retries against an index this machine cannot reach. */
async function pipInstall(python: string, dir: string, pkg: string) {
  const r = await run(python, ["-m", "pip", "install", "-q", pkg], dir, {
    ...cleanEnv(),
    PIP_RETRIES: "0",
    PIP_DISABLE_PIP_VERSION_CHECK: "1",
  });
  if (r.exitCode !== 0) throw new Error(`pip install ${pkg} failed: ${r.stderr}`);
}

async function init(dir: string, env: NodeJS.ProcessEnv, profile?: string) {
  return runInit({
    dir,
    cwd: dir,
    now: new Date("2026-12-02T10:00:00Z"),
    detect: { env },
    ...(profile ? { profile } : {}),
  });
}

function installed(dir: string): Profile {
  const compiled = readCompiledProfile(join(dir, PATHS.compiledProfile));
  if (!compiled.ok) throw new Error(compiled.problem);
  return compiled.profile;
}

/** The commands the skill tells the model to run: examples, pre-flight and quick checks (comments aside). */
function skillCommands(profile: Profile): string[] {
  const lines = [
    ...profile.examples.flatMap((e) => (e.command ? [e.command] : [])),
    ...profile.preflight.flatMap((p) => p.run),
    ...profile.quick_checks.flatMap((q) => q.run),
  ];
  return [...new Set(lines.filter((l) => !l.trim().startsWith("#")))];
}

function fullSuite(profile: Profile): string {
  // The skill's own full-suite example; without one, the command the skill builds for no arguments.
  return (
    profile.examples.find((e) => e.args.trim() === "" && e.command)?.command ?? buildCommand(profile, [])
  );
}

/**
 * Everything "done" means for one setup, on an installed repo: the skill validates; the full-suite command
 * passes under bash with this PATH; the guard allows every skill command (and the `./` and absolute
 * spellings of a venv runner) in skill mode; the registered report handler answers `pass` for the run.
 */
async function expectWorkingInstall(
  dir: string,
  env: NodeJS.ProcessEnv,
  runner: { python: string; base: string },
) {
  const profile = installed(dir);
  expect(profile.runner.python).toBe(runner.python);
  expect(profile.runner.base).toBe(runner.base);

  // The generated skill validates against its profile.
  expect(skillErrors(join(dir, PATHS.skillDir(profile.skill.name)), profile)).toEqual([]);
  const skill = readFileSync(join(dir, PATHS.skillDir(profile.skill.name), "SKILL.md"), "utf8");
  expect(skill).toContain(`Bash(${runner.base} *)`);

  // The skill's own full-suite command really runs and passes.
  const command = fullSuite(profile);
  expect(command.startsWith(runner.base), command).toBe(true);
  const suite = await run("/bin/bash", ["-c", command], dir, env);
  expect(suite.exitCode, `${command}\n${suite.stdout}\n${suite.stderr}`).toBe(0);
  expect(suite.stdout).toMatch(/\b\d+ passed\b/);

  // The guard allows the skill's forms in skill mode, with the policy the installed skill declares.
  const paths = locateInstall(dir, join(dir, PATHS.binDir));
  const snap = await resolveSkillPolicy(paths, join(dir, PATHS.binDir), env, () => {});
  if (!("policy" in snap) || !snap.policy) throw new Error(`no skill policy: ${JSON.stringify(snap)}`);
  const where = { cwd: dir, projectDir: dir };
  const forms = skillCommands(profile);
  if (runner.python.includes("/")) {
    forms.push(`./${command}`, `${dir}/${command}`);
  }
  for (const form of forms) {
    const verdict = decide(form, { skillActive: true, policy: snap.policy, where });
    expect({ form, decision: verdict.decision, reason: verdict.reason }).toMatchObject({
      form,
      decision: "allow",
    });
  }
  // ... and still refuses what the skill does not allow.
  expect(decide("pip install requests", { skillActive: true, policy: snap.policy, where }).decision).toBe(
    "deny",
  );

  // The report fires: the handler settings.json registers for this command, run as Claude Code runs it.
  const settings = JSON.parse(readFileSync(join(dir, PATHS.settings), "utf8")) as {
    hooks: Record<string, { hooks: { command: string; args: string[]; if?: string }[] }[]>;
  };
  // The `if` rule that lets Claude Code start the report for this runner (bin/build/registration.ts).
  const rule = reportIfRules([runner.base]).find((r) => runner.base.includes(r.key))?.rule;
  const handler = (settings.hooks.PostToolUse ?? []).flatMap((g) => g.hooks).find((h) => h.if === rule);
  expect(handler, `a PostToolUse report handler with if ${rule}`).toBeDefined();
  const args = (handler?.args ?? []).map((a) =>
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the Claude Code placeholder, resolved as it does
    a.replaceAll("${CLAUDE_PROJECT_DIR}", dir),
  );
  // As registered: `sh -c '<step aside without node>' run-tests-skill <bundle>` (bin/build/registration.ts).
  const report = await execa(handler?.command ?? "sh", args, {
    cwd: dir,
    input: JSON.stringify(postToolUse(command, suite.stdout, dir)),
    env: { ...env, CLAUDE_PROJECT_DIR: dir },
    extendEnv: false,
    reject: false,
  });
  expect(report.exitCode, report.stderr).toBe(0);
  const context = (JSON.parse(String(report.stdout)) as { hookSpecificOutput: { additionalContext: string } })
    .hookSpecificOutput.additionalContext;
  expect(context).toMatch(/\bpass\b/);
  expect(context).not.toMatch(/real-failure|import-error|collection-error/);
}

const ACME = {
  "pyproject.toml": '[project]\nname = "acme"\nversion = "0.1"\n',
  "acme/__init__.py": "ANSWER = 42\n",
  "tests/__init__.py": "",
};

describe("init picks the interpreter that runs the tests", () => {
  it(
    "a .venv that is not activated: its interpreter, which alone imports a module the tests need",
    async () => {
      const dir = await repo({
        ...ACME,
        "tests/test_venv.py":
          "import acme\nimport venv_only_dep\n\n\ndef test_answer():\n    assert venv_only_dep.ANSWER == acme.ANSWER\n",
      });
      const site = await venv(dir, ".venv", await realPython3, { system: true });
      writeFileSync(join(site, "venv_only_dep.py"), "ANSWER = 42\n");
      const env = envWith(process.env.PATH ?? "/usr/bin:/bin");
      // The PATH's own python cannot import it: only the venv's interpreter can pass.
      const plain = await run("python", ["-c", "import venv_only_dep"], dir, env);
      expect(plain.exitCode).not.toBe(0);

      const result = await init(dir, env);
      expect(result.problems).toEqual([]);
      expect(result.notes).toContainEqual(
        expect.stringMatching(
          /^\.venv\/bin\/python: imports pytest [\d.]+ and acme from this checkout -> runner$/,
        ),
      );
      expect(readFileSync(join(dir, PATHS.profileYaml), "utf8")).toMatch(
        /^runner:\n {2}python: \.venv\/bin\/python$/m,
      );
      await expectWorkingInstall(dir, env, {
        python: ".venv/bin/python",
        base: ".venv/bin/python -m pytest",
      });
    },
    TIMEOUT,
  );

  it(
    "python3 and no python on PATH: python3",
    async () => {
      const dir = await repo({
        ...ACME,
        "tests/test_plain.py": "import acme\n\n\ndef test_answer():\n    assert acme.ANSWER == 42\n",
      });
      const bin = await binDir({ python3: await realPython3 });
      const env = envWith([bin, "/usr/bin", "/bin"].join(delimiter));
      expect(onPath("python", env), "no python on this PATH").toBeNull();

      const result = await init(dir, env);
      expect(result.problems).toEqual([]);
      expect(result.notes).toContain("python: not on PATH");
      expect(result.notes).toContainEqual(
        expect.stringMatching(
          /^python3 \(.*\/python3\): imports pytest [\d.]+ and acme from this checkout -> runner$/,
        ),
      );
      await expectWorkingInstall(dir, env, { python: "python3", base: "python3 -m pytest" });
    },
    TIMEOUT,
  );

  it(
    "tractor with a py313 venv: py313/bin/python, which is Python 3.13",
    async () => {
      const py313 = join(process.env.HOME ?? "/root", ".pyenv", "versions", "3.13.0", "bin", "python3");
      if (!existsSync(py313)) throw new Error(`${py313} is missing: this case needs CPython 3.13 there`);
      const dir = await repo({
        "pyproject.toml": '[project]\nname = "tractor"\nversion = "0.1"\n',
        "tractor/__init__.py": "def run():\n    return 'ran'\n",
        "tests/test_local.py":
          "import sys\n\nimport tractor\n\n\ndef test_runs_under_py313():\n    assert sys.version_info[:2] == (3, 13)\n    assert tractor.run() == 'ran'\n",
      });
      await venv(dir, "py313", py313);
      await pipInstall(join(dir, "py313", "bin", "python"), dir, "pytest");
      const env = envWith(process.env.PATH ?? "/usr/bin:/bin");

      const result = await init(dir, env);
      expect(result.problems).toEqual([]);
      expect(result.profile?.detected).toBe("tractor");
      expect(result.notes).toContainEqual(
        expect.stringMatching(
          /^py313\/bin\/python: imports pytest [\d.]+ and tractor from this checkout -> runner$/,
        ),
      );
      expect(readFileSync(join(dir, PATHS.profileYaml), "utf8")).toMatch(
        /^extends: tractor\nrunner:\n {2}python: py313\/bin\/python$/m,
      );
      await expectWorkingInstall(dir, env, {
        python: "py313/bin/python",
        base: "py313/bin/python -m pytest",
      });
    },
    TIMEOUT,
  );

  it(
    "a hand-edited runner.base in profile.yaml: every command, allowed-tools entry and registration follows",
    async () => {
      const dir = await repo({
        ...ACME,
        "tests/test_venv.py":
          "import venv_only_dep\n\n\ndef test_answer():\n    assert venv_only_dep.ANSWER == 42\n",
      });
      const site = await venv(dir, ".venv", await realPython3, { system: true });
      writeFileSync(join(site, "venv_only_dep.py"), "ANSWER = 42\n");
      mkdirSync(join(dir, dirname(PATHS.profileYaml)), { recursive: true });
      writeFileSync(
        join(dir, PATHS.profileYaml),
        "extends: generic\nproject:\n  name: acme\n  tests_dir: tests\nrunner:\n  base: .venv/bin/python -m pytest -p no:cacheprovider\n",
      );
      const env = envWith(process.env.PATH ?? "/usr/bin:/bin");
      const result = await init(dir, env);
      expect(result.problems).toEqual([]);
      await expectWorkingInstall(dir, env, {
        python: ".venv/bin/python",
        base: ".venv/bin/python -m pytest -p no:cacheprovider",
      });
    },
    TIMEOUT,
  );

  it(
    "a uv project (uv.lock, no venv folder): `uv run pytest`, with a stand-in for uv on PATH",
    async () => {
      // uv is in neither the npm registry nor Debian nor this machine's pip index, so this case puts a
      // stand-in named `uv` on PATH. It implements only `uv run CMD...` for an environment that is already
      // synced (outside the project, as with UV_PROJECT_ENVIRONMENT pointing elsewhere): it runs CMD with that
      // environment's bin/ first on PATH. What is tested is our side: detection, the generated commands, the
      // guard and the report for `uv run pytest`; uv's own behaviour is not.
      const dir = await repo({
        ...ACME,
        "uv.lock": "version = 1\n",
        "tests/test_venv.py":
          "import venv_only_dep\n\n\ndef test_answer():\n    assert venv_only_dep.ANSWER == 42\n",
      });
      const envs = scratchDir("rts-uv-env-");
      dirs.push(envs);
      const site = await venv(envs, "synced", await realPython3, { system: true });
      writeFileSync(join(site, "venv_only_dep.py"), "ANSWER = 42\n");
      // The console script `uv sync` would have installed with pytest (the env borrows pytest itself from
      // the system site-packages).
      const synced = join(envs, "synced", "bin");
      writeFileSync(
        join(synced, "pytest"),
        `#!${join(synced, "python")}\nimport sys\nfrom pytest import console_main\nsys.exit(console_main())\n`,
      );
      chmodSync(join(synced, "pytest"), 0o755);
      const bin = await binDir({ python3: await realPython3 });
      writeFileSync(
        join(bin, "uv"),
        `#!/bin/sh\n# stand-in for uv: only \`uv run CMD...\`\n[ "$1" = run ] || { echo "stand-in uv: only run" >&2; exit 2; }\nshift\nPATH='${join(envs, "synced", "bin")}':$PATH VIRTUAL_ENV='${join(envs, "synced")}' exec "$@"\n`,
      );
      chmodSync(join(bin, "uv"), 0o755);
      const env = envWith([bin, "/usr/bin", "/bin"].join(delimiter));

      const result = await init(dir, env);
      expect(result.problems).toEqual([]);
      expect(result.notes).toContainEqual(
        expect.stringMatching(/^uv run python: imports pytest [\d.]+ and acme from this checkout -> runner$/),
      );
      expect(readFileSync(join(dir, PATHS.profileYaml), "utf8")).toMatch(
        /^runner:\n {2}base: uv run pytest$/m,
      );
      await expectWorkingInstall(dir, env, { python: "uv run python", base: "uv run pytest" });
    },
    TIMEOUT,
  );
});

describe("init refuses when nothing can run pytest", () => {
  it(
    "a .venv without pytest and a python3 without it: the fix names the venv; nothing is written",
    async () => {
      const dir = await repo({ ...ACME, "tests/test_a.py": "def test_a():\n    pass\n" });
      // /usr/bin/python3 is the system's: no pytest (checked below, so the case cannot pass by accident).
      await venv(dir, ".venv", "/usr/bin/python3");
      const env = envWith("/usr/bin:/bin");
      const before = snapshot(dir);
      const result = await init(dir, env);
      expect(result.ok).toBe(false);
      expect(result.notes).toContainEqual(
        expect.stringMatching(/^\.venv\/bin\/python: Python [\d.]+, no pytest/),
      );
      expect(result.notes).toContainEqual(
        expect.stringMatching(/^python3 \(\/usr\/bin\/python3\): Python [\d.]+, no pytest/),
      );
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]?.problem).toMatch(/no interpreter here can run pytest/);
      expect(result.problems[0]?.fix).toContain(
        "install pytest into .venv: .venv/bin/python -m pip install pytest",
      );
      expect(result.problems[0]?.fix).toContain("--profile with runner.python");
      expect(snapshot(dir)).toEqual(before);
    },
    TIMEOUT,
  );
});

describe("monorepos", () => {
  it("init in a subfolder of a git repository refuses with the fix, writing nothing; --subproject installs", async () => {
    const dir = await repo({
      "packages/app/pyproject.toml": '[project]\nname = "app"\n',
      "packages/app/tests/test_a.py": "def test_a():\n    pass\n",
    });
    const sub = join(dir, "packages", "app");
    const env = envWith(process.env.PATH ?? "/usr/bin:/bin");
    const before = snapshot(dir);
    const refused = await init(sub, env);
    expect(refused.ok).toBe(false);
    expect(refused.problems[0]?.problem).toMatch(/subfolder \(packages\/app\) of the git repository/);
    expect(refused.problems[0]?.fix).toMatch(
      /start claude in packages\/app and run init again with --subproject/,
    );
    expect(snapshot(dir)).toEqual(before);

    const done = await runInit({ dir: sub, cwd: sub, now: new Date(), detect: { env }, subproject: true });
    expect(done.problems).toEqual([]);
    expect(existsSync(join(sub, PATHS.settings))).toBe(true);
    expect(done.notes).toContainEqual(expect.stringMatching(/--subproject: start claude in/));
  });
});
