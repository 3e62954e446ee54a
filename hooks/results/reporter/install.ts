// Turning the streaming reporter on for a Claude Code session (SessionStart): write the plugin file into the
// project's state dir, check that the project's interpreter imports it, and only then append to
// $CLAUDE_ENV_FILE the lines that make later Bash commands load it:
//
//   export RUN_TESTS_SKILL_REPORT_DIR='<spool>/<session>'
//   export PYTHONPATH='<state>/reporter'"${PYTHONPATH:+:$PYTHONPATH}"
//   export PYTEST_ADDOPTS="-p run_tests_skill_reporter${PYTEST_ADDOPTS:+ $PYTEST_ADDOPTS}"
//
// Why this cannot break a pytest run, case by case:
//   - the module is missing or unimportable: the import check fails first and nothing is exported;
//   - the user's own --junitxml / --report-log / -p options: the plugin adds no option and writes its own file;
//   - xdist: workers load it too, but only annotate reports; the controller alone writes;
//   - `-p no:run_tests_skill_reporter` (or RUN_TESTS_SKILL_REPORTER=off at session start) turns it off.
// The residual risk: a tool that passes PYTEST_ADDOPTS on but drops PYTHONPATH (a tox env with
// `pass_env = PYTEST_*`, `python -E`, a container given only some variables) makes pytest stop with
// `Error importing plugin "run_tests_skill_reporter"`. The post-run hook recognises that exact error and
// says how to run without it (`PYTEST_ADDOPTS= ...`).
import {
  appendFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { globToRegExp, PROFILE_GLOB } from "../../core/glob.ts";
import { runProcess } from "../../core/run-process.ts";
import { writeAtomic } from "../../core/state/atomic-write.ts";
import { safeName } from "../../core/state/lock.ts";
import { REPORT_DIR_ENV, REPORTER_MODULE } from "../structured.ts";

export const ENV_MARKER = "# run-tests-skill: streaming pytest reporter";
const REPORTS_KEEP_DAYS = 7;

export function shellSingleQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

/** The lines for $CLAUDE_ENV_FILE (sourced by bash before each Bash command). */
export function reporterEnvLines(moduleDir: string, reportDir: string): string[] {
  return [
    `${ENV_MARKER} (delete these lines to turn it off)`,
    `export ${REPORT_DIR_ENV}=${shellSingleQuote(reportDir)}`,
    `export PYTHONPATH=${shellSingleQuote(moduleDir)}"\${PYTHONPATH:+:$PYTHONPATH}"`,
    `export PYTEST_ADDOPTS="-p ${REPORTER_MODULE}\${PYTEST_ADDOPTS:+ $PYTEST_ADDOPTS}"`,
  ];
}

/** A session id as a directory name. */
export function sessionDirName(sessionId: string | undefined): string {
  const clean = safeName(sessionId ?? "", 80);
  return clean === "" ? "default" : clean;
}

/** The session's report folder in the spool (hooks/core/state/protected.ts REPORT_SPOOL_DIR): pytest writes it
 *  from inside the sandbox, where the state dir is read-only; only the report hook reads it. */
export function reportDirFor(spoolDir: string, sessionId: string | undefined): string {
  return join(spoolDir, sessionDirName(sessionId));
}

/** Anything in the spool is the agent's to write: a spool that is not a plain folder (a planted symlink) is
 *  refused rather than followed. */
export function spoolProblem(spoolDir: string): string | null {
  try {
    const st = lstatSync(spoolDir);
    if (st.isSymbolicLink()) return `${spoolDir} is a symbolic link; remove it (the reporter stays off)`;
    if (!st.isDirectory()) return `${spoolDir} is not a folder; remove it (the reporter stays off)`;
  } catch {}
  return null;
}

export function moduleDirFor(stateDir: string): string {
  return join(stateDir, "reporter");
}

/** Write the plugin file when its content differs (atomic rename, so a running pytest never sees half). */
export function writeReporterModule(stateDir: string, source: string): string {
  const dir = moduleDirFor(stateDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${REPORTER_MODULE}.py`);
  const current = existsSync(file) ? readFileSync(file, "utf8") : null;
  if (current !== source) {
    writeAtomic(file, source);
  }
  return dir;
}

/** The interpreter that runs the project's tests, from the profile's runner.base (`py*\/bin/python -m pytest`
 *  is resolved in the project dir); python3 when the base does not start with an interpreter. */
export function interpreterFor(runnerBase: string, projectDir: string): string[] {
  const words = runnerBase.trim().split(/\s+/);
  const candidates: string[] = [];
  const first = words[0] ?? "";
  if (/(?:^|\/)python[\d.]*$/.test(first)) {
    if (first.includes("*")) {
      const [head, ...rest] = first.split("/");
      const re = globToRegExp(head ?? "", PROFILE_GLOB);
      try {
        for (const entry of readdirSync(projectDir)
          .filter((e) => re.test(e))
          .sort()
          .reverse()) {
          const path = join(projectDir, entry, ...rest);
          if (existsSync(path)) candidates.push(path);
        }
      } catch {}
    } else candidates.push(first.includes("/") && !first.startsWith("/") ? join(projectDir, first) : first);
  }
  const venv = join(projectDir, ".venv", "bin", "python");
  if (existsSync(venv)) candidates.push(venv);
  candidates.push("python3", "python");
  return [...new Set(candidates)];
}

export interface InstallResult {
  enabled: boolean;
  reason: string;
  python?: string;
}

export interface InstallOptions {
  stateDir: string;
  /** Where the reports go (InstallPaths.spoolDir). */
  spoolDir: string;
  projectDir: string;
  sessionId: string | undefined;
  envFile: string;
  runnerBase: string;
  source: string;
  /** Injected for tests; defaults to runProcess. */
  run?: (
    file: string,
    args: string[],
    env: NodeJS.ProcessEnv,
  ) => Promise<{ exitCode: number | undefined; failed: boolean; missing?: boolean }>;
  now?: number;
}

async function defaultRun(file: string, args: string[], env: NodeJS.ProcessEnv) {
  // A short budget: the SessionStart hook has 10 s in all, and a healthy import takes ~50 ms.
  const result = await runProcess(file, args, { env: { ...process.env, ...env }, timeoutMs: 4000 });
  return {
    exitCode: result.exitCode,
    failed: result.failed,
    missing: result.missing || result.exitCode === 127,
  };
}

export async function installReporter(options: InstallOptions): Promise<InstallResult> {
  const moduleDir = writeReporterModule(options.stateDir, options.source);
  const refused = spoolProblem(options.spoolDir);
  if (refused) return { enabled: false, reason: refused };
  const reportDir = reportDirFor(options.spoolDir, options.sessionId);
  mkdirSync(reportDir, { recursive: true });
  const ignore = join(options.spoolDir, ".gitignore");
  if (!existsSync(ignore))
    writeAtomic(ignore, "# run-tests-skill: streaming pytest reports, local only\n*\n");
  pruneReportDirs(options.spoolDir, options.now ?? Date.now(), reportDir);

  const run = options.run ?? defaultRun;
  let python: string | undefined;
  for (const candidate of interpreterFor(options.runnerBase, options.projectDir)) {
    const env = { ...process.env, PYTHONPATH: moduleDir, PYTHONDONTWRITEBYTECODE: "1" };
    const result = await run(candidate, ["-c", `import ${REPORTER_MODULE}`], env).catch(() => ({
      exitCode: undefined,
      failed: true,
      missing: true,
    }));
    if (result.exitCode === 0) {
      python = candidate;
      break;
    }
    // Only a missing interpreter sends us to the next candidate; one that exists but cannot import the
    // module (or hangs) means the env lines would break pytest here: inject nothing.
    if (!result.missing)
      return { enabled: false, reason: `${candidate} could not import the reporter module` };
  }
  if (!python) return { enabled: false, reason: "no Python interpreter found" };

  const existing = existsSync(options.envFile) ? readFileSync(options.envFile, "utf8") : "";
  if (existing.includes(ENV_MARKER)) return { enabled: true, reason: "already enabled", python };
  mkdirSync(dirname(options.envFile), { recursive: true });
  const prefix = existing === "" || existing.endsWith("\n") ? "" : "\n";
  appendFileSync(options.envFile, `${prefix}${reporterEnvLines(moduleDir, reportDir).join("\n")}\n`);
  return { enabled: true, reason: "enabled", python };
}

/** Report dirs of sessions older than a week go (each session has its own). Never follows a link: the spool is
 *  writable from inside the sandbox, so an entry may be a symlink to anything; a link is removed as a link. */
function pruneReportDirs(reportsRoot: string, now: number, keep: string): void {
  let entries: string[] = [];
  try {
    entries = readdirSync(reportsRoot);
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(reportsRoot, entry);
    if (path === keep || entry === ".gitignore") continue;
    try {
      const st = lstatSync(path);
      if (now - st.mtimeMs <= REPORTS_KEEP_DAYS * 86_400_000) continue;
      if (st.isDirectory()) rmSync(path, { recursive: true, force: true });
      else unlinkSync(path);
    } catch {}
  }
}
