// What init respects in a repo it installs into: a skill the maintainers wrote themselves (kept as it is, the
// hooks enforce its own allowed-tools) and the git forms their Claude Code permission rules grant (init prints
// the git.allow lines that would honour them; it never adds them itself).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import type { Profile } from "../../hooks/core/profile/schema.ts";
import { decide, GIT_ALLOW_KEY } from "../../hooks/guard/decide.ts";
import { bashEntries, parseAllowedTools } from "../../hooks/guard/matcher.ts";
import { guardPolicyFromProfile } from "../../hooks/guard/policy.ts";
import { allowedSpelling, guardJudge, pytestSpellings } from "../../hooks/results/proposal.ts";
import { buildCommand } from "../../skills/generator/body.ts";
import { validateSkillDir } from "../../skills/validator/validate.ts";

/** The validator's findings on a skill we did not write, one line each: advice, never a failure of init;
 *  then whether the profile's runner is one the skill allows (issue 17 item 2). */
export function ownSkillAdvice(skillDir: string, profile: Profile): string[] {
  try {
    return [
      ...validateSkillDir(skillDir, { format: "claude-code", profile }).map(
        (f) => `${f.severity} [${f.rule}] SKILL.md${f.line ? `:${f.line}` : ""}: ${f.message}`,
      ),
      ...runnerAgreement(readFileSync(join(skillDir, "SKILL.md"), "utf8"), profile),
    ];
  } catch (error) {
    return [`the validator could not read the skill: ${(error as Error).message}`];
  }
}

/** The profile's runner against the own skill's allowed-tools, judged by the guard in skill mode: when the
 *  skill refuses it (tractor's own skill allows `python -m pytest *`, the detected runner is
 *  `py313/bin/python`), say which spelling the hooks will propose instead, or that none is allowed. */
export function runnerAgreement(skillText: string, profile: Profile): string[] {
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(skillText)?.[1];
  if (front === undefined) return [];
  let tools: string[] | null = null;
  try {
    tools = parseAllowedTools((parseYaml(front) as Record<string, unknown> | null)?.["allowed-tools"]);
  } catch {
    return [];
  }
  if (!tools) return [];
  const policy = guardPolicyFromProfile(profile, tools);
  const judge = guardJudge(policy);
  const command = buildCommand(profile, [profile.project.tests_dir.replace(/\/*$/, "/")]);
  if (judge(command)) return [];
  const spelled = allowedSpelling(command, pytestSpellings(policy.runnerBase, policy.runnerAlso), judge);
  const runner = profile.runner.base;
  return [
    spelled.ok
      ? `note [runner-vs-skill] the profile's runner \`${runner}\` is not in your skill's allowed-tools; the stop gate and the reports will propose \`${spelled.command}\` instead (that interpreter must be the project's: activate the venv, or allow \`${runner} *\` in the skill).`
      : `warning [runner-vs-skill] no spelling of pytest is in your skill's allowed-tools (${bashEntries(tools).join(", ") || "no Bash entries"}): the hooks cannot propose a test command the guard lets through in /${profile.skill.name} turns.`,
  ];
}

/** The Claude Code settings files whose permission rules init reads (project-relative). */
export const PERMISSION_FILES = [".claude/settings.json", ".claude/settings.local.json"];

export interface GitGrant {
  /** The permission rule as written, e.g. Bash(git stash:*). */
  rule: string;
  file: string;
  /** The git.allow entry that would honour it, e.g. stash. */
  form: string;
}

/** `Bash(git stash:*)`, `Bash(git mv *)`, `Bash(git worktree add)` -> the leading literal words after git. */
export function gitFormOfRule(rule: string): string | null {
  const m = /^Bash\(\s*git\s+(.*)\)$/.exec(rule.trim());
  if (!m) return null;
  const words: string[] = [];
  for (const word of (m[1] ?? "").replace(/:\*$/, "").split(/\s+/)) {
    if (!/^[a-z][a-z0-9-]*$/.test(word)) break; // an option, a glob or a value: the form ends before it
    words.push(word);
  }
  return words.length > 0 ? words.join(" ") : null;
}

/** Git forms the repo's permission rules grant that the guard would deny (and git.allow does not list yet). */
export function gitGrants(dir: string, profile: Profile): GitGrant[] {
  const listed = profile.git?.allow ?? [];
  const out: GitGrant[] = [];
  for (const file of PERMISSION_FILES) {
    let allow: unknown;
    try {
      allow = (JSON.parse(readFileSync(join(dir, file), "utf8")) as { permissions?: { allow?: unknown } })
        .permissions?.allow;
    } catch {
      continue; // absent or not JSON: nothing to honour (init reports a broken settings.json elsewhere)
    }
    if (!Array.isArray(allow)) continue;
    for (const rule of allow) {
      if (typeof rule !== "string") continue;
      const form = gitFormOfRule(rule);
      if (!form) continue;
      // Only forms the guard denies (read-only git passes anyway; listed forms already pass) need a line.
      const verdict = decide(`git ${form}`, { skillActive: false, policy: null, gitAllow: () => listed });
      if (verdict.decision !== "deny") continue;
      if (!out.some((g) => g.form === form)) out.push({ rule, file, form });
    }
  }
  return out;
}

/** The note init prints for them: the rules found and the profile lines that would honour them. */
export function gitGrantNote(
  grants: GitGrant[],
  profileFile: string,
  listed: readonly string[],
): string | null {
  if (grants.length === 0) return null;
  const rules = grants.map((g) => `${g.rule} (${g.file})`).join(", ");
  const forms = [...listed, ...grants.map((g) => g.form)].map((f) => JSON.stringify(f)).join(", ");
  return [
    `your permission rules grant git forms that the guard denies: ${rules}.`,
    `The guard follows the profile, not these rules. If the maintainers want the agent to run them here, add to ${profileFile} (${GIT_ALLOW_KEY}; init never adds it by itself):`,
    "  git:",
    `    allow: [${forms}]`,
  ].join("\n");
}
