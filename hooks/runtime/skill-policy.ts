// The guard's skill-mode policy, resolved once when the skill is invoked (by the skill-turn hook) and stored
// with the turn: the validated compiled profile, plus the allowed-tools the skill's SKILL.md frontmatter
// declares (what the skill declares is exactly what the guard enforces). Doing this at invocation keeps the
// profile schema and the YAML front-matter parser off the guard's hot path, which runs before every Bash call.
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { readCompiledProfile } from "../core/profile/compiled.ts";
import { type InstallPaths, locateSkill } from "../core/state/locate.ts";
import { parseAllowedTools } from "../guard/matcher.ts";
import { guardPolicyFromProfile, substituteToolVars } from "../guard/policy.ts";
import type { Snapshot } from "./skill-turns.ts";

/** allowed-tools from SKILL.md text (gray-matter front matter); null when absent or unusable. */
export async function skillAllowedTools(text: string): Promise<string[] | null> {
  const { default: matter } = await import("gray-matter");
  return parseAllowedTools(matter(text).data["allowed-tools"]);
}

export async function resolveSkillPolicy(
  paths: InstallPaths,
  hookDir: string,
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void,
): Promise<Snapshot> {
  const compiled = readCompiledProfile(paths.profileFile);
  if (!compiled.ok) return { problem: compiled.problem };
  const profile = compiled.profile;
  const skillFile = locateSkill(paths.projectDir, hookDir, profile.skill.name);
  let tools: string[] | null = null;
  if (skillFile) {
    try {
      tools = await skillAllowedTools(readFileSync(skillFile, "utf8"));
      if (!tools)
        warn(`${skillFile} has no usable allowed-tools; the guard uses the profile's allowed_tools`);
    } catch (error) {
      warn(
        `cannot read ${skillFile} (${(error as Error).message}); the guard uses the profile's allowed_tools`,
      );
    }
  } else warn(`SKILL.md of ${profile.skill.name} not found; the guard uses the profile's allowed_tools`);
  const vars = {
    CLAUDE_PROJECT_DIR: paths.projectDir,
    CLAUDE_SKILL_DIR: skillFile ? dirname(skillFile) : undefined,
    CLAUDE_PLUGIN_ROOT: env.CLAUDE_PLUGIN_ROOT,
  };
  return {
    policy: guardPolicyFromProfile(profile, substituteToolVars(tools ?? profile.allowed_tools, vars)),
  };
}
