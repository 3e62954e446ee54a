// Hook stdout shapes (docs/reference/claude-code-hooks.md §3). `hookEventName` must equal the firing
// event or Claude Code ignores the whole answer, so builders take the event as a literal.
import * as v from "valibot";

export const PreToolUseOutput = v.object({
  hookSpecificOutput: v.object({
    hookEventName: v.literal("PreToolUse"),
    permissionDecision: v.literal("deny"),
    permissionDecisionReason: v.string(),
  }),
});
export type PreToolUseOutput = v.InferOutput<typeof PreToolUseOutput>;

export const AdditionalContextOutput = v.object({
  hookSpecificOutput: v.object({
    hookEventName: v.picklist([
      "PostToolUse",
      "PostToolUseFailure",
      "SessionStart",
      "UserPromptExpansion",
      "UserPromptSubmit",
    ]),
    additionalContext: v.string(),
  }),
});
export type AdditionalContextOutput = v.InferOutput<typeof AdditionalContextOutput>;

/** Stop: make Claude Code continue; the reason reaches the model as "Stop hook feedback". */
export const StopBlockOutput = v.object({ decision: v.literal("block"), reason: v.string() });
export type StopBlockOutput = v.InferOutput<typeof StopBlockOutput>;

/** Any event: a line shown to the user only (not to the model). */
export const SystemMessageOutput = v.object({ systemMessage: v.string() });
export type SystemMessageOutput = v.InferOutput<typeof SystemMessageOutput>;

export type HookOutput = PreToolUseOutput | AdditionalContextOutput | StopBlockOutput | SystemMessageOutput;

/** Claude Code caps additionalContext and reasons at 10,000 characters; stay well below. */
export const MAX_MODEL_TEXT = 8_000;

function clip(text: string): string {
  return text.length <= MAX_MODEL_TEXT ? text : `${text.slice(0, MAX_MODEL_TEXT - 20)}\n… (shortened)`;
}

export function denyOutput(reason: string): PreToolUseOutput {
  return {
    hookSpecificOutput: {
      hookEventName: "PreToolUse",
      permissionDecision: "deny",
      permissionDecisionReason: clip(reason),
    },
  };
}

export function contextOutput(
  event: AdditionalContextOutput["hookSpecificOutput"]["hookEventName"],
  text: string,
): AdditionalContextOutput {
  return { hookSpecificOutput: { hookEventName: event, additionalContext: clip(text) } };
}

export function stopBlockOutput(reason: string): StopBlockOutput {
  return { decision: "block", reason: clip(reason) };
}

export function systemMessageOutput(text: string): SystemMessageOutput {
  return { systemMessage: clip(text) };
}
