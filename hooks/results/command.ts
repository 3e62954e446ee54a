// Did a Bash command run pytest, and can its output and exit code be trusted? (pytest-output.md §1, §12)
// The command is parsed with a real bash parser (unbash), so quoting, `cd x && ...`, `VAR=x` prefixes,
// pipes and `bash -c '...'` are seen as the shell sees them. Spellings come from the profile
// (runner.base + runner.also) plus the generic ones every pytest project may use.
import { forEachChild, parse, type SyntaxNode } from "unbash";

/** One word of a command: its value when static, null when it holds an expansion or a glob. */
export type Arg = string | null;

export interface PytestRun {
  /** pytest's own arguments (after `pytest` / `python -m pytest`). */
  args: Arg[];
  /** The words that ran pytest, e.g. "python -m pytest" (a profile pattern such as py*\/bin/python when
   *  one matched). */
  spelling: string;
  /** The same words as typed, with an env runner in front (`uv run pytest`): what reruns the tests here. */
  invocation: string;
  /** A wrapper (tox, nox, make) that may run pytest: classify only if pytest's output shows up. */
  maybe: boolean;
  /** Output goes through a pipe to another command (| tail, | grep): filtered text, exit code not pytest's. */
  piped: boolean;
  /** stdout is redirected to a file: the tool output does not hold pytest's text. */
  redirected: boolean;
  background: boolean;
}

export interface CommandAnalysis {
  runs: PytestRun[];
  /** Another command's exit code ends the line (`pytest ...; echo`, `|| true`, a pipe). */
  exitCodeMasked: boolean;
}

/** Spellings every project gets, on top of the profile's (pytest-output.md §1). */
export const GENERIC_SPELLINGS = ["pytest", "py.test", "python -m pytest", "python3 -m pytest"] as const;

/** Runners that put a project environment in front of a command. */
const ENV_RUNNERS: Record<string, { sub: string[]; valueOptions: string[] }> = {
  uv: {
    sub: ["run"],
    valueOptions: [
      "--with",
      "--with-editable",
      "--with-requirements",
      "-p",
      "--python",
      "--extra",
      "--group",
      "--only-group",
      "--no-group",
      "--directory",
      "--project",
      "--env-file",
      "--package",
      "--index",
      "--default-index",
      "-i",
      "--index-url",
      "--extra-index-url",
    ],
  },
  poetry: { sub: ["run"], valueOptions: ["-C", "--directory", "-P", "--project"] },
  pdm: { sub: ["run"], valueOptions: ["-p", "--project"] },
  pipenv: { sub: ["run"], valueOptions: [] },
  hatch: { sub: ["run"], valueOptions: [] },
  rye: { sub: ["run"], valueOptions: [] },
  pixi: { sub: ["run"], valueOptions: ["-e", "--environment", "--manifest-path"] },
};

/** Wrappers that run the rest of their arguments as a command: name -> options taking a value. */
const WRAPPERS: Record<string, { valueOptions: string[]; positional?: number }> = {
  timeout: { valueOptions: ["-s", "--signal", "-k", "--kill-after"], positional: 1 },
  env: { valueOptions: ["-u", "--unset", "-C", "--chdir", "-S", "--split-string"] },
  nice: { valueOptions: ["-n", "--adjustment"] },
  ionice: { valueOptions: ["-c", "-n", "-p"] },
  stdbuf: { valueOptions: ["-i", "-o", "-e"] },
  nohup: { valueOptions: [] },
  command: { valueOptions: [] },
  exec: { valueOptions: ["-a"] },
  time: { valueOptions: ["-f", "--format", "-o", "--output"] },
  "xvfb-run": { valueOptions: ["-n", "--server-num", "-s", "--server-args", "-e", "--error-file", "-f"] },
  taskset: { valueOptions: [], positional: 1 },
  chrt: { valueOptions: [], positional: 1 },
  unbuffer: { valueOptions: [] },
  catchsegv: { valueOptions: [] },
};

const MAYBE_PYTEST = new Set(["tox", "nox", "make", "just", "invoke", "hatch", "nox-uv"]);

const PYTHON_NAME = /^python(\d+(\.\d+)?)?$/;
/** Interpreter options that take a value (python -X dev -W error -m pytest). */
const PYTHON_VALUE_OPTIONS = new Set(["-X", "-W", "-Q"]);

function basename(word: string): string {
  const slash = word.lastIndexOf("/");
  return slash === -1 ? word : word.slice(slash + 1);
}

/** A shell glob from a profile spelling (py*\/bin/python) as a RegExp over one word. */
function globToRegExp(glob: string): RegExp {
  let source = "";
  for (const ch of glob) {
    if (ch === "*") source += "[^/]*";
    else if (ch === "?") source += "[^/]";
    else source += ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

interface Spelling {
  text: string;
  words: RegExp[];
}

export function compileSpellings(spellings: readonly string[]): Spelling[] {
  const unique = [...new Set([...spellings, ...GENERIC_SPELLINGS].map((s) => s.trim()).filter(Boolean))];
  // Longest first, so "uv run python -m pytest" wins over "uv run ..." prefixes.
  return unique
    .map((text) => ({ text, words: text.split(/\s+/).map(globToRegExp) }))
    .sort((a, b) => b.words.length - a.words.length);
}

type Word = { value: string; static: boolean };

/** Strip wrappers and env runners; return the index where the real command starts, and where the first
 *  env runner (uv run, poetry run) began, which belongs to the invocation. */
function skipWrappers(words: Word[], start: number): { at: number; runnerAt: number | null } {
  let i = start;
  let runnerAt: number | null = null;
  for (let guard = 0; guard < 8 && i < words.length; guard++) {
    const w = words[i];
    if (!w?.static) return { at: i, runnerAt };
    const name = basename(w.value);
    const wrapper = WRAPPERS[name];
    if (wrapper) {
      i++;
      let positional = wrapper.positional ?? 0;
      while (i < words.length) {
        const cur = words[i]?.value ?? "";
        if (name === "env" && /^[A-Za-z_][A-Za-z0-9_]*=/.test(cur)) {
          i++;
          continue;
        }
        if (cur === "--") {
          i++;
          break;
        }
        if (cur.startsWith("-") && cur.length > 1) {
          i += wrapper.valueOptions.includes(cur) ? 2 : 1;
          continue;
        }
        if (positional > 0) {
          positional--;
          i++;
          continue;
        }
        break;
      }
      continue;
    }
    const runner = ENV_RUNNERS[name];
    if (runner?.sub.includes(words[i + 1]?.value ?? "")) {
      runnerAt ??= i;
      i += 2;
      while (i < words.length) {
        const cur = words[i]?.value ?? "";
        if (cur === "--") {
          i++;
          break;
        }
        if (!cur.startsWith("-")) break;
        i += runner.valueOptions.includes(cur) ? 2 : 1;
      }
      continue;
    }
    return { at: i, runnerAt };
  }
  return { at: i, runnerAt };
}

/** If words[i..] run pytest, the index of pytest's first argument and the spelling; else null. */
function matchPytest(
  words: Word[],
  i: number,
  spellings: Spelling[],
): { next: number; spelling: string } | null {
  for (const spelling of spellings) {
    if (i + spelling.words.length > words.length) continue;
    let ok = true;
    for (let k = 0; k < spelling.words.length; k++) {
      const w = words[i + k];
      const re = spelling.words[k];
      if (!w?.static || !re?.test(w.value)) {
        ok = false;
        break;
      }
    }
    if (ok) return { next: i + spelling.words.length, spelling: spelling.text };
  }
  const first = words[i];
  if (!first?.static) return null;
  const name = basename(first.value);
  // Any path to a pytest script: .venv/bin/pytest, ~/.local/bin/py.test
  if (name === "pytest" || name === "py.test") return { next: i + 1, spelling: first.value };
  // Any python interpreter, with interpreter options, then -m pytest.
  if (PYTHON_NAME.test(name)) {
    let j = i + 1;
    while (j < words.length) {
      const w = words[j]?.value ?? "";
      if (w === "-m" && words[j + 1]?.value === "pytest")
        return { next: j + 2, spelling: `${first.value} -m pytest` };
      if (w === "-mpytest") return { next: j + 1, spelling: `${first.value} -m pytest` };
      if (!w.startsWith("-") || w === "-c" || w === "-m") return null;
      j += PYTHON_VALUE_OPTIONS.has(w) ? 2 : 1;
    }
  }
  return null;
}

interface Found {
  run: PytestRun;
  /** Inside `bash -c '...'`, something after pytest decides the exit code. */
  masked?: boolean;
}

type Node = { type: string; [key: string]: unknown };

function wordOf(node: unknown): Word | null {
  const w = node as { type?: string; value?: string; parts?: Array<{ type: string; parts?: unknown[] }> };
  if (w?.type !== "Word" || typeof w.value !== "string") return null;
  return { value: w.value, static: isStatic(w.parts) };
}

function isStatic(parts: Array<{ type: string; parts?: unknown[] }> | undefined): boolean {
  if (!parts) return true;
  return parts.every(
    (p) =>
      p.type === "Literal" ||
      p.type === "SingleQuoted" ||
      p.type === "AnsiCQuoted" ||
      (p.type === "DoubleQuoted" && isStatic(p.parts as Array<{ type: string }> | undefined)),
  );
}

interface Context {
  piped: boolean;
  background: boolean;
  depth: number;
}

/** Analyse one simple command; recurse into `bash -c '...'`. */
function visitCommand(cmd: Node, ctx: Context, spellings: Spelling[], out: Found[]): void {
  const suffix = (cmd.suffix as Node[] | undefined) ?? [];
  const name = cmd.name ? wordOf(cmd.name) : null;
  if (!name) return;
  const words: Word[] = [name];
  let redirected = false;
  for (const item of suffix) {
    if (item.type === "Word") {
      const w = wordOf(item);
      if (w) words.push(w);
    } else if (item.type === "Redirect") {
      redirected ||= isStdoutToFile(item);
    }
  }
  for (const item of (cmd.prefix as Node[] | undefined) ?? []) {
    if (item.type === "Redirect") redirected ||= isStdoutToFile(item);
  }
  const { at: start, runnerAt } = skipWrappers(words, 0);
  const first = words[start];
  if (!first) return;
  const firstName = basename(first.value);
  if ((firstName === "bash" || firstName === "sh" || firstName === "zsh") && ctx.depth < 3) {
    const c = words.findIndex((w, k) => k > start && /^-[a-z]*c$/.test(w.value));
    const script = c === -1 ? undefined : words[c + 1];
    if (script?.static) {
      const nested = analyzeScript(script.value, spellings, ctx.depth + 1);
      for (const run of nested.runs)
        out.push({
          run: { ...run, piped: run.piped || ctx.piped, redirected: run.redirected || redirected },
          masked: nested.exitCodeMasked,
        });
    }
    return;
  }
  const hit = matchPytest(words, start, spellings);
  if (hit) {
    out.push({
      run: {
        args: words.slice(hit.next).map((w) => (w.static ? w.value : null)),
        spelling: hit.spelling,
        invocation: words
          .slice(runnerAt ?? start, hit.next)
          .map((w) => w.value)
          .join(" "),
        maybe: false,
        piped: ctx.piped,
        redirected,
        background: ctx.background,
      },
    });
    return;
  }
  if (first.static && MAYBE_PYTEST.has(firstName)) {
    out.push({
      run: {
        args: [],
        spelling: firstName,
        invocation: firstName,
        maybe: true,
        piped: ctx.piped,
        redirected,
        background: ctx.background,
      },
    });
  }
}

function isStdoutToFile(redirect: Node): boolean {
  const op = redirect.operator as string | undefined;
  const fd = (redirect.descriptor as { value?: number } | undefined)?.value;
  const target = wordOf(redirect.target)?.value ?? "";
  if (op === "&>" || op === "&>>") return target !== "/dev/stdout";
  if (op === ">" || op === ">>" || op === ">|")
    return (fd === undefined || fd === 1) && target !== "/dev/stdout";
  if (op === ">&") return (fd === undefined || fd === 1) && !/^\d$/.test(target);
  return false;
}

/** Walk any node, calling visit on every simple command with its pipeline context. A command inside
 *  `$(...)` or `<(...)` feeds another command: its output is not what the tool shows, so it counts as piped. */
function walk(node: unknown, ctx: Context, spellings: Spelling[], out: Found[]): void {
  if (!node || typeof node !== "object") return;
  const n = node as Node;
  switch (n.type) {
    case "Command":
      visitCommand(n, ctx, spellings, out);
      forEachChild(n as unknown as SyntaxNode, (child) => walkSubstitutions(child, ctx, spellings, out));
      return;
    case "Pipeline": {
      const commands = (n.commands as Node[]) ?? [];
      commands.forEach((c, k) => {
        walk(c, { ...ctx, piped: ctx.piped || k < commands.length - 1 }, spellings, out);
      });
      return;
    }
    case "Statement":
      walk(n.command, { ...ctx, background: ctx.background || n.background === true }, spellings, out);
      return;
    case "CommandExpansion":
    case "ProcessSubstitution":
      walk(n.script, { ...ctx, piped: true }, spellings, out);
      return;
    default:
      forEachChild(n as unknown as SyntaxNode, (child) => walk(child, ctx, spellings, out));
  }
}

function walkSubstitutions(node: unknown, ctx: Context, spellings: Spelling[], out: Found[]): void {
  if (!node || typeof node !== "object") return;
  const n = node as Node;
  if (n.type === "CommandExpansion" || n.type === "ProcessSubstitution") {
    walk(n.script, { ...ctx, piped: true }, spellings, out);
    return;
  }
  forEachChild(n as unknown as SyntaxNode, (child) => walkSubstitutions(child, ctx, spellings, out));
}

/** Is the last thing the shell runs a pytest command (so the exit code is pytest's)? */
function lastCommandIsPytest(script: Node, spellings: Spelling[], depth: number): boolean {
  const statements = (script.commands as Node[]) ?? [];
  const last = statements[statements.length - 1];
  if (!last || last.background === true) return false;
  const runsIn = (node: Node): Found[] => {
    const found: Found[] = [];
    walk(node, { piped: false, background: false, depth }, spellings, found);
    return found.filter((f) => !f.run.maybe);
  };
  let node = last.command as Node;
  if (node?.type === "AndOr") {
    const ops = (node.operators as string[]) ?? [];
    const cmds = (node.commands as Node[]) ?? [];
    // `cd x && pytest` and `pytest && echo ok` keep pytest's failure code; `pytest || true` does not.
    const at = cmds.findIndex((c) => runsIn(c).length > 0);
    if (at === -1 || ops.slice(at).some((op) => op === "||")) return false;
    node = cmds[at] as Node;
  }
  if (node?.type === "Pipeline") {
    // The exit code of a pipeline is its last command's.
    const cmds = (node.commands as Node[]) ?? [];
    node = cmds[cmds.length - 1] as Node;
  }
  const found = runsIn(node);
  return found.length > 0 && found.every((f) => !f.run.piped && !f.masked);
}

function analyzeScript(source: string, spellings: Spelling[], depth: number): CommandAnalysis {
  let script: Node;
  try {
    script = parse(source) as unknown as Node;
  } catch {
    return { runs: [], exitCodeMasked: true };
  }
  const found: Found[] = [];
  walk(script, { piped: false, background: false, depth }, spellings, found);
  const runs = found.map((f) => f.run);
  return { runs, exitCodeMasked: runs.length > 0 && !lastCommandIsPytest(script, spellings, depth) };
}

/** `spellings`: the profile's runner.base and runner.also (generic spellings are always added). */
export function analyzeCommand(command: string, spellings: readonly string[]): CommandAnalysis {
  return analyzeScript(command, compileSpellings(spellings), 0);
}

/** The pytest run this command's output is about: the last definite one, else a maybe-run. */
export function primaryRun(analysis: CommandAnalysis): PytestRun | null {
  const definite = analysis.runs.filter((r) => !r.maybe);
  return definite[definite.length - 1] ?? analysis.runs[analysis.runs.length - 1] ?? null;
}

export interface RunFlags {
  /** -q count minus -v count (pytest's verbosity is the difference). */
  quiet: number;
  tb: string | null;
  exitFirst: boolean;
  collectOnly: boolean;
  xdist: boolean;
  lastFailed: boolean;
  /** -s / --capture=no */
  noCapture: boolean;
  /** -k / -m / --deselect: the selection is narrower than the paths. */
  filtered: boolean;
  /** Paths and node ids given on the command line. */
  targets: string[];
  /** The report chars of -r, when given. */
  reportChars: string | null;
  /** Some argument held an expansion, so the argument list is not fully known. */
  dynamic: boolean;
}

/** pytest options that take a value as the next word (so that word is not a path). */
const VALUE_OPTIONS = new Set([
  "-k",
  "-m",
  "-p",
  "-c",
  "-o",
  "-W",
  "-r",
  "-n",
  "--tb",
  "--maxfail",
  "--deselect",
  "--ignore",
  "--ignore-glob",
  "--rootdir",
  "--confcutdir",
  "--basetemp",
  "--junitxml",
  "--junit-xml",
  "--override-ini",
  "--numprocesses",
  "--dist",
  "--timeout",
  "--timeout-method",
  "--durations",
  "--capture",
  "--color",
  "--log-level",
  "--log-cli-level",
  "--import-mode",
  "--cov",
  "--cov-report",
  "--report-log",
  "--lfnf",
  "--last-failed-no-failures",
  "--pyargs",
  "--tx",
  "--max-worker-restart",
]);
/** Short options whose value may be glued on (-rfE, -n4, -kexpr). */
const SHORT_WITH_VALUE = new Set(["k", "m", "p", "c", "o", "W", "r", "n"]);

/** `projectValueOptions`: the profile's own options that take a value (tractor's --tpt-proto tcp), so their
 *  value is not taken for a test path. */
export function runFlags(args: readonly Arg[], projectValueOptions: readonly string[] = []): RunFlags {
  const flags: RunFlags = {
    quiet: 0,
    tb: null,
    exitFirst: false,
    collectOnly: false,
    xdist: false,
    lastFailed: false,
    noCapture: false,
    filtered: false,
    targets: [],
    reportChars: null,
    dynamic: args.some((a) => a === null),
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === null || arg === undefined) continue;
    const [name, inline] = arg.startsWith("--") ? splitLong(arg) : [arg, undefined];
    const value = () => (inline !== undefined ? inline : (args[++i] ?? ""));
    if (arg.startsWith("--")) {
      switch (name) {
        case "--quiet":
          flags.quiet++;
          break;
        case "--verbose":
          flags.quiet--;
          break;
        case "--tb":
          flags.tb = value();
          break;
        case "--exitfirst":
          flags.exitFirst = true;
          break;
        case "--maxfail":
          flags.exitFirst = value() === "1" || flags.exitFirst;
          break;
        case "--co":
        case "--collect-only":
        case "--collectonly":
          flags.collectOnly = true;
          break;
        case "--numprocesses":
        case "--dist":
          flags.xdist = value() !== "0" || flags.xdist;
          break;
        case "--lf":
        case "--last-failed":
          flags.lastFailed = true;
          break;
        case "--capture":
          flags.noCapture = value() === "no" || flags.noCapture;
          break;
        case "--deselect":
          value();
          flags.filtered = true;
          break;
        default:
          if ((VALUE_OPTIONS.has(name) || projectValueOptions.includes(name)) && inline === undefined) i++;
      }
      continue;
    }
    if (arg.startsWith("-") && arg.length > 1 && projectValueOptions.includes(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith("-") && arg.length > 1) {
      for (let k = 1; k < arg.length; k++) {
        const ch = arg[k] as string;
        if (SHORT_WITH_VALUE.has(ch)) {
          const rest = arg.slice(k + 1);
          const v = rest !== "" ? rest : (args[++i] ?? "");
          if (ch === "r") flags.reportChars = v;
          if (ch === "n") flags.xdist = v !== "0";
          if (ch === "k" || ch === "m") flags.filtered = true;
          break;
        }
        if (ch === "q") flags.quiet++;
        else if (ch === "v") flags.quiet--;
        else if (ch === "x") flags.exitFirst = true;
        else if (ch === "s") flags.noCapture = true;
      }
      continue;
    }
    flags.targets.push(arg);
  }
  return flags;
}

function splitLong(arg: string): [string, string | undefined] {
  const eq = arg.indexOf("=");
  return eq === -1 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
}
