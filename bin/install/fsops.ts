// The installer's only writes: atomic file replacement (temp file + rename in the same folder, so a reader
// never sees half a settings.json), moves, removals and removing folders that ended up empty.
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";

/** Creates missing parent folders; returns the ones it created (outermost first). */
export function ensureDir(dir: string): string[] {
  const created: string[] = [];
  let at = dir;
  while (!existsSync(at)) {
    created.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  if (created.length > 0) mkdirSync(dir, { recursive: true });
  return created;
}

export function writeAtomic(file: string, content: string | Uint8Array, mode?: number): void {
  // A settings file kept elsewhere and linked in (dotfile managers do that) is written where it lives.
  const path = existsSync(file) && lstatSync(file).isSymbolicLink() ? realpathSync(file) : file;
  ensureDir(dirname(path));
  const temp = join(dirname(path), `.${randomBytes(6).toString("hex")}.run-tests-skill.tmp`);
  try {
    writeFileSync(temp, content, mode === undefined ? undefined : { mode });
    // Keep the mode of a file being replaced (a hand-made settings.json may be 0600).
    const keepMode = mode ?? (existsSync(path) ? statSync(path).mode & 0o777 : undefined);
    if (keepMode !== undefined) chmodSync(temp, keepMode);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

export function moveFile(from: string, to: string): void {
  ensureDir(dirname(to));
  renameSync(from, to);
}

export function removeFile(path: string): void {
  rmSync(path, { force: true });
}

/** Removes each folder that is empty, deepest first; returns the ones removed. */
export function removeEmptyDirs(dirs: readonly string[]): string[] {
  const removed: string[] = [];
  for (const dir of [...dirs].sort((a, b) => b.length - a.length)) {
    if (existsSync(dir) && statSync(dir).isDirectory() && readdirSync(dir).length === 0) {
      rmdirSync(dir);
      removed.push(dir);
    }
  }
  return removed;
}
