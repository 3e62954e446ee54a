// The installer's only writes: atomic file replacement (the hooks' own writeAtomic, so a reader never sees
// half a settings.json), moves, removals and removing folders that ended up empty.
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
} from "node:fs";
import { dirname } from "node:path";

export { writeAtomic } from "../../hooks/core/state/atomic-write.ts";

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

/**
 * The first of `paths` init could not write, with why (read-only file system, permission denied), or null.
 * A file is replaced atomically (a temporary file beside it, then a rename), so its folder must be writable
 * too; a path that does not exist yet needs its nearest existing folder to be writable.
 */
export function firstUnwritable(paths: readonly string[]): { path: string; why: string } | null {
  const checked = new Set<string>();
  for (const path of paths) {
    let at = existsSync(path) ? path : dirname(path);
    while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
    for (const target of existsSync(path) ? [path, dirname(path)] : [at]) {
      if (checked.has(target)) continue;
      checked.add(target);
      try {
        accessSync(target, constants.W_OK);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const why =
          code === "EROFS" ? "read-only file system" : code === "EACCES" ? "permission denied" : code;
        return { path: target, why: why ?? "not writable" };
      }
    }
  }
  return null;
}
