// The engine: every simple command the walk finds becomes an invocation (argv + assignments), which is
// peeled through wrappers, shells, eval and interpreters, and judged by the rules:
//   Rule G (always): git mutations, config injection, writes into .git/, computed command names, code the
//                    guard cannot read (pipes into shells, computed -c strings), spawning one-liners.
//   Rule S (skill mode): every executed command matches an allowed-tools pattern; no computed words, no
//                    background jobs, no function definitions; pytest options are valid for the project.
// Findings carry what fired and what is allowed instead; decide() turns the first one into the reason.
//
// analyseInvocation() is a short pipeline of the steps that hold for every command, in an order that matters:
// nesting and computed names first (nothing else can be judged), aliases and functions the line defined (the
// call runs their text instead), the pytest call's output options, the skill's allow-list and effects; then
// the program's own handler (programs.ts), composed from the data tables that name it.

import { lookup } from "../core/shell/table.ts";
import { type Problem, type SimpleCommand, visitSource } from "../core/shell/walk.ts";
import { programName, type WordInfo } from "../core/shell/words.ts";
import { WRAPPERS } from "../core/shell/wrappers.ts";
import { codeVariable, followDefinition, judgeWrittenPython, latentCode } from "./code.ts";
import {
  gitOutputProblem,
  pytestOutputProblem,
  redirectProblem,
  SYSTEM_TEMP_DIRS,
  uvSourceProblem,
} from "./effects.ts";
import {
  type Analysis,
  add,
  type Coverage,
  type Env,
  type Invocation,
  invocationText,
  isGitName,
  MAX_CODE_DEPTH,
  mentionsGit,
  noteSensitive,
  protectedPath,
} from "./engine.ts";
import { underGitDir } from "./git-dir.ts";
import { interpreterOf } from "./interpreters.ts";
import { type CompiledPattern, firstMatch } from "./matcher.ts";
import { type GuardPolicy, runnerSpelling } from "./policy.ts";
import { handlerFor } from "./programs.ts";
import { pytestCall, pytestOptionProblem, pytestOutputIntoGit } from "./pytest.ts";
import { gitPrints, stageKeeps } from "./revisions.ts";
import { canonicalRunnerWords, type Where } from "./runner.ts";
import { pytestSkillProblem, uvSyncProblem } from "./skill-decisions.ts";
import { allowedHere, suggestion } from "./suggest.ts";
import { newScope } from "./targets.ts";
import { gitConfigContent, judgeTarget, recordWrites } from "./writes.ts";

export type { Analysis, Coverage, Env, Finding, Invocation } from "./engine.ts";
export { isGitName, MAX_CODE_DEPTH } from "./engine.ts";

/** How many wrappers may be stacked (`nice nice nice ... cmd`). */
const MAX_WRAPPERS = 32;

/** The engine's entry points, handed to every part of it (env.recurse) so that none imports this file. */
const RECURSE = {
  invocation: (inv: Invocation, env: Env, depth: number) => analyseInvocation(inv, env, depth),
  source: (source: string, env: Env, depth: number, coverage: Coverage) =>
    analyseSource(source, env, depth, coverage),
};

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
    recurse: RECURSE,
  };
  analyseSource(command, env, 0, "required");
  const findings = env.sawGit ? [...env.findings, ...env.envBeforeGit] : env.findings;
  return { findings, sawGit: env.sawGit, pytestStages: env.pytestStages };
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

/** The words a pattern is matched against: assignments as written, then the command words; the runner's
 *  equivalent spellings made canonical (hooks/guard/runner.ts). */
function matchWords(inv: Invocation, env: Env): string[] {
  const words = [
    ...inv.assignments.map((a) => (a.value ? `${a.name}=${a.value.value}` : a.text)),
    ...inv.words.map((w) => w.value),
  ];
  return canonicalRunnerWords(words, env.policy && runnerSpelling(env.policy), env.where);
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

  // What the program itself does: its handler (programs.ts), composed from the tables that name it.
  handlerFor(name)(inv, { name, text, env, depth });
}
