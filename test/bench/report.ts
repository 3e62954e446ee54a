// Benchmark (not a test): what the report hook costs on calls that are not pytest runs, in CPU time above a
// bare `node -e 0`, measured side by side and interleaved (the method of test/bench/guard.ts).
// Claude Code starts the report for a Bash call only when the line contains "pytest" or "py.test" (the `if`
// rules of bin/build/registration.ts), so most commands cost nothing at all. What remains is measured here:
//   - a line that mentions pytest without running it (`grep -rn pytest`): the full detection path;
//   - a user prompt without a task notification (UserPromptSubmit has no filter: one run per prompt);
//   - a Bash line that reached the hook without mentioning pytest (only a catch-all would send one).
// Budget (issue 9): under 15 ms CPU above `node -e 0` per call, for the calls that start the hook without
// being about pytest at all (BUDGETED below). A line that mentions pytest pays for the walk that decides.
// Run: npx tsx test/bench/report.ts [--rounds N] [--json]   (build first: npm run build)

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { BUNDLE_HOME } from "../../bin/build/registration.ts";
import { compileProfile } from "../../hooks/core/profile/compile.ts";
import { loadProfile } from "../../hooks/core/profile/load.ts";
import { cpuMs, median } from "./measure.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const report = join(root, BUNDLE_HOME, "report.cjs");
export const BUDGET_MS = 15;
const BUDGETED = ["prompt without a task notification", "Bash line not mentioning pytest"];

function bashInput(cwd: string, command: string): string {
  return JSON.stringify({
    session_id: "bench",
    cwd,
    prompt_id: "bench-prompt",
    permission_mode: "default",
    hook_event_name: "PostToolUse",
    tool_name: "Bash",
    tool_input: { command, description: "bench" },
    tool_response: { stdout: "tests/conftest.py:3:import pytest\n", stderr: "", interrupted: false },
    tool_use_id: "toolu_bench",
    duration_ms: 20,
  });
}

export interface ReportBenchResult {
  rounds: number;
  baselineMs: number;
  /** Median CPU above the baseline, per case. */
  overMs: Record<string, number>;
}

export async function runReportBench(rounds: number): Promise<ReportBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "report-bench-"));
  try {
    const loaded = loadProfile("tractor");
    if (!loaded.ok) throw new Error("tractor profile does not load");
    const install = join(dir, ".claude", "run-tests-skill");
    mkdirSync(join(install, "state"), { recursive: true });
    writeFileSync(join(install, "profile.json"), compileProfile(loaded.profile, "tractor"));
    const env = { ...process.env, CLAUDE_PROJECT_DIR: dir };
    const cases: Record<string, string> = {
      "grep -rn pytest (mentions, does not run)": bashInput(dir, "grep -rn pytest tests/ | head -20"),
      "prompt without a task notification": JSON.stringify({
        session_id: "bench",
        cwd: dir,
        hook_event_name: "UserPromptSubmit",
        prompt: "run the tests and tell me what fails",
      }),
      "Bash line not mentioning pytest": bashInput(dir, "ls -la src && git status --short"),
    };
    const files: Record<string, string> = {};
    for (const [name, input] of Object.entries(cases)) {
      files[name] = join(dir, `${Object.keys(files).length}.json`);
      writeFileSync(files[name] as string, input);
    }
    const empty = join(dir, "empty.json");
    writeFileSync(empty, "");
    await cpuMs("-e 0", empty, env);
    const base: number[] = [];
    const byCase: Record<string, number[]> = {};
    for (let r = 0; r < rounds; r++) {
      for (const [name, file] of Object.entries(files)) {
        base.push(await cpuMs("-e 0", empty, env));
        const list = byCase[name] ?? [];
        list.push(await cpuMs(JSON.stringify(report), file, env));
        byCase[name] = list;
      }
    }
    const baselineMs = median(base);
    return {
      rounds,
      baselineMs,
      overMs: Object.fromEntries(Object.entries(byCase).map(([k, v]) => [k, median(v) - baselineMs])),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { rounds: { type: "string", default: "30" }, json: { type: "boolean" } },
  });
  const result = await runReportBench(Number(values.rounds));
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(
      `report hook CPU time (user+sys) above node -e 0, median of ${result.rounds} interleaved rounds, node ${process.version}`,
    );
    console.log(`  node -e 0 (baseline)                       ${result.baselineMs.toFixed(1)} ms`);
    for (const [name, ms] of Object.entries(result.overMs))
      console.log(
        `  ${name.padEnd(42)} +${ms.toFixed(1)} ms${BUDGETED.includes(name) ? `  (budget < ${BUDGET_MS})` : ""}`,
      );
  }
  return BUDGETED.every((name) => (result.overMs[name] ?? Infinity) < BUDGET_MS) ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = await main();
