// The npm package as a user gets it: `npm pack` of this checkout, installed offline into a scratch prefix (it
// has no dependencies, so nothing comes from a registry). Shared by the package test and the plugin's setup
// command end to end.
import { join } from "node:path";
import { execa } from "execa";
import { PACKAGE_ROOT } from "../../hooks/core/package-root.ts";
import { cleanEnv } from "../install/helpers.ts";

/** cleanEnv without the npm_* variables `npm test` exports (npm_config_prefix and friends would redirect
 *  the scratch install). */
export function npmEnv(): NodeJS.ProcessEnv {
  const env = cleanEnv();
  for (const key of Object.keys(env)) if (/^npm_/i.test(key)) delete env[key];
  return env;
}

export interface PackedInstall {
  tarball: string;
  /** The files the tarball holds, package-relative. */
  packed: string[];
  prefix: string;
  /** <prefix>/node_modules/run-tests-skill */
  installedRoot: string;
  /** The installed `run-tests-skill` executable (npm's bin link). */
  bin: string;
}

/** Packs this checkout into `work` and installs the tarball into `work/prefix`. */
export async function installPacked(work: string): Promise<PackedInstall> {
  const env = npmEnv();
  const pack = await execa("npm", ["pack", "--json", "--pack-destination", work], {
    cwd: PACKAGE_ROOT,
    env,
    extendEnv: false,
  });
  const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  if (!info) throw new Error(`npm pack printed no result: ${pack.stdout}`);
  const tarball = join(work, info.filename);
  const prefix = join(work, "prefix");
  await execa(
    "npm",
    ["install", "--prefix", prefix, "--offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball],
    { cwd: work, env, extendEnv: false },
  );
  return {
    tarball,
    packed: info.files.map((f) => f.path),
    prefix,
    installedRoot: join(prefix, "node_modules", "run-tests-skill"),
    bin: join(prefix, "node_modules", ".bin", "run-tests-skill"),
  };
}
