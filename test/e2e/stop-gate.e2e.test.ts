// The stop gate in the real Claude Code (field-trials §3): installed with `run-tests-skill init` and a
// profile that maps app.py to tests/test_pass.py. A Stop hook's {"decision":"block"} makes the CLI send one
// more request holding "Stop hook feedback:\n<reason>"; the retry's stop carries stop_hook_active.
// Assertions are on the requests the model received (the mock's log) and on the stream's hook events.
// The gate follows the agent's changes only: an edit the test makes between prompts (the human's, in an
// IDE) passes through no tool hook and never asks for a run.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { loadProfileText } from "../../hooks/core/profile/load.ts";
import { buildCommand } from "../../skills/generator/body.ts";
import { expectHookRan, expectHooksHealthy } from "./checks.ts";
import { e2eDescribe } from "./gate.ts";
import { allText, bashResult, bashScript, type RunResult, SAMPLE_PROFILE, Scenario } from "./harness.ts";
import type { MessagesBody } from "./mock-api/server.ts";

const PROFILE = [
  SAMPLE_PROFILE.trimEnd(),
  "mapping:",
  "  - changed: [app.py]",
  "    tests: [tests/test_pass.py]",
  "",
].join("\n");

function mappedCommand(): string {
  const loaded = loadProfileText(PROFILE, join(process.cwd(), "stop-gate-e2e.yaml"));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return buildCommand(loaded.profile, ["tests/test_pass.py"]);
}

const FEEDBACK = "Stop hook feedback:";
const EDIT = "printf 'VALUE = 2\\n' > app.py";

/** How many times the stop gate's feedback appears in a request (each block adds one). */
function feedbackCount(body: MessagesBody): number {
  return allText(body).split(FEEDBACK).length - 1;
}

function stopResponses(run: RunResult) {
  return run.events.filter(
    (e) => e.type === "system" && e.subtype === "hook_response" && e.hook_event === "Stop",
  );
}

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

e2eDescribe("stop gate (installed with init)", () => {
  it("a mapped change then 'done': blocked once with the mapped command; after running it the session ends", async () => {
    scenario = await Scenario.create({ install: { kind: "init", profile: PROFILE } });
    const s = scenario;
    const command = mappedCommand();
    const run = await s.run(
      "change VALUE to 2",
      [...bashScript(EDIT), { text: "done" }, ...bashScript(command), { text: "done, tests pass" }],
      { allowedTools: "Bash" },
    );
    expect(run.exitCode).toBe(0);
    // Four requests: edit, "done" (blocked), the run, "done" (let through). None after.
    expect(run.requests.map((r) => r.rule)).toEqual(["main:turn0", "main:turn1", "main:turn2", "main:turn3"]);
    const afterBlock = run.requests[2]?.body as MessagesBody;
    expect(feedbackCount(afterBlock)).toBe(1);
    const text = allText(afterBlock);
    const reason = text.slice(text.indexOf(FEEDBACK));
    expect(reason).toContain("run-tests-skill stop gate");
    expect(reason).toContain("app.py: mapped to tests/test_pass.py");
    expect(reason).toContain(command);
    // The model ran it (the report hook recorded what it covered), and the next stop was not blocked.
    expect(bashResult(run.last, command).isError).toBe(false);
    expect(feedbackCount(run.last)).toBe(1);
    const stops = stopResponses(run);
    expect(stops).toHaveLength(2);
    expect(String(stops[0]?.stdout ?? "")).toContain('"decision":"block"');
    expect(String(stops[1]?.stdout ?? "")).toBe("");
    expectHookRan(run, "Stop");
    expectHooksHealthy(run);
  });

  it("the human's edit between prompts does not trigger the gate; the agent's Edit of that file does", async () => {
    scenario = await Scenario.create({ install: { kind: "init", profile: PROFILE } });
    const s = scenario;
    const app = join(s.project, "app.py");
    // One script for the whole conversation: --continue keeps the history, so turns are counted across runs.
    const script = [
      { text: "hello" }, // run 1
      ...bashScript("cat app.py"), // run 2
      { text: "VALUE = 3" },
      { tool_use: { name: "Read", input: { file_path: app } } }, // run 3
      {
        tool_use: {
          name: "Edit",
          input: { file_path: app, old_string: "VALUE = 3", new_string: "VALUE = 4" },
        },
      },
      { text: "done" },
      { text: "I will not run the tests now." },
    ];
    const first = await s.run("hello", script, { allowedTools: "Bash" });
    expect(first.exitCode).toBe(0);
    expect(stopResponses(first)).toHaveLength(1);

    // Between prompts, outside the agent: the human edits the mapped source.
    s.writeProjectFile("app.py", "VALUE = 3\n");
    const second = await s.run("what is VALUE now?", undefined, { allowedTools: "Bash", continue: true });
    expect(second.exitCode).toBe(0);
    expect(bashResult(second.last, "cat app.py").text).toContain("VALUE = 3");
    expect(second.requests.map((r) => r.rule)).toEqual(["main:turn1", "main:turn2"]);
    for (const r of second.requests) expect(feedbackCount(r.body as MessagesBody)).toBe(0);
    const quiet = stopResponses(second);
    expect(quiet).toHaveLength(1);
    expect(String(quiet[0]?.stdout ?? "")).toBe("");
    // The recorder ran around the agent's command (and recorded nothing of the human's edit).
    const stateDir = join(s.project, ".claude", "run-tests-skill", "state", "stop-gate");
    expect(
      existsSync(stateDir) ? readdirSync(stateDir).filter((f) => f.endsWith(".changes.jsonl")) : [],
    ).toEqual([]);
    expectHookRan(second, "PreToolUse");
    expectHookRan(second, "Stop");
    expectHooksHealthy(second);

    // The agent edits the same file with its Edit tool: the gate asks for the mapped run.
    const third = await s.run("make it 4", undefined, { allowedTools: "Bash Read Edit", continue: true });
    expect(third.exitCode).toBe(0);
    expect(s.readProjectFile("app.py")).toBe("VALUE = 4\n");
    expect(feedbackCount(third.last)).toBe(1);
    const text = allText(third.last);
    const reason = text.slice(text.indexOf(FEEDBACK));
    expect(reason).toContain("app.py: mapped to tests/test_pass.py");
    expect(reason).toContain(mappedCommand());
    const stops = stopResponses(third);
    expect(stops).toHaveLength(2);
    expect(String(stops[0]?.stdout ?? "")).toContain('"decision":"block"');
    expectHookRan(third, "PostToolUse");
    expectHooksHealthy(third);
  });

  it("no change: no block", async () => {
    scenario = await Scenario.create({ install: { kind: "init", profile: PROFILE } });
    const run = await scenario.run(
      "what is in app.py?",
      [...bashScript("cat app.py"), { text: "VALUE = 1" }],
      {
        allowedTools: "Bash",
      },
    );
    expect(run.exitCode).toBe(0);
    expect(run.requests).toHaveLength(2);
    for (const r of run.requests) expect(feedbackCount(r.body as MessagesBody)).toBe(0);
    expect(stopResponses(run)).toHaveLength(1);
    expectHookRan(run, "Stop");
    expectHooksHealthy(run);
  });

  it("a second stop without running the tests is not blocked again", async () => {
    scenario = await Scenario.create({ install: { kind: "init", profile: PROFILE } });
    const run = await scenario.run(
      "change VALUE to 2",
      [...bashScript(EDIT), { text: "done" }, { text: "I will not run the tests now." }],
      { allowedTools: "Bash" },
    );
    expect(run.exitCode).toBe(0);
    expect(run.requests.map((r) => r.rule)).toEqual(["main:turn0", "main:turn1", "main:turn2"]);
    expect(feedbackCount(run.last)).toBe(1);
    const stops = stopResponses(run);
    expect(stops).toHaveLength(2);
    expect(String(stops[0]?.stdout ?? "")).toContain('"decision":"block"');
    expect(String(stops[1]?.stdout ?? "")).toBe("");
    expect(scenario.readProjectFile("app.py")).toBe("VALUE = 2\n");
    expectHooksHealthy(run);
  });
});
