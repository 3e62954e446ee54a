// The repository's own test commands as a first-class runner (issue 20, item 2), on real projects: click
// and markupsafe (tox in pyproject `[tool.tox]`, uv.lock, CI with `uv ... --locked`) and packaging (nox),
// from fetched snapshots (RTS_SNAPSHOTS: the folder holding `<owner>+<name>/repo` git dirs), plus small repos
// for a Makefile `test` target, a `tox.ini` and `hatch test`. For each: `init` writes them as
// runner.commands; the generated SKILL.md's allowed-tools cover them; in a `/run-tests` turn the guard
// (decide() with the policy the skill-turn hook builds: resolveSkillPolicy) allows them with pytest
// arguments; the report's registrations fire for them; a refused form names the profile key and says the
// limit lasts until the next prompt.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { profileSpellings, reportIfRules } from "../../bin/build/registration.ts";
import { runInit } from "../../bin/install/init.ts";
import { PATHS } from "../../bin/install/layout.ts";
import { skillErrors } from "../../bin/install/skill.ts";
import { detectTestCommands } from "../../bin/install/test-commands.ts";
import { readCompiledProfile } from "../../hooks/core/profile/compiled.ts";
import { loadProfileText } from "../../hooks/core/profile/load.ts";
import { locateInstall } from "../../hooks/core/state/locate.ts";
import { decide } from "../../hooks/guard/decide.ts";
import { guardPolicyFromProfile } from "../../hooks/guard/policy.ts";
import { resolveSkillPolicy, skillAllowedTools } from "../../hooks/runtime/skill-policy.ts";
import { cleanEnv, git, gitRepo, removeDir, scratchDir } from "./helpers.ts";

const SNAPSHOTS = process.env.RTS_SNAPSHOTS ?? "/work/.mirror";
const snapshotOf = (name: string) => join(SNAPSHOTS, name, "repo");
const haveAll = ["pallets+click", "pallets+markupsafe", "pypa+packaging"].every((n) =>
  existsSync(snapshotOf(n)),
);
if (!haveAll) console.warn(`repo-commands: real-project cases skipped, no snapshots under ${SNAPSHOTS}`);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

async function fromSnapshot(name: string): Promise<string> {
  const dir = scratchDir("rts-own-");
  dirs.push(dir);
  await execa("sh", ["-c", `git --git-dir="${snapshotOf(name)}" archive HEAD | tar -x -C "${dir}"`]);
  await git(dir, ["init", "-q", "-b", "main"]);
  return dir;
}

const env = () => {
  const e = cleanEnv({ PATH: process.env.PATH ?? "/usr/bin:/bin" });
  for (const k of ["PYTHONPATH", "VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "PYTEST_ADDOPTS"]) delete e[k];
  return e;
};

/** init as a newcomer runs it (pytest --help is not what is tested here), and the skill turn's policy. */
async function installed(dir: string) {
  const result = await runInit({
    dir,
    cwd: dir,
    now: new Date("2026-12-06T10:00:00Z"),
    detect: { env: env(), pytestHelp: async () => ({ ok: false, why: "not asked in this test" }) },
  });
  if (!result.ok) throw new Error(JSON.stringify(result));
  const compiled = readCompiledProfile(join(dir, PATHS.compiledProfile));
  if (!compiled.ok) throw new Error(compiled.problem);
  const profile = compiled.profile;
  const skillDir = join(dir, PATHS.skillDir(profile.skill.name));
  expect(skillErrors(skillDir, profile)).toEqual([]);
  const tools = await skillAllowedTools(readFileSync(join(skillDir, "SKILL.md"), "utf8"));
  const paths = locateInstall(dir, join(dir, PATHS.binDir));
  const snap = await resolveSkillPolicy(paths, join(dir, PATHS.binDir), env(), () => {});
  if (!("policy" in snap) || !snap.policy) throw new Error(`no skill policy: ${JSON.stringify(snap)}`);
  const settings = readFileSync(join(dir, PATHS.settings), "utf8");
  const verdict = (command: string) =>
    decide(command, { skillActive: true, policy: snap.policy, where: { cwd: dir, projectDir: dir } });
  return {
    profile,
    tools: tools ?? [],
    settings,
    verdict,
    skill: readFileSync(join(skillDir, "SKILL.md"), "utf8"),
  };
}

function expectAllowed(verdict: (c: string) => { decision: string; reason: string }, commands: string[]) {
  for (const command of commands)
    expect({ command, ...verdict(command) }).toMatchObject({ command, decision: "allow" });
}

describe.skipIf(!haveAll)("real projects: their own test commands are the skill's", () => {
  it("click: tox -e py3.X -- and uv run --locked pytest, from [tool.tox] and its CI", async () => {
    const dir = await fromSnapshot("pallets+click");
    const { profile, tools, settings, verdict, skill } = await installed(dir);
    const minor = profile.runner.commands[0]?.match(/py3\.(\d+)/)?.[1];
    expect(minor).toBeDefined();
    const env = `py3.${minor}`;
    expect(profile.runner.commands).toEqual(
      expect.arrayContaining([`tox -e ${env} --`, `tox r -e ${env} --`, "uv run --locked pytest"]),
    );
    expect(tools).toEqual(
      expect.arrayContaining([`Bash(tox -e ${env} -- *)`, "Bash(uv run --locked pytest *)"]),
    );
    // tox is not on this PATH: the proven-or-guessed interpreter stays the base, tox is shown beside it.
    expect(profile.runner.base).not.toMatch(/^tox/);
    expect(skill).toContain(`tox -e ${env} -- <PYTEST_ARGS>`);
    expectAllowed(verdict, [
      `tox -e ${env} -- -k test_basic`,
      `tox -e ${env}`,
      `tox r -e ${env} -- tests/test_basic.py -x`,
      "uv run --locked pytest -k test_basic",
      "uv run --locked python -m pytest tests/test_basic.py",
    ]);
    // The report fires for any tox call (another environment, a prefix), and for the uv form (it says pytest).
    expect(settings).toContain('"if": "Bash(*tox *)"');
    expect(settings).toContain('"if": "Bash(*pytest*)"');
    // A form the repo does not use stays refused, naming the key and how long the limit lasts.
    const frozen = verdict("uv run --frozen pytest");
    expect(frozen.decision).toBe("deny");
    expect(frozen.reason).toMatch(/add it to `runner\.commands` in the run-tests profile/);
    expect(frozen.reason).toMatch(/until the user's next prompt/);
    const ls = verdict("ls src");
    expect(ls.reason).toMatch(/`allowed_tools`/);
  }, 120_000);

  it("markupsafe: the same tox and uv forms", async () => {
    const dir = await fromSnapshot("pallets+markupsafe");
    const { profile, verdict } = await installed(dir);
    const toxForm = profile.runner.commands.find((c) => c.startsWith("tox -e "));
    expect(toxForm).toMatch(/^tox -e py3\.\d+ --$/);
    expectAllowed(verdict, [`${toxForm} -k escape`, "uv run --locked pytest tests/test_escape.py"]);
  }, 120_000);

  it("packaging: nox -s tests-3.X -- from its noxfile", async () => {
    const dir = await fromSnapshot("pypa+packaging");
    const { profile, tools, verdict } = await installed(dir);
    const nox = profile.runner.commands.find((c) => c.startsWith("nox -s "));
    if (!nox) throw new Error(`no nox form in ${profile.runner.commands.join(", ")}`);
    expect(nox).toMatch(/^nox -s tests-3\.\d+ --$/);
    expect(tools).toContain(`Bash(${nox} *)`);
    expectAllowed(verdict, [`${nox} -k test_version`, `${nox.replace(/ --$/, "")}`]);
  }, 120_000);
});

describe("small repos: make test, tox.ini, hatch test", () => {
  it("a Makefile test target, a tox.ini envlist and a hatch-test environment", async () => {
    const dir = await gitRepo({
      "pyproject.toml":
        '[project]\nname = "acme"\n\n[tool.hatch.envs.hatch-test]\ndependencies = ["pytest"]\n',
      "acme/__init__.py": "",
      "tests/test_a.py": "def test_a():\n    pass\n",
      Makefile: "test:\n\tpython -m pytest $(ARGS)\n",
      "tox.ini": "[tox]\nenvlist = py3{10,11,12}, lint\n\n[testenv]\ncommands = pytest {posargs}\n",
    });
    dirs.push(dir);
    const found = detectTestCommands(dir, "3.12.1");
    expect(found.commands).toEqual([
      "tox -e py312 --",
      "tox run -e py312 --",
      "tox r -e py312 --",
      "hatch test",
      "make test",
    ]);
    const { profile, verdict, settings } = await installed(dir);
    const toxForm = profile.runner.commands.find((c) => c.startsWith("tox -e "));
    expect(toxForm).toMatch(/^tox -e py31[012] --$/);
    expectAllowed(verdict, ["make test", "make test ARGS=-x", "hatch test -k a", `${toxForm} -k a`]);
    expect(settings).toContain('"if": "Bash(*make *)"');
    expect(settings).toContain('"if": "Bash(*hatch *)"');
  }, 120_000);
});

describe("a profile whose runner is the repository's own command", () => {
  it("runner.base `tox -e py311 --`, an accepted PYTHONPATH form, CI=true in front", () => {
    const loaded = loadProfileText(
      [
        "extends: generic",
        "runner:",
        '  base: "tox -e py311 --"',
        "  python: python3",
        "  env: [CI=true]",
        '  commands: ["PYTHONPATH=src python -m pytest"]',
      ].join("\n"),
      "/nowhere/profile.yaml",
    );
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const profile = loaded.profile;
    const policy = guardPolicyFromProfile(profile);
    const verdict = (command: string) =>
      decide(command, { skillActive: true, policy, where: { cwd: "/p", projectDir: "/p" } });
    expectAllowed(verdict, [
      "tox -e py311 -- -k parser -x --tb=short",
      "CI=true tox -e py311 -- tests/test_a.py",
      "PYTHONPATH=src python -m pytest -x",
    ]);
    const other = verdict("PYTHONPATH=lib python -m pytest");
    expect(other.decision).toBe("deny");
    expect(other.reason).toMatch(/`runner\.env` \(a NAME=VALUE prefix\) or `runner\.commands`/);
    expect(reportIfRules(profileSpellings(profile)).map((r) => r.rule)).toEqual([
      "Bash(*pytest*)",
      "Bash(*py.test*)",
      "Bash(*tox *)",
    ]);
  });
});
