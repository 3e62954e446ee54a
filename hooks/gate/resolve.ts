// Which tests cover a changed file: the profile's change-to-test mapping first; with no row, the tests named
// after the module (test_<name>.py, or a test_<name>/ folder) and the nearest test folder; with neither, nothing (the gate then asks
// for the suite's quick check). Which changed files count at all: Python sources under the mapped roots;
// tests, docs and anything outside the roots never do. Pure: the test tree is an input.
import { basename, dirname } from "node:path/posix";
import { pathPatternMatches } from "../core/glob.ts";
import type { MappingRow } from "../core/profile/schema.ts";

export interface GateLayout {
  /** Repo-relative tests folder, e.g. "tests". */
  testsDir: string;
  mapping: readonly MappingRow[];
  /** The import name (project.package), e.g. "tractor" or "pkg.sub". */
  package?: string | undefined;
}

export type PathKind = "source" | "test" | "other";

export interface Resolution {
  file: string;
  /** Test paths (files or folders ending in /) that cover the file; empty when none was found. */
  tests: string[];
  via: "mapping" | "name" | "folder" | "none";
  /** The mapping rows' notes, when the mapping resolved it. */
  note?: string;
}

const SOURCE = /\.pyx?$/;
/** With no roots known, Python files that are not the project's code: docs, examples, scripts, tooling,
 *  hidden folders, and the top-level build and task files. */
const NOT_CODE =
  /^(?:(?:docs?|examples?|scripts?|tools|benchmarks?|\.[^/]+)\/|(?:setup|noxfile|tasks|fabfile|conf)\.py$)/;
const TEST_FILE = /^(?:test_.*\.py|.*_test\.py|conftest\.py)$/;

function trimSlashes(path: string): string {
  return path.replace(/^\.\//, "").replace(/\/+$/, "");
}

function under(path: string, folder: string): boolean {
  const f = trimSlashes(folder);
  return f === "" || f === "." || path === f || path.startsWith(`${f}/`);
}

/** Where the project's own code lives: the first segment of every mapped `changed` pattern (a file at the
 *  top is its own root) and the package's folder (`pkg/` or `src/pkg/`). Empty: no roots are known, and
 *  every Python file outside the tests counts. */
export function mappedRoots(layout: GateLayout): string[] {
  const roots = new Set<string>();
  for (const row of layout.mapping)
    for (const pattern of row.changed) {
      const p = pattern.replace(/^\.\//, "");
      const slash = p.indexOf("/");
      const first = slash === -1 ? p : p.slice(0, slash + 1);
      if (first && !/[*?]/.test(first)) roots.add(first);
    }
  if (layout.package) {
    const folder = layout.package.replaceAll(".", "/");
    roots.add(`${folder}/`).add(`src/${folder}/`).add(`${folder}.py`);
  }
  return [...roots];
}

export function isTestPath(path: string, layout: GateLayout): boolean {
  return under(path, layout.testsDir) || TEST_FILE.test(basename(path));
}

export function kindOf(path: string, layout: GateLayout, roots = mappedRoots(layout)): PathKind {
  if (!SOURCE.test(path)) return "other";
  if (isTestPath(path, layout)) return "test";
  if (roots.length === 0) return NOT_CODE.test(path) ? "other" : "source";
  return roots.some((r) => (r.endsWith("/") ? path.startsWith(r) : path === r)) ? "source" : "other";
}

/** test_<name>.py for a module (a package's __init__ goes by the package name); a leading underscore is
 *  tried with and without (tractor/_context.py -> test__context.py, test_context.py). */
export function conventionalNames(path: string): string[] {
  let name = basename(path).replace(SOURCE, "");
  if (name === "__init__" || name === "__main__") name = basename(dirname(path));
  const names = [`test_${name}.py`];
  const bare = name.replace(/^_+/, "");
  if (bare && bare !== name) names.push(`test_${bare}.py`);
  return names;
}

/** Folders of tests named after the module (tests/test_utils/ for utils.py), as "folder/" paths: every
 *  folder on a test module's path whose name is test_<name>. */
function namedFolders(testFiles: readonly string[], names: readonly string[]): string[] {
  const folderNames = new Set(names.map((n) => n.replace(/\.py$/, "")));
  const out = new Set<string>();
  for (const t of testFiles) {
    const parts = t.split("/");
    for (let i = 0; i < parts.length - 1; i++)
      if (folderNames.has(parts[i] as string)) out.add(`${parts.slice(0, i + 1).join("/")}/`);
  }
  return [...out];
}

/** The source file's folders below its root, deepest first: tractor/ipc/sub/_x.py -> ipc/sub, ipc. */
function mirroredFolders(path: string, roots: readonly string[]): string[] {
  let rel = dirname(path);
  const root = roots
    .filter((r) => r.endsWith("/") && path.startsWith(r))
    .sort((a, b) => b.length - a.length)[0];
  if (root) rel = trimSlashes(path.slice(root.length).includes("/") ? dirname(path.slice(root.length)) : "");
  else rel = rel === "." ? "" : rel.split("/").slice(1).join("/"); // no root known: drop the top folder
  const parts = rel ? rel.split("/") : [];
  const out: string[] = [];
  for (let n = parts.length; n > 0; n--) out.push(parts.slice(0, n).join("/"));
  return out;
}

/**
 * `testFiles`: repo-relative test modules under the tests folder (a walk of it; a function is called only
 * when no mapping row matches). Rows whose `changed`
 * patterns match give their tests (all such rows, in profile order); otherwise the nearest test_<name>.py
 * files; otherwise the test folder that mirrors the module's folder; otherwise none.
 */
export function resolveTests(
  file: string,
  layout: GateLayout,
  testFiles: readonly string[] | (() => readonly string[]),
  roots = mappedRoots(layout),
): Resolution {
  const rows = layout.mapping.filter((row) => row.changed.some((c) => pathPatternMatches(c, file)));
  if (rows.length > 0) {
    const tests = [...new Set(rows.flatMap((r) => r.tests.map((t) => t.replace(/^\.\//, ""))))];
    const notes = rows.map((r) => r.note).filter((n): n is string => Boolean(n));
    return { file, tests, via: "mapping", ...(notes.length > 0 ? { note: notes.join("; ") } : {}) };
  }
  const list = typeof testFiles === "function" ? testFiles() : testFiles;
  const testsDir = trimSlashes(layout.testsDir);
  const mirrors = mirroredFolders(file, roots).map((m) => (testsDir ? `${testsDir}/${m}` : m));
  const names = conventionalNames(file);
  const named = [...list.filter((t) => names.includes(basename(t))), ...namedFolders(list, names)];
  if (named.length > 0) {
    // Only the nearest: in the folder that mirrors the module's (deepest first), then below it, then the
    // tests folder itself, then anywhere; pkg/io/core.py wants tests/io/test_core.py, not tests/test_core.py.
    const rank = (t: string) => {
      const dir = dirname(t.replace(/\/$/, ""));
      const exact = mirrors.indexOf(dir);
      if (exact !== -1) return exact;
      const below = mirrors.findIndex((m) => t.startsWith(`${m}/`));
      if (below !== -1) return below + 0.5;
      return dir === testsDir ? mirrors.length : mirrors.length + 1;
    };
    const best = Math.min(...named.map(rank));
    return { file, tests: named.filter((t) => rank(t) === best).sort(), via: "name" };
  }
  const folder = mirrors.find((m) => list.some((t) => t.startsWith(`${m}/`)));
  if (folder) return { file, tests: [`${folder}/`], via: "folder" };
  return { file, tests: [], via: "none" };
}
