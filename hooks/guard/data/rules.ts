// Every rule id the guard can name, as data: the id (printed as `[rule: id]` in a reason, returned by decide(),
// read by tests, `explain` and the installer), its family, and the template its reason follows. Ids are
// stable: add a row for a new rule, never rename one. A deny or ask site names an id from this table; the
// compiler rejects any other string (RuleId).
//
// Families:
//   git        Rule G proper: a git mutation, git configuration or environment, a write into git's files.
//   protected  a write into run-tests-skill's protected set (install, settings, skills).
//   code       code the guard cannot read or follow (computed names, unparsable text, pipes into shells,
//              spawning one-liners, schedulers, executors). Refused in every mode.
//   skill      Rule S: what a /run-tests turn may run (allowed-tools, computed words, effects, pytest options).
//   outcome    not a finding: the decision when nothing fired, or the guard's own limits.
//
// Reason templates (decide.ts builds `run-tests guard: \`CMD\` was not run: PROBLEM. [rule: ID]`, then):
//   git        the human-drives-git advice (what read-only git is fine, the commit-message skill, and the
//              git.allow hint when a subcommand was denied).
//   instead    what the finding says to do instead (in skill mode, the allowed forms when it says nothing).
//   allowlist  as `instead`, but a pipeline's pytest stage is named alone, and in a skill turn the note on
//              how long the limit holds and which profile key the maintainers would change.
//   fixed      a reason written where the decision is made (outcomes).

export type RuleFamily = "git" | "protected" | "code" | "skill" | "outcome";
export type ReasonTemplate = "git" | "instead" | "allowlist" | "fixed";

interface RuleRow {
  family: RuleFamily;
  reason: ReasonTemplate;
  /** What fires it, for readers (README, ARCHITECTURE). */
  what: string;
}

export const RULES = {
  // git: Rule G
  git: { family: "git", reason: "git", what: "a git subcommand that is not read-only, or unknown" },
  "git-config": {
    family: "git",
    reason: "git",
    what: "configuration injected into git (`-c`, `--config-env`), or git pointed at another repository",
  },
  "git-env": { family: "git", reason: "git", what: "an environment variable that changes what git runs" },
  "git-dynamic": { family: "git", reason: "git", what: "a computed git subcommand, option or argument" },
  "git-write": { family: "git", reason: "git", what: "a read-only subcommand's option that writes or runs" },
  "git-dir-write": { family: "git", reason: "git", what: "a write into .git/ or git's config files" },
  "git-config-write": { family: "git", reason: "git", what: "a file written with git configuration in it" },
  "git-driver": { family: "git", reason: "git", what: "a program that drives git (commits, tags, hooks)" },
  // protected set
  "protected-write": { family: "protected", reason: "instead", what: "a write into the protected set" },
  // code the guard cannot read or follow
  nesting: { family: "code", reason: "instead", what: "code nested deeper than the guard follows" },
  parse: { family: "code", reason: "instead", what: "a line that does not parse safely" },
  "prompt-expansion": {
    family: "code",
    reason: "instead",
    what: "a prompt-string expansion (@P): text run again as code",
  },
  "dynamic-command": { family: "code", reason: "instead", what: "a command name computed at run time" },
  "shell-code": { family: "code", reason: "instead", what: "shell code the guard cannot read" },
  "interpreter-code": {
    family: "code",
    reason: "instead",
    what: "interpreter code that spawns or reaches git",
  },
  "code-text": { family: "code", reason: "instead", what: "text an executor program runs that names git" },
  eval: { family: "code", reason: "instead", what: "eval of computed text" },
  source: { family: "code", reason: "instead", what: "sourcing code the guard cannot read" },
  "shell-builtin": { family: "code", reason: "instead", what: "a builtin that runs or rebinds commands" },
  awk: { family: "code", reason: "instead", what: "an awk program that runs commands or writes files" },
  sed: { family: "code", reason: "instead", what: "a sed script that runs commands or writes files" },
  wrapper: { family: "code", reason: "instead", what: "a wrapper program the guard cannot peel" },
  scheduler: { family: "code", reason: "instead", what: "a command scheduled to run later" },
  // Rule S: skill turns
  "skill-allowlist": {
    family: "skill",
    reason: "allowlist",
    what: "not covered by the skill's allowed-tools",
  },
  "dynamic-argument": { family: "skill", reason: "instead", what: "a computed word in a skill command" },
  background: { family: "skill", reason: "instead", what: "a background job in a skill turn" },
  function: { family: "skill", reason: "instead", what: "a function definition in a skill turn" },
  redirect: { family: "skill", reason: "instead", what: "a redirect outside the temp dirs in a skill turn" },
  "skill-decision": { family: "skill", reason: "instead", what: "a form the skill must not run" },
  "skill-effect": {
    family: "skill",
    reason: "instead",
    what: "a write, download or process in a skill turn",
  },
  "pytest-option": { family: "skill", reason: "instead", what: "a pytest option invalid for the profile" },
  profile: { family: "skill", reason: "fixed", what: "a skill turn without a readable profile" },
  // outcomes (not findings)
  "internal-error": { family: "outcome", reason: "fixed", what: "the guard failed (deny when git is named)" },
  "too-long": { family: "outcome", reason: "fixed", what: "a command longer than the guard reads" },
  "skill-allowed": { family: "outcome", reason: "fixed", what: "a skill command the allowed-tools cover" },
  "git-read-only": { family: "outcome", reason: "fixed", what: "read-only git only: no decision" },
  "not-guarded": { family: "outcome", reason: "fixed", what: "nothing the guard judges: no decision" },
  "not-git": {
    family: "outcome",
    reason: "fixed",
    what: "a file tool on a path that is not git's or protected",
  },
  "not-a-file-tool": { family: "outcome", reason: "fixed", what: "not a file tool: no decision" },
  "no-path": { family: "outcome", reason: "fixed", what: "a file tool call without a path" },
} as const satisfies Record<string, RuleRow>;

export type RuleId = keyof typeof RULES;
/** The rules a finding can carry (outcomes are decisions, never findings). */
export type FindingRule = {
  [K in RuleId]: (typeof RULES)[K]["family"] extends "outcome" ? never : K;
}[RuleId];
/** The rules judgeGit() reports. */
export type GitRule = Extract<RuleId, "git" | "git-config" | "git-env" | "git-dynamic" | "git-write">;

export function ruleFamily(id: RuleId): RuleFamily {
  return RULES[id].family;
}
