// Programs that run another program: `peel()`, which finds the command they run, from their option grammar
// (data/wrapper-grammars.ts). Three kinds, for skill mode (Rule S):
//   transparent: Claude Code strips them before matching permission rules (timeout, nice, nohup, ...): the
//                inner command must match a pattern, the wrapper itself need not.
//   runner:      environment runners (uv run, poetry run, npx, ...): the whole line must match a pattern;
//                the inner command is still judged by the git and code rules.
//   executor:    everything else (env, sudo, xargs, find -exec, watch, ...): the wrapper must match a pattern
//                and so must the command it runs.
// The git rule (Rule G) judges the inner command of every kind, in every mode.
import { PEEL_EXCEPTIONS, type PeelException } from "./data/peel-exceptions.ts";
import { KNOWN_FLAGS, WRAPPERS, type WrapperSpec } from "./data/wrapper-grammars.ts";
import { lookup } from "./table.ts";
import { literalWord, type WordInfo } from "./words.ts";

// The tables live in data/wrapper-grammars.ts; the rest of the guard imports them from here.
export {
  OPAQUE_WRAPPER_GRAMMARS,
  OPAQUE_WRAPPERS,
  SCHEDULERS,
  WRAPPERS,
  type WrapperKind,
  type WrapperSpec,
} from "./data/wrapper-grammars.ts";

export interface Peeled {
  /** The command run by the wrapper (argv), or null when it runs none (`command -v x`). */
  argv: WordInfo[] | null;
  /** Shell command strings the wrapper runs (`su -c`, `watch`, `sudo -s`). */
  shellCode: WordInfo[];
  /** Assignments added by the wrapper (`env X=1 cmd`, `sudo X=1 cmd`). */
  assignments: { name: string; value: WordInfo; text: string }[];
  /** The wrapper appends words that are not in the line (xargs: the input; find -exec: file names). */
  appendsArgs: boolean;
  /** Output files the wrapper writes (`time -o f`). */
  outputs: WordInfo[];
  /** The grammar did not fully account for the words (an unknown option): judge every plausible command. */
  uncertain: boolean;
  /** A reason the wrapper cannot be judged at all (e.g. a computed option). */
  problem: string | null;
  /** The directory the command runs in (`env -C DIR`, `sudo -D DIR`), for relative write targets. */
  chdir?: WordInfo;
}

function empty(): Peeled {
  return {
    argv: null,
    shellCode: [],
    assignments: [],
    appendsArgs: false,
    outputs: [],
    uncertain: false,
    problem: null,
  };
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Peel one wrapper. `words[0]` is the wrapper program; `name` its program name. `table`: the grammars to
 *  use (the guard's WRAPPERS unless told otherwise; env, find, parallel and flock have their own peelers). */
export function peel(
  name: string,
  words: WordInfo[],
  table: Record<string, WrapperSpec> = WRAPPERS,
): Peeled | null {
  const own = lookup(OWN_PEELERS, name);
  if (own) return own(words);
  const spec = lookup(table, name);
  if (!spec) return null;
  const ex = lookup(PEEL_EXCEPTIONS, name) ?? NO_EXCEPTION;
  const out = empty();
  let i = 1;
  if (spec.sub) {
    const match = spec.sub
      .map((s) => s.split(" "))
      .find((parts) => parts.every((p, k) => words[i + k]?.value === p));
    // Options may come before the subcommand (`uv --directory x run`, `poetry -C x run`).
    if (!match) {
      let j = i;
      while (j < words.length && (words[j] as WordInfo).value.startsWith("-")) {
        const v = (words[j] as WordInfo).value;
        j += spec.value?.includes(v) ? 2 : 1;
      }
      const later = spec.sub
        .map((s) => s.split(" "))
        .find((parts) => parts.every((p, k) => words[j + k]?.value === p));
      if (!later) return { ...out, argv: null }; // not the running form (`uv sync`, `poetry install`)
      i = j + later.length;
    } else i += match.length;
  }
  const value = new Set(spec.value ?? []);
  const shell = new Set(spec.shell ?? []);
  const noCommand = new Set(spec.noCommand ?? []);
  const output = new Set(spec.output ?? []);
  let positionals = spec.positionals ?? 0;
  let joined = spec.joinedShell ?? false;
  /** xargs -I STR: words holding STR are filled from the input. */
  let replace: string | null = null;
  for (; i < words.length; i++) {
    const w = words[i] as WordInfo;
    const v = w.value;
    if (w.dynamic && w.dynamic !== "tilde" && v.startsWith("-")) {
      out.problem = `a computed option (\`${w.text}\`) to ${name}`;
      return out;
    }
    if (v === "--") {
      i++;
      break;
    }
    if (ex.assignments && ASSIGNMENT.test(v) && !w.dynamic) {
      const eq = v.indexOf("=");
      out.assignments.push({ name: v.slice(0, eq), value: literalWord(v.slice(eq + 1)), text: v });
      continue;
    }
    if (!v.startsWith("-") || v === "-") {
      if (positionals > 0) {
        positionals--;
        continue;
      }
      if (positionals < 0) {
        // su/script: the user (or log file) is optional; the command only comes through -c.
        continue;
      }
      break;
    }
    if (ex.numericFlags && /^-\d+$/.test(v)) continue;
    if (ex.shellOff?.includes(v)) {
      joined = false;
      continue;
    }
    if (ex.shellOn?.includes(v)) {
      joined = true;
      continue;
    }
    if (ex.replace && (v.startsWith("-i") || v.startsWith("--replace"))) {
      replace = v.startsWith("-i")
        ? v.slice(2) || "{}"
        : v.includes("=")
          ? v.slice(v.indexOf("=") + 1)
          : "{}";
      continue;
    }
    if (ex.replace && (v === "-I" || (v.startsWith("-I") && v.length > 2))) {
      replace = v.length > 2 ? v.slice(2) : (words[++i]?.value ?? "{}");
      continue;
    }
    if (ex.optionalValue?.some((o) => v.startsWith(o)) && !value.has(v)) continue; // -l[num], -e[str]
    const long = v.startsWith("--");
    const optName = long ? (v.split("=")[0] as string) : v.slice(0, 2);
    const attached = long ? v.includes("=") : v.length > 2;
    if (noCommand.has(optName)) return { ...out, argv: null };
    if (shell.has(optName)) {
      const code = attached ? literalWord(long ? v.slice(v.indexOf("=") + 1) : v.slice(2)) : words[++i];
      if (code) out.shellCode.push(code);
      continue;
    }
    if (value.has(optName)) {
      const val = attached ? literalWord(long ? v.slice(v.indexOf("=") + 1) : v.slice(2)) : words[++i];
      if (val && output.has(optName)) out.outputs.push(val);
      if (val && ex.chdir?.includes(optName)) out.chdir = val;
      continue;
    }
    if (!long && v.length > 2) {
      // A cluster of short flags; a value or shell option inside it takes the rest or the next word.
      let consumed = false;
      for (let k = 1; k < v.length; k++) {
        const flag = `-${v[k]}`;
        if (noCommand.has(flag)) return { ...out, argv: null };
        if (shell.has(flag) || value.has(flag)) {
          const restOf = v.slice(k + 1);
          const val = restOf ? literalWord(restOf) : words[++i];
          if (val && shell.has(flag)) out.shellCode.push(val);
          consumed = true;
          break;
        }
      }
      if (consumed) continue;
    }
    if (!noCommand.has(optName) && !value.has(optName) && !isKnownFlag(name, optName)) out.uncertain = true;
  }
  // `cmake -E chdir DIR cmd`: the directory comes first; every plausible command in the words is judged.
  if (ex.uncertain) out.uncertain = true;
  const rest = words
    .slice(i)
    .map((w): WordInfo => (replace && w.value.includes(replace) ? { ...w, dynamic: "expansion" } : w));
  if (out.shellCode.length > 0 && rest.length === 0) return { ...out, argv: null };
  if (joined && rest.length > 0) {
    out.shellCode.push(joinWords(rest));
    return { ...out, argv: null };
  }
  if (rest.length === 0) {
    if (ex.appendsInput) return { ...out, argv: [literalWord("echo")], appendsArgs: true };
    return { ...out, argv: null };
  }
  return { ...out, argv: rest, appendsArgs: ex.appendsInput === true };
}

function isKnownFlag(name: string, opt: string): boolean {
  return lookup(KNOWN_FLAGS, name)?.includes(opt) ?? false;
}

const NO_EXCEPTION: PeelException = {};

/** Wrappers with a peeler of their own rather than a grammar row (function declarations: hoisted). */
const OWN_PEELERS: Record<string, (words: WordInfo[]) => Peeled> = {
  env: peelEnv,
  find: peelFind,
  parallel: peelParallel,
  flock: peelFlock,
};
export const PEELERS: ReadonlySet<string> = new Set(Object.keys(OWN_PEELERS));

/** The words a shell would see when the wrapper joins its arguments with spaces (`watch git status`). */
export function joinWords(words: WordInfo[]): WordInfo {
  const dynamic =
    words.find((w) => w.dynamic && w.dynamic !== "tilde" && w.dynamic !== "glob")?.dynamic ?? null;
  return literalWord(words.map((w) => w.value).join(" "), dynamic);
}

function peelEnv(words: WordInfo[]): Peeled {
  const out = empty();
  const value = new Set(["-u", "--unset", "-C", "--chdir"]);
  let i = 1;
  for (; i < words.length; i++) {
    const w = words[i] as WordInfo;
    const v = w.value;
    if (w.dynamic && w.dynamic !== "tilde") {
      if (ASSIGNMENT.test(w.text)) {
        const eq = v.indexOf("=");
        out.assignments.push({ name: v.slice(0, eq), value: { ...w, value: v.slice(eq + 1) }, text: w.text });
        continue;
      }
      out.problem = `a computed word (\`${w.text}\`) after env`;
      return out;
    }
    if (v === "--") {
      i++;
      break;
    }
    if (
      v === "-" ||
      v === "-i" ||
      v === "--ignore-environment" ||
      v === "-0" ||
      v === "--null" ||
      v === "-v" ||
      v === "--debug"
    )
      continue;
    if (value.has(v)) {
      if (v === "-C" || v === "--chdir") out.chdir = words[i + 1];
      i++;
      continue;
    }
    if (/^(--chdir=|-C.)/.test(v)) out.chdir = { ...w, value: v.startsWith("-C") ? v.slice(2) : v.slice(8) };
    if (/^(--unset=|--chdir=|-u.|-C.)/.test(v)) continue;
    if (/^--(block|default|ignore)-signal(=|$)|^--list-signal-handling$/.test(v)) continue;
    if (v === "-S" || v.startsWith("--split-string") || /^-S./.test(v) || /^-[iv0]+S/.test(v)) {
      // -S splits one string into words; the split words are the command (and its assignments).
      const idx = v.indexOf("S");
      const str = v.startsWith("--split-string=")
        ? v.slice("--split-string=".length)
        : v === "-S" || v === "--split-string"
          ? (words[++i]?.value ?? "")
          : v.slice(idx + 1);
      const split = splitEnvString(str);
      const restWords = [...split, ...words.slice(i + 1)];
      const inner = peelEnv([literalWord("env"), ...restWords]);
      return { ...inner, assignments: [...out.assignments, ...inner.assignments] };
    }
    if (v.startsWith("-")) {
      out.uncertain = true;
      continue;
    }
    if (ASSIGNMENT.test(v)) {
      const eq = v.indexOf("=");
      out.assignments.push({ name: v.slice(0, eq), value: literalWord(v.slice(eq + 1)), text: v });
      continue;
    }
    break;
  }
  const rest = words.slice(i);
  return { ...out, argv: rest.length > 0 ? rest : null };
}

/** `env -S` splitting: whitespace separates, quotes group, `${VAR}` is computed. */
export function splitEnvString(str: string): WordInfo[] {
  const out: WordInfo[] = [];
  let cur = "";
  let has = false;
  let dynamic = false;
  let quote: string | null = null;
  for (let i = 0; i < str.length; i++) {
    const c = str[i] as string;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === "\\" && quote === '"' && i + 1 < str.length) cur += str[++i];
      else cur += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      has = true;
    } else if (c === "\\" && i + 1 < str.length) {
      cur += str[++i];
      has = true;
    } else if (/\s/.test(c)) {
      if (has || cur) out.push(literalWord(cur, dynamic ? "expansion" : null));
      cur = "";
      has = false;
      dynamic = false;
    } else {
      if (c === "$") dynamic = true;
      cur += c;
    }
  }
  if (has || cur) out.push(literalWord(cur, dynamic ? "expansion" : null));
  return out;
}

const FIND_EXEC = new Set(["-exec", "-execdir", "-ok", "-okdir"]);

/** find: the commands of -exec/-execdir/-ok/-okdir, each up to `;` or `+`; `{}` is a file name. */
export function findExecs(words: WordInfo[]): WordInfo[][] {
  const execs: WordInfo[][] = [];
  for (let i = 1; i < words.length; i++) {
    if (!FIND_EXEC.has((words[i] as WordInfo).value)) continue;
    const template: WordInfo[] = [];
    for (i++; i < words.length; i++) {
      const w = words[i] as WordInfo;
      if (w.value === ";" || w.value === "+") break;
      template.push(w.value.includes("{}") ? { ...w, dynamic: "expansion" } : w);
    }
    execs.push(template);
  }
  return execs;
}

function peelFind(words: WordInfo[]): Peeled {
  const out = empty();
  const execs = findExecs(words);
  if (execs.length === 0) return out;
  const [first, ...more] = execs;
  // Extra -exec templates are returned as shell code of their own words, judged the same way.
  for (const template of more) if (template.length > 0) out.shellCode.push(joinWords(template));
  return { ...out, argv: first && first.length > 0 ? first : null, appendsArgs: true };
}

function peelParallel(words: WordInfo[]): Peeled {
  const out = empty();
  const value = new Set([
    "-j",
    "--jobs",
    "-S",
    "--sshlogin",
    "-a",
    "--arg-file",
    "-d",
    "--delimiter",
    "-E",
    "-I",
    "-n",
    "-N",
    "-L",
    "--colsep",
    "-C",
    "--results",
    "--joblog",
    "--tmpdir",
    "--workdir",
    "--timeout",
    "--halt",
  ]);
  let i = 1;
  for (; i < words.length; i++) {
    const v = (words[i] as WordInfo).value;
    if (!v.startsWith("-") || v.startsWith(":::")) break;
    if (value.has(v)) i++;
  }
  const template: WordInfo[] = [];
  for (; i < words.length; i++) {
    const w = words[i] as WordInfo;
    if (w.value.startsWith(":::")) break;
    template.push(w);
  }
  if (template.length === 0) {
    out.problem = "parallel without a command runs the lines of its input as commands";
    return out;
  }
  // GNU parallel runs the template through a shell.
  out.shellCode.push(joinWords(template));
  return out;
}

function peelFlock(words: WordInfo[]): Peeled {
  const out = empty();
  const value = new Set(["-w", "--timeout", "-E", "--conflict-exit-code"]);
  let i = 1;
  let seenFile = false;
  for (; i < words.length; i++) {
    const w = words[i] as WordInfo;
    const v = w.value;
    if (v === "-c" || v === "--command") {
      const code = words[i + 1];
      if (code) out.shellCode.push(code);
      return out;
    }
    if (v === "--") {
      i++;
      break;
    }
    if (v.startsWith("-")) {
      if (value.has(v)) i++;
      continue;
    }
    if (!seenFile) {
      seenFile = true;
      if (/^\d+$/.test(v) && i === words.length - 1) return out; // flock FD: locks a descriptor
      continue;
    }
    break;
  }
  const rest = words.slice(i);
  return { ...out, argv: rest.length > 0 ? rest : null };
}
