// The repository's own test commands (issue 20, item 2): what its maintainers type to run the suite, read
// from its files. tox (tox.ini, `[tool.tox]` in pyproject.toml, tox.toml), nox (noxfile.py sessions), hatch
// (`hatch test`, or a `test` script of a hatch environment), a Makefile `test` target, and uv (uv.lock, with
// the `--locked`/`--frozen` habit of its CI). Each becomes a `runner.commands` entry: allowed in a skill turn
// with any arguments, recognised by the report, shown in the skill. Text work only: no process runs.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { orderToolEnvs } from "../../hooks/core/profile/runner.ts";
import { uvRunHabits } from "./interpreter.ts";

export interface TestCommands {
  /** In order of preference: the first is the one to use as `runner.base` when the repo prefers it. */
  commands: string[];
  /** One line per tool found, for the person running init. */
  notes: string[];
}

const readIf = (path: string) => {
  try {
    return existsSync(path) ? readFileSync(path, "utf8").replaceAll("\r\n", "\n") : undefined;
  } catch {
    return undefined;
  }
};

/** `py3{10,11}-x` -> py310-x, py311-x (tox's generative names; one level of braces per group). */
function expandBraces(name: string): string[] {
  const m = /\{([^{}]*)\}/.exec(name);
  if (!m) return [name];
  const head = name.slice(0, m.index);
  const tail = name.slice(m.index + m[0].length);
  return (m[1] as string).split(",").flatMap((alt) => expandBraces(`${head}${alt.trim()}${tail}`));
}

/** Split an INI list at commas and newlines, but not inside braces. */
function iniList(raw: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let word = "";
  for (const ch of raw) {
    if (ch === "{") depth++;
    if (ch === "}") depth--;
    if (depth === 0 && /[,\s]/.test(ch)) {
      if (word) out.push(word);
      word = "";
    } else word += ch;
  }
  if (word) out.push(word);
  return out;
}

/**
 * INI text as tox reads it, without its comments: a line whose first non-blank character is `;` or `#` is a
 * comment, also inside a multi-line value (opentelemetry-python's envlist has `; intentionally excluded from
 * pypy3` lines between its entries), and so is the rest of a line from a `;` or `#` after a space. Blank
 * lines stay: they do not end a multi-line value.
 */
export function iniWithoutComments(text: string): string {
  return text
    .split("\n")
    .filter((line) => !/^\s*[;#]/.test(line))
    .map((line) => line.replace(/\s+[;#].*$/, ""))
    .join("\n");
}

function iniSection(text: string, name: string): string | null {
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.trim() === `[${name}]`);
  if (at < 0) return null;
  const end = lines.findIndex((l, i) => i > at && /^\s*\[/.test(l));
  return lines.slice(at + 1, end < 0 ? undefined : end).join("\n");
}

/** An INI `key = value` with its indented continuation lines (blank lines between them included, as
 *  configparser reads them); `body` comes without comments (iniWithoutComments). */
function iniValue(body: string, keys: string[]): string | null {
  const lines = body.split("\n");
  const at = lines.findIndex((l) => keys.some((k) => new RegExp(`^\\s*${k}\\s*=`).test(l)));
  if (at < 0) return null;
  const more: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (line.trim() === "") continue;
    if (!/^\s+\S/.test(line)) break;
    more.push(line.trim());
  }
  return [(lines[at] as string).replace(/^[^=]*=/, ""), ...more].join("\n");
}

const quoted = (raw: string) => [...raw.matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2] ?? "");

/** The tox environments a project lists (tox.ini, pyproject `[tool.tox]`, tox.toml); null when no tox. */
export function toxEnvs(dir: string): string[] | null {
  const file = readIf(join(dir, "tox.ini"));
  const ini = file === undefined ? undefined : iniWithoutComments(file);
  if (ini !== undefined && /^\s*\[(tox|testenv)[\]:]/m.test(ini)) {
    const body = iniSection(ini, "tox") ?? "";
    const raw = iniValue(body, ["envlist", "env_list"]);
    return raw ? iniList(raw).flatMap(expandBraces) : [];
  }
  const pyproject = readIf(join(dir, "pyproject.toml")) ?? "";
  const toml = readIf(join(dir, "tox.toml"));
  const fromToml = (text: string) => {
    const legacy = /legacy_tox_ini\s*=\s*("""|''')([\s\S]*?)\1/.exec(text);
    if (legacy) {
      const legacyIni = iniWithoutComments(legacy[2] as string);
      const raw = iniValue(iniSection(legacyIni, "tox") ?? "", ["envlist", "env_list"]);
      return raw ? iniList(raw).flatMap(expandBraces) : [];
    }
    const list = /env_list\s*=\s*\[([^\]]*)\]/.exec(text);
    return list ? quoted(list[1] as string) : [];
  };
  if (toml !== undefined) return fromToml(toml);
  if (/^\[tool\.tox[\].]/m.test(pyproject))
    return fromToml(pyproject.slice(pyproject.search(/^\[tool\.tox/m)));
  return null;
}

/** nox sessions as `name` -> the Python versions its decorator lists (null: none listed, or computed). */
export function noxSessions(dir: string): Map<string, string[] | null> | null {
  const text = readIf(join(dir, "noxfile.py"));
  if (text === undefined) return null;
  const sessions = new Map<string, string[] | null>();
  const re = /@nox\.session(\(([\s\S]*?)\))?\s*\n(?:@[^\n]*\n)*\s*def\s+(\w+)/g;
  for (const m of text.matchAll(re)) {
    const args = m[2] ?? "";
    const named = /name\s*=\s*["']([^"']+)["']/.exec(args)?.[1];
    const python = /python\s*=\s*(\[[^\]]*\]|"[^"]*"|'[^']*'|\w+)/.exec(args)?.[1];
    const versions = python && /^["'[]/.test(python) ? quoted(python) : python ? [] : null;
    sessions.set(named ?? (m[3] as string), versions);
  }
  return sessions;
}

const TESTS = /^(tests?|unit|pytest)(\b|_|-)/i;

/** The version a session or environment should use: the one whose environment exists, else the running
 *  interpreter's, else the newest CPython listed. */
function pickVersion(listed: string[], existing: string[], minor: number | null): string | null {
  const cpython = listed.filter((v) => /^3\.\d+$/.test(v));
  const made = cpython.find((v) => existing.includes(v));
  if (made) return made;
  if (minor !== null && cpython.includes(`3.${minor}`)) return `3.${minor}`;
  return cpython.sort((a, b) => Number(b.slice(2)) - Number(a.slice(2)))[0] ?? null;
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * The repository's own test commands. `python` is the version of the interpreter init chose (e.g. 3.11.7),
 * which picks the tox environment or nox session when several Pythons are listed.
 */
export function detectTestCommands(dir: string, python?: string): TestCommands {
  const minor = python ? Number(python.split(".")[1]) : null;
  const commands: string[] = [];
  const notes: string[] = [];

  const tox = toxEnvs(dir);
  if (tox) {
    const made = list(join(dir, ".tox"));
    // py311 and py3.11 alike (tox 4 takes both); the running interpreter's first.
    const pyEnvs = tox.filter((e) => /^py3\.?\d+$/.test(e));
    const minorOf = (e: string) => Number(e.replace(/^py3\.?/, ""));
    const env =
      orderToolEnvs(pyEnvs.filter((e) => made.includes(e)))[0] ??
      pyEnvs.find((e) => minor !== null && minorOf(e) === minor) ??
      (minor !== null && pyEnvs.length === 0 ? `py3${minor}` : null) ??
      orderToolEnvs(pyEnvs)[0] ??
      orderToolEnvs(tox)[0];
    if (env) {
      commands.push(`tox -e ${env} --`, `tox run -e ${env} --`, `tox r -e ${env} --`);
      notes.push(
        `tox: environments ${tox.join(", ") || "(none listed)"}; the skill may run \`tox -e ${env} -- ...\``,
      );
    }
  }

  const nox = noxSessions(dir);
  if (nox && nox.size > 0) {
    const names = [...nox.keys()];
    const name = names.find((n) => TESTS.test(n)) ?? orderToolEnvs(names)[0];
    if (name) {
      const listed = nox.get(name) ?? null;
      const existing = list(join(dir, ".nox"))
        .filter((e) => e.startsWith(`${name}-`))
        .map((e) => e.slice(name.length + 1).replace(/^(\d+)-(\d+)$/, "$1.$2"));
      const version =
        listed === null
          ? null
          : (pickVersion(listed, existing, minor) ??
            (existing.find((v) => /^3\.\d+$/.test(v)) || (minor !== null ? `3.${minor}` : null)));
      const session = version ? `${name}-${version}` : name;
      commands.push(`nox -s ${session} --`);
      notes.push(`nox: sessions ${names.join(", ")}; the skill may run \`nox -s ${session} -- ...\``);
    }
  }

  const pyproject = readIf(join(dir, "pyproject.toml")) ?? "";
  if (/^\[tool\.hatch\.envs\.hatch-test[\].]/m.test(pyproject)) {
    commands.push("hatch test");
    notes.push("hatch: a hatch-test environment; the skill may run `hatch test ...`");
  } else {
    const script = /^\[tool\.hatch\.envs\.([\w-]+)\.scripts\]\s*\n((?:(?!\[)[^\n]*\n?)*)/gm;
    for (const m of pyproject.matchAll(script)) {
      const body = m[2] as string;
      const test = /^\s*(tests?|cov)\s*=.*pytest/m.exec(body);
      if (!test) continue;
      const envName = m[1] as string;
      const command = `hatch run ${envName === "default" ? "" : `${envName}:`}${test[1]}`;
      commands.push(command);
      notes.push(
        `hatch: the ${envName} environment's \`${test[1]}\` script runs pytest; the skill may run \`${command} ...\``,
      );
      break;
    }
  }

  const makefile = ["Makefile", "makefile", "GNUmakefile"].map((n) => readIf(join(dir, n))).find(Boolean);
  const target = makefile ? /^(tests?)\s*:(?!=)/m.exec(makefile)?.[1] : undefined;
  if (target) {
    commands.push(`make ${target}`);
    notes.push(`Makefile: a \`${target}\` target; the skill may run \`make ${target}\``);
  }

  if (existsSync(join(dir, "uv.lock"))) {
    const habits = uvRunHabits(dir);
    const run = ["uv", "run", ...habits].join(" ");
    commands.push(`${run} pytest`, `${run} python -m pytest`);
    notes.push(
      `uv: uv.lock${habits.length ? ` (its CI runs uv with ${habits.join(" ")})` : ""}; the skill may run \`${run} pytest ...\``,
    );
  }
  return { commands: [...new Set(commands)], notes };
}
