// Did a Bash command run pytest, and can its output and exit code be trusted? (pytest-output.md §1, §12)
// The shell knowledge is the guard's: its walk (hooks/core/shell/walk.ts) finds every simple command the way
// bash parses the line (quoting, `cd x && ...`, `VAR=x` prefixes, pipes, substitutions), its wrapper
// grammars peel `timeout 60`, `env X=1`, `uv run` and the like (wrappers.ts), and pytestCall() knows every
// interpreter spelling of pytest (pytest.ts). What is the report's own: the profile's spellings
// (runner.base + runner.also, with globs such as py*\/bin/python) on top of the generic ones, wrappers that
// may run pytest (tox, make), and whether pytest's text and exit code reach the tool output unchanged.
import { globToRegExp, PROFILE_GLOB } from "../core/glob.ts";
import { PYTEST_OPTIONS } from "../core/pytest/options.ts";
import { lookup } from "../core/shell/table.ts";
import { type RedirectInfo, type SimpleCommand, walkSource } from "../core/shell/walk.ts";
import { programName, type WordInfo } from "../core/shell/words.ts";
import { OPAQUE_WRAPPER_GRAMMARS, peel, WRAPPERS, type WrapperSpec } from "../core/shell/wrappers.ts";
import { SHELLS, shellSource } from "../guard/interpreters.ts";
import { pytestCall } from "../guard/pytest.ts";
import { MAYBE_PYTEST } from "./prefilter.ts";
import type { PrefixPart } from "./proposal.ts";

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
  /** What stood before the invocation, as typed: NAME=VALUE words and wrappers (`timeout 20`, `env X=1`),
   *  which a rerun keeps where the skill allows them. Empty when a wrapper adds arguments (xargs). */
  prefix: PrefixPart[];
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

/** The guard's wrapper grammars, plus those it judges as opaque but whose command is easy to find. */
const REPORT_WRAPPERS: Record<string, WrapperSpec> = { ...WRAPPERS, ...OPAQUE_WRAPPER_GRAMMARS };
/** Wrappers stacked deeper than this are not followed (the guard's walk has the same kind of bound). */
const MAX_WRAPPERS = 8;
/** `bash -c '...'` nested deeper than this is not followed. */
const MAX_SHELL_DEPTH = 3;

interface Spelling {
  text: string;
  words: RegExp[];
}

export function compileSpellings(spellings: readonly string[]): Spelling[] {
  const unique = [...new Set([...spellings, ...GENERIC_SPELLINGS].map((s) => s.trim()).filter(Boolean))];
  // Longest first, so "uv run python -m pytest" wins over "uv run ..." prefixes.
  return unique
    .map((text) => ({ text, words: text.split(/\s+/).map((w) => globToRegExp(w, PROFILE_GLOB)) }))
    .sort((a, b) => b.words.length - a.words.length);
}

/** A word whose text is what runs: static, or a path from `~` (only its name matters here). */
function known(word: WordInfo): boolean {
  return word.dynamic === null || word.dynamic === "tilde";
}

/** Peel wrappers and env runners off a command. `runner`: the words from the first env runner on
 *  (`uv run ...`), which belong to the invocation; `appendsArgs`: a wrapper adds arguments (xargs);
 *  `wrappers`: each wrapper before the runner as typed (null when one cannot be told apart: `env -S`). */
function peelWrappers(words: WordInfo[]): {
  words: WordInfo[];
  runner: WordInfo[] | null;
  appendsArgs: boolean;
  wrappers: PrefixPart[] | null;
} {
  let current = words;
  let runner: WordInfo[] | null = null;
  let appendsArgs = false;
  let wrappers: PrefixPart[] | null = [];
  for (let n = 0; n < MAX_WRAPPERS; n++) {
    const first = current[0];
    if (!first || !known(first)) break;
    const name = programName(first.value);
    const peeled = peel(name, current, REPORT_WRAPPERS);
    if (!peeled?.argv || peeled.problem) break;
    const kind = lookup(REPORT_WRAPPERS, name)?.kind;
    if (kind === "runner") runner ??= current;
    if (!runner && wrappers) {
      wrappers = endsWith(current, peeled.argv)
        ? [
            ...wrappers,
            {
              text: current
                .slice(0, current.length - peeled.argv.length)
                .map((w) => w.text)
                .join(" "),
              kind: kind === "transparent" ? "transparent" : "executor",
            },
          ]
        : null;
    }
    appendsArgs ||= peeled.appendsArgs;
    current = peeled.argv;
  }
  return { words: current, runner, appendsArgs, wrappers };
}

/** `inner` is the tail of `outer` (peel() hands out slices of the words it got, except for `env -S`). */
function endsWith(outer: WordInfo[], inner: WordInfo[]): boolean {
  const offset = outer.length - inner.length;
  return offset >= 0 && inner.every((w, k) => outer[offset + k] === w);
}

/** If `words` run pytest, the index of pytest's first argument and the spelling; else null. */
function matchPytest(words: WordInfo[], spellings: Spelling[]): { next: number; spelling: string } | null {
  for (const spelling of spellings) {
    if (spelling.words.length > words.length) continue;
    const ok = spelling.words.every((re, k) => {
      const w = words[k] as WordInfo;
      return known(w) && re.test(w.value);
    });
    if (ok) return { next: spelling.words.length, spelling: spelling.text };
  }
  // Any path to a pytest script (.venv/bin/pytest, ~/.local/bin/py.test), or any python interpreter with
  // its own options before -m pytest.
  const call = pytestCall(words);
  const first = words[0] as WordInfo;
  if (!call) return null;
  const name = programName(first.value);
  const spelling =
    name === "pytest" || name === "py.test"
      ? first.value
      : `${first.value} -m ${/py\.test$/.test(call.runner) ? "py.test" : "pytest"}`;
  return { next: words.length - call.args.length, spelling };
}

/** stdout (fd 1) goes to a file rather than to the tool output. */
function isStdoutToFile(redirect: RedirectInfo): boolean {
  const { operator: op, fd } = redirect;
  const target = redirect.target?.value ?? "";
  if (op === "&>" || op === "&>>") return target !== "/dev/stdout";
  if (op === ">" || op === ">>" || op === ">|")
    return (fd === undefined || fd === 1) && target !== "/dev/stdout";
  if (op === ">&") return (fd === undefined || fd === 1) && !/^\d$/.test(target);
  return false;
}

interface Found {
  run: PytestRun;
  /** A failure of this run fails the whole line (inside `bash -c '...'`: the script and the line). */
  failsLine: boolean;
}

/** The pytest runs of one simple command; `bash -c '...'` is analysed as a line of its own. */
function visitCommand(cmd: SimpleCommand, spellings: Spelling[], depth: number, out: Found[]): void {
  const { words, runner, appendsArgs, wrappers } = peelWrappers(cmd.words);
  const first = words[0];
  if (!first || !known(first)) return;
  const name = programName(first.value);
  // A command inside $(...) or <(...) feeds another command: its output is not what the tool shows.
  const piped = cmd.output !== "line";
  const redirected = cmd.redirects.some(isStdoutToFile);
  if (SHELLS.has(name)) {
    const source = shellSource(words);
    const script = source.kind === "inline" ? source.code[0] : undefined;
    if (script?.dynamic === null && depth < MAX_SHELL_DEPTH) {
      for (const nested of findRuns(script.value, spellings, depth + 1) ?? [])
        out.push({
          run: {
            ...nested.run,
            piped: nested.run.piped || piped,
            redirected: nested.run.redirected || redirected,
            background: nested.run.background || cmd.background,
          },
          failsLine: nested.failsLine && cmd.failsLine,
        });
    }
    return;
  }
  const hit = matchPytest(words, spellings);
  if (hit) {
    const args = words.slice(hit.next).map((w) => (known(w) ? w.value : null));
    // xargs and find -exec add arguments the line does not show.
    if (appendsArgs) args.push(null);
    const from = runner && endsWith(runner, words) ? runner : words;
    out.push({
      run: {
        args,
        spelling: hit.spelling,
        invocation: from
          .slice(0, from.length - (words.length - hit.next))
          .map((w) => w.value)
          .join(" "),
        prefix:
          appendsArgs || !wrappers
            ? []
            : [
                ...cmd.assignments.map((a): PrefixPart => ({ text: a.text, kind: "assignment" })),
                ...wrappers,
              ],
        maybe: false,
        piped,
        redirected,
        background: cmd.background,
      },
      failsLine: cmd.failsLine,
    });
    return;
  }
  if (MAYBE_PYTEST.has(name)) {
    out.push({
      run: {
        args: [],
        spelling: name,
        invocation: name,
        prefix: [],
        maybe: true,
        piped,
        redirected,
        background: cmd.background,
      },
      failsLine: cmd.failsLine,
    });
  }
}

/** Every pytest run in a line, in the order the walk meets them; null when the line cannot be parsed. */
function findRuns(source: string, spellings: Spelling[], depth: number): Found[] | null {
  let commands: SimpleCommand[];
  try {
    commands = walkSource(source).commands;
  } catch {
    return null;
  }
  const found: Found[] = [];
  for (const cmd of commands) visitCommand(cmd, spellings, depth, found);
  return found;
}

/** `spellings`: the profile's runner.base and runner.also (generic spellings are always added). */
export function analyzeCommand(command: string, spellings: readonly string[]): CommandAnalysis {
  const found = findRuns(command, compileSpellings(spellings), 0);
  if (!found) return { runs: [], exitCodeMasked: true };
  const runs = found.map((f) => f.run);
  // The exit code is pytest's when a failing pytest run fails the line: `cd x && pytest`, `pytest && echo`,
  // but not `pytest; echo`, `pytest || true`, `pytest | tail` or `pytest &`.
  const pytestDecides = found.some((f) => f.failsLine && !f.run.maybe && !f.run.piped);
  return { runs, exitCodeMasked: runs.length > 0 && !pytestDecides };
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
  /** Paths and node ids given on the command line (module and package names under --pyargs). */
  targets: string[];
  /** --pyargs: targets may be Python module or package names, which do not map to node ids here. */
  pyargs: boolean;
  /** The report chars of -r, when given. */
  reportChars: string | null;
  /** Some argument held an expansion, so the argument list is not fully known. */
  dynamic: boolean;
}

/** Plugin options that take a value as the next word, common enough to know without the plugin's help text
 *  (pytest-xdist, pytest-timeout, pytest-cov, pytest-reportlog). */
const PLUGIN_VALUE_OPTIONS = [
  "-n",
  "--numprocesses",
  "--maxprocesses",
  "--dist",
  "--tx",
  "--max-worker-restart",
  "--timeout",
  "--timeout-method",
  "--cov-report",
  "--cov-config",
  "--cov-fail-under",
  "--report-log",
] as const;
/** Plugin options whose value is optional (argparse nargs="?"): pytest-cov's `--cov [SOURCE]`. */
const PLUGIN_OPTIONAL_VALUE_OPTIONS = ["--cov"] as const;

function pytestOptionsOf(arity: "value" | "optional"): string[] {
  return Object.entries(PYTEST_OPTIONS)
    .filter(([, spec]) => spec.arity === arity)
    .map(([name]) => name);
}

/** Options whose value is the next word (so that word is not a test path): pytest's own, from the guard's
 *  table generated from `pytest --help`, plus the plugin options above. */
const VALUE_OPTIONS: ReadonlySet<string> = new Set([...pytestOptionsOf("value"), ...PLUGIN_VALUE_OPTIONS]);
/** Options with an optional value (--debug [FILE], --cache-show [GLOB]): like argparse, the next word is
 *  their value unless it looks like an option (`pytest --debug tests` writes its log to `tests`). */
const OPTIONAL_VALUE_OPTIONS: ReadonlySet<string> = new Set([
  ...pytestOptionsOf("optional"),
  ...PLUGIN_OPTIONAL_VALUE_OPTIONS,
]);
/** Short options whose value may be glued on (-rfE, -n4, -kexpr). */
const SHORT_WITH_VALUE: ReadonlySet<string> = new Set(
  [...VALUE_OPTIONS].filter((name) => /^-[^-]$/.test(name)).map((name) => name.slice(1)),
);

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
    pyargs: false,
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
        case "--pyargs":
          flags.pyargs = true;
          break;
        default:
          if (inline !== undefined) break;
          if (VALUE_OPTIONS.has(name) || projectValueOptions.includes(name)) i++;
          else if (OPTIONAL_VALUE_OPTIONS.has(name) && !(args[i + 1] ?? "-").startsWith("-")) i++;
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
