// Bundles each hook entry (hooks/entry/*.ts) into one self-contained CommonJS file under hooks/bin/ (and the
// distributable plugin/hooks/bin/), run by plain
// `node` at hook time (no tsx, no npm install). `--check` rebuilds in memory and fails when a committed
// bundle differs, the same way `generate --check` guards SKILL.md.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { bundleName, PLUGIN_RELEASE_DIR } from "./registration.ts";

const here = fileURLToPath(new URL(".", import.meta.url));
const entryDir = join(here, "entry");
/** The bundles live in hooks/bin (the repository root is a plugin) and in the distributable plugin folder. */
const outDirs = [join(here, "bin"), join(here, "..", PLUGIN_RELEASE_DIR, "hooks", "bin")];

/**
 * Entries whose heavy part is embedded as a string and compiled only when needed. node parses every function
 * of a bundle at load (lazily, but it still scans them): for the report, which Claude Code starts for every
 * line that mentions pytest and every prompt, the 300 KB pipeline would cost about 10 ms CPU on each call
 * that turns out not to be a run (hooks/bench/report.ts). A string literal is scanned far faster. The entry
 * reads the string from LAZY_CORE_GLOBAL and imports the module itself when run unbundled (tsx, tests).
 */
const LAZY_CORES: Record<string, { module: string; importedAs: string }> = {
  "report.ts": { module: join(here, "results", "hook.ts"), importedAs: "../results/hook.ts" },
};
export const LAZY_CORE_GLOBAL = "__RUN_TESTS_SKILL_CORE__";

const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  write: false,
  minify: true,
  legalComments: "none",
  logLevel: "silent",
} as const;

export async function bundleAll(): Promise<Map<string, string>> {
  const entries = readdirSync(entryDir)
    .filter((f) => f.endsWith(".ts"))
    .sort();
  const out = new Map<string, string>();
  for (const file of entries) {
    const lazy = LAZY_CORES[file];
    let core: string | null = null;
    if (lazy) {
      const built = await build({ ...common, entryPoints: [lazy.module] });
      core = built.outputFiles[0]?.text ?? "";
    }
    const result = await build({
      ...common,
      entryPoints: [join(entryDir, file)],
      banner: { js: "// Built by hooks/build.ts from hooks/entry; do not edit." },
      ...(lazy && core !== null
        ? { define: { [LAZY_CORE_GLOBAL]: JSON.stringify(core) }, external: [lazy.importedAs] }
        : {}),
    });
    const text = result.outputFiles[0]?.text ?? "";
    out.set(bundleName(basename(file, ".ts")), text);
  }
  return out;
}

async function main(): Promise<number> {
  const check = process.argv.includes("--check");
  const bundles = await bundleAll();
  const known = new Set(bundles.keys());
  const stale: string[] = [];
  for (const outDir of outDirs) {
    const shown = relative(join(here, ".."), outDir);
    if (!existsSync(outDir)) mkdirSync(outDir, { recursive: true });
    for (const [name, text] of bundles) {
      const path = join(outDir, name);
      if (existsSync(path) && readFileSync(path, "utf8") === text) continue;
      if (check) stale.push(`${shown}/${name}`);
      else writeFileSync(path, text);
    }
    // A bundle whose entry is gone would still be copied by `init` and listed by the registration.
    for (const orphan of readdirSync(outDir).filter((f) => /\.[cm]?js$/.test(f) && !known.has(f))) {
      if (check) stale.push(`${shown}/${orphan} (no entry in hooks/entry)`);
      else rmSync(join(outDir, orphan));
    }
  }
  if (check) {
    for (const name of stale) console.error(`STALE: ${name}`);
    if (stale.length > 0) {
      console.error("hook bundles are out of date: run `npm run build` and commit the result.");
      return 1;
    }
    console.log(`hook bundles: ${bundles.size} fresh in ${outDirs.length} folders`);
    return 0;
  }
  console.log(
    `hook bundles: wrote ${bundles.size} to ${outDirs.map((d) => relative(join(here, ".."), d)).join(", ")}`,
  );
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then((code) => process.exit(code));
}
