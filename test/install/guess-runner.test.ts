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

describe("a uv workspace member (the plugin route, nothing installed)", () => {
  function workspace(rootFolders: string[], memberFolders: string[] = []): string {
    const root = project(rootFolders);
    writeFileSync(
      join(root, "pyproject.toml"),
      '[project]\nname = "root"\n\n[tool.uv.workspace]\nmembers = ["packages/*"]\n',
    );
    for (const folder of ["packages/app", ...memberFolders.map((f) => `packages/app/${f}/bin`)])
      mkdirSync(join(root, folder), { recursive: true });
    for (const folder of memberFolders)
      writeFileSync(join(root, "packages/app", folder, "bin", "python"), "");
    writeFileSync(join(root, "packages/app/pyproject.toml"), '[project]\nname = "app"\n');
    return join(root, "packages", "app");
  }

  it("takes the workspace root's .venv, as init does", () => {
    const member = workspace([".venv"]);
    const guess = guessRunner(fileFacts(member, "/nonexistent"));
    expect(guess.python).toBe("../../.venv/bin/python");
    expect(guess.why).toContain("the uv workspace's environment");
  });

  it("the member's own environment comes first", () => {
    const member = workspace([".venv"], [".venv"]);
    expect(guessRunner(fileFacts(member, "/nonexistent")).python).toBe(".venv/bin/python");
  });

  it("a folder the workspace does not list is no member: no guess from the root", () => {
    const root = project([".venv"]);
    writeFileSync(join(root, "pyproject.toml"), '[tool.uv.workspace]\nmembers = ["libs/*"]\n');
    mkdirSync(join(root, "packages", "app"), { recursive: true });
    expect(guessRunner(fileFacts(join(root, "packages", "app"), "/nonexistent")).python).toBe("python");
  });
});
