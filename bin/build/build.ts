// Builds everything this package runs with plain `node` (no tsx, no esbuild, no node_modules at run time):
//   - each hook entry (hooks/entry/<name>.ts) into one self-contained CommonJS file in BUNDLE_HOME
//     (plugin/hooks/bin/<name>.cjs), the one place every consumer takes the hooks from;
//   - the CLI (bin/cli/main.ts, with every command under bin/cli/commands/) into CLI_BUNDLE, the package's
//     `bin`.
// Both lists come from the source tree (every file in hooks/entry/, every command module), so a new hook
// entry or command needs no change here. `--check` rebuilds in memory and fails when a committed file
// differs, the same way `generate --check` guards SKILL.md.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildOptions, build } from "esbuild";
import { PACKAGE_ROOT } from "../../hooks/core/package-root.ts";
import { BUNDLE_HOME, bundleName } from "./registration.ts";

const entryDir = join(PACKAGE_ROOT, "hooks", "entry");
/** The prebuilt CLI (repo-relative): package.json's `bin` points here. */
export const CLI_BUNDLE = "dist/run-tests-skill.cjs";
const CLI_ENTRY = join(PACKAGE_ROOT, "bin", "cli", "bundle-entry.ts");

/**
 * Entries whose heavy part is embedded as a string and compiled only when needed. node parses every function
 * of a bundle at load (lazily, but it still scans them): for the report, which Claude Code starts for every
 * line that mentions pytest and every prompt, the 300 KB pipeline would cost about 10 ms CPU on each call
 * that turns out not to be a run (test/bench/report.ts). A string literal is scanned far faster. The entry
 * reads the string from LAZY_CORE_GLOBAL and imports the module itself when run unbundled (tsx, tests).
 */
const LAZY_CORES: Record<string, { module: string; importedAs: string }> = {
  "report.ts": {
    module: join(PACKAGE_ROOT, "hooks", "results", "hook.ts"),
    importedAs: "../results/hook.ts",
  },
};
export const LAZY_CORE_GLOBAL = "__RUN_TESTS_SKILL_CORE__";

const common: BuildOptions = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  write: false,
  minify: true,
  legalComments: "none",
  logLevel: "silent",
};

async function bundleOne(options: BuildOptions): Promise<string> {
  const result = await build({ ...common, ...options });
  return result.outputFiles?.[0]?.text ?? "";
}

/** The hook bundles by file name (guard.cjs, ...), as `npm run build` writes them into BUNDLE_HOME. */
export async function bundleAll(): Promise<Map<string, string>> {
  const entries = readdirSync(entryDir)
    .filter((f) => f.endsWith(".ts"))
    .sort();
  const out = new Map<string, string>();
  for (const file of entries) {
    const lazy = LAZY_CORES[file];
    const core = lazy ? await bundleOne({ entryPoints: [lazy.module] }) : null;
    const text = await bundleOne({
      entryPoints: [join(entryDir, file)],
      banner: { js: "// Built by bin/build/build.ts from hooks/entry; do not edit." },
      ...(lazy && core !== null
        ? { define: { [LAZY_CORE_GLOBAL]: JSON.stringify(core) }, external: [lazy.importedAs] }
        : {}),
    });
    out.set(bundleName(basename(file, ".ts")), text);
  }
  return out;
}

/** What import.meta.url reads as inside the CLI bundle: a URL that is no module node ever runs, so the
 *  sources' "run main when I am the script" checks stay false (bin/cli/bundle-entry.ts runs the CLI).
 *  Nothing in the bundle locates files through it: hooks/core/package-root.ts uses the bundle's __dirname. */
export const BUNDLED_MODULE_URL = "file:///run-tests-skill/bundled-module.cjs";

/**
 * The CLI as one CommonJS file (CommonJS: node starts it faster than ESM). The command modules, loaded by a
 * template import (`./commands/${name}.ts`), are all bundled and initialised only when used.
 */
export async function bundleCli(): Promise<string> {
  return bundleOne({
    entryPoints: [CLI_ENTRY],
    define: { "import.meta.url": JSON.stringify(BUNDLED_MODULE_URL) },
    banner: { js: "#!/usr/bin/env node\n// Built by bin/build/build.ts from bin/cli; do not edit." },
  });
}

/** Every built file by repo-relative path, and the folders whose other scripts are leftovers to remove. */
export async function builtFiles(): Promise<{ files: Map<string, string>; owned: string[] }> {
  const files = new Map<string, string>();
  for (const [name, text] of await bundleAll()) files.set(`${BUNDLE_HOME}/${name}`, text);
  files.set(CLI_BUNDLE, await bundleCli());
  return { files, owned: [BUNDLE_HOME, dirname(CLI_BUNDLE)] };
}

async function main(): Promise<number> {
  const check = process.argv.includes("--check");
  const { files, owned } = await builtFiles();
  const stale: string[] = [];
  for (const [rel, text] of files) {
    const path = join(PACKAGE_ROOT, rel);
    if (existsSync(path) && readFileSync(path, "utf8") === text) continue;
    if (check) stale.push(rel);
    else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text, { mode: rel === CLI_BUNDLE ? 0o755 : 0o644 });
    }
  }
  // A bundle whose entry is gone would still be copied by `init` and listed by the registration.
  for (const dir of owned) {
    const abs = join(PACKAGE_ROOT, dir);
    if (!existsSync(abs)) continue;
    for (const orphan of readdirSync(abs).filter((f) => /\.[cm]?js$/.test(f) && !files.has(`${dir}/${f}`))) {
      if (check) stale.push(`${dir}/${orphan} (no source builds it)`);
      else rmSync(join(abs, orphan));
    }
  }
  // The bundles' old second home (before BUNDLE_HOME was the only one): a stale copy there would mislead.
  const legacy = join(PACKAGE_ROOT, "hooks", "bin");
  if (existsSync(legacy)) {
    if (check) stale.push("hooks/bin/ (bundles now live only in plugin/hooks/bin)");
    else rmSync(legacy, { recursive: true, force: true });
  }
  if (check) {
    for (const name of stale) console.error(`STALE: ${name}`);
    if (stale.length > 0) {
      console.error("built files are out of date: run `npm run build` and commit the result.");
      return 1;
    }
    console.log(`built files: ${files.size} fresh (${BUNDLE_HOME}/*.cjs, ${CLI_BUNDLE})`);
    return 0;
  }
  console.log(`built files: wrote ${files.size} (${BUNDLE_HOME}/*.cjs, ${CLI_BUNDLE})`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then((code) => process.exit(code));
}
