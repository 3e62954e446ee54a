// Builds everything this package runs with plain `node` (no tsx, no esbuild, no node_modules at run time):
//   - each hook entry (hooks/entry/<name>.ts) into a small CommonJS file in BUNDLE_HOME
//     (plugin/hooks/bin/<name>.cjs), the one place every consumer takes the hooks from, plus the chunks of
//     code the entries share (core.cjs, core-more.cjs; see "Shared chunks" below);
//   - the CLI (bin/cli/main.ts, with every command under bin/cli/commands/) into CLI_BUNDLE, inside the plugin
//     folder: the plugin's setup command runs it, and the npm package's `bin` points at the same file.
// Both lists come from the source tree (every file in hooks/entry/, every command module), so a new hook
// entry or command needs no change here. `--check` rebuilds in memory and fails when a committed file
// differs, the same way `generate --check` guards SKILL.md.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildOptions, build, type Plugin } from "esbuild";
import { PACKAGE_ROOT } from "../../hooks/core/package-root.ts";
import { BUNDLE_EXT, BUNDLE_HOME, bundleName, PLUGIN_RELEASE_DIR, SHARED_CHUNKS } from "./registration.ts";

const entryDir = join(PACKAGE_ROOT, "hooks", "entry");
/** The prebuilt CLI (repo-relative), its one copy: the plugin's setup command runs it (no registry, no package
 *  on PATH), and package.json's `bin` points here too. Run from there, hooks/core/package-root.ts finds the
 *  plugin folder (its bundles and profiles) in the npm package, a marketplace install and a checkout alike. */
export const CLI_BUNDLE = `${PLUGIN_RELEASE_DIR}/cli/run-tests-skill.cjs`;
const CLI_ENTRY = join(PACKAGE_ROOT, "bin", "cli", "bundle-entry.ts");

/**
 * Entries whose heavy part is embedded as a string and compiled only when needed. node parses every function
 * of a bundle at load (lazily, but it still scans them): for the report, which Claude Code starts for every
 * line that mentions pytest and every prompt, the 300 KB pipeline would cost about 10 ms CPU on each call
 * that turns out not to be a run (hooks/bench/report.ts). A string literal is scanned far faster. The entry
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
  absWorkingDir: PACKAGE_ROOT.replace(/[\\/]$/, ""),
};

async function bundleOne(options: BuildOptions): Promise<string> {
  const result = await build({ ...common, ...options });
  return result.outputFiles?.[0]?.text ?? "";
}

// --- Shared chunks ------------------------------------------------------------------------------------------
// The hooks share most of their code (the shell front end, the guard's walk, the profile schema, the result
// parser). Instead of a copy in each bundle, a module that two or more hooks use lives once in a shared
// chunk, and the entry bundles `require` it. esbuild splits code only for ESM output (slower to start on
// node 20, and chunk names that change with every build), so the split is made here, on CommonJS:
//   - every build first records which modules each entry (and each lazy core) pulls in (esbuild's metafile);
//   - a module used by two or more of them goes to a chunk: CORE_CHUNK when the guard uses it (the guard runs
//     before every Bash call and loads only the entry and CORE_CHUNK), else MORE_CHUNK;
//   - each bundle is then built with its own modules inlined and every other chunk's modules replaced by a
//     one-line stand-in, `module.exports = require("./<chunk>.cjs").m["<module path>"]`.
// A chunk exports, by path, only the modules another bundle imports from it. Node parses every byte of a
// file it loads, so putting the rarely used shared code (the YAML front matter reader, the run ledger) into
// the guard's chunk would slow the guard down: hooks/bench/guard.ts measures that. Measured against the one
// alternative that is simpler (one bundle of every hook, the entry picked by name): the guard paid about
// 18 ms more CPU per call there (the whole 430 KB parsed), and about 4 ms more here than as a self-contained
// bundle (a second file, and modules exported whole instead of tree-shaken).

/** The chunk the guard loads (shared code of the hot path), and the one only the other hooks load. */
export const [CORE_CHUNK, MORE_CHUNK] = SHARED_CHUNKS;
const HOT_ENTRY = "guard";
/**
 * Entries that stay self-contained: they run often, and loading a chunk costs more than the copy saves. The
 * guard (before every Bash call): with CORE_CHUNK it paid 4-9 ms more CPU per call than self-contained
 * (test/bench/guard.ts: ratio 1.36 against 1.23, over the 1.3 budget), so it carries its own copy and the
 * chunks serve the other hooks. The file guard (16 KB, before every Edit/Write) and the report's fast path
 * (every prompt, every line that mentions pytest; its pipeline is a lazy core, and that core does use the
 * chunks): loading CORE_CHUNK's 240 KB made the report's no-op call about 45 ms CPU dearer.
 */
const SELF_CONTAINED = new Set(["guard", "file-guard", "report"]);
const CHUNK_NAMESPACE = "run-tests-skill-chunk";

type Assignment = Map<string, string>; // module path (relative to the package root) -> chunk name

interface Unit {
  /** guard, report, ... or `<entry>:lazy` for a lazy core. */
  name: string;
  options: BuildOptions;
}

function units(): Unit[] {
  const entries = readdirSync(entryDir)
    .filter((f) => f.endsWith(".ts"))
    .sort();
  const out: Unit[] = [];
  for (const file of entries) {
    const name = basename(file, ".ts");
    const lazy = LAZY_CORES[file];
    out.push({
      name,
      options: {
        entryPoints: [join(entryDir, file)],
        banner: { js: "// Built by bin/build/build.ts from hooks/entry; do not edit." },
        ...(lazy ? { external: [lazy.importedAs] } : {}),
      },
    });
    if (lazy) out.push({ name: `${name}:lazy`, options: { entryPoints: [lazy.module] } });
  }
  return out;
}

const posix = (path: string) => path.replaceAll("\\", "/");

/** Which module goes to which chunk, and which of a chunk's modules other bundles import. */
async function planChunks(
  all: Unit[],
): Promise<{ assign: Assignment; exported: Map<string, Set<string>>; cjs: Set<string> }> {
  const users = new Map<string, Set<string>>();
  const cjs = new Set<string>();
  const edges: [string, string, string][] = [];
  for (const unit of all) {
    const result = await build({ ...common, ...unit.options, metafile: true });
    for (const [path, input] of Object.entries(result.metafile?.inputs ?? {})) {
      const set = users.get(path) ?? new Set<string>();
      set.add(unit.name);
      users.set(path, set);
      if (input.format === "cjs") cjs.add(path);
      for (const imported of input.imports)
        if (!imported.external) edges.push([path, imported.path, unit.name]);
    }
  }
  const assign: Assignment = new Map();
  for (const [path, who] of users) {
    // An ES module package (valibot, unbash) is inlined, tree-shaken, into each bundle that imports it: a
    // chunk would have to export all of it (valibot: 85 KB instead of the 11 KB the hooks use).
    if (who.size < 2 || (path.startsWith("node_modules/") && !cjs.has(path))) continue;
    assign.set(path, who.has(HOT_ENTRY) ? CORE_CHUNK : MORE_CHUNK);
  }
  const exported = new Map<string, Set<string>>([
    [CORE_CHUNK, new Set()],
    [MORE_CHUNK, new Set()],
  ]);
  for (const [from, to, unit] of edges) {
    const target = assign.get(to);
    if (target && !SELF_CONTAINED.has(unit) && assign.get(from) !== target) exported.get(target)?.add(to);
  }
  return { assign, exported, cjs };
}

/** Replaces an import of another chunk's module with its stand-in (see the comment above). */
function chunkPlugin(assign: Assignment, self: string | null): Plugin {
  return {
    name: "run-tests-skill-chunks",
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.namespace === CHUNK_NAMESPACE) return { path: args.path, external: true };
        if (args.kind === "entry-point" || args.pluginData?.chunkResolving) return undefined;
        const resolved = await b.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: { chunkResolving: true },
        });
        if (resolved.errors.length > 0 || resolved.external || !resolved.path) return undefined;
        const key = posix(relative(PACKAGE_ROOT, resolved.path));
        const chunk = assign.get(key);
        if (!chunk || chunk === self) return undefined;
        return { path: key, namespace: CHUNK_NAMESPACE, pluginData: { chunk } };
      });
      b.onLoad({ filter: /.*/, namespace: CHUNK_NAMESPACE }, (args) => ({
        contents: `module.exports=require(${JSON.stringify(`./${args.pluginData.chunk}${BUNDLE_EXT}`)}).m[${JSON.stringify(args.path)}];`,
        loader: "js",
      }));
    },
  };
}

/** A chunk's source: its exported modules by path. CommonJS packages are taken as `require` gives them. */
function chunkSource(paths: Iterable<string>, cjs: Set<string>): string {
  const lines: string[] = [];
  const fields: string[] = [];
  [...paths].sort().forEach((path, i) => {
    const spec = JSON.stringify(join(PACKAGE_ROOT, path));
    if (cjs.has(path)) lines.push(`const m${i} = require(${spec});`);
    else lines.push(`import * as m${i} from ${spec};`);
    fields.push(`${JSON.stringify(path)}: m${i}`);
  });
  return `${lines.join("\n")}\nexport const m = {${fields.join(", ")}};\n`;
}

/** The hook bundles and shared chunks by file name (guard.cjs, core.cjs, ...), as `npm run build` writes
 *  them into BUNDLE_HOME. */
export async function bundleAll(): Promise<Map<string, string>> {
  const all = units();
  const { assign, exported, cjs } = await planChunks(all);
  const out = new Map<string, string>();
  const lazyText = new Map<string, string>();
  for (const unit of all.filter((u) => u.name.endsWith(":lazy")))
    lazyText.set(unit.name, await bundleOne({ ...unit.options, plugins: [chunkPlugin(assign, null)] }));
  for (const unit of all.filter((u) => !u.name.endsWith(":lazy"))) {
    const lazy = lazyText.get(`${unit.name}:lazy`);
    const text = await bundleOne({
      ...unit.options,
      plugins: SELF_CONTAINED.has(unit.name) ? [] : [chunkPlugin(assign, null)],
      ...(lazy !== undefined ? { define: { [LAZY_CORE_GLOBAL]: JSON.stringify(lazy) } } : {}),
    });
    out.set(bundleName(unit.name), text);
  }
  for (const chunk of [CORE_CHUNK, MORE_CHUNK]) {
    const paths = exported.get(chunk) ?? new Set<string>();
    const text = await bundleOne({
      stdin: { contents: chunkSource(paths, cjs), resolveDir: PACKAGE_ROOT, loader: "ts" },
      plugins: [chunkPlugin(assign, chunk)],
      banner: { js: `// Built by hooks/build.ts: code the hooks share (${chunk}); do not edit.` },
    });
    out.set(`${chunk}${BUNDLE_EXT}`, text);
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
