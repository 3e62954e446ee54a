// The decision log end to end (issue 18 item 5): `init` into a scratch git repository, the installed hook
// bundles run the way Claude Code runs them (the handler's command and args from .claude/settings.json, hook
// input on stdin), and `run-tests-skill log` reading what they wrote. Plus the log's own rules: off by
// default, the profile's `log` key and the environment's override, a path but never the content written, a
// log that cannot be written never changes the hook's answer, bounded fields and rotation.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { main } from "../../bin/cli/main.ts";
import { runInit } from "../../bin/install/init.ts";
import { PATHS } from "../../bin/install/layout.ts";
import {
  appendDecision,
  type DecisionRecord,
  FIELD_MAX,
  LOG_FILE,
  ROTATED_LOG_FILE,
  readDecisions,
} from "../../hooks/runtime/decision-log.ts";
import { fakeIO } from "../setup/cli-io.ts";
import { tempDir } from "../skills/helpers.ts";
import { cleanEnv, scratchRepos } from "./helpers.ts";

const repo = scratchRepos();

async function installed(): Promise<string> {
  const dir = await repo();
  const result = await runInit({ dir, cwd: dir, now: new Date("2026-12-07T02:00:00Z"), profile: "generic" });
  if (!result.ok) throw new Error(JSON.stringify(result));
  return dir;
}

interface Handler {
  command: string;
  args: string[];
}

/** The handler init registered for `event` that runs the bundle `bundle`, as Claude Code reads it from
 *  settings.json. */
function registered(dir: string, event: string, bundle: string): Handler {
  const settings = JSON.parse(readFileSync(join(dir, ".claude", "settings.json"), "utf8")) as {
    hooks: Record<string, { matcher?: string; hooks: Handler[] }[]>;
  };
  const handler = (settings.hooks[event] ?? [])
    .flatMap((g) => g.hooks)
    .find((h) => h.args.some((a) => a.endsWith(`/.claude/run-tests-skill/bin/${bundle}.cjs`)));
  if (!handler) throw new Error(`no ${event} handler of ours running ${bundle}.cjs in settings.json`);
  return handler;
}

/** Runs a registered handler like Claude Code: ${CLAUDE_PROJECT_DIR} expanded, the input on stdin. */
async function runRegistered(dir: string, handler: Handler, input: object, env: Record<string, string> = {}) {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Claude Code placeholder, not a JS template
  const args = handler.args.map((a) => a.replaceAll("${CLAUDE_PROJECT_DIR}", dir));
  return execa(handler.command, args, {
    cwd: dir,
    env: cleanEnv({ CLAUDE_PROJECT_DIR: dir, ...env }),
    extendEnv: false,
    input: JSON.stringify(input),
    reject: false,
  });
}

function bashInput(dir: string, command: string, session = "session-log-1") {
  return {
    session_id: session,
    transcript_path: join(dir, "transcript.jsonl"),
    cwd: dir,
    permission_mode: "default",
    hook_event_name: "PreToolUse",
    tool_name: "Bash",
    tool_input: { command, description: "test" },
    tool_use_id: "toolu_log_1",
  };
}

async function cli(dir: string, argv: string[], env: NodeJS.ProcessEnv = {}) {
  const io = fakeIO(dir, "", env);
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

const denyReason = (stdout: string): string =>
  (JSON.parse(stdout) as { hookSpecificOutput: { permissionDecisionReason: string } }).hookSpecificOutput
    .permissionDecisionReason;

describe("decision log: a denied git commit, installed hook, `run-tests-skill log`", () => {
  it("RUN_TESTS_SKILL_LOG=1: the deny and its rule are in `log --json`, and in the table", async () => {
    const dir = await installed();
    const guard = registered(dir, "PreToolUse", "guard");
    const run = await runRegistered(dir, guard, bashInput(dir, "git commit -m x"), {
      RUN_TESTS_SKILL_LOG: "1",
    });
    expect(run.exitCode).toBe(0);
    const reason = denyReason(run.stdout);
    const rule = /\[rule: ([^\]]+)\]/.exec(reason)?.[1];
    expect(rule).toBeTruthy();
    // A command the guard lets pass is logged too (decision defer).
    await runRegistered(dir, guard, bashInput(dir, "ls -la"), { RUN_TESTS_SKILL_LOG: "1" });

    const json = await cli(dir, ["log", "--json"]);
    expect(json.code).toBe(0);
    const lines = json.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as DecisionRecord);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      hook: "guard",
      tool: "Bash",
      session: "session-log-1",
      command: "git commit -m x",
      decision: "deny",
      rule,
    });
    expect(Date.parse(lines[0]?.t ?? "")).not.toBeNaN();
    expect(lines[1]).toMatchObject({ command: "ls -la", decision: "defer" });

    const table = await cli(dir, ["log"]);
    expect(table.out).toMatch(new RegExp(`guard\\s+deny\\s+${rule}\\s+git commit -m x`));
    expect((await cli(dir, ["log", "--json", "--session", "another"])).out).toBe("");
    expect(
      (await cli(dir, ["log", "--json", "--session", "session-log-1"])).out.trim().split("\n"),
    ).toHaveLength(2);
    // From a subfolder the same install is found.
    mkdirSync(join(dir, "sample", "deep"), { recursive: true });
    expect((await cli(join(dir, "sample", "deep"), ["log", "--json"])).out).toBe(json.out);
  });

  it("off by default: no log file, and `log` says how to turn it on", async () => {
    const dir = await installed();
    const run = await runRegistered(
      dir,
      registered(dir, "PreToolUse", "guard"),
      bashInput(dir, "git commit -m x"),
    );
    expect(denyReason(run.stdout)).toContain("git commit");
    expect(existsSync(join(dir, PATHS.stateDir, LOG_FILE))).toBe(false);
    const r = await cli(dir, ["log", "--json"]);
    expect(r).toMatchObject({ code: 0, out: "" });
    expect(r.err).toContain("RUN_TESTS_SKILL_LOG=1");
  });

  it("`log: true` in the profile turns it on; RUN_TESTS_SKILL_LOG=0 turns it off over the profile", async () => {
    const dir = await installed();
    const file = join(dir, PATHS.compiledProfile);
    const doc = JSON.parse(readFileSync(file, "utf8")) as { profile: Record<string, unknown> };
    doc.profile.log = true;
    writeFileSync(file, JSON.stringify(doc));
    const guard = registered(dir, "PreToolUse", "guard");
    await runRegistered(dir, guard, bashInput(dir, "git push"), { RUN_TESTS_SKILL_LOG: "0" });
    expect(readDecisions(join(dir, PATHS.stateDir)).records).toEqual([]);
    await runRegistered(dir, guard, bashInput(dir, "git push"));
    expect(readDecisions(join(dir, PATHS.stateDir)).records).toMatchObject([
      { command: "git push", decision: "deny" },
    ]);
  });

  it("the file guard logs the path, never the content it was asked to write", async () => {
    const dir = await installed();
    const fileGuard = registered(dir, "PreToolUse", "file-guard");
    const content = "[core]\n\thooksPath = /tmp/SECRET-CONTENT-MARKER\n";
    const run = await runRegistered(
      dir,
      fileGuard,
      { ...bashInput(dir, ""), tool_name: "Write", tool_input: { file_path: ".git/config", content } },
      { RUN_TESTS_SKILL_LOG: "1" },
    );
    expect(denyReason(run.stdout)).toContain(".git");
    const text = readFileSync(join(dir, PATHS.stateDir, LOG_FILE), "utf8");
    expect(text).not.toContain("SECRET-CONTENT-MARKER");
    expect(readDecisions(join(dir, PATHS.stateDir)).records).toMatchObject([
      { hook: "file-guard", tool: "Write", path: ".git/config", decision: "deny" },
    ]);
  });

  it("a log that cannot be written changes nothing: same deny, exit 0, nothing on stderr", async () => {
    const dir = await installed();
    // The log's place is taken by a folder: every open for append fails.
    mkdirSync(join(dir, PATHS.stateDir, LOG_FILE), { recursive: true });
    const run = await runRegistered(
      dir,
      registered(dir, "PreToolUse", "guard"),
      bashInput(dir, "git commit -m x"),
      {
        RUN_TESTS_SKILL_LOG: "1",
      },
    );
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe("");
    expect(denyReason(run.stdout)).toContain("git commit");
  });
});

describe("decision log: the report's class and the stop gate's action", () => {
  it("a failed pytest run: the report hook logs its class; the stop gate logs its stop", async () => {
    const dir = await installed();
    const env = { RUN_TESTS_SKILL_LOG: "1" };
    const session = { session_id: "session-log-2", transcript_path: join(dir, "t.jsonl"), cwd: dir };
    const gate = (event: string) => registered(dir, event, "stop-gate");
    await runRegistered(
      dir,
      gate("SessionStart"),
      { ...session, hook_event_name: "SessionStart", source: "startup" },
      env,
    );
    // Claude Code's own PostToolUseFailure of a failing pytest run (test/fixtures/claude-code-2.1.332).
    const failure = JSON.parse(
      readFileSync(
        join(import.meta.dirname, "..", "fixtures", "claude-code-2.1.332", "posttoolusefailure-pytest.json"),
        "utf8",
      ),
    ) as Record<string, unknown>;
    const report = await runRegistered(
      dir,
      registered(dir, "PostToolUseFailure", "report"),
      {
        ...failure,
        ...session,
        tool_input: { command: "python -m pytest -q -p no:cacheprovider test_local.py" },
      },
      env,
    );
    expect(report.stdout).toContain("test_bad");
    await runRegistered(
      dir,
      gate("Stop"),
      { ...session, hook_event_name: "Stop", stop_hook_active: false },
      env,
    );
    const json = await cli(dir, ["log", "--json", "--session", "session-log-2"]);
    const records = json.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as DecisionRecord);
    // The gate follows the agent's changes (hooks/gate/track.ts): SessionStart only prunes, and a session
    // whose agent changed nothing is let through without a git call.
    expect(records.map((r) => [r.hook, r.decision, r.rule])).toEqual([
      ["report", "report", "pytest-report"],
      ["stop-gate", "allow", "no-change"],
    ]);
    expect(records[0]).toMatchObject({ class: "real-failure", event: "PostToolUseFailure" });
    expect(records[1]?.action).toBeTruthy();
  });
});

describe("decision log: bounds", () => {
  it("a long command is cut to FIELD_MAX and says how much is left out", () => {
    const state = tempDir("rts-log-");
    appendDecision(state, {
      hook: "guard",
      decision: "defer",
      rule: "not-guarded",
      command: "x".repeat(5000),
    });
    const [record] = readDecisions(state).records;
    expect(record?.command?.length).toBeLessThan(FIELD_MAX + 40);
    expect(record?.command).toMatch(/…\[4600 more chars\]$/);
  });

  it("rotation keeps one older file: the total stays under twice the cap, oldest lines go first", () => {
    const state = tempDir("rts-log-");
    const cap = 4096;
    for (let i = 0; i < 200; i++)
      appendDecision(
        state,
        { hook: "guard", decision: "defer", rule: "not-guarded", command: `echo ${i}` },
        Date.now(),
        cap,
      );
    const size = (name: string) =>
      existsSync(join(state, name)) ? readFileSync(join(state, name)).length : 0;
    expect(size(LOG_FILE)).toBeLessThanOrEqual(cap);
    expect(size(ROTATED_LOG_FILE)).toBeGreaterThan(0);
    expect(size(ROTATED_LOG_FILE)).toBeLessThanOrEqual(cap);
    const commands = readDecisions(state).records.map((r) => r.command);
    expect(commands.at(-1)).toBe("echo 199");
    expect(commands).not.toContain("echo 0");
    // In order across the two files.
    const numbers = commands.map((c) => Number(c?.split(" ")[1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  });

  it("lines that are not decisions are skipped and counted", () => {
    const state = tempDir("rts-log-");
    appendDecision(state, { hook: "guard", decision: "deny", rule: "git-commit" });
    writeFileSync(join(state, LOG_FILE), `${readFileSync(join(state, LOG_FILE), "utf8")}{"cut":\n[]\n`);
    expect(readDecisions(state)).toMatchObject({ records: [{ decision: "deny" }], skipped: 2 });
  });
});
