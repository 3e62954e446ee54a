// Bash runs that end after their tool call: started with `run_in_background`, moved to the background by
// their timeout, or stopped with TaskStop. Which hook input means what (observed with Claude Code 2.1.332,
// see the dated section in README.md):
//   - PostToolUse (Bash) with tool_response.backgroundTaskId: the run was launched (timedOutAfterMs set:
//     moved at its timeout). Nothing has ended yet.
//   - UserPromptSubmit whose prompt holds <task-notification> blocks: those tasks ended; the hook's
//     additionalContext reaches the model in the same request as the notification.
//   - PostToolUse (TaskStop) with tool_response.task_id: the model stopped that task; no notification follows.
// Pure: the edges (hooks/entry/report.ts, pending.ts) read the files and the clock.

/** A background Bash run the report hook saw launch, kept until its end is seen. */
export interface PendingRun {
  taskId: string;
  toolUseId: string | null;
  command: string;
  cwd: string | null;
  sessionId: string | null;
  /** Epoch ms of the launch hook minus the call's duration: about when pytest started. */
  startedAtMs: number;
  /** Moved to the background by its Bash timeout (rather than started there on purpose). */
  moved: boolean;
}

export interface TaskNotification {
  taskId: string;
  toolUseId: string | null;
  outputFile: string | null;
  /** Claude Code's word: completed, failed, killed, ... */
  status: string;
  /** From the summary ("failed with exit code 1"); 0 for `completed`; null when not stated. */
  exitCode: number | null;
  summary: string;
}

/** How one background run ended, from one hook input. */
export type RunEnd =
  | { kind: "notified"; taskId: string; notification: TaskNotification }
  | { kind: "stopped"; taskId: string; toolUseId: string | null };

function tag(block: string, name: string): string | null {
  const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(block);
  return match ? (match[1] as string).trim() : null;
}

/** Every <task-notification> block of a prompt (several tasks may end before the model is called). */
export function parseTaskNotifications(prompt: string): TaskNotification[] {
  const out: TaskNotification[] = [];
  for (const match of prompt.matchAll(/<task-notification>([\s\S]*?)<\/task-notification>/g)) {
    const block = match[1] as string;
    const taskId = tag(block, "task-id");
    if (!taskId) continue;
    const status = tag(block, "status") ?? "";
    const summary = tag(block, "summary") ?? "";
    const code = /exit code (\d+)/i.exec(summary);
    const exitCode = code ? Number(code[1]) : status === "completed" ? 0 : null;
    out.push({
      taskId,
      toolUseId: tag(block, "tool-use-id"),
      outputFile: tag(block, "output-file"),
      status,
      exitCode,
      summary,
    });
  }
  return out;
}

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** Which background runs a hook input says have ended (none for most inputs). */
export function runEndsOf(input: unknown): RunEnd[] {
  const i = record(input);
  if (!i) return [];
  if (i.hook_event_name === "UserPromptSubmit" && typeof i.prompt === "string")
    return parseTaskNotifications(i.prompt).map((n) => ({
      kind: "notified",
      taskId: n.taskId,
      notification: n,
    }));
  if (i.hook_event_name === "PostToolUse" && i.tool_name === "TaskStop") {
    const response = record(i.tool_response);
    const toolInput = record(i.tool_input);
    const taskId = response?.task_id ?? toolInput?.task_id ?? toolInput?.shell_id;
    if (typeof taskId === "string" && taskId !== "")
      return [
        { kind: "stopped", taskId, toolUseId: typeof i.tool_use_id === "string" ? i.tool_use_id : null },
      ];
  }
  return [];
}

/** A PostToolUse (Bash) input that launched a background run, or null. */
export function backgroundLaunch(input: {
  hook_event_name: string;
  tool_response?: unknown;
}): { taskId: string; moved: boolean; timedOutAfterMs: number | null } | null {
  if (input.hook_event_name !== "PostToolUse") return null;
  const r = record(input.tool_response);
  const taskId = r?.backgroundTaskId;
  if (typeof taskId !== "string" || taskId === "") return null;
  const after = typeof r?.timedOutAfterMs === "number" ? r.timedOutAfterMs : null;
  return { taskId, moved: after !== null, timedOutAfterMs: after };
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}

/**
 * The interim report at launch. A moved run is still running: say so, where its output goes, and to wait.
 * Never "stopped", never a second run, never a capture hint: nothing has failed yet.
 */
export function interimText(o: {
  taskId: string;
  moved: boolean;
  timedOutAfterMs: number | null;
  outputFile: string | null;
  /** The streaming report file this run writes, when the reporter is on. */
  reportDir: string | null;
}): string {
  const where = o.outputFile ?? `the task's output file (tasks/${o.taskId}.output, named in the tool result)`;
  const lines = [
    o.moved
      ? `pytest run: still running - Claude Code moved it to the background after its ${o.timedOutAfterMs === null ? "" : `${seconds(o.timedOutAfterMs)} `}Bash timeout (task ${o.taskId}); pytest keeps running and has no result yet.`
      : `pytest run: started in the background (task ${o.taskId}); no result yet.`,
    `Its output goes to ${where}${o.reportDir ? `; the streaming report to ${o.reportDir}` : ""}.`,
    "Wait for the task notification: the final run-tests-skill report arrives with it. This run already covers these tests; it is the one to wait for.",
  ];
  return lines.join("\n");
}

/** The first line of a final report for a background run, above the usual report. */
export function finalHeader(run: PendingRun, end: RunEnd): string {
  const how = run.moved ? "moved to the background at its Bash timeout" : "started in the background";
  if (end.kind === "stopped")
    return `Final report for background task ${run.taskId} (${how}): stopped with TaskStop before pytest finished; the results below are what it wrote until then.`;
  const n = end.notification;
  const ended =
    n.exitCode !== null ? `ended with exit code ${n.exitCode}` : `ended (${n.status || "status unknown"})`;
  return `Final report for background task ${run.taskId} (${how}): ${ended}.`;
}

/** The exit code to classify with: the notification's, or 143 (SIGTERM) for a stopped task. */
export function endExitCode(end: RunEnd): number | null {
  if (end.kind === "stopped") return 143;
  return end.notification.exitCode;
}
