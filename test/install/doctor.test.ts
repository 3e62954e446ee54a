// `doctor`: green right after init, and red, with the fix, after each thing a user could break. The hooks it
// probes are the real bundles (plugin/hooks/bin), run by node as Claude Code would run them.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { BUNDLE_HOME, HOOK_ENTRIES, presentEntries } from "../../bin/build/registration.ts";
import { claudeVersionCheck, type DoctorResult, runDoctor } from "../../bin/install/doctor.ts";
import { runInit } from "../../bin/install/init.ts";
import { PATHS } from "../../bin/install/layout.ts";
import { formatDoctor, formatInit } from "../../bin/install/present.ts";
import { cleanEnv, gitRepo, removeDir } from "./helpers.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CLI = join(ROOT, "bin", "run-tests-skill.mjs");
const SAMPLE = {
  "pyproject.toml": '[project]\nname = "sample"\n',
  "tests/test_math.py": "def test_add():\n    assert 1 + 1 == 2\n",
};

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

beforeAll(() => {
  // The bundles are other parts of this project; doctor probes whichever exist.
  expect(presentEntries(join(ROOT, BUNDLE_HOME)).length).toBeGreaterThan(0);
});

async function installed(extra: { gitBackstop?: boolean } = {}): Promise<string> {
  const dir = await gitRepo(SAMPLE);
  dirs.push(dir);
  const result = await runInit({ dir, cwd: dir, now: new Date(), profile: "generic", ...extra });
  if (!result.ok) throw new Error(formatInit(result));
  return dir;
}

const doctor = (dir: string) => runDoctor({ dir, env: cleanEnv() });

function failed(result: DoctorResult, title: RegExp) {
  const check = result.checks.find((c) => !c.ok && title.test(c.title));
  if (!check) throw new Error(`no failed check matching ${title}:\n${formatDoctor(result)}`);
  return check;
}

const read = (dir: string, rel: string) => readFileSync(join(dir, rel), "utf8");

describe("doctor", () => {
  it("is green right after init, probing every installed hook", async () => {
    const dir = await installed({ gitBackstop: true });
    const result = await doctor(dir);
    expect(result.ok, formatDoctor(result)).toBe(true);
    const titles = result.checks.map((c) => c.title);
    for (const entry of presentEntries(join(ROOT, BUNDLE_HOME)))
      expect(titles).toContain(
        `hook ${entry} answers a sample input within its ${entry === "report" ? 30 : 10} s budget`,
      );
    expect(titles).toEqual(
      expect.arrayContaining([
        "node on PATH",
        "SKILL.md is fresh for its profile",
        "SKILL.md is valid",
        "git backstop (pre-commit)",
        "git backstop (reference-transaction)",
        `hook registrations in ${PATHS.settings}`,
      ]),
    );
    expect(formatDoctor(result)).toMatch(/All \d+ checks passed\./);
  });

  it("is red when a hook file was deleted, and init fixes it", async () => {
    const dir = await installed();
    const [entry = "guard"] = presentEntries(join(ROOT, BUNDLE_HOME));
    rmSync(join(dir, PATHS.binDir, `${entry}.cjs`));
    const result = await doctor(dir);
    expect(result.ok).toBe(false);
    const check = failed(result, /registered hook files exist/);
    expect(check.problem).toContain(`${entry}.cjs`);
    if (entry === "guard") expect(check.problem).toMatch(/every Bash call is now blocked/);
    expect(check.fix).toMatch(/run `run-tests-skill init /);

    await runInit({ dir, cwd: dir, now: new Date(), profile: "generic" });
    expect((await doctor(dir)).ok).toBe(true);
  });

  it("is red when SKILL.md was edited by hand", async () => {
    const dir = await installed();
    const skill = join(dir, ".claude/skills/run-tests/SKILL.md");
    writeFileSync(skill, `${readFileSync(skill, "utf8")}\nAlso run the linter.\n`);
    const check = failed(await doctor(dir), /SKILL\.md is fresh/);
    expect(check.problem).toMatch(/SKILL\.md differs? from what the profile generates/);
    expect(check.fix).toMatch(/init .* to regenerate/);
  });

  it("is red when SKILL.md breaks the skill rules", async () => {
    const dir = await installed();
    const skill = join(dir, ".claude/skills/run-tests/SKILL.md");
    writeFileSync(skill, readFileSync(skill, "utf8").replace('name: "run-tests"', 'name: "Run_Tests"'));
    const check = failed(await doctor(dir), /SKILL\.md is valid/);
    expect(check.problem).toMatch(/\[[\w-]+\]/);
  });

  it("is red when a handler was removed from settings.json by hand", async () => {
    const dir = await installed();
    const settings = JSON.parse(read(dir, PATHS.settings));
    const [event = ""] = Object.keys(settings.hooks);
    delete settings.hooks[event];
    writeFileSync(join(dir, PATHS.settings), JSON.stringify(settings, null, 2));
    const check = failed(await doctor(dir), /hook registrations/);
    expect(check.problem).toContain(event);
    expect(check.fix).toMatch(/adds them back and keeps everything else/);
  });

  it("is red when settings.json is not valid JSON", async () => {
    const dir = await installed();
    writeFileSync(join(dir, PATHS.settings), `${read(dir, PATHS.settings)},`);
    const check = failed(await doctor(dir), /settings\.json is valid/);
    expect(check.problem).toMatch(/Claude Code ignores an invalid settings file/);
    expect(check.fix).toMatch(/backup/);
  });

  it("is red when all hooks are disabled in settings.json", async () => {
    const dir = await installed();
    const settings = JSON.parse(read(dir, PATHS.settings));
    writeFileSync(join(dir, PATHS.settings), JSON.stringify({ ...settings, disableAllHooks: true }));
    expect(failed(await doctor(dir), /hooks are enabled/).fix).toMatch(/disableAllHooks/);
    writeFileSync(join(dir, PATHS.settings), JSON.stringify(settings));
    writeFileSync(join(dir, ".claude/settings.local.json"), '{"disableAllHooks": true}');
    expect(failed(await doctor(dir), /hooks are enabled/).problem).toMatch(/settings\.local\.json/);
  });

  it("is red when a hook gives the wrong answer", async () => {
    const dir = await installed();
    const entry = presentEntries(join(ROOT, BUNDLE_HOME)).includes("guard") ? "guard" : "report";
    writeFileSync(
      join(dir, PATHS.binDir, `${entry}.cjs`),
      "process.stdin.resume(); process.stdin.on('end', () => {});\n",
    );
    const result = await doctor(dir);
    expect(failed(result, new RegExp(`hook ${entry} answers`)).problem).toMatch(/did not (deny|report)/);
    expect(failed(result, /hook bundles match/).fix).toMatch(/init/);
  });

  it("is red when the profile.yaml was edited after init", async () => {
    const dir = await gitRepo(SAMPLE);
    dirs.push(dir);
    await runInit({ dir, cwd: dir, now: new Date() }); // detection writes profile.yaml
    expect((await doctor(dir)).ok).toBe(true);
    writeFileSync(join(dir, PATHS.profileYaml), `${read(dir, PATHS.profileYaml)}gotchas:\n  - "New fact."\n`);
    expect(failed(await doctor(dir), /profile\.yaml matches/).fix).toMatch(
      /it reads \.claude\/run-tests-skill\/profile\.yaml/,
    );
    // Detection proves its interpreter by a collection here (no package to ask about): slower under load.
  }, 120_000);

  it("is red when the git backstop was removed", async () => {
    const dir = await installed({ gitBackstop: true });
    rmSync(join(dir, ".git", "hooks", "reference-transaction"));
    const check = failed(await doctor(dir), /git backstop \(reference-transaction\)/);
    // Addressed to the human: an agent re-installing git hooks is what the backstop exists to prevent.
    expect(check.fix).toMatch(/ask the human to run, in their own terminal.*init .* --git-backstop/);
  });

  it("is red in a folder where nothing is installed", async () => {
    const dir = await gitRepo(SAMPLE);
    dirs.push(dir);
    const check = failed(await doctor(dir), /compiled profile/);
    expect(check.problem).toMatch(/not installed/);
    expect(check.fix).toMatch(/run-tests-skill init/);
  });

  it("runs as a process with exit codes and --json", async () => {
    const dir = await installed();
    const run = (args: string[]) =>
      execa("node", [CLI, "doctor", ...args], { cwd: dir, env: cleanEnv(), extendEnv: false, reject: false });
    const green = await run(["--json"]);
    expect(green.exitCode).toBe(0);
    expect(JSON.parse(green.stdout)).toMatchObject({ ok: true, dir });
    rmSync(join(dir, PATHS.compiledProfile));
    const red = await run([]);
    expect(red.exitCode).toBe(1);
    expect(red.stdout).toMatch(/FAIL/);
    expect(red.stdout).toMatch(/fix: /);
    expect((await run(["--nope"])).exitCode).toBe(2);
  });

  it("leaves no probe state in the project", async () => {
    const dir = await installed();
    await doctor(dir);
    expect(existsSync(join(dir, PATHS.stateDir))).toBe(false);
  });
});

describe("claudeVersionCheck", () => {
  it("accepts the verified version and newer, refuses versions without exec-form handlers", () => {
    expect(claudeVersionCheck("2.1.332 (Claude Code)")).toMatchObject({
      ok: true,
      detail: "2.1.332 (the verified version)",
    });
    expect(claudeVersionCheck("2.2.0 (Claude Code)")).toMatchObject({ ok: true });
    expect(claudeVersionCheck("2.1.110 (Claude Code)")).toMatchObject({
      ok: false,
      fix: expect.stringMatching(/update/),
    });
    expect(claudeVersionCheck(null)).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/not on PATH/),
    });
  });

  it("knows every hook entry's budget", () => {
    expect(HOOK_ENTRIES).toEqual([
      "guard",
      "file-guard",
      "skill-turn",
      "report",
      "session-start",
      "stop-gate",
    ]);
  });
});
