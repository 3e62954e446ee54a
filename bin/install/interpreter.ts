// Which interpreter runs the project's tests. `init` asks this when it detects a profile, `doctor` when it
// checks an installation. A candidate counts only when it proves itself (issue 20): it imports pytest and the
// project's package FROM THIS CHECKOUT (the module's file lies in the project, not in an installed copy under
// site-packages), with the project's own pytest `pythonpath` ini setting applied as pytest would; or, when the
// package cannot tell (no package, or it does not import), `-m pytest --collect-only -q` collects without
// errors within a time limit. Candidates, in order: the project's venv folders, its nox and tox environments,
// a uv workspace root's .venv, `uv run` for a uv project, and `python`/`python3` on PATH. Each costs one short
// `-c` probe process that prints one JSON line; nothing is written anywhere (no bytecode either).
import {
  accessSync,
  constants,
  existsSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
} from "node:fs";
import { delimiter, isAbsolute, join, relative, resolve, sep } from "node:path";
import { execa } from "execa";
import { orderToolEnvs, TOOL_ENV_DIRS } from "../../hooks/core/profile/runner.ts";
import { uvWorkspaceRoot } from "../../hooks/runtime/uv-workspace.ts";

/** The probe's marker: a sitecustomize or a noisy package may print before it. */
const MARK = "RUN-TESTS-SKILL-PROBE ";
/** One line of Python (3.6+): imports each module named in argv and prints what happened, as JSON. */
const PROBE = [
  "import json, os, sys",
  "def attempt(name):",
  "    try:",
  "        m = __import__(name)",
  "        f = getattr(m, '__file__', None) or next(iter(getattr(m, '__path__', None) or []), None)",
  "        return {'ok': True, 'version': str(getattr(m, '__version__', '') or ''),",
  "                'file': os.path.realpath(f) if f else ''}",
  "    except BaseException as e:",
  "        return {'ok': False, 'error': ('%s: %s' % (type(e).__name__, e)).splitlines()[0][:200]}",
  "out = {'python': '%d.%d.%d' % sys.version_info[:3], 'executable': sys.executable,",
  "       'modules': dict((n, attempt(n)) for n in sys.argv[1:])}",
  `print(${JSON.stringify(MARK)} + json.dumps(out))`,
].join("\n");

export const PROBE_TIMEOUT_MS = 20_000;

export interface ModuleImport {
  ok: boolean;
  version?: string;
  /** The module's file (or package folder), symlinks resolved; "" for a namespace or builtin module. */
  file?: string;
  error?: string;
}

export type Probe =
  | { ran: true; python: string; executable: string; modules: Record<string, ModuleImport> }
  | { ran: false; why: string };

export interface ProbeOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Prepended to PYTHONPATH for this probe only (doctor: the folder holding the reporter module; the
   *  project's own pytest `pythonpath` folders, as pytest puts them on sys.path). */
  pythonPath?: string | readonly string[];
}

/** Run `argv -c <probe> modules...` in the project folder: what the interpreter is and what it imports. */
export async function probeInterpreter(argv: string[], modules: string[], o: ProbeOptions): Promise<Probe> {
  const [file, ...pre] = argv;
  if (!file) return { ran: false, why: "no interpreter given" };
  const env: NodeJS.ProcessEnv = { ...o.env, PYTHONDONTWRITEBYTECODE: "1" };
  const extra = typeof o.pythonPath === "string" ? [o.pythonPath] : [...(o.pythonPath ?? [])];
  if (extra.length > 0) env.PYTHONPATH = [...extra, o.env.PYTHONPATH].filter(Boolean).join(delimiter);
  const timeoutMs = o.timeoutMs ?? PROBE_TIMEOUT_MS;
  const r = await execa(file, [...pre, "-c", PROBE, ...modules], {
    cwd: o.cwd,
    env,
    extendEnv: false,
    reject: false,
    stdin: "ignore",
    timeout: timeoutMs,
  });
  if (r.timedOut) return { ran: false, why: `no answer within ${timeoutMs / 1000} s` };
  if ((r as { code?: string }).code === "ENOENT") return { ran: false, why: `${file} not found` };
  const line = String(r.stdout)
    .split("\n")
    .find((l) => l.startsWith(MARK));
  if (!line) {
    const last = `${r.stderr}\n${r.stdout}`.trim().split("\n").pop() ?? "";
    return { ran: false, why: `exited ${r.exitCode ?? "?"}${last ? `: ${last.slice(0, 200)}` : ""}` };
  }
  const json = JSON.parse(line.slice(MARK.length)) as {
    python: string;
    executable: string;
    modules: Record<string, ModuleImport>;
  };
  return { ran: true, ...json };
}

// --- Finding programs -------------------------------------------------------------------------------------

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The file `name` runs from PATH, as a shell would find it; null when it is not there. */
export function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
  for (const folder of (env.PATH ?? "").split(delimiter)) {
    if (!folder) continue;
    const path = join(folder, name);
    if (isExecutableFile(path)) return path;
  }
  return null;
}

/**
 * The argv that runs a profile's `runner.python` (one or more words, e.g. `.venv/bin/python`, `python3`,
 * `uv run python`) from the project folder, or why it does not resolve.
 */
export function resolveInterpreter(
  python: string,
  dir: string,
  env: NodeJS.ProcessEnv,
): { ok: true; argv: string[]; file: string } | { ok: false; why: string } {
  const [first = "", ...rest] = python.trim().split(/\s+/);
  if (first.includes("/")) {
    const file = isAbsolute(first) ? first : join(dir, first);
    if (!existsSync(file)) return { ok: false, why: `${first} does not exist` };
    if (!isExecutableFile(file)) return { ok: false, why: `${first} is not an executable file` };
    return { ok: true, argv: [file, ...rest], file };
  }
  const file = onPath(first, env);
  return file ? { ok: true, argv: [file, ...rest], file } : { ok: false, why: `\`${first}\` is not on PATH` };
}

// --- Whose code an interpreter imports ------------------------------------------------------------------

/** Path segments of an installed copy: a module found there is not the checkout, even inside the project
 *  (a non-editable install into .venv). */
const INSTALLED = /(^|[/\\])(site-packages|dist-packages)([/\\]|$)/;

export type Provenance = { kind: "checkout" } | { kind: "installed"; file: string } | { kind: "unknown" };

/** Where an imported module came from: the project checkout (`dir`), an installed copy, or cannot say. */
export function provenance(imported: ModuleImport | undefined, dir: string): Provenance {
  if (!imported?.ok || !imported.file) return { kind: "unknown" };
  let root = dir;
  try {
    root = realpathSync(dir);
  } catch {}
  const rel = relative(root, imported.file);
  const inside = rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
  if (inside && !INSTALLED.test(rel)) return { kind: "checkout" };
  return { kind: "installed", file: imported.file };
}

/** A module's file shown short: up to and including the package folder under site-packages. */
function shortFile(file: string): string {
  const at = file.search(/[/\\](site|dist)-packages[/\\]/);
  if (at < 0) return file;
  const rest = file.slice(at + 1).split(/[/\\]/);
  return [file.slice(0, at), ...rest.slice(0, 2)].join(sep);
}

export const COLLECT_TIMEOUT_MS = 60_000;

export type Collection = { ok: true; summary: string } | { ok: false; why: string };

/** `argv -m pytest --collect-only -q` in the project: collects tests without errors (exit 0)? No tests
 *  collected (exit 5) proves nothing. */
export async function collectOnly(
  argv: string[],
  o: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<Collection> {
  const [file, ...pre] = argv;
  if (!file) return { ok: false, why: "no interpreter given" };
  const timeoutMs = o.timeoutMs ?? COLLECT_TIMEOUT_MS;
  const r = await execa(file, [...pre, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"], {
    cwd: o.cwd,
    env: { ...o.env, PYTHONDONTWRITEBYTECODE: "1", PYTEST_ADDOPTS: "" },
    extendEnv: false,
    reject: false,
    stdin: "ignore",
    timeout: timeoutMs,
  });
  if (r.timedOut) return { ok: false, why: `collection did not finish within ${timeoutMs / 1000} s` };
  const lines = `${r.stdout}`.trim().split("\n");
  const last = lines.at(-1)?.replace(/^=+\s*|\s*=+$/g, "") ?? "";
  if (r.exitCode === 0) return { ok: true, summary: last || "collected" };
  if (r.exitCode === 5) return { ok: false, why: "no tests collected" };
  const errors = lines.filter((l) => /^ERROR /.test(l)).length;
  return {
    ok: false,
    why: `exit ${r.exitCode ?? "?"}${errors ? `, ${errors} collection error${errors > 1 ? "s" : ""}` : ""}${last ? `: ${last.slice(0, 160)}` : ""}`,
  };
}

// --- Detection --------------------------------------------------------------------------------------------

/** What a profile's `runner:` section gets: the interpreter, or (uv) the pytest command. */
export type DetectedRunner = { python: string } | { base: string };

export type RunnerDetection =
  | {
      ok: true;
      runner: DetectedRunner;
      /** How to run the chosen interpreter from here (for `pytest --help`). */
      argv: string[];
      /** The runner's interpreter as the skill writes it. */
      label: string;
      pytestVersion: string;
      /** The chosen interpreter's Python version, e.g. 3.11.7. */
      pythonVersion: string;
      /** One line per candidate tried, the chosen one marked `-> runner`. */
      notes: string[];
      /** false: nothing proved itself; the chosen runner is a guess (its note says why). */
      proven: boolean;
    }
  | { ok: false; notes: string[]; problem: string; fix: string };

interface Candidate {
  /** As the skill writes it. */
  label: string;
  runner: DetectedRunner;
  argv: string[];
  /** Shown after the label, e.g. the file PATH resolved it to. */
  where?: string;
  /** A venv folder: the fix when it lacks pytest names it. */
  venv?: string;
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

const hasPython = (folder: string) => isExecutableFile(join(folder, "bin", "python"));

/** Venv folders in the order they count: UV_PROJECT_ENVIRONMENT, .venv, venv, env, py3XX (newest first). */
export function venvFolders(dir: string, env: NodeJS.ProcessEnv): string[] {
  const named = env.UV_PROJECT_ENVIRONMENT?.trim();
  const pyXY = listDir(dir)
    .filter((n) => /^py3\d+$/.test(n))
    .sort((a, b) => Number(b.slice(2)) - Number(a.slice(2)));
  const inside = named ? projectRelative(dir, named) : null;
  const names = [...(inside ? [inside] : []), ".venv", "venv", "env", ...pyXY];
  return [...new Set(names)].filter((n) => hasPython(isAbsolute(n) ? n : join(dir, n)));
}

/**
 * UV_PROJECT_ENVIRONMENT as the committed skill may write it: relative to the project when inside it, else
 * null (a path on this machine must not land in the repository; `uv run`, which reads the variable, can).
 */
export function projectRelative(dir: string, named: string): string | null {
  const path = relative(dir, resolve(dir, named.replace(/\/+$/, "")));
  return path === "" || path.startsWith("..") || isAbsolute(path) ? null : path.split("\\").join("/");
}

/** The project's nox and tox environments (`.nox/tests-3-11`, `.tox/py311`), most relevant first. */
export function toolEnvFolders(dir: string): string[] {
  return TOOL_ENV_DIRS.flatMap((tool) =>
    orderToolEnvs(listDir(join(dir, tool)).filter((n) => hasPython(join(dir, tool, n)))).map(
      (n) => `${tool}/${n}`,
    ),
  );
}

// The uv workspace lookup is shared with the plugin route's guess (hooks/runtime/guess-runner.ts).
export { uvWorkspaceRoot };

/** `uv run` options the project's CI uses (`--locked`, `--frozen`), read from .github/workflows. */
export function uvRunHabits(dir: string): string[] {
  const folder = join(dir, ".github", "workflows");
  const text = listDir(folder)
    .filter((n) => /\.ya?ml$/.test(n))
    .map((n) => {
      try {
        return readFileSync(join(folder, n), "utf8");
      } catch {
        return "";
      }
    })
    .join("\n");
  const env = (name: string) => new RegExp(`${name}\\s*:\\s*["']?(1|true)`, "i").test(text);
  if (/uv (run|sync)\b[^\n]*--locked/.test(text) || env("UV_LOCKED")) return ["--locked"];
  if (/uv (run|sync)\b[^\n]*--frozen/.test(text) || env("UV_FROZEN")) return ["--frozen"];
  return [];
}

/** The candidates in order of evidence; `{ skip }` where one could not even be tried (said in the notes). */
function candidates(dir: string, env: NodeJS.ProcessEnv): (Candidate | { skip: string })[] {
  const out: (Candidate | { skip: string })[] = [];
  const named = env.UV_PROJECT_ENVIRONMENT?.trim();
  if (named && projectRelative(dir, named) === null)
    out.push({
      skip: "UV_PROJECT_ENVIRONMENT: outside the project, so not written into the committed skill (a path on this machine); `uv run`, which reads the variable, is tried where the project uses uv",
    });
  const venvAt = (label: string, folder: string) => ({
    label,
    runner: { python: label },
    argv: [isAbsolute(label) ? label : join(dir, label)],
    venv: folder,
  });
  for (const folder of [...venvFolders(dir, env), ...toolEnvFolders(dir)])
    out.push(venvAt(`${folder}/bin/python`, folder));
  const workspace = uvWorkspaceRoot(dir);
  if (workspace && hasPython(join(workspace, ".venv"))) {
    const folder = relative(dir, join(workspace, ".venv")).split(sep).join("/");
    out.push({ ...venvAt(`${folder}/bin/python`, folder), where: "the uv workspace's environment" });
  }
  if (existsSync(join(dir, "uv.lock")) || (workspace && existsSync(join(workspace, "uv.lock")))) {
    const uv = onPath("uv", env);
    const habits = uvRunHabits(workspace ?? dir);
    const run = ["run", ...habits];
    if (uv)
      out.push({
        label: ["uv", ...run, "python"].join(" "),
        runner: { base: ["uv", ...run, "pytest"].join(" ") },
        argv: [uv, ...run, "python"],
      });
    else out.push({ skip: "uv run: uv.lock is here but `uv` is not on PATH" });
  }
  for (const name of ["python", "python3"]) {
    const file = onPath(name, env);
    if (file) out.push({ label: name, runner: { python: name }, argv: [file], where: file });
    else out.push({ skip: `${name}: not on PATH` });
  }
  return out;
}

interface Tried {
  c: Candidate;
  name: string;
  pytest: string;
  python: string;
  /** Index of its note. */
  at: number;
}

/**
 * Find the runner: the first candidate that imports pytest and `pkg` from this checkout. When none does
 * (or there is no package to ask about), the first candidate with pytest whose `--collect-only` collects
 * without errors, except one that imports an installed copy of `pkg` (its tests would test that copy). Else
 * the first with pytest, as a guess with a warning; else a problem with the fix.
 */
export async function detectRunner(
  dir: string,
  o: {
    env: NodeJS.ProcessEnv;
    pkg?: string;
    timeoutMs?: number;
    /** The project's pytest `pythonpath` folders (absolute), on sys.path as pytest puts them. */
    pythonPath?: readonly string[];
    /** Time limit of each `--collect-only` proof. */
    collectTimeoutMs?: number;
  },
): Promise<RunnerDetection> {
  const notes: string[] = [];
  const all = candidates(dir, o.env);
  const list = all.filter((c): c is Candidate => !("skip" in c));
  const modules = ["pytest", ...(o.pkg ? [o.pkg] : [])];
  const unproven: Tried[] = [];
  const stale: Tried[] = [];
  let venvWithoutPytest: string | null = null;
  let pathWithoutPytest: string | null = null;
  const chosen = (t: Tried, proven: boolean): RunnerDetection => {
    notes[t.at] = `${notes[t.at]} -> runner`;
    if (venvWithoutPytest && !t.c.venv)
      notes.push(
        `warning: ${venvWithoutPytest}/ has no pytest, so the tests run under ${t.c.label}, which does not see the packages installed in ${venvWithoutPytest}/; to use it: ${venvWithoutPytest}/bin/python -m pip install pytest, then delete .claude/run-tests-skill/profile.yaml and run init again`,
      );
    return {
      ok: true,
      runner: t.c.runner,
      argv: t.c.argv,
      label: t.c.label,
      pytestVersion: t.pytest,
      pythonVersion: t.python,
      notes,
      proven,
    };
  };
  for (const c of all) {
    if ("skip" in c) {
      notes.push(c.skip);
      continue;
    }
    const name = c.where ? `${c.label} (${c.where})` : c.label;
    const probe = await probeInterpreter(c.argv, modules, {
      cwd: dir,
      env: o.env,
      ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
      ...(o.pythonPath?.length ? { pythonPath: o.pythonPath } : {}),
    });
    if (!probe.ran) {
      notes.push(`${name}: does not run (${probe.why})`);
      continue;
    }
    const pytest = probe.modules.pytest;
    if (!pytest?.ok) {
      notes.push(`${name}: Python ${probe.python}, no pytest (${pytest?.error ?? "not importable"})`);
      if (c.venv) venvWithoutPytest ??= c.venv;
      else if (!c.label.startsWith("uv ")) pathWithoutPytest ??= c.label;
      continue;
    }
    const tried = (note: string): Tried => {
      notes.push(note);
      return { c, name, pytest: pytest.version ?? "", python: probe.python, at: notes.length - 1 };
    };
    if (!o.pkg) {
      unproven.push(tried(`${name}: imports pytest ${pytest.version}`));
      continue;
    }
    const pkg = probe.modules[o.pkg];
    const from = provenance(pkg, dir);
    if (from.kind === "checkout")
      return chosen(tried(`${name}: imports pytest ${pytest.version} and ${o.pkg} from this checkout`), true);
    if (from.kind === "installed") {
      stale.push(
        tried(
          `${name}: imports pytest ${pytest.version} but ${o.pkg}${pkg?.version ? ` ${pkg.version}` : ""} from ${shortFile(from.file)}, an installed copy, not this checkout: its tests would test that copy`,
        ),
      );
      continue;
    }
    unproven.push(
      tried(
        `${name}: imports pytest ${pytest.version} but not ${o.pkg} (${pkg?.error ?? "no file to tell where from"})`,
      ),
    );
  }
  // No candidate imports the package from here (or there is no package): let pytest itself say whether the
  // tests load, first come first served, a few at most (each is a full collection).
  for (const t of unproven.slice(0, 3)) {
    const collected = await collectOnly(t.c.argv, {
      cwd: dir,
      env: o.env,
      ...(o.collectTimeoutMs ? { timeoutMs: o.collectTimeoutMs } : {}),
    });
    notes[t.at] = `${notes[t.at]}; --collect-only: ${collected.ok ? collected.summary : collected.why}`;
    if (collected.ok) return chosen(t, true);
  }
  const guess = unproven[0] ?? stale[0];
  if (guess) {
    const fix = guess.c.venv
      ? `${guess.c.label} -m pip install -e .`
      : `install this checkout for ${guess.c.label} (${guess.c.label} -m pip install -e .), or create a project venv that has it`;
    const result = chosen(guess, false);
    notes.push(
      o.pkg
        ? `warning: no interpreter here imports ${o.pkg} from this checkout; tests will fail or test another copy until one does (${fix})`
        : `warning: no interpreter here collects the tests without errors; fix the environment (${fix})`,
    );
    return result;
  }
  const fix = venvWithoutPytest
    ? `install pytest into ${venvWithoutPytest}: ${venvWithoutPytest}/bin/python -m pip install pytest`
    : pathWithoutPytest
      ? `install pytest for ${pathWithoutPytest}: ${pathWithoutPytest} -m pip install pytest (or create a project venv with it: python3 -m venv .venv && .venv/bin/python -m pip install pytest)`
      : "install Python 3 with pytest, or create a project venv: python3 -m venv .venv && .venv/bin/python -m pip install pytest";
  return {
    ok: false,
    notes,
    problem: `no interpreter here can run pytest (tried: ${list.map((c) => c.label).join(", ") || "none found"})`,
    fix: `${fix}; or pass --profile with runner.python set to the interpreter that runs your tests`,
  };
}
