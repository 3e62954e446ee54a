// doctor's hook probes: each installed hook run exactly as it is registered, on a sample input, and its
// answer judged (a deny for `git commit`, a report for a failing run, a quiet exit where nothing is due).
import { execa } from "execa";
import type { Profile } from "../../hooks/core/profile/schema.ts";
import { type HookEntry, handlerBundle, TIMEOUTS } from "../build/registration.ts";
import type { Check } from "./check.ts";

// --- Hook probes -------------------------------------------------------------------------------------------

const SAMPLE_PYTEST_FAILURE = [
  "Exit code 1",
  "F.                                                                       [100%]",
  "=================================== FAILURES ===================================",
  "___________________________________ test_bad ___________________________________",
  "",
  "    def test_bad():",
  ">       assert 1 + 1 == 3",
  "E       assert (1 + 1) == 3",
  "",
  "tests/test_doctor.py:2: AssertionError",
  "=========================== short test summary info ============================",
  "FAILED tests/test_doctor.py::test_bad - assert (1 + 1) == 3",
  "1 failed, 1 passed in 0.05s",
].join("\n");

export interface Probe {
  input: Record<string, unknown>;
  /** Returns a problem, or null when the answer is right. */
  judge(stdout: string, exitCode: number | undefined): string | null;
}

function parseAnswer(stdout: string): Record<string, unknown> | null | "invalid" {
  const text = stdout.trim();
  if (text === "") return null;
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : "invalid";
  } catch {
    return "invalid";
  }
}

export function probes(profile: Profile, scratch: string): Record<HookEntry, Probe> {
  const common = {
    session_id: "doctor",
    cwd: scratch,
    prompt_id: "doctor-probe",
    permission_mode: "default",
  };
  const exitsQuietly = (stdout: string, code: number | undefined) => {
    if (code !== 0) return `exited ${code}`;
    return parseAnswer(stdout) === "invalid"
      ? `printed something that is not a JSON object: ${stdout.slice(0, 120)}`
      : null;
  };
  /** A PreToolUse probe passes when the hook exits 0 with a JSON deny. */
  const denies = (what: string) => (stdout: string, code: number | undefined) => {
    const answer = parseAnswer(stdout);
    const out =
      answer && answer !== "invalid" ? (answer.hookSpecificOutput as Record<string, unknown>) : null;
    if (code !== 0) return `exited ${code}`;
    if (out?.permissionDecision !== "deny")
      return `did not deny ${what} (answer: ${stdout.trim().slice(0, 160) || "none"})`;
    return null;
  };
  // A git mutation the profile's git.allow does not let through (the maintainers may allow commit).
  const allowed = new Set((profile.git?.allow ?? []).map((f) => f.split(" ")[0]));
  const denied =
    ["commit -am x", "update-ref -d HEAD", "filter-branch -f"].find((c) => !allowed.has(c.split(" ")[0])) ??
    "commit -am x";
  // With the git rule off (git.enforce: false) a plain mutation passes; injected config never does.
  const probeCommand = profile.git?.enforce === false ? "git -c core.hooksPath=/tmp/x log" : `git ${denied}`;
  return {
    guard: {
      input: {
        ...common,
        hook_event_name: "PreToolUse",
        tool_name: "Bash",
        tool_input: { command: probeCommand },
        tool_use_id: "toolu_doctor_guard",
      },
      judge: denies(`\`${probeCommand}\``),
    },
    "file-guard": {
      input: {
        ...common,
        hook_event_name: "PreToolUse",
        tool_name: "Write",
        tool_input: { file_path: `${scratch}/.git/HEAD`, content: "x" },
        tool_use_id: "toolu_doctor_file_guard",
      },
      judge: denies("a Write to .git/HEAD"),
    },
    report: {
      input: {
        ...common,
        hook_event_name: "PostToolUseFailure",
        tool_name: "Bash",
        tool_input: { command: `${profile.runner.base} tests/test_doctor.py` },
        tool_use_id: "toolu_doctor_report",
        error: SAMPLE_PYTEST_FAILURE,
        is_interrupt: false,
      },
      judge(stdout, code) {
        const answer = parseAnswer(stdout);
        const out =
          answer && answer !== "invalid" ? (answer.hookSpecificOutput as Record<string, unknown>) : null;
        if (code !== 0) return `exited ${code}`;
        const context = out?.additionalContext;
        if (typeof context !== "string" || !context.includes("test_bad"))
          return `did not report the failing test of a sample pytest run (answer: ${stdout.trim().slice(0, 160) || "none"})`;
        return null;
      },
    },
    "skill-turn": {
      input: {
        ...common,
        hook_event_name: "UserPromptExpansion",
        expansion_type: "slash_command",
        command_name: profile.skill.name,
        command_args: "",
        prompt: `/${profile.skill.name}`,
      },
      judge: exitsQuietly,
    },
    "session-start": {
      input: { session_id: "doctor", cwd: scratch, hook_event_name: "SessionStart", source: "startup" },
      judge: exitsQuietly,
    },
    // The scratch folder is no git repository: the gate has nothing to check and must let the stop through.
    "stop-gate": {
      input: { ...common, hook_event_name: "Stop", stop_hook_active: false },
      judge: exitsQuietly,
    },
  };
}

export async function probeHook(
  dir: string,
  entry: HookEntry,
  command: { program: string; args: string[] },
  probe: Probe,
  scratch: string,
  env: NodeJS.ProcessEnv,
): Promise<Check> {
  const bundle = handlerBundle(command) ?? command.args.join(" ");
  const title = `hook ${entry} answers a sample input within its ${TIMEOUTS[entry]} s budget`;
  const started = performance.now();
  const result = await execa(command.program, command.args, {
    cwd: scratch,
    input: JSON.stringify(probe.input),
    timeout: TIMEOUTS[entry] * 1000,
    reject: false,
    env: { ...env, CLAUDE_PROJECT_DIR: scratch, CLAUDECODE: "1" },
    extendEnv: false,
  });
  const ms = Math.round(performance.now() - started);
  const fix = `reinstall the hooks with \`run-tests-skill init ${dir}\`; if that does not help, run the hook by hand: echo '<input>' | node ${bundle}`;
  if (result.timedOut) return { title, ok: false, problem: `no answer within ${TIMEOUTS[entry]} s`, fix };
  const problem = probe.judge(result.stdout, result.exitCode);
  const stderr = result.stderr.trim().split("\n")[0];
  if (problem) return { title, ok: false, problem: `${problem}${stderr ? ` (stderr: ${stderr})` : ""}`, fix };
  return { title, ok: true, detail: `${ms} ms` };
}
