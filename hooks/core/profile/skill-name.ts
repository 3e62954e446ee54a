// Which invoked skill names are ours: the registration's matcher (bin/build/registration.ts) and the skill-turn
// hook (skill-turns.ts) must agree, or another plugin's `run-tests` skill would turn on our skill mode. A
// leaf module with no imports, so the hook bundles stay lean.

/** The plugin's skill is invoked as /run-tests-skill:<name>; a project skill as /<name>. */
export const PLUGIN_NAME = "run-tests-skill";

/** `<name>` (project skill) or `run-tests-skill:<name>` (our plugin's), tolerating a leading slash; never
 *  another plugin's `<plugin>:<name>`. */
export function isSkillName(invoked: string, skillName: string): boolean {
  const name = invoked.trim().replace(/^\//, "");
  return name === skillName || name === `${PLUGIN_NAME}:${skillName}`;
}
