// Codex CLI as a host (observed with 0.169.0; ../shared/reference/codex-hooks.md). What differs from Claude
// Code at the hook edge, and how each difference is met:
// - PostToolUse `tool_response` is the command's output as one string (stdout and stderr together) with no
//   exit code: it becomes `{stdout: <string>, stderr: ""}`, so the report reads what pytest itself printed
//   (its summary line, the FAILED lines); the exit code is never guessed (`exitCodeUnknown`): output without
//   pytest's summary line is "interrupted", never "pass".
// - No `prompt_id`; every event but SessionStart carries `turn_id`, which plays its part (skill turns).
// - `transcript_path` may be null (documented): dropped rather than rejected.
// - No UserPromptExpansion and no Skill tool: typing `$run-tests ...` injects the skill, and the raw prompt
//   reaches UserPromptSubmit. Such a prompt becomes the UserPromptExpansion input the skill-turn hook reads.
// - No CLAUDE_PROJECT_DIR; hooks run in the session's cwd. The project is where the bundle is installed
//   (<project>/.claude/run-tests-skill/bin), whatever folder the session started in.
// - File edits are `apply_patch` calls that reach PreToolUse as a Bash command (`apply_patch <<'EOF' ...`);
//   patchTargets() reads the files a patch writes, for the file guard.
// - A hook that fails, hangs or prints bad JSON lets the command run (fail open): the guarantee there is
//   Codex's own sandbox (hooks/hosts/codex-sandbox.ts), not the guard.
import { basename, dirname, resolve } from "node:path";

/** `$name` at the start of a word: how a Codex prompt invokes a skill. */
const SKILL_MENTION = /(?:^|\s)\$([A-Za-z][\w:.-]*)/;

export function adaptCodexInput(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...input };
  if (out.transcript_path === null) delete out.transcript_path;
  if (out.prompt_id === undefined && typeof out.turn_id === "string") out.prompt_id = out.turn_id;
  const event = out.hook_event_name;
  if (event === "PostToolUse" && typeof out.tool_response === "string")
    out.tool_response = { stdout: out.tool_response, stderr: "", exitCodeUnknown: true };
  if (event === "UserPromptSubmit" && typeof out.prompt === "string") {
    const mention = SKILL_MENTION.exec(out.prompt);
    if (mention?.[1]) {
      const after = out.prompt.slice((mention.index ?? 0) + mention[0].length).trim();
      out.hook_event_name = "UserPromptExpansion";
      out.expansion_type = "skill";
      out.command_name = mention[1];
      out.command_args = after;
      out.command_source = "codex";
    }
  }
  return out;
}

/** The project an init install serves: the bundle sits in <project>/.claude/run-tests-skill/bin. */
export function projectOfBundle(bundleDir: string): string | null {
  const install = dirname(resolve(bundleDir));
  if (basename(resolve(bundleDir)) !== "bin" || basename(install) !== "run-tests-skill") return null;
  if (basename(dirname(install)) !== ".claude") return null;
  return dirname(dirname(install));
}

/** The command line of an `apply_patch` call as Codex hands it to PreToolUse, or null for anything else. */
export function isApplyPatch(command: string): boolean {
  return /^\s*(?:apply_patch|applypatch)\b/.test(command);
}

/** Every file a patch writes, deletes or moves to (`*** Add File:`, `Update File:`, `Delete File:`,
 *  `Move to:`), as written in the patch (relative to the session's cwd unless absolute). */
export function patchTargets(patch: string): string[] {
  const targets: string[] = [];
  for (const line of patch.split(/\r?\n/)) {
    const hit = /^\*\*\* (?:Add File|Update File|Delete File|Move to): (.+)$/.exec(line);
    if (hit?.[1]) targets.push(hit[1].trim());
  }
  return [...new Set(targets)];
}
