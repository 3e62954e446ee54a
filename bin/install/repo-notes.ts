// What makes a detected skill this repository's notes rather than a template (issue 20, item 5): the
// markers its pytest config declares, what its addopts do to every run, real test files and test names for
// the examples, the test folders of a monorepo, the timeout libraries it depends on, and whether its tox /
// nox commands pass arguments on to pytest. Text work on the repo's files; the one process
// (measureSuite) is the project's own pytest, run by detect.ts.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import {
  type Addopt,
  LIBRARY_TIMEOUT_SIGNATURES,
  MAX_BASH_TIMEOUT_MS,
  type Marker,
} from "../../hooks/core/profile/schema.ts";
import { joinNodeId, splitNodeId, testNameOf } from "../../hooks/core/pytest/node-id.ts";
import { PYTEST_OPTIONS } from "../../hooks/core/pytest/options.ts";
import { orList } from "../../skills/generator/markdown.ts";
import { iniWithoutComments } from "./test-commands.ts";

// --- The pytest config: markers and addopts ---------------------------------------------------------------

/** The strings of a TOML value: basic strings ("..." with escapes) and literal strings ('...'). */
export function tomlStrings(raw: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i];
    if (ch === "#") {
      // A comment runs to the end of its line.
      const nl = raw.indexOf("\n", i);
      i = nl < 0 ? raw.length : nl + 1;
    } else if (ch === '"') {
      let s = "";
      i++;
      while (i < raw.length && raw[i] !== '"') {
        if (raw[i] === "\\" && i + 1 < raw.length) {
          const next = raw[i + 1] as string;
          s += next === "n" ? "\n" : next === "t" ? "\t" : next;
          i += 2;
        } else s += raw[i++];
      }
      out.push(s);
      i++;
    } else if (ch === "'") {
      const end = raw.indexOf("'", i + 1);
      out.push(raw.slice(i + 1, end < 0 ? undefined : end));
      i = end < 0 ? raw.length : end + 1;
    } else i++;
  }
  return out;
}

/** Shell-like words: quotes group, backslash escapes in double quotes (how pytest splits an ini addopts). */
export function shellWords(text: string): string[] {
  const out: string[] = [];
  let word: string | null = null;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === "\\" && quote === '"' && i + 1 < text.length) word += text[++i] as string;
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      word ??= "";
    } else if (/\s/.test(ch)) {
      if (word !== null) out.push(word);
      word = null;
    } else word = (word ?? "") + ch;
  }
  if (word !== null) out.push(word);
  return out;
}

/** A key's raw value in a config section: TOML arrays may span lines up to their closing bracket; INI
 *  values go on over indented continuation lines. */
function rawValue(body: string, key: string, toml: boolean): string | null {
  const lines = body.split("\n");
  const at = lines.findIndex((l) => new RegExp(`^\\s*${key}\\s*[=:]`).test(l));
  if (at < 0) return null;
  const first = (lines[at] as string).replace(/^[^=:]*[=:]\s*/, "");
  if (toml) {
    if (!first.startsWith("[")) return first;
    const out = [first];
    let depth = (first.match(/\[/g) ?? []).length - (first.match(/\]/g) ?? []).length;
    for (const line of lines.slice(at + 1)) {
      if (depth <= 0) break;
      out.push(line);
      depth += (line.match(/\[/g) ?? []).length - (line.match(/\]/g) ?? []).length;
    }
    return out.join("\n");
  }
  const more: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (!/^\s+\S/.test(line)) break;
    more.push(line.trim());
  }
  return [first.trim(), ...more].join("\n");
}

export interface PytestConfig {
  /** The file pytest reads its config from (pytest.ini, pyproject.toml, tox.ini, setup.cfg). */
  from: string;
  markers: Marker[];
  /** The addopts, split into words as pytest splits them. */
  addopts: string[];
}

/** The markers and addopts of the pytest section `body` of `from` (TOML for pyproject.toml, else INI). */
export function readPytestConfig(body: string, from: string): PytestConfig {
  const toml = from === "pyproject.toml";
  const rawMarkers = rawValue(body, "markers", toml);
  const markerLines = rawMarkers
    ? toml
      ? tomlStrings(rawMarkers)
      : rawMarkers
          .split("\n")
          .map((l) => l.trim())
          .filter((l) => l !== "" && !l.startsWith("#"))
    : [];
  const markers: Marker[] = [];
  for (const line of markerLines) {
    // "name: description", "name(arg): description" or a bare name.
    const m = /^([A-Za-z_]\w*)(\([^)]*\))?\s*(?::\s*(.*))?$/s.exec(line.trim());
    if (!m || markers.some((k) => k.name === m[1])) continue;
    const description = (m[3] ?? "").replace(/\s+/g, " ").trim();
    markers.push({ name: m[1] as string, ...(description ? { description } : {}), deselected: false });
  }
  const rawAddopts = rawValue(body, "addopts", toml);
  const addopts = rawAddopts
    ? toml && /^\s*\[/.test(rawAddopts)
      ? tomlStrings(rawAddopts)
      : shellWords(toml ? tomlStrings(rawAddopts).join(" ") : rawAddopts)
    : [];
  return { from, markers, addopts };
}

// --- addopts in plain words -------------------------------------------------------------------------------

const REPORT_CHARS: Record<string, string> = {
  f: "failed",
  E: "errors",
  s: "skipped",
  x: "xfailed",
  X: "xpassed",
  p: "passed",
  P: "passed with output",
  a: "all but passed",
  A: "all",
  w: "warnings",
  N: "nothing",
};

/** Marker names an `-m` expression deselects: `not stress`, `not slow and not network`. */
export function deselectedMarkers(expr: string): string[] {
  const words = expr.trim().split(/\s+/);
  const clauses = expr.split(/\s+and\s+/).map((c) => c.trim());
  if (words.includes("or") || !clauses.every((c) => /^not\s+\w+$/.test(c))) return [];
  return clauses.map((c) => c.replace(/^not\s+/, ""));
}

function markerEffect(expr: string): string {
  const out = deselectedMarkers(expr);
  if (out.length > 0) {
    const names = orList(out.map((n) => `\`${n}\``));
    const runThem = out.map((n) => `\`-m ${n}\``).join(" or ");
    return `leaves out the tests marked ${names} in every plain run; to run them, pass ${runThem} (your \`-m\` replaces the config's)`;
  }
  return `runs only the tests whose markers match \`${expr}\`; your own \`-m\` replaces it`;
}

/** What one addopts option does, in plain words. */
function effectOf(flag: string, value: string | undefined): string {
  const v = value ?? "";
  switch (flag) {
    case "-m":
      return markerEffect(v);
    case "-k":
      return `runs only the tests whose names match \`${v}\`; your own \`-k\` replaces it`;
    case "-r":
      return `the short summary at the end lists ${[...v].map((c) => REPORT_CHARS[c] ?? c).join(", ")} tests`;
    case "--strict-markers":
    case "--strict":
      return "a marker not declared in the config is an error (a typo in a marker fails the run)";
    case "--strict-config":
      return "an unknown key in the pytest config is an error";
    case "-l":
    case "--showlocals":
      return "tracebacks show each frame's local variables";
    case "--capture":
      return v === "no"
        ? "no output capture (prints appear live)"
        : v === "sys"
          ? "captures output at the sys.stdout/sys.stderr level only, not file descriptors"
          : v === "tee-sys"
            ? "captures output and also prints it live"
            : `output capture method \`${v}\``;
    case "-s":
      return "no output capture (prints appear live)";
    case "-p":
      return v.startsWith("no:")
        ? `turns off the \`${v.slice(3)}\` plugin`
        : `loads the \`${v}\` plugin at start-up`;
    case "-x":
    case "--exitfirst":
      return "stops at the first failure";
    case "--maxfail":
      return `stops after ${v} failures`;
    case "-q":
    case "--quiet":
      return "less verbose output";
    case "-v":
    case "--verbose":
      return "one line per test";
    case "--tb":
      return `traceback style \`${v}\`; your own \`--tb\` replaces it`;
    case "--doctest-modules":
      return "also runs the doctests in the package's modules";
    case "--doctest-glob":
      return `also runs the doctests in files matching \`${v}\``;
    case "--import-mode":
      return `imports test modules in \`${v}\` mode`;
    case "-W":
    case "--pythonwarnings":
      return `warnings filter \`${v}\``;
    case "--durations":
      return `lists the ${v} slowest tests at the end`;
    case "--ignore":
    case "--ignore-glob":
      return `never collects \`${v}\``;
    case "--deselect":
      return `never runs \`${v}\``;
    case "-n":
    case "--numprocesses":
      return `runs the tests in \`${v}\` parallel workers (pytest-xdist): output is per worker, and -x stops less promptly`;
    case "--reruns":
      return `reruns a failing test up to ${v} times (pytest-rerunfailures): a test that passes on a rerun is reported as rerun, not failed`;
    case "--timeout":
      return `fails a test that runs longer than ${v} s (pytest-timeout)`;
    case "--no-header":
      return "no session header";
    case "--color":
      return `colour \`${v}\``;
    case "--basetemp":
      return `temporary folders under \`${v}\``;
    case "-o":
    case "--override-ini":
      return `overrides the ini setting \`${v}\``;
  }
  if (flag.startsWith("--cov")) return "measures coverage (pytest-cov)";
  if (flag.startsWith("--benchmark")) return "a pytest-benchmark setting";
  if (!flag.startsWith("-")) return "collected in every run (a test path)";
  return "added to every run";
}

/** A pytest option that takes a value: pytest's own per its --help (hooks/guard/data), and the usual
 *  plugins' (-n, --reruns, --timeout). */
const PLUGIN_VALUE_OPTIONS = new Set(["-n", "--numprocesses", "--reruns", "--timeout", "--dist"]);
const takesValue = (flag: string) =>
  PYTEST_OPTIONS[flag]?.arity === "value" || PLUGIN_VALUE_OPTIONS.has(flag);

/** The addopts words as options with their effect; marks the markers an `-m` leaves out. */
export function explainAddopts(words: readonly string[], markers: Marker[]): Addopt[] {
  const out: Addopt[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    let flag = word;
    let value: string | undefined;
    let shown = word;
    const eq = /^(--[\w-]+)=(.*)$/s.exec(word);
    const short = /^(-[A-Za-z])(.+)$/.exec(word);
    if (eq) {
      flag = eq[1] as string;
      value = eq[2];
    } else if (short && takesValue(short[1] as string)) {
      flag = short[1] as string;
      value = short[2];
    } else if (takesValue(word) && i + 1 < words.length) {
      value = words[++i] as string;
      shown = `${word} ${/\s/.test(value) ? `"${value}"` : value}`;
    }
    if (flag === "-m" && value)
      for (const name of deselectedMarkers(value)) {
        const known = markers.find((m) => m.name === name);
        if (known) known.deselected = true;
        else markers.push({ name, deselected: true });
      }
    out.push({ option: shown, effect: effectOf(flag, value) });
  }
  return out;
}

// --- Real tests for the examples --------------------------------------------------------------------------

const SKIP_DIRS = new Set(["node_modules", "__pycache__", "site-packages", "build", "dist", "venv", "env"]);
const TEST_FILE = /^(test_.*|.*_test)\.py$/;

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

const isDir = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** Test files under `folder` (repo-relative, sorted), breadth first, at most `limit`. */
export function testFilesUnder(dir: string, folder: string, limit = 2000): string[] {
  const out: string[] = [];
  const queue = [folder.replace(/\/+$/, "")];
  while (queue.length > 0 && out.length < limit) {
    const rel = queue.shift() as string;
    for (const name of listDir(join(dir, rel))) {
      if (name.startsWith(".") || SKIP_DIRS.has(name)) continue;
      const path = rel === "." || rel === "" ? name : `${rel}/${name}`;
      if (isDir(join(dir, path))) {
        if (!existsSync(join(dir, path, "pyvenv.cfg"))) queue.push(path);
      } else if (TEST_FILE.test(name)) out.push(path);
    }
  }
  return out;
}

/**
 * The test folders of a monorepo root that has no tests/ of its own: every `<pkg>/tests` (or `test`) up to
 * three levels down that holds test files, e.g. opentelemetry-api/tests in a uv workspace.
 */
export function nestedTestFolders(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string, depth: number) => {
    for (const name of listDir(join(dir, rel))) {
      if (name.startsWith(".") || SKIP_DIRS.has(name)) continue;
      const path = rel ? `${rel}/${name}` : name;
      if (!isDir(join(dir, path)) || existsSync(join(dir, path, "pyvenv.cfg"))) continue;
      if ((name === "tests" || name === "test") && rel !== "") {
        if (testFilesUnder(dir, path, 1).length > 0) out.push(path);
      } else if (depth < 3) walk(path, depth + 1);
    }
  };
  walk("", 1);
  // scripts/, references/ and assets/ name a skill folder's own files in SKILL.md (the validator resolves
  // them as links there): a repo's scripts/tests stays out of the skill (and is rarely a package's suite).
  return out.filter((p) => !/^(scripts|references|assets)\//.test(p)).sort();
}

/** A test id split: `tests/test_x.py::TestA::test_b[1-2]` -> file, name (TestA::test_b), function. */
interface TestId {
  file: string;
  name: string;
  fn: string;
}

function parseId(id: string): TestId | null {
  const { file, name } = splitNodeId(id.trim());
  if (!/^[^\s:]+\.py$/.test(file) || !/^[\w:]+$/.test(name)) return null;
  return { file, name, fn: testNameOf(name) };
}

/** Test ids from `pytest --collect-only -q` output (one `path::name` per line). */
export function collectedIds(stdout: string): string[] {
  return stdout
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => parseId(l) !== null);
}

/** Test ids read from the files themselves (`def test_x` at any indent), when collection cannot tell. */
export function idsFromFiles(dir: string, files: readonly string[]): string[] {
  const out: string[] = [];
  for (const file of files.slice(0, 200)) {
    let text = "";
    try {
      text = readFileSync(join(dir, file), "utf8");
    } catch {
      continue;
    }
    for (const m of text.matchAll(/^(?:async\s+)?def\s+(test\w*)\s*\(/gm))
      out.push(joinNodeId(file, m[1] as string));
  }
  return out;
}

export interface ExampleFacts {
  /** A test file with several tests, and one test in it. */
  file: string;
  test: string;
  /** A -k word shared by a few tests, and how many collected ids match it. */
  keyword?: { word: string; count: number };
}

/** Picks the examples from real ids: a file with several tests (the first such, in the order given), its
 *  first test, and a keyword from that test's name that a handful of tests share. */
export function pickExamples(ids: readonly string[]): ExampleFacts | null {
  const parsed = ids.map(parseId).filter((t): t is TestId => t !== null);
  if (parsed.length === 0) return null;
  const perFile = new Map<string, TestId[]>();
  for (const t of parsed) perFile.set(t.file, [...(perFile.get(t.file) ?? []), t]);
  const file = [...perFile.keys()].find((f) => (perFile.get(f)?.length ?? 0) >= 3) ?? parsed[0]?.file;
  const first = (perFile.get(file as string) ?? [])[0] as TestId;
  // The keyword: a word of a test's name (not "test") that matches more than one id and not all of them.
  const count = (word: string) => parsed.filter((t) => t.name.toLowerCase().includes(word)).length;
  let keyword: ExampleFacts["keyword"];
  for (const t of perFile.get(file as string) ?? []) {
    for (const word of t.fn.toLowerCase().split("_")) {
      if (word.length < 4 || word === "test" || !/^[a-z]\w*$/.test(word)) continue;
      const n = count(word);
      if (n >= 2 && n < parsed.length) {
        keyword = { word, count: n };
        break;
      }
    }
    if (keyword) break;
  }
  return { file: file as string, test: first.name, ...(keyword ? { keyword } : {}) };
}

// --- Dependencies and posargs -----------------------------------------------------------------------------

/** The timeout signatures of the libraries the project depends on (trio, pexpect), from its packaging files. */
export function libraryTimeouts(dir: string): string[] {
  const texts = ["pyproject.toml", "setup.cfg", "setup.py", "tox.ini", ...listDir(dir)]
    .filter((n, i, all) => all.indexOf(n) === i)
    .filter((n) => /^(pyproject\.toml|setup\.cfg|setup\.py|tox\.ini|requirements[\w.-]*\.(txt|in))$/.test(n))
    .map((n) => {
      try {
        return readFileSync(join(dir, n), "utf8");
      } catch {
        return "";
      }
    })
    .join("\n");
  return Object.entries(LIBRARY_TIMEOUT_SIGNATURES)
    .filter(([lib]) => new RegExp(`(^|["'\\s,\\[])${lib}\\s*(["'\\s,\\]<>=~!;\\[]|$)`, "m").test(texts))
    .map(([, signature]) => signature);
}

/** Whether the repo's tox / nox test commands pass extra arguments on to pytest (posargs). */
export function passesPosargs(dir: string, tool: "tox" | "nox"): boolean {
  const read = (name: string) => {
    try {
      return readFileSync(join(dir, name), "utf8");
    } catch {
      return "";
    }
  };
  if (tool === "nox") return /session\.posargs/.test(read("noxfile.py"));
  // A `{posargs}` in a comment passes nothing (tox.ini's `;`/`#` lines; TOML's `#`).
  const toml = (name: string) => read(name).replace(/^\s*#.*$/gm, "");
  const text = `${iniWithoutComments(read("tox.ini"))}\n${toml("tox.toml")}\n${toml("pyproject.toml")}`;
  return /\{posargs|replace\s*=\s*["']posargs["']/.test(text);
}

// --- The measured run -------------------------------------------------------------------------------------

/** How long init lets the measuring run go before it gives up and keeps the Bash tool's cap. */
export const MEASURE_CAP_MS = 60_000;

export interface Measured {
  ms: number;
  /** pytest's last line, e.g. "412 passed in 1.02s". */
  summary: string;
  exit: number;
  /** The ids the run's short summary lists (-r fEpxX: one line per test that ran). */
  ids: string[];
}

/** `argv -m pytest <args> -p no:cacheprovider` in the project, bounded by `capMs`, with its wall time; null
 *  when there is no interpreter. No bytecode or cache is written, and the user's PYTEST_ADDOPTS is left out. */
async function timedPytest(
  argv: readonly string[],
  args: readonly string[],
  dir: string,
  env: NodeJS.ProcessEnv,
  capMs: number,
) {
  const [file, ...pre] = argv;
  if (!file) return null;
  const start = performance.now();
  const r = await execa(file, [...pre, "-m", "pytest", ...args, "-p", "no:cacheprovider"], {
    cwd: dir,
    env: { ...env, PYTHONDONTWRITEBYTECODE: "1", PYTEST_ADDOPTS: "" },
    extendEnv: false,
    reject: false,
    stdin: "ignore",
    timeout: capMs,
    forceKillAfterDelay: 2000,
  });
  return { r, ms: Math.round(performance.now() - start) };
}

export type Measurement = { ok: true; run: Measured } | { ok: false; why: string };

/** `argv -m pytest -q -p no:cacheprovider` in the project, timed. Exit 0 or 1 (tests ran) counts. */
export async function measureSuite(
  argv: readonly string[],
  dir: string,
  env: NodeJS.ProcessEnv,
  capMs = MEASURE_CAP_MS,
): Promise<Measurement> {
  // -rfEpxX: one short-summary line per test that ran (its id), without -rA's captured-output sections.
  const timed = await timedPytest(argv, ["-q", "-rfEpxX"], dir, env, capMs);
  if (!timed) return { ok: false, why: "no interpreter" };
  const { r, ms } = timed;
  if (r.timedOut)
    return { ok: false, why: `a quiet run of the suite did not finish within ${capMs / 1000} s` };
  const summary =
    `${r.stdout}`
      .trim()
      .split("\n")
      .at(-1)
      ?.replace(/^=+\s*|\s*=+$/g, "") ?? "";
  if (r.exitCode !== 0 && r.exitCode !== 1)
    return {
      ok: false,
      why: `a quiet run of the suite exited ${r.exitCode ?? "?"}: ${summary.slice(0, 160)}`,
    };
  const ids = [...`${r.stdout}`.matchAll(/^(?:PASSED|FAILED|ERROR|XFAIL|XPASS) (\S+\.py::\S+)/gm)].map((m) =>
    (m[1] as string).replace(/ - .*$/, ""),
  );
  return { ok: true, run: { ms, summary, exit: r.exitCode, ids: [...new Set(ids)] } };
}

const FULL_FLOOR_MS = 60_000;
const FILE_FLOOR_MS = 30_000;

/** Timeouts from a measured full run: five times the run plus 30 s, at least 60 s for the suite (30 s for a
 *  file), rounded up to 10 s, never over the Bash tool's cap. */
export function timeoutsFrom(ms: number): { suite_ms: number; file_ms: number } {
  const up = (x: number) => Math.ceil(x / 10_000) * 10_000;
  const suite = Math.min(MAX_BASH_TIMEOUT_MS, up(Math.max(FULL_FLOOR_MS, ms * 5 + 30_000)));
  const file = Math.min(suite, Math.max(FILE_FLOOR_MS, Math.min(120_000, up(suite / 2))));
  return { suite_ms: suite, file_ms: file };
}

/** `argv -m pytest --collect-only -q` in the project, timed: the collected ids, or why there are none. */
export async function collectIds(
  argv: readonly string[],
  dir: string,
  env: NodeJS.ProcessEnv,
  capMs = MEASURE_CAP_MS,
): Promise<{ ok: true; ids: string[]; ms: number } | { ok: false; why: string }> {
  const timed = await timedPytest(argv, ["--collect-only", "-q"], dir, env, capMs);
  if (!timed) return { ok: false, why: "no interpreter" };
  const { r, ms } = timed;
  if (r.timedOut) return { ok: false, why: `collection did not finish within ${capMs / 1000} s` };
  const ids = collectedIds(`${r.stdout}`);
  if (ids.length === 0) return { ok: false, why: `collection exited ${r.exitCode ?? "?"} with no test ids` };
  return { ok: true, ids, ms };
}
