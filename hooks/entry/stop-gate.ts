// The stop gate (hooks/gate/). The tool hooks record what the agent changes: PreToolUse Bash takes the tree
// before the command, PostToolUse(Failure) Bash the difference after it, PostToolUse of a file tool the file
// it wrote. At Stop, when a Python source the agent changed in the session has tests no pytest run selected
// since the change, it blocks the stop once with the command to run ({"decision":"block","reason":...}).
// A human's own edits (an IDE, between turns) are never recorded, so they never block. At SessionStart it
// prunes old state and, outside git, says once per session that it cannot work there.
// Never blocks twice in a stop cycle (stop_hook_active), never blocks on bad input or an internal error:
// one stderr line, exit 0 (a broken gate must not trap a session).
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join, relative, sep } from "node:path";
import * as v from "valibot";
import {
  PostToolUseFailureInput,
  PostToolUseInput,
  PreToolUseInput,
  SessionStartInput,
  StopInput,
} from "../contract/input.ts";
import { emit, parseHookInput, readStdin, warn } from "../contract/io.ts";
import { stopBlockOutput, systemMessageOutput } from "../contract/output.ts";
import { repoRootOf } from "../core/git/tree.ts";
import { type InstallPaths, locateInstall, projectDirOf, runningBundleDir } from "../core/state/locate.ts";
import { claimOnce } from "../core/state/lock.ts";
import { readChanges } from "../gate/agent-changes.ts";
import { BASELINE_DIR, pruneGateState } from "../gate/baseline.ts";
import { type GateInput as DecisionInput, decide } from "../gate/decide.ts";
import { inFlightRuns } from "../gate/in-flight.ts";
import { readOnlyCommand } from "../gate/read-only.ts";
import { gateSetting } from "../gate/setting.ts";
import { listTestFiles } from "../gate/test-files.ts";
import { afterBash, afterFileTool, beforeBash, namedEdits, type TrackPlace } from "../gate/track.ts";
import { isApplyPatch, patchTargets } from "../hosts/codex.ts";
import { claimToolUse } from "../results/gather.ts";
import { type LedgerEntry, readLedger } from "../results/ledger.ts";
import { listPending } from "../results/pending.ts";
import { allowedSpelling } from "../results/proposal.ts";
import { skillInForce } from "../results/skill-in-force.ts";
import { logDecision, readProfileJson } from "../runtime/decision-log.ts";

const HOOK = "stop-gate";

/** One line of the decision log (hooks/runtime/decision-log.ts) for what the gate did. */
type GateLog = (decision: "block" | "allow" | "off", rule: string, action: string) => void;
/** Test-only: makes the gate throw after reading its input, to exercise the fail-open path. */
const FAULT_ENV = "RUN_TESTS_SKILL_STOP_GATE_FAULT";

const GateInput = v.variant("hook_event_name", [
  SessionStartInput,
  StopInput,
  PreToolUseInput,
  PostToolUseInput,
  PostToolUseFailureInput,
]);

/** One stop of one prompt in one state: parallel handlers of the same stop share it. */
function stopKey(
  input: StopInput,
  changes: ReadonlyMap<string, number>,
  ledger: readonly LedgerEntry[],
): string {
  const state = JSON.stringify([
    input.session_id,
    input.prompt_id ?? "",
    [...changes],
    ledger.length,
    ledger.at(-1)?.t,
  ]);
  return `stop-${createHash("sha256").update(state).digest("hex").slice(0, 40)}`;
}

export const NO_GIT_NOTE =
  "is not inside a git repository, so the run-tests-skill stop gate cannot tell what the agent changed and stays off in this session (the guard and the test report work as usual). `git init` turns it on.";

/** True the first time it is asked for this session and note (a marker file, created exclusively). */
function firstTime(stateDir: string, sessionId: string, note: string): boolean {
  // Already said; or the state dir cannot be written, where saying it at every stop would be the repeat
  // this guards against.
  return claimOnce(join(stateDir, BASELINE_DIR), `${sessionId}.${note}`, {
    nowMs: Date.now(),
    whenUnwritable: "not-claimed",
  });
}

/** The skill in force judges every proposal (hooks/results/proposal.ts): its allowed-tools as the guard
 *  resolves them in skill mode. None when the skill's policy cannot be resolved (the proposal stays as built). */
async function skillSpelling(
  paths: InstallPaths,
  root: string,
): Promise<Pick<DecisionInput, "spell" | "allowedBash">> {
  const skill = await skillInForce(paths, root, runningBundleDir(), process.env);
  if (!skill) return {};
  return {
    spell: (command) => allowedSpelling(command, skill.spellings, skill.judge),
    allowedBash: skill.allowedBash,
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
  const log: GateLog = (decision, rule, action) =>
    logDecision(process.env, paths.stateDir, () => readProfileJson(paths.profileFile), {
      hook: HOOK,
      ...(input.session_id ? { session: input.session_id } : {}),
      event: input.hook_event_name,
      decision,
      rule,
      action,
    });
  const setting = gateSetting(paths, process.env);
  if (!setting.on) {
    if (setting.problem) warn(HOOK, `off: ${setting.problem}`);
    if (input.hook_event_name === "Stop") log("off", "gate-off", setting.why);
    return;
  }
  if (process.env[FAULT_ENV]) throw new Error(`${FAULT_ENV} is set`);
  if (!input.session_id) return; // no session to keep a record for
  const sessionId = input.session_id;
  const root = repoRootOf(projectDir);
  if (!root) {
    // Outside git the gate cannot work: say so once per session, at its start (or at the first stop when
    // the session began before the gate was on), never silently.
    const event = input.hook_event_name;
    if ((event === "SessionStart" || event === "Stop") && firstTime(paths.stateDir, sessionId, "no-git"))
      emit(systemMessageOutput(`${projectDir} ${NO_GIT_NOTE}`));
    if (event === "Stop") log("off", "no-git", "not inside a git repository");
    return;
  }
  const place: TrackPlace = {
    stateDir: paths.stateDir,
    sessionId,
    root,
    within: relative(root, projectDir).split(sep).join("/"),
    projectDir,
  };
  switch (input.hook_event_name) {
    case "SessionStart":
      pruneGateState(paths.stateDir, Date.now());
      return;
    case "PreToolUse": {
      if (input.tool_name !== "Bash") return;
      const command = typeof input.tool_input.command === "string" ? input.tool_input.command : "";
      if (isApplyPatch(command))
        namedEdits(place, patchTargets(command), input.cwd || projectDir, Date.now());
      // A command that cannot change the tree (ls, cat, grep, git diff) needs no before-tree: without one,
      // its PostToolUse records nothing and reads no tree either.
      else if (input.tool_use_id && !readOnlyCommand(command))
        beforeBash(place, input.tool_use_id, Date.now());
      return;
    }
    case "PostToolUse":
    case "PostToolUseFailure":
      if (input.tool_name === "Bash") {
        if (input.tool_use_id) afterBash(place, input.tool_use_id);
      } else if (input.hook_event_name === "PostToolUse") {
        afterFileTool(place, input.tool_name, input.tool_input, input.cwd || projectDir);
      }
      return;
    case "Stop":
      return stopCheck(input, paths, place, setting.profile, log);
  }
}

async function stopCheck(
  input: StopInput,
  paths: InstallPaths,
  place: TrackPlace,
  profile: DecisionInput["profile"],
  log: GateLog,
): Promise<void> {
  const { root, projectDir, sessionId } = place;
  // The retry after a block: never a second one in the same stop cycle (decide() says so too; this skips
  // the reads).
  if (input.stop_hook_active === true) return log("allow", "retry", "the retry after a block is let through");
  const changes = readChanges(paths.stateDir, sessionId);
  // The agent changed nothing: no git call, no ledger read.
  if (changes.size === 0) return log("allow", "no-change", "the agent changed no file in this session");
  const ledger = readLedger(paths.stateDir);
  const inFlight = inFlightRuns(listPending(paths.stateDir, Date.now()), {
    profile,
    root,
    projectDir,
    sessionId,
  });
  const gateInput: DecisionInput = {
    inFlight,
    profile,
    stopHookActive: false, // returned above when true
    changed: [...changes.keys()],
    lastChange: (path) => changes.get(path) ?? 0,
    within: place.within,
    testFiles: () => listTestFiles(projectDir, profile.project.tests_dir),
    ledger,
  };
  let decision = decide(gateInput);
  // Only a block proposes a command: then (and only then) the skill's policy is read to spell it.
  if (decision.block) decision = decide({ ...gateInput, ...(await skillSpelling(paths, root)) });
  // The plugin's handler and a project install's both fire at one stop: the first to claim this prompt's
  // stop in this exact state (the agent's changes and the ledger) answers, the other stays silent.
  if (!decision.block) return log("allow", "covered", decision.why);
  if (claimToolUse(paths.stateDir, stopKey(input, changes, ledger), Date.now())) {
    emit(stopBlockOutput(decision.reason));
    log("block", "untested-change", `asked for: ${decision.command}`);
  } else log("block", "untested-change", "answered by the other handler of this stop");
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
