// The file tools' git rule in the real Claude Code: with the bundle installed by `init`, the model's Write to
// .git/HEAD is denied with our reason and HEAD is unchanged; a normal Write goes through.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { expectHookRan, expectHooksHealthy } from "./checks.ts";
import { e2eDescribe } from "./gate.ts";
import { Scenario, toolResults } from "./harness.ts";

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

e2eDescribe("file tools (Edit/Write/MultiEdit/NotebookEdit) and .git", () => {
  it("a Write to .git/HEAD is denied with the guard's reason, HEAD unchanged; a normal Write works", async () => {
    const s = await Scenario.create({ install: { kind: "init" } });
    scenario = s;
    const head = join(s.project, ".git", "HEAD");
    const headBefore = readFileSync(head, "utf8");
    const before = await s.gitState();
    const normal = join(s.project, "notes", "plan.md");
    const run = await s.run(
      "write the files",
      [
        // Read first: Claude Code refuses a Write to an existing file it has not read, and that refusal must
        // not be mistaken for ours.
        { tool_use: { name: "Read", input: { file_path: head } } },
        { tool_use: { name: "Write", input: { file_path: head, content: "ref: refs/heads/evil\n" } } },
        { tool_use: { name: "Write", input: { file_path: normal, content: "# plan\n" } } },
        { text: "done" },
      ],
      { allowedTools: "Read Write" },
    );
    expect(run.exitCode).toBe(0);
    const writes = toolResults(run.last).filter((r) => r.toolName === "Write");
    const denied = writes.find((r) => r.input?.file_path === head);
    expect(denied?.isError, denied?.text).toBe(true);
    expect(denied?.text).toMatch(/run-tests guard: Write on .*\.git directory/);
    expect(denied?.text).toMatch(/user drives git/);
    expect(readFileSync(head, "utf8")).toBe(headBefore);
    expect(await s.gitState()).toEqual(before);

    const ok = writes.find((r) => r.input?.file_path === normal);
    expect(ok?.isError, ok?.text).toBe(false);
    expect(existsSync(normal)).toBe(true);
    expect(readFileSync(normal, "utf8")).toBe("# plan\n");
    expectHookRan(run, "PreToolUse", "Write");
    expectHooksHealthy(run);
  });
});
