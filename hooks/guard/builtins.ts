// Shell builtins that run, define or re-bind code (eval, source, trap, alias, hash -p, export of sensitive
// variables, cd for later write targets) and the text tools with their own command languages (awk, sed).
// Part of the engine (./analyse.ts), split along this seam: each returns true when it judged the command.

import { literalWord } from "../core/shell/words.ts";
import { add, analyseInvocation, type Env, type Invocation, MAX_SCRIPT, noteSensitive } from "./analyse.ts";
import { codeVariable, runCode } from "./code.ts";
import { awkProblem, awkProgram, sedParts, sedProblem } from "./interpreters.ts";
import { noteDirectoryChange } from "./targets.ts";
import { checkWriteArgs, normPath } from "./writes.ts";

export function analyseBuiltin(
  name: string,
  inv: Invocation,
  env: Env,
  depth: number,
  text: string,
): boolean {
  const args = inv.words.slice(1);
  switch (name) {
    case "eval": {
      const dynamic = args.find((w) => w.dynamic && w.dynamic !== "glob" && w.dynamic !== "tilde");
      if (dynamic) {
        add(env, {
          rule: "eval",
          command: text,
          problem: `evaluates computed text (\`${dynamic.text}\`) as shell code`,
          instead: "Run the command directly instead of through eval.",
          git: true,
        });
        return true;
      }
      runCode(literalWord(args.map((w) => w.value).join(" ")), text, env, depth, inv.coverage, "eval");
      return true;
    }
    case "source":
    case ".": {
      const file = args[0];
      const content = file && !file.dynamic ? env.written.get(normPath(file.value)) : undefined;
      if (content !== undefined) {
        runCode(literalWord(content), text, env, depth, inv.coverage, "a file written earlier in this line");
        return true;
      }
      if (
        file &&
        ((file.dynamic && file.dynamic !== "tilde") || /^\/dev\/(stdin|fd\/)|^\/proc\//.test(file.value))
      )
        add(env, {
          rule: "source",
          command: text,
          problem: "sources shell code this guard cannot read (a substitution, a pipe or standard input)",
          instead: "Run the commands directly.",
          git: true,
        });
      return true;
    }
    case "trap": {
      const code = args.find((w) => !w.value.startsWith("-"));
      if (code && args.length > 1) runCode(code, text, env, depth, inv.coverage, "trap");
      return true;
    }
    case "alias": {
      for (const w of args) {
        const eq = w.value.indexOf("=");
        if (eq <= 0) continue;
        const value = { ...w, value: w.value.slice(eq + 1) };
        if (!w.dynamic) env.aliases.set(w.value.slice(0, eq), value.value);
        runCode(value, text, env, depth, inv.coverage, "alias");
      }
      return true;
    }
    case "hash":
    case "enable":
    case "bind":
    case "complete":
    case "compgen":
    case "mapfile":
    case "readarray":
    case "fc": {
      const risky =
        name === "fc" ||
        args.some(
          (w) =>
            (name === "hash" && w.value.startsWith("-p")) ||
            (name === "enable" && w.value.startsWith("-f")) ||
            (name === "bind" && w.value.startsWith("-x")) ||
            ((name === "complete" || name === "compgen") && w.value.startsWith("-C")) ||
            ((name === "mapfile" || name === "readarray") && w.value.startsWith("-C")),
        );
      if (risky)
        add(env, {
          rule: "shell-builtin",
          command: text,
          problem: `uses \`${name}\` in a way that runs or rebinds commands`,
          git: true,
        });
      return true;
    }
    case "export":
    case "declare":
    case "typeset":
    case "readonly":
    case "local":
      for (const w of args) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)(\+?=|$)/.exec(w.value);
        if (m && (m[2] || name === "export")) noteSensitive(env, m[1] as string, text);
        if (m?.[2])
          codeVariable(
            m[1] as string,
            { ...w, value: w.value.slice(w.value.indexOf("=") + 1) },
            text,
            env,
            depth,
          );
      }
      return true;
    case "cd":
    case "pushd":
      noteDirectoryChange(args, env.scope);
      return true;
    case "shopt":
      if (args.some((w) => w.value === "dotglob") && args.some((w) => w.value === "-s"))
        env.scope.dotglob = true;
      return true;
    case "busybox":
    case "toybox":
      if (args.length > 0)
        analyseInvocation({ ...inv, words: args, via: [...inv.via, name], depth: inv.depth + 1 }, env, depth);
      return true;
  }
  return false;
}

export function analyseTextTool(name: string, inv: Invocation, env: Env, text: string): boolean {
  if (/^[gmn]?awk$/.test(name)) {
    const { program } = awkProgram(inv.words);
    for (const p of program) {
      const problem =
        p.dynamic && p.dynamic !== "glob"
          ? "runs a computed awk program"
          : p.value.length > MAX_SCRIPT
            ? "has an awk program too long to check"
            : awkProblem(p.value);
      if (problem)
        add(env, {
          rule: "awk",
          command: text,
          problem,
          instead: "Use awk only to read and print.",
          git: true,
        });
    }
    return true;
  }
  if (name === "sed" || name === "gsed") {
    const parts = sedParts(inv.words);
    for (const s of parts.scripts) {
      if (s.dynamic) continue;
      const problem =
        s.value.length > MAX_SCRIPT ? "has a sed script too long to check" : sedProblem(s.value);
      if (problem) add(env, { rule: "sed", command: text, problem, git: true });
    }
    if (parts.inPlace) checkWriteArgs("sed", parts.files, env, text);
    return true;
  }
  return false;
}
