// Issue 17, "done when" (a) and (b), in the real Claude Code with the bundle installed by `init`:
//   (a) an edit, the covering run started in the background, the end of the turn while it runs: the stop
//       gate does not ask for a second run (the run is pending coverage); its notification brings the report;
//   (b) a repo with its own skill allowing only `python -m pytest *` and a non-activated `.venv` runner: the
//       gate's command is one the guard allows in the skill turn, and the run gets a report.
// No fixed delays: the background test waits for a file a second Stop hook (the scenario's own
// .claude/settings.local.json) creates, so the gate has certainly answered while pytest was still running.
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterEach, expect, it } from "vitest";
import { PATHS } from "../../bin/install/layout.ts";
import { readCompiledProfile } from "../../hooks/core/profile/compiled.ts";
import { buildCommand } from "../../skills/generator/body.ts";
import { expectHookRan, expectHooksHealthy, HOOK_DENY } from "./checks.ts";
import { e2eDescribe } from "./gate.ts";
import {
  allText,
  bashResult,
  contextFor,
  type RunResult,
  SAMPLE_PROFILE,
  Scenario,
  systemTexts,
} from "./harness.ts";
import type { MessagesBody, ScriptTurn } from "./mock-api/server.ts";

const FEEDBACK = "Stop hook feedback:";

const mappedProfile = (extra = "") =>
  [
    SAMPLE_PROFILE.trimEnd(),
    extra,
    "mapping:",
    "  - changed: [lib.py]",
    "    tests: [tests/test_pass.py, tests/test_gate.py]",
    "",
  ]
    .filter((l) => l !== "")
    .join("\n")
    .concat("\n");

/** Waits (bounded) until the scenario's own Stop hook has fired: the stop happened while this ran. */
const GATE_TEST = [
  "import pathlib",
  "import time",
  "",
  "ROOT = pathlib.Path(__file__).resolve().parent.parent",
  "",
  "",
  "def test_gate():",
  "    deadline = time.monotonic() + 120",
  '    while not (ROOT / "stop-seen").exists() and time.monotonic() < deadline:',
  "        time.sleep(0.05)",
  '    assert (ROOT / "stop-seen").exists()',
  "",
].join("\n");

const STOP_MARKER_SETTINGS = JSON.stringify({
  hooks: {
    Stop: [{ hooks: [{ type: "command", command: 'touch "$CLAUDE_PROJECT_DIR/stop-seen"' }] }],
  },
});

function bash(command: string, extra: Record<string, unknown> = {}): ScriptTurn {
  return { tool_use: { name: "Bash", input: { command, description: "e2e step", ...extra } } };
}

function stopOutputs(run: RunResult): string[] {
  return run.events
    .filter((e) => e.type === "system" && e.subtype === "hook_response" && e.hook_event === "Stop")
    .map((e) => String(e.stdout ?? ""));
}

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

e2eDescribe("the gate agrees with the skill and with background runs (issue 17)", () => {
  it("(a) the covering run in the background, then the end of the turn: no request for a second run", async () => {
    const s = await Scenario.create({
      install: { kind: "init", profile: mappedProfile() },
      files: {
        "tests/test_gate.py": GATE_TEST,
        ".gitignore": "__pycache__/\n.pytest_cache/\nstop-seen\n",
      },
    });
    scenario = s;
    s.writeProjectFile(".claude/settings.local.json", STOP_MARKER_SETTINGS);
    const command = "python -m pytest tests/test_pass.py tests/test_gate.py -q";
    const run = await s.run(
      "change lib.py, then run its tests",
      [
        bash("printf 'VALUE = 2\\n' > lib.py"),
        bash(command, { run_in_background: true }),
        { text: "The tests run in the background; I will wait for them." },
        { text: "done, tests pass" },
      ],
      { allowedTools: "Bash" },
    );
    expect(run.exitCode).toBe(0);
    // No request ever carried the gate's feedback: the end of the turn was not blocked.
    for (const r of run.requests) expect(allText(r.body as MessagesBody)).not.toContain(FEEDBACK);
    const stops = stopOutputs(run);
    expect(stops.length).toBeGreaterThanOrEqual(2);
    for (const out of stops) expect(out).not.toContain('"decision":"block"');
    // The run ended after the stop (the marker exists, the test waited for it and passed) and its report
    // arrived with the notification.
    const final = run.requests.map((r) => systemTexts(r.body as MessagesBody).join("\n")).join("\n");
    expect(final).toMatch(/Final report for background task \w+/);
    expect(final).toMatch(/pytest run: pass/);
    expectHookRan(run, "Stop");
    expectHookRan(run, "UserPromptSubmit");
    expectHooksHealthy(run);
  });

  it("(b) own skill allowing only `python -m pytest *`, runner in a non-activated .venv: the gate's command passes the guard and gets a report", async () => {
    const ownSkill = [
      "---",
      "name: run-tests",
      'description: "Run the sample tests (hand-written skill)."',
      'allowed-tools: "Bash(python -m pytest *), Read, Write"',
      "---",
      "",
      "Run `python -m pytest tests -q`.",
      "",
    ].join("\n");
    const s = await Scenario.create({
      install: { kind: "init", profile: mappedProfile("runner:\n  python: .venv/bin/python") },
      files: {
        ".claude/skills/run-tests/SKILL.md": ownSkill,
        "tests/test_gate.py": "def test_gate():\n    pass\n",
      },
    });
    scenario = s;
    // The non-activated venv: its python is the machine's (which has pytest), reached only by its path.
    const python3 = (await execa("python3", ["-c", "import sys; print(sys.executable)"])).stdout.trim();
    mkdirSync(join(s.project, ".venv", "bin"), { recursive: true });
    symlinkSync(python3, join(s.project, ".venv", "bin", "python"));
    const compiled = readCompiledProfile(join(s.project, PATHS.compiledProfile));
    if (!compiled.ok) throw new Error(compiled.problem);
    const built = buildCommand(compiled.profile, ["tests/test_pass.py", "tests/test_gate.py"]);
    expect(built.startsWith(".venv/bin/python -m pytest")).toBe(true);
    const expected = built.replace(/^\.venv\/bin\/python -m pytest/, "python -m pytest");
    const run = await s.run(
      "/run-tests tests",
      [
        {
          tool_use: {
            name: "Write",
            input: { file_path: join(s.project, "lib.py"), content: "VALUE = 2\n" },
          },
        },
        { text: "done" },
        bash(expected),
        { text: "done, tests ran" },
      ],
      { allowedTools: "Bash,Write" },
    );
    expect(run.exitCode).toBe(0);
    const blocked = run.requests.find((r) => allText(r.body as MessagesBody).includes(FEEDBACK));
    expect(blocked, "the gate asked for the covering run").toBeDefined();
    const reason = allText(blocked?.body as MessagesBody);
    expect(reason).toContain(expected);
    expect(reason).not.toContain(built);
    const result = bashResult(run.last, expected);
    expect(result.text).not.toContain(HOOK_DENY);
    expect(result.isError, result.text).toBe(false);
    const report = contextFor(run.last, result.toolUseId, "PostToolUse");
    expect(report, "the report hook answered for the gate's command").toMatch(/pytest run: pass/);
    expectHookRan(run, "UserPromptExpansion");
    expectHooksHealthy(run);
  });
});
