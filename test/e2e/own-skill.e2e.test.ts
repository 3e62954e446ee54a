// A repo that tracks its own hand-written /run-tests skill, with run-tests-skill installed around it by `init`:
// the real Claude Code expands that skill (not a generated one), and in the skill turn our guard enforces that
// skill's own allowed-tools, which here differ from the profile's on purpose.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { expectHookRan, expectHooksHealthy, expectSkillExpanded, HOOK_DENY } from "./checks.ts";
import { e2eDescribe } from "./gate.ts";
import { bashResult, bashScript, Scenario } from "./harness.ts";

/** Allows pytest and ls; not git status, which the sample profile (extends generic) does allow. */
const OWN_SKILL = [
  "---",
  "name: run-tests",
  'description: "Run the sample project tests our own way (hand-written skill)."',
  'argument-hint: "[path]"',
  'allowed-tools: "Bash(python -m pytest *), Bash(ls *), Read"',
  "---",
  "",
  "Hand-written by the maintainers: list the tests with `ls tests`, then run them.",
  "",
  "```sh",
  "python -m pytest tests/test_pass.py -q",
  "```",
  "",
].join("\n");

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

e2eDescribe("a repo with its own hand-written skill, installed around with init", () => {
  it("/run-tests expands that skill; its allowed-tools are enforced: outside denied, inside not", async () => {
    const s = await Scenario.create({
      install: { kind: "init" },
      files: { ".claude/skills/run-tests/SKILL.md": OWN_SKILL },
    });
    scenario = s;
    const skillFile = join(s.project, ".claude", "skills", "run-tests", "SKILL.md");
    // init kept it byte for byte.
    expect(readFileSync(skillFile, "utf8")).toBe(OWN_SKILL);
    expect(await s.git(["status", "--porcelain"])).toBe("");

    const commands = [
      "git status",
      "touch NOT-ALLOWED",
      "ls tests",
      "python -m pytest tests/test_pass.py -q",
    ];
    const run = await s.run("/run-tests tests", [...bashScript(...commands), { text: "done" }], {
      allowedTools: "Bash", // Claude Code itself would let every command run: only our guard decides
    });
    expect(run.exitCode).toBe(0);
    // The model received the hand-written skill's body.
    expectSkillExpanded(run.last, { commandName: "run-tests", args: "tests", skillFile });
    expect(JSON.stringify(run.last)).toContain("Hand-written by the maintainers");

    // Outside the skill's own allowed-tools: denied by our guard, even what the profile would allow.
    for (const command of ["git status", "touch NOT-ALLOWED"]) {
      const result = bashResult(run.last, command);
      expect(result.isError, command).toBe(true);
      expect(result.text.startsWith(HOOK_DENY), `${command}: ${result.text}`).toBe(true);
      expect(result.text).toContain("not covered by the skill's allowed-tools");
    }
    expect(existsSync(join(s.project, "NOT-ALLOWED"))).toBe(false);
    // Inside: not denied, and they ran.
    const ls = bashResult(run.last, "ls tests");
    expect(ls.isError, ls.text).toBe(false);
    expect(ls.text).toContain("test_pass.py");
    const pytest = bashResult(run.last, "python -m pytest tests/test_pass.py -q");
    expect(pytest.isError, pytest.text).toBe(false);
    expect(pytest.text).toMatch(/\b2 passed\b/);

    expectHookRan(run, "UserPromptExpansion");
    expectHookRan(run, "PreToolUse");
    expectHooksHealthy(run);
    expect(readFileSync(skillFile, "utf8")).toBe(OWN_SKILL);
  });
});
