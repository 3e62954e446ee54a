// PreToolUse (Edit|Write|MultiEdit|NotebookEdit) hook: the git rule and the protected set for the file tools.
// stdin -> the pure decideFileWrite() -> a JSON deny, or nothing. Always exits 0, like the Bash guard.
// Relative paths resolve against the input's cwd; symlinks, hard links and the repository's git dirs through
// the real file system.
// A crash fails closed when the input mentions git (registered with onFailure "block" too).
import { PreToolUseInput } from "../contract/input.ts";
import { emit, parseHookInput, readStdin, warn } from "../contract/io.ts";
import { denyOutput } from "../contract/output.ts";
import { locateInstall, projectDirOf, runningBundleDir } from "../core/state/locate.ts";
import { fileSystemContext } from "../guard/file-system.ts";
import { decideFileWrite, FILE_REASON_PREFIX, fileToolPath } from "../guard/file-tools.ts";
import { logDecision, readProfileJson } from "../runtime/decision-log.ts";

const HOOK = "file-guard";
/** Test-only: makes the handler throw after reading its input, to exercise the fail-closed path. */
const FAULT_ENV = "RUN_TESTS_SKILL_FILE_GUARD_FAULT";

async function main(): Promise<void> {
  let raw = "";
  try {
    raw = await readStdin();
    const parsed = parseHookInput(raw, PreToolUseInput);
    if (!parsed.ok) {
      warn(HOOK, `${parsed.problem}; no decision`);
      return;
    }
    const input = parsed.value;
    if (process.env[FAULT_ENV]) throw new Error(`fault injected through ${FAULT_ENV}`);
    const cwd = input.cwd || process.env.CLAUDE_PROJECT_DIR || process.cwd();
    const projectDir = projectDirOf(process.env, input.cwd);
    const decision = decideFileWrite(input.tool_name, input.tool_input, fileSystemContext(cwd, projectDir));
    if (decision.decision === "deny") emit(denyOutput(decision.reason));
    const paths = locateInstall(projectDir, runningBundleDir());
    const path = fileToolPath(input.tool_name, input.tool_input);
    // The path only, never the content the tool would write.
    logDecision(process.env, paths.stateDir, () => readProfileJson(paths.profileFile), {
      hook: HOOK,
      ...(input.session_id ? { session: input.session_id } : {}),
      tool: input.tool_name,
      ...(path !== null ? { path } : {}),
      decision: decision.decision,
      rule: decision.rule,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    warn(HOOK, `internal error: ${message}`);
    if (/git|\.claude/i.test(raw))
      emit(
        denyOutput(
          `${FILE_REASON_PREFIX} the file guard failed (${message}) and refuses this edit to be safe, since it mentions git or .claude. If it keeps failing, tell the user the run-tests file guard is broken.`,
        ),
      );
  }
}

// No top-level await: the bundle is CommonJS (bin/build/build.ts).
main().finally(() => {
  process.exitCode = 0;
});
