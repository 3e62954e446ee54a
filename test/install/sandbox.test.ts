// init --sandbox (bin/install/sandbox.ts): the settings merge and its exact undo, the excludedCommands risk
// table, the holes found in each settings file, the tools check's messages, and init/uninstall round trips
// in scratch git repos (with the real bubblewrap of this machine where it is installed).
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { runDoctor } from "../../bin/install/doctor.ts";
import { type InitOptions, runInit, runUninstall } from "../../bin/install/init.ts";
import { formatInit } from "../../bin/install/present.ts";
import {
  excludedCommandRisk,
  findTools,
  mergeSandbox,
  onPath,
  proveReadOnly,
  removeSandbox,
  type SettingsSource,
  sandboxHoles,
  type ToolsFound,
  toolsProblem,
} from "../../bin/install/sandbox.ts";
import {
  barrierDenyWrite,
  barrierIn,
  barrierState,
  gitDirsOf,
  projectBarrierState,
  projectHasBarrier,
  tierContext,
} from "../../hooks/runtime/sandbox-layer.ts";
import { cleanEnv, gitRepo, removeDir, scratchDir, writeFiles } from "./helpers.ts";

const DIR = "/work/project";
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

function merged(text: string): string {
  const r = mergeSandbox(text, DIR);
  if (!r.ok) throw new Error(r.problem);
  return r.text;
}

describe("mergeSandbox / removeSandbox", () => {
  const cases: { name: string; text: string }[] = [
    { name: "no sandbox key", text: '{\n  "permissions": {"allow": ["Bash(ls)"]}\n}\n' },
    { name: "empty file object", text: "{}\n" },
    {
      name: "the user's own sandbox entries",
      text: '{\n  "sandbox": {"excludedCommands": ["docker"], "network": {"allowedDomains": ["pypi.org"]}}\n}\n',
    },
    {
      name: "user's denyWrite and enabled false",
      text: '{\n  "sandbox": {\n    "enabled": false,\n    "filesystem": {"denyWrite": ["secrets"], "allowWrite": ["/tmp/x"]}\n  }\n}\n',
    },
    {
      name: "already has .git (another spelling) and enabled",
      text: '{"sandbox": {"enabled": true, "filesystem": {"denyWrite": ["./.git"]}}}\n',
    },
  ];
  for (const c of cases) {
    it(`${c.name}: merges ours, keeps theirs, is idempotent, and uninstall restores the text byte for byte`, () => {
      const first = mergeSandbox(c.text, DIR);
      if (!first.ok) throw new Error(first.problem);
      const value = JSON.parse(first.text);
      expect(barrierIn(value, DIR)).toBe(true);
      expect(value.sandbox.failIfUnavailable).toBe(true);
      expect(value.sandbox).not.toHaveProperty("autoAllowBashIfSandboxed");
      const before = JSON.parse(c.text).sandbox ?? {};
      for (const [key, v] of Object.entries(before))
        if (!["enabled", "filesystem"].includes(key)) expect(value.sandbox[key]).toEqual(v);
      for (const entry of before.filesystem?.denyWrite ?? [])
        expect(value.sandbox.filesystem.denyWrite).toContain(entry);
      if (before.filesystem?.allowWrite)
        expect(value.sandbox.filesystem.allowWrite).toEqual(before.filesystem.allowWrite);
      // Idempotent.
      const second = mergeSandbox(first.text, DIR);
      expect(second.ok && second.text).toBe(first.text);
      expect(second.ok && second.changed).toBe(false);
      // Exact undo.
      const undone = removeSandbox(first.text, first.baseline);
      expect(undone.ok && undone.text).toBe(c.text);
    });
  }

  it("adds .git once, never duplicates an equivalent spelling; adds the protected set", () => {
    const abs = merged(`{"sandbox": {"filesystem": {"denyWrite": ["${DIR}/.git/"]}}}`);
    expect(JSON.parse(abs).sandbox.filesystem.denyWrite).toEqual([
      `${DIR}/.git/`,
      ".claude/run-tests-skill",
      ".claude/settings.json",
      ".claude/settings.local.json",
      ".claude/skills",
    ]);
  });

  it("an ancestor entry covers what lies in it; a missing entry makes the barrier incomplete", () => {
    const settings = (deny: string[]) => ({
      sandbox: { enabled: true, allowUnsandboxedCommands: false, filesystem: { denyWrite: deny } },
    });
    expect(barrierIn(settings([".git", ".claude"]), DIR)).toBe(true);
    expect(barrierState(settings([".git", ".claude/settings.json"]), DIR)).toEqual({
      on: false,
      sandboxOff: false,
      missing: [".claude/run-tests-skill", ".claude/settings.local.json", ".claude/skills"],
    });
    expect(barrierState({ sandbox: { enabled: true } }, DIR)).toMatchObject({ on: false, sandboxOff: true });
  });

  it("uninstall takes out every entry init added, and only those", () => {
    const text = '{"sandbox": {"filesystem": {"denyWrite": ["secrets", ".claude/skills"]}}}\n';
    const first = mergeSandbox(text, DIR);
    if (!first.ok) throw new Error(first.problem);
    expect(first.baseline.added).toEqual([
      ".claude/run-tests-skill",
      ".claude/settings.json",
      ".claude/settings.local.json",
      ".git",
    ]);
    const undone = removeSandbox(first.text, first.baseline);
    expect(undone.ok && undone.text).toBe(text);
  });

  it("uninstall keeps what the user changed or added after init", () => {
    const first = mergeSandbox('{"permissions": {}}\n', DIR);
    if (!first.ok) throw new Error(first.problem);
    const value = JSON.parse(first.text);
    value.sandbox.failIfUnavailable = false;
    value.sandbox.filesystem.denyWrite.push("secrets");
    const edited = JSON.stringify(value, null, 2);
    const undone = removeSandbox(edited, first.baseline);
    if (!undone.ok) throw new Error(undone.problem);
    expect(JSON.parse(undone.text).sandbox).toEqual({
      failIfUnavailable: false,
      filesystem: { denyWrite: ["secrets"] },
    });
  });

  it("refuses a sandbox value that is not an object, and a denyWrite that is not a list", () => {
    expect(mergeSandbox('{"sandbox": true}', DIR)).toEqual({
      ok: false,
      problem: '"sandbox" is not an object',
    });
    expect(mergeSandbox('{"sandbox": {"filesystem": {"denyWrite": ".git"}}}', DIR)).toMatchObject({
      ok: false,
    });
  });
});

describe("excludedCommandRisk", () => {
  const table: [string, string | null][] = [
    ["git commit:*", "git"],
    ["git", "git"],
    ["/usr/bin/git status", "git"],
    ["git-lfs", "git"],
    ["gh pr checkout:*", "git"],
    ["make", "code"],
    ["make test:*", "code"],
    ["FOO=1 make", "code"],
    ["bash", "code"],
    ["sh -c:*", "code"],
    ["python3.11 scripts/x.py", "code"],
    ["python", "code"],
    ["node", "code"],
    ["npm run build:*", "code"],
    ["pytest", "code"],
    ["env", "code"],
    ["xargs", "code"],
    ["docker compose:*", "code"],
    ["*", "any"],
    ["g*", "any"],
    ["$EDITOR", "any"],
    ["ls", null],
    ["rg", null],
    ["cat", null],
    ["jq-like-tool", null],
  ];
  for (const [entry, kind] of table)
    it(`${JSON.stringify(entry)} -> ${kind ?? "no risk"}`, () => {
      expect(excludedCommandRisk(entry)?.kind ?? null).toBe(kind);
    });
});

describe("sandboxHoles", () => {
  const src = (scope: SettingsSource["scope"], sandbox: unknown): SettingsSource => ({
    scope,
    label: `${scope}.json`,
    value: { sandbox },
  });
  const table: { name: string; sources: SettingsSource[]; holes: RegExp[]; warnings?: RegExp[] }[] = [
    { name: "nothing", sources: [src("project", { enabled: true })], holes: [] },
    {
      name: "a git excludedCommands entry in the user's settings",
      sources: [src("user", { excludedCommands: ["git commit:*", "ls"] })],
      holes: [/user\.json .*"git commit:\*" \(runs git\)/],
    },
    {
      name: "make and * in settings.local.json",
      sources: [src("local", { excludedCommands: ["make", "*"] })],
      holes: [/"make" \(runs code that can run git\), "\*" \(matches any program/],
    },
    {
      name: "harmless excludedCommands",
      sources: [src("project", { excludedCommands: ["ls", "rg"] })],
      holes: [],
    },
    {
      name: "enabled false in local settings turns it off",
      sources: [src("local", { enabled: false })],
      holes: [/enabled to false/],
    },
    {
      name: "enabled false in user settings is overridden by the project",
      sources: [src("user", { enabled: false })],
      holes: [],
    },
    {
      name: "allowUnsandboxedCommands in managed settings",
      sources: [src("managed", { allowUnsandboxedCommands: true })],
      holes: [/allowUnsandboxedCommands/],
    },
    {
      name: "filesystem.disabled anywhere",
      sources: [src("user", { filesystem: { disabled: true } })],
      holes: [/filesystem\.disabled/],
    },
    {
      name: "nested user namespaces",
      sources: [src("project", { allowNestedUserNamespaces: true })],
      holes: [/allowNestedUserNamespaces/],
    },
    {
      name: "autoAllowBashIfSandboxed is a warning, not a hole",
      sources: [src("user", { autoAllowBashIfSandboxed: true })],
      holes: [],
      warnings: [/autoAllowBashIfSandboxed/],
    },
  ];
  for (const c of table)
    it(c.name, () => {
      const found = sandboxHoles(c.sources);
      const holes = found.filter((h) => h.severity === "hole");
      const warnings = found.filter((h) => h.severity === "warning");
      expect(holes).toHaveLength(c.holes.length);
      for (const [i, re] of c.holes.entries()) expect(holes[i]?.problem).toMatch(re);
      expect(warnings).toHaveLength(c.warnings?.length ?? 0);
      for (const [i, re] of (c.warnings ?? []).entries()) expect(warnings[i]?.problem).toMatch(re);
      for (const h of found) expect(h.fix.length).toBeGreaterThan(10);
    });
});

describe("toolsProblem: the message when the sandbox cannot start", () => {
  const linux = (extra: Partial<ToolsFound>): ToolsFound => ({
    platform: "linux",
    bwrap: "/usr/bin/bwrap",
    socat: "/usr/bin/socat",
    trial: { exitCode: 0, stderr: "", timedOut: false },
    ...extra,
  });
  const table: { name: string; found: ToolsFound; problem: RegExp | null; fix?: RegExp }[] = [
    { name: "all present, trial passes", found: linux({}), problem: null },
    {
      name: "macOS (sandbox-exec is built in)",
      found: { platform: "darwin", bwrap: null, socat: null },
      problem: null,
    },
    {
      name: "no bwrap",
      found: linux({ bwrap: null, trial: undefined }),
      problem:
        /^bubblewrap \(bwrap\) is not on PATH; with sandbox.failIfUnavailable Claude Code would refuse to start/,
      fix: /apt-get install -y bubblewrap socat/,
    },
    {
      name: "neither",
      found: linux({ bwrap: null, socat: null, trial: undefined }),
      problem: /bubblewrap \(bwrap\) and socat are not on PATH/,
      fix: /without --sandbox/,
    },
    {
      name: "AppArmor blocks user namespaces",
      found: linux({
        trial: { exitCode: 1, stderr: "bwrap: setting up uid map: Permission denied\n", timedOut: false },
      }),
      problem:
        /bubblewrap cannot start a sandbox here \(`\/usr\/bin\/bwrap --unshare-user .*` exited 1: bwrap: setting up uid map/,
      fix: /apparmor_restrict_unprivileged_userns/,
    },
    {
      name: "no user namespaces in a container",
      found: linux({
        trial: { exitCode: 1, stderr: "bwrap: No permissions to create new namespace\n", timedOut: false },
      }),
      problem: /exited 1/,
      fix: /user namespaces/,
    },
    {
      name: "a hang",
      found: linux({ trial: { exitCode: null, stderr: "", timedOut: true } }),
      problem: /did not finish within 10 s/,
      fix: /by hand/,
    },
  ];
  for (const c of table)
    it(c.name, () => {
      const p = toolsProblem(c.found);
      if (c.problem === null) expect(p).toBeNull();
      else {
        expect(p?.problem).toMatch(c.problem);
        if (c.fix) expect(p?.fix).toMatch(c.fix);
      }
    });

  it("a bwrap that fails (a real process) is reported with its exit code and the trial's command", async () => {
    const bin = scratchDir("rts-fakebin-");
    dirs.push(bin);
    symlinkSync("/bin/false", join(bin, "bwrap"));
    symlinkSync("/bin/true", join(bin, "socat"));
    const found = await findTools({ PATH: bin });
    expect(found.trial?.exitCode).toBe(1);
    const problem = toolsProblem(found)?.problem ?? "";
    expect(problem).toContain(
      `bubblewrap cannot start a sandbox here (\`${join(bin, "bwrap")} --unshare-user`,
    );
    expect(problem).toContain("/bin/true` exited 1)");
  });

  it("finds nothing on an empty PATH (a real lookup), and names both tools", async () => {
    const found = await findTools({ PATH: "/nonexistent" });
    expect(found.bwrap).toBeNull();
    expect(toolsProblem(found)?.problem).toMatch(/bubblewrap \(bwrap\) and socat are not on PATH/);
  });
});

const HAVE_BWRAP =
  process.platform === "linux" && onPath("bwrap", process.env.PATH) && onPath("socat", process.env.PATH);

describe("init --sandbox in a scratch repo", () => {
  async function setup(files: Record<string, string> = {}) {
    const dir = await gitRepo({ "tests/test_a.py": "def test_a():\n    assert True\n", ...files });
    const home = scratchDir("rts-home-");
    const managed = scratchDir("rts-managed-");
    dirs.push(dir, home, managed);
    const opts: InitOptions = {
      dir,
      cwd: dir,
      now: new Date("2026-12-02T10:00:00Z"),
      profile: "generic",
      sandbox: true,
      env: cleanEnv({ HOME: home }),
      managedDir: managed,
    };
    return { dir, home, managed, opts };
  }

  it("refuses with the fix and writes nothing when bwrap and socat are missing", async () => {
    const { dir, opts } = await setup({ ".claude/settings.json": '{"env": {}}\n' });
    const result = await runInit({
      ...opts,
      env: cleanEnv({ PATH: "/nonexistent", HOME: opts.env?.HOME ?? "" }),
    });
    expect(result.ok).toBe(false);
    expect(formatInit(result)).toMatch(/not on PATH[\s\S]*apt-get install -y bubblewrap socat/);
    expect(readFileSync(join(dir, ".claude/settings.json"), "utf8")).toBe('{"env": {}}\n');
  });

  it("refuses when the user's settings exclude git from the sandbox, naming the file", async () => {
    const { dir, home, opts } = await setup();
    writeFiles(home, { ".claude/settings.json": '{"sandbox": {"excludedCommands": ["git commit:*"]}}' });
    const result = await runInit(opts);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.problem).join("\n")).toContain(
      join(home, ".claude", "settings.json"),
    );
    expect(projectHasBarrier(dir)).toBe(false);
  });

  it.runIf(HAVE_BWRAP)("without a settings file: uninstall deletes the file init created", async () => {
    const { dir, opts } = await setup();
    expect((await runInit(opts)).ok).toBe(true);
    expect(projectHasBarrier(dir)).toBe(true);
    expect((await runUninstall(opts)).ok).toBe(true);
    expect(existsSync(join(dir, ".claude/settings.json"))).toBe(false);
  });

  it.runIf(HAVE_BWRAP)(
    "installs, doctor reports it, a rerun changes nothing, uninstall restores the file",
    async () => {
      const { dir, managed, opts } = await setup();
      const original = '{\n  "sandbox": {"network": {"allowedDomains": ["pypi.org"]}}\n}\n';
      mkdirSync(join(dir, ".claude"), { recursive: true });
      writeFileSync(join(dir, ".claude/settings.json"), original);
      const first = await runInit(opts);
      expect(first.ok, formatInit(first)).toBe(true);
      expect(projectHasBarrier(dir)).toBe(true);
      const installed = readFileSync(join(dir, ".claude/settings.json"), "utf8");
      // The user's network entry stays; the generic profile's allowances sit beside it.
      expect(JSON.parse(installed).sandbox.network).toEqual({
        allowedDomains: ["pypi.org"],
        allowAllUnixSockets: true,
        allowLocalBinding: true,
      });

      const doctor = await runDoctor({ dir, env: opts.env ?? {}, managedDir: managed });
      const layer = doctor.checks.find((c) => c.title.startsWith("Bash sandbox"));
      expect(layer).toMatchObject({ ok: true, detail: expect.stringMatching(/^on/) });
      expect(doctor.checks.find((c) => c.title === "git rule enforcement")?.detail).toBe(
        "guaranteed (sandbox barrier on)",
      );
      // The proof: a real write attempt inside the sandbox, for each protected path.
      const proof = doctor.checks.find((c) => c.title.startsWith("each protected path"));
      expect(proof, JSON.stringify(doctor.checks)).toMatchObject({ ok: true });
      expect(proof?.detail).toContain(".claude/settings.local.json");
      expect(existsSync(join(dir, ".claude/settings.local.json"))).toBe(false); // the probe left nothing
      // A hole added later is reported by doctor.
      writeFiles(dir, { ".claude/settings.local.json": '{"sandbox": {"excludedCommands": ["make"]}}' });
      const later = await runDoctor({ dir, env: opts.env ?? {}, managedDir: managed });
      expect(later.checks.find((c) => c.title.startsWith("Bash sandbox"))).toMatchObject({
        ok: false,
        problem: expect.stringContaining('"make"'),
      });

      const again = await runInit({ ...opts, sandbox: false });
      expect(again.ok).toBe(true);
      expect(readFileSync(join(dir, ".claude/settings.json"), "utf8")).toBe(installed);

      const undone = await runUninstall(opts);
      expect(undone.ok, formatInit(undone)).toBe(true);
      expect(readFileSync(join(dir, ".claude/settings.json"), "utf8")).toBe(original);
    },
  );
});

describe("the git layout the barrier must cover", () => {
  it("a plain repository: .git", async () => {
    const dir = await gitRepo();
    dirs.push(dir);
    expect(gitDirsOf(dir)).toEqual([join(dir, ".git")]);
    expect(barrierDenyWrite(dir)).toContain(".git");
  });

  it("a .git file naming ./.bare: both, as git itself resolves them", async () => {
    const dir = scratchDir();
    dirs.push(dir);
    await execa("git", ["init", "-q", "--bare", join(dir, ".bare")]);
    writeFileSync(join(dir, ".git"), "gitdir: ./.bare\n");
    const gitDir = (await execa("git", ["rev-parse", "--absolute-git-dir"], { cwd: dir })).stdout;
    expect(gitDirsOf(dir)).toEqual([join(dir, ".git"), gitDir]);
    expect(barrierDenyWrite(dir)).toEqual(expect.arrayContaining([".git", ".bare"]));
    // Settings made for `.git` alone do not make the barrier here.
    const gitOnly = {
      sandbox: { enabled: true, allowUnsandboxedCommands: false, filesystem: { denyWrite: [".git"] } },
    };
    expect(barrierState(gitOnly, dir)).toMatchObject({
      on: false,
      missing: expect.arrayContaining([".bare"]),
    });
  });

  it("a linked worktree: its own git dir and the common dir, absolute (outside the project)", async () => {
    const main = await gitRepo();
    dirs.push(main);
    await execa("git", ["commit", "-q", "--allow-empty", "-m", "first"], { cwd: main });
    const wt = `${main}-wt`;
    dirs.push(wt);
    await execa("git", ["worktree", "add", "-q", wt], { cwd: main });
    const gitDir = (await execa("git", ["rev-parse", "--absolute-git-dir"], { cwd: wt })).stdout;
    const common = (
      await execa("git", ["rev-parse", "--path-format=absolute", "--git-common-dir"], { cwd: wt })
    ).stdout;
    expect(gitDirsOf(wt)).toEqual([join(wt, ".git"), gitDir, common]);
    expect(barrierDenyWrite(wt)).toEqual(expect.arrayContaining([".git", gitDir, common]));
  });
});

describe.runIf(HAVE_BWRAP)("doctor's proof: a real write attempt inside the sandbox", () => {
  it("names each path the sandbox lets a command write, and leaves no probe file behind", async () => {
    const dir = await gitRepo({
      ".claude/settings.json": "{}\n",
      ".claude/run-tests-skill/profile.json": "{}\n",
    });
    dirs.push(dir);
    const partial = { filesystem: { denyWrite: [".git", ".claude/settings.json"] } };
    const proof = await proveReadOnly(dir, partial);
    expect(proof.ok).toBe(false);
    expect(proof.problem).toBe(
      "writable from inside the sandbox: .claude/run-tests-skill, .claude/settings.local.json, .claude/skills",
    );
    expect(existsSync(join(dir, ".claude/settings.local.json"))).toBe(false);
    expect(existsSync(join(dir, ".claude/run-tests-skill/.rts-write-probe"))).toBe(false);
    expect(readFileSync(join(dir, ".claude/settings.json"), "utf8")).toBe("{}\n");
    const full = await proveReadOnly(dir, { filesystem: { denyWrite: barrierDenyWrite(dir) } });
    expect(full, full.problem).toMatchObject({ ok: true });
  });
});

describe("session start re-checks the layout", () => {
  it("a .git file now naming ./.bare: the context says the barrier no longer covers it, tier best effort", async () => {
    const dir = scratchDir();
    dirs.push(dir);
    const settings = {
      sandbox: {
        enabled: true,
        allowUnsandboxedCommands: false,
        filesystem: { denyWrite: barrierDenyWrite(dir) },
      },
    };
    writeFiles(dir, { ".claude/settings.json": JSON.stringify(settings) });
    expect(tierContext(projectBarrierState(dir))).toBe(
      "run-tests-skill: git rule enforcement: guaranteed (sandbox barrier on).",
    );
    await execa("git", ["init", "-q", "--bare", join(dir, ".bare")]);
    writeFileSync(join(dir, ".git"), "gitdir: ./.bare\n");
    const text = tierContext(projectBarrierState(dir));
    expect(text).toMatch(/^run-tests-skill: git rule enforcement: best effort \(no barrier; /);
    expect(text).toContain("no longer covers .bare");
    expect(text).toContain("`run-tests-skill init --sandbox`");
  });
});
