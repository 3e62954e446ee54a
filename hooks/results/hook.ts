// The report hook's work once its entry (hooks/entry/report.ts) has seen that the input may concern a pytest
// run: gather the inputs (files, git, the ledger, the clock), run the pure pipeline, answer. Loaded lazily by
// the entry, so a Bash call that is not pytest never pays for this module's start-up.
import { existsSync } from "node:fs";
import * as v from "valibot";
import { type AdditionalContextOutput, contextOutput } from "../contract/output.ts";
import { snapshotTree } from "../core/git/status.ts";
import { repoRootOf } from "../core/git/tree.ts";
import { readCompiledProfile } from "../core/profile/compiled.ts";
import { type InstallPaths, locateInstall, projectDirOf } from "../core/state/locate.ts";
import {
  classifyOutput,
  composeReport,
  type Detected,
  detectPytest,
  FALLBACK_PROFILE,
  looksLikePytestOutput,
  type ResultsProfile,
} from "./analyze.ts";
import {
  backgroundLaunch,
  endExitCode,
  finalHeader,
  interimText,
  type PendingRun,
  type RunEnd,
  runEndsOf,
} from "./background.ts";
import { runCoverage } from "./coverage.ts";
import { eventText, PostBashInput } from "./event.ts";
import { claimToolUse, listReports, pruneReports, readPersistedOutput, readReport } from "./gather.ts";
import { appendLedger, machineLoad, readLedger } from "./ledger.ts";
import { findOrphans } from "./orphans.ts";
import { findTaskOutput, savePending, takePending } from "./pending.ts";
import { rawSpellings } from "./prefilter.ts";
import { reportDirFor } from "./reporter/install.ts";
import { skillInForce } from "./skill-in-force.ts";
import { selectReport } from "./structured.ts";

export interface HookAnswer {
  answer: AdditionalContextOutput | null;
  /** One-line problems for stderr. */
  problems: string[];
  /** What was reported, for the decision log: a final report with its class, or a background launch's
   *  interim note. Absent when nothing was reported. */
  reported?: Reported[];
}

export type Reported = { decision: "report"; class: string } | { decision: "interim" };

interface Context {
  env: NodeJS.ProcessEnv;
  bundleDir: string;
  /** The clock, for tests. */
  now?: () => number;
}

interface Setup {
  paths: InstallPaths;
  projectDir: string;
  stateDir: string;
  spoolDir: string;
  profile: ResultsProfile;
  problems: string[];
}

function setup(cwd: string | undefined, ctx: Context): Setup {
  const projectDir = projectDirOf(ctx.env, cwd);
  const paths = locateInstall(projectDir, ctx.bundleDir);
  const compiled = readCompiledProfile(paths.profileFile);
  return {
    paths,
    projectDir,
    stateDir: paths.stateDir,
    spoolDir: paths.spoolDir,
    profile: compiled.ok ? compiled.profile : FALLBACK_PROFILE,
    problems: !compiled.ok && paths.profileFile ? [compiled.problem] : [],
  };
}

/** The structured report of this very command, when the reporter is on. */
function chooseReport(
  reportDir: string,
  detected: Detected,
  nowMs: number,
  durationMs: number | null,
): { name: string; text: string } | null {
  if (detected.run.maybe) return null;
  const since = durationMs === null ? nowMs - 15 * 60_000 : nowMs - durationMs - 5000;
  const chosen = selectReport(listReports(reportDir, since), { args: detected.run.args, nowMs, durationMs });
  const body = chosen ? readReport(reportDir, chosen.name) : null;
  return chosen && body ? { name: chosen.name, text: body } : null;
}

/** Classify, compose, append to the ledger: the report text of one finished (or stopped) run. */
async function finalReport(o: {
  s: Setup;
  cwd: string | undefined;
  detected: Detected;
  text: string;
  fromFailure: boolean;
  textCut?: boolean;
  benignNonZero?: boolean;
  userInterrupted?: boolean;
  knownExitCode?: number;
  projectRoot?: string | null;
  fullOutputPath?: string | null;
  command: string;
  report: { name: string; text: string } | null;
  nowMs: number;
  /** When the run began (ms), for the stop gate's "covered after the last change"; null: unknown. */
  startedAtMs: number | null;
  problems: string[];
  /** A run stopped on purpose (TaskStop) did not hang: no capture-pipe hint. */
  stoppedOnPurpose?: boolean;
  /** Collects the report's class (for the decision log). */
  reported: Reported[];
  bundleDir: string;
  env: NodeJS.ProcessEnv;
}): Promise<string> {
  const { s } = o;
  const root = repoRootOf(s.projectDir) ?? s.projectDir;
  // Every command the report proposes is one the skill in force allows (proposal.ts).
  const skill = s.paths.profileFile ? await skillInForce(s.paths, root, o.bundleDir, o.env) : null;
  const classified = classifyOutput({
    text: o.text,
    fromFailure: o.fromFailure,
    ...(o.textCut !== undefined ? { textCut: o.textCut } : {}),
    ...(o.benignNonZero !== undefined ? { benignNonZero: o.benignNonZero } : {}),
    ...(o.userInterrupted !== undefined ? { userInterrupted: o.userInterrupted } : {}),
    ...(o.knownExitCode !== undefined ? { knownExitCode: o.knownExitCode } : {}),
    ...(o.projectRoot ? { projectRoot: o.projectRoot } : {}),
    ...(o.fullOutputPath ? { fullOutputPath: o.fullOutputPath } : {}),
    command: o.command,
    profile: s.profile,
    report: o.report,
    detected: o.detected,
    orphans: findOrphans(s.profile.project?.package),
    skill,
  });
  o.reported.push({ decision: "report", class: classified.classification.class });
  if (o.stoppedOnPurpose)
    classified.classification.hints = classified.classification.hints.filter((h) => h !== "capture-pipe");
  const tree = await snapshotTree(o.cwd && existsSync(o.cwd) ? o.cwd : s.projectDir);
  const composed = composeReport({
    classified,
    profile: s.profile,
    changedFiles: tree.changed,
    tree: tree.fingerprint,
    history: readLedger(s.stateDir),
    now: new Date(o.nowMs),
    load: machineLoad(),
    skill,
  });
  try {
    // What the run covered, for the stop gate (hooks/gate/): its start and the paths it selected.
    const covered = runCoverage(classified.flags, root, o.cwd ?? s.projectDir, o.startedAtMs);
    appendLedger(s.stateDir, { ...composed.entry, ...covered });
  } catch (error) {
    o.problems.push(`could not write the flaky ledger (${(error as Error).message})`);
  }
  return composed.text;
}

/** PostToolUse / PostToolUseFailure on Bash. */
async function onBash(input: PostBashInput, ctx: Context): Promise<HookAnswer> {
  const none = (problems: string[] = []): HookAnswer => ({ answer: null, problems });
  const command = typeof input.tool_input.command === "string" ? input.tool_input.command : null;
  if (command === null) return none();
  // Decide "is this pytest?" from the profile's raw spellings first: a line that only mentions pytest
  // (`grep pytest`) then never pays for validating the whole profile.
  const paths = locateInstall(projectDirOf(ctx.env, input.cwd), ctx.bundleDir);
  const rawRunner = { base: FALLBACK_PROFILE.runner.base, also: rawSpellings(paths.profileFile) };
  if (!detectPytest(command, { ...FALLBACK_PROFILE, runner: rawRunner })) return none();
  const s = setup(input.cwd, ctx);
  const detected = detectPytest(command, s.profile);
  if (!detected) return none();
  // State is written only into a project that exists (the input's cwd may name a directory gone since).
  if (!existsSync(s.projectDir)) return none();
  const nowMs = (ctx.now ?? Date.now)();
  const reportDir = reportDirFor(s.spoolDir, input.session_id);
  const durationMs = typeof input.duration_ms === "number" ? input.duration_ms : null;

  const launch = backgroundLaunch(input);
  if (launch) {
    if (!claimToolUse(s.stateDir, input.tool_use_id, nowMs)) return none(s.problems);
    if (detected.run.maybe) return none(s.problems);
    savePending(s.stateDir, {
      taskId: launch.taskId,
      toolUseId: input.tool_use_id ?? null,
      command,
      cwd: input.cwd ?? null,
      sessionId: input.session_id ?? null,
      startedAtMs: nowMs - (durationMs ?? 0),
      moved: launch.moved,
    });
    const text = interimText({
      ...launch,
      outputFile: findTaskOutput(launch.taskId, input.session_id ?? null, ctx.env),
      reportDir: existsSync(reportDir) ? reportDir : null,
    });
    return {
      answer: contextOutput(input.hook_event_name, text),
      problems: s.problems,
      reported: [{ decision: "interim" }],
    };
  }

  const event = eventText(input, readPersistedOutput);
  if (!event.ok) return none(s.problems);
  if (detected.run.maybe && !looksLikePytestOutput(event.input.text)) return none(s.problems);
  if (!claimToolUse(s.stateDir, input.tool_use_id, nowMs)) return none(s.problems);
  const problems = [...s.problems];
  const reported: Reported[] = [];
  const text = await finalReport({
    s,
    cwd: input.cwd,
    ...event.input,
    detected,
    command,
    report: chooseReport(reportDir, detected, nowMs, durationMs),
    nowMs,
    startedAtMs: durationMs === null ? null : nowMs - durationMs,
    problems,
    reported,
    bundleDir: ctx.bundleDir,
    env: ctx.env,
  });
  pruneReports(reportDir, nowMs);
  return { answer: contextOutput(input.hook_event_name, text), problems, reported };
}

/** The final report of one background run that ended. */
async function onEnd(
  end: RunEnd,
  input: { cwd?: unknown; session_id?: unknown },
  ctx: Context,
  problems: string[],
  reported: Reported[],
): Promise<string | null> {
  const cwd = typeof input.cwd === "string" ? input.cwd : undefined;
  const s = setup(cwd, ctx);
  problems.push(...s.problems);
  if (!existsSync(s.projectDir)) return null;
  const nowMs = (ctx.now ?? Date.now)();
  const run: PendingRun | null = takePending(s.stateDir, end.taskId, nowMs);
  if (!run) return null;
  const detected = detectPytest(run.command, s.profile);
  if (!detected) return null;
  const sessionId = run.sessionId ?? (typeof input.session_id === "string" ? input.session_id : null);
  const outputFile =
    (end.kind === "notified" ? end.notification.outputFile : null) ??
    findTaskOutput(run.taskId, sessionId, ctx.env);
  const persisted = outputFile ? readPersistedOutput(outputFile) : null;
  const reportDir = reportDirFor(s.spoolDir, sessionId ?? undefined);
  const durationMs = Math.max(0, nowMs - run.startedAtMs);
  const exitCode = endExitCode(end);
  const body = await finalReport({
    s,
    cwd: run.cwd ?? cwd,
    detected,
    text: persisted?.text ?? "",
    fromFailure: false,
    textCut: persisted === null || persisted.cut,
    ...((run.cwd ?? cwd) ? { projectRoot: (run.cwd ?? cwd) as string } : {}),
    fullOutputPath: outputFile,
    // An end without an exit code (a task Claude Code killed) must not read as exit 0.
    ...(exitCode !== null ? { knownExitCode: exitCode } : { benignNonZero: true }),
    command: run.command,
    report: chooseReport(reportDir, detected, nowMs, durationMs),
    nowMs,
    startedAtMs: run.startedAtMs,
    problems,
    stoppedOnPurpose: end.kind === "stopped",
    reported,
    bundleDir: ctx.bundleDir,
    env: ctx.env,
  });
  pruneReports(reportDir, nowMs);
  return `${finalHeader(run, end)}\n${body}`;
}

/** The report hook for one parsed stdin object. */
export async function reportHookInput(json: Record<string, unknown>, ctx: Context): Promise<HookAnswer> {
  const ends = runEndsOf(json);
  if (ends.length > 0) {
    const problems: string[] = [];
    const reported: Reported[] = [];
    const texts: string[] = [];
    for (const end of ends) {
      const text = await onEnd(end, json, ctx, problems, reported);
      if (text) texts.push(text);
    }
    if (texts.length === 0) return { answer: null, problems };
    const event = json.hook_event_name === "UserPromptSubmit" ? "UserPromptSubmit" : "PostToolUse";
    return { answer: contextOutput(event, texts.join("\n\n")), problems, reported };
  }
  const parsed = v.safeParse(PostBashInput, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue ? v.getDotPath(issue) : null;
    return {
      answer: null,
      problems: [`unexpected hook input${path ? ` at ${path}` : ""}: ${issue?.message ?? "?"}`],
    };
  }
  if (parsed.output.tool_name !== "Bash") return { answer: null, problems: [] };
  return onBash(parsed.output, ctx);
}
