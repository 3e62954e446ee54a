// Runs a command inside the sandbox Claude Code would build from given `sandbox` settings, without Claude
// Code: for `init --sandbox`'s trial and doctor's probes. Linux only: bubblewrap with the mount and namespace
// arguments Claude Code 2.1.332 itself passes (read from /proc/1/cmdline inside a real sandboxed Bash call):
//   --new-session --die-with-parent --unshare-net --ro-bind / / --bind <writable> ... --ro-bind <denied> ...
//   --ro-bind <project>/.claude ... --dev /dev --unshare-pid --unshare-user --cap-drop ALL --proc /proc
// Writable: the project, a fresh TMPDIR (Claude Code's own temp dir stands in the same place) and
// `filesystem.allowWrite`; read-only over them: `filesystem.denyWrite` and the project's `.claude`.
// Not reproduced: Claude Code's seccomp filter that refuses AF_UNIX sockets unless
// `network.allowAllUnixSockets` (its helper is embedded in the CLI binary); `unixSocketsBlocked` says so and
// the trial reports it. The network proxy is not started either: the trial has no network, like a sandbox
// with no allowed domains.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { execa } from "execa";

export interface SandboxedRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface SandboxRunOptions {
  /** Kill after this many ms (exit code 124). */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Where bwrap is (default: on PATH). */
  bwrap?: string;
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((e): e is string => typeof e === "string") : [];

/** Resolves a settings path the way a project settings file means it: `~/` from home, relative from the
 *  project. */
function settingsPath(entry: string, projectDir: string, home: string): string {
  if (entry.startsWith("~/")) return join(home, entry.slice(2));
  return isAbsolute(entry) ? resolve(entry) : resolve(projectDir, entry);
}

/** The bwrap argument list for `argv` under `settings` (the value of the `sandbox` key). */
export function bwrapArgs(
  projectDir: string,
  settings: unknown,
  argv: readonly string[],
  tmp: string,
  home = homedir(),
): string[] {
  const sandbox = isObject(settings) ? settings : {};
  const fs = isObject(sandbox.filesystem) ? sandbox.filesystem : {};
  const project = resolve(projectDir);
  const writable = [project, tmp, ...strings(fs.allowWrite).map((p) => settingsPath(p, project, home))];
  const denied = [
    join(project, ".claude"),
    ...strings(fs.denyWrite).map((p) => settingsPath(p, project, home)),
  ];
  const args = ["--new-session", "--die-with-parent", "--unshare-net", "--ro-bind", "/", "/"];
  // Parents first, so a narrower bind (the project under an allowed /tmp) lands on top of a wider one.
  for (const path of [...new Set(writable)].sort((a, b) => a.length - b.length))
    if (existsSync(path)) args.push("--bind", path, path);
  for (const path of [...new Set(denied)]) if (existsSync(path)) args.push("--ro-bind", path, path);
  args.push("--dev", "/dev", "--unshare-pid", "--unshare-user", "--cap-drop", "ALL", "--proc", "/proc");
  args.push("--setenv", "TMPDIR", tmp, "--setenv", "SANDBOX_RUNTIME", "1", "--chdir", project, "--", ...argv);
  return args;
}

/** Claude Code refuses AF_UNIX sockets in the sandbox unless these settings allow all of them (Linux). */
export function unixSocketsBlocked(settings: unknown): boolean {
  const network = isObject(settings) && isObject(settings.network) ? settings.network : {};
  return network.allowAllUnixSockets !== true;
}

/** Runs argv (no shell) in the project inside the sandbox the settings describe. */
export async function runSandboxed(
  projectDir: string,
  settings: unknown,
  argv: readonly string[],
  options: SandboxRunOptions = {},
): Promise<SandboxedRun> {
  const tmp = mkdtempSync(join(tmpdir(), "rts-sandbox-"));
  try {
    const r = await execa(options.bwrap ?? "bwrap", bwrapArgs(projectDir, settings, argv, tmp), {
      cwd: projectDir,
      env: options.env,
      reject: false,
      stdin: "ignore",
      timeout: options.timeoutMs,
      forceKillAfterDelay: 2_000,
    });
    return {
      exitCode: r.timedOut ? 124 : (r.exitCode ?? 1),
      stdout: String(r.stdout ?? ""),
      stderr: String(r.stderr ?? ""),
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
