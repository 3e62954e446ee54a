// The engine's shared vocabulary: what an invocation is, the state a line's analysis carries (Env), how a
// finding is recorded, and the two callbacks that hand code back to the engine (Recurse). Every part of the
// engine (analyse.ts, programs.ts, code.ts, builtins.ts, writes.ts, suggest.ts) imports this file and none
// imports analyse.ts: code that must be judged again (a `-c` string, a peeled wrapper's command) goes through
// env.recurse, which analyse() fills in.

import type { AssignmentInfo, SimpleCommand } from "../core/shell/walk.ts";
import { clipText, type WordInfo } from "../core/shell/words.ts";
import type { FindingRule } from "./data/rules.ts";
import { underGitDir } from "./git-dir.ts";
import type { CompiledPattern } from "./matcher.ts";
import type { GuardPolicy } from "./policy.ts";
import { isClaudeDir, protectedEntryIn } from "./protected-paths.ts";
import type { PipeContent } from "./revisions.ts";
import type { Where } from "./runner.ts";
import type { PathScope } from "./targets.ts";

export interface Finding {
  /** The rule that fired (data/rules.ts); rules of the git family get the human-drives-git explanation. */
  rule: FindingRule;
  /** The simple command (or construct) that fired, as written. */
  command: string;
  problem: string;
  /** What is allowed instead, or "" (decide() fills in defaults). */
  instead: string;
  /** May hide a git mutation (Rule G): outranks the skill-mode findings in the reason. */
  git: boolean;
  /** The pipeline the command is a stage of, for "run pytest without the pipe". */
  pipeline: number | null;
  /** A git subcommand denied as a mutation ("stash"): the reason says how the maintainers could allow it. */
  gitForm?: string;
  /** Refused by the git rule alone (a mutation of the repository, or a computed argument to a mutating
   *  subcommand): the profile's `git.enforce: false` lets it through outside skill turns. Writes into .git/
   *  or the protected set, injected config and git environment overrides are never switchable. */
  switchable?: boolean;
}

export interface Analysis {
  findings: Finding[];
  /** The line runs git somewhere (read-only or not). */
  sawGit: boolean;
  /** Pipeline id -> the pytest stage of that pipeline that is covered by a pattern. */
  pytestStages: Map<number, string>;
}

/** How deep `bash -c "bash -c '...'"` and friends are followed before giving up (deny). */
export const MAX_CODE_DEPTH = 8;
/** Longest sed/awk program the regex checks run on (longer ones are refused: nobody needs them). */
export const MAX_SCRIPT = 4 * 1024;

export type Coverage = "required" | "exempt";

/** Hands code back to the engine: a command found inside another (a peeled wrapper's argv, a literal
 *  subprocess argv), and shell text (a `-c` string, an eval'd line, a here-document fed to a shell). */
export interface Recurse {
  invocation(inv: Invocation, env: Env, depth: number): void;
  source(source: string, env: Env, depth: number, coverage: Coverage): void;
}

export interface Env {
  skill: boolean;
  policy: GuardPolicy | null;
  patterns: CompiledPattern[];
  /** The profile's git.allow, read lazily. */
  gitAllow: (() => readonly string[]) | undefined;
  /** Where the command runs (for the runner's equivalent spellings). */
  where: Where | undefined;
  findings: Finding[];
  /** Environment changes that matter only when git runs in the same line. */
  envBeforeGit: Finding[];
  sawGit: boolean;
  pytestStages: Map<number, string>;
  /** Files this line writes with literal content (`cat > x.sh <<'EOF'`), by path: run later in the line,
   *  their content is judged like any other code. */
  written: Map<string, string>;
  /** Variables and directories of the line, for write targets (./targets.ts). */
  scope: PathScope;
  /** The shell text being walked (the line, or a -c string inside it). */
  source: string;
  /** Aliases and functions the line defines, by name: a later use runs their text (followed, bounded). */
  aliases: Map<string, string>;
  functions: Map<string, string>;
  /** Where a skill-mode command may write: the system temp dirs and the caller's ($TMPDIR). */
  tempDirs: string[];
  /** Per pipeline: what its stages so far print (./revisions.ts), for `git log --format=%H | xargs git show`. */
  pipes: Map<number, PipeContent>;
  /** The engine's entry points, for code found inside code. */
  recurse: Recurse;
}

export interface Invocation {
  words: WordInfo[];
  assignments: AssignmentInfo[];
  cmd: SimpleCommand;
  via: string[];
  coverage: Coverage;
  appendsArgs: boolean;
  depth: number;
  /** Its input (through xargs) can only be revisions: the earlier stages print nothing else. */
  fedRevisions?: boolean;
}

/** Findings kept per kind (git / other): decide() reports the first, so a long line of denied commands
 *  need not hold one finding per command. */
const MAX_FINDINGS = 32;

export function add(env: Env, f: Omit<Finding, "instead" | "git" | "pipeline"> & Partial<Finding>): void {
  const git = f.git ?? false;
  if (env.findings.length >= MAX_FINDINGS && env.findings.filter((x) => x.git === git).length >= MAX_FINDINGS)
    return;
  env.findings.push({ instead: "", git: false, pipeline: null, ...f, command: clipText(f.command) });
}

export function mentionsGit(text: string): boolean {
  return /git/i.test(text);
}

export function isGitName(name: string): boolean {
  return name === "git" || name === "hub" || name.startsWith("git-");
}

export function invocationText(inv: Invocation): string {
  if (inv.via.length === 0) return inv.cmd.text;
  return inv.words.map((w) => w.text).join(" ");
}

const SENSITIVE_ENV =
  /^(PATH|HOME|XDG_CONFIG_HOME|BASH_ENV|ENV|PROMPT_COMMAND|PS4|SHELLOPTS|BASHOPTS|EDITOR|VISUAL|PAGER|(LD|DYLD)_\w+|GIT_\w+)$/;

export function noteSensitive(env: Env, name: string, text: string): void {
  if (!SENSITIVE_ENV.test(name) || name === "GIT_OPTIONAL_LOCKS" || name === "GIT_TERMINAL_PROMPT") return;
  env.envBeforeGit.push({
    rule: "git-env",
    command: clipText(text),
    problem: `changes ${name} in a line that runs git: git could run a different program, configuration or repository`,
    instead: "",
    git: true,
    pipeline: null,
  });
}

/** A path in run-tests-skill's protected set, or `.claude` itself. */
export function protectedPath(path: string): boolean {
  return protectedEntryIn(path) !== null || isClaudeDir(path);
}

/** Where git's own output options (`--output`) must never write: git's files and the protected set. */
export function protectedOrGit(path: string): boolean {
  return underGitDir(path) || protectedPath(path);
}
