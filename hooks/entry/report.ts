// PostToolUse + PostToolUseFailure (Bash): after a command that ran pytest, tell the model in a few lines
// what happened (class, counts, failing ids with their crash lines, evidence) and what would help next.
// Commands that did not run pytest get no output at all. Bad input or an internal error: one stderr line,
// exit 0, no answer: this hook never blocks anything.
import { existsSync } from "node:fs";
import { emit, parseHookInput, readStdin, warn } from "../contract/io.ts";
import { contextOutput } from "../contract/output.ts";
import { runCoverage } from "../gate/coverage.ts";
import { repoRootOf } from "../gate/tree.ts";
import {
  classifyOutput,
  composeReport,
  detectPytest,
  FALLBACK_PROFILE,
  looksLikePytestOutput,
  type ResultsProfile,
} from "../results/analyze.ts";
import { eventText, PostBashInput } from "../results/event.ts";
import {
  claimToolUse,
  listReports,
  pruneReports,
  readPersistedOutput,
  readReport,
} from "../results/gather.ts";
import { snapshotTree } from "../results/git.ts";
import { appendLedger, readLedger } from "../results/ledger.ts";
import { reportDirFor } from "../results/reporter/install.ts";
import { selectReport } from "../results/structured.ts";
import { locateInstall, projectDirOf, runningBundleDir } from "../runtime/locate.ts";
import { readCompiledProfile } from "../runtime/profile.ts";

const HOOK = "report";

async function main(): Promise<void> {
  const parsed = parseHookInput(await readStdin(), PostBashInput);
  if (!parsed.ok) {
    warn(HOOK, parsed.problem);
    return;
  }
  const input = parsed.value;
  if (input.tool_name !== "Bash") return;
  const command = typeof input.tool_input.command === "string" ? input.tool_input.command : null;
  if (command === null) return;

  const projectDir = projectDirOf(process.env, input.cwd);
  const paths = locateInstall(projectDir, runningBundleDir());
  const compiled = readCompiledProfile(paths.profileFile);
  const profile: ResultsProfile = compiled.ok ? compiled.profile : FALLBACK_PROFILE;

  const detected = detectPytest(command, profile);
  if (!detected) return;
  // State is written only into a project that exists (the input's cwd may name a directory gone since).
  if (!existsSync(projectDir)) return;
  const event = eventText(input, readPersistedOutput);
  if (!event.ok) return;
  if (detected.run.maybe && !looksLikePytestOutput(event.input.text)) return;
  if (!claimToolUse(paths.stateDir, input.tool_use_id, Date.now())) return;

  // The structured report of this very command, when the reporter is on.
  const now = Date.now();
  const reportDir = reportDirFor(paths.stateDir, input.session_id);
  const durationMs = typeof input.duration_ms === "number" ? input.duration_ms : null;
  let report: { name: string; text: string } | null = null;
  if (!detected.run.maybe) {
    const since = durationMs === null ? now - 15 * 60_000 : now - durationMs - 5000;
    const chosen = selectReport(listReports(reportDir, since), {
      args: detected.run.args,
      nowMs: now,
      durationMs,
    });
    const body = chosen ? readReport(reportDir, chosen.name) : null;
    if (chosen && body) report = { name: chosen.name, text: body };
  }

  const classified = classifyOutput({ ...event.input, profile, report, detected });
  const tree = await snapshotTree(input.cwd && existsSync(input.cwd) ? input.cwd : projectDir);
  const composed = composeReport({
    classified,
    profile,
    changedFiles: tree.changed,
    tree: tree.fingerprint,
    history: readLedger(paths.stateDir),
    now: new Date(now),
  });
  try {
    const root = repoRootOf(projectDir) ?? projectDir;
    const start = durationMs === null ? null : now - durationMs;
    const covered = runCoverage(classified.flags, root, input.cwd ?? projectDir, start);
    appendLedger(paths.stateDir, { ...composed.entry, ...covered });
  } catch (error) {
    warn(HOOK, `could not write the flaky ledger (${(error as Error).message})`);
  }
  pruneReports(reportDir, now);
  if (!compiled.ok && paths.profileFile) warn(HOOK, compiled.problem);
  emit(contextOutput(input.hook_event_name, composed.text));
}

main()
  .catch((error: unknown) =>
    warn(HOOK, `internal error: ${error instanceof Error ? error.message : String(error)}`),
  )
  .finally(() => {
    process.exitCode = 0;
  });
