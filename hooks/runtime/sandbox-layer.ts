// Layer 2 of the git rule: Claude Code's own Bash sandbox, with everything enforcement depends on read-only
// (`init --sandbox`). One definition of "these settings make the barrier", shared by the installer (init,
// doctor), the session-start hook (which re-checks the git layout) and the guard (which mentions the barrier
// in its git reasons, reading the project's settings only when it denies a git command).
//
// What must be read-only for every Bash call: the protected set (hooks/core/state/protected.ts: the install, the
// project's settings files, its skills), `.git` (a directory, or a file naming the real one) and the RESOLVED
// git dirs: a `.git` file's `gitdir:` target (`./.bare`) and a worktree's common dir. Hooks run outside the
// sandbox, so they still write their state.
import { readFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { gitDirsOf } from "../core/git/dirs.ts";
import { PROTECTED_PROJECT_PATHS } from "../core/state/protected.ts";

export { gitDirsOf };

/** What `init --sandbox` merges into the project's `sandbox` settings (field-trials §2), besides the denyWrite
 *  entries of {@link barrierDenyWrite}. Never `autoAllowBashIfSandboxed`: it would turn the sandbox into
 *  automatic approval of every sandboxed command. */
export const SANDBOX_SETTINGS = {
  enabled: true,
  failIfUnavailable: true,
  allowUnsandboxedCommands: false,
} as const;

/** The tier in force, named the same way by init, doctor and the session's start context. */
export type Tier = "guaranteed" | "best-effort";
export const TIER_TEXT: Record<Tier, string> = {
  guaranteed: "guaranteed (sandbox barrier on)",
  "best-effort": "best effort (no barrier; `run-tests-skill init --sandbox` turns it on)",
};
/** One line naming the tier, e.g. for init's and doctor's output and the session's start context. */
export function tierLine(tier: Tier): string {
  return `git rule enforcement: ${TIER_TEXT[tier]}`;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** The home folder as os.homedir() finds it: $HOME first, else the account's entry. The guard reads settings
 *  before Bash calls, and loading node:os costs ~1.5 ms CPU, so it is asked for only without $HOME (node 20.16
 *  and later: process.getBuiltinModule; before that, no home). */
function homeDir(): string | null {
  if (process.env.HOME) return process.env.HOME;
  const os = process.getBuiltinModule?.("node:os") as typeof import("node:os") | undefined;
  return os?.homedir() || null;
}

/** A settings path as Claude Code reads one from the project's settings: `~/` is home, absolute stays, the
 *  rest is relative to the project directory. With no home to be found, a `~` entry stays as written (it then
 *  covers nothing: the barrier is reported incomplete rather than assumed). */
export function settingsPath(entry: string, projectDir: string): string {
  if (entry === "~" || entry.startsWith("~/")) {
    const home = homeDir();
    return home ? join(home, entry.slice(1)) : entry;
  }
  return isAbsolute(entry) ? resolve(entry) : resolve(projectDir, entry);
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/** A path as a denyWrite entry: project-relative (`.bare`) inside the project, absolute outside it. */
function asEntry(absPath: string, projectDir: string): string {
  const rel = relative(resolve(projectDir), absPath);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return absPath;
  return rel.split(sep).join("/");
}

/** Every path the barrier must make read-only, as denyWrite entries: the protected set, `.git`, and the
 *  resolved git dirs of the layout found now. */
export function barrierDenyWrite(projectDir: string): string[] {
  const entries = [...PROTECTED_PROJECT_PATHS.map((e) => e.path), ".git"];
  for (const dir of gitDirsOf(projectDir)) entries.push(asEntry(dir, projectDir));
  return [...new Set(entries)];
}

const within = (path: string, root: string) =>
  path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

/** The entries of `required` no denyWrite entry covers (itself or an ancestor of it). */
export function uncovered(
  required: readonly string[],
  denyWrite: readonly unknown[],
  projectDir: string,
): string[] {
  const denied = denyWrite.flatMap((e) =>
    typeof e === "string" && e.trim() !== "" ? [settingsPath(e.replace(/\/+$/, "") || "/", projectDir)] : [],
  );
  return required.filter((r) => {
    const path = settingsPath(r, projectDir);
    return !denied.some((d) => within(path, d));
  });
}

export type BarrierState = { on: true } | { on: false; sandboxOff: boolean; missing: string[] };

/** Whether one settings file's `sandbox` object makes the barrier: the sandbox on, no way out of it, and every
 *  entry of {@link barrierDenyWrite} covered. */
export function barrierState(settings: unknown, projectDir: string): BarrierState {
  const sandbox = isObject(settings) ? settings.sandbox : undefined;
  const required = barrierDenyWrite(projectDir);
  if (!isObject(sandbox) || sandbox.enabled !== true || sandbox.allowUnsandboxedCommands !== false)
    return { on: false, sandboxOff: true, missing: required };
  const fs = sandbox.filesystem;
  if (!isObject(fs) || fs.disabled === true) return { on: false, sandboxOff: true, missing: required };
  const missing = uncovered(required, Array.isArray(fs.denyWrite) ? fs.denyWrite : [], projectDir);
  return missing.length === 0 ? { on: true } : { on: false, sandboxOff: false, missing };
}

/** The `sandbox` object of one settings file makes the barrier complete. */
export function barrierIn(settings: unknown, projectDir: string): boolean {
  return barrierState(settings, projectDir).on;
}

function readProjectSettings(projectDir: string): unknown {
  const text = readText(join(projectDir, ".claude", "settings.json"));
  if (text === null) return null;
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return null;
  }
}

/** The barrier as the project's settings file has it now (the session-start hook, doctor). */
export function projectBarrierState(projectDir: string): BarrierState {
  return barrierState(readProjectSettings(projectDir), projectDir);
}

/** For the guard's git reasons: the project's settings file turns the barrier on. Read only when a reason is
 *  built (a deny), never on the allow path. */
export function projectHasBarrier(projectDir: string): boolean {
  return projectBarrierState(projectDir).on;
}

/** The session's start context: the tier in force and, when the project's sandbox is on but its denyWrite no
 *  longer covers what the barrier needs (a `.git` file now naming another dir, a worktree), what is open. */
export function tierContext(state: BarrierState): string {
  if (state.on) return `run-tests-skill: ${tierLine("guaranteed")}.`;
  const lines = [`run-tests-skill: ${tierLine("best-effort")}.`];
  if (!state.sandboxOff)
    lines.push(
      `The Bash sandbox is on, but its filesystem.denyWrite no longer covers ${state.missing.join(", ")} (the git layout changed since init?), so those are writable from inside it. Tell the user: \`run-tests-skill init --sandbox\` covers them again.`,
    );
  return lines.join("\n");
}
