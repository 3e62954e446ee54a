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

export async function bundleAll(): Promise<Map<string, string>> {
  const entries = readdirSync(entryDir)
    .filter((f) => f.endsWith(".ts"))
    .sort();
  const out = new Map<string, string>();
  for (const file of entries) {
    const result = await build({
      entryPoints: [join(entryDir, file)],
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      write: false,
      minify: true,
      legalComments: "none",
      banner: { js: "// Built by hooks/build.ts from hooks/entry; do not edit." },
      logLevel: "silent",
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
