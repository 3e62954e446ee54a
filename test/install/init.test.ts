// `init` and `init --uninstall` in scratch git repos: what is written where, idempotency, refusals that write
// nothing, --dry-run, detection, the backstop, and an uninstall that leaves the repo as it was.
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { isOurHandler, presentEntries } from "../../bin/build/registration.ts";
import { main } from "../../bin/cli/main.ts";
import { CHAINED_NAME } from "../../bin/install/backstop.ts";
import { type InitOptions, type InitResult, runInit, runUninstall } from "../../bin/install/init.ts";
import { PACKAGE_BIN_DIR, PATHS } from "../../bin/install/layout.ts";
import { formatInit } from "../../bin/install/present.ts";
import { isGeneratedSkill } from "../../bin/install/skill.ts";
import { fakeIO } from "../setup/cli-io.ts";
import { cleanEnv, git, removeDir, SAMPLE_PROJECT, scratchRepos, snapshot } from "./helpers.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CLI = join(ROOT, "bin", "run-tests-skill.mjs");
const NOW = new Date("2026-11-26T12:00:00Z");

const SAMPLE = SAMPLE_PROJECT;
const repo = scratchRepos();

function opts(dir: string, extra: Partial<InitOptions> = {}): InitOptions {
  return { dir, cwd: dir, now: NOW, profile: "generic", ...extra };
}

const read = (dir: string, rel: string) => readFileSync(join(dir, rel), "utf8");
const bundles = () => presentEntries(PACKAGE_BIN_DIR).map((e) => `${e}.cjs`);
/** Backups and hook state are the user's data: left behind by design. */
const userData = (rel: string) =>
  rel === PATHS.installDir || rel.startsWith(PATHS.backupDir) || rel.startsWith(PATHS.stateDir);

function expectOk(result: InitResult): InitResult {
  if (!result.ok) throw new Error(formatInit(result));
  return result;
}

describe("init", () => {
  it("installs the skill, the bundles, the compiled profile and the registrations", async () => {
    const dir = await repo();
    const result = expectOk(await runInit(opts(dir)));

    const skill = read(dir, ".claude/skills/run-tests/SKILL.md");
    expect(isGeneratedSkill(skill)).toBe(true);
    expect(skill).toMatch(/^---\nname: "run-tests"/);
    for (const b of bundles())
      expect(read(dir, `${PATHS.binDir}/${b}`)).toBe(readFileSync(join(PACKAGE_BIN_DIR, b), "utf8"));
    expect(JSON.parse(read(dir, PATHS.compiledProfile))).toMatchObject({
      source: "the built-in generic profile",
      profile: { skill: { name: "run-tests" } },
    });
    expect(read(dir, PATHS.gitignore)).toContain("state/");

    const settings = JSON.parse(read(dir, PATHS.settings)) as {
      hooks: Record<string, { hooks: unknown[] }[]>;
    };
    const handlers = Object.values(settings.hooks)
      .flat()
      .flatMap((g) => g.hooks);
    expect(handlers.length).toBeGreaterThan(0);
    expect(handlers.every(isOurHandler)).toBe(true);
    const registered = Object.values(result.registered).reduce((a, b) => a + b, 0);
    expect(handlers).toHaveLength(registered);

    const text = formatInit(result);
    expect(text).toContain("created  .claude/skills/run-tests/SKILL.md");
    expect(text).toContain(`created  ${PATHS.settings}`);
    expect(text).toMatch(/Summary: \d+ change\(s\)/);

    // State stays out of git; everything else is ready to commit.
    const status = await git(dir, ["status", "--porcelain", "--untracked-files=all"]);
    expect(status.stdout).toContain(".claude/skills/run-tests/SKILL.md");
    expect(status.stdout).not.toContain("state/");
  });

  it("changes nothing when run twice", async () => {
    const dir = await repo();
    expectOk(await runInit(opts(dir)));
    const before = snapshot(dir);
    const again = expectOk(await runInit(opts(dir, { now: new Date("2026-11-27T00:00:00Z") })));
    expect(again.changes.every((c) => c.action === "unchanged")).toBe(true);
    expect(again.backup).toBeNull();
    expect(snapshot(dir)).toEqual(before);
  });

  it("merges into an existing settings.json, keeping the user's settings and backing up the old file", async () => {
    const original =
      '{\n    "permissions": {"allow": ["Bash(make *)"]},\n    "hooks": {\n        "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "my-audit"}]}]\n    },\n    "x-team": 1\n}';
    const dir = await repo({ ...SAMPLE, ".claude/settings.json": original });
    const result = expectOk(await runInit(opts(dir)));
    const merged = read(dir, PATHS.settings);
    expect(merged.startsWith('{\n    "permissions": {"allow": ["Bash(make *)"]},\n    "hooks": {')).toBe(
      true,
    );
    expect(merged.endsWith('\n    "x-team": 1\n}')).toBe(true);
    expect(JSON.parse(merged).hooks.PreToolUse[0]).toEqual({
      matcher: "Bash",
      hooks: [{ type: "command", command: "my-audit" }],
    });
    expect(result.backup).toBe(`${PATHS.backupDir}/settings.json.2026-11-26T12-00-00-000Z.bak`);
    expect(read(dir, result.backup ?? "")).toBe(original);
  });

  it("writes through a settings.json that is a symlink, keeping the link", async () => {
    const dir = await repo();
    const elsewhere = join(dir, "dotfiles-settings.json");
    writeFileSync(elsewhere, '{\n  "env": {"A": "1"}\n}\n');
    mkdirSync(join(dir, ".claude"), { recursive: true });
    symlinkSync(elsewhere, join(dir, PATHS.settings));
    expectOk(await runInit(opts(dir)));
    expect(lstatSync(join(dir, PATHS.settings)).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(elsewhere, "utf8")).hooks).toBeDefined();
    expectOk(await runUninstall(opts(dir)));
    expect(readFileSync(elsewhere, "utf8")).toBe('{\n  "env": {"A": "1"}\n}\n');
  });

  it("leaves an invalid settings.json untouched, writes nothing at all, and exits 1 with the fix", async () => {
    const broken = '{ "permissions": { "allow": [ } ';
    const dir = await repo({ ...SAMPLE, ".claude/settings.json": broken });
    const before = snapshot(dir);
    const result = await runInit(opts(dir));
    expect(result.ok).toBe(false);
    expect(snapshot(dir)).toEqual(before);
    const text = formatInit(result);
    expect(text).toContain("Nothing was changed");
    expect(text).toMatch(/\.claude\/settings\.json cannot be merged: not valid JSON/);
    expect(text).toMatch(/fix: make \.claude\/settings\.json a valid JSON object by hand/);

    const io = fakeIO(dir, "", cleanEnv());
    expect(await main(["init", dir, "--profile", "generic"], io)).toBe(1);
    expect(io.out).toContain("not valid JSON");
    expect(read(dir, PATHS.settings)).toBe(broken);
  });

  it("keeps a hand-written SKILL.md (own skill) and replaces it only with --force, backed up", async () => {
    const mine = "---\nname: run-tests\ndescription: my own\n---\nRun the tests my way.\n";
    const dir = await repo({ ...SAMPLE, ".claude/skills/run-tests/SKILL.md": mine });
    const kept = expectOk(await runInit(opts(dir)));
    expect(kept.skillMode).toBe("own");
    expect(read(dir, ".claude/skills/run-tests/SKILL.md")).toBe(mine);
    expect(formatInit(kept)).toMatch(/skill: your own skill kept .*init --force/);

    const forced = expectOk(await runInit(opts(dir, { force: true })));
    expect(forced.skillMode).toBe("generated");
    expect(forced.notes.join("\n")).toMatch(/replaced \(--force\) and backed up/);
    expect(isGeneratedSkill(read(dir, ".claude/skills/run-tests/SKILL.md"))).toBe(true);
    expect(read(dir, `${PATHS.backupDir}/replaced/.claude/skills/run-tests/SKILL.md`)).toBe(mine);
  });

  it("--dry-run lists each change with its size, prints the diffs only with --diff, and writes nothing", async () => {
    const dir = await repo({ ...SAMPLE, ".claude/settings.json": '{\n  "env": {"A": "1"}\n}\n' });
    const before = snapshot(dir);
    const quiet = fakeIO(dir, "", cleanEnv());
    expect(await main(["init", "--profile", "generic", "--dry-run"], quiet)).toBe(0);
    expect(quiet.out).toMatch(/would create {2}\.claude\/skills\/run-tests\/SKILL\.md \(\d+\.\d KB\)/);
    expect(quiet.out).toMatch(
      /would update {2}\.claude\/settings\.json \(hook registrations; \+\d+ -\d+ lines\)/,
    );
    expect(quiet.out).not.toContain("+++ ");
    expect(quiet.out).toContain("Run with --diff (or --verbose) to see each change in full.");
    expect(quiet.out.split("\n").length).toBeLessThan(40);
    const io = fakeIO(dir, "", cleanEnv());
    expect(await main(["init", "--profile", "generic", "--dry-run", "--diff"], io)).toBe(0);
    expect(snapshot(dir)).toEqual(before);
    const text = io.out;
    expect(text).toContain("dry run: nothing written");
    expect(text).toContain("would create  .claude/skills/run-tests/SKILL.md");
    expect(text).toContain("+++ b/.claude/settings.json");
    expect(text).toMatch(/^\+ {2}"hooks": \{$/m);
    expect(text).toContain("+++ b/.claude/skills/run-tests/SKILL.md");
    // Bundles are listed, never diffed.
    expect(text).not.toContain("+++ b/.claude/run-tests-skill/bin/");
  });

  it("--json describes every change without file texts", async () => {
    const dir = await repo();
    const io = fakeIO(dir, "", cleanEnv());
    expect(await main(["init", dir, "--profile", "generic", "--json"], io)).toBe(0);
    const json = JSON.parse(io.out) as InitResult;
    expect(json).toMatchObject({
      ok: true,
      mode: "install",
      dryRun: false,
      profile: { source: "the built-in generic profile" },
    });
    expect(json.changes.find((c) => c.path === PATHS.settings)).toEqual({
      path: PATHS.settings,
      action: "create",
      detail: "hook registrations",
    });
  });

  it("refuses --git-backstop outside a git repository, writing nothing", async () => {
    const dir = await repo();
    removeDir(join(dir, ".git"));
    const before = snapshot(dir);
    const result = await runInit(opts(dir, { gitBackstop: true }));
    expect(result.problems[0]?.problem).toMatch(/not inside a git repository/);
    expect(snapshot(dir)).toEqual(before);
    expectOk(await runInit(opts(dir))); // without the backstop, a folder without git is fine
  });

  it("reports a broken profile file with the field, and writes nothing", async () => {
    const dir = await repo({
      ...SAMPLE,
      "my-profile.yaml": "extends: generic\nproject:\n  name: x\n  tests_dri: tests\n",
    });
    const before = snapshot(dir);
    const result = await runInit(opts(dir, { profile: "my-profile.yaml" }));
    expect(result.ok).toBe(false);
    expect(result.problems[0]?.problem).toMatch(/my-profile\.yaml.*tests_dri/s);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe("init without --profile", () => {
  it("fills in the generic profile from the repo, writes profile.yaml, and reads it back on the next run", async () => {
    const dir = await repo({
      ...SAMPLE,
      "tests/conftest.py":
        'def pytest_addoption(parser):\n    parser.addoption("--backend", choices=["mem", "disk"], default="mem", help="storage backend")\n',
    });
    const first = expectOk(await runInit(opts(dir, { profile: undefined })));
    expect(first.profile).toMatchObject({ source: PATHS.profileYaml, detected: "generic" });
    expect(read(dir, PATHS.profileYaml)).toContain("extends: generic");
    expect(read(dir, ".claude/skills/run-tests/SKILL.md")).toContain("--backend");

    const second = expectOk(await runInit(opts(dir, { profile: undefined })));
    expect(second.notes.join("\n")).toMatch(
      /using \.claude\/run-tests-skill\/profile\.yaml from an earlier init/,
    );
    expect(second.changes.every((c) => c.action === "unchanged")).toBe(true);

    // The user edits the profile; init regenerates the skill from it.
    writeFileSync(
      join(dir, PATHS.profileYaml),
      `${read(dir, PATHS.profileYaml)}gotchas:\n  - "Remember the flux capacitor."\n`,
    );
    const third = expectOk(await runInit(opts(dir, { profile: undefined })));
    expect(third.changes.find((c) => c.path === ".claude/skills/run-tests/SKILL.md")?.action).toBe("update");
    expect(read(dir, ".claude/skills/run-tests/SKILL.md")).toContain("flux capacitor");
  });

  it("keeps the profile an earlier init installed (no detection on a re-run)", async () => {
    const dir = await repo({
      ...SAMPLE,
      "tests/conftest.py":
        'def pytest_addoption(parser):\n    parser.addoption("--fast", action="store_true", help="skip slow")\n',
    });
    expectOk(await runInit(opts(dir, { profile: "generic" })));
    const again = expectOk(await runInit(opts(dir, { profile: undefined })));
    expect(again.notes.join("\n")).toMatch(/using the installed profile/);
    expect(again.changes.every((c) => c.action === "unchanged")).toBe(true);
    expect(existsSync(join(dir, PATHS.profileYaml))).toBe(false);
  });

  it("uses the tractor profile for tractor", async () => {
    const dir = await repo({
      "pyproject.toml": '[project]\nname = "tractor"\n',
      "tractor/__init__.py": "",
      "tests/test_x.py": "",
    });
    const result = expectOk(await runInit(opts(dir, { profile: undefined })));
    expect(result.profile?.detected).toBe("tractor");
    expect(read(dir, ".claude/skills/run-tests/SKILL.md")).toContain("--tpt-proto");
  });
});

describe("init --uninstall", () => {
  it("gives back the repo exactly as it was (a fresh repo)", async () => {
    const dir = await repo();
    const before = snapshot(dir);
    expectOk(await runInit(opts(dir, { gitBackstop: true })));
    const removed = expectOk(await runUninstall(opts(dir)));
    expect(removed.changes.some((c) => c.action === "keep")).toBe(false);
    expect(snapshot(dir, userData)).toEqual(before);
    expect(existsSync(join(dir, ".git", "hooks", "pre-commit"))).toBe(false);
    expect((await git(dir, ["status", "--porcelain"])).stdout).toBe("");
  });

  it("restores a settings.json and a pre-commit hook that were there before, byte for byte", async () => {
    const settings =
      '{\n\t"env": {"CI": "1"},\n\t"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "say done"}]}]}\n}';
    const dir = await repo({ ...SAMPLE, ".claude/settings.json": settings });
    const hook = join(dir, ".git", "hooks", "pre-commit");
    writeFileSync(hook, "#!/bin/sh\nexit 0\n");
    chmodSync(hook, 0o700);
    const before = snapshot(dir);
    const gitHooksBefore = snapshot(join(dir, ".git", "hooks"));

    expectOk(await runInit(opts(dir, { gitBackstop: true })));
    expect(existsSync(join(dir, ".git", "hooks", CHAINED_NAME))).toBe(true);
    const refused = await execa("git", ["commit", "--allow-empty", "-m", "x"], {
      cwd: dir,
      env: cleanEnv({ CLAUDECODE: "1" }),
      extendEnv: false,
      reject: false,
    });
    expect(refused.exitCode).not.toBe(0);

    const removed = expectOk(await runUninstall(opts(dir)));
    expect(read(dir, PATHS.settings)).toBe(settings);
    expect(snapshot(dir, userData)).toEqual(before);
    expect(snapshot(join(dir, ".git", "hooks"))).toEqual(gitHooksBefore);
    // The settings backup init made is init's doing too: removed with it (--keep-data keeps it).
    expect(existsSync(join(dir, PATHS.installDir))).toBe(false);
    expect(formatInit(removed)).toMatch(/Summary: removed \d+ file\(s\) and .*backup\/.*kept 0\./);
  });

  it("keeps what the user changed since init, and says so", async () => {
    const dir = await repo();
    expectOk(await runInit(opts(dir)));
    const skill = join(dir, ".claude/skills/run-tests/SKILL.md");
    writeFileSync(skill, `${readFileSync(skill, "utf8")}\nMy own note.\n`);
    const removed = expectOk(await runUninstall(opts(dir)));
    expect(removed.changes.find((c) => c.path === ".claude/skills/run-tests/SKILL.md")).toMatchObject({
      action: "keep",
    });
    expect(existsSync(skill)).toBe(true);
    expect(existsSync(join(dir, PATHS.settings))).toBe(false);
    expect(existsSync(join(dir, PATHS.binDir))).toBe(false);
  });

  it("removes the user's handler never, even in the same matcher group as ours", async () => {
    const dir = await repo();
    expectOk(await runInit(opts(dir)));
    const settings = JSON.parse(read(dir, PATHS.settings));
    const [event = ""] = Object.keys(settings.hooks);
    const group = settings.hooks[event][0];
    group.hooks.push({ type: "command", command: "my-audit" });
    writeFileSync(join(dir, PATHS.settings), `${JSON.stringify(settings, null, 2)}\n`);
    expectOk(await runUninstall(opts(dir)));
    expect(JSON.parse(read(dir, PATHS.settings))).toEqual({
      hooks: { [event]: [{ ...group, hooks: [{ type: "command", command: "my-audit" }] }] },
    });
  });

  it("refuses to touch anything while settings.json is broken", async () => {
    const dir = await repo();
    expectOk(await runInit(opts(dir)));
    writeFileSync(join(dir, PATHS.settings), "{ oops");
    const before = snapshot(dir);
    const result = await runUninstall(opts(dir));
    expect(result.ok).toBe(false);
    expect(result.problems[0]?.fix).toMatch(/valid JSON object by hand/);
    expect(snapshot(dir)).toEqual(before);
  });

  it("--dry-run lists what would go and removes nothing", async () => {
    const dir = await repo();
    expectOk(await runInit(opts(dir)));
    const before = snapshot(dir);
    const result = expectOk(await runUninstall(opts(dir, { dryRun: true })));
    expect(result.changes.some((c) => c.action === "remove")).toBe(true);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe("the CLI as a process", () => {
  it("init and uninstall through bin/run-tests-skill.mjs, with exit codes", async () => {
    const dir = await repo();
    const env = cleanEnv();
    const run = (args: string[]) =>
      execa("node", [CLI, ...args], { cwd: dir, env, extendEnv: false, reject: false });
    const help = await run(["init", "--help"]);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain("--git-backstop");
    expect((await run(["init", "--bogus"])).exitCode).toBe(2);
    expect((await run(["init", "--uninstall", "--profile", "generic"])).exitCode).toBe(2);

    const init = await run(["init", ".", "--profile", "generic", "--json"]);
    expect(init.exitCode).toBe(0);
    expect(JSON.parse(init.stdout).ok).toBe(true);
    const uninstall = await run(["init", "--uninstall"]);
    expect(uninstall.exitCode).toBe(0);
    expect(uninstall.stdout).toContain("removed");
  });
});
