// The one answer to "where is this package": the folder holding run-tests-skill's package.json, found by
// walking up from this module. A relative URL would not do: the CLI runs both from its TypeScript sources
// (a checkout, through tsx) and from one prebuilt file (dist/run-tests-skill.cjs, the published package),
// and the two sit at different depths below the root.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const PACKAGE_NAME = "run-tests-skill";

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === PACKAGE_NAME)
          return dir.endsWith(sep) ? dir : `${dir}${sep}`;
      } catch {
        // Not ours (or unreadable): keep walking up.
      }
    }
    if (dirname(dir) === dir) throw new Error(`${PACKAGE_NAME}: no package.json above ${start}`);
  }
}

/** This module's folder: its source file under tsx, or the prebuilt CLI's dist/ (CommonJS sets __dirname;
 *  there import.meta.url is a placeholder, see bin/build/build.ts). */
const here = typeof __dirname === "string" ? __dirname : dirname(fileURLToPath(import.meta.url));

/** This package's root folder, with a trailing separator (like fileURLToPath(new URL("../", ...)) gives). */
export const PACKAGE_ROOT = findPackageRoot(here);

/** A path inside the package, from repo-relative POSIX segments. */
export function packagePath(...segments: string[]): string {
  return join(PACKAGE_ROOT, ...segments);
}
