// The bundle installed with `run-tests-skill init` into a scratch git repo holding a small pytest project,
// driven by the real Claude Code CLI. Every assertion is on what the model received in the next request
// (the mock's log), plus real git and the file system for what did or did not happen.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import {
  expectHookRan,
  expectHooksHealthy,
  expectNoDeny,
  expectSkillExpanded,
  GIT_REASON,
  HOOK_DENY,
} from "./checks.ts";
import { e2eDescribe } from "./gate.ts";
import { bashResult, bashScript, contextFor, firstUserText, Scenario, toolResults } from "./harness.ts";
import type { ScriptTurn } from "./mock-api/server.ts";

const PYTEST = "python -m pytest";
const SKILL_FILE = (s: Scenario) => join(s.project, ".claude", "skills", "run-tests", "SKILL.md");

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

async function initScenario(): Promise<Scenario> {
  scenario = await Scenario.create({ install: { kind: "init" } });
  return scenario;
}

e2eDescribe("installed with init", () => {
  it("a. /run-tests expands the generated skill with the arguments", async () => {
    const s = await initScenario();
    const run = await s.run("/run-tests test_pass.py -v", [{ text: "expanded" }]);
    expect(run.exitCode).toBe(0);
    expectSkillExpanded(run.last, {
      commandName: "run-tests",
      args: "test_pass.py -v",
      skillFile: SKILL_FILE(s),
    });
    // The skill-turn marker ran on the expansion (that is what puts the turn in skill mode).
    expectHookRan(run, "UserPromptExpansion");
    expectHooksHealthy(run);
  });

  it("b. git commit, plain and disguised, is denied with the user-drives-git reason; nothing is committed", async () => {
    const s = await initScenario();
    s.writeProjectFile("app.py", "VALUE = 2\n");
    await s.git(["add", "app.py"]); // something staged, and the -a in the commands would add the rest
    s.writeProjectFile("tests/test_pass.py", `${s.readProjectFile("tests/test_pass.py")}# touched\n`);
    const before = await s.gitState();
    const commands = ["git commit -am x", "git -C . commit -am x", 'sh -c "git commit -am y"'];
    const run = await s.run("commit my change", [...bashScript(...commands), { text: "done" }], {
      allowedTools: "Bash", // Claude Code itself would let every command run: only our guard stands in the way
    });
    for (const command of commands) {
      const result = bashResult(run.last, command);
      expect(result.isError, command).toBe(true);
      expect(result.text.startsWith(HOOK_DENY), `${command}: ${result.text}`).toBe(true);
      expect(result.text.slice(HOOK_DENY.length), command).toMatch(GIT_REASON);
    }
    expect(await s.gitState()).toEqual(before);
    expect(await s.git(["status", "--porcelain", "--untracked-files=no"])).toBe(
      "M  app.py\n M tests/test_pass.py",
    );
    expectHookRan(run, "PreToolUse");
    expectHooksHealthy(run);
  });

  it("c+d. in skill mode a command outside allowed-tools is denied and pytest runs; after the turn it is not", async () => {
    const s = await initScenario();
    const script: ScriptTurn[] = [
      ...bashScript("touch NOT-ALLOWED", `${PYTEST} tests/test_pass.py -q`),
      { text: "skill turn done" },
      // The --continue prompt (turn 3 onwards: three assistant messages are already in the transcript).
      ...bashScript("touch NOT-ALLOWED"),
      { text: "second turn done" },
    ];

    // c. The turn started with /run-tests is in skill mode.
    const skillTurn = await s.run("/run-tests tests/test_pass.py", script, { allowedTools: "Bash" });
    const denied = bashResult(skillTurn.last, "touch NOT-ALLOWED");
    expect(denied.isError).toBe(true);
    expect(denied.text.startsWith(HOOK_DENY), denied.text).toBe(true);
    expect(denied.text).toContain("touch");
    expect(denied.text, "the reason names what is allowed").toContain(PYTEST);
    expect(existsSync(join(s.project, "NOT-ALLOWED"))).toBe(false);
    const pytest = bashResult(skillTurn.last, `${PYTEST} tests/test_pass.py -q`);
    expect(pytest.isError, pytest.text).toBe(false);
    expect(pytest.text).toMatch(/\b2 passed\b/);
    expectHookRan(skillTurn, "UserPromptExpansion");
    expectHookRan(skillTurn, "PreToolUse");
    expectHooksHealthy(skillTurn);

    // d. A new prompt in the same conversation is not in skill mode: our guard does not deny the command.
    const nextTurn = await s.run("now create the marker file", undefined, {
      allowedTools: "Bash",
      continue: true,
    });
    const touched = toolResults(nextTurn.last).filter((r) => r.input?.command === "touch NOT-ALLOWED");
    expect(touched).toHaveLength(2);
    const second = touched[1];
    expect(second?.isError, second?.text).toBe(false);
    expect(second?.text).not.toContain("hook error");
    expect(existsSync(join(s.project, "NOT-ALLOWED"))).toBe(true);
    expectHookRan(nextTurn, "PreToolUse"); // the guard ran and let it through
    expectNoDeny(nextTurn);
    expectHooksHealthy(nextTurn);
  });

  it("e+f+g. pytest results are classified: real failure, pass, known flaky", async () => {
    const s = await initScenario();
    const failing = `${PYTEST} tests/test_fail.py -q`;
    const passing = `${PYTEST} tests/test_pass.py -q`;
    const flaky = `${PYTEST} tests/test_flaky.py -q`;
    const run = await s.run("run the tests", [...bashScript(failing, passing, flaky), { text: "done" }], {
      allowedTools: "Bash",
    });

    // e. A failing run reaches only PostToolUseFailure; the class and the failing id arrive as context.
    const fail = bashResult(run.last, failing);
    expect(fail.isError).toBe(true);
    expect(fail.text).toMatch(/^Exit code 1\n/);
    const failContext = contextFor(run.last, fail.toolUseId, "PostToolUseFailure");
    expect(failContext, "classification after the failing run").toBeDefined();
    expect(failContext).toContain("real-failure");
    expect(failContext).toContain("tests/test_fail.py::test_broken_sum");
    expect(contextFor(run.last, fail.toolUseId, "PostToolUse")).toBeUndefined();

    // f. A passing run reaches PostToolUse.
    const pass = bashResult(run.last, passing);
    expect(pass.isError).toBe(false);
    const passContext = contextFor(run.last, pass.toolUseId, "PostToolUse");
    expect(passContext, "classification after the passing run").toBeDefined();
    expect(passContext).toMatch(/\bpass\b/);
    expect(passContext).not.toMatch(/real-failure|flaky/);
    // The SessionStart hook enabled the streaming reporter through CLAUDE_ENV_FILE, and the report hook
    // read this command's own report rather than the text.
    expect(passContext).toContain("Source: the run's streaming report");

    // g. A failure of a listed test with its listed signature is known-flaky, not a real failure.
    const flake = bashResult(run.last, flaky);
    expect(flake.isError).toBe(true);
    expect(flake.text).toContain("TooSlowError");
    const flakyContext = contextFor(run.last, flake.toolUseId, "PostToolUseFailure");
    expect(flakyContext, "classification after the flaky run").toBeDefined();
    expect(flakyContext).toContain("flaky-known");
    expect(flakyContext).toContain("test_slow_handshake");
    expect(flakyContext).not.toContain("real-failure");

    expectHookRan(run, "PostToolUse");
    expectHookRan(run, "PostToolUseFailure");
    expectHooksHealthy(run);
  });

  it("i. a model-invoked skill (Skill tool) puts the turn in skill mode", async () => {
    const s = await initScenario();
    const script: ScriptTurn[] = [
      { tool_use: { name: "Skill", input: { skill: "run-tests", args: "tests/test_pass.py" } } },
      ...bashScript("touch NOT-ALLOWED", `${PYTEST} tests/test_pass.py -q`),
      { text: "done" },
    ];
    const run = await s.run("please run the tests", script, { allowedTools: "Skill(run-tests) Bash" });
    const launch = toolResults(run.last).find((r) => r.toolName === "Skill");
    expect(launch?.text).toBe("Launching skill: run-tests");
    expect(firstUserText(run.last)).toContain("please run the tests");

    const denied = bashResult(run.last, "touch NOT-ALLOWED");
    expect(denied.isError).toBe(true);
    expect(denied.text.startsWith(HOOK_DENY), denied.text).toBe(true);
    expect(denied.text).toContain(PYTEST);
    expect(existsSync(join(s.project, "NOT-ALLOWED"))).toBe(false);
    const pytest = bashResult(run.last, `${PYTEST} tests/test_pass.py -q`);
    expect(pytest.isError, pytest.text).toBe(false);
    expectHookRan(run, "PostToolUse", "Skill"); // the skill-turn marker on the Skill tool
    expect(contextFor(run.last, pytest.toolUseId, "PostToolUse")).toMatch(/\bpass\b/);
    expectHooksHealthy(run);
  });
});
