// The skill in force, read for the commands we propose (proposal.ts): the allowed-tools of the skill's
// SKILL.md as the skill-turn hook resolves them for the guard (hooks/runtime/skill-policy.ts), judged by the
// guard's own skill-mode decision. Shared by the report hook and the stop gate. null when the skill's policy
// cannot be resolved (no profile): then proposals stay as built.
import type { InstallPaths } from "../core/state/locate.ts";
import { bashEntries } from "../guard/matcher.ts";
import { resolveSkillPolicy } from "../runtime/skill-policy.ts";
import { guardJudge, pytestSpellings, type SkillInForce } from "./proposal.ts";

export async function skillInForce(
  paths: InstallPaths,
  root: string,
  hookDir: string,
  env: NodeJS.ProcessEnv,
): Promise<SkillInForce | null> {
  const snapshot = await resolveSkillPolicy(paths, hookDir, env, () => {});
  const policy = snapshot.policy;
  if (!policy) return null;
  return {
    judge: guardJudge(policy, { cwd: paths.projectDir, projectDir: root }),
    spellings: pytestSpellings(policy.runnerBase, policy.runnerAlso),
    allowedBash: bashEntries(policy.allowedTools),
    python: policy.runnerPython,
  };
}
