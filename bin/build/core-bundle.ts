// The hooks as installed: ONE shared bundle of the hook entries (CORE_FILE), the guard's own bundle
// (GUARD_FILE; OWN_BUNDLE says why), both brotli + base85, and per hook a small program (<hook>.cjs, the name
// every registration points at) that runs its entry from its bundle with V8's code cache, through the shared
// loader (LOADER_FILE; the guard carries it inline). hooks/runtime/bundle-loader.ts says how, and why the cache
// lives where it does.
//
// Why this shape (interleaved against the layouts before it, installed by `init`, same runs; README.md's
// Performance table): compiling is most of what a hook costs above `node -e 0`, and a code cache removes most
// of it. Compressed, the install is 288 KB (issue 20's budget: 300 KB) instead of 770 KB of plain bundles.
// Decompressing on every call would cost more than the guard's whole decision (~14 ms CPU with zlib's load),
// so the loader keeps the decompressed source in its cache and decompresses only on a miss; without a cache
// (read-only install, first call) the guard's ratio is ~1.65. Measured and not taken: the guard on the shared
// bundle (1.25-1.31, see OWN_BUNDLE); the report on the shared bundle for every call (its no-op call ~15 ms
// dearer: OWN_FAST_PATH below); node's crypto for the cache key (~8 ms to load: bundleKey in the loader hashes
// in JS and remembers the hash by the file's stamp); base64 instead of base85 (303 KB).
import { dirname } from "node:path";
import * as zlib from "node:zlib";
import type { BuildOptions, Plugin } from "esbuild";
import { BASE85, CORE_FILE, decodeCore, GUARD_FILE, LOADER_FILE } from "../../hooks/runtime/bundle-loader.ts";

export { CORE_FILE, LOADER_FILE };

/**
 * Hooks that run from a bundle of their own instead of the shared one. The guard runs before every Bash call,
 * and with the code cache what it still pays above `node -e 0` grows with the size of the source it loads.
 * Interleaved, same runs (2026-12-07, 30-40 rounds, installed layouts): the guard from the shared bundle (~450
 * KB of source, every hook) 1.25-1.31x `node -e 0`; from its own bundle (~250 KB) 1.19-1.22x, against
 * 1.17-1.19x for the guard before the shared bundle and the cache. What was left above that was start-up work,
 * not the loader: a stdout stream, node:os, every program handler composed at load, and a young-heap GC
 * (io.ts writeOut, programs.ts handlerFor, bundle-loader.ts SOURCE_FILE). Without it: 1.11-1.14x
 * (test/bench/guard-layouts.ts). Its bundle, brotli'd, adds ~86 KB to the install (288 KB, under 300); the
 * shared one keeps every other hook.
 */
export const OWN_BUNDLE: Record<string, string> = { guard: GUARD_FILE };

/**
 * The loader (hooks/runtime/bundle-loader.ts) built once, for the hook programs that `require` it instead of
 * carrying a copy (3.5 KB each; the install's 300 KB budget). The guard keeps its own copy inline: one file
 * fewer to read and compile before every Bash call.
 */
const INLINE_LOADER = new Set(["guard"]);

/**
 * Hooks whose program carries its own fast path and takes only the rest from the shared bundle. The report
 * starts for every prompt and every Bash line that mentions pytest, and most of those calls are no run: its
 * entry (8 KB built) decides that alone, and only a run loads the pipeline from the shared bundle (as the module
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
  const bundle = OWN_BUNDLE[name] ?? CORE_FILE;
  const loader = INLINE_LOADER.has(name) ? loaderPath : `./${LOADER_FILE}`;
  const shared: Plugin[] = INLINE_LOADER.has(name) ? [] : [sharedLoaderPlugin()];
  if (own)
    return {
      entryPoints: [entryPath],
      plugins: [...shared, fromCorePlugin(own.importedAs, own.coreName, loader)],
      banner: {
        js: `// Built by bin/build/build.ts from hooks/entry/${name}.ts; its ${own.module} comes from the shared ${CORE_FILE} (hooks/runtime/bundle-loader.ts); do not edit.`,
      },
    };
  return {
    stdin: {
      contents: `import { runHook } from ${JSON.stringify(loader)};\nrunHook(${JSON.stringify(name)}, __dirname, require, ${JSON.stringify(bundle)});\n`,
      resolveDir,
      loader: "ts",
    },
    plugins: shared,
    banner: {
      js: `// Built by bin/build/build.ts: the ${name} hook, run from ${bundle} (hooks/runtime/bundle-loader.ts); do not edit.`,
    },
  };
}

/** Leaves `require("./loader.cjs")` to run time: the program loads the installed loader beside it. */
function sharedLoaderPlugin(): Plugin {
  return {
    name: "run-tests-skill-shared-loader",
    setup(b) {
      b.onResolve({ filter: new RegExp(`^\\./${LOADER_FILE.replace(".", "\\.")}$`) }, (args) => ({
        path: args.path,
        external: true,
      }));
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
        ...(loaderPath.startsWith("./") ? {} : { resolveDir: dirname(loaderPath) }),
      }));
    },
  };
}

const HEADER = `// Built by bin/build/build.ts: hook entries in one CommonJS bundle, brotli-compressed, in base85. The <hook>.cjs programs beside it run it (hooks/runtime/bundle-loader.ts); do not edit.`;

/** CORE_FILE's text from the bundle's JavaScript. Quality 11: the smallest output; only the build pays. */
export function encodeCore(source: string): string {
  if (/[\u0080-\uffff]/.test(source)) throw new Error("the shared hook bundle must be ASCII (see asciiOnly)");
  const { BROTLI_PARAM_QUALITY, BROTLI_PARAM_SIZE_HINT } = zlib.constants;
  const packed = zlib.brotliCompressSync(Buffer.from(source, "latin1"), {
    params: { [BROTLI_PARAM_QUALITY]: 11, [BROTLI_PARAM_SIZE_HINT]: source.length },
  });
  return `${HEADER}\n${toBase85(packed)}\n`;
}

/** `<length>:<base85>` of `bytes` (hooks/runtime/bundle-loader.ts, fromBase85, reads it back). */
export function toBase85(bytes: Buffer): string {
  const padded = Buffer.alloc(Math.ceil(bytes.length / 4) * 4);
  bytes.copy(padded);
  const chars: string[] = [];
  for (let at = 0; at < padded.length; at += 4) {
    let value = padded.readUInt32BE(at);
    const group: string[] = [];
    for (let k = 0; k < 5; k++) {
      group.unshift(BASE85[value % 85] as string);
      value = Math.floor(value / 85);
    }
    chars.push(group.join(""));
  }
  return `${bytes.length}:${chars.join("")}`;
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
