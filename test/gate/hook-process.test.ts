// The built stop-gate bundle as Claude Code runs it (`node <BUNDLE_HOME>/stop-gate.cjs`, one JSON object on
// stdin), in a temp git repo with an installed profile. The ledger it reads is written by the real report
// bundle after a real pytest run. (Build with `npm run build`.)

import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUNDLE_HOME } from "../../bin/build/registration.ts";
import { compileProfile } from "../../hooks/core/profile/compile.ts";
import { loadProfile } from "../../hooks/core/profile/load.ts";
import { Profile } from "../../hooks/core/profile/schema.ts";
import { INSTALL_DIR, PROFILE_FILE, STATE_DIR } from "../../hooks/core/state/locate.ts";
import { BASELINE_DIR } from "../../hooks/gate/baseline.ts";
import { readLedger } from "../../hooks/results/ledger.ts";
import { buildCommand } from "../../skills/generator/body.ts";
import {
  cleanupTempDirs,
  hookInputFor,
  pytestEnv,
  REPO,
  REPORT_BUNDLE,
  runShell,
  tempDir,
} from "../results/helpers.ts";

const GATE_BUNDLE = join(REPO, BUNDLE_HOME, "stop-gate.cjs");
const SESSION = "0b7c3f9e-5d1a-4c2e-9f00-stopgate0001";

afterAll(cleanupTempDirs);
beforeAll(() => {
  if (!existsSync(GATE_BUNDLE) || !existsSync(REPORT_BUNDLE))
    throw new Error(`${BUNDLE_HOME} bundles are missing: run \`npm run build\``);
});

const PROJECT: Record<string, string> = {
  "pkg/__init__.py": "",
  "pkg/core.py": "def double(x):\n    return 2 * x\n",
  "pkg/util.py": "def shout(s):\n    return s.upper()\n",
  "tests/__init__.py": "",
  "tests/test_core.py": "from pkg.core import double\n\n\ndef test_double():\n    assert double(2) == 4\n",
  "tests/test_util.py": "from pkg.util import shout\n\n\ndef test_shout():\n    assert shout('a') == 'A'\n",
  "docs/index.md": "# pkg\n",
  ".gitignore": ".claude/\n__pycache__/\n.pytest_cache/\n",
};

function gateProfile(extra: Record<string, unknown> = {}): Profile {
  const loaded = loadProfile("generic");
  if (!loaded.ok) throw new Error("generic");
  return v.parse(Profile, {
    ...loaded.profile,
    project: { ...loaded.profile.project, name: "gate-sample", package: "pkg" },
    mapping: [{ changed: ["pkg/core.py"], tests: ["tests/test_core.py"] }],
    ...extra,
  });
}

async function project(profile: Profile | null = gateProfile()): Promise<string> {
  const dir = tempDir("rts-gate-");
  for (const [rel, text] of Object.entries(PROJECT)) {
    mkdirSync(join(dir, rel, ".."), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  if (profile) {
    mkdirSync(join(dir, INSTALL_DIR), { recursive: true });
    writeFileSync(join(dir, INSTALL_DIR, PROFILE_FILE), compileProfile(profile, "gate.yaml"));
  }
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: "t",
    GIT_AUTHOR_EMAIL: "t@e",
    GIT_COMMITTER_NAME: "t",
    GIT_COMMITTER_EMAIL: "t@e",
  };
  for (const args of [
    ["init", "-q"],
    ["add", "-A"],
    ["commit", "-qm", "sample"],
  ])
    await execa("git", args, { cwd: dir, env });
  return dir;
}

async function gate(dir: string, input: Record<string, unknown> | string, env: Record<string, string> = {}) {
  const r = await execa("node", [GATE_BUNDLE], {
    input: typeof input === "string" ? input : JSON.stringify(input),
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", CLAUDE_PROJECT_DIR: dir, ...env },
    extendEnv: false,
    reject: false,
    timeout: 30_000,
  });
  return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode };
}

const start = (dir: string) => ({
  session_id: SESSION,
  cwd: dir,
  hook_event_name: "SessionStart",
  source: "startup",
});
const stop = (dir: string, active = false) => ({
  session_id: SESSION,
  cwd: dir,
  hook_event_name: "Stop",
  permission_mode: "default",
  stop_hook_active: active,
  last_assistant_message: "done",
});

/** Runs pytest like the Bash tool and hands the result to the real report hook (which writes the ledger). */
async function pytestThroughReport(dir: string, command: string): Promise<number> {
  const result = await runShell(command, dir);
  const input = { ...hookInputFor(result, dir), session_id: SESSION, duration_ms: result.ms ?? 0 };
  const r = await execa("node", [REPORT_BUNDLE], {
    input: JSON.stringify(input),
    env: { ...pytestEnv(), CLAUDE_PROJECT_DIR: dir },
    extendEnv: false,
    reject: false,
    timeout: 30_000,
  });
  expect(r.exitCode).toBe(0);
  return result.exitCode;
}

function blockOf(stdout: string): string {
  const answer = JSON.parse(stdout) as { decision: string; reason: string };
  expect(answer.decision).toBe("block");
  return answer.reason;
}

describe("stop-gate.cjs", () => {
  it("block once, not twice in a stop cycle; after the mapped run, no block; a failing run does not block", async () => {
    const dir = await project();
    const s = await gate(dir, start(dir));
    expect(s).toMatchObject({ exitCode: 0, stdout: "", stderr: "" });
    expect(readdirSync(join(dir, STATE_DIR, BASELINE_DIR))).toHaveLength(1);

    // Nothing changed: no block.
    expect(await gate(dir, stop(dir))).toMatchObject({ exitCode: 0, stdout: "", stderr: "" });

    // A mapped change: one block naming the mapped command in the skill's form.
    writeFileSync(join(dir, "pkg", "core.py"), "def double(x):\n    return x + x\n");
    const blocked = await gate(dir, stop(dir));
    expect(blocked.exitCode).toBe(0);
    expect(blocked.stderr).toBe("");
    const command = buildCommand(gateProfile(), ["tests/test_core.py"]);
    expect(blockOf(blocked.stdout)).toContain(`\n${command}\n`);
    expect(blockOf(blocked.stdout)).toContain("pkg/core.py: mapped to tests/test_core.py");

    // The retry in the same stop cycle (stop_hook_active): never a second block.
    expect(await gate(dir, stop(dir, true))).toMatchObject({ exitCode: 0, stdout: "" });

    // A run of another file does not cover it.
    expect(await pytestThroughReport(dir, "python -m pytest tests/test_util.py -q")).toBe(0);
    expect(blockOf((await gate(dir, stop(dir))).stdout)).toContain(command);

    // The mapped command, run: the ledger says so, and the stop goes through.
    expect(await pytestThroughReport(dir, command)).toBe(0);
    const last = readLedger(join(dir, STATE_DIR)).at(-1);
    expect(last?.scope).toEqual(["tests/test_core.py"]);
    expect(last?.start).toBeDefined();
    expect(await gate(dir, stop(dir))).toMatchObject({ exitCode: 0, stdout: "", stderr: "" });

    // A later change breaks the test: blocked again until it runs; the failing run satisfies the gate.
    writeFileSync(join(dir, "pkg", "core.py"), "def double(x):\n    return x + x + 1\n");
    expect(blockOf((await gate(dir, stop(dir))).stdout)).toContain(command);
    expect(await pytestThroughReport(dir, command)).toBe(1);
    expect(readLedger(join(dir, STATE_DIR)).at(-1)?.class).toBe("real-failure");
    expect(await gate(dir, stop(dir))).toMatchObject({ exitCode: 0, stdout: "", stderr: "" });
  });

  it("two handlers at one stop (plugin and project install): one block; the next prompt's stop blocks again", async () => {
    const dir = await project();
    await gate(dir, start(dir));
    writeFileSync(join(dir, "pkg", "core.py"), "def double(x):\n    return x + x\n");
    const input = { ...stop(dir), prompt_id: "prompt-1" };
    const both = await Promise.all([gate(dir, input), gate(dir, input)]);
    expect(both.map((r) => r.exitCode)).toEqual([0, 0]);
    expect(both.filter((r) => r.stdout.includes('"decision":"block"'))).toHaveLength(1);
    expect(both.filter((r) => r.stdout === "")).toHaveLength(1);
    expect(blockOf((await gate(dir, { ...stop(dir), prompt_id: "prompt-2" })).stdout)).toContain(
      "pkg/core.py",
    );
  });

  it("docs and tests only never block; an unmapped source names its test by the module's name", async () => {
    const dir = await project();
    await gate(dir, start(dir));
    writeFileSync(join(dir, "docs", "index.md"), "# pkg, edited\n");
    writeFileSync(join(dir, "tests", "test_util.py"), "def test_nothing():\n    pass\n");
    expect(await gate(dir, stop(dir))).toMatchObject({ exitCode: 0, stdout: "" });
    rmSync(join(dir, "pkg", "util.py")); // a deleted source: its tests by name
    const reason = blockOf((await gate(dir, stop(dir))).stdout);
    expect(reason).toContain("pkg/util.py: tests named after it: tests/test_util.py");
  });

  it("HEAD moved in the session (the user committed the change): the committed source still counts", async () => {
    const dir = await project();
    await gate(dir, start(dir));
    writeFileSync(join(dir, "pkg", "core.py"), "def double(x):\n    return x + x\n");
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@e",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@e",
    };
    await execa("git", ["commit", "-qam", "the user's commit"], { cwd: dir, env });
    expect(blockOf((await gate(dir, stop(dir))).stdout)).toContain(
      "pkg/core.py: mapped to tests/test_core.py",
    );
  });

  it("a change made before the session started does not block", async () => {
    const dir = await project();
    writeFileSync(join(dir, "pkg", "core.py"), "def double(x):\n    return x * 2\n");
    await gate(dir, start(dir));
    expect(await gate(dir, stop(dir))).toMatchObject({ exitCode: 0, stdout: "" });
  });

  it("off: the plugin's generic use (no installed profile), and stop_gate: false", async () => {
    for (const dir of [await project(null), await project(gateProfile({ stop_gate: false }))]) {
      await gate(dir, start(dir));
      writeFileSync(join(dir, "pkg", "core.py"), "def double(x):\n    return x + x\n");
      expect(await gate(dir, stop(dir))).toMatchObject({ exitCode: 0, stdout: "", stderr: "" });
      expect(existsSync(join(dir, STATE_DIR, BASELINE_DIR))).toBe(false);
    }
  });

  it("RUN_TESTS_SKILL_STOP_GATE=off turns it off", async () => {
    const dir = await project();
    await gate(dir, start(dir));
    writeFileSync(join(dir, "pkg", "core.py"), "def double(x):\n    return x + x\n");
    expect(await gate(dir, stop(dir), { RUN_TESTS_SKILL_STOP_GATE: "off" })).toMatchObject({
      exitCode: 0,
      stdout: "",
    });
  });

  it.each([
    ["empty stdin", ""],
    ["not JSON", "{nope"],
    ["a wrong event", JSON.stringify({ hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: {} })],
    ["a wrong field type", JSON.stringify({ hook_event_name: "Stop", stop_hook_active: "yes" })],
  ])("malformed input (%s): exit 0, no answer, one stderr line", async (_name, stdin) => {
    const dir = await project();
    const r = await gate(dir, stdin);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^run-tests-skill stop-gate: .*the stop gate let the turn end\)$/);
  });

  it("an internal error fails open: exit 0, no block, the error on stderr", async () => {
    const dir = await project();
    await gate(dir, start(dir));
    writeFileSync(join(dir, "pkg", "core.py"), "def double(x):\n    return x + x\n");
    const r = await gate(dir, stop(dir), { RUN_TESTS_SKILL_STOP_GATE_FAULT: "1" });
    expect(r).toMatchObject({ exitCode: 0, stdout: "" });
    expect(r.stderr).toMatch(/^run-tests-skill stop-gate: internal error, the stop gate let the turn end: /);
  });

  it("git failing (a damaged repository) fails open too", async () => {
    const dir = await project();
    await gate(dir, start(dir));
    writeFileSync(join(dir, "pkg", "core.py"), "def double(x):\n    return x + x\n");
    writeFileSync(join(dir, ".git", "HEAD"), "garbage\n");
    const r = await gate(dir, stop(dir));
    expect(r).toMatchObject({ exitCode: 0, stdout: "" });
    expect(r.stderr).toContain("internal error, the stop gate let the turn end");
  });
});
