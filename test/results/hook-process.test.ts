// The built hook bundles as Claude Code runs them: `node plugin/hooks/bin/report.cjs` and `session-start.cjs` with a
// JSON object on stdin, in temp git repos holding fixture projects. (Build with `npm run build`.)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileProfile } from "../../hooks/core/profile/compile.ts";
import { loadProfile, loadProfileText } from "../../hooks/core/profile/load.ts";
import { INSTALL_DIR, PROFILE_FILE, STATE_DIR } from "../../hooks/core/state/locate.ts";
import { LEDGER_FILE } from "../../hooks/results/ledger.ts";
import { renderSkill } from "../../skills/generator/render.ts";
import {
  cleanupTempDirs,
  copyFixture,
  hookInputFor,
  postToolUse,
  pytestEnv,
  REPO,
  REPORT_BUNDLE,
  runShell,
  SESSION_START_BUNDLE,
  tempDir,
} from "./helpers.ts";

afterAll(cleanupTempDirs);

beforeAll(() => {
  if (!existsSync(REPORT_BUNDLE) || !existsSync(SESSION_START_BUNDLE))
    throw new Error("plugin/hooks/bin bundles are missing: run `npm run build`");
});

async function hook(bundle: string, stdin: string, env: Record<string, string> = {}) {
  const r = await execa("node", [bundle], {
    input: stdin,
    env: { ...pytestEnv(), ...env },
    extendEnv: false,
    reject: false,
    timeout: 30_000,
  });
  return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode };
}

function contextOf(stdout: string): { event: string; text: string } {
  const json = JSON.parse(stdout) as {
    hookSpecificOutput: { hookEventName: string; additionalContext: string };
  };
  return { event: json.hookSpecificOutput.hookEventName, text: json.hookSpecificOutput.additionalContext };
}

/** A fixture project in a fresh git repo with one commit (so the tree fingerprint works). */
async function gitProject(fixture: string, profile?: "tractor" | "generic"): Promise<string> {
  const dir = copyFixture(fixture);
  if (profile) {
    const loaded = loadProfile(profile);
    if (!loaded.ok) throw new Error(profile);
    mkdirSync(join(dir, INSTALL_DIR), { recursive: true });
    writeFileSync(join(dir, INSTALL_DIR, PROFILE_FILE), compileProfile(loaded.profile, `${profile}.yaml`));
  }
  writeFileSync(join(dir, ".gitignore"), ".claude/\n");
  const git = (...args: string[]) =>
    execa("git", args, {
      cwd: dir,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@e",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@e",
      },
    });
  await git("init", "-q");
  await git("add", "-A");
  await git("commit", "-qm", "fixture");
  return dir;
}

describe("report.cjs", () => {
  it("the rerun it proposes is one the installed skill allows, inside the run's own `timeout` bound", async () => {
    // The profile's interpreter is .venv/bin/python and the skill allows only that spelling; the agent ran
    // `timeout 20 python -m pytest`: the rerun keeps the bound and takes the skill's runner.
    const dir = await gitProject("pass");
    // A deadline that expired: timeout-shaped, not on a known-flaky list, so the report proposes one rerun.
    writeFileSync(
      join(dir, "tests", "test_deadline.py"),
      "def test_deadline():\n    raise TimeoutError('deadline of 0.01 s expired')\n",
    );
    const loaded = loadProfileText(
      "extends: generic\nrunner:\n  python: .venv/bin/python\n",
      join(dir, INSTALL_DIR, "profile.yaml"),
    );
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    mkdirSync(join(dir, INSTALL_DIR), { recursive: true });
    writeFileSync(join(dir, INSTALL_DIR, PROFILE_FILE), compileProfile(loaded.profile, "profile.yaml"));
    mkdirSync(join(dir, ".claude", "skills", "run-tests"), { recursive: true });
    const skill = renderSkill(loaded.profile, { format: "claude-code", profileLabel: "profile.yaml" });
    writeFileSync(join(dir, ".claude", "skills", "run-tests", "SKILL.md"), skill.get("SKILL.md") as string);
    const run = await runShell("timeout 20 python -m pytest -p no:cacheprovider -q --tb=short", dir);
    const r = await hook(REPORT_BUNDLE, JSON.stringify(hookInputFor(run, dir)), { CLAUDE_PROJECT_DIR: dir });
    const { text } = contextOf(r.stdout);
    // (The wording depends on the machine's load; the command is the same either way.)
    const rerun = /^Next: .*?`([^`]+)`/m.exec(text)?.[1];
    expect(rerun, text).toBe(
      "timeout 20 .venv/bin/python -m pytest tests/test_deadline.py::test_deadline -q --tb=short",
    );
  });

  it("a command that did not run pytest: no output at all, no state written", async () => {
    const dir = tempDir();
    const r = await hook(REPORT_BUNDLE, JSON.stringify(postToolUse("ls -la", "total 0", dir)), {
      CLAUDE_PROJECT_DIR: dir,
    });
    expect(r).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
    expect(existsSync(join(dir, ".claude"))).toBe(false);
  });

  it.each([
    ["not JSON", "{{{"],
    ["empty stdin", ""],
    ["wrong shape", JSON.stringify({ hook_event_name: "PostToolUse" })],
  ])("bad input (%s): exit 0, nothing on stdout, one line on stderr", async (_name, stdin) => {
    const r = await hook(REPORT_BUNDLE, stdin);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^run-tests-skill report: /);
  });

  it("another tool: nothing", async () => {
    const input = {
      ...postToolUse("pytest", "", "/tmp"),
      tool_name: "Read",
      tool_input: { file_path: "/x" },
    };
    expect(await hook(REPORT_BUNDLE, JSON.stringify(input))).toMatchObject({ stdout: "", exitCode: 0 });
  });

  it("a failing run (PostToolUseFailure): additionalContext for that event, ledger line written, one report per tool_use_id", async () => {
    const dir = await gitProject("assert_fail");
    const run = await runShell("python -m pytest -p no:cacheprovider -q", dir);
    const input = JSON.stringify(hookInputFor(run, dir));
    const first = await hook(REPORT_BUNDLE, input, { CLAUDE_PROJECT_DIR: dir });
    expect(first.exitCode).toBe(0);
    const { event, text } = contextOf(first.stdout);
    expect(event).toBe("PostToolUseFailure");
    expect(text).toMatch(/^pytest run: real-failure - 2 failed, 2 passed\./);
    expect(text).toContain("tests/test_math.py::test_subtracts - AssertionError: assert (3 - 1) == 1");
    const ledger = readFileSync(join(dir, STATE_DIR, LEDGER_FILE), "utf8")
      .trim()
      .split("\n");
    expect(ledger).toHaveLength(1);
    expect(JSON.parse(ledger[0] as string)).toMatchObject({
      class: "real-failure",
      tree: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    // The same tool call seen by a second handler (another spelling, or plugin + project install).
    const second = await hook(REPORT_BUNDLE, input, { CLAUDE_PROJECT_DIR: dir });
    expect(second).toMatchObject({ stdout: "", exitCode: 0 });
  });

  it("a passing run (PostToolUse)", async () => {
    const dir = await gitProject("pass");
    const run = await runShell("python -m pytest -p no:cacheprovider -q", dir);
    const r = await hook(REPORT_BUNDLE, JSON.stringify(hookInputFor(run, dir)), { CLAUDE_PROJECT_DIR: dir });
    const { event, text } = contextOf(r.stdout);
    expect(event).toBe("PostToolUse");
    expect(text).toMatch(/^pytest run: pass - 5 passed, 1 skipped, 1 xfailed\./);
  });

  it("a background run: an interim note at launch, the final report with the task notification, once", async () => {
    const dir = await gitProject("assert_fail");
    const command = "python -m pytest -p no:cacheprovider -q";
    const launch = postToolUse(command, "", dir, { backgroundTaskId: "bash7" });
    const withFlag = { ...launch, tool_input: { command, run_in_background: true } };
    const first = await hook(REPORT_BUNDLE, JSON.stringify(withFlag), { CLAUDE_PROJECT_DIR: dir });
    const interim = contextOf(first.stdout);
    expect(interim.event).toBe("PostToolUse");
    expect(interim.text).toMatch(/^pytest run: started in the background \(task bash7\); no result yet\./);
    expect(existsSync(join(dir, STATE_DIR, "background", "bash7.json"))).toBe(true);

    // The run ends: its real output in the task's output file, then the notification as a prompt.
    const run = await runShell(command, dir);
    const outputFile = join(dir, "bash7.output");
    writeFileSync(outputFile, run.output);
    const prompt = [
      "<task-notification>",
      "<task-id>bash7</task-id>",
      `<tool-use-id>${withFlag.tool_use_id}</tool-use-id>`,
      `<output-file>${outputFile}</output-file>`,
      "<status>failed</status>",
      '<summary>Background command "run tests" failed with exit code 1</summary>',
      "</task-notification>",
    ].join("\n");
    const notified = { session_id: launch.session_id, cwd: dir, hook_event_name: "UserPromptSubmit", prompt };
    const final = await hook(REPORT_BUNDLE, JSON.stringify(notified), { CLAUDE_PROJECT_DIR: dir });
    const report = contextOf(final.stdout);
    expect(report.event).toBe("UserPromptSubmit");
    expect(report.text).toMatch(
      /^Final report for background task bash7 \(started in the background\): ended with exit code 1\.\npytest run: real-failure - 2 failed, 2 passed\./,
    );
    expect(report.text).toContain("tests/test_math.py::test_subtracts");
    // Reported once: a second handler (plugin + project install) stays silent.
    const again = await hook(REPORT_BUNDLE, JSON.stringify(notified), { CLAUDE_PROJECT_DIR: dir });
    expect(again).toMatchObject({ stdout: "", exitCode: 0 });
  });

  it("a background task Claude Code killed (no exit code, no output): interrupted, never a pass", async () => {
    const dir = await gitProject("pass");
    const command = "python -m pytest -q";
    const launch = postToolUse(command, "", dir, { backgroundTaskId: "bk1", timedOutAfterMs: 600000 });
    await hook(REPORT_BUNDLE, JSON.stringify(launch), { CLAUDE_PROJECT_DIR: dir });
    const outputFile = join(dir, "bk1.output");
    writeFileSync(outputFile, "");
    const prompt = `<task-notification>\n<task-id>bk1</task-id>\n<output-file>${outputFile}</output-file>\n<status>killed</status>\n<summary>Background command "run tests" was stopped</summary>\n</task-notification>`;
    const r = await hook(
      REPORT_BUNDLE,
      JSON.stringify({
        session_id: launch.session_id,
        cwd: dir,
        hook_event_name: "UserPromptSubmit",
        prompt,
      }),
      { CLAUDE_PROJECT_DIR: dir },
    );
    const { text } = contextOf(r.stdout);
    expect(text).toMatch(
      /^Final report for background task bk1 \(moved to the background at its Bash timeout\): ended \(killed\)\.\npytest run: interrupted/,
    );
  });

  it("a prompt without a task notification, and a TaskStop of an unknown task: nothing", async () => {
    const dir = await gitProject("pass");
    const prompt = { cwd: dir, hook_event_name: "UserPromptSubmit", prompt: "run the tests" };
    expect(await hook(REPORT_BUNDLE, JSON.stringify(prompt), { CLAUDE_PROJECT_DIR: dir })).toMatchObject({
      stdout: "",
      stderr: "",
      exitCode: 0,
    });
    const stop = {
      cwd: dir,
      hook_event_name: "PostToolUse",
      tool_name: "TaskStop",
      tool_input: { task_id: "nope" },
      tool_response: { message: "Successfully stopped task: nope", task_id: "nope" },
    };
    expect(await hook(REPORT_BUNDLE, JSON.stringify(stop), { CLAUDE_PROJECT_DIR: dir })).toMatchObject({
      stdout: "",
      stderr: "",
      exitCode: 0,
    });
  });

  it("tractor profile + a change in the working tree: the mapped change is named as the likely cause", async () => {
    const dir = await gitProject("tractor_like", "tractor");
    writeFileSync(
      join(dir, "tractor", "_exceptions.py"),
      "class RemoteActorError(Exception):\n    code = 2\n",
    );
    const run = await runShell("python -m pytest -p no:cacheprovider -q --tb=short", dir, {
      FIXTURE_MODE: "assert",
    });
    const r = await hook(REPORT_BUNDLE, JSON.stringify(hookInputFor(run, dir)), { CLAUDE_PROJECT_DIR: dir });
    const { text } = contextOf(r.stdout);
    expect(text).toMatch(/^pytest run: real-failure/);
    expect(text).toContain("are mapped to changed tractor/_exceptions.py (working tree): the likely cause.");
    expect(text).toContain("commit message: /commit-msg");
  });

  it("failed, then passed on rerun with the tree unchanged: the report says so, and `flaky` lists it", async () => {
    const dir = await gitProject("tractor_like", "tractor");
    const id = "tests/test_local.py::test_registrar_lookup_deadline";
    const fail = await runShell(`python -m pytest -p no:cacheprovider -q ${id}`, dir, {
      FIXTURE_MODE: "unlisted",
    });
    expect(fail.exitCode).toBe(1);
    const r1 = await hook(REPORT_BUNDLE, JSON.stringify(hookInputFor(fail, dir)), {
      CLAUDE_PROJECT_DIR: dir,
    });
    expect(contextOf(r1.stdout).text).toMatch(/^pytest run: flaky-likely/);
    const pass = await runShell(`python -m pytest -p no:cacheprovider -q ${id}`, dir, {
      FIXTURE_MODE: "pass",
    });
    expect(pass.exitCode).toBe(0);
    const r2 = await hook(REPORT_BUNDLE, JSON.stringify(hookInputFor(pass, dir)), {
      CLAUDE_PROJECT_DIR: dir,
    });
    const { text } = contextOf(r2.stdout);
    expect(text).toMatch(/^pytest run: pass/);
    expect(text).toMatch(
      new RegExp(
        `${id.replace(/[.[\]]/g, "\\$&")} failed at .* then passed on rerun at .* on an unchanged tree`,
      ),
    );

    const cli = await execa("node", ["bin/run-tests-skill.mjs", "flaky", dir], {
      cwd: REPO,
      reject: false,
    });
    expect(cli.exitCode).toBe(0);
    expect(cli.stdout).toContain(id);
    expect(cli.stdout).toContain("- path: tests/test_local.py");
    expect(cli.stdout).toContain("name: test_registrar_lookup_deadline");
    expect(cli.stdout).toContain("signatures: [trio.TooSlowError]");
  });

  it("failed twice the same way on an unchanged tree: the second report says it is not flaky, no rerun", async () => {
    const dir = await gitProject("tractor_like", "tractor");
    const id = "tests/test_local.py::test_registrar_lookup_deadline";
    const texts: string[] = [];
    for (let k = 0; k < 2; k++) {
      const fail = await runShell(`python -m pytest -p no:cacheprovider -q ${id}`, dir, {
        FIXTURE_MODE: "unlisted",
      });
      expect(fail.exitCode).toBe(1);
      // A quiet machine: under load the report rightly refuses "not flaky" on repetition (issue 17 item 6).
      const r = await hook(REPORT_BUNDLE, JSON.stringify(hookInputFor(fail, dir)), {
        CLAUDE_PROJECT_DIR: dir,
        RUN_TESTS_SKILL_LOAD: "0.5/2",
      });
      texts.push(contextOf(r.stdout).text);
    }
    expect(texts[0]).toContain("rerun only that test once, alone");
    expect(texts[1]).toMatch(/^pytest run: flaky-likely/);
    expect(texts[1]).toContain(`${id} failed the same way twice on this unchanged tree (also at `);
    expect(texts[1]).toContain("not flaky; investigate");
    expect(texts[1]).not.toContain("rerun only");
  });

  it("a persisted output (persistedOutputPath) is read in full", async () => {
    const dir = await gitProject("tractor_like", "tractor");
    const run = await runShell("python -m pytest -p no:cacheprovider -q --tb=short; true", dir);
    const file = join(tempDir(), "out.txt");
    writeFileSync(file, run.output);
    const input = postToolUse(run.command, run.output.slice(0, 2048), dir, { persistedOutputPath: file });
    const { text } = contextOf(
      (await hook(REPORT_BUNDLE, JSON.stringify(input), { CLAUDE_PROJECT_DIR: dir })).stdout,
    );
    expect(text).toMatch(/^pytest run: flaky-known - 7 failed, 5 passed/);
  });
});

describe("session-start.cjs + report.cjs: the structured channel end to end", () => {
  it("SessionStart enables the reporter; a killed run is then reported from it, naming the hanging test", async () => {
    const dir = await gitProject("hang", "generic");
    const envFile = join(tempDir(), "session-env", "env.sh");
    const sessionId = "0b1c2d3e-aaaa-bbbb-cccc-000000000001";
    const start = await hook(
      SESSION_START_BUNDLE,
      JSON.stringify({ session_id: sessionId, cwd: dir, hook_event_name: "SessionStart", source: "startup" }),
      { CLAUDE_PROJECT_DIR: dir, CLAUDE_ENV_FILE: envFile },
    );
    expect(start).toMatchObject({ exitCode: 0 });
    // The tier, as the session's start context (no barrier in this project).
    expect(contextOf(start.stdout).text).toBe(
      "run-tests-skill: git rule enforcement: best effort (no barrier; `run-tests-skill init --sandbox` turns it on).",
    );
    expect(readFileSync(envFile, "utf8")).toContain("PYTEST_ADDOPTS");
    // The reports go to the spool outside the protected set, which is read-only inside the sandbox.
    expect(readFileSync(envFile, "utf8")).toContain(
      `RUN_TESTS_SKILL_REPORT_DIR='${join(dir, ".claude", "run-tests-skill-reports", sessionId)}'`,
    );

    const command = "python -m pytest -p no:cacheprovider -q";
    const started = Date.now();
    const run = await runShell(
      `source ${JSON.stringify(envFile)} && ${command}`,
      dir,
      {},
      { signal: "SIGKILL" },
    );
    expect(run.exitCode).toBe(137);
    const input = {
      ...hookInputFor({ ...run, command }, dir),
      session_id: sessionId,
      duration_ms: Date.now() - started,
    };
    const { text } = contextOf(
      (await hook(REPORT_BUNDLE, JSON.stringify(input), { CLAUDE_PROJECT_DIR: dir })).stdout,
    );
    expect(text).toMatch(
      /^pytest run: interrupted - 2 passed\. Source: the run's streaming report \(\d+-\d+\.jsonl\)/,
    );
    expect(text).toContain("Running when the run stopped: tests/test_hang.py::test_sleeps_forever.");
  });

  it("SessionStart without CLAUDE_ENV_FILE, or turned off: no reporter, only the tier", async () => {
    const dir = tempDir();
    const input = JSON.stringify({
      session_id: "s",
      cwd: dir,
      hook_event_name: "SessionStart",
      source: "startup",
    });
    const bare = await hook(SESSION_START_BUNDLE, input, { CLAUDE_PROJECT_DIR: dir });
    expect(bare).toMatchObject({ stderr: "", exitCode: 0 });
    expect(contextOf(bare.stdout).text).toMatch(/^run-tests-skill: git rule enforcement: best effort/);
    expect(existsSync(join(dir, ".claude"))).toBe(false);
    const envFile = join(dir, "env.sh");
    const off = await hook(SESSION_START_BUNDLE, input, {
      CLAUDE_PROJECT_DIR: dir,
      CLAUDE_ENV_FILE: envFile,
      RUN_TESTS_SKILL_REPORTER: "off",
    });
    expect(off).toMatchObject({ exitCode: 0 });
    expect(existsSync(envFile)).toBe(false);
  });
});
