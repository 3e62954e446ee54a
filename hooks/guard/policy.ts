// The guard's policy: the few facts the PreToolUse guard needs from a profile, flattened into plain data so
// the hot path never touches YAML or schemas. `allowedTools` comes from the skill's SKILL.md frontmatter at
// hook time (what the skill declares is exactly what the hook enforces), the profile's list otherwise.
import { migrateCompiled } from "../core/profile/format.ts";
import { DEFAULT_PYTEST, DEFAULT_PYTHON } from "../core/profile/runner.ts";
import type { Profile, ProjectOption } from "../core/profile/schema.ts";
import type { RunnerSpelling } from "./runner.ts";

export interface GuardPolicy {
  /** Claude Code permission rules, e.g. "Bash(python -m pytest *)", "Read". Only Bash(...) ones matter here. */
  allowedTools: string[];
  /** The skill's name (`/run-tests`). */
  skillName: string;
  /** A skill that writes commit messages, suggested in the git deny reason (it may not exist). */
  commitMessageSkill: string | undefined;
  /** The spelling the skill writes for pytest, e.g. "python -m pytest" (runner.base). */
  runnerBase: string;
  /** The project's interpreter as the skill writes it, e.g. ".venv/bin/python" (runner.python). */
  runnerPython: string;
  /** Other spellings that run pytest in this project (e.g. "py*\/bin/python -m pytest", "uv run pytest"). */
  runnerAlso: string[];
  /** NAME=VALUE prefixes allowed in front of the runner (runner.env). */
  runnerEnv: string[];
  /** true: a pytest option that is neither pytest's own, nor a project option, nor in alsoAccept is refused. */
  optionsClosed: boolean;
  alsoAccept: string[];
  /** The project's own pytest options (values, counts and required flags are checked in skill mode). */
  projectOptions: ProjectOption[];
  /** pytest's own options the profile documents (checked the same way when they list values). */
  pytestOptions: ProjectOption[];
  /** The profile's git.allow: git forms the maintainers let the agent run here (e.g. "stash", "mv"). */
  gitAllow: string[];
  /** The profile's git.enforce: false turns the git rule off outside skill turns (the human's switch). */
  gitEnforced: boolean;
}

export function guardPolicyFromProfile(profile: Profile, allowedTools?: string[]): GuardPolicy {
  return {
    allowedTools: [...(allowedTools ?? profile.allowed_tools)],
    skillName: profile.skill.name,
    commitMessageSkill: profile.skill.commit_message_skill,
    runnerBase: profile.runner.base,
    runnerPython: profile.runner.python,
    runnerAlso: [...(profile.runner.also ?? [])],
    runnerEnv: [...(profile.runner.env ?? [])],
    optionsClosed: profile.options.closed ?? false,
    alsoAccept: [...(profile.options.also_accept ?? [])],
    projectOptions: [...(profile.options.project ?? [])],
    pytestOptions: [...(profile.options.pytest ?? [])],
    gitAllow: [...(profile.git?.allow ?? [])],
    gitEnforced: profile.git?.enforce !== false,
  };
}

/**
 * What outside skill mode needs (skill name, commit skill, git.allow), read from compiled profile JSON without
 * validating it: the git rule runs before every Bash call and needs no schema. null when the JSON does not
 * look like a compiled profile. Never use this for skill mode (allowed-tools must come validated).
 */
export function lightPolicy(json: unknown): GuardPolicy | null {
  // A format newer than this release is not read at all (the rule keeps its defaults: no git.allow, on).
  const doc = migrateCompiled(json, "profile.json");
  if (!doc.ok) return null;
  const inner = doc.profile;
  if (!inner || typeof inner !== "object") return null;
  const skill = (inner as { skill?: unknown }).skill;
  if (!skill || typeof skill !== "object") return null;
  const name = (skill as { name?: unknown }).name;
  const commit = (skill as { commit_message_skill?: unknown }).commit_message_skill;
  if (typeof name !== "string") return null;
  const git = (inner as { git?: unknown }).git;
  const allow = git && typeof git === "object" ? strings((git as { allow?: unknown }).allow) : null;
  // Only an explicit false turns the rule off: anything else (absent, malformed) keeps it on.
  const enforce = git && typeof git === "object" ? (git as { enforce?: unknown }).enforce : undefined;
  return {
    allowedTools: [],
    skillName: name,
    commitMessageSkill: typeof commit === "string" ? commit : undefined,
    runnerBase: DEFAULT_PYTEST,
    runnerPython: DEFAULT_PYTHON,
    runnerAlso: [],
    runnerEnv: [],
    optionsClosed: false,
    alsoAccept: [],
    projectOptions: [],
    pytestOptions: [],
    gitAllow: allow ?? [],
    gitEnforced: enforce !== false,
  };
}

/** Claude Code substitutes these in allowed-tools entries; the hook does the same before matching. */
export function substituteToolVars(entries: string[], vars: Record<string, string | undefined>): string[] {
  return entries.map((e) =>
    e.replace(/\$\{(CLAUDE_[A-Z_]+)\}/g, (whole, name: string) => vars[name] ?? whole),
  );
}

function strings(x: unknown): string[] | null {
  return Array.isArray(x) && x.every((s) => typeof s === "string") ? (x as string[]) : null;
}

function optionOf(x: unknown): ProjectOption | null {
  if (!x || typeof x !== "object") return null;
  const o = x as Record<string, unknown>;
  if (typeof o.flag !== "string" || typeof o.purpose !== "string") return null;
  const aliases = o.aliases === undefined ? [] : strings(o.aliases);
  const requires = o.requires === undefined ? [] : strings(o.requires);
  const values = o.values === undefined ? undefined : strings(o.values);
  if (!aliases || !requires || values === null) return null;
  const opt = (k: string): string | undefined => (typeof o[k] === "string" ? (o[k] as string) : undefined);
  return {
    flag: o.flag,
    aliases,
    purpose: o.purpose,
    requires,
    ...(values ? { values } : {}),
    ...(typeof o.max_values === "number" ? { max_values: o.max_values } : {}),
    ...(opt("value_name") ? { value_name: opt("value_name") } : {}),
    ...(opt("default") ? { default: opt("default") } : {}),
    ...(opt("note") ? { note: opt("note") } : {}),
  } as ProjectOption;
}

/**
 * A GuardPolicy read back from JSON (the snapshot the skill-turn hook stores for the guard), checked by hand:
 * the guard's hot path carries no schema library. null when anything is off.
 */
export function parseGuardPolicy(x: unknown): GuardPolicy | null {
  if (!x || typeof x !== "object") return null;
  const o = x as Record<string, unknown>;
  const allowedTools = strings(o.allowedTools);
  const runnerAlso = strings(o.runnerAlso);
  // Snapshots written before runner.python / runner.env existed read as the defaults.
  const runnerEnv = o.runnerEnv === undefined ? [] : strings(o.runnerEnv);
  const runnerPython = o.runnerPython === undefined ? DEFAULT_PYTHON : o.runnerPython;
  const alsoAccept = strings(o.alsoAccept);
  const project = Array.isArray(o.projectOptions) ? o.projectOptions.map(optionOf) : null;
  const pytest = Array.isArray(o.pytestOptions) ? o.pytestOptions.map(optionOf) : null;
  if (!allowedTools || !runnerAlso || !runnerEnv || !alsoAccept || !project || !pytest) return null;
  if (typeof runnerPython !== "string") return null;
  if (project.includes(null) || pytest.includes(null)) return null;
  if (
    typeof o.skillName !== "string" ||
    typeof o.runnerBase !== "string" ||
    typeof o.optionsClosed !== "boolean"
  )
    return null;
  if (o.commitMessageSkill !== undefined && typeof o.commitMessageSkill !== "string") return null;
  // Snapshots stored before git.allow existed have no gitAllow: none allowed.
  const gitAllow = o.gitAllow === undefined ? [] : strings(o.gitAllow);
  if (!gitAllow) return null;
  // Only an explicit false turns the rule off (snapshots from before git.enforce keep it on).
  const gitEnforced = o.gitEnforced !== false;
  return {
    allowedTools,
    skillName: o.skillName,
    commitMessageSkill: o.commitMessageSkill as string | undefined,
    runnerBase: o.runnerBase,
    runnerPython,
    runnerAlso,
    runnerEnv,
    optionsClosed: o.optionsClosed,
    alsoAccept,
    projectOptions: project as ProjectOption[],
    pytestOptions: pytest as ProjectOption[],
    gitAllow,
    gitEnforced,
  };
}

/** The runner spellings of a policy, for canonicalRunnerWords (hooks/guard/runner.ts). */
export function runnerSpelling(policy: GuardPolicy): RunnerSpelling {
  return {
    python: policy.runnerPython,
    pytest: policy.runnerBase,
    also: policy.runnerAlso,
    env: policy.runnerEnv,
  };
}
