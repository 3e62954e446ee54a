// The plugin's guess at a repository's runner when no profile is installed there (issue 8): file-system
// facts only, so it fits in a hook. `init` detects properly (it runs each candidate and checks that it
// imports pytest and the project); this only says which interpreter the repository most likely uses, so the
// generic skill can name it. Same candidate order as init's detection (bin/install/interpreter.ts): venv
// folders, then the project's nox/tox environments (most relevant first), then the uv workspace root's
// environment (seen from a member package), then uv, then PATH. Only init
// proves a candidate (it imports the checkout); a hook cannot afford a process.
import { existsSync, readdirSync } from "node:fs";
import { delimiter, join, relative, sep } from "node:path";
import { orderToolEnvs, TOOL_ENV_DIRS, VENV_DIRS, VERSIONED_VENV } from "../core/profile/runner.ts";
import { uvWorkspaceRoot } from "./uv-workspace.ts";

export interface RunnerGuess {
  python: string;
  pytest: string;
  /** What was found, in a few words. */
  why: string;
}

export interface GuessFacts {
  exists(path: string): boolean;
  /** Names in a folder of the project (default: its root). */
  entries(folder?: string): string[];
  /** PATH, as the hook sees it. */
  path: string | undefined;
  /** The uv workspace the project is a member of (a package of a monorepo): its root relative to the
   *  project ("../.."), or null when it is none. */
  workspaceRoot?: string | null;
}

export function fileFacts(projectDir: string, path: string | undefined): GuessFacts {
  const workspace = uvWorkspaceRoot(projectDir);
  return {
    workspaceRoot: workspace ? relative(projectDir, workspace).split(sep).join("/") : null,
    exists: (p) => existsSync(join(projectDir, p)) || (p.startsWith("/") && existsSync(p)),
    entries: (folder) => {
      try {
        return readdirSync(folder ? join(projectDir, folder) : projectDir);
      } catch {
        return [];
      }
    },
    path,
  };
}

function onPath(name: string, facts: GuessFacts): boolean {
  return (facts.path ?? "").split(delimiter).some((dir) => dir && facts.exists(join(dir, name)));
}

export function guessRunner(facts: GuessFacts): RunnerGuess {
  const versioned = facts
    .entries()
    .filter((e) => VERSIONED_VENV.test(e))
    .sort((a, b) => Number(b.slice(2)) - Number(a.slice(2)));
  const toolEnvs = TOOL_ENV_DIRS.flatMap((tool) =>
    orderToolEnvs(facts.entries(tool).filter((e) => facts.exists(`${tool}/${e}/bin/python`))).map(
      (e) => `${tool}/${e}`,
    ),
  );
  for (const dir of [...VENV_DIRS, ...versioned, ...toolEnvs]) {
    const python = `${dir}/bin/python`;
    if (facts.exists(python)) return { python, pytest: `${python} -m pytest`, why: `found ${python}` };
  }
  const root = facts.workspaceRoot;
  if (root) {
    const python = `${root}/.venv/bin/python`;
    if (facts.exists(python))
      return {
        python,
        pytest: `${python} -m pytest`,
        why: `found ${python}, the uv workspace's environment`,
      };
  }
  const uvLock = facts.exists("uv.lock") || (root ? facts.exists(`${root}/uv.lock`) : false);
  if (uvLock && onPath("uv", facts))
    return { python: "uv run python", pytest: "uv run pytest", why: "uv.lock, and uv is installed" };
  if (onPath("python", facts))
    return { python: "python", pytest: "python -m pytest", why: "python is on PATH" };
  if (onPath("python3", facts))
    return { python: "python3", pytest: "python3 -m pytest", why: "python3 is on PATH, python is not" };
  return { python: "python", pytest: "python -m pytest", why: "no python found on PATH" };
}

/** What the model needs to run the plugin's generic skill in a repository with nothing installed. */
export function pluginNote(guess: RunnerGuess, skill: string): string {
  const runner =
    guess.pytest === "python -m pytest"
      ? `Run pytest as the skill shows (\`python -m pytest\`; ${guess.why}).`
      : `This repository's Python appears to be \`${guess.python}\` (${guess.why}): run pytest as \`${guess.pytest} ...\` wherever the skill shows \`python -m pytest\`, and \`${guess.python}\` wherever it shows \`python\`.`;
  return [
    `run-tests-skill: no profile is installed in this repository, so /${skill} is the plugin's generic skill. ${runner}`,
    "For this project's own pytest options, known-flaky tests and change-to-test mapping, the user can install a profile with /run-tests-skill:setup (it runs `run-tests-skill init`).",
  ].join("\n");
}
