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
  toolEnvFolders,
  uvWorkspaceRoot,
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
    expect(probe.modules.pytest).toEqual({
      ok: true,
      version: expect.stringMatching(/^\d+\.\d+/),
      file: expect.stringMatching(/\/pytest\/__init__\.py$/),
    });
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
    expect(found).toMatchObject({ ok: true, runner: { python: "python3" }, proven: false });
    expect(found.notes).toContain("python: not on PATH");
    expect(found.notes).toContainEqual(
      expect.stringMatching(
        /^python3 \(.*\): imports pytest [\d.]+ but not acme_not_installed .*; --collect-only: no tests collected -> runner$/,
      ),
    );
    expect(found.notes).toContainEqual(
      expect.stringMatching(/^warning: no interpreter here imports acme_not_installed from this checkout/),
    );
  });

  it("takes an interpreter whose --collect-only collects when the package does not import on its own", async () => {
    const dir = scratch();
    // The tests put the project on sys.path themselves (a conftest.py path hack): no package import proves it.
    writeFiles(dir, {
      "lib/acme/__init__.py": "",
      "tests/conftest.py":
        "import os, sys\nsys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))\n",
      "tests/test_a.py": "import acme\n\ndef test_a():\n    pass\n",
    });
    const found = await detectRunner(dir, { env: await python3Only(), pkg: "acme" });
    expect(found).toMatchObject({ ok: true, runner: { python: "python3" }, proven: true });
    expect(found.notes).toContainEqual(
      expect.stringMatching(
        /^python3 \(.*\): imports pytest [\d.]+ but not acme .*; --collect-only: 1 test collected .*-> runner$/,
      ),
    );
  });

  it("lists the project's nox and tox environments after its venvs, test sessions and newest Python first", () => {
    const dir = scratch();
    for (const folder of [".nox/lint", ".nox/tests-3-10", ".nox/tests-3-12", ".tox/py311", ".tox/docs"])
      script(join(dir, folder, "bin", "python"), "exit 0");
    mkdirSync(join(dir, ".tox", "py313")); // no interpreter inside
    expect(toolEnvFolders(dir)).toEqual([
      ".nox/tests-3-12",
      ".nox/tests-3-10",
      ".nox/lint",
      ".tox/py311",
      ".tox/docs",
    ]);
  });

  it("finds a uv workspace's root from a member, and nothing from a folder it does not list", () => {
    const root = scratch();
    writeFiles(root, {
      "pyproject.toml":
        '[project]\nname = "root"\n\n[tool.uv.workspace]\nmembers = ["packages/*"]\nexclude = ["packages/skip"]\n',
      "packages/app/pyproject.toml": '[project]\nname = "app"\n',
      "packages/skip/pyproject.toml": '[project]\nname = "skip"\n',
      "tools/x/pyproject.toml": '[project]\nname = "x"\n',
    });
    expect(uvWorkspaceRoot(join(root, "packages", "app"))).toBe(root);
    expect(uvWorkspaceRoot(join(root, "packages", "skip"))).toBeNull();
    expect(uvWorkspaceRoot(join(root, "tools", "x"))).toBeNull();
  });

  it("a uv workspace member takes the root's .venv when that imports the member from the checkout", async () => {
    const root = scratch();
    writeFiles(root, {
      "pyproject.toml": '[project]\nname = "root"\n\n[tool.uv.workspace]\nmembers = ["packages/*"]\n',
      "packages/app/pyproject.toml": '[project]\nname = "app"\n',
      "packages/app/src/app/__init__.py": "",
    });
    // The root venv over the machine's python (for pytest), with the member installed the way an editable
    // install does it: a .pth file naming the member's src folder.
    await execa(await python3, ["-m", "venv", "--system-site-packages", join(root, ".venv")]);
    const site = (
      await execa(join(root, ".venv", "bin", "python"), [
        "-c",
        "import sysconfig; print(sysconfig.get_paths()['purelib'])",
      ])
    ).stdout.trim();
    writeFileSync(join(site, "_app.pth"), `${join(root, "packages", "app", "src")}\n`);
    const found = await detectRunner(join(root, "packages", "app"), { env: await python3Only(), pkg: "app" });
    expect(found).toMatchObject({ ok: true, runner: { python: "../../.venv/bin/python" }, proven: true });
    expect(found.notes[0]).toMatch(
      /^\.\.\/\.\.\/\.venv\/bin\/python \(the uv workspace's environment\): imports pytest [\d.]+ and app from this checkout -> runner$/,
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
      expect.stringMatching(/^python3 \(.*\): imports pytest [\d.]+ and acme from this checkout -> runner$/),
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
