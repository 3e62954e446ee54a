// The built guard and skill-turn bundles as real processes: stdin in, one JSON object or nothing out, exit 0.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PreToolUseOutput } from "../../hooks/contract/output.ts";
import { readTurns } from "../../hooks/runtime/skill-turns.ts";
import { type Layout, makeLayout, preToolUse, runHook, tractorProfile } from "./helpers.ts";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "claude-code-2.1.332");
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");

function expectDeny(json: unknown): string {
  const out = v.parse(PreToolUseOutput, json);
  expect(out.hookSpecificOutput.hookEventName).toBe("PreToolUse");
  expect(out.hookSpecificOutput.permissionDecision).toBe("deny");
  return out.hookSpecificOutput.permissionDecisionReason;
}

function expansion(promptId: string, commandName = "run-tests"): string {
  return JSON.stringify({
    session_id: "s-1",
    cwd: "/tmp",
    prompt_id: promptId,
    hook_event_name: "UserPromptExpansion",
    expansion_type: "slash_command",
    command_name: commandName,
    command_args: "test_local.py -v",
    command_source: "projectSettings",
    prompt: `/${commandName} test_local.py -v`,
  });
}

describe("guard process: bad input never blocks", () => {
  let layout: Layout;
  beforeAll(async () => {
    layout = await makeLayout();
  });
  afterAll(() => layout.cleanup());

  const bad: [string, string][] = [
    ["empty stdin", ""],
    ["whitespace", "  \n\t "],
    ["invalid JSON", "{not json"],
    ["a JSON array", "[1,2]"],
    ["another event", JSON.stringify({ hook_event_name: "PostToolUse", tool_name: "Bash", tool_input: {} })],
    ["missing tool_input", JSON.stringify({ hook_event_name: "PreToolUse", tool_name: "Bash" })],
    ["command not a string", preToolUse(42)],
    [
      "another tool",
      preToolUse("git add .", { tool_name: "Read", tool_input: { file_path: "/x/.git/HEAD" } }),
    ],
  ];
  it.each(bad)("%s: exit 0, no stdout, one stderr line", async (_name, stdin) => {
    const run = await runHook(layout, "guard", stdin);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/^run-tests-skill guard: /);
  });
});

describe("guard process: decisions outside skill mode", () => {
  let layout: Layout;
  beforeAll(async () => {
    layout = await makeLayout();
  });
  afterAll(() => layout.cleanup());

  it("the captured Claude Code PreToolUse samples get no decision", async () => {
    for (const name of [
      "pretooluse-bash.json",
      "pretooluse-failing-command.json",
      "pretooluse-acceptEdits.json",
    ]) {
      const run = await runHook(layout, "guard", fixture(name));
      expect(run, name).toMatchObject({ exitCode: 0, stdout: "" });
    }
  });
  it("a captured sample turned into a commit is denied", async () => {
    const input = JSON.parse(fixture("pretooluse-bash.json"));
    input.tool_input.command = "echo done && git -C . commit -am wip";
    const run = await runHook(layout, "guard", JSON.stringify(input));
    expect(run.exitCode).toBe(0);
    const reason = expectDeny(run.json);
    expect(reason).toContain("git commit");
    expect(reason).toContain("/commit-msg");
    expect(run.stdout.trim().split("\n")).toHaveLength(1);
  });
  it.each([
    ["git status", null],
    ["git diff $(git merge-base HEAD main)", null],
    ["python -m pytest -q | tail -5", null],
    ["bash -c 'git stash'", "git stash"],
    ["$G add .", "computed"],
    ["printf x > .git/HEAD", ".git"],
  ])("%j", async (command, denial) => {
    const run = await runHook(layout, "guard", preToolUse(command));
    expect(run.exitCode).toBe(0);
    if (denial === null) expect(run.stdout).toBe("");
    else expect(expectDeny(run.json)).toContain(denial);
  });
  it("a 1 MB command is handled (no timeout, valid output)", async () => {
    const body = "echo 'some text' && ls -la\n".repeat(40_000);
    const run = await runHook(layout, "guard", preToolUse(`bash <<'EOF'\n${body}git push\nEOF`));
    expect(run.exitCode).toBe(0);
    expect(expectDeny(run.json)).toContain("git push");
  });
});

describe("skill mode end to end: skill-turn records the turn, the guard enforces the skill's allowed-tools", () => {
  let layout: Layout;
  beforeAll(async () => {
    layout = await makeLayout();
  });
  afterAll(() => layout.cleanup());

  it("before /run-tests: pytest spelled any way gets no decision", async () => {
    const run = await runHook(layout, "guard", preToolUse("pytest -q", { prompt_id: "turn-1" }));
    expect(run).toMatchObject({ exitCode: 0, stdout: "" });
  });
  it("UserPromptExpansion /run-tests marks the turn; on the plugin route it adds the runner note", async () => {
    const run = await runHook(layout, "skill-turn", expansion("turn-1"));
    expect(run.exitCode).toBe(0);
    // This layout is the plugin with nothing installed in the project (see plugin-route.test.ts).
    expect(run.stdout).toContain("no profile is installed in this repository");
    const state = readTurns(layout.stateDir);
    expect(state.turns["turn-1"]?.skill).toBe("run-tests");
    // The snapshot holds what SKILL.md declares, not the profile's longer list.
    const key = state.turns["turn-1"]?.policy as string;
    expect(state.policies[key]?.policy?.allowedTools).toEqual([
      "Bash(python -m pytest *)",
      "Bash(git status *)",
      "Read",
    ]);
  });
  it("in that turn: the skill's form runs, other forms are denied with the allowed form", async () => {
    const ok = await runHook(layout, "guard", preToolUse("python -m pytest -q", { prompt_id: "turn-1" }));
    expect(ok).toMatchObject({ exitCode: 0, stdout: "" });
    const denied = await runHook(layout, "guard", preToolUse("pytest -q", { prompt_id: "turn-1" }));
    expect(expectDeny(denied.json)).toContain("`python -m pytest -q`");
    // ls is in the profile's allowed_tools but not in this SKILL.md: the skill's declaration wins.
    const ls = await runHook(layout, "guard", preToolUse("ls", { prompt_id: "turn-1" }));
    expect(expectDeny(ls.json)).toContain("not covered");
    const option = await runHook(
      layout,
      "guard",
      preToolUse("python -m pytest --tpt-proto foo", { prompt_id: "turn-1" }),
    );
    expect(expectDeny(option.json)).toContain("tcp, uds");
  });
  it("the next prompt is not held to the skill's allowlist", async () => {
    const run = await runHook(layout, "guard", preToolUse("pytest -q", { prompt_id: "turn-2" }));
    expect(run).toMatchObject({ exitCode: 0, stdout: "" });
  });
  it("the Skill tool (PostToolUse, plugin-namespaced) marks a turn too; a failed launch does not", async () => {
    const skillTool = (promptId: string, success: boolean) =>
      JSON.stringify({
        session_id: "s-1",
        cwd: "/tmp",
        prompt_id: promptId,
        hook_event_name: "PostToolUse",
        tool_name: "Skill",
        tool_input: { skill: "run-tests-skill:run-tests", args: "" },
        tool_response: { success, commandName: "run-tests" },
        tool_use_id: "toolu_s",
      });
    const launched = await runHook(layout, "skill-turn", skillTool("turn-3", true));
    expect(launched.exitCode).toBe(0);
    expect(launched.stdout).toContain('"hookEventName":"PostToolUse"');
    expect(await runHook(layout, "skill-turn", skillTool("turn-4", false))).toMatchObject({
      exitCode: 0,
      stdout: "",
    });
    const state = readTurns(layout.stateDir);
    expect(Object.keys(state.turns).sort()).toEqual(["turn-1", "turn-3"]);
    const denied = await runHook(layout, "guard", preToolUse("rm -rf build", { prompt_id: "turn-3" }));
    expect(expectDeny(denied.json)).toContain("rm -rf build");
  });
  it("another skill's expansion is not recorded", async () => {
    await runHook(layout, "skill-turn", expansion("turn-5", "commit-msg"));
    expect(readTurns(layout.stateDir).turns["turn-5"]).toBeUndefined();
  });
  it("another plugin's skill named run-tests does not turn on skill mode", async () => {
    await runHook(layout, "skill-turn", expansion("turn-6", "other-plugin:run-tests"));
    expect(readTurns(layout.stateDir).turns["turn-6"]).toBeUndefined();
    const ls = await runHook(layout, "guard", preToolUse("rm -rf build", { prompt_id: "turn-6" }));
    expect(ls).toMatchObject({ exitCode: 0, stdout: "" });
  });
});

describe("skill mode fallbacks and failures", () => {
  it("without SKILL.md the profile's allowed_tools apply, and skill-turn says so on stderr", async () => {
    const layout = await makeLayout({ skillMd: null });
    try {
      const rec = await runHook(layout, "skill-turn", expansion("p"));
      expect(rec.stderr).toMatch(/SKILL\.md .*not found; the guard uses the profile's allowed_tools/);
      const ls = await runHook(layout, "guard", preToolUse("ls -la", { prompt_id: "p" }));
      expect(ls).toMatchObject({ exitCode: 0, stdout: "" });
    } finally {
      layout.cleanup();
    }
  });
  it("a broken compiled profile: the git rule still works; skill mode denies with the problem and the fix", async () => {
    const layout = await makeLayout({ profile: '{"profile": {"skill": 3}}' });
    try {
      const git = await runHook(layout, "guard", preToolUse("git add ."));
      expect(expectDeny(git.json)).toContain("git add");
      expect(await runHook(layout, "guard", preToolUse("ls"))).toMatchObject({ stdout: "" });
      const rec = await runHook(layout, "skill-turn", expansion("p"));
      expect(rec.exitCode).toBe(0);
      const run = await runHook(layout, "guard", preToolUse("python -m pytest", { prompt_id: "p" }));
      const reason = expectDeny(run.json);
      expect(reason).toMatch(/profile cannot be read/);
      expect(reason).toContain("invalid profile");
      expect(reason).toMatch(/run-tests-skill (doctor|init)/);
    } finally {
      layout.cleanup();
    }
  });
  it("the git reason names the profile's commit-message skill", async () => {
    const profile = tractorProfile();
    const layout = await makeLayout({
      profile: { ...profile, skill: { ...profile.skill, commit_message_skill: "/my-commit" } },
    });
    try {
      const reason = expectDeny((await runHook(layout, "guard", preToolUse("git commit -m x"))).json);
      expect(reason).toContain("/my-commit");
      expect(reason).not.toContain("/commit-msg");
    } finally {
      layout.cleanup();
    }
  });
  it("with the sandbox barrier in the project's settings, the git reason says a workaround fails too", async () => {
    const layout = await makeLayout();
    try {
      const settings = join(layout.project, ".claude", "settings.json");
      mkdirSync(dirname(settings), { recursive: true });
      writeFileSync(
        settings,
        JSON.stringify({ sandbox: { enabled: true, allowUnsandboxedCommands: false } }),
      );
      const without = expectDeny((await runHook(layout, "guard", preToolUse("git commit -m x"))).json);
      expect(without).not.toContain("sandbox");
      // `.git` alone is no longer the barrier: the install, the settings and the skills must be read-only too.
      writeFileSync(
        settings,
        JSON.stringify({
          sandbox: { enabled: true, allowUnsandboxedCommands: false, filesystem: { denyWrite: [".git"] } },
        }),
      );
      const gitOnly = expectDeny((await runHook(layout, "guard", preToolUse("git commit -m x"))).json);
      expect(gitOnly).not.toContain("sandbox");
      writeFileSync(
        settings,
        JSON.stringify({
          sandbox: {
            enabled: true,
            allowUnsandboxedCommands: false,
            filesystem: {
              denyWrite: [
                ".git",
                ".claude/run-tests-skill",
                ".claude/settings.json",
                ".claude/settings.local.json",
                ".claude/skills",
              ],
            },
          },
        }),
      );
      const withBarrier = expectDeny((await runHook(layout, "guard", preToolUse("git commit -m x"))).json);
      expect(withBarrier).toContain("this project's Bash sandbox makes .git read-only for every command");
      expect(await runHook(layout, "guard", preToolUse("ls"))).toMatchObject({ exitCode: 0, stdout: "" });
    } finally {
      layout.cleanup();
    }
  });
  it("no profile at all: git rule only", async () => {
    const layout = await makeLayout({ profile: null });
    try {
      expect(expectDeny((await runHook(layout, "guard", preToolUse("git push"))).json)).toContain(
        "/commit-msg",
      );
      expect(await runHook(layout, "guard", preToolUse("npm test"))).toMatchObject({
        exitCode: 0,
        stdout: "",
      });
    } finally {
      layout.cleanup();
    }
  });
  it("a damaged state file is ignored (skill mode off), never a crash", async () => {
    const layout = await makeLayout();
    try {
      await runHook(layout, "skill-turn", expansion("p"));
      writeFileSync(join(layout.stateDir, "skill-turns.json"), "{garbage");
      const run = await runHook(layout, "guard", preToolUse("pytest -q", { prompt_id: "p" }));
      expect(run).toMatchObject({ exitCode: 0, stdout: "" });
    } finally {
      layout.cleanup();
    }
  });
});

describe("guard process: an internal error fails closed", () => {
  let layout: Layout;
  beforeAll(async () => {
    layout = await makeLayout();
  });
  afterAll(() => layout.cleanup());
  const fault = { RUN_TESTS_SKILL_GUARD_FAULT: "1" };

  it("outside skill mode: a command mentioning git is denied, exit 0", async () => {
    const run = await runHook(layout, "guard", preToolUse("git status"), fault);
    expect(run.exitCode).toBe(0);
    expect(expectDeny(run.json)).toMatch(/guard failed/);
    expect(run.stderr).toMatch(/internal error: fault injected/);
  });
  it("outside skill mode: other commands pass (no decision)", async () => {
    const run = await runHook(layout, "guard", preToolUse("ls -la"), fault);
    expect(run).toMatchObject({ exitCode: 0, stdout: "" });
  });
  it("in skill mode: everything is denied", async () => {
    await runHook(layout, "skill-turn", expansion("fault-turn"));
    expect(existsSync(join(layout.stateDir, "skill-turns.json"))).toBe(true);
    const run = await runHook(
      layout,
      "guard",
      preToolUse("python -m pytest", { prompt_id: "fault-turn" }),
      fault,
    );
    expect(expectDeny(run.json)).toMatch(/guard failed/);
  });
});

describe("skill-turn process: bad input", () => {
  let layout: Layout;
  beforeAll(async () => {
    layout = await makeLayout();
  });
  afterAll(() => layout.cleanup());
  it.each([
    ["empty", ""],
    ["not JSON", "nope"],
    ["no prompt_id", JSON.stringify({ hook_event_name: "UserPromptExpansion", command_name: "run-tests" })],
    [
      "a Bash PostToolUse",
      JSON.stringify({
        hook_event_name: "PostToolUse",
        tool_name: "Bash",
        tool_input: {},
        tool_response: {},
      }),
    ],
  ])("%s: exit 0, nothing on stdout, nothing recorded", async (_name, stdin) => {
    const run = await runHook(layout, "skill-turn", stdin);
    expect(run).toMatchObject({ exitCode: 0, stdout: "" });
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(readTurns(layout.stateDir).turns).toEqual({});
  });
});
