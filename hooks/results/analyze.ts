// The results core as one pure pipeline, shared by the post-run hook and `run-tests-skill classify`:
//   command + text (+ structured report) -> Classification -> report lines, JSON, ledger entry.
// Everything the edges gather (files, git, the clock, the ledger) comes in as arguments.
import { DEFAULT_PYTEST } from "../core/profile/runner.ts";
import { DEFAULT_TIMEOUT_SIGNATURES, type Profile } from "../core/profile/schema.ts";
import { type ClassifyContext, classify, defaultContext } from "./classify.ts";
import {
  analyzeCommand,
  type CommandAnalysis,
  type PytestRun,
  primaryRun,
  type RunFlags,
  runFlags,
} from "./command.ts";
import { environmentClues } from "./environment.ts";
import {
  buildEntry,
  type FlakyEvidence,
  flakyEvidenceWith,
  type LedgerEntry,
  type MachineLoad,
  repeatedFailures,
} from "./ledger.ts";
import { likelyCauses } from "./mapping.ts";
import { normalizeOutput } from "./normalize.ts";
import { parseText } from "./parse-text.ts";
import { proposeRun, type RunShape, type SkillInForce } from "./proposal.ts";
import { nextSteps, renderReport, rerunFlagsOf } from "./render.ts";
import { parseRecords, parseReport } from "./structured.ts";
import { thresholdFailure } from "./threshold.ts";
import type { Classification, OrphanProcess, ParsedRun } from "./types.ts";

/** The parts of a profile the results core reads. */
export type ResultsProfile = {
  runner: Pick<Profile["runner"], "base" | "also">;
  timeout_signatures?: Profile["timeout_signatures"];
  hang_sections?: Profile["hang_sections"];
  known_flaky: Profile["known_flaky"];
  mapping: Profile["mapping"];
  hints: Profile["hints"];
  project?: Partial<Pick<Profile["project"], "package">>;
  options?: { project?: Profile["options"]["project"] };
  skill?: Partial<Pick<Profile["skill"], "commit_message_skill">>;
};

/** Used when no compiled profile is installed: generic spellings, no flaky list, no mapping. */
export const FALLBACK_PROFILE: ResultsProfile = {
  runner: { base: DEFAULT_PYTEST, also: [] },
  known_flaky: [],
  mapping: [],
  hints: {},
};

export function spellingsOf(profile: ResultsProfile): string[] {
  return [profile.runner.base, ...(profile.runner.also ?? [])];
}

/** The profile's own pytest options that take a value, with their aliases. */
export function projectValueOptions(profile: ResultsProfile): string[] {
  return (profile.options?.project ?? [])
    .filter((o) => o.value_name !== undefined || o.values !== undefined)
    .flatMap((o) => [o.flag, ...(o.aliases ?? [])]);
}

/** pytest options that print information instead of running tests: nothing to classify. */
const INFO_FLAGS = new Set([
  "--version",
  "-V",
  "--help",
  "-h",
  "--fixtures",
  "--funcargs",
  "--fixtures-per-test",
  "--markers",
]);

export interface Detected {
  analysis: CommandAnalysis;
  run: PytestRun;
}

/** Step 1: is this command a pytest run at all? Null: say nothing. */
export function detectPytest(command: string, profile: ResultsProfile): Detected | null {
  const analysis = analyzeCommand(command, spellingsOf(profile));
  const run = primaryRun(analysis);
  if (!run || run.args.some((a) => a !== null && INFO_FLAGS.has(a.split("=")[0] as string))) return null;
  return { analysis, run };
}

/** Text of a "maybe pytest" wrapper (tox, make) counts only when pytest's own output shows up. */
export function looksLikePytestOutput(text: string): boolean {
  return (
    /^=+ test session starts =+$/m.test(text) ||
    /^=*\s*(?:\d+ (?:passed|failed|errors?|skipped|xfailed|xpassed|deselected)[^\n]*|no tests ran) in \d/m.test(
      text,
    ) ||
    /^ImportError while loading conftest /m.test(text) ||
    /^ERROR: usage: .*\[file_or_dir\]/m.test(text)
  );
}

export interface OutputInput {
  /** The text as the hook got it: PostToolUseFailure `error`, or PostToolUse stdout (or the persisted file). */
  text: string;
  /** The text starts with `Exit code N` (PostToolUseFailure). */
  fromFailure: boolean;
  /** The text was cut before it reached us (a persisted file read in part, only a preview). */
  textCut?: boolean;
  /** The PostToolUse said grep/diff-style "benign" non-zero: the exit code is not 0. */
  benignNonZero?: boolean;
  /** PostToolUse with backgroundTaskId + timedOutAfterMs: Claude Code backgrounded it at its timeout. */
  backgrounded?: boolean;
  /** The user interrupted the tool call (is_interrupt / interrupted). */
  userInterrupted?: boolean;
  /** The command, when known (hook input); null for bare text given to the CLI. */
  command: string | null;
  /** An exit code known from elsewhere (the CLI's --exit-code); overrides what the event implies. */
  knownExitCode?: number;
  profile: ResultsProfile;
  /** Records of the structured report chosen for this command, with its file name. */
  report?: { name: string; text: string } | null;
  /** The directory the command ran in (the hook's cwd): absolute traceback frames under it are the project's
   *  own when pytest's header (its rootdir) is not in the text. */
  projectRoot?: string | null;
  /** A file holding the command's whole output (Claude Code's saved output, a background task's file). */
  fullOutputPath?: string | null;
  /** The project's orphaned processes (orphans.ts findOrphans); absent or null: not looked for. */
  orphans?: readonly OrphanProcess[] | null;
  /** detectPytest(command, profile), when the caller already ran it (a full parse of the line); absent:
   *  classifyOutput runs it. */
  detected?: Detected | null;
  /** The skill in force, which every proposed command must pass (proposal.ts); absent: proposed as built. */
  skill?: SkillInForce | null;
}

export interface Classified {
  classification: Classification;
  parsed: ParsedRun;
  flags: RunFlags | null;
  run: PytestRun | null;
  analysis: CommandAnalysis | null;
  sourceLabel: string;
  exitCode: number | null;
}

/** Step 2: classify one run from its text and, when there is one, its structured report. */
export function classifyOutput(input: OutputInput): Classified {
  const detected =
    input.detected !== undefined
      ? input.detected
      : input.command
        ? detectPytest(input.command, input.profile)
        : null;
  const run = detected?.run ?? null;
  const analysis = detected?.analysis ?? null;
  const flags = run && !run.maybe ? runFlags(run.args, projectValueOptions(input.profile)) : null;
  const normalized = normalizeOutput(input.text, input.fromFailure);
  const textRun = parseText(normalized.text, { projectRoot: input.projectRoot ?? null });

  let parsed: ParsedRun = textRun;
  let sourceLabel = "pytest's output text";
  if (input.report) {
    const reportRun = parseReport(parseRecords(input.report.text));
    // A torn report (no finish record) against a text that does show a verdict: trust the text.
    const reportUsable =
      !textRun.preSession &&
      !(reportRun.stats === null && textRun.stats !== null && !textRun.keyboardInterrupt);
    if (reportUsable) {
      parsed = withTextEvidence(reportRun, textRun);
      sourceLabel = `the run's streaming report (${input.report.name})`;
      if (reportRun.exitStatus === 4 || reportRun.exitStatus === 3) {
        parsed = {
          ...reportRun,
          preSession: textRun.preSession ?? {
            kind: reportRun.exitStatus === 4 ? "usage" : "internal",
            subject: `pytest exit status ${reportRun.exitStatus}`,
            crash: null,
          },
        };
      }
    } else sourceLabel = "pytest's output text (the streaming report was incomplete)";
  }

  const piped = run?.piped ?? false;
  const masked = analysis?.exitCodeMasked ?? false;
  let exitCode: number | null = normalized.exitCode;
  if (!input.fromFailure)
    exitCode = input.benignNonZero || input.backgrounded ? null : input.command ? 0 : null;
  if (input.knownExitCode !== undefined) exitCode = input.knownExitCode;
  const timedOut = exitCode === 143 && /^Command timed out after /m.test(normalized.text);
  const ctx: ClassifyContext = defaultContext({
    exitCode,
    piped,
    exitCodeMasked: masked,
    redirected: run?.redirected ?? false,
    truncated: normalized.truncated || normalized.previewOnly || input.textCut === true,
    backgrounded: input.backgrounded === true,
    userInterrupted: input.userInterrupted === true,
    timedOut,
    flags,
    knownFlaky: input.profile.known_flaky ?? [],
    timeoutSignatures: input.profile.timeout_signatures ?? DEFAULT_TIMEOUT_SIGNATURES,
    hangSections: input.profile.hang_sections ?? [],
    rerunsPerTest: run ? rerunsOption(run.args) : null,
    fullOutputPath: input.fullOutputPath ?? null,
    compactRerun: run && !run.maybe ? compactRerunCommand(run, input.skill ?? null) : null,
    projectPackage: input.profile.project?.package ?? null,
    clues: () => environmentClues(normalized.text),
    orphans: input.orphans ?? null,
    threshold: thresholdFailure(normalized.text),
  });
  const classification = classify(parsed, ctx);
  if (detected && detected.analysis.runs.filter((r) => !r.maybe).length > 1)
    classification.notes.push("the command ran pytest more than once; this is the last run");
  return { classification, parsed, flags, run, analysis, sourceLabel, exitCode };
}

/** pytest-rerunfailures' `--reruns N` (or `--reruns=N`). */
function rerunsOption(args: readonly (string | null)[]): number | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--reruns") return Number(args[i + 1]) || null;
    if (a?.startsWith("--reruns=")) return Number(a.slice("--reruns=".length)) || null;
  }
  return null;
}

/** The same run with one line per failure (`-q --tb=line -rfE`), its other flags kept: what fits in the text
 *  Claude Code keeps of a failing command. Null when an argument is unknown (an expansion), or when the skill
 *  in force allows no spelling of it. */
function compactRerunCommand(run: PytestRun, skill: SkillInForce | null): string | null {
  if (run.args.some((a) => a === null)) return null;
  const kept: string[] = [];
  const args = run.args as string[];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "--tb") {
      i++;
      continue;
    }
    if (/^--tb=|^-r\S*$|^-[qv]+$|^--(?:verbose|quiet)$/.test(a)) continue;
    kept.push(/^[\w./:=@%+,-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`);
  }
  const spelled = proposeRun(shapeOf(run), [...kept, "-q", "--tb=line", "-rfE"], skill);
  return spelled.ok ? spelled.command : null;
}

/** How a run was typed, for the commands that repeat it (its prefix and invocation). */
export function shapeOf(run: PytestRun): RunShape {
  return { prefix: run.prefix, runner: run.invocation };
}

/** The report carries each test's final crash line; the text, when it shows the failure sections, carries
 *  the rest (every E line, the chain, the location) and the plugin sections. Joined by node id. */
function withTextEvidence(reportRun: ParsedRun, textRun: ParsedRun): ParsedRun {
  const byId = new Map(textRun.tests.map((t) => [t.id, t]));
  const tests = reportRun.tests.map((t) => {
    const fromText = byId.get(t.id);
    if (!fromText) return t;
    return {
      ...t,
      ...(t.evidence || !fromText.evidence ? {} : { evidence: fromText.evidence }),
      ...(t.location || !fromText.location ? {} : { location: fromText.location }),
    };
  });
  return {
    ...reportRun,
    tests,
    extraSections: reportRun.extraSections.length > 0 ? reportRun.extraSections : textRun.extraSections,
  };
}

export interface ComposeInput {
  classified: Classified;
  profile: ResultsProfile;
  /** Repo-relative files changed in the working tree (git), for the mapping. */
  changedFiles: readonly string[];
  /** Working-tree fingerprint for the ledger; null outside git. */
  tree: string | null;
  history: readonly LedgerEntry[];
  now: Date;
  /** The machine's load during the run (ledger.ts machineLoad()); absent: unknown. */
  load?: MachineLoad | null;
  /** The skill in force, which every proposed command must pass (proposal.ts); absent: proposed as built. */
  skill?: SkillInForce | null;
}

export interface Composed {
  text: string;
  next: string[];
  entry: LedgerEntry;
  recovered: FlakyEvidence[];
}

/** Step 3: the report the model reads, and the ledger line for this run. */
export function composeReport(input: ComposeInput): Composed {
  const { classified, profile } = input;
  const c = classified.classification;
  const mapping = profile.mapping ?? [];
  // Only the mapping and the flaky history read the failing ids: without either, no list of every test.
  const failingIds =
    mapping.length > 0 || input.history.length > 0
      ? c.tests.filter((t) => t.outcome === "failed" || t.outcome === "error").map((t) => t.id)
      : [];
  const causes = failingIds.length > 0 ? likelyCauses(failingIds, mapping, input.changedFiles) : [];
  const own = classified.run && !classified.run.maybe && !/[*?]/.test(classified.run.invocation);
  const run: RunShape =
    own && classified.run ? shapeOf(classified.run) : { prefix: [], runner: profile.runner.base };
  const entry = buildEntry({
    now: input.now,
    command: classified.run
      ? `${classified.run.invocation} ${classified.run.args.map((a) => a ?? "$…").join(" ")}`.trim()
      : "(text)",
    tree: input.tree,
    classification: c,
    passedIds: classified.parsed.passedIds,
    flags: classified.flags,
    history: input.history,
    load: input.load ?? null,
  });
  const { before, recovered } = flakyEvidenceWith(input.history, entry);
  const failingSet = new Set(failingIds);
  const renderInput = {
    classification: c,
    run,
    skill: input.skill ?? null,
    hints: profile.hints ?? {},
    ...(profile.project?.package ? { packageName: profile.project.package } : {}),
    ...(profile.skill?.commit_message_skill
      ? { commitMessageSkill: profile.skill.commit_message_skill }
      : {}),
    sourceLabel: classified.sourceLabel,
    causes,
    flaky: before.filter((e) => failingSet.has(e.id)),
    recovered,
    repeated: repeatedFailures(input.history, entry),
    load: input.load ?? null,
    rerunFlags: classified.run
      ? rerunFlagsOf(
          classified.run.args,
          (profile.options?.project ?? []).flatMap((o) => [o.flag, ...(o.aliases ?? [])]),
          projectValueOptions(profile),
        )
      : [],
  };
  const next = nextSteps(renderInput);
  return { text: renderReport(renderInput, next), next, entry, recovered };
}

/** One-line crash text of a collection or pre-session error. */
function errorSignature(crash: Classification["collectionErrors"][number]["crash"]): string {
  return crash
    ? crash.type
      ? `${crash.type}${crash.message ? `: ${crash.message}` : ""}`
      : crash.message
    : "(no crash line in the output)";
}

/** The machine form of `run-tests-skill classify --json`. An error that stopped pytest before its session
 *  (INTERNALERROR, a usage error, a conftest) is no test: it is `stopped_before`, never a test id. */
export function toJson(classified: Classified, next: string[]) {
  const c = classified.classification;
  const stopped = c.collectionErrors.find((e) => e.preSession);
  return {
    class: c.class,
    counts: c.counts,
    ...(c.countsUnknown ? { counts_unknown: true } : {}),
    tests: [
      ...c.tests.map((t) => ({ id: t.id, outcome: t.outcome, class: t.class, signature: t.signature })),
      ...c.collectionErrors
        .filter((e) => !e.preSession)
        .map((e) => ({
          id: e.path,
          outcome: "error" as const,
          class: e.class,
          signature: errorSignature(e.crash),
        })),
    ],
    ...(stopped
      ? {
          stopped_before: {
            kind: stopped.preSession,
            subject: stopped.path,
            class: stopped.class,
            signature: errorSignature(stopped.crash),
          },
        }
      : {}),
    ...(c.rerunPassed ? { rerun_passed: c.rerunPassed } : {}),
    evidence: c.evidence,
    next,
    source: classified.parsed.source,
    notes: c.notes,
    hints: c.hints,
    ...(c.runningTest ? { running: c.runningTest } : {}),
  };
}
