// A repo with its own hand-written skill, the git exceptions the maintainers decide, and the round trip:
// init, the installed hook bundles run as processes with real stdin (so they write state), --uninstall, and
// the repo is exactly as it was (status, every tracked file, .git/config, .git/hooks).
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { runDoctor } from "../../bin/install/doctor.ts";
import { type InitOptions, type InitResult, runInit, runUninstall } from "../../bin/install/init.ts";
import { PATHS } from "../../bin/install/layout.ts";
import { sha256 } from "../../bin/install/manifest.ts";
import { gitFormOfRule } from "../../bin/install/own-skill.ts";
import { formatInit } from "../../bin/install/present.ts";
import { isGeneratedSkill } from "../../bin/install/skill.ts";
import { cleanEnv, git, gitRepo, removeDir, snapshot } from "./helpers.ts";

const NOW = new Date("2026-12-01T12:00:00Z");
const HOOK_INPUTS = fileURLToPath(new URL("../fixtures/claude-code-2.1.332/", import.meta.url));
const SKILL = ".claude/skills/run-tests/SKILL.md";

/** A hand-written skill that allows less than the generic profile does (no git status, no git diff). */
const OWN_SKILL = [
  "---",
  "name: run-tests",
  "description: Run this project's tests, the way we like it.",
  'argument-hint: "[path] [--opts]"',
  "allowed-tools:",
  "  - Bash(python -m pytest *)",
  "  - Bash(ls *)",
  "  - Read",
  "---",
  "",
  "Run `python -m pytest tests/ -q`; list the tests with `ls tests`.",
  "",
  "```sh",
  "python -m pytest tests/ -q",
  "```",
  "",
].join("\n");

const SAMPLE = {
  "pyproject.toml": '[project]\nname = "sample"\n',
  "sample/__init__.py": "",
  "tests/__init__.py": "",
  "tests/test_math.py": "def test_add():\n    assert 1 + 1 == 2\n",
};

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

async function repo(files: Record<string, string>): Promise<string> {
  const dir = await gitRepo(files);
  dirs.push(dir);
  return dir;
}

function opts(dir: string, extra: Partial<InitOptions> = {}): InitOptions {
  return { dir, cwd: dir, now: NOW, profile: "generic", ...extra };
}

function expectOk(result: InitResult): InitResult {
  if (!result.ok) throw new Error(formatInit(result));
  return result;
}

const read = (dir: string, rel: string) => readFileSync(join(dir, rel), "utf8");

// --- Hooks as processes ---------------------------------------------------------------------------------

async function hook(dir: string, name: string, input: unknown, env: Record<string, string> = {}) {
  const bundle = join(dir, PATHS.binDir, `${name}.cjs`);
  const result = await execa("node", [bundle], {
    input: JSON.stringify(input),
    cwd: dir,
    env: { CLAUDE_PROJECT_DIR: dir, ...env },
    extendEnv: true,
    reject: false,
  });
  expect(result.exitCode, `${name}: ${result.stderr}`).toBe(0);
  return { stdout: String(result.stdout), stderr: String(result.stderr) };
}

const skillTurn = (dir: string, promptId: string) => ({
  session_id: "s-own",
  cwd: dir,
  prompt_id: promptId,
  hook_event_name: "UserPromptExpansion",
  expansion_type: "slash_command",
  command_name: "run-tests",
  command_args: "",
  command_source: "projectSettings",
  prompt: "/run-tests",
});

const bash = (dir: string, promptId: string, command: string) => ({
  session_id: "s-own",
  transcript_path: "/tmp/t.jsonl",
  cwd: dir,
  prompt_id: promptId,
  permission_mode: "default",
  hook_event_name: "PreToolUse",
  tool_name: "Bash",
  tool_input: { command, description: "test" },
  tool_use_id: `toolu_${sha256(command).slice(0, 8)}`,
});

/** The guard's answer: "deny" with its reason, or "pass" (it printed nothing: allowed or not its business). */
async function guard(
  dir: string,
  promptId: string,
  command: string,
): Promise<{ verdict: string; reason: string }> {
  const { stdout } = await hook(dir, "guard", bash(dir, promptId, command));
  if (stdout.trim() === "") return { verdict: "pass", reason: "" };
  const out = JSON.parse(stdout) as {
    hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string };
  };
  return {
    verdict: out.hookSpecificOutput.permissionDecision,
    reason: out.hookSpecificOutput.permissionDecisionReason,
  };
}

/** Every hook once, as Claude Code would run them in a /run-tests turn: state, reports, a ledger entry. */
async function hookRuns(dir: string, scratch: string): Promise<void> {
  await hook(
    dir,
    "session-start",
    { session_id: "s-own", cwd: dir, hook_event_name: "SessionStart", source: "startup" },
    {
      CLAUDE_ENV_FILE: join(scratch, "env-file"),
    },
  );
  await hook(dir, "skill-turn", skillTurn(dir, "turn-1"));
  expect((await guard(dir, "turn-1", "python -m pytest tests/ -q")).verdict).toBe("pass");
  expect((await guard(dir, "turn-1", "touch x")).verdict).toBe("deny");
  const failure = JSON.parse(readFileSync(join(HOOK_INPUTS, "posttoolusefailure-pytest.json"), "utf8"));
  const report = await hook(dir, "report", { ...failure, cwd: dir, session_id: "s-own" });
  expect(report.stdout).toContain("real-failure");
  expect(existsSync(join(dir, PATHS.stateDir, "skill-turns.json"))).toBe(true);
  expect(readdirSync(join(dir, PATHS.stateDir)).some((f) => /ledger/.test(f))).toBe(true);
}

// --- The repo as git sees it ----------------------------------------------------------------------------

/** Everything the round trip must give back: status, every tracked file (hash + mode), .git/config and
 *  .git/hooks (names, modes, contents), and the untracked, ignored files too. */
async function repoState(dir: string) {
  const tracked = (await git(dir, ["ls-files", "-z"])).stdout.split("\0").filter(Boolean);
  const files: Record<string, string> = {};
  for (const f of tracked) {
    const path = join(dir, f);
    files[f] = existsSync(path)
      ? `${(statSync(path).mode & 0o777).toString(8)} ${sha256(readFileSync(path))}`
      : "gone";
  }
  return {
    status: (await git(dir, ["status", "--porcelain", "--untracked-files=all", "--ignored"])).stdout,
    files,
    config: sha256(readFileSync(join(dir, ".git", "config"))),
    hooks: snapshot(join(dir, ".git", "hooks")),
    tree: snapshot(dir),
  };
}

// --- Tests ----------------------------------------------------------------------------------------------

describe("a repo's own skill", () => {
  it("is kept byte for byte, and the installed hooks enforce its own allowed-tools in a skill turn", async () => {
    const dir = await repo({ ...SAMPLE, [SKILL]: OWN_SKILL });
    const result = expectOk(await runInit(opts(dir)));
    expect(result.skillMode).toBe("own");
    expect(read(dir, SKILL)).toBe(OWN_SKILL);
    expect((await git(dir, ["status", "--porcelain", "--", SKILL])).stdout).toBe("");
    const text = formatInit(result);
    expect(text).toMatch(/skill: your own skill kept/);
    expect(text).toMatch(/init --force/);
    expect(text).toMatch(/run-tests-skill import \.claude\/skills\/run-tests\/SKILL\.md/);
    // The validator's findings are advice: init succeeded, and says what it found.
    expect(text).toMatch(/Advice on your own skill/);
    expect(result.advice.join("\n")).toMatch(/tool-unused|fence|description|yaml/);

    // Skill mode: what the skill allows passes, the rest is denied, including what only the profile allows.
    await hook(dir, "skill-turn", skillTurn(dir, "turn-1"));
    expect(await guard(dir, "turn-1", "ls tests")).toEqual({ verdict: "pass", reason: "" });
    expect((await guard(dir, "turn-1", "python -m pytest tests/ -q")).verdict).toBe("pass");
    const profileOnly = await guard(dir, "turn-1", "git status");
    expect(profileOnly.verdict).toBe("deny");
    expect(profileOnly.reason).toMatch(/not covered by the skill's allowed-tools/);
    expect((await guard(dir, "turn-1", "touch x")).verdict).toBe("deny");
    // Another prompt is not a skill turn: the skill's list no longer applies.
    expect((await guard(dir, "turn-2", "git status")).verdict).toBe("pass");
    expect(read(dir, SKILL)).toBe(OWN_SKILL);

    // A second init keeps it too, and changes nothing.
    const again = expectOk(await runInit(opts(dir)));
    expect(again.skillMode).toBe("own");
    expect(again.changes.filter((c) => c.action !== "unchanged")).toEqual([]);
  });

  it("doctor accepts it (its validator findings are advice) and shows the git exceptions", async () => {
    const profile =
      "extends: generic\nproject: { name: sample, tests_dir: tests }\ngit: { allow: [stash, commit] }\n";
    const dir = await repo({ ...SAMPLE, [SKILL]: OWN_SKILL, "p.yaml": profile });
    expectOk(await runInit(opts(dir, { profile: "p.yaml" })));
    const result = await runDoctor({ dir, env: cleanEnv() });
    const own = result.checks.find((c) => c.title.startsWith("your own SKILL.md"));
    expect(own?.ok).toBe(true);
    expect(result.checks.some((c) => /fresh for its profile/.test(c.title))).toBe(false);
    const git = result.checks.find((c) => c.title === "git exceptions (git.allow in the profile)");
    expect(git?.detail).toMatch(
      /the agent may run git stash, git commit; note: git commit lets the agent change/,
    );
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it("--force replaces it (backed up) and --uninstall restores it byte for byte", async () => {
    const dir = await repo({ ...SAMPLE, [SKILL]: OWN_SKILL });
    const before = await repoState(dir);
    const forced = expectOk(await runInit(opts(dir, { force: true })));
    expect(forced.changes.find((c) => c.path === SKILL)?.detail).toMatch(/backed up to .*backup\/replaced/);
    expect(isGeneratedSkill(read(dir, SKILL))).toBe(true);
    const removed = expectOk(await runUninstall(opts(dir)));
    expect(removed.changes.find((c) => c.path === SKILL)?.action).toBe("restore");
    expect(formatInit(removed)).toMatch(/restored 1/);
    expect(await repoState(dir)).toEqual(before);
  });
});

describe("the round trip: init, real hook runs, --uninstall", () => {
  it("never removes a generated file whose original cannot be put back (backup/ gone)", async () => {
    const dir = await repo({ ...SAMPLE, [SKILL]: OWN_SKILL });
    expectOk(await runInit(opts(dir, { force: true })));
    const generated = read(dir, SKILL);
    rmSync(join(dir, PATHS.backupDir), { recursive: true });
    const removed = expectOk(await runUninstall(opts(dir)));
    expect(read(dir, SKILL)).toBe(generated);
    expect(removed.changes.find((c) => c.path === SKILL)).toMatchObject({ action: "keep" });
    expect(formatInit(removed)).toMatch(/cannot be restored \(.*backup\/replaced\/.* is missing\)/);
  });

  const SETTINGS = '{\n  "permissions": {\n    "allow": ["Bash(git diff *)"]\n  }\n}\n';
  const cases: [string, Record<string, string>, Partial<InitOptions>][] = [
    ["a generated skill, with the git backstop", SAMPLE, { gitBackstop: true }],
    [
      "the repo's own skill and a tracked settings.json",
      { ...SAMPLE, [SKILL]: OWN_SKILL, ".claude/settings.json": SETTINGS },
      {},
    ],
    [
      "an own skill replaced with --force, with the backstop",
      { ...SAMPLE, [SKILL]: OWN_SKILL },
      { force: true, gitBackstop: true },
    ],
  ];
  it.each(cases)("%s", async (_name, files, extra) => {
    const dir = await repo(files);
    const scratch = await repo({ "x.txt": "" }); // somewhere outside the repo for CLAUDE_ENV_FILE
    // A pre-commit hook of the user's own, which the backstop chains and uninstall gives back.
    writeFileSync(join(dir, ".git", "hooks", "pre-commit"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
    const before = await repoState(dir);

    expectOk(await runInit(opts(dir, extra)));
    await hookRuns(dir, scratch);
    expect((await git(dir, ["status", "--porcelain", "--untracked-files=all"])).stdout).not.toMatch(
      /state\//,
    );

    const removed = expectOk(await runUninstall(opts(dir)));
    expect(await repoState(dir)).toEqual(before);
    const text = formatInit(removed);
    expect(text).toMatch(/removed .*\.claude\/run-tests-skill\/state\//);
    expect(text).toMatch(/removed .*\.claude\/run-tests-skill-reports\//);
    expect(existsSync(join(dir, PATHS.reportSpool))).toBe(false);
    expect(text).toMatch(/kept 0\./);
  });

  it("--keep-data keeps state/, backup/ and the .gitignore that hides them (the tree stays clean)", async () => {
    const dir = await repo(SAMPLE);
    const scratch = await repo({ "x.txt": "" });
    expectOk(await runInit(opts(dir)));
    await hookRuns(dir, scratch);
    const removed = expectOk(await runUninstall(opts(dir, { keepData: true })));
    expect(existsSync(join(dir, PATHS.stateDir, "skill-turns.json"))).toBe(true);
    expect(existsSync(join(dir, PATHS.gitignore))).toBe(true);
    expect(existsSync(join(dir, PATHS.binDir))).toBe(false);
    expect((await git(dir, ["status", "--porcelain", "--untracked-files=all"])).stdout).toBe("");
    expect(formatInit(removed)).toMatch(/kept 3: .*\.gitignore, .*state\/, .*run-tests-skill-reports\//);
  });
});

describe("detecting the profile again", () => {
  it("a profile chosen with --profile is reused on every later run (not only the next)", async () => {
    const dir = await repo(SAMPLE);
    expectOk(await runInit(opts(dir, { profile: "generic" })));
    for (const _ of [1, 2]) {
      const again = expectOk(await runInit(opts(dir, { profile: undefined })));
      expect(again.notes.join("\n")).toMatch(/using the installed profile/);
      expect(existsSync(join(dir, PATHS.profileYaml))).toBe(false);
    }
  });

  it("deleting profile.yaml detects again instead of reusing the compiled profile; --redetect too, saving edits", async () => {
    const dir = await repo(SAMPLE);
    const first = expectOk(await runInit(opts(dir, { profile: undefined })));
    expect(first.profile?.detected).toBe("generic");
    const yaml = read(dir, PATHS.profileYaml);

    rmSync(join(dir, PATHS.profileYaml));
    const second = expectOk(await runInit(opts(dir, { profile: undefined })));
    expect(second.notes.join("\n")).toMatch(/profile\.yaml is gone: detected the profile again/);
    expect(read(dir, PATHS.profileYaml)).toBe(yaml);

    writeFileSync(join(dir, PATHS.profileYaml), `${yaml}# my edit\n`);
    const third = expectOk(await runInit(opts(dir, { profile: undefined, redetect: true })));
    expect(third.notes.join("\n")).toMatch(/--redetect/);
    expect(read(dir, PATHS.profileYaml)).toBe(yaml);
    const saved = third.notes.join("\n").match(/saved as (\S+)/)?.[1] ?? "";
    expect(read(dir, saved)).toBe(`${yaml}# my edit\n`);
  });
});

describe("git exceptions the maintainers decide", () => {
  it("reads the permission rules and prints the git.allow lines that would honour them, adding nothing", async () => {
    const local = {
      permissions: {
        allow: [
          "Skill(run-tests)",
          "Bash(git diff *)",
          "Bash(git stash:*)",
          "Bash(git mv:*)",
          "Bash(git log *)",
        ],
      },
    };
    const dir = await repo({
      ...SAMPLE,
      ".claude/settings.local.json": `${JSON.stringify(local, null, 2)}\n`,
    });
    const result = expectOk(await runInit(opts(dir)));
    const note = result.notes.find((n) => n.includes("git.allow")) ?? "";
    expect(note).toMatch(/Bash\(git stash:\*\) \(\.claude\/settings\.local\.json\), Bash\(git mv:\*\)/);
    expect(note).toContain('allow: ["stash", "mv"]');
    expect(note).not.toMatch(/git diff|git log/);
    expect(JSON.parse(read(dir, PATHS.compiledProfile)).profile.git).toEqual({ allow: [], enforce: true });
    expect(read(dir, ".claude/settings.local.json")).toBe(`${JSON.stringify(local, null, 2)}\n`);
  });

  it.each([
    ["Bash(git stash:*)", "stash"],
    ["Bash(git mv *)", "mv"],
    ["Bash(git worktree add:*)", "worktree add"],
    ["Bash(git commit -m *)", "commit"],
    ["Bash(python -m pytest *)", null],
    ["Read", null],
  ])("the rule %s is the form %s", (rule, form) => {
    expect(gitFormOfRule(rule)).toBe(form);
  });

  it("the installed guard allows exactly the listed forms, outside skill mode and in it, and names the key", async () => {
    const profile =
      "extends: generic\nproject: { name: sample, tests_dir: tests }\ngit:\n  allow: [stash, mv]\n";
    const dir = await repo({ ...SAMPLE, "my-profile.yaml": profile });
    expectOk(await runInit(opts(dir, { profile: "my-profile.yaml" })));
    for (const command of ["git stash", "git stash pop", "git mv sample/__init__.py sample/x.py"])
      expect(await guard(dir, "p-1", command), command).toEqual({ verdict: "pass", reason: "" });
    for (const command of ["git commit -m x", "git add -A", "git stash $(echo drop)"]) {
      const d = await guard(dir, "p-1", command);
      expect(d.verdict, command).toBe("deny");
    }
    expect((await guard(dir, "p-1", "git reset --hard")).reason).toContain("add `reset` to git.allow");

    // Without the key, git stash is denied and the reason names it.
    const plain = await repo(SAMPLE);
    expectOk(await runInit(opts(plain)));
    const denied = await guard(plain, "p-1", "git stash");
    expect(denied.verdict).toBe("deny");
    expect(denied.reason).toContain("add `stash` to git.allow in the run-tests profile");
  });
});
