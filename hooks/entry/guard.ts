// PreToolUse (Bash) hook: the guard. stdin -> decide() -> a JSON deny, or nothing. Always exits 0: exit 2
// would leak the hook's command line to the model, and any other code lets the command run anyway.
// Outside skill mode only the git rule applies and nothing is validated on the way (this runs before every
// Bash call); skill mode loads the validated profile and the skill's SKILL.md frontmatter lazily.
// A crash fails closed: deny in skill mode, and outside it when the command mentions git. Registered with
// onFailure "block" and a short timeout, so a hang or a crash of node itself blocks too.
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { PreToolUseInput } from "../contract/input.ts";
import { emit, parseHookInput, readStdin, warn } from "../contract/io.ts";
import { denyOutput } from "../contract/output.ts";
import { type DecideContext, decide, REASON_PREFIX } from "../guard/decide.ts";
import { parseAllowedTools } from "../guard/matcher.ts";
import {
  type GuardPolicy,
  guardPolicyFromProfile,
  lightPolicy,
  substituteToolVars,
} from "../guard/policy.ts";
import { hookDirOf, type InstallPaths, locateInstall, locateSkill, projectDirOf } from "../runtime/locate.ts";
import { isSkillTurn, readTurns } from "../runtime/skill-turns.ts";

const HOOK = "guard";

/** stdin in one synchronous read: ~3 ms cheaper than a stream at start-up, and this runs before every Bash
 *  call. Falls back to the stream when the descriptor is non-blocking (EAGAIN). */
async function readInput(): Promise<string> {
  try {
    return readFileSync(0, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EAGAIN") return readStdin();
    if ((error as NodeJS.ErrnoException).code === "EOF") return "";
    throw error;
  }
}
/** Test-only: makes the guard throw after reading its input, to exercise the fail-closed path. */
const FAULT_ENV = "RUN_TESTS_SKILL_GUARD_FAULT";

function readJson(file: string | null): unknown {
  if (!file) return null;
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

async function skillContext(paths: InstallPaths, hookDir: string): Promise<DecideContext> {
  const { readCompiledProfile } = await import("../runtime/profile.ts");
  const compiled = readCompiledProfile(paths.profileFile);
  if (!compiled.ok) return { skillActive: true, policy: null, policyProblem: compiled.problem };
  const profile = compiled.profile;
  const skillFile = locateSkill(paths.projectDir, hookDir, profile.skill.name);
  let tools: string[] | null = null;
  if (skillFile) {
    const { default: matter } = await import("gray-matter");
    try {
      tools = parseAllowedTools(matter(readFileSync(skillFile, "utf8")).data["allowed-tools"]);
      if (!tools) warn(HOOK, `${skillFile} has no usable allowed-tools; using the profile's allowed_tools`);
    } catch (error) {
      warn(HOOK, `cannot read ${skillFile} (${(error as Error).message}); using the profile's allowed_tools`);
    }
  } else warn(HOOK, `SKILL.md of ${profile.skill.name} not found; using the profile's allowed_tools`);
  const vars = {
    CLAUDE_PROJECT_DIR: paths.projectDir,
    CLAUDE_SKILL_DIR: skillFile ? dirname(skillFile) : undefined,
    CLAUDE_PLUGIN_ROOT: process.env.CLAUDE_PLUGIN_ROOT,
  };
  const policy: GuardPolicy = guardPolicyFromProfile(
    profile,
    substituteToolVars(tools ?? profile.allowed_tools, vars),
  );
  return { skillActive: true, policy };
}

async function main(): Promise<void> {
  let command: string | null = null;
  let raw = "";
  let skillActive = false;
  try {
    raw = await readInput();
    const parsed = parseHookInput(raw, PreToolUseInput);
    if (!parsed.ok) {
      warn(HOOK, `${parsed.problem}; no decision`);
      return;
    }
    const input = parsed.value;
    if (input.tool_name !== "Bash") {
      warn(HOOK, `not a Bash call (${input.tool_name}); no decision`);
      return;
    }
    const cmd = input.tool_input.command;
    if (typeof cmd !== "string") {
      warn(HOOK, "tool_input.command is missing or not a string; no decision");
      return;
    }
    command = cmd;
    const hookDir = hookDirOf(import.meta.url);
    const paths = locateInstall(projectDirOf(process.env, input.cwd), hookDir);
    skillActive = isSkillTurn(readTurns(paths.stateDir), input.prompt_id, Date.now());
    if (process.env[FAULT_ENV]) throw new Error(`fault injected through ${FAULT_ENV}`);
    const ctx: DecideContext = skillActive
      ? await skillContext(paths, hookDir)
      : { skillActive: false, policy: lightPolicy(readJson(paths.profileFile)) };
    const decision = decide(command, ctx);
    if (decision.decision === "deny") emit(denyOutput(decision.reason));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    warn(HOOK, `internal error: ${message}`);
    if (skillActive || /git/i.test(command ?? raw))
      emit(
        denyOutput(
          `${REASON_PREFIX} the guard failed (${message}) and refuses the command to be safe. Try a simpler command; if it keeps failing, tell the user the run-tests guard is broken.`,
        ),
      );
  }
}

await main();
process.exitCode = 0;
