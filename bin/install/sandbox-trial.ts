// The trial before the barrier goes on: `init --sandbox` (and doctor) runs the profile's quick check
// (collection and the core subset) once inside the sandbox the settings describe (bin/install/sandbox-run.ts)
// and once outside, and names every test that fails only inside with the setting that would fix it. The
// decision part (which commands, what a failure means) is pure; running is the thin edge.
import { homedir } from "node:os";
import { execa } from "execa";
import type { Profile } from "../../hooks/core/profile/schema.ts";
import { isNodeId } from "../../hooks/core/pytest/node-id.ts";
import { runSandboxed, unixSocketsBlocked } from "./sandbox-run.ts";

/** One test failing only inside the sandbox, with what would let it pass. */
export interface TrialFinding {
  test: string;
  /** The failure as pytest summarised it inside. */
  failure: string;
  fix: string;
}

export interface TrialResult {
  commands: string[];
  onlyInside: TrialFinding[];
  /** Commands that failed inside and passed outside without a test id to name (a collection error). */
  commandFailures: { command: string; failure: string; fix: string }[];
  notes: string[];
}

const EXIT_FIRST = /(^|\s)(-x|--exitfirst)(?=\s|$)/g;

/** The quick check's pytest commands: the foreground checks, minus reruns of last failures; `-x` dropped
 *  (the trial wants every failing test), the sandbox-incompatible tests deselected, failures summarised. */
export function trialCommands(profile: Profile): string[] {
  const deselect = profile.sandbox.incompatible.map((e) => `--deselect ${e.test}`).join(" ");
  const commands: string[] = [];
  for (const check of profile.quick_checks) {
    if (check.background) continue;
    for (const command of check.run) {
      if (/\s--(lf|last-failed|ff|failed-first)\b/.test(command) || !/pytest/.test(command)) continue;
      const collectOnly = /\s--co\b|\s--collect-only\b/.test(command);
      const base = command.replace(EXIT_FIRST, " ").replace(/\s+/g, " ").trim();
      commands.push(collectOnly ? base : `${base} -rfE${deselect ? ` ${deselect}` : ""}`);
    }
  }
  return commands;
}

/** `FAILED id - message` and `ERROR id - message` lines of pytest's short summary. */
export function failingTests(output: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const line of output.split("\n")) {
    const m = /^(?:FAILED|ERROR) (\S+?)(?: - (.*))?$/.exec(line.trim());
    if (m?.[1] && isNodeId(m[1])) found.set(m[1], m[2] ?? "");
  }
  return found;
}

/** What would let a failure seen only inside the sandbox pass, read from its message. Data-driven order:
 *  the first rule that matches wins. */
export function fixFor(failure: string, settings: unknown, home = homedir()): string {
  const readOnly = /Read-only file system(?:: '([^']+)')?/.exec(failure);
  if (readOnly) {
    const path = readOnly[1];
    if (path && /(^|\/)\.git(\/|$)/.test(path))
      return "sandbox-incompatible (it writes .git): add it to sandbox.incompatible";
    if (!path) return "add the path it writes to sandbox.write (filesystem.allowWrite)";
    // The folder the write lands in, unless that folder holds ~/.claude (never opened): then the path itself.
    const folder = path.replace(/\/[^/]*$/, "") || "/";
    const claudeDir = `${home.replace(/\/+$/, "")}/.claude`;
    const where = claudeDir.startsWith(`${folder.replace(/\/+$/, "")}/`) ? path : folder;
    return `add ${where} to sandbox.write (filesystem.allowWrite)`;
  }
  if (/Operation not permitted|EPERM/.test(failure) && unixSocketsBlocked(settings))
    return "set sandbox.unix_sockets: true (network.allowAllUnixSockets): the sandbox refuses unix sockets";
  if (/NoSuchProcess|No such process|ProcessLookupError|psutil/.test(failure))
    return "sandbox-incompatible (the sandbox has its own pid namespace): add it to sandbox.incompatible";
  if (/Name or service not known|Temporary failure in name resolution|Network is unreachable/.test(failure))
    return "sandbox-incompatible (no network in the sandbox), or allow the host in sandbox.network.allowedDomains";
  return "no allowance known for this failure: add it to sandbox.incompatible with why";
}

/** Compares one command's runs inside and outside. */
export function compareRuns(
  command: string,
  inside: { exitCode: number; output: string },
  outside: { exitCode: number; output: string },
  settings: unknown,
  home = homedir(),
): Pick<TrialResult, "onlyInside" | "commandFailures"> {
  const insideFails = failingTests(inside.output);
  const outsideFails = failingTests(outside.output);
  const onlyInside = [...insideFails]
    .filter(([id]) => !outsideFails.has(id))
    .map(([test, failure]) => ({ test, failure, fix: fixFor(failure, settings, home) }));
  const commandFailures =
    onlyInside.length === 0 && inside.exitCode !== 0 && outside.exitCode === 0
      ? [
          {
            command,
            failure: lastLines(inside.output),
            fix: fixFor(inside.output, settings, home),
          },
        ]
      : [];
  return { onlyInside, commandFailures };
}

function lastLines(text: string): string {
  return text.trim().split("\n").slice(-3).join(" | ").slice(0, 300);
}

export interface TrialOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** Runs the trial in the project with `settings` (the `sandbox` value about to be written). */
export async function runTrial(
  projectDir: string,
  profile: Profile,
  settings: unknown,
  options: TrialOptions = {},
): Promise<TrialResult> {
  const commands = trialCommands(profile);
  const result: TrialResult = { commands, onlyInside: [], commandFailures: [], notes: [] };
  // Wide lines: pytest cuts short-summary messages at the terminal width.
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env), COLUMNS: "400" };
  const timeoutMs = options.timeoutMs ?? 300_000;
  for (const command of commands) {
    const inside = await runSandboxed(projectDir, settings, ["sh", "-c", command], { env, timeoutMs });
    const outside = await execa("sh", ["-c", command], {
      cwd: projectDir,
      env,
      reject: false,
      stdin: "ignore",
      timeout: timeoutMs,
      all: true,
    });
    const compared = compareRuns(
      command,
      { exitCode: inside.exitCode ?? 1, output: `${inside.stdout}\n${inside.stderr}` },
      { exitCode: outside.exitCode ?? 1, output: String(outside.all ?? "") },
      settings,
      env.HOME ?? homedir(),
    );
    result.onlyInside.push(...compared.onlyInside);
    result.commandFailures.push(...compared.commandFailures);
  }
  if (unixSocketsBlocked(settings))
    result.notes.push(
      "the trial cannot refuse unix sockets as Claude Code's seccomp filter does: tests using them pass here and fail in the sandbox unless sandbox.unix_sockets is true",
    );
  return result;
}

/** The trial's lines for init's notes and doctor. */
export function describeTrial(trial: TrialResult): string[] {
  if (trial.commands.length === 0) return ["sandbox trial: the profile has no quick check to run"];
  const lines = [
    trial.onlyInside.length + trial.commandFailures.length === 0
      ? `sandbox trial: ${trial.commands.length} quick-check command(s) behave the same inside the sandbox and outside`
      : `sandbox trial: ${trial.onlyInside.length + trial.commandFailures.length} failure(s) only inside the sandbox`,
  ];
  for (const f of trial.onlyInside) lines.push(`  ${f.test}: ${f.failure.slice(0, 160)} -> ${f.fix}`);
  for (const f of trial.commandFailures) lines.push(`  \`${f.command}\`: ${f.failure} -> ${f.fix}`);
  for (const n of trial.notes) lines.push(`  note: ${n}`);
  return lines;
}

/** Doctor's check: the trial with the project's current sandbox settings (only where the barrier is on). */
export async function trialCheck(
  projectDir: string,
  profile: Profile,
  settings: unknown,
  env: NodeJS.ProcessEnv,
): Promise<{ title: string; ok: boolean; detail?: string; problem?: string; fix?: string }> {
  const title = "sandbox trial: the quick check inside the sandbox and outside";
  const trial = await runTrial(projectDir, profile, settings, { env });
  const lines = describeTrial(trial);
  const failing = trial.onlyInside.length + trial.commandFailures.length;
  return failing === 0
    ? { title, ok: true, detail: lines.join("; ") }
    : {
        title,
        ok: false,
        problem: lines.join("\n"),
        fix: "apply the named settings in the profile's sandbox: section and run init --sandbox again",
      };
}
