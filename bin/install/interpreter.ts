// Which interpreter runs the project's tests. `init` asks this when it detects a profile, `doctor` when it
// checks an installation. Evidence, in order: a project venv folder whose interpreter imports pytest and the
// project's package; `uv run` for a uv project (uv.lock) when uv is on PATH; the interpreter `python`, else
// `python3`, resolves to on PATH. Each candidate costs one short process: a `-c` probe that imports the
// modules it is given and prints one JSON line. Nothing is written anywhere (no bytecode either).
import { accessSync, constants, existsSync, readdirSync, statSync } from "node:fs";
import { delimiter, isAbsolute, join, relative, resolve } from "node:path";
import { execa } from "execa";

/** The probe's marker: a sitecustomize or a noisy package may print before it. */
const MARK = "RUN-TESTS-SKILL-PROBE ";
/** One line of Python (3.6+): imports each module named in argv and prints what happened, as JSON. */
const PROBE = [
  "import json, sys",
  "def attempt(name):",
  "    try:",
  "        m = __import__(name)",
  "        return {'ok': True, 'version': str(getattr(m, '__version__', '') or '')}",
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
  error?: string;
}

export type Probe =
  | { ran: true; python: string; executable: string; modules: Record<string, ModuleImport> }
  | { ran: false; why: string };

export interface ProbeOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Prepended to PYTHONPATH for this probe only (doctor: the folder holding the reporter module). */
  pythonPath?: string;
}

/** Run `argv -c <probe> modules...` in the project folder: what the interpreter is and what it imports. */
export async function probeInterpreter(argv: string[], modules: string[], o: ProbeOptions): Promise<Probe> {
  const [file, ...pre] = argv;
  if (!file) return { ran: false, why: "no interpreter given" };
  const env: NodeJS.ProcessEnv = { ...o.env, PYTHONDONTWRITEBYTECODE: "1" };
  if (o.pythonPath) env.PYTHONPATH = [o.pythonPath, o.env.PYTHONPATH].filter(Boolean).join(delimiter);
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
      /** One line per candidate tried, the chosen one marked `-> runner`. */
      notes: string[];
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

/** Venv folders in the order they count: UV_PROJECT_ENVIRONMENT, .venv, venv, env, py3XX (newest first). */
export function venvFolders(dir: string, env: NodeJS.ProcessEnv): string[] {
  const named = env.UV_PROJECT_ENVIRONMENT?.trim();
  const pyXY = (() => {
    try {
      return readdirSync(dir)
        .filter((n) => /^py3\d+$/.test(n))
        .sort((a, b) => Number(b.slice(2)) - Number(a.slice(2)));
    } catch {
      return [];
    }
  })();
  const inside = named ? projectRelative(dir, named) : null;
  const names = [...(inside ? [inside] : []), ".venv", "venv", "env", ...pyXY];
  return [...new Set(names)].filter((n) =>
    isExecutableFile(isAbsolute(n) ? join(n, "bin", "python") : join(dir, n, "bin", "python")),
  );
}

/**
 * UV_PROJECT_ENVIRONMENT as the committed skill may write it: relative to the project when inside it, else
 * null (a path on this machine must not land in the repository; `uv run`, which reads the variable, can).
 */
export function projectRelative(dir: string, named: string): string | null {
  const path = relative(dir, resolve(dir, named.replace(/\/+$/, "")));
  return path === "" || path.startsWith("..") || isAbsolute(path) ? null : path.split("\\").join("/");
}

/** The candidates in order of evidence; `{ skip }` where one could not even be tried (said in the notes). */
function candidates(dir: string, env: NodeJS.ProcessEnv): (Candidate | { skip: string })[] {
  const out: (Candidate | { skip: string })[] = [];
  const named = env.UV_PROJECT_ENVIRONMENT?.trim();
  if (named && projectRelative(dir, named) === null)
    out.push({
      skip: "UV_PROJECT_ENVIRONMENT: outside the project, so not written into the committed skill (a path on this machine); `uv run`, which reads the variable, is tried where the project uses uv",
    });
  for (const folder of venvFolders(dir, env)) {
    const label = `${folder}/bin/python`;
    out.push({
      label,
      runner: { python: label },
      argv: [isAbsolute(label) ? label : join(dir, label)],
      venv: folder,
    });
  }
  if (existsSync(join(dir, "uv.lock"))) {
    const uv = onPath("uv", env);
    if (uv)
      out.push({ label: "uv run python", runner: { base: "uv run pytest" }, argv: [uv, "run", "python"] });
    else out.push({ skip: "uv run: uv.lock is here but `uv` is not on PATH" });
  }
  for (const name of ["python", "python3"]) {
    const file = onPath(name, env);
    if (file) out.push({ label: name, runner: { python: name }, argv: [file], where: file });
    else out.push({ skip: `${name}: not on PATH` });
  }
  return out;
}

/**
 * Find the runner: the first candidate that imports pytest and `pkg` (when the project has a package); else
 * the first that imports pytest (with a warning); else a problem with the fix.
 */
export async function detectRunner(
  dir: string,
  o: { env: NodeJS.ProcessEnv; pkg?: string; timeoutMs?: number },
): Promise<RunnerDetection> {
  const notes: string[] = [];
  const all = candidates(dir, o.env);
  const list = all.filter((c): c is Candidate => !("skip" in c));
  const modules = ["pytest", ...(o.pkg ? [o.pkg] : [])];
  let fallback: { c: Candidate; version: string; at: number; why: string } | null = null;
  let venvWithoutPytest: string | null = null;
  let pathWithoutPytest: string | null = null;
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
    const pkg = o.pkg ? probe.modules[o.pkg] : undefined;
    if (o.pkg && !pkg?.ok) {
      const why = `${pkg?.error ?? "not importable"}`;
      notes.push(`${name}: imports pytest ${pytest.version} but not ${o.pkg} (${why})`);
      fallback ??= { c, version: pytest.version ?? "", at: notes.length - 1, why };
      continue;
    }
    notes.push(`${name}: imports pytest ${pytest.version}${o.pkg ? ` and ${o.pkg}` : ""} -> runner`);
    if (venvWithoutPytest && !c.venv)
      notes.push(
        `warning: ${venvWithoutPytest}/ has no pytest, so the tests run under ${c.label}, which does not see the packages installed in ${venvWithoutPytest}/; to use it: ${venvWithoutPytest}/bin/python -m pip install pytest, then delete .claude/run-tests-skill/profile.yaml and run init again`,
      );
    return {
      ok: true,
      runner: c.runner,
      argv: c.argv,
      label: c.label,
      pytestVersion: pytest.version ?? "",
      notes,
    };
  }
  if (fallback) {
    notes[fallback.at] = `${notes[fallback.at]} -> runner`;
    const install = fallback.c.venv
      ? `${fallback.c.label} -m pip install -e .`
      : `install ${o.pkg} for ${fallback.c.label}`;
    notes.push(
      `warning: no interpreter imports both pytest and ${o.pkg}; tests that import ${o.pkg} will fail until it does (${install})`,
    );
    return {
      ok: true,
      runner: fallback.c.runner,
      argv: fallback.c.argv,
      label: fallback.c.label,
      pytestVersion: fallback.version,
      notes,
    };
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
