// The hooks as installed: ONE shared bundle of every hook entry (CORE_FILE, brotli + base64) and, per hook, a
// small program (<hook>.cjs, the name every registration points at) that runs its entry from that bundle with
// V8's code cache (hooks/runtime/bundle-loader.ts says how, and why the cache lives where it does).
//
// Why this shape (interleaved against the layout before it, both installed by `init`, same run; README.md's
// Performance table): compiling is most of what a hook costs above `node -e 0`, and a code cache removes most of
// it, so one bundle of every hook (esbuild initialises a module only when the entry that needs it runs) costs
// the guard no more than its former self-contained 247 KB bundle did (ratio 1.25 vs 1.25, 1.30 vs 1.31), with
// nothing copied between hooks; compressed, the bundle is a third of its size (install 770 KB -> 222 KB).
// Decompressing on every call would cost more than the guard's whole decision (~14 ms CPU with zlib's load),
// so the loader keeps the decompressed source in its cache and decompresses only on a miss; without a cache
// (read-only install, first call) the guard's ratio is ~1.65. Measured and not taken: the guard
// self-contained with the same cache (0.03 lower in one interleaved run here, 0.1 in an earlier
// one), at the price of a second copy of the shell front end and the guard's judgement; the report on the shared bundle for every call (its no-op
// call ~15 ms dearer: OWN_FAST_PATH below); node's crypto for the cache key (~8 ms to load: bundleKey in the
// loader hashes in JS and remembers the hash by the file's stamp).
import { dirname } from "node:path";
import * as zlib from "node:zlib";
import type { BuildOptions, Plugin } from "esbuild";
import { CORE_FILE, decodeCore } from "../../hooks/runtime/bundle-loader.ts";

export { CORE_FILE };

/**
 * Hooks whose program carries its own fast path and takes only the rest from the shared bundle. The report
 * starts for every prompt and every Bash line that mentions pytest, and most of those calls are no run: its
 * entry (11 KB built) decides that alone, and only a run loads the pipeline from the shared bundle (as the module
 * named here, with its own code cache). Loading the shared bundle for every call, even cached, made the
 * no-op call ~15 ms CPU dearer than its own small program (test/bench/report.ts).
 */
export const OWN_FAST_PATH: Record<string, { importedAs: string; module: string; coreName: string }> = {
  report: { importedAs: "../results/hook.ts", module: "hooks/results/hook.ts", coreName: "report-pipeline" },
};

/** The shared bundle's entry: every hook entry module (and each OWN_FAST_PATH module), initialised only when
 *  its name is asked for; the call returns its exports. `require` (not `import`) is what makes esbuild wrap
 *  each one in a lazy initialiser. */
export function coreEntrySource(entryFiles: readonly { name: string; path: string }[]): string {
  const rows = entryFiles.map(
    (e) => `  ${JSON.stringify(e.name)}: () => require(${JSON.stringify(e.path)}),`,
  );
  return [
    "const entries: Record<string, () => unknown> = {",
    ...rows,
    "};",
    "module.exports = (name: string) => {",
    "  const run = entries[name];",
    '  if (!run) throw new Error("run-tests-skill: no hook entry " + JSON.stringify(name) + " in this bundle");',
    "  return run();",
    "};",
    "",
  ].join("\n");
}

/** The build options of hook `name`'s program: the loader, with the entry's name; for an OWN_FAST_PATH hook,
 *  its entry with that one import taken from the shared bundle. */
export function hookProgramOptions(
  name: string,
  entryPath: string,
  loaderPath: string,
  resolveDir: string,
): BuildOptions {
  const own = OWN_FAST_PATH[name];
  if (own)
    return {
      entryPoints: [entryPath],
      plugins: [fromCorePlugin(own.importedAs, own.coreName, loaderPath)],
      banner: {
        js: `// Built by bin/build/build.ts from hooks/entry/${name}.ts; its ${own.module} comes from the shared ${CORE_FILE} (hooks/runtime/bundle-loader.ts); do not edit.`,
      },
    };
  return {
    stdin: {
      contents: `import { runHook } from ${JSON.stringify(loaderPath)};\nrunHook(${JSON.stringify(name)}, __dirname, require);\n`,
      resolveDir,
      loader: "ts",
    },
    banner: {
      js: `// Built by bin/build/build.ts: the ${name} hook, run from the shared ${CORE_FILE} (hooks/runtime/bundle-loader.ts); do not edit.`,
    },
  };
}

/** Replaces `importedAs` with the module `coreName` of the shared bundle, loaded when first imported. */
function fromCorePlugin(importedAs: string, coreName: string, loaderPath: string): Plugin {
  const namespace = "run-tests-skill-from-core";
  return {
    name: namespace,
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) =>
        args.path === importedAs ? { path: coreName, namespace, pluginData: args.resolveDir } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace }, () => ({
        contents: `import { loadFromCore } from ${JSON.stringify(loaderPath)};\nmodule.exports = loadFromCore(${JSON.stringify(coreName)}, __dirname, require);\n`,
        loader: "ts",
        resolveDir: dirname(loaderPath),
      }));
    },
  };
}

const HEADER = `// Built by bin/build/build.ts: every hook entry in one CommonJS bundle, brotli-compressed, in base64. The <hook>.cjs programs beside it run it (hooks/runtime/bundle-loader.ts); do not edit.`;

/** CORE_FILE's text from the bundle's JavaScript. Quality 11: the smallest output; only the build pays. */
export function encodeCore(source: string): string {
  if (/[\u0080-\uffff]/.test(source)) throw new Error("the shared hook bundle must be ASCII (see asciiOnly)");
  const { BROTLI_PARAM_QUALITY, BROTLI_PARAM_SIZE_HINT } = zlib.constants;
  const packed = zlib.brotliCompressSync(Buffer.from(source, "latin1"), {
    params: { [BROTLI_PARAM_QUALITY]: 11, [BROTLI_PARAM_SIZE_HINT]: source.length },
  });
  return `${HEADER}\n${packed.toString("base64")}\n`;
}

/** The bundle with every non-ASCII character written as a \\u escape (esbuild leaves a few, e.g. in regular
 *  expressions). The loader reads the source as latin1, a one-byte string: reading 450 KB as UTF-8 with a few
 *  wide characters made a two-byte string and cost ~7 ms more CPU per call. A \\u escape means the same in
 *  strings, templates, regular expressions and identifiers, and the minified bundle has no comments. */
export function asciiOnly(source: string): string {
  return source.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Two CORE_FILE texts build the same bundle (brotli's bytes may differ between zlib versions). */
export function sameCore(a: string, b: string): boolean {
  try {
    return a === b || decodeCore(a, zlib) === decodeCore(b, zlib);
  } catch {
    return false;
  }
}
