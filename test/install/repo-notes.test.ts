// A detected skill is this repository's notes (issue 20, item 5), on real projects from fetched snapshots
// (/work/.mirror/<owner>+<name>/repo, as real-interpreter.test.ts uses them): click (a `stress` marker that
// addopts deselect, tox with posargs), packaging (addopts as a TOML list, a `property` marker, nox with
// session.posargs), markupsafe (a suite that runs in seconds: the measured timeouts) and opentelemetry-python
// (a uv workspace whose tests live in each package). The skill names the repo's markers, explains its
// addopts, shows its real test files and names, and contains nothing of tractor. Without a snapshot its
// part is skipped, saying so.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { backstopScript } from "../../bin/install/backstop.ts";
import {
  type DetectOptions,
  detectProfile,
  pytestSection,
  readProjectFiles,
} from "../../bin/install/detect.ts";
import {
  explainAddopts,
  libraryTimeouts,
  measureSuite,
  readPytestConfig,
  timeoutsFrom,
} from "../../bin/install/repo-notes.ts";
import { loadProfile, loadProfileText } from "../../hooks/core/profile/load.ts";
import { renderSkill } from "../../skills/generator/render.ts";
import { validateSkillFiles } from "../../skills/validator/validate.ts";
import { cleanEnv, removeDir, scratchDir } from "./helpers.ts";

const MIRROR = process.env.RTS_MIRROR ?? "/work/.mirror";
const snapshotOf = (name: string) => join(MIRROR, name, "repo");
const have = (name: string) => {
  const ok = existsSync(snapshotOf(name));
  if (!ok) console.warn(`repo-notes: ${name} skipped, no snapshot at ${snapshotOf(name)}`);
  return ok;
};

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

async function checkout(name: string): Promise<string> {
  const dir = scratchDir("rts-notes-");
  dirs.push(dir);
  await execa("sh", ["-c", `git --git-dir="${snapshotOf(name)}" archive HEAD | tar -x -C "${dir}"`]);
  return dir;
}

async function fileOf(name: string, path: string): Promise<string> {
  return (await execa("git", ["--git-dir", snapshotOf(name), "show", `HEAD:${path}`])).stdout;
}

/** What a tractor-free skill must not say (tractor's profile owns all of it). */
const TRACTOR_WORDS = [
  /tractor/i,
  /trio/i,
  /TooSlowError/,
  /pexpect/i,
  /commit-msg/,
  /tpt-proto/,
  /test_example\.py/,
  /-k parser/,
  /py<MINOR>/,
];

/** The skill init would install from a detected profile, validated as generate validates it. */
function skillOf(dir: string, yaml: string): { text: string; profile: ReturnType<typeof loadOk> } {
  const profile = loadOk(yaml, join(dir, ".claude/run-tests-skill/profile.yaml"));
  const files = renderSkill(profile, { format: "claude-code", profileLabel: "profile.yaml" });
  const errors = validateSkillFiles(
    { dirName: profile.skill.name, files },
    { format: "claude-code", profile },
  ).findings.filter((f) => f.severity === "error");
  expect(errors).toEqual([]);
  return { text: [...files.values()].join("\n"), profile };
}

function loadOk(yaml: string, file: string) {
  const loaded = loadProfileText(yaml, file);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.profile;
}

const quick: DetectOptions = {
  env: cleanEnv(),
  measure: false,
  pytestHelp: async () => ({ ok: false, why: "not asked here" }),
};

describe("the generic defaults hold nothing of tractor", () => {
  it("the generic profile's skill, and the backstop's message", () => {
    const loaded = loadProfile("generic");
    if (!loaded.ok) throw new Error("generic");
    const text = [...renderSkill(loaded.profile, { format: "claude-code", profileLabel: "g" }).values()].join(
      "\n",
    );
    for (const word of TRACTOR_WORDS) expect(text, String(word)).not.toMatch(word);
    expect(loaded.profile.timeout_signatures).toEqual(["Failed: Timeout", "TimeoutError"]);
    for (const hook of ["pre-commit", "reference-transaction"] as const)
      expect(backstopScript(hook)).not.toMatch(/commit-msg/);
  });

  it("tractor's profile still has its own (trio and pexpect timeouts, /commit-msg)", () => {
    const loaded = loadProfile("tractor");
    if (!loaded.ok) throw new Error("tractor");
    expect(loaded.profile.timeout_signatures).toContain("trio.TooSlowError");
    expect(loaded.profile.skill.commit_message_skill).toBe("/commit-msg");
  });
});

describe("timeouts from a measured run", () => {
  it("five times the run plus 30 s, floors of 60 s (suite) and 30 s (file), capped at the Bash tool's 600 s", () => {
    expect(timeoutsFrom(1200)).toEqual({ suite_ms: 60_000, file_ms: 30_000 });
    expect(timeoutsFrom(40_000)).toEqual({ suite_ms: 230_000, file_ms: 120_000 });
    expect(timeoutsFrom(200_000)).toEqual({ suite_ms: 600_000, file_ms: 120_000 });
  });

  it("measures a real pytest run of a fixture project", async () => {
    const fixture = new URL("../fixtures/pytest/pass", import.meta.url).pathname;
    const r = await measureSuite(["python3"], fixture, cleanEnv());
    if (!r.ok) throw new Error(r.why);
    expect(r.run.exit).toBe(0);
    expect(r.run.summary).toMatch(/\d+ passed/);
    expect(r.run.ms).toBeGreaterThan(0);
  });
});

describe.skipIf(!have("pallets+click"))(
  "click: a stress marker that addopts deselect, tox with posargs",
  () => {
    it("reads the marker (its description has escaped quotes) and explains addopts", async () => {
      const pyproject = await fileOf("pallets+click", "pyproject.toml");
      const body = pyproject
        .slice(pyproject.indexOf("[tool.pytest.ini_options]") + 25)
        .split(/^\[/m)[0] as string;
      const config = readPytestConfig(body, "pyproject.toml");
      expect(config.markers).toEqual([
        {
          name: "stress",
          description: `high-iteration stress tests for race conditions (deselect with '-m "not stress"')`,
          deselected: false,
        },
      ]);
      expect(config.addopts).toEqual(["-m", "not stress"]);
      const explained = explainAddopts(config.addopts, config.markers);
      expect(explained).toEqual([
        {
          option: '-m "not stress"',
          effect:
            "leaves out the tests marked `stress` in every plain run; to run them, pass `-m stress` (your `-m` replaces the config's)",
        },
      ]);
      expect(config.markers[0]?.deselected).toBe(true);
    });

    it("the detected skill names the marker, says how to run the deselected tests, uses real tests, nothing of tractor", async () => {
      const dir = await checkout("pallets+click");
      const detected = await detectProfile(dir, quick);
      const { text, profile } = skillOf(dir, detected.yaml);
      expect(profile.markers).toEqual([expect.objectContaining({ name: "stress", deselected: true })]);
      expect(text).toMatch(
        /\| `stress` \| high-iteration stress tests for race conditions .* \| left out \(addopts\); run them with `-m stress` \|/,
      );
      expect(text).toContain("python -m pytest --tb=short -m stress");
      // Every example names a file and a test that exist in the checkout.
      const withFile = profile.examples.filter((e) => /tests\/\S+\.py/.test(e.command ?? ""));
      expect(withFile.length).toBeGreaterThanOrEqual(2);
      for (const e of withFile) {
        const [, file, test] = /(tests\/\S+?\.py)(?:::(\w+))?/.exec(e.command ?? "") ?? [];
        expect(existsSync(join(dir, file as string)), file).toBe(true);
        if (test) expect(readFileSync(join(dir, file as string), "utf8")).toContain(`def ${test}(`);
      }
      // tox's env passes {posargs} (`replace = "posargs"`): the example runs one file through it.
      expect(profile.examples.some((e) => /^tox -e py3\.\d+ -- tests\/\S+\.py$/.test(e.command ?? ""))).toBe(
        true,
      );
      for (const word of TRACTOR_WORDS) expect(text, String(word)).not.toMatch(word);
    }, 120_000);
  },
);

describe.skipIf(!have("pypa+packaging"))(
  "packaging: addopts as a TOML list, a property marker, nox posargs",
  () => {
    it("explains each option and marks property as left out", async () => {
      const dir = await checkout("pypa+packaging");
      const detected = await detectProfile(dir, quick);
      const { text, profile } = skillOf(dir, detected.yaml);
      expect(profile.markers).toEqual([
        { name: "property", description: "property-based tests (opt-in)", deselected: true },
      ]);
      expect(profile.addopts.map((a) => a.option)).toEqual([
        "-ra",
        "--showlocals",
        "--strict-markers",
        "--strict-config",
        '-m "not property"',
        "--capture=sys",
        "-p no:logging",
      ]);
      expect(text).toContain("| `-p no:logging` | turns off the `logging` plugin |");
      expect(text).toContain("| `-ra` | the short summary at the end lists all but passed tests |");
      expect(text).toMatch(/nox -s tests-3\.\d+ -- tests\/\S+\.py/);
      expect(text).toContain("-m property");
      for (const word of TRACTOR_WORDS) expect(text, String(word)).not.toMatch(word);
    }, 120_000);
  },
);

describe.skipIf(!have("pallets+markupsafe"))("markupsafe: timeouts from a measured run of its suite", () => {
  it("collects the real ids for the examples and sets the timeouts from the run, saying how", async () => {
    const dir = await checkout("pallets+markupsafe");
    // The checkout on the path, as an editable install would put it (the source, not an installed copy).
    const env = cleanEnv({ PYTHONPATH: join(dir, "src") });
    const detected = await detectProfile(dir, {
      env,
      pytestHelp: async () => ({ ok: false, why: "not asked here" }),
    });
    const { text, profile } = skillOf(dir, detected.yaml);
    const notes = detected.notes.join("\n");
    expect(notes).toMatch(/^examples: from the \d+ tests that ran$/m);
    expect(notes).toMatch(/^timeouts: the suite ran in [\d.]+ s \(\d+ passed/m);
    expect(profile.runner.timeouts.suite_ms).toBeLessThan(600_000);
    expect(profile.runner.timeouts.suite_ms).toBeGreaterThanOrEqual(60_000);
    expect(profile.runner.timeouts.measured).toMatch(
      /^a quiet run of the whole suite measured by init \(`python -m pytest -q`: \d+ passed/,
    );
    expect(text).toMatch(
      /for the full suite\. These come from a quiet run of the whole suite measured by init/,
    );
    expect(profile.examples[1]?.command).toMatch(/^python -m pytest tests\/test_\w+\.py --tb=short$/);
    for (const word of TRACTOR_WORDS) expect(text, String(word)).not.toMatch(word);
  }, 240_000);
});

describe.skipIf(!have("open-telemetry+opentelemetry-python"))("opentelemetry-python: a uv workspace", () => {
  it("names each package's tests folder, not a root tests/ of helpers, and takes examples from the SDK", async () => {
    const dir = await checkout("open-telemetry+opentelemetry-python");
    const detected = await detectProfile(dir, quick);
    const { text, profile } = skillOf(dir, detected.yaml);
    expect(profile.project.tests_dir).toBe(".");
    const folders = profile.layout.map((l) => l.path);
    expect(folders).toContain("opentelemetry-sdk/tests/");
    expect(folders).toContain("opentelemetry-api/tests/");
    expect(folders).not.toContain("tests/");
    expect(profile.examples[1]?.command).toMatch(
      /^python -m pytest opentelemetry-sdk\/tests\/\S+\.py --tb=short$/,
    );
    expect(text).toMatch(/there is no tests\/ at the root/);
    for (const word of TRACTOR_WORDS) expect(text, String(word)).not.toMatch(word);
  }, 120_000);
});

describe.skipIf(!have("oremanj+tricycle"))("tricycle: a project that depends on trio", () => {
  it("gets trio's timeout as timeout-shaped, from its install_requires; click does not", async () => {
    const dir = await checkout("oremanj+tricycle");
    expect(libraryTimeouts(dir)).toEqual(["trio.TooSlowError"]);
    const detected = await detectProfile(dir, quick);
    const profile = loadOk(detected.yaml, join(dir, "profile.yaml"));
    expect(profile.timeout_signatures).toEqual(["trio.TooSlowError", "Failed: Timeout", "TimeoutError"]);
    if (have("pallets+click")) expect(libraryTimeouts(await checkout("pallets+click"))).toEqual([]);
  }, 120_000);
});

describe("what the skill says about addopts -m holds for real pytest (pytest.ini)", () => {
  it("a plain run leaves the stress test out; `-m stress` on the command line replaces the config's -m", async () => {
    const dir = scratchDir("rts-notes-ini-");
    dirs.push(dir);
    writeFileSync(
      join(dir, "pytest.ini"),
      '[pytest]\nmarkers =\n    stress: slow\naddopts = -m "not stress"\n',
    );
    mkdirSync(join(dir, "tests"));
    writeFileSync(
      join(dir, "tests", "test_a.py"),
      "import pytest\n\n\n@pytest.mark.stress\ndef test_s():\n    pass\n\n\ndef test_n():\n    pass\n",
    );
    const section = pytestSection(readProjectFiles(dir));
    if (!section) throw new Error("no pytest section");
    const config = readPytestConfig(section.body, section.from);
    expect(explainAddopts(config.addopts, config.markers)[0]?.effect).toMatch(/pass `-m stress`/);
    expect(config.markers).toEqual([{ name: "stress", description: "slow", deselected: true }]);
    const run = (args: string[]) =>
      execa("python3", ["-m", "pytest", "-p", "no:cacheprovider", "-rA", ...args], {
        cwd: dir,
        env: cleanEnv(),
        reject: false,
      });
    expect((await run([])).stdout).not.toMatch(/PASSED tests\/test_a\.py::test_s/);
    expect((await run(["-m", "stress"])).stdout).toMatch(/PASSED tests\/test_a\.py::test_s\b/);
  }, 60_000);
});
