// Benchmark: what layer 2 (init --sandbox) costs in the real Claude Code. Two scratch projects, one installed
// with `init`, one with `init --sandbox`; in each, `claude -p` (against the e2e mock API) makes 0 and then N
// Bash calls of `true`. Prints the median wall time of each, the extra per session (0 calls) and the extra
// per Bash call ((N calls - 0 calls) / N, sandbox minus no sandbox). Needs bubblewrap and socat.
// Run: npx tsx test/bench/sandbox.ts [N=10] [repeats=3]
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { bashScript, CLI, SAMPLE_PROFILE, Scenario } from "../e2e/harness.ts";

const calls = Number(process.argv[2] ?? 10);
const repeats = Number(process.argv[3] ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function scenario(sandbox: boolean): Promise<Scenario> {
  return Scenario.create({
    install: {
      kind: "custom",
      async setup(project, scratch) {
        const profile = join(scratch, "profile.yaml");
        writeFileSync(profile, SAMPLE_PROFILE);
        const args = [CLI, "init", project, "--profile", profile, ...(sandbox ? ["--sandbox"] : [])];
        await execa("node", args, { env: { HOME: join(scratch, "home") }, stdin: "ignore" });
      },
    },
  });
}

async function timeRuns(s: Scenario, n: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const commands = Array.from({ length: n }, (_, k) => `true ${k}`);
    const run = await s.run("bench", [...bashScript(...commands), { text: "done" }], {
      allowedTools: "Bash",
    });
    if (run.exitCode !== 0) throw new Error(`claude exited ${run.exitCode}: ${run.stderr.slice(0, 500)}`);
    times.push(run.durationMs);
  }
  return median(times);
}

async function main(): Promise<void> {
  const results: Record<string, { zero: number; many: number }> = {};
  for (const sandbox of [false, true]) {
    const s = await scenario(sandbox);
    try {
      await timeRuns(s, 1); // warm-up: first start of the CLI in this project
      results[sandbox ? "sandbox" : "plain"] = { zero: await timeRuns(s, 0), many: await timeRuns(s, calls) };
    } finally {
      await s.close();
    }
  }
  const plain = results.plain;
  const box = results.sandbox;
  if (!plain || !box) return;
  const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`median of ${repeats}; ${calls} Bash calls of \`true\``);
  console.log(`no sandbox: session ${fmt(plain.zero)}, with ${calls} calls ${fmt(plain.many)}`);
  console.log(`sandbox:    session ${fmt(box.zero)}, with ${calls} calls ${fmt(box.many)}`);
  console.log(`extra per session: ${fmt(box.zero - plain.zero)}`);
  console.log(`extra per Bash call: ${fmt((box.many - box.zero - (plain.many - plain.zero)) / calls)}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
