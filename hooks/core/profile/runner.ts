// The runner: how a project runs pytest, spelled once. A profile names the project's interpreter
// (`runner.python`, e.g. .venv/bin/python, python3, uv run python) and/or the pytest command
// (`runner.base`); every other place that needs them writes `{{python}}` or `{{pytest}}` and gets the
// runner's spelling when the profile is loaded. So editing one line (the interpreter) changes every command
// the skill shows, every allowed-tools entry, the hooks' recognition and the report's registrations.
//
// Leaf module: no imports, so the hook bundles can use it without pulling in the profile schema.

/** The interpreter when a profile says nothing: what `python` resolves to on PATH. */
export const DEFAULT_PYTHON = "python";

/** Written in profile text, replaced by the runner's spelling when the profile is loaded. */
export const PYTEST_PLACEHOLDER = "{{pytest}}";
export const PYTHON_PLACEHOLDER = "{{python}}";

/** `runner.base` when a profile gives only the interpreter. */
export const DEFAULT_BASE = `${PYTHON_PLACEHOLDER} -m pytest`;

/** Project venv folders, in the order a project's own interpreter is looked for; `py3XX` folders (tractor's
 *  py313) come after them, newest first. Detection (bin/install/detect.ts) and the plugin's guess at hook
 *  time (hooks/runtime/guess-runner.ts) share them. */
export const VENV_DIRS = [".venv", "venv", "env"] as const;
export const VERSIONED_VENV = /^py3\d+$/;

/** Folders where the project's own test tools keep their environments (`.nox/<session>`, `.tox/<env>`),
 *  looked at after the venv folders. */
export const TOOL_ENV_DIRS = [".nox", ".tox"] as const;

/** Sessions that do not run the tests (lint, docs, type checks, ...). */
const NOT_TESTS =
  /lint|docs?\b|docs-|type|mypy|pyright|format|fmt|style|build|release|pre-?commit|coverage|cov-report|bench|downstream/i;

/** The Python minor version an environment's name holds (`tests-3-11`, `tests-3.11`, `py311`), or -1. */
function envMinor(name: string): number {
  const m = /(?:^|[^\d])3[.-]?(\d{1,2})(?!\d)/.exec(name);
  return m ? Number(m[1]) : -1;
}

/**
 * A tool's environment names, most relevant first: those that run tests (`tests-3.11`, `py311`) before
 * others (lint, docs), then the newest Python, then by name. Detection and the plugin's guess share it.
 */
export function orderToolEnvs(names: readonly string[]): string[] {
  const rank = (n: string) => (NOT_TESTS.test(n) ? 1 : 0);
  return [...names].sort((a, b) => rank(a) - rank(b) || envMinor(b) - envMinor(a) || a.localeCompare(b));
}

/** The default runner as a command line, for places that have no profile at all. */
export const DEFAULT_PYTEST = `${DEFAULT_PYTHON} -m pytest`;

export interface Runner {
  /** The interpreter as the skill writes it (one or more words). */
  python: string;
  /** The pytest command as the skill writes it. */
  pytest: string;
}

/**
 * The interpreter a pytest command runs under: `X -m pytest` -> X; `uv run [opts] pytest` -> `uv run [opts]
 * python`; `DIR/pytest` -> `DIR/python`; `pytest` -> null (whatever `python` is). null when the command does
 * not say.
 */
export function pythonOfPytest(pytest: string): string | null {
  const words = pytest.trim().split(/\s+/);
  const m = words.findIndex((w, i) => w === "-m" && /^(pytest|py\.test)$/.test(words[i + 1] ?? ""));
  if (m > 0) return words.slice(0, m).join(" ");
  const last = words.at(-1) ?? "";
  const script = /^(.*\/)?(pytest|py\.test)$/.exec(last);
  if (!script) return null;
  const before = words.slice(0, -1);
  if (script[1]) return [...before, `${script[1]}python`].join(" ");
  // `uv run pytest`, `poetry run pytest`: the same launcher runs the project's python.
  return before.length > 0 ? [...before, DEFAULT_PYTHON].join(" ") : null;
}

/**
 * The runner of a profile's `runner` section as written (before placeholders are replaced): the interpreter
 * is `python` if given, else what `base` runs under, else DEFAULT_PYTHON; the pytest command is `base` if
 * given, else `<python> -m pytest`.
 */
export function resolveRunner(runner: { python?: unknown; base?: unknown }): Runner {
  const base = typeof runner.base === "string" && runner.base.trim() ? runner.base.trim() : null;
  const given = typeof runner.python === "string" && runner.python.trim() ? runner.python.trim() : null;
  const python = given ?? (base && !base.includes(PYTHON_PLACEHOLDER) ? pythonOfPytest(base) : null);
  const interpreter = python ?? DEFAULT_PYTHON;
  const pytest = (base ?? DEFAULT_BASE).replaceAll(PYTHON_PLACEHOLDER, interpreter);
  return { python: interpreter, pytest };
}

/** Replace the placeholders in one string. */
export function expandRunnerText(text: string, runner: Runner): string {
  if (!text.includes("{{")) return text;
  return text.replaceAll(PYTEST_PLACEHOLDER, runner.pytest).replaceAll(PYTHON_PLACEHOLDER, runner.python);
}

/** Replace the placeholders in every string of a (JSON-like) value; other values are returned as they are. */
export function expandRunnerDeep<T>(value: T, runner: Runner): T {
  if (typeof value === "string") return expandRunnerText(value, runner) as T;
  if (Array.isArray(value)) return value.map((v) => expandRunnerDeep(v, runner)) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = expandRunnerDeep(v, runner);
    return out as T;
  }
  return value;
}

/** Placeholders a profile may use; `{{...}}` with another name is a typo. */
export function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)]
    .map((m) => m[1] as string)
    .filter((name) => name !== "pytest" && name !== "python");
}

/** The permission rules that allow a runner command followed by any arguments; a command ending in `--`
 *  (posargs) is allowed without them too. */
export function commandToolRules(command: string): string[] {
  const spelled = command.trim().replace(/\s+/g, " ");
  const bare = spelled.replace(/\s+--$/, "");
  return [...new Set([`Bash(${spelled} *)`, ...(bare !== spelled ? [`Bash(${bare})`] : [])])];
}
