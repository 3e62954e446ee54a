// The project's own interpreter in the real Claude Code (issue 8). `run-tests-skill init` without --profile on
// a repo whose tests import a module that exists only in its non-activated .venv, then `/run-tests` and the
// skill's own full-suite command: not denied, the tests pass, and the report the model reads next says pass.
// The same on a PATH that has python3 and no python.
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterEach, expect, it } from "vitest";
import { PATHS } from "../../bin/install/layout.ts";
import { readCompiledProfile } from "../../hooks/core/profile/compiled.ts";
import { buildCommand } from "../../skills/generator/body.ts";
import { expectHookRan, expectHooksHealthy, expectNoDeny } from "./checks.ts";
import { e2eDescribe } from "./gate.ts";
import { bashResult, bashScript, CLI, contextFor, Scenario } from "./harness.ts";

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

/** Every test passes, and one imports a module that only the project's venv has (when `venvOnly`). */
function projectFiles(venvOnly: boolean): Record<string, string> {
  return {
    ".gitignore": "__pycache__/\n.pytest_cache/\n.venv/\n",
    "pyproject.toml": '[project]\nname = "e2e-interp"\nversion = "0.1"\n',
    "tests/test_fail.py": venvOnly
      ? "import venv_only_dep\n\n\ndef test_from_the_venv():\n    assert venv_only_dep.ANSWER == 42\n"
      : "def test_fine():\n    assert True\n",
    "tests/test_flaky.py": "def test_steady():\n    assert 2 * 21 == 42\n",
  };
}

async function realPython3(): Promise<string> {
  return (await execa("python3", ["-c", "import sys; print(sys.executable)"])).stdout.trim();
}

/** `run-tests-skill init DIR` as a user runs it: no --profile, this PATH. */
async function initDetecting(project: string, path: string): Promise<string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith("CLAUDE") && v !== undefined) env[k] = v;
  delete env.VIRTUAL_ENV;
  delete env.PYTHONPATH;
  const r = await execa(process.execPath, [CLI, "init", project], {
    cwd: project,
    env: { ...env, PATH: path },
    extendEnv: false,
    reject: false,
    stdin: "ignore",
  });
  if (r.exitCode !== 0) throw new Error(`init failed (exit ${r.exitCode}):\n${r.stdout}\n${r.stderr}`);
  return String(r.stdout);
}

function fullSuiteCommand(project: string): { command: string; base: string } {
  const compiled = readCompiledProfile(join(project, PATHS.compiledProfile));
  if (!compiled.ok) throw new Error(compiled.problem);
  const p = compiled.profile;
  const command = p.examples.find((e) => e.args.trim() === "" && e.command)?.command ?? buildCommand(p, []);
  return { command, base: p.runner.base };
}

/** /run-tests, then the skill's own full-suite command, with no permission flag: the skill's allowed-tools
 *  must grant it and our guard must not deny it. */
async function runSuite(s: Scenario, command: string) {
  const run = await s.run("/run-tests", [...bashScript(command), { text: "done" }]);
  const result = bashResult(run.last, command);
  expect(result.isError, result.text).toBe(false);
  expect(result.text).toMatch(/\b4 passed\b/);
  const report = contextFor(run.last, result.toolUseId, "PostToolUse");
  expect(report, "the report hook answered for the skill's own command").toBeDefined();
  expect(report).toMatch(/\bpass\b/);
  expect(report).not.toMatch(/real-failure|import-error|collection-error/);
  // The session-start hook found the streaming reporter importable under this interpreter and enabled it.
  expect(report).toContain("Source: the run's streaming report");
  expectHookRan(run, "UserPromptExpansion"); // the skill-turn marker: this turn is in skill mode
  expectHookRan(run, "PreToolUse"); // the guard ran on the command and let it through
  expectHookRan(run, "PostToolUse");
  expectNoDeny(run);
  expectHooksHealthy(run);
  return run;
}

e2eDescribe("the project's own interpreter", () => {
  it("a non-activated .venv: init picks .venv/bin/python, and /run-tests runs the suite through it", async () => {
    let initOutput = "";
    scenario = await Scenario.create({
      files: projectFiles(true),
      install: {
        kind: "custom",
        async setup(project) {
          await execa(await realPython3(), ["-m", "venv", "--system-site-packages", ".venv"], {
            cwd: project,
          });
          const site = await execa(
            join(project, ".venv", "bin", "python"),
            ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            { cwd: project },
          );
          writeFileSync(join(site.stdout.trim(), "venv_only_dep.py"), "ANSWER = 42\n");
          initOutput = await initDetecting(project, process.env.PATH ?? "/usr/bin:/bin");
        },
      },
    });
    const s = scenario;
    expect(initOutput).toMatch(
      /note: \.venv\/bin\/python: imports pytest [\d.]+; --collect-only: \d+ tests collected.* -> runner/,
    );
    // The python on claude's PATH cannot import the venv's module: only the venv's interpreter passes.
    const plain = await execa("python", ["-c", "import venv_only_dep"], { cwd: s.project, reject: false });
    expect(plain.exitCode).not.toBe(0);
    const { command, base } = fullSuiteCommand(s.project);
    expect(base).toBe(".venv/bin/python -m pytest");
    await runSuite(s, command);
  });

  it("python3 and no python on PATH: init picks python3, and /run-tests runs the suite with it", async () => {
    let initOutput = "";
    let path = "";
    scenario = await Scenario.create({
      files: projectFiles(false),
      install: {
        kind: "custom",
        async setup(project, scratch) {
          // A folder with python3 alone, ahead of /usr/bin (whose python3 has no pytest, and which has no python).
          const bin = join(scratch, "bin");
          mkdirSync(bin);
          symlinkSync(await realPython3(), join(bin, "python3"));
          path = [bin, "/usr/bin", "/bin"].join(":");
          initOutput = await initDetecting(project, path);
        },
      },
    });
    const s = scenario;
    s.path = path;
    const which = await execa("sh", ["-c", "command -v python || echo none"], {
      env: { PATH: s.path },
      extendEnv: false,
    });
    expect(which.stdout.trim(), "no python on this PATH").toBe("none");
    expect(initOutput).toMatch(/note: python: not on PATH/);
    expect(initOutput).toMatch(
      /note: python3 \(.*\/python3\): imports pytest [\d.]+; --collect-only: \d+ tests collected.* -> runner/,
    );
    const { command, base } = fullSuiteCommand(s.project);
    expect(base).toBe("python3 -m pytest");
    await runSuite(s, command);
  });
});
