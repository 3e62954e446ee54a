// The registered hook command without node and with it: the handler exactly as hooks/registration.ts writes
// it, started the way Claude Code starts an exec-form handler (program + args, no shell of ours around it),
// with real sh and the real bundles. Claude Code's side is test/e2e/no-node.e2e.test.ts.
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import {
  BUNDLE_HOME,
  bundleFiles,
  type CommandHandler,
  HOOK_ENTRIES,
  hookRegistrations,
  NODE_MISSING_NOTICE,
} from "../../bin/build/registration.ts";
import { installShapeCheck } from "../../bin/install/doctor.ts";
import { PATHS } from "../../bin/install/layout.ts";
import { PACKAGE_ROOT } from "../../hooks/core/package-root.ts";
import { removeDir, scratchDir } from "./helpers.ts";

const work = scratchDir("rts-step-aside-");
afterAll(() => removeDir(work));

const registrations = hookRegistrations({
  binDir: join(PACKAGE_ROOT, BUNDLE_HOME),
  entries: HOOK_ENTRIES,
  skillMatcher: "run-tests",
  pytestSpellings: ["python -m pytest"],
});
const handlerOf = (event: keyof typeof registrations, bundle: string): CommandHandler => {
  const found = (registrations[event] ?? [])
    .flatMap((g) => g.hooks)
    .find((h) => h.args.some((a) => a.endsWith(bundle)));
  if (!found) throw new Error(`no ${event} handler for ${bundle}`);
  return found;
};

/** A PATH with sh and git but no node. */
function pathWithoutNode(): string {
  const bin = join(work, "bin");
  mkdirSync(bin, { recursive: true });
  for (const tool of ["sh", "git"]) symlinkSync(`/usr/bin/${tool}`, join(bin, tool));
  return bin;
}
const NO_NODE = pathWithoutNode();
const WITH_NODE = `${dirname(process.execPath)}:/usr/bin:/bin`;

async function start(h: CommandHandler, input: object, path: string) {
  return execa(h.command, h.args, {
    input: JSON.stringify(input),
    env: { PATH: path, CLAUDE_PROJECT_DIR: work, HOME: work },
    extendEnv: false,
    reject: false,
    cwd: work,
  });
}

const bash = (command: string) => ({
  session_id: "s",
  cwd: work,
  hook_event_name: "PreToolUse",
  tool_name: "Bash",
  tool_input: { command },
  tool_use_id: "t",
});

describe("a registered hook without node on PATH", () => {
  it("the guard exits 0 with no output: the Bash call goes on", async () => {
    const r = await start(handlerOf("PreToolUse", "/guard.cjs"), bash("git add ."), NO_NODE);
    expect([r.exitCode, r.stdout, r.stderr]).toEqual([0, "", ""]);
  });

  it("every other handler steps aside the same way; the session-start one says why, once", async () => {
    for (const [event, groups] of Object.entries(registrations)) {
      for (const h of (groups ?? []).flatMap((g) => g.hooks)) {
        const r = await start(h, { hook_event_name: event, session_id: "s", cwd: work }, NO_NODE);
        expect(r.exitCode, `${event} ${h.args[3]}`).toBe(0);
        expect(r.stderr).toBe("");
        if (h.args[3]?.endsWith("/session-start.cjs")) {
          const answer = JSON.parse(r.stdout) as {
            systemMessage: string;
            hookSpecificOutput: { hookEventName: string; additionalContext: string };
          };
          expect(answer.systemMessage).toBe(NODE_MISSING_NOTICE);
          expect(answer.hookSpecificOutput).toEqual({
            hookEventName: "SessionStart",
            additionalContext: NODE_MISSING_NOTICE,
          });
        } else expect(r.stdout, `${event} ${h.args[3]}`).toBe("");
      }
    }
  });

  it("with node on PATH the same handler runs the guard, which denies git add", async () => {
    const r = await start(handlerOf("PreToolUse", "/guard.cjs"), bash("git add ."), WITH_NODE);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('"permissionDecision":"deny"');
  });
});

describe("doctor's install shape check", () => {
  it("names a missing chunk and a file of an older layout", () => {
    const dir = join(work, "repo");
    const bin = join(dir, PATHS.binDir);
    mkdirSync(bin, { recursive: true });
    for (const file of bundleFiles()) writeFileSync(join(bin, file), "// x\n");
    expect(installShapeCheck(dir, HOOK_ENTRIES).ok).toBe(true);
    removeDir(join(bin, "core.br85"));
    writeFileSync(join(bin, "old-hook.cjs"), "// x\n");
    const check = installShapeCheck(dir, HOOK_ENTRIES);
    expect(check.ok).toBe(false);
    expect(check.problem).toContain("missing: core.br85");
    expect(check.problem).toContain("not of this version: old-hook.cjs");
  });
});
