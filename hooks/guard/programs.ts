// The per-program judges: program name -> handler. analyse.ts runs the steps that hold for every command
// (computed names, aliases, pytest, the skill's allow-list); then the handler registered for the program
// judges what the program itself does. A handler gets the engine's entry points (env.recurse) and never
// imports analyse.ts.
//
// What a program is comes from the data tables (git's forms in data/git-forms.ts, wrappers in
// data/wrapper-grammars.ts, builtins in data/builtins.ts, executors in executors.ts, interpreters in
// interpreters.ts, writers in data/write-targets.ts). A program may appear in several tables (`tar` carries
// checkpoint actions and writes its archive; `pnpm` drives git with `version` and runs commands with `exec`):
// its handler runs the ASPECTS it has in the order below, until one of them judges the command completely.
// That order is the one place the guard's priorities between tables are written down.

import { lookup } from "../core/shell/table.ts";
import { literalWord, type WordInfo } from "../core/shell/words.ts";
import { OPAQUE_WRAPPERS, PEELERS, peel, SCHEDULERS, WRAPPERS } from "../core/shell/wrappers.ts";
import { analyseBuiltin, analyseTextTool } from "./builtins.ts";
import {
  analyseInterpreter,
  analyseShell,
  judgeCarried,
  runCode,
  runWrittenScript,
  scanForCommands,
} from "./code.ts";
import { BUILTINS, TEXT_TOOLS } from "./data/builtins.ts";
import {
  add,
  type Coverage,
  type Env,
  type Invocation,
  isGitName,
  mentionsGit,
  protectedOrGit,
} from "./engine.ts";
import { CODE_CARRIERS, carriedCode } from "./executors.ts";
import { GIT_DRIVERS, GIT_NEVER_SWITCHABLE, GIT_READ_ONLY, judgeGit } from "./git.ts";
import { interpreterOf, SHELLS } from "./interpreters.ts";
import { revWord } from "./suggest.ts";
import { noteDirectoryChange, WRITE_PROGRAMS } from "./targets.ts";
import { checkFind, checkWriteArgs, judgeTarget, normPath } from "./writes.ts";

/** Where a handler runs: the program's name, the command as shown in reasons, and the engine's state. */
export interface At {
  name: string;
  text: string;
  env: Env;
  depth: number;
}

/** Judges one invocation. Returns true when the command is judged completely (later aspects are skipped). */
export type Handler = (inv: Invocation, at: At) => boolean;

interface Aspect {
  /** For readers and tests. */
  id: string;
  /** Which programs have it (from the aspect's table). */
  has: (name: string) => boolean;
  judge: Handler;
}

const ASPECTS: Aspect[] = [
  // git itself (`git`, `hub`, `git-commit`): the git rule; nothing else applies.
  { id: "git", has: isGitName, judge: judgeGitProgram },
  // Programs that drive git (`npm version`, `pre-commit install`): only their listed forms; other forms go on.
  { id: "git-driver", has: (name) => lookup(GIT_DRIVERS, name) !== undefined, judge: judgeDriver },
  { id: "scheduler", has: (name) => SCHEDULERS.has(name), judge: judgeScheduler },
  // Executors of text (`gdb -ex`, `tar --to-command`): their code is judged, then the program goes on.
  {
    id: "code-carrier",
    has: (name) => lookup(CODE_CARRIERS, name) !== undefined,
    judge: (inv, at) => {
      const carried = carriedCode(at.name, inv.words);
      if (carried) judgeCarried(carried, at.name, inv, at.env, at.depth, at.text);
      return false;
    },
  },
  // find's writing actions from a start that holds .git; its -exec commands are peeled next.
  {
    id: "find-writes",
    has: (name) => name === "find",
    judge: (inv, at) => {
      checkFind(inv, at.env, at.text);
      return false;
    },
  },
  {
    id: "wrapper",
    has: (name) => PEELERS.has(name) || lookup(WRAPPERS, name) !== undefined,
    judge: judgeWrapper,
  },
  {
    id: "opaque-wrapper",
    has: (name) => OPAQUE_WRAPPERS.has(name),
    judge: (inv, at) => {
      scanForCommands(inv, at.env, at.depth);
      return true;
    },
  },
  {
    id: "shell",
    has: (name) => SHELLS.has(name),
    judge: (inv, at) => {
      analyseShell(inv, at.env, at.depth, at.text);
      return true;
    },
  },
  {
    id: "builtin",
    has: (name) => lookup(BUILTINS, name) !== undefined,
    judge: (inv, at) => analyseBuiltin(at.name, inv, at.env, at.depth, at.text),
  },
  // Every program: one run by a path the line wrote to (`cat > x.sh <<'EOF' ... ./x.sh`) runs that content.
  {
    id: "written-script",
    has: () => true,
    judge: (inv, at) => {
      const first = inv.words[0] as WordInfo;
      if (first.value.includes("/")) {
        const content = at.env.written.get(normPath(first.value));
        if (content !== undefined) runWrittenScript(content, at.text, at.env, at.depth, inv.coverage);
      }
      return false;
    },
  },
  {
    id: "interpreter",
    has: (name) => interpreterOf(name) !== null,
    judge: (inv, at) => {
      analyseInterpreter(inv, at.env, at.depth, at.text, interpreterOf(at.name) as string);
      return true;
    },
  },
  {
    id: "text-tool",
    has: (name) => lookup(TEXT_TOOLS, name) !== undefined,
    judge: (inv, at) => analyseTextTool(at.name, inv, at.env, at.text),
  },
  {
    id: "writer",
    has: (name) => WRITE_PROGRAMS.has(name),
    judge: (inv, at) => {
      checkWriteArgs(at.name, inv.words.slice(1), at.env, at.text);
      return true;
    },
  },
];

function compose(name: string): Handler {
  const aspects = ASPECTS.filter((a) => a.has(name)).map((a) => a.judge);
  return (inv, at) => {
    for (const judge of aspects) if (judge(inv, at)) return true;
    return false;
  };
}

/** Every program a table names. Their handlers are composed on first use and kept: composing them all when
 *  the guard loaded cost CPU and young-heap room before every Bash call, for the one or two names a line uses. */
const NAMED = new Set<string>([
  "git",
  "hub",
  "find",
  ...Object.keys(GIT_DRIVERS),
  ...SCHEDULERS,
  ...Object.keys(CODE_CARRIERS),
  ...PEELERS,
  ...Object.keys(WRAPPERS),
  ...OPAQUE_WRAPPERS,
  ...SHELLS,
  ...Object.keys(BUILTINS),
  ...Object.keys(TEXT_TOOLS),
  ...WRITE_PROGRAMS,
]);
const composed = new Map<string, Handler>();

/** Names the tables match by pattern (`git-commit`, `python3.13`) or do not name (`ls`): composed on first
 *  use, kept while few (a line of a million distinct names must not grow it without bound). */
const byPattern = new Map<string, Handler>();
const MAX_BY_PATTERN = 1024;

/** The handler for a program name (every name has one: at least the written-script aspect). */
export function handlerFor(name: string): Handler {
  const known = composed.get(name) ?? byPattern.get(name);
  if (known) return known;
  const handler = compose(name);
  if (NAMED.has(name)) composed.set(name, handler);
  else {
    if (byPattern.size >= MAX_BY_PATTERN) byPattern.clear();
    byPattern.set(name, handler);
  }
  return handler;
}

/** The aspects a program has, in the order its handler runs them (for tests and `explain`). */
export function aspectsOf(name: string): string[] {
  return ASPECTS.filter((a) => a.has(name)).map((a) => a.id);
}

function judgeGitProgram(inv: Invocation, at: At): boolean {
  const { env, name, text } = at;
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
  return true;
}

function judgeDriver(inv: Invocation, at: At): boolean {
  const { env, name, text } = at;
  const driver = lookup(GIT_DRIVERS, name);
  if (!driver) return false;
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
  if (!hit) return false;
  env.sawGit = true;
  add(env, {
    rule: "git-driver",
    command: text,
    problem: `runs \`${driver.subcommands === null ? name : `${name} ${hit}`}\`, which ${driver.what}`,
    git: true,
    ...(driver.writesHooks ? {} : { switchable: true }),
  });
  return true;
}

function judgeScheduler(inv: Invocation, at: At): boolean {
  const { env, name, text } = at;
  const listing =
    name === "crontab" && inv.words.slice(1).every((w) => w.value === "-l" || w.value.startsWith("-u"));
  if (!listing)
    add(env, {
      rule: "scheduler",
      command: text,
      problem: `schedules a command to run later (${name}), where no hook can check it`,
      git: mentionsGit(text),
    });
  return true;
}

/** A wrapper is peeled: its own outputs and directory are noted, its shell strings and command judged. */
function judgeWrapper(inv: Invocation, at: At): boolean {
  const { env, name, text, depth } = at;
  const peeled = peel(name, inv.words);
  if (!peeled) return false;
  if (peeled.problem) {
    add(env, { rule: "wrapper", command: text, problem: peeled.problem, git: true });
    return true;
  }
  if (peeled.chdir) noteDirectoryChange([peeled.chdir], env.scope);
  for (const out of peeled.outputs) judgeTarget(out, env, text);
  const innerCoverage: Coverage =
    inv.coverage === "exempt" || lookup(WRAPPERS, name)?.kind === "runner" ? "exempt" : "required";
  for (const code of peeled.shellCode)
    runCode(code, text, env, depth, innerCoverage, `${name} runs it in a shell`);
  if (peeled.argv)
    env.recurse.invocation(
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
  return true;
}
