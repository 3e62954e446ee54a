// What enforcement depends on: the files a hook reads to decide, and git's own directory. One definition,
// used by the sandbox barrier (`init --sandbox` makes each of these read-only for every Bash call), the file
// guard (Write/Edit/MultiEdit/NotebookEdit never touch them, in both tiers) and the Bash guard (the plain
// forms of writing them are refused when the barrier is off). Pure: no file access here.
//
// The streaming reporter writes from inside the sandbox, so its folder lies outside the protected set
// (REPORT_SPOOL_DIR): nothing there may change a guard decision.
import { isAbsolute, join, relative, resolve, sep } from "node:path";

export interface ProtectedEntry {
  /** Relative to the project directory, with `/` separators. */
  path: string;
  kind: "dir" | "file";
  /** Short noun phrase for reasons and doctor lines. */
  what: string;
}

/** The install and the settings and skills the hooks take their policy from (git's dir is resolved per repo). */
export const PROTECTED_PROJECT_PATHS: readonly ProtectedEntry[] = [
  {
    path: ".claude/run-tests-skill",
    kind: "dir",
    // Also the hooks' code cache (code-cache/, hooks/runtime/bundle-loader.ts): code they run, so it is here.
    what: "run-tests-skill's install (hook bundles, compiled profile, state)",
  },
  {
    path: ".claude/settings.json",
    kind: "file",
    what: "the project's Claude Code settings (hook registrations, sandbox)",
  },
  { path: ".claude/settings.local.json", kind: "file", what: "the project's local Claude Code settings" },
  {
    path: ".claude/skills",
    kind: "dir",
    what: "the project's skills (the allowed-tools the guard enforces)",
  },
];

/** Where the streaming pytest reporter writes from inside the sandbox: outside every protected path. */
export const REPORT_SPOOL_DIR = ".claude/run-tests-skill-reports";

/** The protected entry that `absPath` lies in (or is), or null. `projectDir` must be absolute. Compared by
 *  path only: callers resolve symlinks and hard links first (see file-tools.ts). */
export function protectedEntryOf(absPath: string, projectDir: string): ProtectedEntry | null {
  const rel = relative(resolve(projectDir), resolve(absPath));
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return null;
  const posix = rel.split(sep).join("/");
  for (const entry of PROTECTED_PROJECT_PATHS) {
    if (posix === entry.path) return entry;
    if (entry.kind === "dir" && posix.startsWith(`${entry.path}/`)) return entry;
  }
  return null;
}

/** Absolute paths of the protected project entries. */
export function protectedProjectPaths(projectDir: string): string[] {
  return PROTECTED_PROJECT_PATHS.map((e) => join(resolve(projectDir), ...e.path.split("/")));
}
