// Where an installed bundle keeps its files. Two layouts exist:
//   init:   <project>/.claude/run-tests-skill/{bin/*.cjs, bin/*.br85, profile.json, code-cache/},
//           <project>/.claude/skills/<name>/SKILL.md
//   plugin: <plugin>/hooks/bin/{*.cjs, *.br85}, <plugin>/hooks/{profile.json, code-cache/},
//           <plugin>/skills/<name>/SKILL.md
// (code-cache/: the hooks' V8 code cache, written by the hooks beside their bundles; hooks/runtime/bundle-loader.ts)
// A project's own install wins over the plugin's defaults. State (skill turns, flaky ledger, reports) lives
// with the install: <project>/.claude/run-tests-skill/state/ for an init install; for the plugin in a
// repository that has nothing installed, in the plugin's data folder (CLAUDE_PLUGIN_DATA), so the plugin
// never writes into a repository that did not ask for it.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { currentHost } from "../../hosts/host.ts";
import { nearestAbove } from "../nearest-above.ts";
import { REPORT_SPOOL_DIR } from "./protected.ts";

export const INSTALL_DIR = join(".claude", "run-tests-skill");
export const PROFILE_FILE = "profile.json";
export const STATE_DIR = join(INSTALL_DIR, "state");

export interface InstallPaths {
  projectDir: string;
  /** The project has its own install (init); false: the plugin's defaults serve it. */
  installed: boolean;
  /** The compiled profile (JSON) the hooks take their policy from, or null when none is found. */
  profileFile: string | null;
  stateDir: string;
  /** Where the streaming pytest reporter writes (from inside the sandbox): outside the protected set, and
   *  read only by the report hook, never by a guard decision. */
  spoolDir: string;
}

/** `hookDir` is the folder of the running bundle (dirname of its file path). */
export function locateInstall(
  projectDir: string,
  hookDir: string,
  env: NodeJS.ProcessEnv = process.env,
): InstallPaths {
  const own = join(projectDir, INSTALL_DIR, PROFILE_FILE);
  const installed = existsSync(own);
  const profileFile = installed
    ? own
    : ([join(hookDir, "..", PROFILE_FILE)].find((p) => existsSync(p)) ?? null);
  const pluginData = env.CLAUDE_PLUGIN_DATA;
  const pluginProject =
    !installed && pluginData ? join(pluginData, "projects", projectSlug(projectDir)) : null;
  return {
    projectDir,
    installed,
    profileFile: profileFile && resolve(profileFile),
    stateDir: pluginProject ? join(pluginProject, "state") : join(projectDir, STATE_DIR),
    spoolDir: pluginProject ? join(pluginProject, "reports") : join(projectDir, REPORT_SPOOL_DIR),
  };
}

/** A folder name for a project in the plugin's data folder: its path with separators as dashes (the way
 *  Claude Code names its per-project folders). */
export function projectSlug(projectDir: string): string {
  return resolve(projectDir).replace(/[^A-Za-z0-9._-]+/g, "-");
}

/** SKILL.md of the skill `name`: the project's copy first, then the plugin's (hookDir = <plugin>/hooks/bin). */
/** Where a project's own skill `name` lives. */
export function projectSkillFile(projectDir: string, name: string): string {
  return join(projectDir, ".claude", "skills", name, "SKILL.md");
}

/** Where Codex reads a project's skill `name` (an install for Codex alone has only this copy). */
export function codexSkillFile(projectDir: string, name: string): string {
  return join(projectDir, ".agents", "skills", name, "SKILL.md");
}

export function locateSkill(projectDir: string, hookDir: string, name: string): string | null {
  const candidates = [
    projectSkillFile(projectDir, name),
    codexSkillFile(projectDir, name),
    join(hookDir, "..", "..", "skills", name, "SKILL.md"),
  ];
  return candidates.find((p) => existsSync(p)) ?? null;
}

/** The compiled profile of the installation that `dir` lies in: `dir` or the nearest folder above it holding
 *  .claude/run-tests-skill/profile.json. null when there is none. The one lookup of an installed profile
 *  (the hooks, given their project dir, use locateInstall). */
export function findInstalledProfile(dir: string): string | null {
  return nearestAbove(dir, (current) => {
    const candidate = join(current, INSTALL_DIR, PROFILE_FILE);
    return existsSync(candidate) ? candidate : null;
  });
}

/** The project root of an installed profile file (<project>/.claude/run-tests-skill/profile.json). */
export function projectOfProfile(profileFile: string): string {
  return resolve(dirname(profileFile), "..", "..");
}

/** The project: what Claude Code says (CLAUDE_PROJECT_DIR), else what the running host's adapter knows
 *  (Codex: where the bundle is installed), else the hook's cwd. */
export function projectDirOf(env: NodeJS.ProcessEnv, cwd: string | undefined): string {
  return resolve(
    env.CLAUDE_PROJECT_DIR || currentHost().projectDir(runningBundleDir()) || cwd || process.cwd(),
  );
}

/** The folder of the running hook bundle. Bundles are CommonJS (cheaper to start than ESM), so __dirname is
 *  set there; under tsx (development) fall back to the script path node was started with. */
export function runningBundleDir(): string {
  return typeof __dirname === "string" ? __dirname : dirname(resolve(process.argv[1] ?? "."));
}
