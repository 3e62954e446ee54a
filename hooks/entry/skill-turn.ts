// Records that /run-tests is active for the current turn (prompt_id), for the guard's skill mode.
// Events: UserPromptExpansion (the user typed /run-tests; matcher = the skill name) and the Skill tool's
// PostToolUse (the model invoked the skill). PostToolUse rather than PreToolUse: it fires only when the
// skill really launched (a Skill call refused by permissions or by the user grants no allowed-tools, and must
// not narrow the rest of the turn), and it still fires before the model's next request, so before any Bash
// call the skill leads to. PreToolUse input is accepted too, so either registration works.
// It also resolves the policy the guard enforces in this turn (validated profile + the allowed-tools of the
// skill's SKILL.md) and stores it with the turn, so the guard's hot path needs neither the profile schema nor
// a YAML parser. Prints nothing for an installed repository. For the plugin in a repository with no profile
// installed it adds one note for the model: the interpreter the repository appears to use, and how to install
// a profile (issue 8: the plugin's generic skill must not guess silently). Always exits 0.
import { readFileSync } from "node:fs";
import { HookInput } from "../contract/input.ts";
import { emit, parseHookInput, readStdin, warn } from "../contract/io.ts";
import { contextOutput } from "../contract/output.ts";
import { locateInstall, projectDirOf, runningBundleDir } from "../core/state/locate.ts";
import { lightPolicy } from "../guard/policy.ts";
import { logDecision, readProfileJson } from "../runtime/decision-log.ts";
import { fileFacts, guessRunner, pluginNote } from "../runtime/guess-runner.ts";
import { resolveSkillPolicy } from "../runtime/skill-policy.ts";
import { invokedSkill, isSkillName, recordTurn, updateTurns } from "../runtime/skill-turns.ts";

const HOOK = "skill-turn";
const DEFAULT_SKILL = "run-tests";

function skillNameOf(file: string | null): string {
  if (!file) return DEFAULT_SKILL;
  try {
    return lightPolicy(JSON.parse(readFileSync(file, "utf8")))?.skillName ?? DEFAULT_SKILL;
  } catch {
    return DEFAULT_SKILL;
  }
}

async function main(): Promise<void> {
  const raw = await readStdin();
  const parsed = parseHookInput(raw, HookInput);
  if (!parsed.ok) {
    // Codex runs this hook on every prompt (UserPromptSubmit); its adapter turns one that names a skill
    // (`$run-tests ...`) into a UserPromptExpansion, and any other prompt is simply not a skill turn.
    if (/"hook_event_name"\s*:\s*"UserPromptSubmit"/.test(raw)) return;
    warn(HOOK, `${parsed.problem}; nothing recorded`);
    return;
  }
  const input = parsed.value;
  const invoked = invokedSkill(input as Parameters<typeof invokedSkill>[0]);
  if (invoked === null) {
    warn(HOOK, `${input.hook_event_name} does not invoke a skill; nothing recorded`);
    return;
  }
  const hookDir = runningBundleDir();
  const paths = locateInstall(projectDirOf(process.env, input.cwd), hookDir);
  const skill = skillNameOf(paths.profileFile);
  if (!isSkillName(invoked, skill)) return; // another skill: not ours
  if (!input.prompt_id) {
    warn(HOOK, "no prompt_id in the hook input (Claude Code too old?); skill mode cannot be tracked");
    return;
  }
  const promptId = input.prompt_id;
  const snapshot = await resolveSkillPolicy(paths, hookDir, process.env, (m) => warn(HOOK, m));
  if (snapshot.problem) warn(HOOK, `skill mode without a usable profile: ${snapshot.problem}`);
  const now = Date.now();
  const turn = { skill, at: now, ...(input.session_id ? { session: input.session_id } : {}) };
  updateTurns(paths.stateDir, (state) => recordTurn(state, promptId, turn, snapshot, now));
  logDecision(process.env, paths.stateDir, () => readProfileJson(paths.profileFile), {
    hook: HOOK,
    ...(input.session_id ? { session: input.session_id } : {}),
    event: input.hook_event_name,
    decision: "skill-turn",
    // Without a usable policy the guard refuses every Bash call of this turn: the log says which it was.
    rule: snapshot.policy ? "skill-policy" : "skill-no-policy",
  });
  if (!paths.installed) {
    const event = input.hook_event_name === "UserPromptExpansion" ? "UserPromptExpansion" : "PostToolUse";
    const guess = guessRunner(fileFacts(paths.projectDir, process.env.PATH));
    emit(contextOutput(event, pluginNote(guess, skill)));
  }
}

main()
  .catch((error: unknown) =>
    warn(HOOK, `internal error: ${error instanceof Error ? error.message : String(error)}`),
  )
  .finally(() => {
    process.exitCode = 0;
  });
