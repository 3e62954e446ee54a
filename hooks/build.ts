// Bundles each hook entry (hooks/entry/*.ts) into one self-contained ESM file under hooks/bin/, run by plain
// `node` at hook time (no tsx, no npm install). `--check` rebuilds in memory and fails when a committed
// bundle differs, the same way `generate --check` guards SKILL.md.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = fileURLToPath(new URL(".", import.meta.url));
const entryDir = join(here, "entry");
const outDir = join(here, "bin");

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
      format: "esm",
      target: "node20",
      write: false,
      minify: true,
      legalComments: "none",
      banner: {
        js: "// Built by hooks/build.ts from hooks/entry; do not edit.\nimport{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);",
      },
      logLevel: "silent",
    });
    const text = result.outputFiles[0]?.text ?? "";
    out.set(`${basename(file, ".ts")}.mjs`, text);
  }
  return out;
}

async function main(): Promise<number> {
  const check = process.argv.includes("--check");
  const bundles = await bundleAll();
  const stale: string[] = [];
  if (!existsSync(outDir)) mkdirSync(outDir, { recursive: true });
  for (const [name, text] of bundles) {
    const path = join(outDir, name);
    const current = existsSync(path) ? readFileSync(path, "utf8") : null;
    if (current === text) continue;
    if (check) stale.push(name);
    else writeFileSync(path, text);
  }
  const known = new Set(bundles.keys());
  const orphans = readdirSync(outDir).filter((f) => f.endsWith(".mjs") && !known.has(f));
  if (check) {
    for (const name of [...stale, ...orphans]) console.error(`STALE: hooks/bin/${name}`);
    if (stale.length + orphans.length > 0) {
      console.error("hooks/bin is out of date: run `npm run build` and commit the result.");
      return 1;
    }
    console.log(`hooks/bin: ${bundles.size} bundles fresh`);
    return 0;
  }
  for (const name of orphans) console.warn(`note: hooks/bin/${name} has no entry in hooks/entry (remove it)`);
  console.log(`hooks/bin: wrote ${bundles.size} bundles`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then((code) => process.exit(code));
}
