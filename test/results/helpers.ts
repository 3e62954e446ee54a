// Helpers for the results tests: copy a fixture project to a temp dir, run the installed pytest on it, and
// wrap its output in the hook input shapes Claude Code 2.1.332 produces (test/fixtures/claude-code-2.1.332).
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa, execaSync } from "execa";
import { BUNDLE_HOME } from "../../bin/build/registration.ts";
import { PYDEPS_DIR } from "../setup/python.ts";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const FIXTURES = join(REPO, "test", "fixtures", "pytest");
export const RECORDED = join(REPO, "test", "fixtures", "recorded");
export const REPORT_BUNDLE = join(REPO, BUNDLE_HOME, "report.cjs");
export const SESSION_START_BUNDLE = join(REPO, BUNDLE_HOME, "session-start.cjs");
export const REPORTER_DIR = join(REPO, "hooks", "results", "reporter");

const tempDirs: string[] = [];

export function tempDir(prefix = "rts-results-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export function cleanupTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A private copy of a fixture project (pytest writes nothing into the repo). */
export function copyFixture(name: string): string {
  const dir = tempDir(`rts-${name}-`);
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

/** The environment a Bash call in Claude Code gives pytest: no TTY, 80 columns, no colour, and none of our
 *  own reporter variables unless a test sets them. */
export function pytestEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, COLUMNS: "80", PYTHONDONTWRITEBYTECODE: "1", ...extra };
  // pytest-xdist and pytest-timeout come from the private folder test/setup/python-deps.ts fills; a test's
  // own PYTHONPATH goes first.
  env.PYTHONPATH = [extra.PYTHONPATH ?? process.env.PYTHONPATH ?? "", PYDEPS_DIR].filter(Boolean).join(":");
  for (const key of [
    "RUN_TESTS_SKILL_REPORT_DIR",
    "PY_COLORS",
    "FORCE_COLOR",
    "NO_COLOR",
    "PYTEST_XDIST_AUTO_NUM_WORKERS",
    // pytest stops cutting short-summary lines at the terminal width when CI or BUILD_NUMBER is set, and
    // CI runs this suite with CI=true; a case that wants that form sets it (see longIdsUnderCi).
    "CI",
    "BUILD_NUMBER",
  ])
    if (!(key in extra)) delete env[key];
  // Plugins the fixtures do not use cost half of pytest's start-up; -p no: for an absent plugin is harmless.
  env.PYTEST_ADDOPTS = [SPEED_OPTS, extra.PYTEST_ADDOPTS ?? ""].join(" ").trim();
  return env;
}

export const SPEED_OPTS = "-p no:hypothesispytest -p no:benchmark";

export interface PytestResult {
  /** stdout and stderr interleaved, as Claude Code merges them. */
  output: string;
  exitCode: number;
  command: string;
  ms?: number;
}

/** Stop the run the way a user or a timeout would, once pytest has provably reached the test that hangs:
 *  the fixture test writes the file named by $RTS_REACHED_MARKER, and only then is the signal sent (to the
 *  whole process group, as a terminal's Ctrl-C is). Never a fixed delay: a loaded machine may take many
 *  seconds to start pytest. */
export interface StopWhenReached {
  signal: "SIGINT" | "SIGKILL" | "SIGTERM";
}

/** Run a shell command line (as the Bash tool would) in `cwd`. */
export async function runShell(
  command: string,
  cwd: string,
  extraEnv: Record<string, string> = {},
  stop?: StopWhenReached,
  timeoutMs = 60_000,
): Promise<PytestResult> {
  const started = Date.now();
  const marker = stop ? join(tempDir("rts-marker-"), "reached") : null;
  const child = execa("bash", ["-c", command], {
    cwd,
    env: pytestEnv(marker ? { ...extraEnv, RTS_REACHED_MARKER: marker } : extraEnv),
    extendEnv: false,
    all: true,
    reject: false,
    timeout: timeoutMs,
    stdin: "ignore",
    // Its own process group, so the signal reaches the shell and pytest together, as from a terminal.
    detached: stop !== undefined,
  });
  if (stop && marker && child.pid !== undefined) {
    const pid = child.pid;
    let exited = false;
    child.finally(() => {
      exited = true;
    });
    while (!exited && !existsSync(marker)) await new Promise((r) => setTimeout(r, 25));
    if (!exited) {
      try {
        process.kill(-pid, stop.signal);
      } catch {
        // the group ended between the check and the signal
      }
    }
  }
  const result = await child;
  // A shell that dies by a signal reports 128 + its number, as the Bash tool does.
  const bySignal = result.signal
    ? 128 + (constants.signals[result.signal as keyof typeof constants.signals] ?? 0)
    : -1;
  return {
    output: result.all ?? "",
    exitCode: result.exitCode ?? bySignal,
    command,
    ms: Date.now() - started,
  };
}

export function hasModule(module: string): boolean {
  const r = execaSync("python", ["-c", `import ${module}`], {
    reject: false,
    env: pytestEnv(),
    extendEnv: false,
  });
  return r.exitCode === 0;
}

export const HAS_XDIST = hasModule("xdist");
export const HAS_TIMEOUT_PLUGIN = hasModule("pytest_timeout");
/** The notes of a visible skip (ctx.skip(condition, note)): what is missing and how to get it. */
export const XDIST_MISSING =
  "pytest-xdist is not importable: test/setup/python-deps.ts installs it into .cache/pydeps when pip's index is reachable";
export const TIMEOUT_MISSING =
  "pytest-timeout is not importable: test/setup/python-deps.ts installs it into .cache/pydeps when pip's index is reachable";

const base = {
  session_id: "11111111-2222-3333-4444-555555555555",
  transcript_path: "/tmp/transcript.jsonl",
  permission_mode: "default",
  prompt_id: "6f5bd4ed-ef35-4fc6-8326-4a150eb8d8aa",
  effort: { level: "medium" },
  tool_name: "Bash",
};

let toolUseCounter = 0;
function toolUseId(): string {
  toolUseCounter += 1;
  return `toolu_test_${process.pid}_${toolUseCounter}_${Date.now()}`;
}

/** The event Claude Code fires for this outcome (claude-code-hooks.md §2.1): exit 0 -> PostToolUse with
 *  stdout; anything else -> PostToolUseFailure with "Exit code N\n" + merged output. */
export function hookInputFor(result: PytestResult, cwd: string, extra: Record<string, unknown> = {}) {
  if (result.exitCode === 0) return postToolUse(result.command, result.output, cwd, extra);
  return postToolUseFailure(result.command, `Exit code ${result.exitCode}\n${result.output}`, cwd, extra);
}

export function postToolUse(
  command: string,
  stdout: string,
  cwd: string,
  response: Record<string, unknown> = {},
) {
  return {
    ...base,
    cwd,
    hook_event_name: "PostToolUse" as const,
    tool_input: { command, description: "run tests" },
    tool_response: {
      stdout,
      stderr: "",
      interrupted: false,
      isImage: false,
      noOutputExpected: false,
      ...response,
    },
    tool_use_id: toolUseId(),
    duration_ms: 1500,
  };
}

export function postToolUseFailure(
  command: string,
  error: string,
  cwd: string,
  extra: Record<string, unknown> = {},
) {
  return {
    ...base,
    cwd,
    hook_event_name: "PostToolUseFailure" as const,
    tool_input: { command, description: "run tests" },
    tool_use_id: toolUseId(),
    error,
    is_interrupt: false,
    duration_ms: 1500,
    ...extra,
  };
}

/** Claude Code's middle truncation of a long `error` (claude-code-hooks.md §2.1). */
export function middleTruncate(text: string, keep = 10_000): string {
  if (text.length <= keep) return text;
  const half = Math.floor(keep / 2);
  const removed = text.length - 2 * half;
  return `${text.slice(0, half)}\n\n... [${removed} characters truncated] ...\n\n${text.slice(text.length - half)}`;
}

/** Parse a recorded output file: `# key: value` header lines up to `# ---`, then the text. */
export function parseRecorded(content: string): { header: Record<string, string>; text: string } {
  const header: Record<string, string> = {};
  const lines = content.split("\n");
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === "# ---") {
      i++;
      break;
    }
    const m = /^# ([\w-]+): (.*)$/.exec(line);
    if (m) header[m[1] as string] = m[2] as string;
  }
  return { header, text: lines.slice(i).join("\n") };
}
