// Runs still in flight: pytest launched in the background (run_in_background, or moved there at its Bash
// timeout) that the report hook saw start and has not yet reported (hooks/results/pending.ts keeps one file
// per such task from its launch to its notification). The gate counts them as pending coverage: the agent
// waits for the notification, which brings the report; asking for a second run would start the same tests
// twice (on tractor, two runs on one registry port).
import { detectPytest, projectValueOptions, type ResultsProfile } from "../results/analyze.ts";
import type { PendingRun } from "../results/background.ts";
import { runFlags } from "../results/command.ts";
import { type CoverageEntry, runCoverage } from "../results/coverage.ts";

export interface InFlightRun {
  taskId: string;
  /** What it selects, as a ledger line would record it; `class` stands for "not ended yet". */
  coverage: CoverageEntry;
}

/** The session's launched-and-unreported pytest runs with what they cover (runs of another session are left
 *  out: their notification wakes another agent). */
export function inFlightRuns(
  pending: readonly PendingRun[],
  o: { profile: ResultsProfile; root: string; projectDir: string; sessionId: string },
): InFlightRun[] {
  const out: InFlightRun[] = [];
  for (const run of pending) {
    if (run.sessionId !== null && run.sessionId !== o.sessionId) continue;
    const detected = detectPytest(run.command, o.profile);
    if (!detected || detected.run.maybe) continue;
    const flags = runFlags(detected.run.args, projectValueOptions(o.profile));
    const covered = runCoverage(flags, o.root, run.cwd ?? o.projectDir, run.startedAtMs);
    const t = covered.start ?? new Date(run.startedAtMs).toISOString();
    out.push({ taskId: run.taskId, coverage: { t, class: "pass", ...covered } });
  }
  return out;
}
