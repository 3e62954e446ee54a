// Hook stdin shapes, as observed with Claude Code 2.1.332 (docs/reference/claude-code-hooks.md §2).
// Declared once as valibot schemas; the TypeScript types are derived from them.
// Unknown keys are kept (looseObject): Claude Code adds fields between versions.
import * as v from "valibot";

const common = {
  session_id: v.optional(v.string()),
  transcript_path: v.optional(v.string()),
  cwd: v.optional(v.string()),
  permission_mode: v.optional(v.string()),
  prompt_id: v.optional(v.string()),
  agent_id: v.optional(v.string()),
  agent_type: v.optional(v.string()),
};

export const BashToolInput = v.looseObject({
  command: v.string(),
  description: v.optional(v.string()),
  timeout: v.optional(v.number()),
  run_in_background: v.optional(v.boolean()),
});
export type BashToolInput = v.InferOutput<typeof BashToolInput>;

export const BashToolResponse = v.looseObject({
  stdout: v.optional(v.string()),
  stderr: v.optional(v.string()),
  interrupted: v.optional(v.boolean()),
  returnCodeInterpretation: v.optional(v.string()),
  backgroundTaskId: v.optional(v.string()),
  timedOutAfterMs: v.optional(v.number()),
  persistedOutputPath: v.optional(v.string()),
  persistedOutputSize: v.optional(v.number()),
  /** Set by a host adapter whose PostToolUse does not say how the command exited (Codex: hooks/hosts/):
   *  the exit code is unknown, never assumed 0, so only pytest's own output can say "pass". */
  exitCodeUnknown: v.optional(v.boolean()),
});
export type BashToolResponse = v.InferOutput<typeof BashToolResponse>;

export const PreToolUseInput = v.looseObject({
  ...common,
  hook_event_name: v.literal("PreToolUse"),
  tool_name: v.string(),
  tool_input: v.record(v.string(), v.unknown()),
  tool_use_id: v.optional(v.string()),
});
export type PreToolUseInput = v.InferOutput<typeof PreToolUseInput>;

export const PostToolUseInput = v.looseObject({
  ...common,
  hook_event_name: v.literal("PostToolUse"),
  tool_name: v.string(),
  tool_input: v.record(v.string(), v.unknown()),
  tool_response: v.unknown(),
  tool_use_id: v.optional(v.string()),
  duration_ms: v.optional(v.number()),
});
export type PostToolUseInput = v.InferOutput<typeof PostToolUseInput>;

export const PostToolUseFailureInput = v.looseObject({
  ...common,
  hook_event_name: v.literal("PostToolUseFailure"),
  tool_name: v.string(),
  tool_input: v.record(v.string(), v.unknown()),
  tool_use_id: v.optional(v.string()),
  error: v.string(),
  is_interrupt: v.optional(v.boolean()),
  duration_ms: v.optional(v.number()),
});
export type PostToolUseFailureInput = v.InferOutput<typeof PostToolUseFailureInput>;

export const UserPromptExpansionInput = v.looseObject({
  ...common,
  hook_event_name: v.literal("UserPromptExpansion"),
  expansion_type: v.optional(v.string()),
  command_name: v.optional(v.string()),
  command_args: v.optional(v.string()),
  command_source: v.optional(v.string()),
  prompt: v.optional(v.string()),
});
export type UserPromptExpansionInput = v.InferOutput<typeof UserPromptExpansionInput>;

export const SessionStartInput = v.looseObject({
  ...common,
  hook_event_name: v.literal("SessionStart"),
  source: v.optional(v.string()),
});
export type SessionStartInput = v.InferOutput<typeof SessionStartInput>;

export const StopInput = v.looseObject({
  ...common,
  hook_event_name: v.literal("Stop"),
  /** True when this stop follows a Stop hook's block: the hook must not block again. */
  stop_hook_active: v.optional(v.boolean()),
  last_assistant_message: v.optional(v.string()),
});
export type StopInput = v.InferOutput<typeof StopInput>;

export const HookInput = v.variant("hook_event_name", [
  PreToolUseInput,
  PostToolUseInput,
  PostToolUseFailureInput,
  UserPromptExpansionInput,
  SessionStartInput,
]);
export type HookInput = v.InferOutput<typeof HookInput>;
export type HookEventName = HookInput["hook_event_name"];
