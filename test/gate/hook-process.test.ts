// The built stop-gate bundle as Claude Code runs it (`node <BUNDLE_HOME>/stop-gate.cjs`, one JSON object on
// stdin), in a temp git repo with an installed profile. The agent's changes reach it the way Claude Code
// reports them: PreToolUse/PostToolUse around a Bash command that changes files, PostToolUse of a file
// tool; a file written without them is the human's. The ledger it reads is written by the real report
// bundle after a real pytest run. (Build with `npm run build`.)

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
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
let toolUses = 0;
const tool = (dir: string, event: string, toolName: string, toolInput: object, id: string) => ({
  session_id: SESSION,
  cwd: dir,
  hook_event_name: event,
  tool_name: toolName,
  tool_input: toolInput,
  tool_use_id: id,
  ...(event === "PostToolUse" ? { tool_response: {} } : {}),
});

/** The agent's Bash command: the gate's PreToolUse, the command's effect, its PostToolUse (or Failure). */
async function agentBash(
  dir: string,
  effect: () => unknown,
  event = "PostToolUse",
  command = "(the test's effect)",
  between: () => unknown = () => {},
) {
  const id = `toolu_bash_${++toolUses}`;
  const input = { command };
  const pre = await gate(dir, tool(dir, "PreToolUse", "Bash", input, id));
  await between();
  await effect();
  const post = await gate(dir, { ...tool(dir, event, "Bash", input, id), error: "Exit code 1" });
  return { pre, post };
}

/** The agent's Write tool: the file is written, then the gate's PostToolUse names it. */
async function agentWrite(dir: string, rel: string, text: string) {
  writeFileSync(join(dir, rel), text);
  const input = { file_path: join(dir, rel), content: text };
  return gate(dir, tool(dir, "PostToolUse", "Write", input, `toolu_write_${++toolUses}`));
}

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

    // Nothing changed: no block.
    expect(await gate(dir, stop(dir))).toMatchObject({ exitCode: 0, stdout: "", stderr: "" });

    // A mapped change by the agent's command: one block naming the mapped command in the skill's form.
    const hooks = await agentBash(dir, () =>
      writeFileSync(join(dir, "pkg", "core.py"), "def double(x):\n    return x + x\n"),
    );
    for (const r of [hooks.pre, hooks.post]) expect(r).toMatchObject({ exitCode: 0, stdout: "", stderr: "" });
    expect(readdirSync(join(dir, STATE_DIR, BASELINE_DIR))).toEqual([`${SESSION}.changes.jsonl`]);
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

    // A later change (the Write tool) breaks the test: blocked again until it runs; the failing run
    // satisfies the gate.
    expect(await agentWrite(dir, "pkg/core.py", "def double(x):\n    return x + x + 1\n")).toMatchObject({
      exitCode: 0,
      stdout: "",
      stderr: "",
    });
    expect(blockOf((await gate(dir, stop(dir))).stdout)).toContain(command);
    expect(await pytestThroughReport(dir, command)).toBe(1);
    expect(readLedger(join(dir, STATE_DIR)).at(-1)?.class).toBe("real-failure");
    expect(await gate(dir, stop(dir))).toMatchObject({ exitCode: 0, stdout: "", stderr: "" });
  });

  it("two handlers at one stop (plugin and project install): one block; the next prompt's stop blocks again", async () => {
    const dir = await project();
    await gate(dir, start(dir));
    await agentWrite(dir, "pkg/core.py", "def double(x):\n    return x + x\n");
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
    await agentBash(dir, () => {
      writeFileSync(join(dir, "docs", "index.md"), "# pkg, edited\n");
      writeFileSync(join(dir, "tests", "test_util.py"), "def test_nothing():\n    pass\n");
    });
    expect(await gate(dir, stop(dir))).toMatchObject({ exitCode: 0, stdout: "" });
    // A deleted source (by a command that then fails): its tests by name.
    await agentBash(dir, () => rmSync(join(dir, "pkg", "util.py")), "PostToolUseFailure");
    const reason = blockOf((await gate(dir, stop(dir))).stdout);
    expect(reason).toContain("pkg/util.py: tests named after it: tests/test_util.py");
  });

  it("HEAD moved (the user committed the agent's change; the agent's command committed): still counts", async () => {
    const dir = await project();
    await gate(dir, start(dir));
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@e",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@e",
    };
    await agentWrite(dir, "pkg/core.py", "def double(x):\n    return x + x\n");
    await execa("git", ["commit", "-qam", "the user's commit"], { cwd: dir, env });
    expect(blockOf((await gate(dir, stop(dir))).stdout)).toContain(
      "pkg/core.py: mapped to tests/test_core.py",
    );
    // One command edits and commits: the tree is clean after it, the move of HEAD names the file.
    const other = await project();
    await agentBash(other, async () => {
      writeFileSync(join(other, "pkg", "util.py"), "def shout(s):\n    return s.upper() + '!'\n");
      await execa("git", ["commit", "-qam", "the agent's commit"], { cwd: other, env });
    });
    expect(blockOf((await gate(other, stop(other))).stdout)).toContain(
      "pkg/util.py: tests named after it: tests/test_util.py",
    );
  });

  it("the human's edit (no tool call of the agent's) never blocks; the agent's edit of the same file does", async () => {
    const dir = await project();
    await gate(dir, start(dir));
    // Between turns, in an IDE: dirty before the agent's next command, untouched by it.
    writeFileSync(join(dir, "pkg", "core.py"), "def double(x):\n    return x * 2\n");
    await agentBash(dir, () => writeFileSync(join(dir, "docs", "index.md"), "# notes\n"));
    expect(await gate(dir, stop(dir))).toMatchObject({ exitCode: 0, stdout: "", stderr: "" });
    // The agent edits that already-dirty file: now it counts.
    await agentBash(dir, () =>
      writeFileSync(join(dir, "pkg", "core.py"), "def double(x):\n    return x * 2  # agent\n"),
    );
    expect(blockOf((await gate(dir, stop(dir))).stdout)).toContain("pkg/core.py");
  });

  it("a read-only command (ls, cat, git diff) takes no tree around it; a writing one still records", async () => {
    const dir = await project();
    await gate(dir, start(dir));
    const beforeFiles = () =>
      readdirSync(join(dir, STATE_DIR, BASELINE_DIR)).filter((f) => f.endsWith(".before.json"));
    const run = (command: string) => () => execa("bash", ["-c", command], { cwd: dir });
    const readOnly = "ls -la pkg && cat pkg/core.py | grep -c def && git diff --stat";
    let taken: string[] = ["(not looked)"];
    await agentBash(dir, run(readOnly), "PostToolUse", readOnly, () => {
      taken = existsSync(join(dir, STATE_DIR, BASELINE_DIR)) ? beforeFiles() : [];
    });
    expect(taken).toEqual([]);
    expect(await gate(dir, stop(dir))).toMatchObject({ exitCode: 0, stdout: "" });
    // The same programs writing into the tree are not read-only: the change is the agent's.
    const writes = "cat pkg/core.py > pkg/copy.py && sed -i 's/2 [*] x/x + x/' pkg/core.py";
    await agentBash(dir, run(writes), "PostToolUse", writes, () => {
      taken = beforeFiles();
    });
    expect(taken).toHaveLength(1);
    expect(blockOf((await gate(dir, stop(dir))).stdout)).toContain("pkg/core.py");
  });

  it("--subproject: the package's own tests (a test_<name>/ folder); a sibling package's edits never count", async () => {
    const dir = tempDir("rts-gate-mono-");
    const app = join(dir, "packages", "app");
    const files: Record<string, string> = {
      "packages/app/app/__init__.py": "",
      "packages/app/app/utils.py": "def one():\n    return 1\n",
      "packages/app/tests/test_utils/test_one.py":
        "from app.utils import one\n\n\ndef test_one():\n    assert one() == 1\n",
      "packages/lib/lib/__init__.py": "",
      "packages/lib/lib/utils.py": "def two():\n    return 2\n",
      "tests/test_utils.py": "def test_root():\n    pass\n",
      ".gitignore": ".claude/\n__pycache__/\n.pytest_cache/\n",
    };
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(join(dir, rel, ".."), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
    const loaded = loadProfile("generic");
    if (!loaded.ok) throw new Error("generic");
    const profile = v.parse(Profile, {
      ...loaded.profile,
      project: { ...loaded.profile.project, name: "app", package: "app" },
    });
    mkdirSync(join(app, INSTALL_DIR), { recursive: true });
    writeFileSync(join(app, INSTALL_DIR, PROFILE_FILE), compileProfile(profile, "app.yaml"));
    await execa("git", ["init", "-q"], { cwd: dir });
    const sub = (input: Record<string, unknown>) => ({ ...input, cwd: app });
    const subGate = (input: Record<string, unknown>) => gate(app, sub(input));
    await subGate(start(app));
    const bash = async (effect: () => void) => {
      const id = `toolu_sub_${++toolUses}`;
      await subGate(tool(app, "PreToolUse", "Bash", { command: "x" }, id));
      effect();
      await subGate(tool(app, "PostToolUse", "Bash", { command: "x" }, id));
    };
    await bash(() => writeFileSync(join(dir, "packages/lib/lib/utils.py"), "def two():\n    return 3\n"));
    expect(await subGate(stop(app))).toMatchObject({ exitCode: 0, stdout: "", stderr: "" });
    await bash(() => writeFileSync(join(app, "app/utils.py"), "def one():\n    return 2 - 1\n"));
    const reason = blockOf((await subGate(stop(app))).stdout);
    expect(reason).toContain("app/utils.py: tests named after it: tests/test_utils/");
    expect(reason).toContain(buildCommand(profile, ["tests/test_utils/"]));
    expect(reason).not.toContain("lib/utils.py");
    // The package's command, run in the package (the report records its selection repo-relative): covered.
    expect(await pytestThroughReport(app, buildCommand(profile, ["tests/test_utils/"]))).toBe(0);
    expect(readLedger(join(app, STATE_DIR)).at(-1)?.scope).toEqual(["packages/app/tests/test_utils"]);
    expect(await subGate({ ...stop(app), prompt_id: "after-run" })).toMatchObject({
      exitCode: 0,
      stdout: "",
    });
  });

  it("outside git: said once per session (at its start), never at every stop, never silently", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rts-gate-nogit-"));
    try {
      mkdirSync(join(dir, "pkg"), { recursive: true });
      mkdirSync(join(dir, INSTALL_DIR), { recursive: true });
      writeFileSync(join(dir, INSTALL_DIR, PROFILE_FILE), compileProfile(gateProfile(), "gate.yaml"));
      const first = await gate(dir, start(dir));
      expect(first.exitCode).toBe(0);
      const said = JSON.parse(first.stdout) as { systemMessage: string };
      expect(said.systemMessage).toContain(`${dir} is not inside a git repository`);
      expect(said.systemMessage).toContain("`git init` turns it on");
      // Resumed (--continue fires SessionStart again), the tool hooks, the stops: silent.
      expect(await gate(dir, { ...start(dir), source: "resume" })).toMatchObject({ stdout: "", stderr: "" });
      await agentWrite(dir, "pkg/x.py", "X = 1\n");
      expect(await gate(dir, stop(dir))).toMatchObject({ exitCode: 0, stdout: "", stderr: "" });
      // A session whose start the gate missed hears it at its first stop, once.
      const other = { ...stop(dir), session_id: "another-session" };
      expect(JSON.parse((await gate(dir, other)).stdout).systemMessage).toContain("not inside a git");
      expect(await gate(dir, other)).toMatchObject({ stdout: "" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("off: the plugin's generic use (no installed profile), and stop_gate: false", async () => {
    for (const dir of [await project(null), await project(gateProfile({ stop_gate: false }))]) {
      await gate(dir, start(dir));
      await agentBash(dir, () =>
        writeFileSync(join(dir, "pkg", "core.py"), "def double(x):\n    return x + x\n"),
      );
      expect(await gate(dir, stop(dir))).toMatchObject({ exitCode: 0, stdout: "", stderr: "" });
      expect(existsSync(join(dir, STATE_DIR, BASELINE_DIR))).toBe(false);
    }
  });

  it("RUN_TESTS_SKILL_STOP_GATE=off turns it off", async () => {
    const dir = await project();
    await gate(dir, start(dir));
    await agentWrite(dir, "pkg/core.py", "def double(x):\n    return x + x\n");
    expect(await gate(dir, stop(dir), { RUN_TESTS_SKILL_STOP_GATE: "off" })).toMatchObject({
      exitCode: 0,
      stdout: "",
    });
  });

  it.each([
    ["empty stdin", ""],
    ["not JSON", "{nope"],
    ["a wrong event", JSON.stringify({ hook_event_name: "Notification", message: "hi" })],
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
    await agentWrite(dir, "pkg/core.py", "def double(x):\n    return x + x\n");
    const r = await gate(dir, stop(dir), { RUN_TESTS_SKILL_STOP_GATE_FAULT: "1" });
    expect(r).toMatchObject({ exitCode: 0, stdout: "" });
    expect(r.stderr).toMatch(/^run-tests-skill stop-gate: internal error, the stop gate let the turn end: /);
  });

  it("git failing (a damaged repository) fails open too: the command records nothing, the stop lets it end", async () => {
    const dir = await project();
    await gate(dir, start(dir));
    writeFileSync(join(dir, ".git", "HEAD"), "garbage\n");
    const { pre, post } = await agentBash(dir, () =>
      writeFileSync(join(dir, "pkg", "core.py"), "def double(x):\n    return x + x\n"),
    );
    expect(pre).toMatchObject({ exitCode: 0, stdout: "" });
    expect(pre.stderr).toContain("internal error, the stop gate let the turn end");
    expect(post).toMatchObject({ exitCode: 0, stdout: "", stderr: "" });
    expect(await gate(dir, stop(dir))).toMatchObject({ exitCode: 0, stdout: "" });
  });
});
