// The stop gate's decision, pure: given the session's starting tree, the tree now, the test folder's
// modules and the ledger, may the agent end its turn? It may unless a Python source changed in this session
// has tests (mapped, or named after it) that no pytest run selected since the file's last change. A run
// that selected them and failed is enough: the agent then reports the failure. At most one block per stop
// cycle: Claude Code marks the retry with stop_hook_active.
import { buildCommand } from "../../skills/generator/body.ts";
import type { Profile } from "../../skills/profile/schema.ts";
import { type CoverageEntry, runCovers, runStartMs, runTouches } from "./coverage.ts";
import { type GateLayout, kindOf, mappedRoots, type Resolution, resolveTests } from "./resolve.ts";
import type { TreeState } from "./tree.ts";

export interface GateInput {
  profile: Profile;
  stopHookActive: boolean;
  baseline: TreeState;
  now: TreeState;
  /** Paths changed between the baseline's HEAD and the current one (empty when HEAD did not move). */
  moved: readonly string[];
  /** ms of a path's last change (its mtime; a deleted path's nearest folder). */
  lastChange: (path: string) => number;
  /** The test modules under the tests folder; asked for only when a file has no mapping row. */
  testFiles: () => readonly string[];
  ledger: readonly CoverageEntry[];
}

export interface Untested {
  resolution: Resolution;
  /** Test paths with no covering run since the change (all of them for via "none": the quick check). */
  missing: string[];
  /** Of those, the ones a later run selected in part (a node id, one file of a folder, -k ...). */
  partly: string[];
}

export type GateDecision =
  | { block: false; why: string; checked: Untested[] }
  | { block: true; reason: string; untested: Untested[]; command: string };

export function layoutOf(profile: Profile): GateLayout {
  return { testsDir: profile.project.tests_dir, mapping: profile.mapping, package: profile.project.package };
}

/** Paths whose state differs between the two trees (either side), plus those HEAD's move changed. */
export function sessionChanges(baseline: TreeState, now: TreeState, moved: readonly string[]): string[] {
  const paths = new Set<string>(moved);
  for (const [path, stamp] of Object.entries(now.files)) if (baseline.files[path] !== stamp) paths.add(path);
  for (const path of Object.keys(baseline.files)) if (!(path in now.files)) paths.add(path);
  return [...paths].sort();
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
  const changed = sessionChanges(input.baseline, input.now, input.moved);
  const sources = changed.filter((p) => kindOf(p, layout, roots) === "source");
  if (sources.length === 0)
    return {
      block: false,
      why:
        changed.length === 0
          ? "no file changed in this session"
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
      const missing = resolution.tests.filter((t) => !later.some((e) => runCovers(e, t)));
      const partly = missing.filter((t) => later.some((e) => runTouches(e, t)));
      result = { resolution, missing, partly };
    }
    (result.missing.length > 0 ? untested : checked).push(result);
  }
  if (untested.length === 0)
    return { block: false, why: "every changed source was tested after its last change", checked };
  if (input.stopHookActive)
    return { block: false, why: "already asked once in this stop cycle", checked: [...checked, ...untested] };
  const command = commandFor(input.profile, untested);
  return { block: true, reason: reasonText(input.profile, untested, command), untested, command };
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

export function reasonText(profile: Profile, untested: readonly Untested[], command: string): string {
  const lines = [
    "run-tests-skill stop gate: Python sources changed in this session have no pytest run since their last change.",
    ...untested.map(describe),
  ];
  if (command) lines.push("Run the tests that cover them before finishing:", command);
  if (untested.some((u) => u.resolution.via === "none"))
    lines.push(
      `${command ? "For the files no test covers, run" : "Run"} the suite's quick check:`,
      ...quickCheck(profile),
    );
  lines.push("A run that fails satisfies this check too: then report the failure to the user.");
  return lines.join("\n");
}
