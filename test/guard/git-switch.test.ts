// git.enforce: the human's switch for the git rule (issue 20). The built guard and skill-turn bundles run as real
// processes against a project install whose profile turns the rule off, and real git runs the commands the
// guard lets through.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileProfile } from "../../hooks/core/profile/compile.ts";
import { loadProfileText } from "../../hooks/core/profile/load.ts";
import { type DecideContext, decide } from "../../hooks/guard/decide.ts";
import { guardPolicyFromProfile, lightPolicy, parseGuardPolicy } from "../../hooks/guard/policy.ts";
import { type Layout, makeLayout, preToolUse, realGitEnv, runHook } from "./helpers.ts";

function profileWith(git: string | null) {
  const yaml = [
    "extends: generic",
    "project: { name: sample, tests_dir: tests }",
    ...(git ? [git] : []),
  ].join("\n");
  const loaded = loadProfileText(yaml, "/tmp/git-switch/profile.yaml");
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.profile;
}

const off = profileWith("git: { enforce: false }");
const on = profileWith(null);

function expansion(promptId: string): string {
  return JSON.stringify({
    session_id: "s-1",
    cwd: "/tmp",
    prompt_id: promptId,
    hook_event_name: "UserPromptExpansion",
    expansion_type: "slash_command",
    command_name: "run-tests",
    command_args: "",
    command_source: "projectSettings",
    prompt: "/run-tests",
  });
}

const denyReason = (json: unknown): string | null =>
  (json as { hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string } } | null)
    ?.hookSpecificOutput?.permissionDecision === "deny"
    ? ((json as { hookSpecificOutput: { permissionDecisionReason: string } }).hookSpecificOutput
        .permissionDecisionReason ?? "")
    : null;

describe("git.enforce in the profile and the policy", () => {
  it("defaults to on; false is carried through the compiled profile, the light policy and the turn snapshot", () => {
    expect(on.git.enforce).toBe(true);
    expect(off.git.enforce).toBe(false);
    expect(guardPolicyFromProfile(on).gitEnforced).toBe(true);
    const policy = guardPolicyFromProfile(off);
    expect(policy.gitEnforced).toBe(false);
    expect(lightPolicy(JSON.parse(compileProfile(off, "x")))?.gitEnforced).toBe(false);
    expect(lightPolicy(JSON.parse(compileProfile(on, "x")))?.gitEnforced).toBe(true);
    expect(parseGuardPolicy(JSON.parse(JSON.stringify(policy)))?.gitEnforced).toBe(false);
    // Only an explicit false turns it off: a malformed value keeps the rule on.
    expect(lightPolicy({ skill: { name: "run-tests" }, git: { enforce: "false" } })?.gitEnforced).toBe(true);
    const bad = loadProfileText(
      "extends: generic\nproject: { name: s, tests_dir: tests }\ngit: { enforce: off }",
      "/tmp/p.yaml",
    );
    expect(bad.ok).toBe(false);
  });

  it("decide(): off lets the git rule's own findings through outside skill mode, nothing else", () => {
    const outside = (ruleOff: boolean): DecideContext => ({
      skillActive: false,
      policy: null,
      gitRuleOff: () => ruleOff,
    });
    for (const command of [
      "git commit -m x",
      "git commit -m \"$(cat <<'EOF'\nfix: x\n\nAssisted-by: Claude\nEOF\n)\"",
      "git merge topic",
      "git fetch origin",
      "git stash && git stash pop",
      "git push origin HEAD",
      "git tag v1",
      "pre-commit run --all-files && git add -A && git commit -m y",
    ]) {
      expect(decide(command, outside(true)).decision, command).toBe("defer");
      expect(decide(command, outside(false)).decision, command).toBe("deny");
    }
    // Writes into .git/ (git hooks too) and the protected set, injected config and git env overrides stay
    // refused; a driver that only commits is the rule's business.
    expect(decide("npm version patch", outside(true)).decision).toBe("defer");
    for (const command of [
      "echo x > .git/hooks/pre-commit",
      "echo 'git: {}' > .claude/run-tests-skill/profile.yaml",
      "git -c core.hooksPath=/tmp/h commit -m x",
      "GIT_DIR=/tmp/x git commit -m x",
      "git diff --output=.git/hooks/post-commit",
      "pre-commit install",
      "git config core.hooksPath /tmp/h",
      "husky",
    ])
      expect(decide(command, outside(true)).decision, command).toBe("deny");
  });

  it("decide(): a skill turn keeps the rule and its allowed-tools whatever the switch says", () => {
    const policy = guardPolicyFromProfile(off, ["Bash(python -m pytest *)"]);
    const d = decide("git commit -m x", { skillActive: true, policy, gitRuleOff: () => true });
    expect(d.decision).toBe("deny");
  });
});

describe("the built guard with the rule off for this repository (a project install)", () => {
  let layout: Layout;
  let repo: string;
  const env = (home: string) => realGitEnv(home);
  beforeAll(async () => {
    // The plugin's built-in profile keeps the rule on; the project's own install turns it off and wins.
    layout = await makeLayout({ profile: on });
    repo = layout.project;
    const install = join(repo, ".claude", "run-tests-skill");
    mkdirSync(install, { recursive: true });
    writeFileSync(join(install, "profile.json"), compileProfile(off, "profile.yaml"));
    writeFileSync(join(install, "profile.yaml"), "extends: generic\ngit: { enforce: false }\n");
    writeFileSync(join(repo, "a.txt"), "a\n");
    const g = (args: string[]) => execa("git", args, { cwd: repo, env: env(layout.root), reject: false });
    await g(["init", "-q", "-b", "main"]);
    await g(["add", "a.txt"]);
  });
  afterAll(() => layout.cleanup());

  it("allows `git commit -m x` outside a skill turn, and real git then commits", async () => {
    const command = "git commit -q -m x";
    const run = await runHook(layout, "guard", preToolUse(command, { cwd: repo, prompt_id: "free-1" }));
    expect(run).toMatchObject({ exitCode: 0, stdout: "" });
    const commit = await execa("sh", ["-c", command], { cwd: repo, env: env(layout.root), reject: false });
    expect(commit.exitCode).toBe(0);
    const log = await execa("git", ["log", "--format=%s"], { cwd: repo, env: env(layout.root) });
    expect(log.stdout.trim()).toBe("x");
  });

  it("still refuses `git commit -m x` in a /run-tests turn whose allowed-tools lack it", async () => {
    const turn = await runHook(layout, "skill-turn", expansion("skill-1"));
    expect(turn.exitCode).toBe(0);
    const run = await runHook(
      layout,
      "guard",
      preToolUse("git commit -m x", { cwd: repo, prompt_id: "skill-1" }),
    );
    expect(denyReason(run.json)).toContain("was not run");
  });

  it("still refuses a Bash write to the switch itself (profile.yaml, profile.json: the protected set)", async () => {
    for (const command of [
      "echo 'git: { enforce: true }' >> .claude/run-tests-skill/profile.yaml",
      "sed -i s/false/true/ .claude/run-tests-skill/profile.json",
    ]) {
      const run = await runHook(layout, "guard", preToolUse(command, { cwd: repo, prompt_id: "free-2" }));
      expect(denyReason(run.json), command).toMatch(/protected|run-tests-skill/);
    }
  });
});

describe("the switch's file is out of the agent's Write/Edit reach (the file guard)", () => {
  let layout: Layout;
  beforeAll(async () => {
    layout = await makeLayout({ profile: on });
  });
  afterAll(() => layout.cleanup());

  it("refuses a Write to .claude/run-tests-skill/profile.yaml", async () => {
    const input = JSON.parse(preToolUse("unused", { cwd: layout.project })) as Record<string, unknown>;
    input.tool_name = "Write";
    input.tool_input = {
      file_path: join(layout.project, ".claude", "run-tests-skill", "profile.yaml"),
      content: "git: { enforce: false }\n",
    };
    const run = await runHook(layout, "file-guard", JSON.stringify(input));
    expect(denyReason(run.json)).toMatch(/run-tests-skill/);
  });
});

describe("the plugin route with nothing installed: the rule is on", () => {
  let layout: Layout;
  beforeAll(async () => {
    layout = await makeLayout({ profile: on });
  });
  afterAll(() => layout.cleanup());

  it("refuses `git commit -m x` outside a skill turn", async () => {
    const run = await runHook(layout, "guard", preToolUse("git commit -m x", { prompt_id: "p-1" }));
    expect(denyReason(run.json)).toContain("the user drives git");
  });
});
