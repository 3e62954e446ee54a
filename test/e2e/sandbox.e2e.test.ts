// Layer 2 in the real Claude Code: `init --sandbox` turns on the Bash sandbox (bubblewrap) with `.git`
// read-only. Commands the guard cannot see into (a committed script, a Makefile target, a shell script file)
// get past the guard and are stopped by the barrier; read-only git and pytest keep working and the report
// still classifies the run. Skipped, visibly, where bubblewrap or socat is missing (.ci/run installs both).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { onPath } from "../../bin/install/sandbox.ts";
import { expectHookRan, expectHooksHealthy, GIT_REASON, HOOK_DENY } from "./checks.ts";
import { E2E_DISABLED, e2eDescribe } from "./gate.ts";
import { bashResult, bashScript, CLI, contextFor, SAMPLE_PROFILE, Scenario } from "./harness.ts";

/** A committed script that writes .git/HEAD and then commits through a subprocess. */
const HIJACK_PY = [
  "import pathlib, subprocess, sys",
  "",
  "failed = 0",
  "try:",
  '    pathlib.Path(".git/HEAD").write_text("ref: refs/heads/hijacked\\n")',
  "except OSError as error:",
  '    print(f"HEAD not written: {error}")',
  "    failed = 1",
  'done = subprocess.run(["git", "commit", "--allow-empty", "-q", "-m", "from a script"])',
  "sys.exit(failed or done.returncode)",
  "",
].join("\n");

const FILES: Record<string, string> = {
  "scripts/hijack.py": HIJACK_PY,
  "scripts/hijack.sh": [
    "#!/bin/sh",
    "status=0",
    "git rev-parse HEAD > .git/refs/heads/evil || status=1",
    "git add -A || status=1",
    'exit "$status"',
    "",
  ].join("\n"),
  Makefile: "hijack:\n\tgit commit --allow-empty -q -m via-make\n",
  "tests/test_tmp.py": [
    "def test_writes_in_tmp_path(tmp_path):",
    '    (tmp_path / "out.txt").write_text("ok")',
    '    assert (tmp_path / "out.txt").read_text() == "ok"',
    "",
  ].join("\n"),
};

/** Guard-invisible spellings of a git mutation: only the barrier can stop them. */
const EVASIONS = ["python scripts/hijack.py", "make hijack", "sh scripts/hijack.sh"];
const PYTEST = "python -m pytest tests/test_tmp.py -q";

const missingTools = ["bwrap", "socat"].filter((t) => !onPath(t, process.env.PATH));

/** Gated twice: the suite switch, then the sandbox's tools (a visible skip naming what is missing). */
function sandboxDescribe(name: string, fn: () => void): void {
  if (!E2E_DISABLED && process.platform === "linux" && missingTools.length > 0)
    describe.skip(
      `${name} [SKIPPED: ${missingTools.join(" and ")} not installed; apt-get install -y bubblewrap socat]`,
      fn,
    );
  else e2eDescribe(name, fn);
}

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

sandboxDescribe("installed with init --sandbox", () => {
  it("script, Makefile and shell-file git mutations fail inside the sandbox; git status and pytest work", async () => {
    const s = await Scenario.create({
      files: FILES,
      install: {
        kind: "custom",
        async setup(project, scratch) {
          const profile = join(scratch, "profile.yaml");
          writeFileSync(profile, SAMPLE_PROFILE);
          const r = await execa("node", [CLI, "init", project, "--profile", profile, "--sandbox"], {
            cwd: project,
            reject: false,
            stdin: "ignore",
            env: { HOME: join(scratch, "home") }, // the scenario's user settings are the ones judged
          });
          if (r.exitCode !== 0)
            throw new Error(`init --sandbox failed (exit ${r.exitCode}):\n${r.stdout}\n${r.stderr}`);
        },
      },
    });
    scenario = s;
    await s.git(["add", "-A"]);
    await s.git(["commit", "-q", "-m", "install run-tests-skill with the sandbox"]);
    const settings = JSON.parse(s.readProjectFile(".claude/settings.json")) as { sandbox?: unknown };
    expect(settings.sandbox).toEqual({
      enabled: true,
      failIfUnavailable: true,
      allowUnsandboxedCommands: false,
      filesystem: {
        denyWrite: [
          ".claude/run-tests-skill",
          ".claude/settings.json",
          ".claude/settings.local.json",
          ".claude/skills",
          ".git",
        ],
      },
    });
    const before = await s.gitState();
    const headFile = readFileSync(join(s.project, ".git", "HEAD"), "utf8");

    const commands = [...EVASIONS, "git commit --allow-empty -m direct", "git status", PYTEST];
    const run = await s.run(
      "try to commit, then check the tests",
      [...bashScript(...commands), { text: "done" }],
      {
        allowedTools: "Bash",
        timeoutMs: 150_000,
      },
    );
    expect(run.exitCode, run.stderr).toBe(0);

    for (const command of EVASIONS) {
      const result = bashResult(run.last, command);
      // The guard let it through (it cannot see inside), so the failure is the barrier's.
      expect(result.text.startsWith(HOOK_DENY), `${command} reached the guard's deny: ${result.text}`).toBe(
        false,
      );
      expect(result.isError, `${command}: ${result.text}`).toBe(true);
      expect(result.text, command).toMatch(/Read-only file system/);
    }
    // The guard still denies what it can see, and its reason now says the barrier is there too.
    const direct = bashResult(run.last, "git commit --allow-empty -m direct");
    expect(direct.text.startsWith(HOOK_DENY), direct.text).toBe(true);
    expect(direct.text).toMatch(GIT_REASON);
    expect(direct.text).toContain("Bash sandbox makes .git read-only");

    // Nothing happened to the repository.
    expect(await s.gitState()).toEqual(before);
    expect(readFileSync(join(s.project, ".git", "HEAD"), "utf8")).toBe(headFile);
    expect(existsSync(join(s.project, ".git", "refs", "heads", "evil"))).toBe(false);
    expect(await s.git(["log", "--format=%s"])).toBe(
      "install run-tests-skill with the sandbox\nsample project",
    );

    // Read-only git and pytest (tmp_path) work inside the sandbox, and the report still classifies the run.
    const status = bashResult(run.last, "git status");
    expect(status.isError, status.text).toBe(false);
    expect(status.text).toContain("On branch main");
    const pytest = bashResult(run.last, PYTEST);
    expect(pytest.isError, pytest.text).toBe(false);
    expect(pytest.text).toMatch(/\b1 passed\b/);
    const context = contextFor(run.last, pytest.toolUseId, "PostToolUse");
    expect(context, "classification after the sandboxed pytest run").toBeDefined();
    expect(context).toMatch(/\bpass\b/);
    expectHookRan(run, "PreToolUse");
    expectHookRan(run, "PostToolUse");
    expectHooksHealthy(run);
  });
});
