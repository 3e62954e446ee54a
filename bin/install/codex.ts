// The Codex half of `init` and `--uninstall` (hosts: hooks/hosts/). The skill and the bundles are the same
// files as for Claude Code (init writes the skill into .agents/skills/<name>/ as well, tracked in the manifest
// like every file it writes); this file plans the two Codex config files:
//   .codex/hooks.json   our registrations merged in (the same merge as .claude/settings.json: what is not ours
//                       stays byte for byte; the baseline says what to leave at uninstall)
//   .codex/config.toml  with --sandbox: the permission profile that keeps our install read-only from inside
//                       Codex's sandbox (hooks/hosts/codex-sandbox.ts)
// Pure planning: text in, edits out; init applies them (with backups) after everything else is planned.
import * as v from "valibot";
import { addCodexSandbox, CODEX_CONFIG_FILE, removeCodexSandbox } from "../../hooks/hosts/codex-sandbox.ts";
import { CODEX_HOOKS_FILE, CODEX_SKILLS_DIR, codexRegistrations } from "../build/codex-registration.ts";
import type { HookRegistrations } from "../build/registration.ts";
import { PATHS } from "./layout.ts";
import { mergeRegistrations, removeRegistrations } from "./settings.ts";

export { CODEX_CONFIG_FILE, CODEX_HOOKS_FILE };

export const CodexState = v.object({
  /** What .codex/hooks.json held before init (as for .claude/settings.json). */
  hooks: v.nullable(
    v.object({
      created: v.boolean(),
      containers: v.array(v.string()),
      hooksText: v.optional(v.nullable(v.string()), null),
    }),
  ),
  /** The profile init added to .codex/config.toml (null: none). */
  sandbox: v.optional(
    v.nullable(v.object({ created: v.boolean(), separator: v.string(), readOnly: v.array(v.string()) })),
    null,
  ),
});
export type CodexState = v.InferOutput<typeof CodexState>;

export const codexSkillDir = (name: string) => `${CODEX_SKILLS_DIR}/${name}`;

/** One config file to rewrite: null `after` deletes it (init created it and nothing else is left). */
export interface ConfigEdit {
  rel: string;
  before: string | null;
  after: string | null;
  detail: string;
}

export interface CodexPlan {
  edits: ConfigEdit[];
  state: CodexState;
  notes: string[];
  problems: { problem: string; fix: string }[];
  registered: Record<string, number>;
}

/** The paths enforcement runs on that Codex's workspace sandbox leaves writable (it keeps .git, .codex and
 *  .agents read-only by itself): our install, and Claude Code's settings when they exist. */
export function codexReadOnlyPaths(settingsExists: boolean): string[] {
  return [PATHS.installDir, ...(settingsExists ? [PATHS.settings] : [])];
}

export function planCodexInstall(input: {
  entries: readonly string[];
  hooksText: string | null;
  configText: string | null;
  previous: CodexState | null;
  sandbox: boolean;
  /** Whether .claude/settings.json exists after this init (a read-only sub-path must exist). */
  settingsExists: boolean;
}): CodexPlan {
  const plan: CodexPlan = {
    edits: [],
    state: { hooks: input.previous?.hooks ?? null, sandbox: input.previous?.sandbox ?? null },
    notes: [],
    problems: [],
    registered: {},
  };
  const reg = codexRegistrations(input.entries);
  for (const [event, groups] of Object.entries(reg))
    plan.registered[`codex ${event}`] = (groups ?? []).reduce((n, g) => n + g.hooks.length, 0);
  // The same JSON shape as Claude Code's `hooks` member, so the same merge (handlers are recognised as ours
  // by the bundle path in their command string).
  const merged = mergeRegistrations(input.hooksText, reg as unknown as HookRegistrations);
  if (!merged.ok) {
    plan.problems.push({
      problem: `${CODEX_HOOKS_FILE} cannot be merged: ${merged.problem}`,
      fix: `make ${CODEX_HOOKS_FILE} a valid JSON object by hand, then run init again (nothing was written)`,
    });
    return plan;
  }
  plan.state.hooks ??= merged.baseline;
  plan.edits.push({
    rel: CODEX_HOOKS_FILE,
    before: input.hooksText,
    after: merged.text,
    detail: "Codex hook registrations",
  });
  if (input.sandbox) {
    const readOnly = codexReadOnlyPaths(input.settingsExists);
    const added = addCodexSandbox(input.configText, readOnly, input.previous?.sandbox?.separator ?? "");
    if (!added.ok) plan.problems.push({ problem: added.problem, fix: added.fix });
    else {
      plan.edits.push({
        rel: CODEX_CONFIG_FILE,
        before: input.configText,
        after: added.text,
        detail: `Codex sandbox profile: ${readOnly.join(", ")} read-only`,
      });
      plan.state.sandbox = {
        created: input.previous?.sandbox?.created ?? input.configText === null,
        separator: added.separator,
        readOnly,
      };
    }
  } else if (plan.state.sandbox) {
    plan.notes.push(
      "the Codex sandbox profile from an earlier init --sandbox stays in .codex/config.toml (init --uninstall removes it)",
    );
  }
  return plan;
}

export function planCodexUninstall(input: {
  hooksText: string | null;
  configText: string | null;
  state: CodexState | null;
}): { edits: ConfigEdit[]; problems: { problem: string; fix: string }[] } {
  const edits: ConfigEdit[] = [];
  const problems: { problem: string; fix: string }[] = [];
  if (input.hooksText !== null) {
    const removed = removeRegistrations(input.hooksText, input.state?.hooks ?? undefined);
    if (!removed.ok)
      problems.push({
        problem: `${CODEX_HOOKS_FILE} cannot be edited: ${removed.problem}`,
        fix: `make ${CODEX_HOOKS_FILE} a valid JSON object by hand, then run init --uninstall again`,
      });
    else if (removed.changed)
      edits.push({
        rel: CODEX_HOOKS_FILE,
        before: input.hooksText,
        after: removed.deleteFile ? null : removed.text,
        detail: `${removed.removed} Codex hook handler(s) removed`,
      });
  }
  if (input.configText !== null && input.state?.sandbox) {
    const removed = removeCodexSandbox(input.configText, input.state.sandbox.separator);
    if (removed.changed)
      edits.push({
        rel: CODEX_CONFIG_FILE,
        before: input.configText,
        after: input.state.sandbox.created && removed.text === "" ? null : removed.text,
        detail: "Codex sandbox profile removed",
      });
  }
  return { edits, problems };
}
