// Environment for running pytest in fixture projects with the private plugin folder made by python-deps.ts.
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const PYDEPS_DIR = join(fileURLToPath(new URL("../..", import.meta.url)), ".cache", "pydeps");

/** Env additions that make pytest-xdist and pytest-timeout importable for one pytest run. */
export function pythonDepsEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const existing = base.PYTHONPATH ? `:${base.PYTHONPATH}` : "";
  return { PYTHONPATH: `${PYDEPS_DIR}${existing}` };
}
