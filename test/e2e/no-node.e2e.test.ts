// A machine whose Claude Code has no `node` on its PATH (Claude Code itself is a native binary and does not
// need one). The hooks are registered as `sh -c '<run node if present, else step aside>'`
// (hooks/registration.ts, STEP_ASIDE_SCRIPT): the session must go on, with one notice at its start.
// The first scenario records what Claude Code 2.1.332 does with the registration older installs wrote
// (`command: "node"`), the hazard this design answers.
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { handlerBundle, NODE_MISSING_NOTICE } from "../../bin/build/registration.ts";
import { expectHooksHealthy } from "./checks.ts";
import { e2eDescribe } from "./gate.ts";
import { allText, bashResult, bashScript, hookEvents, Scenario } from "./harness.ts";

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

/** A PATH folder with every program of the usual folders except node (and its package managers). */
function pathWithoutNode(scratch: string): string {
  const bin = join(scratch, "bin-without-node");
  mkdirSync(bin);
  const skip = new Set(["node", "nodejs", "npm", "npx", "corepack"]);
  const seen = new Set<string>();
  for (const dir of ["/usr/local/bin", "/usr/bin", "/bin"]) {
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (skip.has(name) || seen.has(name)) continue;
      seen.add(name);
      symlinkSync(join(dir, name), join(bin, name));
    }
  }
  return bin;
}

/** An init install (made with node), then a PATH without node for the session and its hooks. */
async function withoutNode(): Promise<Scenario> {
  scenario = await Scenario.create({ install: { kind: "init" } });
  scenario.path = pathWithoutNode(dirname(scenario.project)); // beside the project, outside its work tree
  return scenario;
}

/** Rewrites the project's registrations the way installs before the step-aside wrote them. */
function legacyRegistrations(s: Scenario): void {
  const file = join(s.project, ".claude", "settings.json");
  const settings = JSON.parse(readFileSync(file, "utf8")) as {
    hooks: Record<string, { hooks: { command: string; args: string[] }[] }[]>;
  };
  for (const groups of Object.values(settings.hooks))
    for (const group of groups)
      for (const h of group.hooks) {
        const bundle = handlerBundle(h);
        if (bundle === null) continue;
        h.args = h.args.slice(h.args.indexOf(bundle));
        h.command = "node";
      }
  writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
}

e2eDescribe("no node on the PATH Claude Code runs hooks with", () => {
  it("a. the old registration (`node` as the command): the guard cannot start and blocks every Bash call", async () => {
    const s = await withoutNode();
    legacyRegistrations(s);
    const run = await s.run("say hi", [...bashScript("echo still-here"), { text: "done" }], {
      allowedTools: "Bash",
    });
    // Observed on 2.1.332: the tool result is `PreToolUse:Bash hook error: [node <bundle>]: failed; blocking
    // because onFailure is "block"` + `Executable not found in $PATH: "node"`; the other hooks end with
    // exit_code 1, outcome "error" (non-blocking, but an error line on every event).
    const result = bashResult(run.last, "echo still-here");
    expect(result.isError).toBe(true);
    expect(result.text).toContain('Executable not found in $PATH: "node"');
    expect(result.text).not.toContain("still-here\n");
    const others = hookEvents(run.events).filter(
      (e) => e.subtype === "hook_response" && e.hookName !== "PreToolUse:Bash",
    );
    expect(others.length).toBeGreaterThan(0);
    for (const e of others) expect([e.hookName, e.raw.outcome]).toEqual([e.hookName, "error"]);
  });

  it("b. the step-aside registration: Bash runs, every hook exits 0, and the session is told once why", async () => {
    const s = await withoutNode();
    const run = await s.run("say hi", [...bashScript("echo still-here", "git add ."), { text: "done" }], {
      allowedTools: "Bash",
    });
    const echo = bashResult(run.last, "echo still-here");
    expect(echo.isError, echo.text).toBe(false);
    expect(echo.text).toContain("still-here");
    // Nothing of ours is enforced without node: the git rule steps aside too (the README says so).
    expect(bashResult(run.last, "git add .").isError).toBe(false);
    expectHooksHealthy(run);
    const text = allText(run.last);
    expect(text.split(NODE_MISSING_NOTICE).length - 1, text.slice(0, 3000)).toBe(1);
    // The notice also goes to the user (systemMessage) from the SessionStart answer.
    const sessionStart = hookEvents(run.events).filter(
      (e) => e.subtype === "hook_response" && e.hookEvent === "SessionStart",
    );
    expect(sessionStart.filter((e) => String(e.raw.stdout ?? "").includes('"systemMessage"'))).toHaveLength(
      1,
    );
  });
});
