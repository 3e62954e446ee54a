// Benchmark (not a test): the guard of several builds side by side, as installed, in the same runs. Each
// revision's plugin/ folder (git archive) or a folder given as a path runs interleaved with the others and with a
// bare `node -e 0`, on three everyday inputs: an allowed command, a denied one, a pytest line. stdout is a pipe,
// as under Claude Code (a stream to a pipe costs differently from /dev/null). A first call per layout and input
// leaves each layout's code cache, as a user's first Bash call does.
// Why: a ratio measured in one hour is not comparable with one measured in another on a shared machine; a
// claim "unchanged or better" needs the builds in the same runs.
// Run: npx tsx test/bench/guard-layouts.ts [--rounds N] <revision | path to a plugin folder>...
//   e.g. npx tsx test/bench/guard-layouts.ts --rounds 30 72bb8d5 HEAD plugin
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { execa } from "execa";
import { BUNDLE_HOME, PLUGIN_RELEASE_DIR } from "../../bin/build/registration.ts";
import { PACKAGE_ROOT } from "../../hooks/core/package-root.ts";
import { hookInput } from "./guard.ts";
import { cpuMs, median } from "./measure.ts";

const INPUTS: Record<string, string> = {
  allow: "git status",
  deny: "git add .",
  pytest: "python -m pytest tests/test_local.py -x --tb=short --no-header 2>&1",
};

/** The guard program of `spec`: a plugin folder on disk, or a revision's plugin/ unpacked under `into`. */
async function guardOf(spec: string, into: string): Promise<string> {
  const inFolder = join(resolve(spec), relative(PLUGIN_RELEASE_DIR, BUNDLE_HOME), "guard.cjs");
  if (existsSync(inFolder)) return inFolder;
  const dir = join(into, spec.replace(/[^\w.-]/g, "_"));
  mkdirSync(dir, { recursive: true });
  await execa("bash", [
    "-c",
    `git -C "$1" archive "$2" plugin | tar -x -C "$3"`,
    "-",
    PACKAGE_ROOT,
    spec,
    dir,
  ]);
  return join(dir, BUNDLE_HOME, "guard.cjs");
}

/** CPU ms of one call with stdout on a pipe, as under Claude Code. */
const pipedCpuMs = (args: string, stdinFile: string, env: NodeJS.ProcessEnv) =>
  cpuMs(args, stdinFile, env, { stdout: "pipe" });

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { rounds: { type: "string", default: "20" } },
    allowPositionals: true,
  });
  if (positionals.length === 0) {
    console.error("usage: guard-layouts.ts [--rounds N] <revision | plugin folder>...");
    return 2;
  }
  const rounds = Number(values.rounds);
  const work = mkdtempSync(join(tmpdir(), "guard-layouts-"));
  try {
    const project = join(work, "project");
    mkdirSync(project);
    const env = { ...process.env, CLAUDE_PROJECT_DIR: project };
    const files: Record<string, string> = {};
    for (const [name, command] of Object.entries(INPUTS)) {
      files[name] = join(work, `${name}.json`);
      writeFileSync(files[name] as string, hookInput(command));
    }
    const empty = join(work, "empty");
    writeFileSync(empty, "");
    const guards: Record<string, string> = {};
    for (const spec of positionals) guards[spec] = await guardOf(spec, join(work, "layouts"));
    for (const guard of Object.values(guards))
      for (const file of Object.values(files)) await pipedCpuMs(JSON.stringify(guard), file, env);

    const base: number[] = [];
    const samples: Record<string, Record<string, number[]>> = Object.fromEntries(
      positionals.map((spec) => [spec, Object.fromEntries(Object.keys(INPUTS).map((name) => [name, []]))]),
    );
    for (let r = 0; r < rounds; r++)
      for (const [name, file] of Object.entries(files)) {
        const order = r % 2 === 0 ? positionals : [...positionals].reverse();
        for (const spec of order) {
          base.push(await pipedCpuMs("-e 0", empty, env));
          samples[spec]?.[name]?.push(await pipedCpuMs(JSON.stringify(guards[spec]), file, env));
        }
      }
    const b = median(base);
    console.log(`node -e 0: median ${b.toFixed(1)} ms CPU (${base.length} samples); ratios are guard / that`);
    console.log(["layout".padEnd(24), "all", ...Object.keys(INPUTS)].join("\t"));
    for (const spec of positionals) {
      const bySpec = samples[spec] ?? {};
      const all = Object.values(bySpec).flat();
      const cells = Object.keys(INPUTS).map((name) => (median(bySpec[name] ?? []) / b).toFixed(3));
      console.log([spec.padEnd(24), (median(all) / b).toFixed(3), ...cells].join("\t"));
    }
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = await main();
