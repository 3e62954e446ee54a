// PostToolUse + PostToolUseFailure (Bash lines that mention pytest), PostToolUse (TaskStop) and UserPromptSubmit: after a
// command that ran pytest, tell the model in a few lines what happened (class, counts, failing ids with
// their crash lines, evidence) and what would help next. A run that goes to the background gets an interim
// note at launch and its final report when it ends: with the task notification (UserPromptSubmit, same
// request) or when the model stops it (TaskStop). See hooks/results/background.ts for which input means what.
// Commands that did not run pytest get no output at all, and leave before anything heavy is loaded.
// Bad input or an internal error: one stderr line, exit 0, no answer: this hook never blocks anything.
import { emit, hostInput, readStdin, warn } from "../contract/io.ts";
import { locateInstall, projectDirOf, runningBundleDir } from "../core/state/locate.ts";
import { mayRunPytest, rawSpellings } from "../results/prefilter.ts";
import { logDecision, readProfileJson } from "../runtime/decision-log.ts";

const HOOK = "report";

type Core = typeof import("../results/hook.ts");

/** The pipeline, loaded only on this path. The installed report program carries only this file's fast path;
 *  the build points this import at the shared bundle (OWN_FAST_PATH in bin/build/core-bundle.ts). */
function loadCore(): Promise<Core> {
  return import("../results/hook.ts");
}

async function main(): Promise<void> {
  const raw = await readStdin();
  let json: Record<string, unknown>;
  try {
    json = hostInput(JSON.parse(raw)) as Record<string, unknown>;
  } catch (error) {
    warn(HOOK, `stdin is not JSON (${(error as Error).message})`);
    return;
  }
  if (json === null || typeof json !== "object") return warn(HOOK, "stdin is not a JSON object");
  const event = json.hook_event_name;
  const ends = event === "UserPromptSubmit" || (event === "PostToolUse" && json.tool_name === "TaskStop");
  if (!ends) {
    // The fast exit for a line that cannot run pytest (no `if` filter in some install): nothing heavy loads.
    if (typeof json.tool_name !== "string") return warn(HOOK, "unexpected hook input at tool_name");
    if (json.tool_name !== "Bash") return;
    const toolInput = json.tool_input as { command?: unknown } | undefined;
    const command = typeof toolInput?.command === "string" ? toolInput.command : null;
    if (command === null) return;
    const cwd = typeof json.cwd === "string" ? json.cwd : undefined;
    if (!mayRunPytest(command)) {
      const paths = locateInstall(projectDirOf(process.env, cwd), runningBundleDir());
      if (!mayRunPytest(command, rawSpellings(paths.profileFile))) return;
    }
  } else if (event === "UserPromptSubmit" && !String(json.prompt ?? "").includes("<task-notification>"))
    return;
  // Only now load the pipeline (classification, git, ledger).
  const { reportHookInput } = await loadCore();
  const output = await reportHookInput(json, { env: process.env, bundleDir: runningBundleDir() });
  for (const problem of output.problems) warn(HOOK, problem);
  emit(output.answer);
  if (output.reported?.length) {
    const cwd = typeof json.cwd === "string" ? json.cwd : undefined;
    const paths = locateInstall(projectDirOf(process.env, cwd), runningBundleDir());
    const command = (json.tool_input as { command?: unknown } | undefined)?.command;
    const session = json.session_id;
    for (const reported of output.reported)
      logDecision(process.env, paths.stateDir, () => readProfileJson(paths.profileFile), {
        hook: HOOK,
        ...(typeof session === "string" ? { session } : {}),
        ...(typeof event === "string" ? { event } : {}),
        ...(typeof json.tool_name === "string" ? { tool: json.tool_name } : {}),
        ...(typeof command === "string" ? { command } : {}),
        decision: reported.decision,
        rule: reported.decision === "report" ? "pytest-report" : "pytest-background",
        ...(reported.decision === "report" ? { class: reported.class } : {}),
      });
  }
}

main()
  .catch((error: unknown) =>
    warn(HOOK, `internal error: ${error instanceof Error ? error.message : String(error)}`),
  )
  .finally(() => {
    process.exitCode = 0;
  });
