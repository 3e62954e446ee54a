// Runs that end after their Bash call, and wrapped spellings, in the real Claude Code with the bundle
// installed by `init`: every one ends with a report (class and the failing id) in the model's context, at
// the latest in the request that carries the task notification. Facts behind the design: the dated section
// of hooks/results/README.md. No fixed delays: the gate test blocks on a file the script removes, and the
// TaskStop waits for the gate test's own marker.
import { afterEach, expect, it } from "vitest";
import { expectHookRan, expectHooksHealthy } from "./checks.ts";
import { e2eDescribe } from "./gate.ts";
import { bashResult, contextFor, Scenario, systemTexts } from "./harness.ts";
import { LAST_TASK_ID, type MessagesBody, type ScriptTurn } from "./mock-api/server.ts";

const FAILING_ID = "tests/test_fail.py::test_broken_sum";
const GATE_ID = "tests/test_gate.py::test_gate";

/** A test that announces it started, then waits while `hold` exists (the scenario creates and removes it). */
const GATE_FILES: Record<string, string> = {
  "tests/test_gate.py": [
    "import pathlib",
    "import time",
    "",
    "ROOT = pathlib.Path(__file__).resolve().parent.parent",
    "",
    "",
    "def test_gate():",
    '    (ROOT / "gate-reached").write_text("1")',
    '    while (ROOT / "hold").exists():',
    "        time.sleep(0.05)",
    "",
  ].join("\n"),
  ".gitignore": "__pycache__/\n.pytest_cache/\nhold\ngate-reached\n",
};

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

async function create(): Promise<Scenario> {
  scenario = await Scenario.create({ install: { kind: "init" }, files: GATE_FILES });
  return scenario;
}

function bash(command: string, extra: Record<string, unknown> = {}): ScriptTurn {
  return { tool_use: { name: "Bash", input: { command, description: "e2e step", ...extra } } };
}

/** The request whose messages first include a <task-notification> for `taskId`. */
function notificationRequest(requests: { body: unknown }[], taskId: string): MessagesBody {
  const found = requests
    .map((q) => q.body as MessagesBody)
    .find((b) => JSON.stringify(b.messages ?? []).includes(`<task-id>${taskId}</task-id>`));
  if (!found) throw new Error(`no request carries the notification of task ${taskId}`);
  return found;
}

function taskIdIn(text: string): string {
  const id = /(?:with ID: |\(ID: )(\w+)/.exec(text)?.[1];
  if (!id) throw new Error(`no background task id in: ${text}`);
  return id;
}

/** The interim note of a launch: never a verdict, never a second run, never a capture hint. */
function expectInterim(text: string | undefined): void {
  expect(text).toBeDefined();
  expect(text).not.toMatch(/\bstopped\b|capture|rerun|run it again|start (it|another)/i);
  expect(text).toMatch(/Wait for the task notification/);
}

e2eDescribe("background and wrapped pytest runs (init install)", () => {
  it("a background run: interim note at launch, final report with the notification", async () => {
    const s = await create();
    const command = "python -m pytest tests/test_fail.py -q";
    const run = await s.run(
      "run the failing file in the background",
      [bash(command, { run_in_background: true }), { text: "waiting" }, { text: "done" }],
      { allowedTools: "Bash" },
    );
    expect(run.exitCode).toBe(0);
    const launch = bashResult(run.requests[1]?.body as MessagesBody, command);
    const taskId = taskIdIn(launch.text);
    const interim = contextFor(run.requests[1]?.body as MessagesBody, launch.toolUseId, "PostToolUse");
    expectInterim(interim);
    expect(interim).toContain(`started in the background (task ${taskId})`);

    const notified = notificationRequest(run.requests, taskId);
    const final = systemTexts(notified).join("\n");
    expect(final).toContain(`Final report for background task ${taskId}`);
    expect(final).toContain("ended with exit code 1");
    expect(final).toMatch(/pytest run: real-failure/);
    expect(final).toContain(FAILING_ID);
    expectHookRan(run, "UserPromptSubmit");
    expectHooksHealthy(run);
  });

  it("a background run that ends while the model is busy: the report rides with the mid-turn notification", async () => {
    const s = await create();
    s.writeProjectFile("hold", "");
    const command = "python -m pytest tests/test_fail.py tests/test_gate.py -q";
    const run = await s.run(
      "start the tests and go on working",
      [
        bash(command, { run_in_background: true }),
        // Release the gate, then wait (inside this tool call) until pytest has exited: evidence, no delay.
        // The [t] keeps pgrep from matching this shell's own command line.
        bash('rm -f hold; while pgrep -f "[t]est_gate.py" > /dev/null; do sleep 0.1; done; echo exited'),
        bash("echo next"),
        { text: "done" },
      ],
      { allowedTools: "Bash" },
    );
    expect(run.exitCode).toBe(0);
    const taskId = taskIdIn(bashResult(run.requests[1]?.body as MessagesBody, command).text);
    const notified = notificationRequest(run.requests, taskId);
    // Mid-turn: the notification is attached after a tool result, not sent as a prompt of its own.
    expect((notified.messages ?? []).filter((m) => m.role === "assistant").length).toBeLessThan(4);
    const final = systemTexts(notified).join("\n");
    expect(final).toContain(`Final report for background task ${taskId}`);
    expect(final).toMatch(/pytest run: real-failure/);
    expect(final).toContain(FAILING_ID);
    expectHookRan(run, "UserPromptSubmit");
    expectHooksHealthy(run);
  });

  it("a run moved to the background by its timeout: 'still running', then the final report", async () => {
    const s = await create();
    s.writeProjectFile("hold", "");
    const command = "python -m pytest tests/test_fail.py tests/test_gate.py -q";
    const run = await s.run(
      "run these tests",
      [bash(command, { timeout: 1000 }), bash("rm -f hold"), { text: "waiting" }, { text: "done" }],
      { allowedTools: "Bash" },
    );
    expect(run.exitCode).toBe(0);
    const afterMove = run.requests[1]?.body as MessagesBody;
    const moved = bashResult(afterMove, command);
    expect(moved.text).toMatch(/moved to the background/);
    const taskId = taskIdIn(moved.text);
    const interim = contextFor(afterMove, moved.toolUseId, "PostToolUse");
    expectInterim(interim);
    expect(interim).toContain("still running");
    expect(interim).toMatch(/Its output goes to \S+/);

    const notified = notificationRequest(run.requests, taskId);
    const final = systemTexts(notified).join("\n");
    expect(final).toContain(`Final report for background task ${taskId} (moved to the background`);
    expect(final).toMatch(/pytest run: real-failure/);
    expect(final).toContain(FAILING_ID);
    expectHookRan(run, "UserPromptSubmit");
    expectHooksHealthy(run);
  });

  it("a run stopped with TaskStop: the report names the failing test and the one that was running", async () => {
    const s = await create();
    s.writeProjectFile("hold", "");
    const command = "python -m pytest tests/test_fail.py tests/test_gate.py -q";
    const run = await s.run(
      "start the tests, then stop them",
      [
        bash(command, { run_in_background: true }),
        // Evidence, not a delay: the gate test writes this file once pytest has reached it.
        bash("until [ -e gate-reached ]; do sleep 0.1; done; echo reached"),
        { tool_use: { name: "ToolSearch", input: { query: "select:TaskStop" } } },
        { tool_use: { name: "TaskStop", input: { task_id: LAST_TASK_ID } } },
        { text: "stopped" },
      ],
      { allowedTools: "Bash TaskStop" },
    );
    expect(run.exitCode).toBe(0);
    const last = run.last;
    const stop = last.messages
      ?.flatMap((m) => (typeof m.content === "string" ? [] : m.content))
      .find((b) => b.type === "tool_use" && b.name === "TaskStop");
    expect(stop, "the model called TaskStop").toBeDefined();
    const report = contextFor(last, String(stop?.id), "PostToolUse", "TaskStop");
    expect(report).toBeDefined();
    expect(report).toMatch(
      /Final report for background task \w+ \(started in the background\): stopped with TaskStop/,
    );
    expect(report).toMatch(/pytest run: interrupted/);
    expect(report).toContain(FAILING_ID);
    expect(report).toContain(GATE_ID);
    expect(report).toContain("Source: the run's streaming report");
    expectHookRan(run, "PostToolUse", "TaskStop");
    expectHooksHealthy(run);
  });

  it("wrapped spellings get a report: timeout 60, bash -c, env X=1", async () => {
    const s = await create();
    const commands = [
      "timeout 60 python -m pytest tests/test_fail.py -q",
      "bash -c 'cd tests && python -m pytest test_fail.py -q'",
      "env X=1 python -m pytest tests/test_fail.py -q",
    ];
    const run = await s.run(
      "run the failing file three ways",
      [...commands.map((c) => bash(c)), { text: "ok" }],
      {
        allowedTools: "Bash",
      },
    );
    expect(run.exitCode).toBe(0);
    for (const command of commands) {
      const result = bashResult(run.last, command);
      expect(result.isError, command).toBe(true);
      const report = contextFor(run.last, result.toolUseId, "PostToolUseFailure");
      expect(report, command).toMatch(/pytest run: real-failure/);
      expect(report, command).toMatch(/test_fail\.py::test_broken_sum/);
    }
    expectHookRan(run, "PostToolUseFailure");
    expectHooksHealthy(run);
  });
});
