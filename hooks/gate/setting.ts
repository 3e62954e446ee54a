// Is the stop gate on here? Off by default for the plugin's generic use (its own default profile, in any
// repository); on for a profile installed into the project (`run-tests-skill init`) unless the profile says
// `stop_gate: false`; RUN_TESTS_SKILL_STOP_GATE=off in Claude Code's environment turns it off everywhere.
import { join, resolve } from "node:path";
import { readCompiledProfile } from "../core/profile/compiled.ts";
import type { Profile } from "../core/profile/schema.ts";
import { INSTALL_DIR, type InstallPaths, PROFILE_FILE } from "../core/state/locate.ts";

export const STOP_GATE_ENV = "RUN_TESTS_SKILL_STOP_GATE";

export type GateSetting = { on: true; profile: Profile } | { on: false; why: string; problem?: string };

export function gateSetting(paths: InstallPaths, env: NodeJS.ProcessEnv): GateSetting {
  if (/^(?:0|off|false|no)$/i.test(env[STOP_GATE_ENV] ?? ""))
    return { on: false, why: `${STOP_GATE_ENV} is off` };
  const installed = resolve(join(paths.projectDir, INSTALL_DIR, PROFILE_FILE));
  if (paths.profileFile !== installed)
    return { on: false, why: "no profile installed in the project (the plugin's generic use)" };
  const compiled = readCompiledProfile(paths.profileFile);
  if (!compiled.ok)
    return { on: false, why: "the installed profile does not load", problem: compiled.problem };
  if (compiled.profile.stop_gate === false) return { on: false, why: "the profile sets stop_gate: false" };
  return { on: true, profile: compiled.profile };
}
