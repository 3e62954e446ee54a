// The stop gate in the real Claude Code (field-trials §3): installed with `run-tests-skill init` and a
// profile that maps app.py to tests/test_pass.py. A Stop hook's {"decision":"block"} makes the CLI send one
// more request holding "Stop hook feedback:\n<reason>"; the retry's stop carries stop_hook_active.
// Assertions are on the requests the model received (the mock's log) and on the stream's hook events.
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
