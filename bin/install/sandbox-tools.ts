// `init --sandbox`'s tools check, split from ./sandbox.ts: bwrap and socat on PATH and the bubblewrap trial
// Claude Code itself runs, because with `failIfUnavailable` a sandbox that cannot start stops Claude Code
// from starting.
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { execa } from "execa";

/** The bubblewrap trial Claude Code 2.1.332 itself runs before it trusts the sandbox (from its binary). */
/** What stops the sandbox from being installed, and the fix. */
export interface Problem {
  problem: string;
  fix: string;
}

export const BWRAP_TRIAL = ["--unshare-user", "--unshare-net", "--dev-bind", "/", "/", "/bin/true"];
const INSTALL_FIX =
  "install them (Debian/Ubuntu: `sudo apt-get install -y bubblewrap socat`; Fedora: `sudo dnf install bubblewrap socat`), then run init --sandbox again; or run init without --sandbox (the guard alone)";

export interface ToolsFound {
  platform: NodeJS.Platform;
  bwrap: string | null;
  socat: string | null;
  /** The trial's outcome (absent when bwrap was not found or the platform has no bubblewrap). */
  trial?: { exitCode: number | null; stderr: string; timedOut: boolean };
}

/** The first executable `name` on PATH, or null. */
export function onPath(name: string, path: string | undefined): string | null {
  for (const dir of (path ?? "").split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

export async function findTools(env: NodeJS.ProcessEnv): Promise<ToolsFound> {
  const found: ToolsFound = {
    platform: process.platform,
    bwrap: onPath("bwrap", env.PATH),
    socat: onPath("socat", env.PATH),
  };
  if (process.platform !== "linux" || !found.bwrap) return found;
  const r = await execa(found.bwrap, BWRAP_TRIAL, {
    cwd: "/",
    env: { PATH: "/usr/bin:/bin" },
    extendEnv: false,
    stdin: "ignore",
    reject: false,
    timeout: 10_000,
  });
  found.trial = {
    exitCode: r.exitCode ?? null,
    stderr: String(r.stderr ?? ""),
    timedOut: Boolean(r.timedOut),
  };
  return found;
}

/** Why the sandbox cannot start here (with the fix), or null. Pure: the message is tested table-driven. */
export function toolsProblem(found: ToolsFound): Problem | null {
  if (found.platform === "darwin") return null; // macOS: Claude Code uses sandbox-exec, which is built in
  if (found.platform !== "linux")
    return {
      problem: `Claude Code's Bash sandbox does not run on ${found.platform} here`,
      fix: "run init without --sandbox (the guard alone)",
    };
  const missing = [found.bwrap ? null : "bubblewrap (bwrap)", found.socat ? null : "socat"].filter(Boolean);
  if (missing.length > 0)
    return {
      problem: `${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} not on PATH; with sandbox.failIfUnavailable Claude Code would refuse to start`,
      fix: INSTALL_FIX,
    };
  const trial = found.trial;
  if (!trial || (trial.exitCode === 0 && !trial.timedOut)) return null;
  const said = trial.stderr.trim().split("\n").slice(0, 2).join(" / ").slice(0, 200);
  const command = `${found.bwrap} ${BWRAP_TRIAL.join(" ")}`;
  const what = trial.timedOut
    ? "did not finish within 10 s"
    : `exited ${trial.exitCode}${said ? `: ${said}` : ""}`;
  const apparmor = /setting up uid map: Permission denied|Failed RTM_NEWADDR/.test(trial.stderr);
  const namespaces =
    /No permissions to create new namespace|Operation not permitted|Creating new namespace failed/.test(
      trial.stderr,
    );
  return {
    problem: `bubblewrap cannot start a sandbox here (\`${command}\` ${what}); with sandbox.failIfUnavailable Claude Code would refuse to start`,
    fix: apparmor
      ? "Ubuntu's AppArmor blocks unprivileged user namespaces: add bubblewrap's AppArmor profile (https://code.claude.com/docs/en/sandboxing) or run `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`, then init --sandbox again"
      : namespaces
        ? "this machine (or container) does not allow unprivileged user namespaces: allow them (e.g. `sudo sysctl -w kernel.unprivileged_userns_clone=1`, or run the container with user namespaces), then init --sandbox again; or run init without --sandbox"
        : `run \`${command}\` by hand to see why, fix that, then init --sandbox again; or run init without --sandbox`,
  };
}
