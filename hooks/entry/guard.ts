// PreToolUse (Bash) hook: the guard. stdin -> decide() -> a JSON deny, or nothing. Always exits 0: exit 2
// would leak the hook's command line to the model, and any other code lets the command run anyway.
// This runs before every Bash call, so the hot path stays small: no schema validation beyond the hook input,
// no YAML. Skill mode's policy (profile + SKILL.md allowed-tools) was resolved and validated by the
// skill-turn hook when the skill was invoked, and is read here from the turn record.
// A crash fails closed: deny in skill mode, and outside it when the command mentions git. Registered with
// onFailure "block" and a short timeout, so a hang or a crash of node itself blocks too.
import { readFileSync } from "node:fs";
import { PreToolUseInput } from "../contract/input.ts";
import { emit, parseHookInput, readStdin, warn } from "../contract/io.ts";
import { denyOutput } from "../contract/output.ts";
import { formatOf, newerFormatProblem, PROFILE_FORMAT } from "../core/profile/format.ts";
import { type InstallPaths, locateInstall, projectDirOf, runningBundleDir } from "../core/state/locate.ts";
import { DEFAULT_COMMIT_SKILL, type DecideContext, decide, REASON_PREFIX } from "../guard/decide.ts";
import { fileSystemContext } from "../guard/file-system.ts";
import { decideFileWrite } from "../guard/file-tools.ts";
import { type GuardPolicy, lightPolicy } from "../guard/policy.ts";
import { isApplyPatch, patchTargets } from "../hosts/codex.ts";
import { logDecision } from "../runtime/decision-log.ts";
import { projectHasBarrier } from "../runtime/sandbox-layer.ts";
import { isSkillTurn, readTurns, turnSnapshot } from "../runtime/skill-turns.ts";

const HOOK = "guard";
/** Test-only: makes the guard throw after reading its input, to exercise the fail-closed path. */
const FAULT_ENV = "RUN_TESTS_SKILL_GUARD_FAULT";

/** stdin in one synchronous read: a few ms cheaper than a stream at start-up, and this runs before every
 *  Bash call. Falls back to the stream when the descriptor is non-blocking (EAGAIN). */
async function readInput(): Promise<string> {
  try {
    return readFileSync(0, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EAGAIN") return readStdin();
    if (code === "EOF") return "";
    throw error;
  }
}

function readJson(file: string | null): unknown {
  if (!file) return null;
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

/** Outside skill mode, a profile of a newer format than this release is ignored (lightPolicy): the deny
 *  says so, since git.allow or git.enforce may be why the user expected otherwise. Skill mode's reason
 *  already carries the profile's problem. */
function formatNote(profile: () => unknown, skillActive: boolean, file: string | null): string {
  if (skillActive || !file) return "";
  const format = formatOf(profile());
  return typeof format === "number" && format > PROFILE_FORMAT
    ? ` (${newerFormatProblem(file, format)})`
    : "";
}

async function main(): Promise<void> {
  let command: string | null = null;
  let raw = "";
  let skillActive = false;
  let paths: InstallPaths | null = null;
  let sessionId: string | undefined;
  // The compiled profile as JSON, read at most once and only when something needs it (the git reason, the
  // decision log's `log` key).
  let profileJson: unknown;
  const readProfile = (): unknown => {
    if (profileJson === undefined) profileJson = readJson(paths?.profileFile ?? null);
    return profileJson;
  };
  const log = (decision: string, rule: string) => {
    if (paths)
      logDecision(process.env, paths.stateDir, readProfile, {
        hook: HOOK,
        ...(sessionId ? { session: sessionId } : {}),
        tool: "Bash",
        command: command ?? "",
        decision,
        rule,
      });
  };
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
    sessionId = input.session_id;
    const projectDir = projectDirOf(process.env, input.cwd);
    paths = locateInstall(projectDir, runningBundleDir());
    const install = paths;
    const turns = readTurns(paths.stateDir);
    skillActive = isSkillTurn(turns, input.prompt_id, Date.now());
    if (process.env[FAULT_ENV]) throw new Error(`fault injected through ${FAULT_ENV}`);
    // Codex edits files with apply_patch, which reaches this hook as a Bash command: each file it writes
    // gets the file guard's decision (git dirs, the protected set), as an Edit or Write would.
    if (isApplyPatch(cmd)) {
      const files = fileSystemContext(input.cwd || projectDir, projectDir);
      for (const target of patchTargets(cmd)) {
        const decision = decideFileWrite("Write", { file_path: target }, files);
        if (decision.decision === "deny") {
          emit(denyOutput(decision.reason.replace(" Write on ", " apply_patch on ")));
          log("deny", decision.rule);
          return;
        }
      }
      // The command line itself still goes through the guard's decision below: it may hold more than the patch.
    }
    let ctx: DecideContext;
    // Read only when a git reason is built: the project's settings say whether the sandbox barrier is on.
    const sandboxBarrier = () => projectHasBarrier(install.projectDir);
    if (skillActive) {
      const snapshot = turnSnapshot(turns, input.prompt_id as string);
      const where = { cwd: input.cwd || projectDir, projectDir };
      const tempDir = process.env.TMPDIR;
      ctx = snapshot.policy
        ? {
            skillActive: true,
            policy: snapshot.policy,
            where,
            sandboxBarrier,
            ...(tempDir ? { tempDir } : {}),
          }
        : { skillActive: true, policy: null, policyProblem: snapshot.problem, sandboxBarrier };
    } else {
      // Outside skill mode the profile only matters when git would be denied (its git.allow exceptions, the
      // commit-message skill named in the reason): read it only then, at most once.
      let light: GuardPolicy | null | undefined;
      const profile = () => {
        if (light === undefined) light = lightPolicy(readProfile());
        return light;
      };
      ctx = {
        skillActive: false,
        policy: null,
        sandboxBarrier,
        commitMessageSkill: () => {
          const policy = profile();
          return policy ? policy.commitMessageSkill : DEFAULT_COMMIT_SKILL;
        },
        gitAllow: () => profile()?.gitAllow ?? [],
        // The human's switch (git.enforce: false), read from the same compiled profile: the install's own
        // (protected) or, with the plugin and no install, the plugin's built-in one, where the rule is on.
        gitRuleOff: () => profile()?.gitEnforced === false,
      };
    }
    const decision = decide(command, ctx);
    if (decision.decision === "deny")
      emit(denyOutput(decision.reason + formatNote(readProfile, skillActive, paths.profileFile)));
    log(decision.decision, decision.rule);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    warn(HOOK, `internal error: ${message}`);
    const refuse = skillActive || /git/i.test(command ?? raw);
    if (refuse)
      emit(
        denyOutput(
          `${REASON_PREFIX} the guard failed (${message}) and refuses the command to be safe. Try a simpler command; if it keeps failing, tell the user the run-tests guard is broken.`,
        ),
      );
    if (command !== null) log(refuse ? "deny" : "defer", "internal-error");
  }
}

// No top-level await: the bundle is CommonJS (bin/build/build.ts).
main().finally(() => {
  process.exitCode = 0;
});
