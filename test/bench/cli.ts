// Benchmark (not a test): the prebuilt CLI's start-up and what `init` puts into a user's repository.
//   - CPU time (user+sys) of `node plugin/cli/run-tests-skill.cjs --help` and of `explain -- git status`, against a
//     bare `node -e 0`, interleaved, measured like test/bench/guard.ts. Budget (issue 10): --help within
//     2.5 x the baseline. The development entry (tsx) is shown once for comparison.
//   - the footprint of an install: the bytes `init` writes into a temp git repo, by folder.
// Run: npx tsx test/bench/cli.ts [--rounds N] [--json]   (build first: npm run build)
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { execa } from "execa";
import { CLI_BUNDLE } from "../../bin/build/build.ts";
import { PATHS } from "../../bin/install/layout.ts";
import { PACKAGE_ROOT } from "../../hooks/core/package-root.ts";
import { cpuMs, median } from "./measure.ts";

export const HELP_BUDGET = 2.5;
const cli = join(PACKAGE_ROOT, CLI_BUNDLE);
const devEntry = join(PACKAGE_ROOT, "bin", "run-tests-skill.mjs");

export interface CliBenchResult {
  rounds: number;
  baselineMs: number;
  helpMs: number;
  explainMs: number;
  devHelpMs: number;
  ratio: number;
  /** Bytes init writes, by path under the repo (folders summed), and in all. */
  footprint: { byPath: Record<string, number>; total: number };
}

function sizes(dir: string, root: string, out: Record<string, number>): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) sizes(path, root, out);
    else out[relative(root, path)] = st.size;
  }
}

async function footprint(): Promise<CliBenchResult["footprint"]> {
  const repo = mkdtempSync(join(tmpdir(), "cli-bench-"));
  try {
    writeFileSync(join(repo, "pyproject.toml"), '[project]\nname = "sample"\n');
    await execa("git", ["init", "-q"], { cwd: repo });
    await execa("node", [cli, "init", repo, "--profile", "generic"], { cwd: repo });
    const files: Record<string, number> = {};
    sizes(join(repo, ".claude"), repo, files);
    const byPath: Record<string, number> = {};
    for (const [path, bytes] of Object.entries(files)) {
      const key = path.startsWith(PATHS.binDir) ? path : path.split("/").slice(0, 3).join("/");
      byPath[key] = (byPath[key] ?? 0) + bytes;
    }
    return { byPath, total: Object.values(files).reduce((a, b) => a + b, 0) };
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

export async function runCliBench(rounds: number): Promise<CliBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "cli-bench-"));
  try {
    const empty = join(dir, "empty");
    writeFileSync(empty, "");
    const env = { ...process.env };
    const base: number[] = [];
    const help: number[] = [];
    const explain: number[] = [];
    await cpuMs("-e 0", empty, env); // warm the file cache
    await cpuMs(`${JSON.stringify(cli)} --help`, empty, env);
    for (let r = 0; r < rounds; r++) {
      base.push(await cpuMs("-e 0", empty, env));
      help.push(await cpuMs(`${JSON.stringify(cli)} --help`, empty, env));
      base.push(await cpuMs("-e 0", empty, env));
      explain.push(await cpuMs(`${JSON.stringify(cli)} explain -- 'git status'`, empty, env));
    }
    const dev: number[] = [];
    for (let r = 0; r < 3; r++) dev.push(await cpuMs(`${JSON.stringify(devEntry)} --help`, empty, env));
    const baselineMs = median(base);
    const helpMs = median(help);
    return {
      rounds,
      baselineMs,
      helpMs,
      explainMs: median(explain),
      devHelpMs: median(dev),
      ratio: helpMs / baselineMs,
      footprint: await footprint(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { rounds: { type: "string", default: "20" }, json: { type: "boolean" } },
  });
  const result = await runCliBench(Number(values.rounds));
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else {
    const f = (ms: number) => `${ms.toFixed(1)} ms`;
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    console.log(
      `CLI CPU time (user+sys), median of ${result.rounds} interleaved rounds, node ${process.version}`,
    );
    console.log(`  node -e 0 (baseline)               ${f(result.baselineMs)}`);
    console.log(`  ${CLI_BUNDLE} --help      ${f(result.helpMs)}`);
    console.log(`  ${CLI_BUNDLE} explain     ${f(result.explainMs)}`);
    console.log(`  bin/run-tests-skill.mjs --help (tsx, development)  ${f(result.devHelpMs)}`);
    console.log(
      `  ratio --help / baseline            ${result.ratio.toFixed(2)}  (budget <= ${HELP_BUDGET})`,
    );
    console.log(`what init writes into a repository (--profile generic): ${kb(result.footprint.total)}`);
    for (const [path, bytes] of Object.entries(result.footprint.byPath).sort())
      console.log(`  ${path.padEnd(48)} ${kb(bytes).padStart(10)}`);
  }
  return result.ratio <= HELP_BUDGET ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = await main();
