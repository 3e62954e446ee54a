// `init --host codex|all` and `--uninstall` in scratch repos: where Codex's files go, a merge that keeps the
// user's own hooks and config, a second run that changes nothing, and an uninstall that leaves the tree as it
// was, byte for byte.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { codexCommand } from "../../bin/build/codex-registration.ts";
import { type InitOptions, runInit, runUninstall } from "../../bin/install/init.ts";
import { parseManifest } from "../../bin/install/manifest.ts";
import { addCodexSandbox, removeCodexSandbox } from "../../hooks/hosts/codex-sandbox.ts";
import { scratchRepos, snapshot, writeFiles } from "../install/helpers.ts";

const NOW = new Date("2026-12-07T02:00:00Z");
const repo = scratchRepos();
const opts = (dir: string, extra: Partial<InitOptions> = {}): InitOptions => ({
  dir,
  cwd: dir,
  now: NOW,
  profile: "generic",
  hosts: ["codex"],
  ...extra,
});
const read = (dir: string, rel: string) => readFileSync(join(dir, rel), "utf8");

const USER_HOOKS = `{
  "hooks": {
    "PreToolUse": [
      { "matcher": "Bash", "hooks": [{ "type": "command", "command": "echo mine", "timeout": 3 }] }
    ]
  },
  "other": 1
}
`;
const USER_CONFIG = `model = "gpt-5"

[features]
hooks = true
`;

describe("init --host codex", () => {
  it("writes the skill where Codex reads it and our hooks in .codex/hooks.json, and no Claude settings", async () => {
    const dir = await repo();
    const result = await runInit(opts(dir));
    expect(result.problems).toEqual([]);
    expect(existsSync(join(dir, ".agents/skills/run-tests/SKILL.md"))).toBe(true);
    expect(existsSync(join(dir, ".claude/skills/run-tests/SKILL.md"))).toBe(false);
    expect(existsSync(join(dir, ".claude/settings.json"))).toBe(false);
    expect(existsSync(join(dir, ".claude/run-tests-skill/bin/guard.cjs"))).toBe(true);
    const hooks = JSON.parse(read(dir, ".codex/hooks.json")).hooks;
    expect(Object.keys(hooks)).toEqual([
      "SessionStart",
      "UserPromptSubmit",
      "PreToolUse",
      "PostToolUse",
      "Stop",
    ]);
    expect(hooks.PreToolUse[0]).toEqual({
      matcher: "Bash",
      hooks: [
        { type: "command", command: codexCommand("guard"), timeout: 10 },
        // The stop gate takes the tree before each command (it follows only the agent's changes).
        { type: "command", command: codexCommand("stop-gate"), timeout: 10 },
      ],
    });
    expect(hooks.PostToolUse[0]?.hooks.map((h: { command: string }) => h.command)).toEqual([
      codexCommand("report"),
      codexCommand("stop-gate"),
    ]);
    expect(codexCommand("guard")).toContain("--host codex");
    expect(result.notes.join("\n")).toContain("/hooks");
    // A second run changes nothing.
    const before = snapshot(dir);
    const again = await runInit(opts(dir));
    expect(again.changes.filter((c) => c.action !== "unchanged")).toEqual([]);
    expect(snapshot(dir)).toEqual(before);
  });

  it("merges into the user's .codex files and uninstall gives them back byte for byte", async () => {
    const dir = await repo();
    writeFiles(dir, { ".codex/hooks.json": USER_HOOKS, ".codex/config.toml": USER_CONFIG });
    const start = snapshot(dir);
    const result = await runInit(opts(dir, { sandbox: true }));
    expect(result.problems).toEqual([]);
    const hooks = JSON.parse(read(dir, ".codex/hooks.json"));
    expect(hooks.other).toBe(1);
    expect(hooks.hooks.PreToolUse[0].hooks[0].command).toBe("echo mine");
    expect(hooks.hooks.PreToolUse).toHaveLength(2);
    const config = read(dir, ".codex/config.toml");
    expect(config).toContain('default_permissions = "run-tests-skill"');
    expect(config).toContain('".claude/run-tests-skill" = "read"');
    expect(config).toContain(USER_CONFIG);
    // The files replaced were backed up.
    expect(result.changes.find((c) => c.path === ".codex/hooks.json")?.action).toBe("update");
    const manifest = parseManifest(read(dir, ".claude/run-tests-skill/install.json"));
    expect(manifest?.hosts).toEqual(["codex"]);
    expect(manifest?.codex?.sandbox?.readOnly).toEqual([".claude/run-tests-skill"]);
    expect(result.notes.join("\n")).toContain("Codex enforcement: guaranteed");

    const un = await runUninstall(opts(dir));
    expect(un.problems).toEqual([]);
    expect(snapshot(dir)).toEqual(start);
  });

  it("--host all installs both hosts from one set of bundles, and uninstall removes both", async () => {
    const dir = await repo();
    const start = snapshot(dir);
    const result = await runInit(opts(dir, { hosts: ["claude", "codex"] }));
    expect(result.problems).toEqual([]);
    expect(existsSync(join(dir, ".claude/skills/run-tests/SKILL.md"))).toBe(true);
    expect(read(dir, ".agents/skills/run-tests/SKILL.md")).toBe(
      read(dir, ".claude/skills/run-tests/SKILL.md"),
    );
    expect(existsSync(join(dir, ".claude/settings.json"))).toBe(true);
    expect(existsSync(join(dir, ".codex/hooks.json"))).toBe(true);
    // No --host: every installed host goes.
    const { hosts: _all, ...everything } = opts(dir);
    await runUninstall(everything);
    expect(snapshot(dir)).toEqual(start);
  });

  it("adds Codex to a Claude Code install without taking Claude Code's files away", async () => {
    const dir = await repo();
    await runInit(opts(dir, { hosts: ["claude"] }));
    const settings = read(dir, ".claude/settings.json");
    const result = await runInit(opts(dir, { hosts: ["codex"] }));
    expect(result.problems).toEqual([]);
    expect(read(dir, ".claude/settings.json")).toBe(settings);
    expect(existsSync(join(dir, ".claude/skills/run-tests/SKILL.md"))).toBe(true);
    expect(existsSync(join(dir, ".agents/skills/run-tests/SKILL.md"))).toBe(true);
  });

  it("leaves a config.toml that already decides the sandbox alone, and says so", async () => {
    const dir = await repo();
    writeFiles(dir, { ".codex/config.toml": 'sandbox_mode = "workspace-write"\n' });
    const result = await runInit(opts(dir, { sandbox: true }));
    expect(result.ok).toBe(false);
    expect(result.problems[0]?.problem).toContain("sandbox_mode");
    expect(existsSync(join(dir, ".codex/hooks.json"))).toBe(false);
  });
});

describe("the Codex sandbox profile text", () => {
  it("comes out exactly for texts with and without trailing newlines", () => {
    for (const text of ["", "a = 1", "a = 1\n", "a = 1\n\n", '[x]\ny = "z"\n']) {
      const added = addCodexSandbox(text, [".claude/run-tests-skill"]);
      if (!added.ok) throw new Error(added.problem);
      expect(removeCodexSandbox(added.text, added.separator).text).toBe(text);
      // Adding again over our own profile changes nothing.
      const again = addCodexSandbox(added.text, [".claude/run-tests-skill"], added.separator);
      expect(again.ok && again.text).toBe(added.text);
    }
  });
});

describe("init --uninstall --host", () => {
  it("takes one host out of an install for both and leaves the other working; the last host is the full uninstall", async () => {
    const dir = await repo();
    writeFiles(dir, { ".codex/hooks.json": USER_HOOKS });
    const start = snapshot(dir);
    await runInit(opts(dir, { hosts: ["claude"] }));
    const claudeOnly = snapshot(dir, (rel) => rel.includes("install.json") || rel.includes("backup"));
    await runInit(opts(dir, { hosts: ["codex"] }));
    const out = await runUninstall(opts(dir, { hosts: ["codex"] }));
    expect(out.problems).toEqual([]);
    expect(read(dir, ".codex/hooks.json")).toBe(USER_HOOKS);
    expect(existsSync(join(dir, ".agents"))).toBe(false);
    expect(snapshot(dir, (rel) => rel.includes("install.json") || rel.includes("backup"))).toEqual(
      claudeOnly,
    );
    expect(parseManifest(read(dir, ".claude/run-tests-skill/install.json"))?.hosts).toEqual(["claude"]);
    await runUninstall(opts(dir, { hosts: ["claude"] }));
    expect(snapshot(dir)).toEqual(start);
  });
});

describe("doctor --host codex without codex on PATH", () => {
  it("is green after init (trust not checked), and red with the fix when a bundle is gone", async () => {
    const { codexChecks } = await import("../../bin/install/doctor-codex.ts");
    const dir = await repo();
    await runInit(opts(dir));
    const env = { PATH: "/usr/bin:/bin", HOME: dir };
    const checks = await codexChecks(dir, env, { trustTimeoutMs: 5_000 });
    const failed = checks.filter((c) => !c.ok);
    expect(failed).toEqual([]);
    expect(checks.find((c) => c.title === "Codex trusts our hooks")?.notChecked).toBe(true);
    expect(checks.some((c) => c.title.startsWith("Codex enforcement: best effort"))).toBe(true);
    const { rmSync } = await import("node:fs");
    rmSync(join(dir, ".claude/run-tests-skill/bin/guard.cjs"));
    const after = await codexChecks(dir, env, { trustTimeoutMs: 5_000 });
    const missing = after.find((c) => c.title === "the bundles Codex's hooks run exist");
    expect(missing?.ok).toBe(false);
    expect(missing?.problem).toContain("guard.cjs");
    expect(missing?.fix).toContain("--host codex");
  });
});
