// Background runs (hooks/results/background.ts): which hook input means which run ended, and the text of the
// interim and final notes. Inputs are shaped like those recorded with Claude Code 2.1.332 (see the dated
// section of hooks/results/README.md). Also: the report's cheap filter and its `if` rules never miss a line
// that the guard's walk counts as a pytest run.
import { describe, expect, it } from "vitest";
import { PYTEST_WORDS, reportIfRules } from "../../bin/build/registration.ts";
import { BUILTIN_PROFILES, loadProfile } from "../../hooks/core/profile/load.ts";
import {
  backgroundLaunch,
  endExitCode,
  finalHeader,
  interimText,
  type PendingRun,
  parseTaskNotifications,
  runEndsOf,
} from "../../hooks/results/background.ts";
import { analyzeCommand, primaryRun } from "../../hooks/results/command.ts";
import { mayRunPytest } from "../../hooks/results/prefilter.ts";
import { bodySections, FULL_RUN_GUIDANCE } from "../../skills/generator/body.ts";

const NOTIFICATION = [
  "<task-notification>",
  "<task-id>bes70qygd</task-id>",
  "<tool-use-id>toolu_01</tool-use-id>",
  "<output-file>/tmp/t/claude-0/-proj/sess/tasks/bes70qygd.output</output-file>",
  "<status>failed</status>",
  '<summary>Background command "run the suite" failed with exit code 1</summary>',
  "</task-notification>",
].join("\n");

const RUN: PendingRun = {
  taskId: "bes70qygd",
  toolUseId: "toolu_01",
  command: "python -m pytest -q",
  cwd: "/proj",
  sessionId: "sess",
  startedAtMs: 0,
  moved: false,
};

describe("parseTaskNotifications", () => {
  it("reads task id, tool use id, output file, status and exit code", () => {
    expect(parseTaskNotifications(NOTIFICATION)).toEqual([
      {
        taskId: "bes70qygd",
        toolUseId: "toolu_01",
        outputFile: "/tmp/t/claude-0/-proj/sess/tasks/bes70qygd.output",
        status: "failed",
        exitCode: 1,
        summary: 'Background command "run the suite" failed with exit code 1',
      },
    ]);
  });

  it("completed means exit 0; an unstated code stays unknown; several blocks are all read", () => {
    const done = NOTIFICATION.replace("failed", "completed").replace(
      /<summary>.*<\/summary>/,
      '<summary>Background command "x" completed</summary>',
    );
    const killed = NOTIFICATION.replace("bes70qygd", "other1")
      .replace("failed", "killed")
      .replace(/<summary>.*<\/summary>/, "<summary>stopped</summary>");
    const both = parseTaskNotifications(`${done}\n${killed}`);
    expect(both.map((n) => [n.taskId, n.status, n.exitCode])).toEqual([
      ["bes70qygd", "completed", 0],
      ["other1", "killed", null],
    ]);
  });

  it("no block, or a block without a task id: nothing", () => {
    expect(parseTaskNotifications("run the tests")).toEqual([]);
    expect(parseTaskNotifications("<task-notification><status>failed</status></task-notification>")).toEqual(
      [],
    );
  });
});

describe("runEndsOf: which hook input means which run ended", () => {
  const cases: Array<[string, unknown, Array<{ kind: string; taskId: string }>]> = [
    [
      "a notification prompt",
      { hook_event_name: "UserPromptSubmit", prompt: NOTIFICATION },
      [{ kind: "notified", taskId: "bes70qygd" }],
    ],
    ["a user's prompt", { hook_event_name: "UserPromptSubmit", prompt: "run the tests" }, []],
    [
      "TaskStop (tool_response.task_id)",
      {
        hook_event_name: "PostToolUse",
        tool_name: "TaskStop",
        tool_input: { task_id: "b1" },
        tool_response: { message: "Successfully stopped task: b1", task_id: "b1" },
        tool_use_id: "toolu_9",
      },
      [{ kind: "stopped", taskId: "b1" }],
    ],
    [
      "TaskStop with only the input's id",
      {
        hook_event_name: "PostToolUse",
        tool_name: "TaskStop",
        tool_input: { task_id: "b2" },
        tool_response: "ok",
      },
      [{ kind: "stopped", taskId: "b2" }],
    ],
    [
      "a Bash launch (nothing ended yet)",
      {
        hook_event_name: "PostToolUse",
        tool_name: "Bash",
        tool_input: { command: "pytest" },
        tool_response: { backgroundTaskId: "b3" },
      },
      [],
    ],
    [
      "Stop with background_tasks (not an end)",
      { hook_event_name: "Stop", background_tasks: [{ id: "b4", status: "running" }] },
      [],
    ],
    ["not an object", "x", []],
  ];
  it.each(cases)("%s", (_name, input, expected) => {
    expect(runEndsOf(input).map((e) => ({ kind: e.kind, taskId: e.taskId }))).toEqual(expected);
  });
});

describe("backgroundLaunch", () => {
  it("started in the background on purpose, or moved at the timeout; a normal result is no launch", () => {
    const response = (extra: Record<string, unknown>) => ({
      hook_event_name: "PostToolUse",
      tool_response: { stdout: "", stderr: "", interrupted: false, ...extra },
    });
    expect(backgroundLaunch(response({ backgroundTaskId: "b1" }))).toEqual({
      taskId: "b1",
      moved: false,
      timedOutAfterMs: null,
    });
    expect(backgroundLaunch(response({ backgroundTaskId: "b2", timedOutAfterMs: 1000 }))).toEqual({
      taskId: "b2",
      moved: true,
      timedOutAfterMs: 1000,
    });
    expect(backgroundLaunch(response({}))).toBeNull();
    expect(backgroundLaunch({ hook_event_name: "PostToolUseFailure" })).toBeNull();
  });
});

describe("interimText", () => {
  const moved = interimText({
    taskId: "b2",
    moved: true,
    timedOutAfterMs: 120000,
    outputFile: "/tmp/x/tasks/b2.output",
    reportDir: "/p/reports/s",
  });

  it("a moved run is still running: where its output goes, and to wait", () => {
    expect(moved).toBe(
      [
        "pytest run: still running - Claude Code moved it to the background after its 120s Bash timeout (task b2); pytest keeps running and has no result yet.",
        "Its output goes to /tmp/x/tasks/b2.output; the streaming report to /p/reports/s.",
        "Wait for the task notification: the final run-tests-skill report arrives with it. This run already covers these tests; it is the one to wait for.",
      ].join("\n"),
    );
  });

  it("never says stopped, never hints at the capture pipe, never suggests another run", () => {
    for (const text of [
      moved,
      interimText({ taskId: "b1", moved: false, timedOutAfterMs: null, outputFile: null, reportDir: null }),
    ]) {
      expect(text).not.toMatch(
        /\bstopped\b|interrupted|capture|rerun|run (it )?again|second run|start another/i,
      );
      expect(text).toMatch(/Wait for the task notification/);
    }
  });

  it("without a known output file it points at the tool result", () => {
    expect(
      interimText({ taskId: "b1", moved: false, timedOutAfterMs: null, outputFile: null, reportDir: null }),
    ).toContain("Its output goes to the task's output file (tasks/b1.output, named in the tool result).");
  });
});

describe("finalHeader and endExitCode", () => {
  const [notified] = runEndsOf({ hook_event_name: "UserPromptSubmit", prompt: NOTIFICATION });
  const [stopped] = runEndsOf({
    hook_event_name: "PostToolUse",
    tool_name: "TaskStop",
    tool_response: { task_id: "bes70qygd" },
  });

  it("names the task, how it got to the background, and how it ended", () => {
    if (!notified || !stopped) throw new Error("ends");
    expect(finalHeader(RUN, notified)).toBe(
      "Final report for background task bes70qygd (started in the background): ended with exit code 1.",
    );
    expect(finalHeader({ ...RUN, moved: true }, stopped)).toBe(
      "Final report for background task bes70qygd (moved to the background at its Bash timeout): stopped with TaskStop before pytest finished; the results below are what it wrote until then.",
    );
    expect(endExitCode(notified)).toBe(1);
    expect(endExitCode(stopped)).toBe(143);
  });
});

describe("one definition of pytest: the filter and the if rules never miss a run the walk finds", () => {
  const spellings = ["python -m pytest"];
  const lines = [
    "timeout 60 python -m pytest tests -q",
    "bash -c 'cd sub && python -m pytest -x'",
    'sh -c "python3 -m pytest"',
    "env X=1 pytest -q",
    "X=1 pytest -q",
    ".venv/bin/pytest -q",
    "./venv/bin/python -m pytest",
    "/home/me/proj/.venv/bin/python -m pytest tests",
    "py313/bin/python -m pytest",
    "python -X dev -m pytest",
    "uv run pytest -q",
    "nice -n 5 python3 -m pytest",
    "py.test -q",
    "python -m py.test",
    "cd tests && pytest -q | tail -5",
  ];
  it.each(lines)("%s", (line) => {
    expect(primaryRun(analyzeCommand(line, spellings)), "the walk finds a run").not.toBeNull();
    expect(mayRunPytest(line)).toBe(true);
    expect(PYTEST_WORDS.some((w) => line.includes(w))).toBe(true);
  });

  it("a project spelling without the word pytest gets its own rule, and the filter knows it", () => {
    expect(primaryRun(analyzeCommand("./run-tests.sh -q", ["./run-tests.sh"]))).not.toBeNull();
    expect(mayRunPytest("./run-tests.sh -q")).toBe(false);
    expect(mayRunPytest("./run-tests.sh -q", ["./run-tests.sh"])).toBe(true);
    expect(reportIfRules(["./run-tests.sh"]).map((r) => r.rule)).toContain("Bash(./run-tests.sh *)");
  });

  it("lines that do not mention pytest pass neither", () => {
    for (const line of ["ls -la", "git status", "npm test", "python app.py"]) {
      expect(mayRunPytest(line, spellings)).toBe(false);
      expect(primaryRun(analyzeCommand(line, spellings))).toBeNull();
    }
  });
});

describe("the generated skill and the report agree on how full runs are done", () => {
  it.each(BUILTIN_PROFILES)(
    "%s: background full runs, the report with the notification, no second run",
    (name) => {
      const loaded = loadProfile(name);
      if (!loaded.ok) throw new Error(name);
      const text = bodySections(loaded.profile)
        .sections.flatMap((section) => section.lines)
        .join("\n");
      expect(text).toContain(FULL_RUN_GUIDANCE);
      const background = loaded.profile.quick_checks.filter((c) => c.background);
      expect(background.length).toBeGreaterThan(0);
      for (const check of background)
        expect(text).toContain(
          `${(check.why ?? "").slice(1)}; run it in the background (\`run_in_background: true\`) and wait for its notification, which brings the run's report.`,
        );
      // The words the skill teaches are the words the report's notes use.
      const interim = interimText({
        taskId: "b",
        moved: true,
        timedOutAfterMs: 1000,
        outputFile: null,
        reportDir: null,
      });
      expect(interim).toContain("task notification");
      expect(FULL_RUN_GUIDANCE).toContain("task notification");
      expect(FULL_RUN_GUIDANCE).toMatch(/do not start a second run/);
      expect(FULL_RUN_GUIDANCE).toMatch(/keeps running/);
      expect(interim).toMatch(/keeps running/);
    },
  );
});
