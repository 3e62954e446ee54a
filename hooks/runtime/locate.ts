// Where an installed bundle keeps its files. Two layouts exist:
//   init:   <project>/.claude/run-tests-skill/{bin/*.cjs, profile.json}, <project>/.claude/skills/<name>/SKILL.md
//   plugin: <plugin>/hooks/bin/*.cjs, <plugin>/hooks/profile.json, <plugin>/skills/<name>/SKILL.md
// A project's own install wins over the plugin's defaults. State (skill turns, flaky ledger) always lives
// under the project: <project>/.claude/run-tests-skill/state/.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export const INSTALL_DIR = join(".claude", "run-tests-skill");
export const PROFILE_FILE = "profile.json";
export const STATE_DIR = join(INSTALL_DIR, "state");

export interface InstallPaths {
  projectDir: string;
  /** The compiled profile (JSON) the hooks take their policy from, or null when none is found. */
  profileFile: string | null;
  stateDir: string;
}

/** `hookDir` is the folder of the running bundle (dirname of its file path). */
export function locateInstall(projectDir: string, hookDir: string): InstallPaths {
  const candidates = [join(projectDir, INSTALL_DIR, PROFILE_FILE), join(hookDir, "..", PROFILE_FILE)];
  const profileFile = candidates.find((p) => existsSync(p)) ?? null;
  return {
    projectDir,
    profileFile: profileFile && resolve(profileFile),
    stateDir: join(projectDir, STATE_DIR),
  };
}

/** SKILL.md of the skill `name`: the project's copy first, then the plugin's (hookDir = <plugin>/hooks/bin). */
/** Where a project's own skill `name` lives. */
export function projectSkillFile(projectDir: string, name: string): string {
  return join(projectDir, ".claude", "skills", name, "SKILL.md");
}

export function locateSkill(projectDir: string, hookDir: string, name: string): string | null {
  const candidates = [
    projectSkillFile(projectDir, name),
    join(hookDir, "..", "..", "skills", name, "SKILL.md"),
  ];
  return candidates.find((p) => existsSync(p)) ?? null;
}

/** The compiled profile of the installation that `dir` lies in: `dir` or the nearest folder above it holding
 *  .claude/run-tests-skill/profile.json. null when there is none. The one lookup of an installed profile
 *  (the hooks, given their project dir, use locateInstall). */
export function findInstalledProfile(dir: string): string | null {
  let current = resolve(dir);
  for (;;) {
    const candidate = join(current, INSTALL_DIR, PROFILE_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}

/** The project root of an installed profile file (<project>/.claude/run-tests-skill/profile.json). */
export function projectOfProfile(profileFile: string): string {
  return resolve(dirname(profileFile), "..", "..");
}

export function projectDirOf(env: NodeJS.ProcessEnv, cwd: string | undefined): string {
  return resolve(env.CLAUDE_PROJECT_DIR || cwd || process.cwd());
}

/** The folder of the running hook bundle. Bundles are CommonJS (cheaper to start than ESM), so __dirname is
 *  set there; under tsx (development) fall back to the script path node was started with. */
export function runningBundleDir(): string {
  return typeof __dirname === "string" ? __dirname : dirname(resolve(process.argv[1] ?? "."));
}
