// The one answer to "where is this package": the folder holding run-tests-skill's package.json, found by
// walking up from this module. A relative URL would not do: the CLI runs both from its TypeScript sources
// (a checkout, through tsx) and from one prebuilt file (plugin/cli/run-tests-skill.cjs, the npm package's
// `bin` and the plugin's setup command), and the two sit at different depths below the root.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { nearestAbove } from "./nearest-above.ts";

export const PACKAGE_NAME = "run-tests-skill";

/**
 * Where the package's files are, relative to its root. Two layouts: a checkout, with package.json at the root
 * (the CLI run from its sources); and the plugin folder (`plugin/`: the CLI in cli/, the built-in profiles in
 * profiles/, the hook bundles in hooks/bin), recognised by `.claude-plugin/plugin.json` naming this package.
 * The prebuilt CLI lives in the plugin folder, so it finds that folder first, wherever it runs: in the npm
 * package (node_modules/run-tests-skill/plugin/), in a marketplace install (the folder alone), in a checkout.
 */
export type PackageLayout = "package" | "plugin";

function nameIn(file: string): unknown {
  try {
    return (JSON.parse(readFileSync(file, "utf8")) as { name?: unknown }).name;
  } catch {
    return undefined; // not ours, or unreadable: keep walking up
  }
}

function findPackageRoot(start: string): { root: string; layout: PackageLayout } {
  const found = nearestAbove(start, (dir): { root: string; layout: PackageLayout } | null => {
    const root = dir.endsWith(sep) ? dir : `${dir}${sep}`;
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && nameIn(manifest) === PACKAGE_NAME) return { root, layout: "package" };
    const plugin = join(dir, ".claude-plugin", "plugin.json");
    if (!existsSync(manifest) && existsSync(plugin) && nameIn(plugin) === PACKAGE_NAME)
      return { root, layout: "plugin" };
    return null;
  });
  if (!found) throw new Error(`${PACKAGE_NAME}: no package.json above ${start}`);
  return found;
}

/** This module's folder: its source file under tsx, or the prebuilt CLI's plugin/cli/ (CommonJS sets __dirname;
 *  there import.meta.url is a placeholder, see bin/build/build.ts). */
const here = typeof __dirname === "string" ? __dirname : dirname(fileURLToPath(import.meta.url));

/** This package's root folder, with a trailing separator (like fileURLToPath(new URL("../", ...)) gives). */
const found = findPackageRoot(here);
export const PACKAGE_ROOT = found.root;
export const PACKAGE_LAYOUT: PackageLayout = found.layout;

/** The built-in profiles' folder (skills/profiles in the package, profiles/ in the plugin). */
export const BUILTIN_PROFILES_DIR =
  PACKAGE_LAYOUT === "plugin" ? join(PACKAGE_ROOT, "profiles") : join(PACKAGE_ROOT, "skills", "profiles");

/** A path inside the package, from repo-relative POSIX segments. */
export function packagePath(...segments: string[]): string {
  return join(PACKAGE_ROOT, ...segments);
}
