// PreToolUse (Edit|Write|MultiEdit|NotebookEdit) hook: the git rule for the file tools. stdin -> the pure
// decideFileWrite() -> a JSON deny, or nothing. Always exits 0, like the Bash guard. Relative paths resolve
// against the input's cwd; symlinks through the real file system.
// A crash fails closed when the input mentions git (registered with onFailure "block" too).
import { readlinkSync, realpathSync } from "node:fs";
import { PreToolUseInput } from "../contract/input.ts";
import { emit, parseHookInput, readStdin, warn } from "../contract/io.ts";
import { denyOutput } from "../contract/output.ts";
import { decideFileWrite, FILE_REASON_PREFIX } from "../guard/file-tools.ts";

const HOOK = "file-guard";
/** Test-only: makes the handler throw after reading its input, to exercise the fail-closed path. */
const FAULT_ENV = "RUN_TESTS_SKILL_FILE_GUARD_FAULT";

function realpath(path: string): string | null {
  try {
    return realpathSync.native(path);
  } catch {
    return null;
  }
}

function readlink(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}

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
    const decision = decideFileWrite(input.tool_name, input.tool_input, { cwd, realpath, readlink });
    if (decision.decision === "deny") emit(denyOutput(decision.reason));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    warn(HOOK, `internal error: ${message}`);
    if (/git/i.test(raw))
      emit(
        denyOutput(
          `${FILE_REASON_PREFIX} the file guard failed (${message}) and refuses this edit to be safe, since it mentions git. If it keeps failing, tell the user the run-tests file guard is broken.`,
        ),
      );
  }
}

// No top-level await: the bundle is CommonJS (hooks/build.ts).
main().finally(() => {
  process.exitCode = 0;
});
