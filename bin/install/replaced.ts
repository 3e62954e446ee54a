// Files init replaces and uninstall gives back. A file that was in the project before init wrote over it (a
// hand-written SKILL.md replaced with --force, a leftover bundle) is copied under backup/replaced/ first and
// named in install.json; uninstall moves the copy back, byte for byte and with its mode. The runtime data the
// hooks write (state/) and the backups (backup/) are removed by uninstall unless --keep-data.
import {
  copyFileSync,
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { ensureDir } from "./fsops.ts";
import { PATHS } from "./layout.ts";
import { sha256 } from "./manifest.ts";

export interface ReplacedEntry {
  /** Project-relative path of the copy. */
  backup: string;
  sha256: string;
}

export const REPLACED_DIR = `${PATHS.backupDir}/replaced`;

/** Copies `rel` (which must exist) under backup/replaced/, keeping its bytes and mode. */
export function backUpReplaced(dir: string, rel: string): ReplacedEntry {
  const backup = `${REPLACED_DIR}/${rel}`;
  const target = join(dir, backup);
  ensureDir(dirname(target));
  copyFileSync(join(dir, rel), target);
  return { backup, sha256: sha256(readFileSync(target)) };
}

export type RestoreOutcome = "restored" | "backup-missing" | "backup-changed";

/** Why the copy cannot be put back ("missing", "changed since init"), or null when it can. */
export function backupState(dir: string, entry: ReplacedEntry): string | null {
  const from = join(dir, entry.backup);
  if (!existsSync(from)) return "missing";
  return sha256(readFileSync(from)) === entry.sha256 ? null : "changed since init";
}

/** Moves the copy back to `rel` (the caller removed or will overwrite what init wrote there). */
export function restoreReplaced(dir: string, rel: string, entry: ReplacedEntry): RestoreOutcome {
  const from = join(dir, entry.backup);
  const problem = backupState(dir, entry);
  if (problem) return problem === "missing" ? "backup-missing" : "backup-changed";
  ensureDir(dirname(join(dir, rel)));
  renameSync(from, join(dir, rel));
  return "restored";
}

/** How many files a folder holds (recursively); 0 when it does not exist. */
export function countFiles(path: string): number {
  if (!existsSync(path)) return 0;
  if (!statSync(path).isDirectory()) return 1;
  return readdirSync(path).reduce((n, name) => n + countFiles(join(path, name)), 0);
}

/** The data folders init and the hooks create (project-relative), those present, with their file counts. */
/** Exists as a name (a dangling symlink counts: the agent may plant one in the spool). */
function lexists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

export function dataDirs(dir: string): { path: string; files: number }[] {
  return [PATHS.stateDir, PATHS.backupDir, PATHS.reportSpool]
    .filter((d) => lexists(join(dir, d)))
    .map((d) => ({ path: d, files: countFiles(join(dir, d)) }));
}

export function removeTree(path: string): void {
  rmSync(path, { recursive: true, force: true });
}
