// The harness itself against the real CLI, with a trivial recording hook of our own (no bundle involved):
// hook stdin reaches the hook, a deny and both kinds of additionalContext reach the model where the helpers
// look for them, and `--continue` resumes the script with a new prompt_id. When this file fails, the other
// e2e files cannot be trusted either (the CLI's contract moved, or the harness broke).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { e2eDescribe } from "./gate.ts";
import { bashResult, bashScript, hookContexts, hookEvents, Scenario } from "./harness.ts";

const RECORDER = `import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
const input = JSON.parse(readFileSync(0, "utf8"));
const dir = process.argv[2];
mkdirSync(dir, { recursive: true });
writeFileSync(\`\${dir}/\${Date.now()}-\${process.pid}-\${input.hook_event_name}.json\`, JSON.stringify(input));
const event = input.hook_event_name;
const command = input.tool_input?.command ?? "";
let out = {};
if (event === "PreToolUse" && command.includes("DENY-ME"))
  out = { hookSpecificOutput: { hookEventName: event, permissionDecision: "deny", permissionDecisionReason: "REC-DENY: " + command } };
if (event === "PostToolUse" || event === "PostToolUseFailure")
  out = { hookSpecificOutput: { hookEventName: event, additionalContext: "REC-CTX " + event + " for " + command } };
process.stdout.write(JSON.stringify(out));
`;

e2eDescribe("harness plumbing (recording hook, real CLI)", () => {
  let s: Scenario;
  let recordDir: string;

  const recorded = () =>
    readdirSync(recordDir)
      .sort()
      .map((f) => JSON.parse(readFileSync(join(recordDir, f), "utf8")) as Record<string, unknown>);

  beforeAll(async () => {
    s = await Scenario.create({
      install: {
        kind: "custom",
        setup: (project, scratch) => {
          const hook = join(scratch, "record.mjs");
          recordDir = join(scratch, "recorded");
          writeFileSync(hook, RECORDER);
          const group = (matcher: string) => [
            { matcher, hooks: [{ type: "command", command: "node", args: [hook, recordDir], timeout: 10 }] },
          ];
          mkdirSync(join(project, ".claude"), { recursive: true });
          const hooks = {
            PreToolUse: group("Bash"),
            PostToolUse: group("Bash"),
            PostToolUseFailure: group("Bash"),
          };
          writeFileSync(join(project, ".claude", "settings.json"), JSON.stringify({ hooks }, null, 2));
        },
      },
    });
  });
  afterAll(() => s?.close());

  it("delivers hook stdin, a deny and both kinds of additionalContext to where the helpers look", async () => {
    const first = await s.run(
      "run three commands",
      [
        ...bashScript("echo plumbing-ok", "sh -c 'echo boom; exit 3'", "touch DENY-ME"),
        { text: "first done" },
      ],
      { allowedTools: "Bash" },
    );
    expect(first.exitCode).toBe(0);

    const ok = bashResult(first.last, "echo plumbing-ok");
    expect(ok).toMatchObject({ text: "plumbing-ok", isError: false });
    const failed = bashResult(first.last, "sh -c 'echo boom; exit 3'");
    expect(failed).toMatchObject({ text: "Exit code 3\nboom", isError: true });
    const denied = bashResult(first.last, "touch DENY-ME");
    expect(denied).toMatchObject({
      text: "PreToolUse:Bash hook error: REC-DENY: touch DENY-ME",
      isError: true,
    });

    expect(hookContexts(first.last, "PostToolUse")).toEqual(["REC-CTX PostToolUse for echo plumbing-ok"]);
    expect(hookContexts(first.last, "PostToolUseFailure")).toEqual([
      "REC-CTX PostToolUseFailure for sh -c 'echo boom; exit 3'",
    ]);
    // The stream shows every handler run, which is how other files prove a silent hook ran.
    expect(
      hookEvents(first.events)
        .filter((e) => e.subtype === "hook_response")
        .map((e) => e.hookEvent),
    ).toEqual(["PreToolUse", "PostToolUse", "PreToolUse", "PostToolUseFailure", "PreToolUse"]);

    const stdin = recorded();
    expect(stdin.length).toBeGreaterThanOrEqual(5);
    const pre = stdin.filter((i) => i.hook_event_name === "PreToolUse");
    expect(pre.map((i) => (i.tool_input as { command: string }).command)).toEqual([
      "echo plumbing-ok",
      "sh -c 'echo boom; exit 3'",
      "touch DENY-ME",
    ]);
    expect(new Set(pre.map((i) => i.prompt_id)).size).toBe(1);
    expect(pre[0]?.cwd).toBe(s.project);
  });

  it("a --continue run gets the next script turn and a new prompt_id in the same session", async () => {
    const before = recorded().length;
    // 4 assistant turns so far (3 tool calls and "first done"): this run's first request gets turn 4.
    const script = [...bashScript("x", "x", "x"), { text: "x" }, ...bashScript("echo third-run")];
    const second = await s.run("again", script, { allowedTools: "Bash", continue: true });
    expect(bashResult(second.last, "echo third-run").text).toBe("third-run");
    const all = recorded();
    const fresh = all.slice(before).filter((i) => i.hook_event_name === "PreToolUse");
    expect(fresh).toHaveLength(1);
    const firstPre = all.find((i) => i.hook_event_name === "PreToolUse");
    expect(fresh[0]?.session_id).toBe(firstPre?.session_id);
    expect(fresh[0]?.prompt_id).not.toBe(firstPre?.prompt_id);
  });
});
