// decide(): the pure core of the PreToolUse guard. Knows nothing of stdin, files or the clock.
//   deny  -> the hook prints a JSON deny with `reason` (shown to the model);
//   allow -> skill mode and every part of the line is covered: the hook prints nothing and Claude Code's
//            allowed-tools grant applies (the hook never emits permissionDecision "allow");
//   defer -> not the guard's business (outside skill mode, no git mutation): the hook prints nothing.
import { analyse, type Finding } from "./analyse.ts";
import { RULES, type RuleId } from "./data/rules.ts";
import { allowedHere, compilePatterns, matchesPattern } from "./matcher.ts";
import type { GuardPolicy } from "./policy.ts";
import type { Where } from "./runner.ts";

export type GuardDecision = { decision: "allow" | "deny" | "defer"; reason: string; rule: RuleId };

export interface DecideContext {
  /** true while /run-tests is active for the current prompt. */
  skillActive: boolean;
  /** null when no (valid) profile could be read. */
  policy: GuardPolicy | null;
  /** Why the policy is null (shown in skill mode), e.g. "profile.json: invalid profile at runner.base". */
  policyProblem?: string;
  /**
   * When `policy` is null: the commit-message skill a git reason suggests (undefined: none), asked only when
   * a git reason is built, so the hook reads the profile only for a git deny. Absent: DEFAULT_COMMIT_SKILL.
   */
  commitMessageSkill?: () => string | undefined;
  /** Where the command runs and the project root: a program written as a path (`./.venv/bin/python`, an
   *  absolute path) is compared with the runner by the file it names. Absent: compared as written. */
  where?: Where;
  /** When `policy` is null: the profile's git.allow, asked only when a git form would be denied. */
  gitAllow?: () => readonly string[];
  /** Outside skill mode: true when the profile turns the git rule off (`git.enforce: false`), asked only when
   *  a finding is one the switch covers. Absent: the rule is on. Skill mode ignores it. */
  gitRuleOff?: () => boolean;
  /** Whether the project's settings make `.git` read-only in Claude Code's Bash sandbox (layer 2); asked only
   *  when a git reason is built. */
  sandboxBarrier?: () => boolean;
  /** The session's temp dir ($TMPDIR), where a skill-mode command may write besides /tmp and /var/tmp. */
  tempDir?: string;
}

export const REASON_PREFIX = "run-tests guard:";
/** Suggested in git reasons when no profile says otherwise. */
export const DEFAULT_COMMIT_SKILL = "/commit-msg";
/** Commands longer than this are refused unread, in every mode: up to it the guard promises a decision within
 *  1.5 s CPU and 200 MB (test/bench/guard.ts measures 1 MB of many simple commands); past it a hook could
 *  run out of time or memory, and a line that long may hide a git mutation in any of its commands. */
export const MAX_COMMAND_LENGTH = 1152 * 1024;
/** The profile key that lists the git forms the maintainers allow (named in reasons and by doctor). */
export const GIT_ALLOW_KEY = "git.allow";
/** The profile key that turns the git rule off for a repository outside skill turns (the human's switch). */
export const GIT_ENFORCE_KEY = "git.enforce";

export function decide(command: string, ctx: DecideContext): GuardDecision {
  try {
    return decideUnsafe(command, ctx);
  } catch (error) {
    // A crash must not let a git mutation through (guard-policy §1, failure behaviour).
    const message = error instanceof Error ? error.message : String(error);
    if (ctx.skillActive || /git/i.test(command))
      return {
        decision: "deny",
        rule: "internal-error",
        reason: `${REASON_PREFIX} the guard failed on this command (${message}) and refuses it to be safe. Try a simpler command; report the failure if it persists.`,
      };
    return {
      decision: "defer",
      rule: "internal-error",
      reason: `guard failed (${message}); not a git command, no decision`,
    };
  }
}

function decideUnsafe(command: string, ctx: DecideContext): GuardDecision {
  const skill = ctx.skillActive && ctx.policy !== null;
  if (command.length > MAX_COMMAND_LENGTH)
    return {
      decision: "deny",
      rule: "too-long",
      reason: `${REASON_PREFIX} the command is ${command.length} characters long, more than this guard checks (${MAX_COMMAND_LENGTH}). Split it into several shorter commands, or write long content to a file with the Write tool first.`,
    };
  const policy = ctx.policy;
  const patterns = skill && policy ? compilePatterns(policy.allowedTools) : [];
  const gitAllow = policy ? () => policy.gitAllow : ctx.gitAllow;
  const result = analyse(command, {
    skill,
    policy,
    patterns,
    where: ctx.where,
    ...(gitAllow ? { gitAllow } : {}),
    ...(ctx.tempDir ? { tempDirs: [ctx.tempDir] } : {}),
  });
  const findings = switchedOff(result.findings, ctx);
  const gitFinding = findings.find((f) => f.git);
  const first = gitFinding ?? findings[0];
  if (first)
    return { decision: "deny", rule: first.rule, reason: reasonFor(first, result.pytestStages, ctx) };
  if (ctx.skillActive && !policy) {
    return {
      decision: "deny",
      rule: "profile",
      reason: `${REASON_PREFIX} /run-tests is active but its profile cannot be read (${ctx.policyProblem ?? "no compiled profile"}), so no command can be checked against the skill's allowed-tools. Tell the user to fix the profile (run \`run-tests-skill doctor\`, or regenerate with \`run-tests-skill init\`) before running tests.`,
    };
  }
  if (skill)
    return {
      decision: "allow",
      rule: "skill-allowed",
      reason: "every command in the line is covered by the skill's allowed-tools",
    };
  return {
    decision: "defer",
    rule: result.sawGit ? "git-read-only" : "not-guarded",
    reason: result.sawGit
      ? "read-only git only; no decision (Claude Code's permissions apply)"
      : "no git mutation and the skill is not active; no decision (Claude Code's permissions apply)",
  };
}

/** The findings that stand: outside skill mode, with the human's `git.enforce: false`, those the git rule
 *  alone raised are dropped (a skill turn keeps its allowed-tools and the rule). The profile is read only when
 *  such a finding exists. */
function switchedOff(findings: Finding[], ctx: DecideContext): Finding[] {
  if (ctx.skillActive || !ctx.gitRuleOff || !findings.some((f) => f.switchable)) return findings;
  return ctx.gitRuleOff() ? findings.filter((f) => !f.switchable) : findings;
}

function reasonFor(f: Finding, pytestStages: Map<number, string>, ctx: DecideContext): string {
  const problem = f.problem.startsWith("`") ? f.problem : `it ${f.problem}`;
  const head = `${REASON_PREFIX} \`${f.command}\` was not run: ${problem}. [rule: ${f.rule}]`;
  // The rule's reason template (data/rules.ts): git findings get the human-drives-git explanation; other
  // high-priority findings (computed commands, spawning one-liners, pipes into shells) say what to do instead.
  const template = RULES[f.rule].reason;
  if (template === "git")
    return `${head} ${gitAdvice(ctx)}${f.gitForm ? ` ${exceptionHint(f.gitForm)}` : ""}`;
  let instead = f.instead;
  const allowlist = template === "allowlist";
  const stage = f.pipeline !== null ? pytestStages.get(f.pipeline) : undefined;
  if (allowlist && stage)
    instead = `Run \`${stage}\` on its own, without the pipe: a pipe hides pytest's exit code and cuts the failure sections, and the post-run hook summarises the result.`;
  // Only skill mode has an allow-list to point at.
  if (!instead && ctx.skillActive && ctx.policy) instead = allowedHere(ctx.policy.allowedTools);
  const turn = allowlist && ctx.skillActive ? ` ${skillTurnNote(f.command)}` : "";
  return `${head}${instead ? ` ${instead}` : ""}${turn}`;
}

/** A test command: pytest in any spelling, or a repository's own test tool (issue 20). */
const TEST_COMMAND = /(^|[\s/])(pytest|py\.test)(\s|$)|^(\S+=\S*\s+)*(tox|nox|hatch|make|uv)(\s|$)/;

/** How long a skill turn's limits last, and the profile key a maintainer would change to allow the form. */
function skillTurnNote(command: string): string {
  const key = TEST_COMMAND.test(command)
    ? /^[A-Za-z_]\w*=/.test(command)
      ? "`runner.env` (a NAME=VALUE prefix) or `runner.commands` (the whole form)"
      : "`runner.commands`"
    : "`allowed_tools`";
  return `This limit holds while /run-tests is active, until the user's next prompt; if the maintainers want this form allowed in the skill, they can add it to ${key} in the run-tests profile (do not change the profile yourself).`;
}

const READ_ONLY_GIT = ["git status", "git diff", "git log", "git show", "git rev-parse"];

/** What read-only git the agent may run: any, outside skill mode; in skill mode, only what the skill in force
 *  allows (tractor's own skill allows `git rev-parse` and no `git status`). */
function readOnlyGit(ctx: DecideContext): string {
  if (!ctx.skillActive || !ctx.policy)
    return "Read-only git is fine (git status, git diff, git log, git show, git rev-parse, ...).";
  const patterns = compilePatterns(ctx.policy.allowedTools);
  const allowed = READ_ONLY_GIT.filter((form) =>
    patterns.some((p) => matchesPattern(p, [...form.split(" "), "x"]) || matchesPattern(p, form.split(" "))),
  );
  return allowed.length > 0
    ? `Read-only git the skill in force allows: ${allowed.join(", ")}.`
    : "The skill in force allows no git command at all, read-only ones included (its allowed-tools do not list them).";
}

/** How a maintainer (never the agent) makes a git form allowed in this repo. */
function exceptionHint(form: string): string {
  return `(Only if the maintainers allow \`git ${form}\` in this repo may they add \`${form}\` to ${GIT_ALLOW_KEY} in the run-tests profile; do not change the profile yourself.)`;
}

function gitAdvice(ctx: DecideContext): string {
  const skill = ctx.policy
    ? ctx.policy.commitMessageSkill
    : ctx.commitMessageSkill
      ? ctx.commitMessageSkill()
      : DEFAULT_COMMIT_SKILL;
  const commit = skill ? `${skill.startsWith("/") ? skill : `/${skill}`}` : null;
  return [
    "In this project the user drives git: staging, committing, stashing, branch and history changes are theirs.",
    "Leave your changes unstaged in the working tree for them to review.",
    readOnlyGit(ctx),
    commit
      ? `When you are done, summarise what changed; the user may want to run ${commit} for a commit message, if they have that skill.`
      : "When you are done, summarise what changed so the user can review and commit it.",
    ...(ctx.sandboxBarrier?.()
      ? [
          "A workaround would fail as well: this project's Bash sandbox makes .git read-only for every command.",
        ]
      : []),
  ].join(" ");
}
