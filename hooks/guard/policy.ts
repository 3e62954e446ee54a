// The guard's policy: the few facts the PreToolUse guard needs from a profile, flattened into plain data so
// the hot path never touches YAML or schemas. `allowedTools` comes from the skill's SKILL.md frontmatter at
// hook time (what the skill declares is exactly what the hook enforces), the profile's list otherwise.
import type { Profile, ProjectOption } from "../../skills/profile/schema.ts";

export interface GuardPolicy {
  /** Claude Code permission rules, e.g. "Bash(python -m pytest *)", "Read". Only Bash(...) ones matter here. */
  allowedTools: string[];
  /** The skill's name (`/run-tests`). */
  skillName: string;
  /** A skill that writes commit messages, suggested in the git deny reason (it may not exist). */
  commitMessageSkill: string | undefined;
  /** The spelling the skill writes for pytest, e.g. "python -m pytest". */
  runnerBase: string;
  /** Other spellings that run pytest in this project (e.g. "py*\/bin/python -m pytest", "uv run pytest"). */
  runnerAlso: string[];
  /** true: a pytest option that is neither pytest's own, nor a project option, nor in alsoAccept is refused. */
  optionsClosed: boolean;
  alsoAccept: string[];
  /** The project's own pytest options (values, counts and required flags are checked in skill mode). */
  projectOptions: ProjectOption[];
  /** pytest's own options the profile documents (checked the same way when they list values). */
  pytestOptions: ProjectOption[];
}

export function guardPolicyFromProfile(profile: Profile, allowedTools?: string[]): GuardPolicy {
  return {
    allowedTools: [...(allowedTools ?? profile.allowed_tools)],
    skillName: profile.skill.name,
    commitMessageSkill: profile.skill.commit_message_skill,
    runnerBase: profile.runner.base,
    runnerAlso: [...(profile.runner.also ?? [])],
    optionsClosed: profile.options.closed ?? false,
    alsoAccept: [...(profile.options.also_accept ?? [])],
    projectOptions: [...(profile.options.project ?? [])],
    pytestOptions: [...(profile.options.pytest ?? [])],
  };
}

/**
 * The names outside skill mode needs (skill name, commit skill), read from compiled profile JSON without
 * validating it: the git rule runs before every Bash call and needs no schema. null when the JSON does not
 * look like a compiled profile. Never use this for skill mode (allowed-tools must come validated).
 */
export function lightPolicy(json: unknown): GuardPolicy | null {
  const inner =
    json && typeof json === "object" && "profile" in json ? (json as { profile: unknown }).profile : json;
  if (!inner || typeof inner !== "object") return null;
  const skill = (inner as { skill?: unknown }).skill;
  if (!skill || typeof skill !== "object") return null;
  const name = (skill as { name?: unknown }).name;
  const commit = (skill as { commit_message_skill?: unknown }).commit_message_skill;
  if (typeof name !== "string") return null;
  return {
    allowedTools: [],
    skillName: name,
    commitMessageSkill: typeof commit === "string" ? commit : undefined,
    runnerBase: "python -m pytest",
    runnerAlso: [],
    optionsClosed: false,
    alsoAccept: [],
    projectOptions: [],
    pytestOptions: [],
  };
}

/** Claude Code substitutes these in allowed-tools entries; the hook does the same before matching. */
export function substituteToolVars(entries: string[], vars: Record<string, string | undefined>): string[] {
  return entries.map((e) =>
    e.replace(/\$\{(CLAUDE_[A-Z_]+)\}/g, (whole, name: string) => vars[name] ?? whole),
  );
}
