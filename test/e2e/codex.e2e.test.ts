import { readFileSync } from "node:fs";
// The real Codex CLI (pinned, test/e2e/codex/codex-cli.ts) against the mock Responses API, with the product
// installed by `init --host codex` into a trusted scratch project. Hook trust is bypassed
// (`--dangerously-bypass-hook-trust`): reviewing hooks in the TUI is the user's step, not under test here.
// Assertions are on what the model received (the mock's request log) and on git and the files themselves.
import { dirname, join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { codexChecks } from "../../bin/install/doctor-codex.ts";
import { runInit } from "../../bin/install/init.ts";
import { loadProfileText } from "../../hooks/core/profile/load.ts";
import { buildCommand } from "../../skills/generator/body.ts";
import { ensureCodex } from "./codex/codex-cli.ts";
import { CodexScenario, callResult, requestText } from "./codex/harness.ts";
import { e2eDescribe } from "./gate.ts";
import { SAMPLE_PROFILE, SAMPLE_PROJECT } from "./harness.ts";

const PROFILE = [
  SAMPLE_PROFILE.trimEnd(),
  "mapping:",
  "  - changed: [app.py]",
  "    tests: [tests/test_pass.py]",
  "",
].join("\n");
const FILES = {
  ...SAMPLE_PROJECT,
  "tests/test_bad.py": "def test_bad():\n    assert 1 + 1 == 3\n",
  // A committed script: the guard does not read a script's text, so only the sandbox stands in its way.
  "tamper.sh":
    "echo '//x' >> .claude/run-tests-skill/bin/guard.cjs; echo install=$?\ntouch .git/hooks/x; echo git=$?\necho '{}' > .codex/hooks.json; echo codex=$?\n",
};

function mappedCommand(): string {
  const loaded = loadProfileText(PROFILE, join(process.cwd(), "codex-e2e.yaml"));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return buildCommand(loaded.profile, ["tests/test_pass.py"]);
}

let scenario: CodexScenario | undefined;
afterEach(() => {
  scenario?.cleanup();
  scenario = undefined;
});

async function installed(extra: { sandbox?: boolean } = {}): Promise<CodexScenario> {
  const s = await CodexScenario.create(FILES);
  s.write("run-tests.yaml", PROFILE);
  const result = await runInit({
    dir: s.project,
    cwd: s.project,
    now: new Date(),
    profile: join(s.project, "run-tests.yaml"),
    hosts: ["codex"],
    ...extra,
  });
  expect(result.problems).toEqual([]);
  await s.git("add", "-A");
  await s.git("commit", "-q", "-m", "install");
  return s;
}

e2eDescribe("Codex CLI (init --host codex)", () => {
  it("refuses `git commit -am x` with our reason, and no commit happens", async () => {
    scenario = await installed();
    const s = scenario;
    const head = await s.git("rev-parse", "HEAD");
    s.write("app.py", "VALUE = 3\n");
    const run = await s.run("commit it", [{ shell: "git commit -am x" }, { text: "Done." }]);
    expect(run.exitCode).toBe(0);
    const result = callResult(run.requests[1]?.body ?? {}, "git commit -am x");
    expect(result?.output).toContain("Command blocked by PreToolUse hook: run-tests guard:");
    expect(result?.output).toContain("`git commit` creates a commit");
    expect(await s.git("rev-parse", "HEAD")).toBe(head);
  });

  it("a failing pytest run gets our report (real-failure and the failing id) in the next request", async () => {
    scenario = await installed();
    const command = "python -m pytest tests/test_bad.py -q";
    const run = await scenario.run("run the bad test", [{ shell: command }, { text: "Reported." }]);
    expect(run.exitCode).toBe(0);
    const result = callResult(run.requests[1]?.body ?? {}, command);
    expect(result?.output).toContain("1 failed");
    const report = result?.context.join("\n") ?? "";
    expect(report).toContain("pytest run: real-failure");
    expect(report).toContain("tests/test_bad.py::test_bad");
    expect(report).not.toContain("pytest run: pass");
  });

  it("lists the run-tests skill to the model, and `$run-tests` holds the turn to the skill's allowed-tools", async () => {
    scenario = await installed();
    const run = await scenario.run("$run-tests tests/test_pass.py", [
      { shell: "curl -s http://127.0.0.1:9/" },
      { text: "Done." },
    ]);
    expect(run.exitCode).toBe(0);
    const first = requestText(run.requests[0]?.body ?? {});
    expect(first).toMatch(/- run-tests: .*\(file: r\d+\/run-tests\/SKILL\.md\)/);
    expect(first).toContain("<name>run-tests</name>");
    const result = callResult(run.requests[1]?.body ?? {}, "curl -s http://127.0.0.1:9/");
    expect(result?.output).toContain("Command blocked by PreToolUse hook: run-tests guard:");
  });

  it("an edit to a mapped module then 'Done.': the stop gate asks once for the mapped tests, then the session ends", async () => {
    scenario = await installed();
    const command = mappedCommand();
    const run = await scenario.run("change VALUE to 2", [
      { shell: "printf 'VALUE = 2\\n' > app.py" },
      { text: "Done." },
      { shell: command },
      { text: "Done, the tests pass." },
    ]);
    expect(run.exitCode).toBe(0);
    expect(run.requests.map((r) => r.rule)).toEqual(["turn0", "turn1", "turn2", "turn3"]);
    const afterBlock = requestText(run.requests[2]?.body ?? {});
    expect(afterBlock).toContain("<hook_prompt");
    expect(afterBlock).toContain("app.py: mapped to tests/test_pass.py");
    expect(afterBlock).toContain(command);
    // Asked once: the last request holds the one block, and no request follows it.
    expect(requestText(run.requests[3]?.body ?? {}).split("<hook_prompt").length - 1).toBe(1);
  });

  it("an apply_patch edit of a mapped module is the agent's change: the gate asks for its tests", async () => {
    scenario = await installed();
    const command = mappedCommand();
    const patch =
      "apply_patch <<'EOF'\n*** Begin Patch\n*** Update File: app.py\n@@\n-VALUE = 1\n+VALUE = 2\n*** End Patch\nEOF";
    const run = await scenario.run("change VALUE to 2", [
      { shell: patch },
      { text: "Done." },
      { shell: command },
      { text: "Done, the tests pass." },
    ]);
    expect(run.exitCode).toBe(0);
    expect(readFileSync(join(scenario.project, "app.py"), "utf8")).toBe("VALUE = 2\n");
    const afterBlock = requestText(run.requests[2]?.body ?? {});
    expect(afterBlock).toContain("app.py: mapped to tests/test_pass.py");
    expect(requestText(run.requests[3]?.body ?? {}).split("<hook_prompt").length - 1).toBe(1);
  });

  it("with --sandbox, Codex's sandbox keeps the install and .git read-only while hooks still work", async () => {
    scenario = await installed({ sandbox: true });
    const s = scenario;
    const pytest = "python -m pytest tests/test_bad.py -q";
    const run = await s.run(
      "tamper",
      [
        { shell: "sh tamper.sh" },
        { shell: "git commit --allow-empty -m x" },
        { shell: pytest },
        { text: "Done." },
      ],
      { sandbox: null },
    );
    expect(run.exitCode).toBe(0);
    const last = run.requests.at(-1)?.body ?? {};
    const tampered = callResult(last, "sh tamper.sh")?.output ?? "";
    expect(tampered).toContain("Read-only file system");
    expect(tampered).not.toContain("install=0");
    expect(tampered).not.toContain("git=0");
    expect(tampered).not.toContain("codex=0");
    // The hooks run outside the sandbox: the guard still decides, the report still writes its state.
    expect(callResult(last, "git commit --allow-empty -m x")?.output).toContain(
      "Command blocked by PreToolUse hook: run-tests guard:",
    );
    expect(callResult(last, pytest)?.context.join("\n")).toContain("pytest run: real-failure");
  });

  it("an apply_patch into .git is refused like a Write", async () => {
    scenario = await installed();
    const patch =
      "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: .git/hooks/post-checkout\n+#!/bin/sh\n*** End Patch\nEOF";
    const run = await scenario.run("patch", [{ shell: patch }, { text: "Done." }]);
    const result = callResult(run.requests[1]?.body ?? {}, patch);
    expect(result?.output).toContain("Command blocked by PreToolUse hook: run-tests guard: apply_patch on");
  });

  it("doctor --host codex: every check green after init --sandbox, and Codex's own list says our hooks are untrusted", async () => {
    scenario = await installed({ sandbox: true });
    const s = scenario;
    const env = { PATH: `${dirname(await ensureCodex())}:${s.path}`, HOME: s.home, CODEX_HOME: s.codexHome };
    const checks = await codexChecks(s.project, env);
    const byTitle = (start: string) => checks.find((c) => c.title.startsWith(start));
    for (const c of checks.filter((c) => !c.title.startsWith("Codex trusts")))
      expect(c, c.title).toMatchObject({ ok: true });
    expect(byTitle("Codex enforcement: guaranteed")).toBeDefined();
    const trust = byTitle("Codex trusts our hooks");
    expect(trust?.ok).toBe(false);
    expect(trust?.notChecked).toBeUndefined();
    expect(trust?.detail).toBe("0 of 7 trusted");
    expect(trust?.problem).toContain("preToolUse (untrusted)");
  });

  it("a run that outlives the shell tool's wait is reported once it ends, on the poll that sees it end", async () => {
    scenario = await installed();
    const s = scenario;
    s.write("tests/test_slow.py", "import time\n\n\ndef test_slow():\n    time.sleep(3)\n    assert False\n");
    const command = "python -m pytest tests/test_slow.py -q";
    const run = await s.run("run the slow test", [
      { shell: command, yieldMs: 500 },
      { poll: true },
      { text: "Done." },
    ]);
    expect(run.exitCode).toBe(0);
    // The launch returned while pytest was still running: no report yet.
    const launched = callResult(run.requests[1]?.body ?? {}, command);
    expect(launched?.output).toContain("Process running with session ID");
    expect(launched?.context.join("\n")).not.toContain("pytest run:");
    // The poll saw it end: the report is in the model's next request, with the failing id.
    const last = requestText(run.requests[2]?.body ?? {});
    expect(last).toContain("pytest run: real-failure");
    expect(last).toContain("tests/test_slow.py::test_slow");
  });
});
