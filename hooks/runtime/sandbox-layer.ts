// Layer 2 of the git rule: Claude Code's own Bash sandbox with `.git` read-only (`init --sandbox`). One
// definition of "these settings make the barrier", shared by the installer (init, doctor) and the guard (which
// mentions the barrier in its git reasons, reading the project's settings only when it denies a git command).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** What `init --sandbox` merges into the project's `sandbox` settings (field-trials §2). Never
 *  `autoAllowBashIfSandboxed`: it would turn the sandbox into automatic approval of every sandboxed command. */
export const SANDBOX_SETTINGS = {
  enabled: true,
  failIfUnavailable: true,
  allowUnsandboxedCommands: false,
  filesystem: { denyWrite: [".git"] },
} as const;

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** A denyWrite entry that names the project's `.git` (".git", "./.git", ".git/", or its absolute path). */
export function namesGitDir(entry: unknown, projectDir: string): boolean {
  if (typeof entry !== "string") return false;
  const trimmed = entry.replace(/\/+$/, "");
  if (trimmed === ".git" || trimmed === "./.git") return true;
  return trimmed.startsWith("/") && resolve(trimmed) === join(resolve(projectDir), ".git");
}

/** The `sandbox` object of one settings file makes `.git` read-only for every Bash call. */
export function barrierIn(settings: unknown, projectDir: string): boolean {
  const sandbox = isObject(settings) ? settings.sandbox : undefined;
  if (!isObject(sandbox) || sandbox.enabled !== true || sandbox.allowUnsandboxedCommands !== false)
    return false;
  const fs = sandbox.filesystem;
  const deny = isObject(fs) && fs.disabled !== true ? fs.denyWrite : undefined;
  return Array.isArray(deny) && deny.some((e) => namesGitDir(e, projectDir));
}

/** For the guard's git reasons: the project's settings file turns the barrier on. Read only when a reason is
 *  built (a deny), never on the allow path. */
export function projectHasBarrier(projectDir: string): boolean {
  try {
    const text = readFileSync(join(projectDir, ".claude", "settings.json"), "utf8");
    return barrierIn(JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text), projectDir);
  } catch {
    return false;
  }
}
