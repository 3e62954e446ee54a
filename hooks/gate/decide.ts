// The stop gate's decision, pure: given what the agent changed in this session (its tools and commands,
// hooks/gate/agent-changes.ts), the test folder's modules and the ledger, may the agent end its turn? It may
// unless a Python source the agent changed has tests (mapped, or named after it) that no pytest run selected
// since the agent's last change of it. A run
// that selected them and failed is enough: the agent then reports the failure. At most one block per stop
// cycle: Claude Code marks the retry with stop_hook_active.
import { buildCommand } from "../../skills/generator/body.ts";
import type { Profile } from "../core/profile/schema.ts";
import { type CoverageEntry, runCovers, runStartMs, runTouches } from "../results/coverage.ts";
import { notAllowedText, type Spelled } from "../results/proposal.ts";
import type { InFlightRun } from "./in-flight.ts";
import { type GateLayout, kindOf, mappedRoots, type Resolution, resolveTests } from "./resolve.ts";

export interface GateInput {
  profile: Profile;
  stopHookActive: boolean;
  /** Paths the agent changed in this session, relative to the project dir (the profile's paths are). */
  changed: readonly string[];
  /** ms of the agent's last change of a path. */
  lastChange: (path: string) => number;
  /** The project dir relative to the repository root ("" when it is the root; a subproject's folder in
   *  --subproject mode): the ledger's run scopes are repo-relative. */
  within?: string;
  /** The test modules under the tests folder (project-relative); asked for only when a file has no
   *  mapping row. */
  testFiles: () => readonly string[];
  ledger: readonly CoverageEntry[];
  /** pytest runs of this session launched in the background and not yet reported: pending coverage. */
  inFlight?: readonly InFlightRun[];
  /** The proposal as the skill in force allows it (hooks/results/proposal.ts); absent: proposed as built. */
  spell?: (command: string) => Spelled;
  /** The skill's Bash allowed-tools, named when no spelling of a proposal is allowed. */
  allowedBash?: readonly string[];
}

export interface Untested {
  resolution: Resolution;
  /** Test paths with no covering run since the change (all of them for via "none": the quick check). */
  missing: string[];
  /** Of those, the ones a later run selected in part (a node id, one file of a folder, -k ...). */
  partly: string[];
  /** Background tasks still running that select the missing paths (they are pending, not missing). */
  waitingFor?: string[];
}

export type GateDecision =
  | { block: false; why: string; checked: Untested[]; waiting?: string[] }
  | { block: true; reason: string; untested: Untested[]; command: string };

export function layoutOf(profile: Profile): GateLayout {
  return { testsDir: profile.project.tests_dir, mapping: profile.mapping, package: profile.project.package };
}

/** The suite's quick check as the skill writes it: the first foreground quick check that is not a rerun
 *  of the last failures, or else the tests folder with the runner. */
export function quickCheck(profile: Profile): string[] {
  const check = profile.quick_checks.find(
    (q) => !q.background && !q.run.some((line) => /(?:^|\s)(?:--lf|--last-failed)(?:\s|$)/.test(line)),
  );
  const lines = check?.run.filter((line) => !line.startsWith("# "));
  return lines && lines.length > 0 ? lines : [buildCommand(profile, [profile.project.tests_dir])];
}

export function decide(input: GateInput): GateDecision {
  const layout = layoutOf(input.profile);
  const roots = mappedRoots(layout);
  const changed = [...new Set(input.changed)].sort();
  const repoPath = (t: string) => (input.within ? `${input.within}/${t}` : t);
  const covers = (e: CoverageEntry, t: string) => runCovers(e, repoPath(t));
  const touches = (e: CoverageEntry, t: string) => runTouches(e, repoPath(t));
  const sources = changed.filter((p) => kindOf(p, layout, roots) === "source");
  if (sources.length === 0)
    return {
      block: false,
      why:
        changed.length === 0
          ? "the agent changed no file in this session"
          : "only tests, docs or files outside the mapped roots changed",
      checked: [],
    };

  let testFiles: readonly string[] | null = null;
  const files = () => {
    testFiles ??= input.testFiles();
    return testFiles;
  };
  const untested: Untested[] = [];
  const checked: Untested[] = [];
  for (const file of sources) {
    const resolution = resolveTests(file, layout, files, roots);
    const since = input.lastChange(file);
    const later = input.ledger.filter((e) => runStartMs(e) >= since);
    let result: Untested;
    if (resolution.via === "none") {
      // Nothing known covers it: any completed run since the change (the quick check) is enough.
      const ran = later.some((e) => e.class !== "interrupted");
      result = { resolution, missing: ran ? [] : ["(quick check)"], partly: [] };
    } else {
      const missing = resolution.tests.filter((t) => !later.some((e) => covers(e, t)));
      const partly = missing.filter((t) => later.some((e) => touches(e, t)));
      result = { resolution, missing, partly };
    }
    const pending = pendingFor(result, input.inFlight ?? [], since, covers);
    if (pending.tasks.length > 0) {
      result.waitingFor = pending.tasks;
      result.missing = pending.missing;
      result.partly = result.partly.filter((t) => pending.missing.includes(t));
    }
    (result.missing.length > 0 ? untested : checked).push(result);
  }
  const waiting = [...new Set([...checked, ...untested].flatMap((u) => u.waitingFor ?? []))];
  if (untested.length === 0)
    return waiting.length > 0
      ? {
          block: false,
          why: `the covering run is still in flight (background task ${waiting.join(", ")}): its notification brings the report`,
          checked,
          waiting,
        }
      : { block: false, why: "every changed source was tested after its last change", checked };
  if (input.stopHookActive)
    return { block: false, why: "already asked once in this stop cycle", checked: [...checked, ...untested] };
  const built = commandFor(input.profile, untested);
  const spelled = built && input.spell ? input.spell(built) : { ok: true, command: built };
  const quick = quickCheck(input.profile).map((line) =>
    input.spell ? input.spell(line) : { ok: true, command: line },
  );
  const reason = reasonText(input.profile, untested, spelled, {
    quick,
    waiting,
    allowedBash: input.allowedBash ?? [],
  });
  return { block: true, reason, untested, command: spelled.command };
}

/** The missing paths a run still in flight (started after the change) selects: pending, not missing. */
function pendingFor(
  result: Untested,
  inFlight: readonly InFlightRun[],
  since: number,
  covers: (e: CoverageEntry, testPath: string) => boolean,
): { missing: string[]; tasks: string[] } {
  const live = inFlight.filter((r) => runStartMs(r.coverage) >= since);
  const tasks = new Set<string>();
  const missing = result.missing.filter((t) => {
    const covering = t === "(quick check)" ? live : live.filter((r) => covers(r.coverage, t));
    for (const r of covering) tasks.add(r.taskId);
    return covering.length === 0;
  });
  return { missing, tasks: [...tasks] };
}

/** One command for every missing mapped test path, in the order the files name them. */
function commandFor(profile: Profile, untested: readonly Untested[]): string {
  const paths = [...new Set(untested.filter((u) => u.resolution.via !== "none").flatMap((u) => u.missing))];
  return paths.length > 0 ? buildCommand(profile, paths) : "";
}

function describe(u: Untested): string {
  const r = u.resolution;
  if (r.via === "none")
    return `- ${r.file}: no mapping row, no test named after it, no test folder mirrors it`;
  const how =
    r.via === "mapping" ? "mapped to" : r.via === "name" ? "tests named after it:" : "nearest test folder:";
  const partly = u.partly.length > 0 ? ` (a later run selected only part of ${u.partly.join(", ")})` : "";
  return `- ${r.file}: ${how} ${u.missing.join(", ")}${partly}`;
}

export function reasonText(
  profile: Profile,
  untested: readonly Untested[],
  command: Spelled | string,
  extra: { quick?: readonly Spelled[]; waiting?: readonly string[]; allowedBash?: readonly string[] } = {},
): string {
  const main = typeof command === "string" ? { ok: true, command } : command;
  const allowedBash = extra.allowedBash ?? [];
  const lines = [
    "run-tests-skill stop gate: Python sources you changed in this session have no pytest run since your last change.",
    ...untested.map(describe),
  ];
  if ((extra.waiting ?? []).length > 0)
    lines.push(
      `Background task ${(extra.waiting ?? []).join(", ")} already runs tests for other changed files: wait for its notification, do not start it again.`,
    );
  if (main.command) {
    lines.push("Run the tests that cover them before finishing:", main.command);
    if (!main.ok) lines.push(notAllowedText(main.command, allowedBash));
  }
  if (untested.some((u) => u.resolution.via === "none")) {
    const quick = extra.quick ?? quickCheck(profile).map((line) => ({ ok: true, command: line }));
    lines.push(
      `${main.command ? "For the files no test covers, run" : "Run"} the suite's quick check:`,
      ...quick.map((q) => q.command),
    );
    const refused = quick.find((q) => !q.ok);
    if (refused) lines.push(notAllowedText(refused.command, allowedBash));
  }
  lines.push("A run that fails satisfies this check too: then report the failure to the user.");
  return lines.join("\n");
}
