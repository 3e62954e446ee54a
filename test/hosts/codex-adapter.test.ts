// The Codex host adapter (hooks/hosts/codex.ts) on the input shapes observed with Codex 0.169.0
// (../shared/reference/codex-hooks.md), and the report bundle fed real pytest output the way Codex hands it
// over: one string, no exit code.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { PACKAGE_BIN_DIR } from "../../bin/install/layout.ts";
import { adaptCodexInput, isApplyPatch, patchTargets, projectOfBundle } from "../../hooks/hosts/codex.ts";
import { hostFromArgv } from "../../hooks/hosts/host.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

describe("adaptCodexInput", () => {
  it("makes the string tool_response the output, with the exit code unknown", () => {
    const out = adaptCodexInput({
      hook_event_name: "PostToolUse",
      tool_name: "Bash",
      tool_input: { command: "python -m pytest -q" },
      tool_response: "1 failed in 0.1s",
      transcript_path: null,
      turn_id: "t-1",
    });
    expect(out.tool_response).toEqual({ stdout: "1 failed in 0.1s", stderr: "", exitCodeUnknown: true });
    expect("transcript_path" in out).toBe(false);
    expect(out.prompt_id).toBe("t-1");
  });

  it("turns a `$skill` prompt into the UserPromptExpansion the skill-turn hook reads", () => {
    const out = adaptCodexInput({
      hook_event_name: "UserPromptSubmit",
      prompt: "$run-tests tests/test_x.py -k fast",
      turn_id: "t-2",
    });
    expect(out).toMatchObject({
      hook_event_name: "UserPromptExpansion",
      command_name: "run-tests",
      command_args: "tests/test_x.py -k fast",
      prompt_id: "t-2",
    });
    const plain = adaptCodexInput({
      hook_event_name: "UserPromptSubmit",
      prompt: "costs $5 to run",
      turn_id: "t",
    });
    expect(plain.hook_event_name).toBe("UserPromptSubmit");
  });

  it("leaves a Claude Code input alone under the default host", () => {
    const input = { hook_event_name: "PostToolUse", tool_response: "x" };
    expect(hostFromArgv(["node", "report.cjs"]).adaptInput(input)).toBe(input);
    expect(hostFromArgv(["node", "report.cjs", "--host", "codex"]).id).toBe("codex");
  });
});

describe("apply_patch", () => {
  const patch =
    "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: a.txt\n+x\n*** Update File: src/m.py\n*** Move to: .git/hooks/pre-commit\n@@\n-a\n+b\n*** Delete File: old.py\n*** End Patch\nEOF";
  it("names every file a patch writes, deletes or moves to", () => {
    expect(isApplyPatch(patch)).toBe(true);
    expect(isApplyPatch("echo apply_patch")).toBe(false);
    expect(patchTargets(patch)).toEqual(["a.txt", "src/m.py", ".git/hooks/pre-commit", "old.py"]);
  });
  it("finds the project from the installed bundle's folder", () => {
    expect(projectOfBundle("/p/q/.claude/run-tests-skill/bin")).toBe("/p/q");
    expect(projectOfBundle("/plugin/hooks/bin")).toBeNull();
  });
});

describe("the report bundle under --host codex, on real pytest output", () => {
  const dir = mkdtempSync(join(tmpdir(), "rts-codex-report-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, "tests"));
  writeFileSync(join(dir, "tests", "test_bad.py"), "def test_bad():\n    assert 1 == 2\n");
  writeFileSync(join(dir, "tests", "test_ok.py"), "def test_ok():\n    assert True\n");

  async function report(command: string, output: string): Promise<string> {
    const stdin = JSON.stringify({
      session_id: "s",
      turn_id: "t",
      transcript_path: null,
      cwd: dir,
      hook_event_name: "PostToolUse",
      model: "mock-model",
      permission_mode: "default",
      tool_name: "Bash",
      tool_input: { command },
      tool_use_id: `call_${Math.random()}`,
      tool_response: output,
    });
    const r = await execa("node", [join(PACKAGE_BIN_DIR, "report.cjs"), "--host", "codex"], {
      cwd: dir,
      input: stdin,
      env: { PATH: process.env.PATH, HOME: dir },
      extendEnv: false,
    });
    return r.stdout;
  }

  it("a run with one failing test is real-failure with its id, never pass", async () => {
    const command = "python3 -m pytest tests/test_bad.py -q -p no:cacheprovider";
    const run = await execa("sh", ["-c", `${command} 2>&1`], { cwd: dir, reject: false });
    expect(run.exitCode).toBe(1);
    const answer = await report(command, run.stdout);
    expect(answer).toContain("pytest run: real-failure");
    expect(answer).toContain("tests/test_bad.py::test_bad");
  });

  it("a passing run is pass; output without pytest's summary is never pass", async () => {
    const command = "python3 -m pytest tests/test_ok.py -q -p no:cacheprovider";
    const run = await execa("sh", ["-c", `${command} 2>&1`], { cwd: dir, reject: false });
    expect(await report(command, run.stdout)).toContain("pytest run: pass - 1 passed");
    for (const cut of ["", "tests/test_bad.py F"]) {
      const answer = await report("python3 -m pytest tests/test_bad.py -q", cut);
      expect(answer).toContain("pytest run: interrupted");
      expect(answer).not.toContain("pytest run: pass");
    }
  });

  it("keeps the Claude Code reading without --host (its tool_response is an object)", async () => {
    const r = await execa("node", [join(ROOT, "plugin/hooks/bin/report.cjs")], {
      cwd: dir,
      input: JSON.stringify({
        hook_event_name: "PostToolUse",
        tool_name: "Bash",
        cwd: dir,
        transcript_path: null,
        tool_input: { command: "pytest" },
        tool_response: "x",
      }),
      env: { PATH: process.env.PATH, HOME: dir },
      extendEnv: false,
    });
    expect(r.stderr).toContain("unexpected hook input at transcript_path");
  });
});

describe("the guard bundle under --host codex, on apply_patch", () => {
  const project = mkdtempSync(join(tmpdir(), "rts-codex-guard-"));
  afterAll(() => rmSync(project, { recursive: true, force: true }));
  mkdirSync(join(project, ".git"));

  async function guard(command: string): Promise<string> {
    const r = await execa("node", [join(PACKAGE_BIN_DIR, "guard.cjs"), "--host", "codex"], {
      cwd: project,
      input: JSON.stringify({
        session_id: "s",
        turn_id: "t",
        cwd: project,
        hook_event_name: "PreToolUse",
        tool_name: "Bash",
        tool_input: { command },
        tool_use_id: "c",
      }),
      env: { PATH: process.env.PATH, HOME: project },
      extendEnv: false,
    });
    return r.stdout;
  }
  const patch = (body: string) => `apply_patch <<'EOF'\n*** Begin Patch\n${body}\n*** End Patch\nEOF`;

  it("lets a patch to the work tree through, even when its text mentions git", async () => {
    expect(await guard(patch("*** Add File: notes.txt\n+git commit -am x"))).toBe("");
  });
  it("refuses a patch into .git or the install, and a command line that holds more than the patch", async () => {
    expect(await guard(patch("*** Add File: .git/hooks/pre-commit\n+exit 0"))).toContain("apply_patch on");
    expect(await guard(patch("*** Update File: .claude/run-tests-skill/profile.json\n@@\n-a\n+b"))).toContain(
      "run-tests-skill's install",
    );
    expect(await guard(`${patch("*** Add File: a.txt\n+x")}\ngit commit -am x`)).toContain(
      "`git commit` creates a commit",
    );
  });
});
