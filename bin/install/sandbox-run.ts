// Runs one command inside Claude Code's own Bash sandbox engine (`@anthropic-ai/sandbox-runtime`, the library
// Claude Code wraps every sandboxed Bash call with; Apache-2.0, bundled into plugin/cli/run-tests-skill.cjs),
// built from a project's `sandbox` settings the way Claude Code builds it: writes allowed in the project
// directory and a scratch temp dir plus `filesystem.allowWrite`, `filesystem.denyWrite` read-only inside that,
// the library's built-in denies (shell rc files, `.git/hooks`, `.git/config`, ...), no network.
//
// One module for every caller (doctor's read-only proof, the suite trial): keep the API
// `runSandboxed(projectDir, settings, argv) -> {exitCode, stdout, stderr}`.
//
// Differences from a real session, on purpose: no network proxy (a session with `network.allowedDomains`
// reaches those hosts; here nothing is reachable), and no seccomp filter against new unix sockets (its helper
// is a native binary that cannot be bundled; Claude Code applies it, so a suite that binds unix sockets fails
// there and passes here). Linux only (bubblewrap); elsewhere the result says so.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  cleanupBwrapMountPoints,
  wrapCommandWithSandboxLinux,
} from "@anthropic-ai/sandbox-runtime/dist/sandbox/linux-sandbox-utils.js";
import { settingsPath } from "../../hooks/runtime/sandbox-layer.ts";

export { settingsPath };

/** The part of Claude Code's `sandbox` settings object this runner honours. */
export interface SandboxSettings {
  filesystem?: {
    allowWrite?: readonly string[];
    denyWrite?: readonly string[];
  };
  [key: string]: unknown;
}

export interface SandboxRun {
  /** The command's exit code; null when it was killed (timeout) or the sandbox could not start. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export interface SandboxRunOptions {
  /** Environment for the command (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Kill the command after this many ms (default 60 s). */
  timeoutMs?: number;
}

/** The filesystem lists of a `sandbox` settings value, ignoring entries that are not strings. */
function readFilesystem(settings: unknown): { allowWrite: string[]; denyWrite: string[] } {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === "object" && !Array.isArray(v);
  const fs = isObject(settings) && isObject(settings.filesystem) ? settings.filesystem : {};
  const strings = (v: unknown) =>
    Array.isArray(v) ? v.filter((e): e is string => typeof e === "string") : [];
  return { allowWrite: strings(fs.allowWrite), denyWrite: strings(fs.denyWrite) };
}

const shellQuote = (word: string) =>
  /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;

// The library reads the working directory from process.cwd() to place its built-in denies, so the wrap runs
// with the process inside the project directory; one wrap at a time.
let wrapping: Promise<unknown> = Promise.resolve();

async function wrapIn(projectDir: string, build: () => Promise<string>): Promise<string> {
  const previous = wrapping;
  let release: () => void = () => {};
  wrapping = new Promise<void>((r) => {
    release = r;
  });
  await previous;
  const back = process.cwd();
  try {
    process.chdir(projectDir);
    return await build();
  } finally {
    process.chdir(back);
    release();
  }
}

/** Claude Code refuses AF_UNIX sockets in its sandbox unless the settings allow all of them (Linux, a seccomp
 *  filter whose helper ships inside the CLI binary). This runner cannot apply that filter, so callers that
 *  compare runs say so when it would apply. */
export function unixSocketsBlocked(settings: unknown): boolean {
  const network =
    settings !== null && typeof settings === "object" && !Array.isArray(settings)
      ? (settings as { network?: unknown }).network
      : undefined;
  return !(
    network !== null &&
    typeof network === "object" &&
    (network as { allowAllUnixSockets?: unknown }).allowAllUnixSockets === true
  );
}

/** Runs `argv` in `projectDir` inside the sandbox `settings` describe. Never throws for the command's own
 *  failure; a sandbox that cannot start shows as exitCode null or bubblewrap's message on stderr. */
export async function runSandboxed(
  projectDir: string,
  settings: SandboxSettings | unknown,
  argv: readonly string[],
  options: SandboxRunOptions = {},
): Promise<SandboxRun> {
  if (process.platform !== "linux")
    return {
      exitCode: null,
      stdout: "",
      stderr: `the sandbox runner supports Linux only (${process.platform})`,
    };
  const project = resolve(projectDir);
  const scratch = mkdtempSync(join(tmpdir(), "rts-sandbox-"));
  try {
    const fs = readFilesystem(settings);
    const command = await wrapIn(project, () =>
      wrapCommandWithSandboxLinux({
        command: argv.map(shellQuote).join(" "),
        needsNetworkRestriction: true,
        writeConfig: {
          allowOnly: [project, scratch, ...fs.allowWrite.map((p) => settingsPath(p, project))],
          denyWithinAllow: fs.denyWrite.map((p) => settingsPath(p, project)),
        },
        allowAllUnixSockets: true,
      }),
    );
    const env = { ...(options.env ?? process.env), TMPDIR: scratch };
    return await new Promise<SandboxRun>((done) => {
      const child = spawn("/bin/sh", ["-c", command], {
        cwd: project,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c: Buffer) => {
        stdout += c.toString("utf8");
      });
      child.stderr.on("data", (c: Buffer) => {
        stderr += c.toString("utf8");
      });
      const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
      child.on("error", (error) => {
        clearTimeout(timer);
        done({ exitCode: null, stdout, stderr: `${stderr}${error.message}` });
      });
      child.on("close", (code) => {
        clearTimeout(timer);
        done({ exitCode: code, stdout, stderr });
      });
    });
  } catch (error) {
    return { exitCode: null, stdout: "", stderr: error instanceof Error ? error.message : String(error) };
  } finally {
    // bubblewrap leaves an empty file on the host for each missing denied path it mounted over (a session's
    // "phantom" dotfiles); the library removes them once no sandbox of this process is running.
    cleanupBwrapMountPoints();
    rmSync(scratch, { recursive: true, force: true });
  }
}
