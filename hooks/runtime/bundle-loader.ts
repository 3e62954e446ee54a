// What each installed hook program (<bin>/<hook>.cjs) is: a few lines that run the ONE bundle every hook
// shares (<bin>/CORE_FILE), with V8's code cache so that node does not compile that bundle again on every
// call. The guard runs before every Bash call; compiling is most of what a hook costs above `node -e 0`
// (test/bench/guard.ts; bin/build/build.ts has the measurements behind this design).
//
// The shared bundle is stored compressed (brotli, then base85 so that every installed file stays text for
// init's manifest, backups and diffs): that is what keeps the install small. Decompressing costs more CPU than
// the whole guard decision, so it is done once: the decompressed source is kept in the cache beside the code
// cache, and every later call reads those two files.
//
// Where the cache lives, and why there: the cache is code that runs outside the sandbox, so it must be as
// trusted as the bundles themselves. It lives beside them, in <bin>/../CACHE_DIR: for an `init` install that
// is .claude/run-tests-skill/code-cache, inside the protected set (hooks/core/state/protected.ts: read-only
// for sandboxed commands under `init --sandbox`, refused to the file tools); for the plugin, beside the
// plugin's own bundles, which sandboxed commands cannot write either. Never in /tmp, $TMPDIR or the project
// tree outside the protected set: anything the agent can write there, the next hook would run.
//
// The cache is keyed by a hash of the exact bundle file (V8 itself checks only the source's length, so a
// changed bundle of the same length would otherwise run the old code) and by node's version and arch. Every
// file is written whole (hooks/core/state/atomic-write.ts), so two hooks writing at once leave one good copy; a cache that
// is missing, unreadable, rejected by V8 or corrupt means a normal compile, never a failed hook; a cache
// folder that cannot be written (a read-only install) means no cache. Only the current bundle's folder is
// kept (older ones are removed when a new one is written), so the cache stays about one source plus one code
// cache per hook.
import {
  type BigIntStats,
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { Script } from "node:vm";
import { writeAtomic } from "../core/state/atomic-write.ts";

/** The shared bundle of every hook, in the bin folder: a comment line, then the brotli'd source in base85. */
export const CORE_FILE = "core.br85";
/** The guard's own bundle, same format (bin/build/core-bundle.ts, OWN_BUNDLE: why the guard has one). */
export const GUARD_FILE = "guard.br85";
/** This loader, built once for the hook programs that share it (bin/build/core-bundle.ts, LOADER_FILE). */
export const LOADER_FILE = "loader.cjs";
/** The cache folder, a sibling of the bin folder (see the header for why there). */
export const CACHE_DIR = "code-cache";
/** Set to "0" to run without the cache (benchmarks of the uncached path, diagnosis). */
export const CACHE_ENV = "RUN_TESTS_SKILL_CODE_CACHE";
/** What a cache folder holds besides the per-hook code caches: the bundle's source as V8 compiles it, already
 *  wrapped in its module function (WRAP_HEAD ... WRAP_TAIL), so that a call hands V8 the string it read. Wrapping
 *  on every call copied the ~250 KB source once more into the young heap, which made the guard's deny path pay
 *  for a garbage collection (test/bench/guard-layouts.ts). A new name, so that no loader takes an unwrapped one. */
const SOURCE_FILE = "wrapped.cjs";
/** The bundle file's stamp and cache key (see bundleKey), per bundle: `<bundle>.stamp`. */
const STAMP_EXT = ".stamp";
/** Makes git and npm ignore the cache folder wherever it lands (a plugin checkout, a project's install). */
const SELF_IGNORE = "# run-tests-skill's V8 code cache: derived, local, never committed.\n*\n";

/** The 85 characters of the bundle's text encoding (ZeroMQ's Z85 alphabet: printable ASCII without quotes or
 *  backslash). Base85 takes 5 characters per 4 bytes where base64 takes 4 per 3 (a sixth fewer): it keeps the install under
 *  its 300 KB budget (issue 20) while every installed file stays text for init's manifest, backups and diffs. */
export const BASE85 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

/** The bytes of `<length>:<base85>` (the length is the byte count before padding to a multiple of 4). */
export function fromBase85(body: string): Buffer {
  const colon = body.indexOf(":");
  const length = Number(body.slice(0, colon));
  const digits = new Int8Array(128).fill(-1);
  for (let i = 0; i < BASE85.length; i++) digits[BASE85.charCodeAt(i)] = i;
  const groups = (body.length - colon - 1) / 5;
  if (colon < 1 || !Number.isInteger(groups) || !(length <= groups * 4 && length > groups * 4 - 4))
    throw new Error("not a run-tests-skill bundle (bad base85 framing)");
  const out = Buffer.alloc(groups * 4);
  for (let g = 0, at = colon + 1; g < groups; g++) {
    let value = 0;
    for (let k = 0; k < 5; k++) {
      const d = digits[body.charCodeAt(at++) & 127] as number;
      if (d < 0) throw new Error("not a run-tests-skill bundle (a character outside base85)");
      value = value * 85 + d;
    }
    out.writeUInt32BE(value >>> 0, g * 4);
  }
  return out.subarray(0, length);
}

/** The shared bundle's JavaScript from CORE_FILE's text (bin/build/core-bundle.ts makes it). zlib comes from
 *  the caller: a hook loads it only when there is no cached source (loading it costs ~4 ms CPU). */
export function decodeCore(text: string, zlib: typeof import("node:zlib")): string {
  const body = text.slice(text.indexOf("\n") + 1).trim();
  return zlib.brotliDecompressSync(fromBase85(body)).toString("latin1");
}

/** The cache key of CORE_FILE's text. */
export function hashText(text: string): string {
  // Two 32-bit multiply-xor lanes over the text's 32-bit words, plus its length: a 64-bit fingerprint that
  // changes with any edit. Not a cryptographic hash, and it need not be one: whoever can change the bundle
  // can change the code it runs anyway; this only has to tell a changed bundle from the one the cache was
  // made from. node's crypto costs several ms to load, more than this loop over ~170 KB.
  const bytes = Buffer.from(text, "latin1");
  const words = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
  let a = 0x811c9dc5 | 0;
  let b = 0x9747b28c | 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as number;
    a = Math.imul(a ^ w, 0x01000193);
    b = Math.imul(b ^ w, 0x5bd1e995) ^ (b >>> 15);
  }
  for (let i = words.length * 4; i < bytes.length; i++) a = Math.imul(a ^ (bytes[i] as number), 0x01000193);
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, "0");
  return `${hex(a)}${hex(b)}-${text.length.toString(16)}`;
}

function readOrNull(file: string, encoding?: "latin1"): Buffer | string | null {
  try {
    return encoding ? readFileSync(file, encoding) : readFileSync(file);
  } catch {
    return null;
  }
}

/** A bundle file's name without its extension: the prefix of its cache folders and of its stamp file. */
const bundleBase = (bundle: string) => bundle.replace(/\.[^.]*$/, "");

/** The cache folder beside `binDir`. */
const cacheRoot = (binDir: string) => join(dirname(binDir), CACHE_DIR);

/** Where `bundle`'s stamp and cache key are remembered (bundleKey). */
const stampFileOf = (binDir: string, bundle: string) =>
  join(cacheRoot(binDir), `${bundleBase(bundle)}${STAMP_EXT}`);

/** The cache folder for `binDir`'s `bundle` with fingerprint `key`, and the file of `entry`'s code cache.
 *  Each bundle has its own folders (`<bundle base>-<key>`), so the guard's and the shared one's coexist. */
export function cachePaths(binDir: string, bundle: string, key: string, entry: string) {
  const root = cacheRoot(binDir);
  const dir = join(root, `${bundleBase(bundle)}-${key}`);
  return {
    root,
    dir,
    /** What this bundle's folders' names start with. */
    prefix: `${bundleBase(bundle)}-`,
    stamp: stampFileOf(binDir, bundle),
    source: join(dir, SOURCE_FILE),
    code: join(dir, `${entry}-${process.version}-${process.arch}.v8`),
  };
}

/** After the hook ran (so the code cache holds what it compiled): the source and the code cache, and the
 *  removal of this bundle's older folders and of this folder's caches for other node versions. */
function storeCache(
  paths: ReturnType<typeof cachePaths>,
  source: string | null,
  script: Script,
  stampRecord: string | null,
): void {
  try {
    mkdirSync(paths.dir, { recursive: true });
    writeAtomic(join(paths.root, ".gitignore"), SELF_IGNORE);
    if (source !== null) writeAtomic(paths.source, source);
    if (source !== null || script.cachedDataRejected || !existsSync(paths.code))
      writeAtomic(paths.code, script.createCachedData());
    if (stampRecord) writeAtomic(paths.stamp, stampRecord);
    // This bundle's older folders, and folders of a layout before per-bundle folders (a bare key). Another
    // bundle's folders are its own loader's to prune. Files here are this cache's own, or a writer's temp file.
    for (const entry of readdirSync(paths.root, { withFileTypes: true }))
      if (
        entry.isDirectory() &&
        join(paths.root, entry.name) !== paths.dir &&
        (entry.name.startsWith(paths.prefix) || KEY_SHAPE.test(entry.name))
      )
        rmSync(join(paths.root, entry.name), { recursive: true, force: true });
    const suffix = `-${process.version}-${process.arch}.v8`;
    for (const name of readdirSync(paths.dir))
      if (name.endsWith(".v8") && !name.endsWith(suffix)) rmSync(join(paths.dir, name), { force: true });
  } catch {
    // A read-only install, a full disk, a concurrent prune: the next call compiles normally.
  }
}

const WRAP_HEAD = "(function (exports, require, module, __filename, __dirname) {";
const WRAP_TAIL = "\n})";
const wrap = (source: string) => `${WRAP_HEAD}${source}${WRAP_TAIL}`;

/** The script of a cached (wrapped) source, or null when it is not in wrap()'s shape or does not even parse
 *  (corrupt). */
function compileCached(wrapped: string, cachedData: Buffer | null, filename: string): Script | null {
  if (!wrapped.startsWith(WRAP_HEAD) || !wrapped.endsWith(WRAP_TAIL)) return null;
  try {
    return new Script(wrapped, { filename, ...(cachedData ? { cachedData } : {}) });
  } catch {
    return null;
  }
}

/** What identifies one version of the bundle file on disk without reading it: device, inode, size, and the
 *  modification and change times in ns. Any write changes the ctime, and no program can set it back. */
function stampOf(stat: BigIntStats): string {
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

/** What hashText returns. */
const KEY_SHAPE = /^[0-9a-f]{16}-[0-9a-f]+$/;

/** A stamp is recorded only for a file whose last change is this old: a later change within the same tick
 *  of the file system's clock could otherwise leave the stamp unchanged (git's "racily clean" problem). */
const SETTLED_NS = 2_000_000_000n;

/**
 * The cache key of the bundle file: the hash of its exact text (hashText). Hashing ~170 KB costs ~5 ms of
 * CPU per call on a busy machine, so the key is remembered in the cache folder (STAMP_FILE) with the file's
 * stamp, and the text is hashed again whenever the stamp differs. `text` is set when the file was read.
 */
function bundleKey(bundleFile: string, stampFile: string, useCache: boolean) {
  const stamp = stampOf(statSync(bundleFile, { bigint: true }));
  const memo = useCache ? (readOrNull(stampFile, "latin1") as string | null) : null;
  const [memoStamp, memoKey] = (memo ?? "").split(" ");
  // The key names a folder: only a well-formed one is taken from the file (a damaged one means a new hash).
  if (memoKey && memoStamp === stamp && KEY_SHAPE.test(memoKey))
    return { key: memoKey, text: null, record: null };
  const fd = openSync(bundleFile, "r");
  try {
    const stat = fstatSync(fd, { bigint: true });
    const text = readFileSync(fd, "latin1");
    const key = hashText(text);
    const settled = BigInt(Date.now()) * 1_000_000n - stat.ctimeNs > SETTLED_NS;
    return { key, text, record: settled ? `${stampOf(stat)} ${key}` : null };
  } finally {
    closeSync(fd);
  }
}

/** Runs hook `entry` from `bundle` (the shared one unless the hook has its own) in `binDir` (the hook
 *  program's own __dirname). */
export function runHook(
  entry: string,
  binDir: string,
  hookRequire: NodeJS.Require,
  bundle = CORE_FILE,
): void {
  loadFromCore(entry, binDir, hookRequire, bundle);
}

/** The exports of module `entry` of `bundle` in `binDir` (a hook entry runs when loaded); each name has its
 *  own code cache, made at the end of its first call. */
export function loadFromCore(
  entry: string,
  binDir: string,
  hookRequire: NodeJS.Require,
  bundle = CORE_FILE,
): unknown {
  const bundleFile = join(binDir, bundle);
  const useCache = process.env[CACHE_ENV] !== "0";
  const { key, text, record } = bundleKey(bundleFile, stampFileOf(binDir, bundle), useCache);
  const paths = cachePaths(binDir, bundle, key, entry);
  const cachedSource = useCache ? (readOrNull(paths.source, "latin1") as string | null) : null;
  // A code cache is only worth reading for a source from the same cache folder (the same bundle).
  const cachedData = cachedSource !== null ? (readOrNull(paths.code) as Buffer | null) : null;
  const cached = cachedSource !== null ? compileCached(cachedSource, cachedData, bundleFile) : null;
  const freshSource = cached
    ? null
    : wrap(decodeCore(text ?? readFileSync(bundleFile, "latin1"), hookRequire("node:zlib")));
  const script = cached ?? new Script(freshSource as string, { filename: bundleFile });
  if (useCache && (cached === null || cachedData === null || script.cachedDataRejected || record))
    process.once("exit", () => storeCache(paths, freshSource, script, record));
  const module = { exports: {} as unknown };
  script.runInThisContext()(module.exports, hookRequire, module, bundleFile, binDir);
  return (module.exports as (name: string) => unknown)(entry);
}
