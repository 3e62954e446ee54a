// SessionStart + Stop: the stop gate (hooks/gate/). At SessionStart it records the working tree as git sees
// it (the session's starting point); at Stop it compares the tree now with that point and, when a Python
// source changed in the session has tests no pytest run selected since the change, blocks the stop once
// with the command to run ({"decision":"block","reason":...}). Never blocks twice in a stop cycle
// (stop_hook_active), never blocks on bad input or an internal error: one stderr line, exit 0 (a broken
// gate must not trap a session).
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import * as v from "valibot";
import { SessionStartInput, StopInput } from "../contract/input.ts";
import { emit, parseHookInput, readStdin, warn } from "../contract/io.ts";
import { stopBlockOutput } from "../contract/output.ts";
import { changedBetween, lastChangeMs, readTree, repoRootOf, type TreeState } from "../core/git/tree.ts";
import { type InstallPaths, locateInstall, projectDirOf, runningBundleDir } from "../core/state/locate.ts";
import { allowedSpelling, guardJudge, pytestSpellings } from "../gate/allowed.ts";
import { readBaseline, recordBaseline } from "../gate/baseline.ts";
import { type GateInput as DecisionInput, decide } from "../gate/decide.ts";
import { inFlightRuns } from "../gate/in-flight.ts";
import { gateSetting } from "../gate/setting.ts";
import { listTestFiles } from "../gate/test-files.ts";
import { bashEntries } from "../guard/matcher.ts";
import { claimToolUse } from "../results/gather.ts";
import { type LedgerEntry, readLedger } from "../results/ledger.ts";
import { listPending } from "../results/pending.ts";
import { resolveSkillPolicy } from "../runtime/skill-policy.ts";

const HOOK = "stop-gate";
/** Test-only: makes the gate throw after reading its input, to exercise the fail-open path. */
const FAULT_ENV = "RUN_TESTS_SKILL_STOP_GATE_FAULT";

const GateInput = v.variant("hook_event_name", [SessionStartInput, StopInput]);

/** One stop of one prompt in one state: parallel handlers of the same stop share it. */
function stopKey(input: StopInput, tree: TreeState, ledger: readonly LedgerEntry[]): string {
  const state = JSON.stringify([
    input.session_id,
    input.prompt_id ?? "",
    tree,
    ledger.length,
    ledger.at(-1)?.t,
  ]);
  return `stop-${createHash("sha256").update(state).digest("hex").slice(0, 40)}`;
}

/** Paths HEAD's move changed; none when the old HEAD is gone (rebased away and pruned): the working tree's
 *  own changes still count. */
function movedPaths(root: string, from: string, to: string): string[] {
  try {
    return changedBetween(root, from, to);
  } catch {
    return [];
  }
}

/** The skill in force judges every proposal (hooks/gate/allowed.ts): its allowed-tools as the guard
 *  resolves them in skill mode. None when the skill's policy cannot be resolved (the proposal stays as built). */
async function skillSpelling(
  paths: InstallPaths,
  root: string,
): Promise<Pick<DecisionInput, "spell" | "allowedBash">> {
  const snapshot = await resolveSkillPolicy(paths, runningBundleDir(), process.env, () => {});
  const policy = snapshot.policy;
  if (!policy) return {};
  const judge = guardJudge(policy, { cwd: paths.projectDir, projectDir: root });
  const spellings = pytestSpellings(policy.runnerBase, policy.runnerAlso);
  return {
    spell: (command) => allowedSpelling(command, spellings, judge),
    allowedBash: bashEntries(policy.allowedTools),
  };
}

async function main(): Promise<void> {
  const parsed = parseHookInput(await readStdin(), GateInput);
  if (!parsed.ok) {
    warn(HOOK, `${parsed.problem} (the stop gate let the turn end)`);
    return;
  }
  const input = parsed.value;
  const projectDir = projectDirOf(process.env, input.cwd);
  if (!existsSync(projectDir)) return;
  const paths = locateInstall(projectDir, runningBundleDir());
  const setting = gateSetting(paths, process.env);
  if (!setting.on) {
    if (setting.problem) warn(HOOK, `off: ${setting.problem}`);
    return;
  }
  if (process.env[FAULT_ENV]) throw new Error(`${FAULT_ENV} is set`);
  const root = repoRootOf(projectDir);
  if (!root || !input.session_id) return; // outside git, or no session to hold a starting point for

  if (input.hook_event_name === "SessionStart") {
    recordBaseline(paths.stateDir, input.session_id, readTree(root), Date.now());
    return;
  }
  // The retry after a block: never a second one in the same stop cycle (decide() says so too; this skips
  // the git call).
  if (input.stop_hook_active === true) return;
  const now = readTree(root);
  const baseline = readBaseline(paths.stateDir, input.session_id);
  if (!baseline) {
    // The session began before the gate was on (or its SessionStart hook did not run): from here on.
    recordBaseline(paths.stateDir, input.session_id, now, Date.now());
    return;
  }
  const profile = setting.profile;
  const moved =
    baseline.head && now.head && baseline.head !== now.head ? movedPaths(root, baseline.head, now.head) : [];
  const ledger = readLedger(paths.stateDir);
  const inFlight = inFlightRuns(listPending(paths.stateDir, Date.now()), {
    profile,
    root,
    projectDir,
    sessionId: input.session_id,
  });
  const gateInput: DecisionInput = {
    inFlight,
    profile,
    stopHookActive: false, // returned above when true
    baseline,
    now,
    moved,
    lastChange: (path) => lastChangeMs(root, path),
    testFiles: () => listTestFiles(root, profile.project.tests_dir),
    ledger,
  };
  let decision = decide(gateInput);
  // Only a block proposes a command: then (and only then) the skill's policy is read to spell it.
  if (decision.block) decision = decide({ ...gateInput, ...(await skillSpelling(paths, root)) });
  // The plugin's handler and a project install's both fire at one stop: the first to claim this prompt's
  // stop in this exact state (tree and ledger) answers, the other stays silent.
  if (decision.block && claimToolUse(paths.stateDir, stopKey(input, now, ledger), Date.now()))
    emit(stopBlockOutput(decision.reason));
}

main()
  .catch((error: unknown) =>
    warn(
      HOOK,
      `internal error, the stop gate let the turn end: ${error instanceof Error ? error.message : String(error)}`,
    ),
  )
  .finally(() => {
    process.exitCode = 0;
  });
