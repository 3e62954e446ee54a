// The engine: every simple command the walk finds becomes an invocation (argv + assignments), which is
// peeled through wrappers, shells, eval and interpreters, and judged by the rules:
//   Rule G (always): git mutations, config injection, writes into .git/, computed command names, code the
//                    guard cannot read (pipes into shells, computed -c strings), spawning one-liners.
//   Rule S (skill mode): every executed command matches an allowed-tools pattern; no computed words, no
//                    background jobs, no function definitions; pytest options are valid for the project.
// Findings carry what fired and what is allowed instead; decide() turns the first one into the reason.

import { lookup } from "../core/shell/table.ts";
import { type AssignmentInfo, type Problem, type SimpleCommand, visitSource } from "../core/shell/walk.ts";
import { clipText, literalWord, programName, type WordInfo } from "../core/shell/words.ts";
import { OPAQUE_WRAPPERS, peel, SCHEDULERS, WRAPPERS } from "../core/shell/wrappers.ts";
import { analyseBuiltin, analyseTextTool } from "./builtins.ts";
import {
  analyseInterpreter,
  analyseShell,
  codeVariable,
  followDefinition,
  judgeCarried,
  judgeWrittenPython,
  latentCode,
  runCode,
  runWrittenScript,
  scanForCommands,
} from "./code.ts";
import {
  gitOutputProblem,
  pytestOutputProblem,
  redirectProblem,
  SYSTEM_TEMP_DIRS,
  uvSourceProblem,
} from "./effects.ts";
import { carriedCode } from "./executors.ts";
import { GIT_DRIVERS, GIT_NEVER_SWITCHABLE, GIT_READ_ONLY, judgeGit } from "./git.ts";
import { underGitDir } from "./git-dir.ts";
import { interpreterOf, SHELLS } from "./interpreters.ts";
import { type CompiledPattern, firstMatch } from "./matcher.ts";
import { type GuardPolicy, runnerSpelling } from "./policy.ts";
import { isClaudeDir, protectedEntryIn } from "./protected-paths.ts";
import { pytestCall, pytestOptionProblem, pytestOutputIntoGit } from "./pytest.ts";
import { gitPrints, type PipeContent, stageKeeps } from "./revisions.ts";
import { canonicalRunnerWords, type Where } from "./runner.ts";
import { pytestSkillProblem, uvSyncProblem } from "./skill-decisions.ts";
import { allowedHere, revWord, suggestion } from "./suggest.ts";
import { newScope, noteDirectoryChange, type PathScope, WRITE_PROGRAMS } from "./targets.ts";
import {
  checkFind,
  checkWriteArgs,
  gitConfigContent,
  judgeTarget,
  normPath,
  recordWrites,
} from "./writes.ts";

export interface Finding {
  /** The rule that fired; rules named git* get the human-drives-git explanation. */
  rule: string;
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
/** How many wrappers may be stacked (`nice nice nice ... cmd`). */
const MAX_WRAPPERS = 32;
/** Longest sed/awk program the regex checks run on (longer ones are refused: nobody needs them). */
export const MAX_SCRIPT = 4 * 1024;

export type Coverage = "required" | "exempt";

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

export function analyse(
  command: string,
  opts: {
    skill: boolean;
    policy: GuardPolicy | null;
    patterns: CompiledPattern[];
    where?: Where;
    gitAllow?: () => readonly string[];
    tempDirs?: readonly string[];
  },
): Analysis {
  const env: Env = {
    skill: opts.skill,
    policy: opts.policy,
    patterns: opts.patterns,
    gitAllow: opts.gitAllow,
    where: opts.where,
    findings: [],
    envBeforeGit: [],
    sawGit: false,
    pytestStages: new Map(),
    written: new Map(),
    scope: newScope(command),
    source: command,
    aliases: new Map(),
    functions: new Map(),
    tempDirs: [...SYSTEM_TEMP_DIRS, ...(opts.tempDirs ?? [])],
    pipes: new Map(),
  };
  analyseSource(command, env, 0, "required");
  const findings = env.sawGit ? [...env.findings, ...env.envBeforeGit] : env.findings;
  return { findings, sawGit: env.sawGit, pytestStages: env.pytestStages };
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

export function analyseSource(source: string, env: Env, depth: number, coverage: Coverage): void {
  if (depth > MAX_CODE_DEPTH) {
    add(env, {
      rule: "nesting",
      command: source,
      problem: `nests shell code more than ${MAX_CODE_DEPTH} levels deep, which this guard does not follow`,
      git: mentionsGit(source),
    });
    return;
  }
  // Each command is judged as the walk finds it: a long line's commands are never all held at once.
  const outer = env.source;
  env.source = source;
  const mark = env.findings.length;
  const seen: Problem[] = [];
  let known = 0;
  const problems = visitSource(
    source,
    (cmd) => {
      // Functions defined so far in the line: a later call is followed into the body.
      for (; known < seen.length; known++) {
        const fn = seen[known]?.fn;
        if (fn?.name) env.functions.set(fn.name, fn.body);
      }
      analyseCommand(cmd, env, depth, coverage);
    },
    seen,
  );
  // What the walk could not account for is reported before what its commands do.
  const fromCommands = env.findings.splice(mark);
  for (const problem of problems) {
    if (problem.kind === "function-definition") {
      if (env.skill)
        add(env, {
          rule: "function",
          command: problem.text,
          problem: `${problem.message}; the skill's commands need none`,
          instead: "Run the commands directly.",
        });
      continue;
    }
    if (problem.kind === "prompt-expansion") {
      add(env, {
        rule: "prompt-expansion",
        command: problem.text,
        problem: `uses ${problem.message}`,
        instead: "Use the variable plainly, without @P.",
        git: true,
      });
      continue;
    }
    // Unparsable input is refused in every mode (issue 3): bash runs the lines before a syntax error, and a
    // partial parse is no basis for a decision. The reason says what did not parse.
    add(env, {
      rule: "parse",
      command: problem.text || source,
      problem: `cannot be parsed safely (${problem.message})`,
      instead: "Fix the syntax; write it as plain shell (bash) without unusual constructs.",
      git: !env.skill && mentionsGit(source),
    });
  }
  env.findings.push(...fromCommands);
  env.source = outer;
}

function analyseCommand(cmd: SimpleCommand, env: Env, depth: number, coverage: Coverage): void {
  for (const r of cmd.redirects) {
    if (!r.writes || !r.target) continue;
    const t = r.target;
    if (judgeTarget(t, env, cmd.text) || !env.skill) continue;
    const problem =
      t.dynamic && t.dynamic !== "tilde"
        ? `writes to a computed file name (\`${t.text}\`)`
        : redirectProblem(t, env.tempDirs);
    if (problem)
      add(env, {
        rule: "redirect",
        command: cmd.text,
        problem,
        instead: "Redirect to /dev/null or a file under /tmp, or leave the output in the terminal.",
      });
  }
  for (const a of cmd.assignments) {
    if (a.value) codeVariable(a.name, a.value, cmd.text, env, depth);
    if (a.name === "GLOBIGNORE") env.scope.dotglob = true; // setting it turns dotglob on
  }
  for (const w of cmd.words) latentCode(w, cmd.text, env, depth);
  for (const a of cmd.assignments) if (a.value) latentCode(a.value, cmd.text, env, depth);
  recordWrites(cmd, env);
  gitConfigContent(cmd, env);
  if (env.skill && cmd.background && cmd.words.length > 0)
    add(env, {
      rule: "background",
      command: cmd.text,
      problem: "runs in the background with `&`, out of sight of the result hook",
      instead: "Drop the `&`; for a long run use the Bash tool's run_in_background option instead.",
    });
  if (cmd.words.length === 0) {
    for (const a of cmd.assignments) noteSensitive(env, a.name, cmd.text);
    if (env.skill && coverage === "required" && cmd.assignments.length > 0)
      add(env, {
        rule: "skill-allowlist",
        command: cmd.text,
        problem: "sets a shell variable, which no allowed-tools entry covers",
        instead: allowedHere(env),
      });
    return;
  }
  analyseInvocation(
    {
      words: cmd.words,
      assignments: cmd.assignments,
      cmd,
      via: [],
      coverage,
      appendsArgs: false,
      depth: 0,
    },
    env,
    depth,
  );
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

/** A pipeline stage as written (not a command peeled out of it): what it gets from the stages before, and
 *  what it passes on. Stages are visited in order. */
function notePipeStage(inv: Invocation, name: string, env: Env): void {
  const pipe = inv.cmd.pipeline;
  if (!pipe || inv.via.length > 0 || inv.depth > 0) return;
  const values = inv.words.slice(1).map((w) => (w.dynamic ? "\u0000" : w.value));
  if (pipe.stage === 0) {
    env.pipes.set(pipe.id, isGitName(name) ? gitPrints(values) : null);
    return;
  }
  const before = env.pipes.get(pipe.id) ?? null;
  inv.fedRevisions = before === "revisions";
  env.pipes.set(pipe.id, stageKeeps(name, values, before));
}

/** A path in run-tests-skill's protected set, or `.claude` itself. */
function protectedPath(path: string): boolean {
  return protectedEntryIn(path) !== null || isClaudeDir(path);
}

/** Where git's own output options (`--output`) must never write: git's files and the protected set. */
function protectedOrGit(path: string): boolean {
  return underGitDir(path) || protectedPath(path);
}

export function isGitName(name: string): boolean {
  return name === "git" || name === "hub" || name.startsWith("git-");
}

/** The words a pattern is matched against: assignments as written, then the command words; the runner's
 *  equivalent spellings made canonical (hooks/guard/runner.ts). */
function matchWords(inv: Invocation, env: Env): string[] {
  const words = [
    ...inv.assignments.map((a) => (a.value ? `${a.name}=${a.value.value}` : a.text)),
    ...inv.words.map((w) => w.value),
  ];
  return canonicalRunnerWords(words, env.policy && runnerSpelling(env.policy), env.where);
}

export function invocationText(inv: Invocation): string {
  if (inv.via.length === 0) return inv.cmd.text;
  return inv.words.map((w) => w.text).join(" ");
}

export function analyseInvocation(inv: Invocation, env: Env, depth: number): void {
  const first = inv.words[0] as WordInfo;
  const text = invocationText(inv);
  if (inv.depth > MAX_WRAPPERS) {
    add(env, {
      rule: "nesting",
      command: text,
      problem: "stacks too many wrapper programs",
      git: mentionsGit(text),
    });
    return;
  }
  if (first.dynamic && first.dynamic !== "tilde") {
    add(env, {
      rule: "dynamic-command",
      command: text,
      problem: `has a command name computed at run time (\`${first.text}\`: ${first.dynamic}), so this guard cannot tell what it runs`,
      instead: "Write the program name literally.",
      git: true,
    });
    return;
  }
  const name = programName(first.value);
  notePipeStage(inv, name, env);
  if (followDefinition(inv, env, depth, text)) return;
  for (const a of inv.assignments) if (!isGitName(name)) noteSensitive(env, a.name, text);
  const spec = lookup(WRAPPERS, name);
  const transparent = spec?.kind === "transparent";

  // Which pytest call this is, if any: asked once per invocation. In every mode its output options must not
  // point into .git/; in skill mode its options are checked against the profile too.
  const call = pytestCall(inv.words);
  if (env.written.size > 0 && (call || interpreterOf(name) === "python")) judgeWrittenPython(env, text);
  if (call) {
    const intoGit = pytestOutputIntoGit(call.args, underGitDir);
    if (intoGit)
      add(env, { rule: "git-dir-write", command: text, problem: `writes into .git/: ${intoGit}`, git: true });
    const intoProtected = pytestOutputIntoGit(call.args, protectedPath);
    if (intoProtected)
      add(env, {
        rule: "protected-write",
        command: text,
        problem: `writes into run-tests-skill's protected files: ${intoProtected.replace("into .git/", "into them")}`,
        instead: "Write reports under /tmp.",
        git: true,
      });
  }
  if (env.skill && inv.coverage === "required") {
    const dynamicWord = [...inv.words.slice(1), ...inv.assignments.map((a) => a.value)].find(
      (w) => w?.dynamic && w.dynamic !== "glob" && w.dynamic !== "tilde",
    );
    if (dynamicWord)
      add(env, {
        rule: "dynamic-argument",
        command: text,
        problem: `has a word computed at run time (\`${dynamicWord.text}\`), which allowed-tools patterns cannot vouch for`,
        instead: "Write the value literally.",
        pipeline: inv.cmd.pipeline?.id ?? null,
      });
    else if (!transparent) {
      const matched = firstMatch(env.patterns, matchWords(inv, env));
      if (!matched || (inv.appendsArgs && !matched.rest)) {
        add(env, {
          rule: "skill-allowlist",
          command: text,
          problem: "is not covered by the skill's allowed-tools",
          instead: suggestion(inv, env, call),
          pipeline: inv.cmd.pipeline?.id ?? null,
        });
      } else if (call && inv.cmd.pipeline && inv.cmd.pipeline.stages > 1) {
        env.pytestStages.set(inv.cmd.pipeline.id, text);
      }
    }
  }

  if (env.skill && env.policy) {
    const skillProblem = call ? pytestSkillProblem(call.args) : uvSyncProblem(inv.words);
    if (skillProblem)
      add(env, { rule: "skill-decision", command: text, problem: skillProblem, instead: allowedHere(env) });
    if (call) {
      const problem = pytestOptionProblem(call.args, env.policy, underGitDir);
      if (problem)
        add(env, {
          rule: "pytest-option",
          command: text,
          problem: `has an option problem: ${problem}`,
          instead: "Fix the option and run again.",
        });
    }
    // What the command writes (issue 15): a test run writes only into the temp dirs.
    const effect = call
      ? pytestOutputProblem(call.args, env.tempDirs)
      : (uvSourceProblem(inv.words) ?? (isGitName(name) ? gitOutputProblem(inv.words, env.tempDirs) : null));
    if (effect) add(env, { rule: "skill-effect", command: text, problem: effect, instead: allowedHere(env) });
  }

  if (isGitName(name)) {
    env.sawGit = true;
    const args = inv.words.slice(1);
    if (inv.appendsArgs) args.push(literalWord("{input}", "expansion"));
    const verdict = judgeGit(args, inv.assignments, {
      dashed: name.startsWith("git-") ? name.slice(4) : undefined,
      // xargs fed by revisions only: its words are revisions too.
      revWord: (w) =>
        revWord(w) ||
        (inv.fedRevisions === true &&
          inv.via.includes("xargs") &&
          (w.value === "{input}" || w.value.includes("{}"))),
      underGitDir: protectedOrGit,
      allow: env.gitAllow,
    });
    if (verdict.problem)
      add(env, {
        rule: verdict.rule ?? "git",
        command: text,
        problem: verdict.problem,
        git: true,
        ...(verdict.rule === "git" && verdict.subcommand ? { gitForm: verdict.subcommand } : {}),
        ...((verdict.rule === "git" || verdict.rule === "git-dynamic") &&
        verdict.subcommand &&
        !GIT_READ_ONLY.has(verdict.subcommand) &&
        !GIT_NEVER_SWITCHABLE.has(verdict.subcommand)
          ? { switchable: true }
          : {}),
      });
    return;
  }

  const driver = lookup(GIT_DRIVERS, name);
  if (driver) {
    const values = inv.words.slice(1).map((w) => w.value);
    const hit =
      driver.subcommands === null
        ? name
        : driver.subcommands.find((s) => {
            const parts = s.split(" ");
            const prefix = parts.every((p, k) => values[k] === p);
            // `npm version` alone only prints versions.
            return prefix && (s !== "version" || values.length > 1);
          });
    if (hit) {
      env.sawGit = true;
      add(env, {
        rule: "git-driver",
        command: text,
        problem: `runs \`${driver.subcommands === null ? name : `${name} ${hit}`}\`, which ${driver.what}`,
        git: true,
        ...(driver.writesHooks ? {} : { switchable: true }),
      });
      return;
    }
  }

  if (SCHEDULERS.has(name)) {
    const listing =
      name === "crontab" && inv.words.slice(1).every((w) => w.value === "-l" || w.value.startsWith("-u"));
    if (!listing)
      add(env, {
        rule: "scheduler",
        command: text,
        problem: `schedules a command to run later (${name}), where no hook can check it`,
        git: mentionsGit(text),
      });
    return;
  }

  const carried = carriedCode(name, inv.words);
  if (carried) judgeCarried(carried, name, inv, env, depth, text);
  if (name === "find") checkFind(inv, env, text);
  const peeled = peel(name, inv.words);
  if (peeled) {
    if (peeled.problem) {
      add(env, { rule: "wrapper", command: text, problem: peeled.problem, git: true });
      return;
    }
    if (peeled.chdir) noteDirectoryChange([peeled.chdir], env.scope);
    for (const out of peeled.outputs) judgeTarget(out, env, text);
    const innerCoverage: Coverage =
      inv.coverage === "exempt" || spec?.kind === "runner" ? "exempt" : "required";
    for (const code of peeled.shellCode)
      runCode(code, text, env, depth, innerCoverage, `${name} runs it in a shell`);
    if (peeled.argv)
      analyseInvocation(
        {
          words: peeled.argv,
          assignments: [...inv.assignments, ...peeled.assignments],
          cmd: inv.cmd,
          via: [...inv.via, name],
          coverage: innerCoverage,
          appendsArgs: peeled.appendsArgs,
          depth: inv.depth + 1,
          fedRevisions: inv.fedRevisions,
        },
        env,
        depth,
      );
    if (peeled.uncertain) scanForCommands(inv, env, depth);
    return;
  }
  if (OPAQUE_WRAPPERS.has(name)) {
    scanForCommands(inv, env, depth);
    return;
  }

  const args = inv.words.slice(1);
  if (SHELLS.has(name)) {
    analyseShell(inv, env, depth, text);
    return;
  }
  if (analyseBuiltin(name, inv, env, depth, text)) return;
  if (first.value.includes("/")) {
    const content = env.written.get(normPath(first.value));
    if (content !== undefined) runWrittenScript(content, text, env, depth, inv.coverage);
  }
  const interp = interpreterOf(name);
  if (interp) {
    analyseInterpreter(inv, env, depth, text, interp);
    return;
  }
  if (analyseTextTool(name, inv, env, text)) return;
  if (WRITE_PROGRAMS.has(name)) checkWriteArgs(name, args, env, text);
}
