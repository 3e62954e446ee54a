// The pairing lint: the body and the frontmatter's allowed-tools must agree. Every command the body tells the
// reader to run must pass the PreToolUse guard in skill mode (the same decide() the hook calls, so the lint
// and the enforcement can never drift apart), and every allowed tool should be used somewhere: a Bash rule by
// some command, any other tool by being named in the body.
import * as v from "valibot";
import { Profile } from "../../hooks/core/profile/schema.ts";
import { bashPattern, toolName } from "../../hooks/core/profile/skill-md.ts";
import { decide } from "../../hooks/guard/decide.ts";
import { type GuardPolicy, guardPolicyFromProfile, substituteToolVars } from "../../hooks/guard/policy.ts";
import { type BodyCommand, sampleVar } from "./commands.ts";
import { type Finding, finding } from "./rules.ts";

/** A policy from the frontmatter alone, for a SKILL.md that comes without a profile: the profile's other
 *  knobs take their defaults (options open, no project options). */
export function policyFromFrontmatter(skillName: string, allowedTools: string[]): GuardPolicy {
  const minimal = v.parse(Profile, {
    skill: { name: "skill", description: "-", argument_hint: "-" },
    project: { name: "-", tests_dir: "tests" },
    runner: { timeouts: { suite_ms: 600_000, file_ms: 120_000 } },
    options: {},
    allowed_tools: ["Read"],
  });
  const policy = guardPolicyFromProfile(minimal, allowedTools);
  return { ...policy, skillName };
}

/** Entries such as Bash(${CLAUDE_SKILL_DIR}/run.sh *) get the same sample paths as the body's commands. */
function withSampleVars(policy: GuardPolicy): GuardPolicy {
  const vars = new Proxy({} as Record<string, string>, { get: (_, name) => sampleVar(String(name)) });
  return { ...policy, allowedTools: substituteToolVars(policy.allowedTools, vars) };
}

function allowed(command: string, policy: GuardPolicy): { ok: boolean; reason: string } {
  const result = decide(command, { skillActive: true, policy: withSampleVars(policy) });
  return { ok: result.decision !== "deny", reason: result.reason };
}

export function lintCommands(commands: readonly BodyCommand[], policy: GuardPolicy): Finding[] {
  const findings: Finding[] = [];
  for (const cmd of commands) {
    const verdict = allowed(cmd.command, policy);
    if (!verdict.ok) {
      const filled = cmd.command === cmd.written ? "" : ` (checked as ${JSON.stringify(cmd.command)})`;
      findings.push(
        finding(
          "command-allowed",
          `${JSON.stringify(cmd.written)}${filled} is not allowed by allowed-tools: ${verdict.reason}`,
          { line: cmd.line },
        ),
      );
    }
  }
  return findings;
}

/** A Bash rule is used when some command passes with that rule alone, or fails once the rule is removed. */
function bashRuleUsed(rule: string, commands: readonly BodyCommand[], policy: GuardPolicy): boolean {
  const alone = { ...policy, allowedTools: [rule] };
  const without = { ...policy, allowedTools: policy.allowedTools.filter((r) => r !== rule) };
  return commands.some(
    (cmd) =>
      allowed(cmd.command, alone).ok ||
      (allowed(cmd.command, policy).ok && !allowed(cmd.command, without).ok),
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function lintUnusedTools(
  allowedTools: readonly string[],
  commands: readonly BodyCommand[],
  bodyText: string,
  policy: GuardPolicy,
  line?: number,
): Finding[] {
  const findings: Finding[] = [];
  for (const rule of allowedTools) {
    const at = line === undefined ? {} : { line };
    if (bashPattern(rule) !== undefined) {
      if (!bashRuleUsed(rule, commands, policy)) {
        findings.push(finding("tool-unused", `${rule} is allowed but no command in an sh block uses it`, at));
      }
    } else if (rule === "Bash") {
      if (commands.length === 0)
        findings.push(finding("tool-unused", "Bash is allowed but the body runs no command", at));
    } else {
      const name = toolName(rule);
      if (!new RegExp(`\\b${escapeRegExp(name)}\\b`).test(bodyText)) {
        findings.push(finding("tool-unused", `${rule} is allowed but the body never mentions ${name}`, at));
      }
    }
  }
  return findings;
}
