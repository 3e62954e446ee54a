// The code a line carries and runs: shell strings (`bash -c`, eval, here-documents fed to a shell), interpreter
// payloads and module runners, scripts and Python files written earlier in the same line, programs that
// execute text they are given (./executors.ts), aliases and functions defined earlier, prompt strings and
// other text bash evaluates again. Part of the engine (./analyse.ts), split along this seam: every function
// here judges code by handing it back to the engine (env.recurse), or by the interpreter rules.

import { lookup } from "../core/shell/table.ts";
import { clipText, literalWord, programName, type WordInfo } from "../core/shell/words.ts";
import { ruleFamily } from "./data/rules.ts";
import { literalPythonSpawns, protectedPayloadProblem, readAndPrintProblem } from "./effects.ts";
import {
  add,
  type Coverage,
  type Env,
  type Invocation,
  invocationText,
  isGitName,
  MAX_CODE_DEPTH,
  mentionsGit,
} from "./engine.ts";
import { type Carried, CODE_CARRIERS } from "./executors.ts";
import { GIT_DRIVERS } from "./git.ts";
import {
  INTERPRETERS,
  type InterpreterSpec,
  interpreterOf,
  interpreterSource,
  payloadProblem,
  SHELLS,
  shellSource,
  writeApi,
} from "./interpreters.ts";
import { cwdMayBeGit, cwdMayBeProtected } from "./targets.ts";
import { checkWriteArgs, normPath, PYTHON_LOADED, UNSEEN } from "./writes.ts";

/**
 * A call of an alias or function the line defined earlier (`alias g=git; g commit`, `f(){ git "$@"; }; f
 * commit`) runs their text: judged with the call's words in place (the alias text followed by the words;
 * the function body with "$@", $*, $1.. replaced by them). Returns true when the call was followed.
 */
export function followDefinition(inv: Invocation, env: Env, depth: number, text: string): boolean {
  const first = inv.words[0] as WordInfo;
  // Quoting or a backslash in the name stops alias lookup; functions are found either way.
  const alias = first.text === first.value && inv.via.length === 0 ? env.aliases.get(first.value) : undefined;
  const body = env.functions.get(first.value);
  if (alias === undefined && body === undefined) return false;
  const quoted = inv.words.slice(1).map((w) => (w.dynamic ? w.text : `'${w.value.replace(/'/g, `'\\''`)}'`));
  const code =
    alias !== undefined
      ? [alias, ...quoted].join(" ")
      : (body as string)
          .replace(/"\$(@|\{@\})"|\$(@|\{@\})|"\$(\*|\{\*\})"|\$(\*|\{\*\})/g, quoted.join(" "))
          .replace(/"?\$\{?([1-9])\}?"?/g, (_m, n: string) => quoted[Number(n) - 1] ?? "''");
  // A definition is followed once per call site: an alias that names itself is not expanded again.
  if (alias !== undefined) env.aliases.delete(first.value);
  else env.functions.delete(first.value);
  runCode(literalWord(code), text, env, depth, inv.coverage, alias !== undefined ? "an alias" : "a function");
  if (alias !== undefined) env.aliases.set(first.value, alias);
  else env.functions.set(first.value, body as string);
  return true;
}

/** A program that executes text it is given (./executors.ts): shell text is judged as shell, argv as a
 *  command, text in its own language is refused when it names git, and so is such text on its stdin. */
export function judgeCarried(
  carried: Carried,
  name: string,
  inv: Invocation,
  env: Env,
  depth: number,
  text: string,
): void {
  const what = lookup(CODE_CARRIERS, name)?.what ?? name;
  for (const code of carried.shell)
    runCode(code, text, env, depth, inv.coverage, `${name} runs it in a shell`);
  for (const words of carried.argv)
    env.recurse.invocation(
      { ...inv, words, via: [...inv.via, name], appendsArgs: true, depth: inv.depth + 1 },
      env,
      depth,
    );
  const refuse = (problem: string) =>
    add(env, {
      rule: "code-text",
      command: text,
      problem,
      instead: "Run the git-free part directly.",
      git: true,
    });
  for (const t of carried.text) {
    if (t.dynamic && t.dynamic !== "glob" && t.dynamic !== "tilde")
      refuse(`gives ${what} computed commands (\`${t.text}\`), which it may run in a shell`);
    else if (mentionsGit(t.value))
      refuse(
        `gives ${what} commands that name git (\`${clipText(t.value, 60)}\`); it can run them in a shell`,
      );
  }
  // A file this line wrote, named anywhere in the command (`make -f M`, `gdb -x cmds`) or fed on stdin
  // (`sqlite3 db < cmds.sql`): its content is text the program may execute.
  const stdin = inv.cmd.stdin;
  const fed = stdin.kind === "file" && stdin.target && !stdin.target.dynamic ? [stdin.target] : [];
  for (const w of [...inv.words.slice(1), ...fed]) {
    const value =
      w.value.startsWith("-") && w.value.includes("=") ? w.value.slice(w.value.indexOf("=") + 1) : w.value;
    const content = w.dynamic ? undefined : env.written.get(normPath(value));
    if (content !== undefined && (content.includes(UNSEEN) || mentionsGit(content)))
      refuse(`gives ${what} a file this line wrote (\`${value}\`) whose commands name git or cannot be seen`);
  }
  if (!carried.readsStdin) return;
  if (stdin.kind === "text" && (stdin.code === null || mentionsGit(stdin.code)))
    refuse(
      `feeds ${what} commands from a ${stdin.via} that names git or holds expansions; it can run them in a shell`,
    );
  else if (stdin.kind === "pipe" && mentionsGit(env.source))
    refuse(`feeds ${what} commands through a pipe in a line that names git; it can run them in a shell`);
}

export function analyseShell(inv: Invocation, env: Env, depth: number, text: string): void {
  const source = shellSource(inv.words);
  if (source.kind === "inline") {
    runCode(source.code[0] as WordInfo, text, env, depth, inv.coverage, "a shell runs it");
    return;
  }
  if (source.kind === "file") {
    const content = source.file.dynamic ? undefined : env.written.get(normPath(source.file.value));
    if (content !== undefined) {
      runCode(literalWord(content), text, env, depth, inv.coverage, "a file written earlier in this line");
      return;
    }
    if (
      (source.file.dynamic && source.file.dynamic !== "tilde") ||
      /^\/dev\/(stdin|fd\/)|^\/proc\//.test(source.file.value)
    ) {
      if (source.file.dynamic || inv.cmd.stdin.kind !== "inherit")
        add(env, {
          rule: "shell-code",
          command: text,
          problem: "runs shell code this guard cannot read (a substitution or standard input)",
          instead: "Run the commands directly.",
          git: true,
        });
    }
    return;
  }
  if (source.kind === "stdin") readsStdinCode(inv, env, depth, text, null);
}

/** A shell or interpreter that reads its program from standard input. */
function readsStdinCode(
  inv: Invocation,
  env: Env,
  depth: number,
  text: string,
  interpreter: { spec: (typeof INTERPRETERS)[string] } | null,
): void {
  const stdin = inv.cmd.stdin;
  const what = interpreter ? interpreter.spec.language : "shell";
  if (stdin.kind === "pipe") {
    add(env, {
      rule: interpreter ? "interpreter-code" : "shell-code",
      command: text,
      problem: `runs ${what} code read from a pipe, which this guard cannot see`,
      instead: "Run the commands directly.",
      git: true,
    });
  } else if (stdin.kind === "text") {
    if (stdin.code === null) {
      add(env, {
        rule: interpreter ? "interpreter-code" : "shell-code",
        command: text,
        problem: `runs ${what} code from a ${stdin.via} with expansions in it, which this guard cannot see`,
        instead: "Quote the delimiter (<<'EOF') or run the commands directly.",
        git: true,
      });
    } else if (interpreter) {
      const problem = payloadProblem(interpreter.spec, stdin.code);
      if (problem)
        add(env, {
          rule: "interpreter-code",
          command: text,
          problem: `runs ${what} code that ${problem}`,
          instead: oneLinerAdvice(),
          git: true,
        });
      payloadEffects(interpreter.spec, stdin.code, env, text);
    } else runCode(literalWord(stdin.code), text, env, depth, inv.coverage, `a ${stdin.via} fed to a shell`);
  }
}

/** A script written earlier in the same line and then run: judged by what the line wrote into it. */
function flagWrittenScript(env: Env, text: string, language: string, problem: string): void {
  add(env, {
    rule: "interpreter-code",
    command: text,
    problem: `runs a ${language} file written earlier in this line that ${problem}`,
    instead: oneLinerAdvice(),
    git: true,
  });
}

/** Modules that run code (or debugger commands) given on their command line: `python -m timeit STMT`. */
const CODE_MODULES = new Set([
  "timeit",
  "cProfile",
  "profile",
  "trace",
  "pdb",
  "code",
  "runpy",
  "IPython",
  "doctest",
]);

/** What a payload does (./effects.ts): writes to the protected set in every mode; in a skill turn anything
 *  beyond reading and printing. */
function payloadEffects(spec: InterpreterSpec, code: string, env: Env, text: string): void {
  const write = cwdMayBeProtected(env.scope) ? writeApi(code) : null;
  const protectedWrite =
    protectedPayloadProblem(code) ??
    (write ? `writes files (\`${write}\`) after changing into a protected folder` : null);
  if (protectedWrite)
    add(env, {
      rule: "protected-write",
      command: text,
      problem: `runs ${spec.language} code that ${protectedWrite}: those files are run-tests-skill's install, the project's Claude Code settings or skills, which its enforcement depends on`,
      instead:
        "Read and print them if you need to; to change them, tell the user what to change (they edit the files, or profile.yaml and rerun `run-tests-skill init`).",
      git: true,
    });
  if (!env.skill) return;
  const effect = readAndPrintProblem(spec, code);
  if (effect)
    add(env, {
      rule: "skill-effect",
      command: text,
      problem: `runs ${spec.language} code that ${effect}; in a test run, one-liners only read and print`,
      instead:
        "Read files and print what you need; leave changes to the project's files, downloads and other programs to the user.",
    });
}

function oneLinerAdvice(): string {
  return "Interpreter one-liners may read and print, not start processes or touch .git; run the command directly instead.";
}

export function analyseInterpreter(
  inv: Invocation,
  env: Env,
  depth: number,
  text: string,
  key: string,
): void {
  const spec = lookup(INTERPRETERS, key) as (typeof INTERPRETERS)[string];
  const { source, inPlace } = interpreterSource(spec, inv.words);
  if (source.kind !== "none" && source.kind !== "module" && cwdMayBeGit(env.scope)) {
    add(env, {
      rule: "git-dir-write",
      command: text,
      problem: `runs ${spec.language} code after changing into .git/ (or a computed directory), where any file it opens is git's`,
      git: true,
    });
    return;
  }
  if (source.kind === "inline") {
    const dynamic = source.code.find((w) => w.dynamic && w.dynamic !== "glob" && w.dynamic !== "tilde");
    if (dynamic) {
      add(env, {
        rule: "interpreter-code",
        command: text,
        problem: `runs computed ${spec.language} code (\`${dynamic.text}\`)`,
        instead: "Write the code literally.",
        git: true,
      });
      return;
    }
    const code = source.code.map((w) => w.value).join("\n");
    // `subprocess.run(['ls'])`: the literal argv is judged as the command it is, the rest as a payload.
    const spawns = key === "python" ? literalPythonSpawns(code) : null;
    const problem = payloadProblem(spec, spawns ? spawns.rest : code);
    if (problem)
      add(env, {
        rule: "interpreter-code",
        command: text,
        problem: `runs ${spec.language} code that ${problem}`,
        instead: oneLinerAdvice(),
        git: true,
      });
    else
      for (const argv of spawns?.argvs ?? [])
        if (argv.length > 0)
          env.recurse.invocation(
            {
              words: argv.map((a) => literalWord(a)),
              assignments: [],
              cmd: inv.cmd,
              via: [...inv.via, programName(inv.words[0]?.value ?? "")],
              coverage: inv.coverage,
              appendsArgs: false,
              depth: inv.depth + 1,
            },
            env,
            depth + 1,
          );
    payloadEffects(spec, code, env, text);
  } else if (source.kind === "module" && CODE_MODULES.has(source.module)) {
    const code = source.args.map((w) => w.value).join("\n");
    const problem =
      payloadProblem(spec, code) ??
      (/git/i.test(code) ? "names git" : null) ??
      (/(^|\n)-c\n/.test(code) && /\bpdb\b/.test(`${source.module}\n${code}`)
        ? "gives the debugger commands, which run Python"
        : null);
    if (problem)
      add(env, {
        rule: "interpreter-code",
        command: text,
        problem: `runs code given to \`-m ${source.module}\` that ${problem}`,
        instead: oneLinerAdvice(),
        git: true,
      });
  } else if (source.kind === "stdin") {
    readsStdinCode(inv, env, depth, text, { spec });
  } else if (source.kind === "file") {
    const content = source.file.dynamic ? undefined : env.written.get(normPath(source.file.value));
    const problem = content === undefined ? null : payloadProblem(spec, content);
    if (problem) flagWrittenScript(env, text, spec.language, problem);
    else if (source.file.dynamic && source.file.dynamic !== "tilde" && source.file.dynamic !== "glob")
      add(env, {
        rule: "interpreter-code",
        command: text,
        problem: "runs a program file this guard cannot read (a substitution)",
        git: true,
      });
    else if (/^\/dev\/(stdin|fd\/)|^\/proc\//.test(source.file.value) && inv.cmd.stdin.kind !== "inherit")
      readsStdinCode(inv, env, depth, text, { spec });
  }
  if (inPlace) checkWriteArgs(spec.language, inv.words.slice(1), env, text);
}

/** Judge a shell command string (a `-c` argument, an eval'd line, a here-document fed to a shell). */
export function runCode(
  code: WordInfo,
  text: string,
  env: Env,
  depth: number,
  coverage: Coverage,
  how: string,
): void {
  if (code.dynamic && code.dynamic !== "glob" && code.dynamic !== "tilde") {
    add(env, {
      rule: "shell-code",
      command: text,
      problem: `runs a computed command string (\`${clipText(code.text, 60)}\`; ${how})`,
      instead: "Run the commands directly.",
      git: true,
    });
    return;
  }
  env.recurse.source(code.value, env, depth + 1, coverage);
}

/** Wrappers whose grammar is unknown or was not fully understood: judge whatever looks like a command. */
export function scanForCommands(inv: Invocation, env: Env, depth: number): void {
  let hits = 0;
  const words = inv.words;
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as WordInfo;
    if (w.dynamic && w.dynamic !== "tilde") continue;
    const n = programName(w.value);
    if (isGitName(n) || SHELLS.has(n) || interpreterOf(n) || n === "eval" || lookup(GIT_DRIVERS, n)) {
      if (++hits > 16) {
        add(env, {
          rule: "wrapper",
          command: invocationText(inv),
          problem: "has too many commands in one wrapper to check",
          git: true,
        });
        return;
      }
      env.recurse.invocation(
        {
          ...inv,
          words: words.slice(i),
          assignments: [],
          via: [...inv.via, programName((words[0] as WordInfo).value)],
          coverage: "exempt",
          appendsArgs: false,
          depth: inv.depth + 1,
        },
        env,
        depth,
      );
    } else if (/\s/.test(w.value) && depth < MAX_CODE_DEPTH) {
      // A command string (tmux new-session 'git commit'): keep only what the git rule finds in it.
      const sub: Env = { ...env, skill: false, findings: [], envBeforeGit: [], sawGit: false };
      env.recurse.source(w.value, sub, depth + 1, "exempt");
      for (const f of sub.findings) if (f.git && f.rule !== "parse") env.findings.push(f);
      if (sub.sawGit) env.sawGit = true;
    }
  }
}

/** Variables bash runs as code: prompt strings (expanded with command substitution) and PROMPT_COMMAND. */
const CODE_VARIABLES = new Set(["PS0", "PS1", "PS2", "PS3", "PS4", "PROMPT_COMMAND"]);

export function codeVariable(name: string, value: WordInfo, text: string, env: Env, depth: number): void {
  if (CODE_VARIABLES.has(name)) runCode(value, text, env, depth, "exempt", `${name} is run as code`);
}

/**
 * Text that holds a command substitution (`'$(git add .)'`) is data until bash evaluates it again, which
 * ${x@P}, arithmetic on a variable (`$((x))` with x='a[$(cmd)]'), eval and friends can do. Such text is
 * judged by the git rule as if it ran.
 */
export function latentCode(word: WordInfo, text: string, env: Env, depth: number): void {
  if (word.dynamic || depth >= MAX_CODE_DEPTH) return;
  const v = word.value;
  if (!v.includes("$(") && !v.includes("`")) return;
  const sub: Env = {
    ...env,
    skill: false,
    findings: [],
    envBeforeGit: [],
    sawGit: false,
    written: new Map(),
  };
  env.recurse.source(v, sub, depth + 1, "exempt");
  // Text that does not parse (a grep pattern such as '$(git add') cannot run either.
  if (sub.findings.some((f) => f.rule === "parse")) return;
  for (const f of sub.findings)
    if (ruleFamily(f.rule) === "git")
      env.findings.push({
        ...f,
        command: clipText(text),
        problem: `holds text that runs git when bash evaluates it again (${f.problem})`,
      });
}

/** Python (and pytest above all) runs files the line wrote before it (conftest.py, a test module, a plugin,
 *  sitecustomize.py, a .pth file, addopts in an ini file): their content is judged like a one-liner. */
export function judgeWrittenPython(env: Env, text: string): void {
  const spec = INTERPRETERS.python as (typeof INTERPRETERS)[string];
  for (const [path, content] of env.written) {
    if (!PYTHON_LOADED.test(path)) continue;
    const problem = content.includes(UNSEEN)
      ? "has content this guard cannot see"
      : path.endsWith(".pth") && /^\s*import\b/m.test(content)
        ? "runs code at every Python start (an import line in a .pth file)"
        : /\.(py|pth)$/.test(path)
          ? payloadProblem(spec, content)
          : /git/i.test(content)
            ? "names git"
            : null;
    if (problem)
      add(env, {
        rule: "interpreter-code",
        command: text,
        problem: `runs Python, which loads \`${path}\`, written earlier in this line, that ${problem}`,
        instead: "Write the file with the Write tool, then run the command on its own.",
        git: true,
      });
  }
}

export function runWrittenScript(
  content: string,
  text: string,
  env: Env,
  depth: number,
  coverage: Coverage,
): void {
  const shebang = /^#![ \t]*(\S+)(?:[ \t]+(\S+))?/.exec(content);
  const first = shebang?.[1] ? programName(shebang[1]) : undefined;
  const interp = first === "env" ? shebang?.[2] : first;
  const key = interp ? interpreterOf(programName(interp)) : null;
  const spec = key ? lookup(INTERPRETERS, key) : undefined;
  if (spec) {
    const problem = payloadProblem(spec, content);
    if (problem) flagWrittenScript(env, text, spec.language, problem);
    return;
  }
  runCode(literalWord(content), text, env, depth, coverage, "a file written earlier in this line");
}
