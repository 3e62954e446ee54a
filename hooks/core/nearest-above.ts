// The one walk up the folder tree: from a folder to the file-system root, the first folder that answers.
// The repository root (`.git`, hooks/core/git/dirs.ts), an install (its profile.json, state/locate.ts) and
// this package's root (package-root.ts) are all found with it.
import { dirname, resolve } from "node:path";

/** The first non-null answer of `test` for `start` (resolved) or a folder above it; null at the root. */
export function nearestAbove<T>(start: string, test: (dir: string) => T | null): T | null {
  for (let dir = resolve(start); ; ) {
    const found = test(dir);
    if (found !== null) return found;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}
