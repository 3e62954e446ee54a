// Shell builtins that run, define or re-bind code (eval, source, trap, alias, hash -p, export of sensitive
// variables, cd for later write targets) and the text tools with their own command languages (awk, sed).
// Which program is which kind is data (data/builtins.ts); here is what each kind does. Part of the engine,
// split along this seam: code found here is handed back through env.recurse (./code.ts runCode).

import { lookup } from "../core/shell/table.ts";
import { literalWord } from "../core/shell/words.ts";
import { codeVariable, runCode } from "./code.ts";
import { BUILTINS, type BuiltinRow, TEXT_TOOLS, type TextTool } from "./data/builtins.ts";
import { add, type Env, type Invocation, MAX_SCRIPT, noteSensitive } from "./engine.ts";
import { awkProblem, awkProgram, sedParts, sedProblem } from "./interpreters.ts";
import { noteDirectoryChange } from "./targets.ts";
import { checkWriteArgs, normPath } from "./writes.ts";

type BuiltinKind = BuiltinRow["kind"];
type BuiltinJudge = (
  name: string,
  row: BuiltinRow,
  inv: Invocation,
  env: Env,
  depth: number,
  text: string,
) => void;

const JUDGES: Record<BuiltinKind, BuiltinJudge> = {
  eval(_name, _row, inv, env, depth, text) {
    const args = inv.words.slice(1);
    const dynamic = args.find((w) => w.dynamic && w.dynamic !== "glob" && w.dynamic !== "tilde");
    if (dynamic) {
      add(env, {
        rule: "eval",
        command: text,
        problem: `evaluates computed text (\`${dynamic.text}\`) as shell code`,
        instead: "Run the command directly instead of through eval.",
        git: true,
      });
      return;
    }
    runCode(literalWord(args.map((w) => w.value).join(" ")), text, env, depth, inv.coverage, "eval");
  },
  source(_name, _row, inv, env, depth, text) {
    const file = inv.words[1];
    const content = file && !file.dynamic ? env.written.get(normPath(file.value)) : undefined;
    if (content !== undefined) {
      runCode(literalWord(content), text, env, depth, inv.coverage, "a file written earlier in this line");
      return;
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
  },
  trap(_name, _row, inv, env, depth, text) {
    const args = inv.words.slice(1);
    const code = args.find((w) => !w.value.startsWith("-"));
    if (code && args.length > 1) runCode(code, text, env, depth, inv.coverage, "trap");
  },
  alias(_name, _row, inv, env, depth, text) {
    for (const w of inv.words.slice(1)) {
      const eq = w.value.indexOf("=");
      if (eq <= 0) continue;
      const value = { ...w, value: w.value.slice(eq + 1) };
      if (!w.dynamic) env.aliases.set(w.value.slice(0, eq), value.value);
      runCode(value, text, env, depth, inv.coverage, "alias");
    }
  },
  rebinds(name, row, inv, env, _depth, text) {
    const risky = row.kind === "rebinds" ? row.risky : "always";
    if (risky === "always" || inv.words.slice(1).some((w) => w.value.startsWith(risky)))
      add(env, {
        rule: "shell-builtin",
        command: text,
        problem: `uses \`${name}\` in a way that runs or rebinds commands`,
        git: true,
      });
  },
  assigns(_name, row, inv, env, depth, text) {
    const bareNames = row.kind === "assigns" && row.bareNames === true;
    for (const w of inv.words.slice(1)) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(\+?=|$)/.exec(w.value);
      if (m && (m[2] || bareNames)) noteSensitive(env, m[1] as string, text);
      if (m?.[2])
        codeVariable(
          m[1] as string,
          { ...w, value: w.value.slice(w.value.indexOf("=") + 1) },
          text,
          env,
          depth,
        );
    }
  },
  chdir(_name, _row, inv, env) {
    noteDirectoryChange(inv.words.slice(1), env.scope);
  },
  shopt(_name, _row, inv, env) {
    const args = inv.words.slice(1);
    if (args.some((w) => w.value === "dotglob") && args.some((w) => w.value === "-s"))
      env.scope.dotglob = true;
  },
  multicall(name, _row, inv, env, depth) {
    const args = inv.words.slice(1);
    if (args.length > 0)
      env.recurse.invocation(
        { ...inv, words: args, via: [...inv.via, name], depth: inv.depth + 1 },
        env,
        depth,
      );
  },
};

/** Judge a builtin named in data/builtins.ts. Returns false for any other program. */
export function analyseBuiltin(
  name: string,
  inv: Invocation,
  env: Env,
  depth: number,
  text: string,
): boolean {
  const row = lookup(BUILTINS, name);
  if (!row) return false;
  JUDGES[row.kind](name, row, inv, env, depth, text);
  return true;
}

const TEXT_TOOL_JUDGES: Record<TextTool, (inv: Invocation, env: Env, text: string) => void> = {
  awk(inv, env, text) {
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
  },
  sed(inv, env, text) {
    const parts = sedParts(inv.words);
    for (const s of parts.scripts) {
      if (s.dynamic) continue;
      const problem =
        s.value.length > MAX_SCRIPT ? "has a sed script too long to check" : sedProblem(s.value);
      if (problem) add(env, { rule: "sed", command: text, problem, git: true });
    }
    if (parts.inPlace) checkWriteArgs("sed", parts.files, env, text);
  },
};

/** Judge awk or sed (data/builtins.ts TEXT_TOOLS). Returns false for any other program. */
export function analyseTextTool(name: string, inv: Invocation, env: Env, text: string): boolean {
  const tool = lookup(TEXT_TOOLS, name);
  if (!tool) return false;
  TEXT_TOOL_JUDGES[tool](inv, env, text);
  return true;
}
