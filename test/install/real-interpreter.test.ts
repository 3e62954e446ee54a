// Interpreter detection that proves itself, on a real project (issue 20, item 1): pypa/packaging from a
// fetched snapshot, a "global" venv standing in for the machine's python with packaging 26.3 from the
// registry in its site-packages (older than the checkout's 26.4.dev0), and the project's own nox environment
// `.nox/tests-3-11` with the checkout installed editable. Init's detection must take the nox environment and
// say why the global one is not taken; doctor must FAIL on the global one and name the fix; with pytest's
// `pythonpath = ["src"]` the global python does import the checkout and doctor passes.
//
// The snapshot comes from the `fetch` of github:pypa/packaging (RTS_PACKAGING_SNAPSHOT: its git dir); pip
// installs from the configured local index. Without the snapshot the suite skips, saying so.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectProfile } from "../../bin/install/detect.ts";
import { pythonChecks } from "../../bin/install/doctor-python.ts";
import { detectRunner } from "../../bin/install/interpreter.ts";
import { loadProfileText } from "../../hooks/core/profile/load.ts";
import { cleanEnv, removeDir, scratchDir } from "./helpers.ts";

const SNAPSHOT = process.env.RTS_PACKAGING_SNAPSHOT ?? "/work/.mirror/pypa+packaging/repo";
const have = existsSync(SNAPSHOT);
if (!have) console.warn(`real-interpreter: skipped, no packaging snapshot at ${SNAPSHOT}`);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

const pythonReal = (async () =>
  (await execa("python3", ["-c", "import sys; print(sys.executable)"])).stdout.trim())();

async function run(file: string, args: string[], cwd: string) {
  const r = await execa(file, args, {
    cwd,
    env: { ...cleanEnv(), PIP_RETRIES: "0", PIP_DISABLE_PIP_VERSION_CHECK: "1" },
    extendEnv: false,
    reject: false,
    stdin: "ignore",
  });
  if (r.exitCode !== 0) throw new Error(`${file} ${args.join(" ")} failed: ${r.stderr}`);
  return String(r.stdout);
}

/** A checkout of the snapshot's HEAD in a scratch folder. */
async function checkout(): Promise<string> {
  const dir = scratchDir("rts-packaging-");
  dirs.push(dir);
  await execa("sh", ["-c", `git --git-dir="${SNAPSHOT}" archive HEAD | tar -x -C "${dir}"`]);
  return dir;
}

async function venvWith(folder: string, cwd: string, packages: string[]): Promise<void> {
  await run(await pythonReal, ["-m", "venv", folder], cwd);
  await run(join(cwd, folder, "bin", "python"), ["-m", "pip", "install", "-q", ...packages], cwd);
}

let project = "";
let globalBin = "";

/** PATH with the global venv's bin first: its `python` stands for the machine's. */
const envGlobal = () => {
  const env = cleanEnv({ PATH: `${globalBin}:/usr/bin:/bin` });
  for (const k of ["PYTHONPATH", "VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "PYTEST_ADDOPTS"]) delete env[k];
  return env;
};

function profileOf(dir: string, python: string) {
  const loaded = loadProfileText(
    `extends: generic\nproject: { name: packaging, package: packaging, tests_dir: tests }\nrunner: { python: ${python} }\n`,
    join(dir, "profile.yaml"),
  );
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.profile;
}

describe.skipIf(!have)("a real project: packaging, a global python with an older copy, a nox env", () => {
  beforeAll(async () => {
    project = await checkout();
    const global = scratchDir("rts-global-");
    dirs.push(global);
    globalBin = join(global, "venv", "bin");
    await Promise.all([
      venvWith("venv", global, ["pytest", "packaging==26.3"]),
      venvWith(".nox/tests-3-11", project, ["pytest", "-e", "."]),
    ]);
  }, 300_000);

  it("the checkout is newer than the global copy (the setup is what it says)", async () => {
    const own = readFileSync(join(project, "src/packaging/__init__.py"), "utf8");
    expect(own).toMatch(/__version__ = "26\.4\.dev0"/);
    const global = await run(
      join(globalBin, "python"),
      ["-c", "import packaging; print(packaging.__version__)"],
      "/",
    );
    expect(global.trim()).toBe("26.3");
  });

  it("init takes the nox environment and says why not the global python", async () => {
    const found = await detectRunner(project, { env: envGlobal(), pkg: "packaging" });
    expect(found).toMatchObject({ ok: true, runner: { python: ".nox/tests-3-11/bin/python" }, proven: true });
    expect(found.notes[0]).toMatch(
      /^\.nox\/tests-3-11\/bin\/python: imports pytest [\d.]+ and packaging from this checkout -> runner$/,
    );
    // The whole profile detection agrees (package from the src layout).
    const detected = await detectProfile(project, {
      env: envGlobal(),
      pytestHelp: async () => ({ ok: false, why: "not asked here" }),
    });
    expect(detected.yaml).toMatch(/python: \.nox\/tests-3-11\/bin\/python/);
  }, 120_000);

  it("without the nox env, the global python is refused as proof and named for what it imports", async () => {
    const bare = await checkout();
    const found = await detectRunner(bare, { env: envGlobal(), pkg: "packaging", collectTimeoutMs: 60_000 });
    expect(found.ok && found.proven).toBe(false);
    expect(found.notes).toContainEqual(
      expect.stringMatching(
        /^python \(.*\): imports pytest [\d.]+ but packaging 26\.3 from .*site-packages\/packaging, an installed copy, not this checkout/,
      ),
    );
    expect(found.notes).toContainEqual(
      expect.stringMatching(/^warning: no interpreter here imports packaging from this checkout/),
    );
  }, 120_000);

  it("doctor FAILs on the global python and names the nox interpreter; passes on the nox one", async () => {
    const onGlobal = await pythonChecks(project, profileOf(project, "python"), envGlobal());
    const pkg = onGlobal.find((c) => /imports packaging from this checkout/.test(c.title));
    expect(pkg).toMatchObject({ ok: false });
    expect(pkg && !pkg.ok && pkg.problem).toMatch(/packaging 26\.3 from .*site-packages.*an installed copy/);
    expect(pkg && !pkg.ok && pkg.fix).toMatch(/set runner\.python .* to `\.nox\/tests-3-11\/bin\/python`/);

    const onNox = await pythonChecks(project, profileOf(project, ".nox/tests-3-11/bin/python"), envGlobal());
    expect(onNox.filter((c) => !c.ok)).toEqual([]);
  }, 120_000);

  it('with pytest\'s pythonpath = ["src"], the global python imports the checkout: chosen, and no false FAIL', async () => {
    const dir = await checkout();
    const file = join(dir, "pyproject.toml");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        "[tool.pytest.ini_options]\n",
        '[tool.pytest.ini_options]\npythonpath = ["src"]\n',
      ),
    );
    const found = await detectRunner(dir, {
      env: envGlobal(),
      pkg: "packaging",
      pythonPath: [join(dir, "src")],
    });
    expect(found).toMatchObject({ ok: true, runner: { python: "python" }, proven: true });
    const checks = await pythonChecks(dir, profileOf(dir, "python"), envGlobal());
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.find((c) => /from this checkout/.test(c.title))).toMatchObject({
      ok: true,
      detail: join(dir, "src", "packaging", "__init__.py"),
    });
  }, 120_000);
});
