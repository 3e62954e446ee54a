// The plugin route's guess at the runner (hooks/runtime/guess-runner.ts) agrees with init's candidate order
// (bin/install/interpreter.ts): venv folders, then the project's nox/tox environments, test sessions and the
// newest Python first, then uv, then PATH. File facts only: no process.
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { toolEnvFolders, venvFolders } from "../../bin/install/interpreter.ts";
import { fileFacts, guessRunner } from "../../hooks/runtime/guess-runner.ts";
import { removeDir, scratchDir } from "./helpers.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

function project(folders: string[]): string {
  const dir = scratchDir("rts-guess-");
  dirs.push(dir);
  for (const folder of folders) {
    mkdirSync(join(dir, folder, "bin"), { recursive: true });
    writeFileSync(join(dir, folder, "bin", "python"), "#!/bin/sh\n");
    chmodSync(join(dir, folder, "bin", "python"), 0o755);
  }
  return dir;
}

describe("guessRunner and detection agree", () => {
  it.each([
    [[".nox/lint", ".nox/tests-3-11", ".nox/tests-3-12"], ".nox/tests-3-12/bin/python"],
    [[".tox/docs", ".tox/py311"], ".tox/py311/bin/python"],
    [[".venv", ".nox/tests-3-12"], ".venv/bin/python"],
    [["py313", ".tox/py314"], "py313/bin/python"],
  ])("%j -> %s", (folders, expected) => {
    const dir = project(folders);
    const guess = guessRunner(fileFacts(dir, "/nonexistent"));
    expect(guess.python).toBe(expected);
    // init's first candidate is the same interpreter.
    const first = [...venvFolders(dir, {}), ...toolEnvFolders(dir)][0];
    expect(`${first}/bin/python`).toBe(expected);
  });
});
