// Builds everything this package runs with plain `node` (no tsx, no esbuild, no node_modules at run time):
//   - the hooks into BUNDLE_HOME (plugin/hooks/bin/), the one place every consumer takes them from: every hook
//     entry (hooks/entry/<name>.ts) in ONE shared bundle, core.br85, and per entry a small program <name>.cjs
//     that runs it from there with a V8 code cache (see "The hooks" below);
//   - the CLI (bin/cli/main.ts, with every command under bin/cli/commands/) into CLI_BUNDLE, inside the plugin
//     folder: the plugin's setup command runs it, and the npm package's `bin` points at the same file.
// Both lists come from the source tree (every file in hooks/entry/, every command module), so a new hook
// entry or command needs no change here. `--check` rebuilds in memory and fails when a committed file
// differs, the same way `generate --check` guards SKILL.md.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildOptions, build } from "esbuild";
import { PACKAGE_ROOT } from "../../hooks/core/package-root.ts";
import {
  asciiOnly,
  CORE_FILE,
  coreEntrySource,
  encodeCore,
  hookProgramOptions,
  LOADER_FILE,
  OWN_BUNDLE,
  OWN_FAST_PATH,
  sameCore,
} from "./core-bundle.ts";
import { BUNDLE_HOME, bundleName, PLUGIN_RELEASE_DIR } from "./registration.ts";

const entryDir = join(PACKAGE_ROOT, "hooks", "entry");
/** The prebuilt CLI (repo-relative), its one copy: the plugin's setup command runs it (no registry, no package
 *  on PATH), and package.json's `bin` points here too. Run from there, hooks/core/package-root.ts finds the
 *  plugin folder (its bundles and profiles) in the npm package, a marketplace install and a checkout alike. */
export const CLI_BUNDLE = `${PLUGIN_RELEASE_DIR}/cli/run-tests-skill.cjs`;
const CLI_ENTRY = join(PACKAGE_ROOT, "bin", "cli", "bundle-entry.ts");

const common: BuildOptions = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  write: false,
  minify: true,
  legalComments: "none",
  logLevel: "silent",
  absWorkingDir: PACKAGE_ROOT.replace(/[\\/]$/, ""),
};

async function bundleOne(options: BuildOptions): Promise<string> {
  const result = await build({ ...common, ...options });
  return result.outputFiles?.[0]?.text ?? "";
}

// --- The hooks -----------------------------------------------------------------------------------------------
// One bundle of every hook entry (CORE_FILE) and one small program per hook that runs it with a code cache:
// bin/build/core-bundle.ts says why this shape, hooks/runtime/bundle-loader.ts how it runs.

const LOADER = join(PACKAGE_ROOT, "hooks", "runtime", "bundle-loader.ts");

function entryFiles(): { name: string; path: string }[] {
  return readdirSync(entryDir)
    .filter((f) => f.endsWith(".ts"))
    .sort()
    .map((f) => ({ name: basename(f, ".ts"), path: join(entryDir, f) }));
}

/** What the shared bundle holds: every entry without its own fast path or bundle, and the modules the fast
 *  paths take from it. */
function coreModules(): { name: string; path: string }[] {
  const entries = entryFiles().filter((e) => !OWN_FAST_PATH[e.name] && !OWN_BUNDLE[e.name]);
  const taken = Object.values(OWN_FAST_PATH).map((o) => ({
    name: o.coreName,
    path: join(PACKAGE_ROOT, o.module),
  }));
  return [...entries, ...taken];
}

/** A bundle's JavaScript (before compression): the shared one, or with `modules`, a hook's own. */
export async function bundleCoreSource(modules = coreModules()): Promise<string> {
  const source = await bundleOne({
    stdin: { contents: coreEntrySource(modules), resolveDir: PACKAGE_ROOT, loader: "ts" },
  });
  return asciiOnly(source);
}

/** The hook programs, their loader and the bundles by file name (guard.cjs, ..., loader.cjs, core.br85,
 *  guard.br85), as `npm run build`
 *  writes them into BUNDLE_HOME. */
export async function bundleAll(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const { name, path } of entryFiles())
    out.set(bundleName(name), await bundleOne(hookProgramOptions(name, path, LOADER, PACKAGE_ROOT)));
  out.set(
    LOADER_FILE,
    await bundleOne({
      entryPoints: [LOADER],
      banner: {
        js: "// Built by bin/build/build.ts from hooks/runtime/bundle-loader.ts: the loader the hook programs share; do not edit.",
      },
    }),
  );
  out.set(CORE_FILE, encodeCore(await bundleCoreSource()));
  for (const entry of entryFiles().filter((e) => OWN_BUNDLE[e.name]))
    out.set(OWN_BUNDLE[entry.name] as string, encodeCore(await bundleCoreSource([entry])));
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
    banner: { js: "#!/usr/bin/env node\n// Built by hooks/build.ts from bin/cli; do not edit." },
  });
}

/** Every built file by repo-relative path, and the folders whose other scripts are leftovers to remove. */
export async function builtFiles(): Promise<{ files: Map<string, string>; owned: string[] }> {
  const files = new Map<string, string>();
  for (const [name, text] of await bundleAll()) files.set(`${BUNDLE_HOME}/${name}`, text);
  const cli = await bundleCli();
  files.set(CLI_BUNDLE, cli);
  return { files, owned: [BUNDLE_HOME, dirname(CLI_BUNDLE)] };
}

async function main(): Promise<number> {
  const check = process.argv.includes("--check");
  const { files, owned } = await builtFiles();
  const stale: string[] = [];
  for (const [rel, text] of files) {
    const path = join(PACKAGE_ROOT, rel);
    const old = existsSync(path) ? readFileSync(path, "utf8") : null;
    if (old === text || (old !== null && /\.br\d+$/.test(rel) && check && sameCore(old, text))) continue;
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
    const built = (f: string) => /\.[cm]?js$|\.br\d+$/.test(f);
    for (const orphan of readdirSync(abs).filter((f) => built(f) && !files.has(`${dir}/${f}`))) {
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
