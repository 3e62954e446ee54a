// Profile detection: tractor when the target is tractor; otherwise the generic profile filled in from the repo,
// including the options the project's own `python -m pytest --help` lists (real pytest, real conftest).
import { afterEach, describe, expect, it } from "vitest";
import {
  configuredTestpaths,
  detectProfile,
  parseCustomOptions,
  projectName,
  runPytestHelp,
} from "../../bin/install/detect.ts";
import { loadProfileText } from "../../hooks/core/profile/load.ts";
import { removeDir, scratchDir, snapshot, writeFiles } from "./helpers.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

function project(files: Record<string, string>): string {
  const dir = scratchDir("rts-detect-");
  dirs.push(dir);
  writeFiles(dir, files);
  return dir;
}

const CONFTEST_WITH_OPTIONS = `
def pytest_addoption(parser):
    parser.addoption("--db", action="store", default="sqlite", choices=["sqlite", "postgres", "mysql"],
                     help="database backend to run against")
    parser.addoption("--ll", "--loglevel", action="store", dest="loglevel", default=None,
                     help="console log level, e.g. debug or info; this help text is long enough to wrap at eighty columns")
    parser.addoption("--slow", action="store_true", help="also run the slow tests")
    group = parser.getgroup("special", "A named group")
    group.addoption("--grouped", action="store_true", help="not under Custom options")
`;

describe("parseCustomOptions", () => {
  it("reads switches, free values and fixed choices from the Custom options section", () => {
    const help = [
      "usage: pytest [options] [file_or_dir] [file_or_dir] [...]",
      "",
      "Custom options:",
      "  --tpt-proto={tcp,uds}",
      "                        IPC transport to test against",
      "  --ll=LOGLEVEL, --loglevel=LOGLEVEL",
      "                        console log level, e.g. debug,",
      "                        info",
      "  --slow                run slow tests",
      "  -W-X, --wx            odd but short",
      "",
      "[pytest] ini-options in the first pytest.ini|tox.ini|setup.cfg|pyproject.toml file found:",
      "  markers (linelist):   Register new markers",
    ].join("\n");
    expect(parseCustomOptions(help)).toEqual([
      { flag: "--tpt-proto", aliases: [], purpose: "IPC transport to test against", values: ["tcp", "uds"] },
      {
        flag: "--ll",
        aliases: ["--loglevel"],
        purpose: "console log level, e.g. debug, info",
        value_name: "loglevel",
      },
      { flag: "--slow", aliases: [], purpose: "run slow tests" },
      { flag: "--wx", aliases: ["-W-X"], purpose: "odd but short" },
    ]);
  });

  it("finds nothing when there is no Custom options section", () => {
    expect(parseCustomOptions("usage: pytest\n\ngeneral:\n  -k EXPRESSION  only run tests\n")).toEqual([]);
  });
});

describe("project files", () => {
  it("reads testpaths where pytest does, in pytest's order of precedence", () => {
    expect(
      configuredTestpaths({
        pyproject: '[project]\nname = "x"\n\n[tool.pytest.ini_options]\ntestpaths = ["checks", "more"]\n',
      }),
    ).toEqual({ paths: ["checks", "more"], from: "pyproject.toml" });
    expect(
      configuredTestpaths({ pytestIni: "[pytest]\ntestpaths =\n    itests\n    utests\naddopts = -q\n" }),
    ).toEqual({
      paths: ["itests", "utests"],
      from: "pytest.ini",
    });
    expect(
      configuredTestpaths({ setupCfg: "[metadata]\nname = x\n\n[tool:pytest]\ntestpaths = t\n" }),
    ).toEqual({
      paths: ["t"],
      from: "setup.cfg",
    });
    expect(configuredTestpaths({ toxIni: "[tox]\nenvlist = py3\n[pytest]\ntestpaths = spec\n" })).toEqual({
      paths: ["spec"],
      from: "tox.ini",
    });
    // pytest.ini wins even without testpaths: it is the config file, and it names none.
    expect(
      configuredTestpaths({
        pytestIni: "[pytest]\naddopts = -q\n",
        pyproject: "[tool.pytest.ini_options]\ntestpaths = ['x']\n",
      }),
    ).toBeNull();
  });

  it("reads the project name from pyproject.toml, poetry or setup.cfg", () => {
    expect(
      projectName({
        pyproject: '[build-system]\nrequires = []\n\n[project]\nname = "my-lib"\nversion = "1"\n',
      }),
    ).toBe("my-lib");
    expect(projectName({ pyproject: "[tool.poetry]\nname = 'poetic'\n" })).toBe("poetic");
    expect(projectName({ setupCfg: "[metadata]\nname = cfg_lib\n" })).toBe("cfg_lib");
    expect(projectName({})).toBeNull();
  });
});

describe("detectProfile", () => {
  it("recognises tractor by its pyproject name", async () => {
    const dir = project({ "pyproject.toml": '[project]\nname = "tractor"\n' });
    const found = await detectProfile(dir);
    expect(found.kind).toBe("tractor");
    const loaded = loadProfileText(found.yaml, `${dir}/profile.yaml`);
    expect(loaded.ok && loaded.profile.project.name).toBe("tractor");
  });

  it("recognises tractor by its package and tests folder", async () => {
    const dir = project({ "tractor/__init__.py": "", "tests/test_x.py": "def test_x(): pass\n" });
    expect((await detectProfile(dir)).kind).toBe("tractor");
  });

  it("fills the generic profile from a real project: name, package, test folder, options from pytest --help", async () => {
    const dir = project({
      "pyproject.toml":
        '[project]\nname = "sample-lib"\n\n[tool.pytest.ini_options]\ntestpaths = ["checks"]\n',
      "sample_lib/__init__.py": "",
      "checks/conftest.py": CONFTEST_WITH_OPTIONS,
      "checks/test_a.py": "def test_a(): pass\n",
    });
    const found = await detectProfile(dir);
    expect(found.kind).toBe("generic");
    const loaded = loadProfileText(found.yaml, `${dir}/.claude/run-tests-skill/profile.yaml`);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const { profile } = loaded;
    expect(profile.project).toMatchObject({ name: "sample-lib", package: "sample_lib", tests_dir: "checks" });
    const options = Object.fromEntries(profile.options.project.map((o) => [o.flag, o]));
    expect(Object.keys(options)).toEqual(["--db", "--ll", "--slow"]);
    expect(options["--db"]).toMatchObject({
      values: ["sqlite", "postgres", "mysql"],
      purpose: "database backend to run against",
    });
    expect(options["--ll"]).toMatchObject({ aliases: ["--loglevel"], value_name: "loglevel" });
    expect(options["--ll"]?.purpose).toMatch(/wrap at eighty columns$/);
    expect(options["--slow"]?.values).toBeUndefined();
    // The generic prose now names this project's folder.
    expect(JSON.stringify(profile)).not.toMatch(/`tests\//);
    expect(found.notes.join("\n")).toMatch(/testpaths in pyproject.toml/);
    expect(found.notes.join("\n")).toMatch(/--db, --ll, --slow/);
  });

  it("finds test/ and the folder's name when the repo says nothing", async () => {
    const dir = project({ "test/test_a.py": "def test_a(): pass\n" });
    const found = await detectProfile(dir);
    const loaded = loadProfileText(found.yaml, `${dir}/p.yaml`);
    expect(loaded.ok && loaded.profile.project.tests_dir).toBe("test");
    expect(loaded.ok && loaded.profile.project.name).toBe(dir.split("/").pop());
    expect(loaded.ok && loaded.profile.options.project).toEqual([]);
  });

  it("keeps the generic profile and says why when pytest --help fails", async () => {
    const dir = project({
      "tests/conftest.py": "import sys\nsys.exit(3)\n",
      "tests/test_a.py": "def test_a(): pass\n",
    });
    const found = await detectProfile(dir);
    expect(found.kind).toBe("generic");
    expect(found.notes.join("\n")).toMatch(/not read \(`python3? -m pytest --help` exited 3/);
    expect(loadProfileText(found.yaml, `${dir}/p.yaml`).ok).toBe(true);
  });

  it("warns when pytest prints its help without a conftest it could not import", async () => {
    const dir = project({
      "tests/conftest.py": "raise RuntimeError('conftest is broken on purpose')\n",
      "tests/test_a.py": "def test_a(): pass\n",
    });
    const found = await detectProfile(dir);
    expect(found.notes.join("\n")).toMatch(/warning: pytest could not load \S*tests\/conftest.py/);
  });

  it("leaves the project as it found it: empty folders pytest plugins make go, other new files are named", async () => {
    const dir = project({
      "tests/conftest.py":
        "import os\n\ndef pytest_configure(config):\n    os.makedirs('.plugin-store', exist_ok=True)\n    open('made-by-conftest.txt', 'w').close()\n",
      "tests/test_a.py": "def test_a(): pass\n",
    });
    const before = snapshot(dir);
    const found = await detectProfile(dir);
    expect(found.notes.join("\n")).toMatch(
      /pytest created made-by-conftest\.txt while (printing its help|collecting its tests)/,
    );
    const after = snapshot(dir);
    expect(Object.keys(after).sort()).toEqual([...Object.keys(before), "made-by-conftest.txt"].sort());
    for (const [path, content] of Object.entries(before)) expect(after[path]).toBe(content);
  });

  it("gives up on a pytest --help that hangs, within the time limit", async () => {
    const dir = project({
      "tests/conftest.py": "import time\ntime.sleep(60)\n",
      "tests/test_a.py": "def test_a(): pass\n",
    });
    const run = await runPytestHelp(dir, "tests", 1_500);
    expect(run).toEqual({ ok: false, why: expect.stringMatching(/did not finish in 1.5 s/) });
  });
});
