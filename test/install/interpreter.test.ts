// The interpreter probe and the candidate order behind `init`'s runner detection (bin/install/interpreter.ts),
// on real processes: the real python3, and small shell scripts standing where a venv's interpreter would be.
import { chmodSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import {
  detectRunner,
  probeInterpreter,
  resolveInterpreter,
  venvFolders,
} from "../../bin/install/interpreter.ts";
import { cleanEnv, removeDir, scratchDir, writeFiles } from "./helpers.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

function scratch(): string {
  const dir = scratchDir("rts-interp-");
  dirs.push(dir);
  return dir;
}

function script(path: string, body: string): void {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

const python3 = (async () =>
  (await execa("python3", ["-c", "import sys; print(sys.executable)"])).stdout.trim())();

/** A PATH holding only python3 (the real one), then /bin for sh. */
async function python3Only(): Promise<NodeJS.ProcessEnv> {
  const bin = scratch();
  symlinkSync(await python3, join(bin, "python3"));
  return cleanEnv({ PATH: `${bin}:/bin` });
}

describe("venvFolders", () => {
  it("UV_PROJECT_ENVIRONMENT, .venv, venv, env, then py3XX newest first; only folders with bin/python", () => {
    const dir = scratch();
    for (const folder of ["custom", ".venv", "venv", "env", "py311", "py313", "py3x"])
      script(join(dir, folder, "bin", "python"), "exit 0");
    mkdirSync(join(dir, "py312")); // no interpreter inside
    expect(venvFolders(dir, { UV_PROJECT_ENVIRONMENT: "custom/" })).toEqual([
      "custom",
      ".venv",
      "venv",
      "env",
      "py313",
      "py311",
    ]);
    expect(venvFolders(dir, {})).toEqual([".venv", "venv", "env", "py313", "py311"]);
  });
});

describe("probeInterpreter", () => {
  it("reports the version of each module it imports, and the error of each it cannot", async () => {
    const dir = scratch();
    const probe = await probeInterpreter([await python3], ["pytest", "no_such_module_here"], {
      cwd: dir,
      env: cleanEnv(),
    });
    if (!probe.ran) throw new Error(probe.why);
    expect(probe.python).toMatch(/^3\.\d+\.\d+$/);
    expect(probe.modules.pytest).toEqual({ ok: true, version: expect.stringMatching(/^\d+\.\d+/) });
    expect(probe.modules.no_such_module_here).toEqual({
      ok: false,
      error: "ModuleNotFoundError: No module named 'no_such_module_here'",
    });
  });

  it("finds its line among other output, and gives up on an interpreter that hangs", async () => {
    const dir = scratch();
    script(join(dir, "noisy"), `echo "sitecustomize says hello"\nexec '${await python3}' "$@"`);
    const noisy = await probeInterpreter([join(dir, "noisy")], ["json"], { cwd: dir, env: cleanEnv() });
    expect(noisy.ran && noisy.modules.json?.ok).toBe(true);
    script(join(dir, "hangs"), "exec sleep 30");
    const hung = await probeInterpreter([join(dir, "hangs")], ["pytest"], {
      cwd: dir,
      env: cleanEnv(),
      timeoutMs: 500,
    });
    expect(hung).toEqual({ ran: false, why: "no answer within 0.5 s" });
    expect(await probeInterpreter([join(dir, "missing")], [], { cwd: dir, env: cleanEnv() })).toMatchObject({
      ran: false,
    });
  });
});

describe("resolveInterpreter", () => {
  it("a path is resolved in the project, a name on PATH", async () => {
    const env = await python3Only();
    const dir = scratch();
    expect(resolveInterpreter(".venv/bin/python", dir, env)).toEqual({
      ok: false,
      why: ".venv/bin/python does not exist",
    });
    expect(resolveInterpreter("python", dir, env)).toEqual({ ok: false, why: "`python` is not on PATH" });
    expect(resolveInterpreter("python3", dir, env)).toMatchObject({
      ok: true,
      argv: [expect.stringMatching(/\/python3$/)],
    });
    script(join(dir, "py313", "bin", "python"), "exit 0");
    expect(resolveInterpreter("py313/bin/python", dir, env)).toMatchObject({
      ok: true,
      argv: [join(dir, "py313", "bin", "python")],
    });
  });
});

describe("detectRunner", () => {
  it("falls back to an interpreter with pytest but without the package, and warns", async () => {
    const dir = scratch();
    const found = await detectRunner(dir, { env: await python3Only(), pkg: "acme_not_installed" });
    expect(found).toMatchObject({ ok: true, runner: { python: "python3" } });
    expect(found.notes).toContain("python: not on PATH");
    expect(found.notes).toContainEqual(
      expect.stringMatching(
        /^python3 \(.*\): imports pytest [\d.]+ but not acme_not_installed .* -> runner$/,
      ),
    );
    expect(found.notes).toContainEqual(
      expect.stringMatching(/^warning: no interpreter imports both pytest and acme_not_installed/),
    );
  });

  it("skips a venv whose interpreter does not run, and leaves no bytecode behind", async () => {
    const dir = scratch();
    writeFiles(dir, { "acme/__init__.py": "import json\n" });
    script(join(dir, ".venv", "bin", "python"), "echo broken >&2; exit 3");
    const found = await detectRunner(dir, { env: await python3Only(), pkg: "acme" });
    expect(found.ok).toBe(true);
    expect(found.notes[0]).toBe(".venv/bin/python: does not run (exited 3: broken)");
    expect(found.notes).toContainEqual(
      expect.stringMatching(/^python3 \(.*\): imports pytest [\d.]+ and acme -> runner$/),
    );
    expect(existsSync(join(dir, "acme", "__pycache__"))).toBe(false);
  });

  it("says uv is missing for a uv project without it", async () => {
    const dir = scratch();
    writeFiles(dir, { "uv.lock": "version = 1\n" });
    const found = await detectRunner(dir, { env: await python3Only() });
    expect(found.notes).toContain("uv run: uv.lock is here but `uv` is not on PATH");
  });
});
