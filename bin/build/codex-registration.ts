// Our hooks as Codex registers them: `.codex/hooks.json`, shaped like Claude Code's `hooks` member, but each
// handler is one shell string run by `/bin/bash -c` in the session's cwd (no `args`, `if` or `onFailure`; no
// CLAUDE_PROJECT_DIR). Same bundles, same events where Codex has them (codex-hooks.md):
//   SessionStart + Stop   stop-gate (baseline, then the gate)
//   UserPromptSubmit      skill-turn (`$run-tests` starts skill mode; hooks/hosts/codex.ts)
//   PreToolUse Bash       guard (and apply_patch through it: Codex's file edits arrive as Bash), stop-gate
//   PostToolUse Bash      report (fires for failing commands too; Codex has no PostToolUseFailure), stop-gate
// Not registered: session-start (the streaming reporter needs an env file Codex does not provide), file-guard
// (no Edit/Write tools), UserPromptExpansion / PostToolUseFailure / TaskStop (no such events or tools).

import { INSTALL_DIR } from "../../hooks/core/state/locate.ts";
import { HOST_ARG } from "../../hooks/hosts/host.ts";
import { bundleName, HOOK_ENTRIES, type HookEntry, TIMEOUTS } from "./registration.ts";

export const CODEX_HOOKS_FILE = ".codex/hooks.json";
export const CODEX_SKILLS_DIR = ".agents/skills";

export interface CodexHandler {
  type: "command";
  command: string;
  /** Seconds. */
  timeout: number;
}

export interface CodexGroup {
  matcher?: string;
  hooks: CodexHandler[];
}

export type CodexEvent = "SessionStart" | "UserPromptSubmit" | "PreToolUse" | "PostToolUse" | "Stop";
export type CodexRegistrations = Partial<Record<CodexEvent, CodexGroup[]>>;

/** The bundles Codex runs (in HOOK_ENTRIES order). */
export const CODEX_ENTRIES: readonly HookEntry[] = HOOK_ENTRIES.filter((e) =>
  ["guard", "skill-turn", "report", "stop-gate"].includes(e),
);

const BIN = `${INSTALL_DIR.replaceAll("\\", "/")}/bin`;

/**
 * The shell string for one bundle. It finds the install from the session's cwd upwards (a session started in
 * a subfolder still finds it) with shell built-ins only, then runs node on it with `--host codex`. Not found:
 * node fails on a path that does not exist, which Codex reports as a failed hook (and, failing open, runs the
 * command: `doctor --host codex` names that hole).
 */
export function codexCommand(entry: HookEntry): string {
  const file = `${BIN}/${bundleName(entry)}`;
  return `d="$PWD"; until [ -f "$d/${file}" ] || [ -z "$d" ]; do d="\${d%/*}"; done; exec node "$d/${file}" ${HOST_ARG} codex`;
}

function handler(entry: HookEntry): CodexHandler {
  return { type: "command", command: codexCommand(entry), timeout: TIMEOUTS[entry] };
}

export function codexRegistrations(entries: readonly string[]): CodexRegistrations {
  const has = (entry: HookEntry) => entries.includes(entry);
  const reg: CodexRegistrations = {};
  if (has("stop-gate")) reg.SessionStart = [{ hooks: [handler("stop-gate")] }];
  if (has("skill-turn")) reg.UserPromptSubmit = [{ hooks: [handler("skill-turn")] }];
  // The stop gate follows the agent's own changes from the tool hooks (hooks/gate/track.ts): the tree before
  // and after each command, and an apply_patch's files (Codex's edits arrive as Bash, with no PostToolUse).
  const gate = has("stop-gate") ? [handler("stop-gate")] : [];
  const pre = [...(has("guard") ? [handler("guard")] : []), ...gate];
  const post = [...(has("report") ? [handler("report")] : []), ...gate];
  if (pre.length > 0) reg.PreToolUse = [{ matcher: "Bash", hooks: pre }];
  if (post.length > 0) reg.PostToolUse = [{ matcher: "Bash", hooks: post }];
  if (has("stop-gate")) reg.Stop = [{ hooks: [handler("stop-gate")] }];
  return reg;
}

/** Every registration we make, as "Event matcher -> bundle", for doctor. */
export function expectedCodexHandlers(entries: readonly string[]): { event: CodexEvent; command: string }[] {
  return Object.entries(codexRegistrations(entries)).flatMap(([event, groups]) =>
    (groups ?? []).flatMap((g) => g.hooks.map((h) => ({ event: event as CodexEvent, command: h.command }))),
  );
}
