// Assertions shared by the scenario files. Claude Code ignores invalid settings silently in -p mode, so every
// scenario also proves that our hooks ran (the stream's hook_started/hook_response events) and exited 0.
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { expect } from "vitest";
import { firstUserText, hookEvents, type RunResult } from "./harness.ts";
import type { MessagesBody } from "./mock-api/server.ts";

/** A PreToolUse JSON deny reaches the model as a tool_result: this prefix, then the reason (hooks ref §3.3). */
export const HOOK_DENY = "PreToolUse:Bash hook error: ";

/** The guard's git rule as the model reads it: names the guard, git, and that the user drives it. */
export const GIT_REASON =
  /run-tests[\s\S]*git[\s\S]*\b(user|human)\b|\b(user|human)\b[\s\S]*git[\s\S]*run-tests/i;

/** At least one handler for `event` (optionally on `tool`, e.g. "Skill") ran to completion and exited 0. */
export function expectHookRan(run: RunResult, event: string, tool?: string): void {
  const name = tool ? `${event}:${tool}` : undefined;
  const responses = hookEvents(run.events).filter(
    (e) => e.subtype === "hook_response" && e.hookEvent === event && (!name || e.hookName === name),
  );
  expect(
    responses.length,
    `no ${name ?? event} hook ran (invalid settings are ignored silently)`,
  ).toBeGreaterThan(0);
  for (const r of responses) expect(r.raw.exit_code, `${name ?? event} hook exit code`).toBe(0);
}

/** Every hook that started also answered, with exit 0 and nothing on stderr. */
export function expectHooksHealthy(run: RunResult): void {
  const events = hookEvents(run.events);
  const started = events.filter((e) => e.subtype === "hook_started").length;
  const responses = events.filter((e) => e.subtype === "hook_response");
  expect(responses.length, "every hook that started answered").toBe(started);
  for (const r of responses) {
    expect({ hook: r.hookName, exit: r.raw.exit_code, outcome: r.raw.outcome, stderr: r.raw.stderr }).toEqual(
      {
        hook: r.hookName,
        exit: 0,
        outcome: "success",
        stderr: "",
      },
    );
  }
}

/** No PreToolUse handler answered with a deny during the run. */
export function expectNoDeny(run: RunResult): void {
  for (const r of hookEvents(run.events))
    if (r.subtype === "hook_response" && r.hookEvent === "PreToolUse")
      expect(String(r.raw.stdout ?? "")).not.toMatch(
        /"permissionDecision"\s*:\s*"deny"|"decision"\s*:\s*"block"/,
      );
}

function skillBody(skillFile: string): string {
  const text = readFileSync(skillFile, "utf8");
  const match = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(text);
  return match ? text.slice(match[0].length) : text;
}

/**
 * The first user message is the expansion of `commandName` with `args`: the command tags, the skill's base
 * directory, and the SKILL.md body (frontmatter stripped) with $ARGUMENTS substituted.
 */
export function expectSkillExpanded(
  body: MessagesBody,
  o: { commandName: string; args: string; skillFile: string | string[] },
) {
  const text = firstUserText(body);
  expect(text).toContain(`<command-name>/${o.commandName}</command-name>`);
  expect(text).toContain(`<command-args>${o.args}</command-args>`);
  // Several candidates when the CLI may load the skill from more than one place (a copy and its source).
  const candidates = typeof o.skillFile === "string" ? [o.skillFile] : o.skillFile;
  const skillFile = candidates.find((f) => text.includes(`Base directory for this skill: ${dirname(f)}\n`));
  expect(
    skillFile,
    `the skill's base directory is one of ${candidates.map((f) => dirname(f)).join(", ")}`,
  ).toBeDefined();
  const bodyText = skillBody(skillFile ?? "");
  expect(bodyText.trim().length, "SKILL.md has a body").toBeGreaterThan(0);
  // A body without placeholders arrives verbatim; otherwise check the lines that have none.
  if (!bodyText.includes("$")) expect(text).toContain(bodyText.trim());
  else
    for (const line of bodyText.split("\n").filter((l) => l.trim() && !l.includes("$")))
      expect(text).toContain(line);
  if (!bodyText.includes("$ARGUMENTS")) {
    expect(text).toContain(`ARGUMENTS: ${o.args}`);
  } else {
    expect(text).not.toContain("$ARGUMENTS");
    const simple = bodyText.split("\n").find((l) => l.includes("$ARGUMENTS") && !/\$(?!ARGUMENTS)/.test(l));
    if (simple) expect(text).toContain(simple.replaceAll("$ARGUMENTS", o.args));
  }
}
