// SessionStart: name the enforcement tier in force (re-checking the git layout against the sandbox barrier:
// a `.git` file may name another dir now, the project may be a worktree) as the session's start context, and
// turn on the streaming pytest reporter for this conversation (see hooks/results/reporter/install.ts for what
// is exported and why it cannot break a run). Any reporter problem: one stderr line, exit 0, reporter stays
// off and the post-run hook reads pytest's text as before.
import { existsSync } from "node:fs";
import { SessionStartInput } from "../contract/input.ts";
import { emit, parseHookInput, readStdin, warn } from "../contract/io.ts";
import { contextOutput } from "../contract/output.ts";
import { readCompiledProfile } from "../core/profile/compiled.ts";
import { DEFAULT_PYTEST } from "../core/profile/runner.ts";
import { locateInstall, projectDirOf, runningBundleDir } from "../core/state/locate.ts";
import { installReporter } from "../results/reporter/install.ts";
import { REPORTER_SOURCE } from "../results/reporter/source.ts";
import { logDecision, readProfileJson } from "../runtime/decision-log.ts";
import { projectBarrierState, tierContext } from "../runtime/sandbox-layer.ts";

const HOOK = "session-start";

async function main(): Promise<void> {
  const parsed = parseHookInput(await readStdin(), SessionStartInput);
  if (!parsed.ok) {
    warn(HOOK, parsed.problem);
    return;
  }
  const input = parsed.value;
  const projectDir = projectDirOf(process.env, input.cwd);
  if (!existsSync(projectDir)) return; // never create a project tree that is not there
  emit(contextOutput("SessionStart", tierContext(projectBarrierState(projectDir))));
  const envFile = process.env.CLAUDE_ENV_FILE;
  if (!envFile) return; // nothing to write to: the post-run hook falls back to text
  if (/^(?:0|off|false|no)$/i.test(process.env.RUN_TESTS_SKILL_REPORTER ?? "")) return;
  const paths = locateInstall(projectDir, runningBundleDir());
  const compiled = readCompiledProfile(paths.profileFile);
  const result = await installReporter({
    stateDir: paths.stateDir,
    spoolDir: paths.spoolDir,
    projectDir,
    sessionId: input.session_id,
    envFile,
    runnerBase: compiled.ok ? compiled.profile.runner.base : DEFAULT_PYTEST,
    source: REPORTER_SOURCE,
  });
  if (!result.enabled) warn(HOOK, `streaming reporter not enabled: ${result.reason}`);
  logDecision(process.env, paths.stateDir, () => readProfileJson(paths.profileFile), {
    hook: HOOK,
    ...(input.session_id ? { session: input.session_id } : {}),
    event: "SessionStart",
    decision: result.enabled ? "reporter-on" : "reporter-off",
    rule: "streaming-reporter",
  });
}

main()
  .catch((error: unknown) =>
    warn(HOOK, `internal error: ${error instanceof Error ? error.message : String(error)}`),
  )
  .finally(() => {
    process.exitCode = 0;
  });
