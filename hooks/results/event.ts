// A PostToolUse / PostToolUseFailure (Bash) hook input -> what the classifier needs: the text, how the
// command ended, whether it was backgrounded. Shared by the report hook and `run-tests-skill classify`
// (which accepts a saved hook input). File reading is passed in.
import * as v from "valibot";
import {
  BashToolInput,
  BashToolResponse,
  PostToolUseFailureInput,
  PostToolUseInput,
} from "../contract/input.ts";
import type { OutputInput } from "./analyze.ts";

export const PostBashInput = v.variant("hook_event_name", [PostToolUseInput, PostToolUseFailureInput]);
export type PostBashInput = v.InferOutput<typeof PostBashInput>;

export type ReadPersisted = (path: string) => { text: string; cut: boolean } | null;

export type EventText =
  | { ok: true; command: string; input: Omit<OutputInput, "profile" | "report"> }
  | { ok: false; skip: string };

export function eventText(input: PostBashInput, readPersisted: ReadPersisted): EventText {
  if (input.tool_name !== "Bash") return { ok: false, skip: "not a Bash call" };
  const toolInput = v.safeParse(BashToolInput, input.tool_input);
  if (!toolInput.success) return { ok: false, skip: "no command in tool_input" };
  const command = toolInput.output.command;
  if (input.hook_event_name === "PostToolUseFailure") {
    return {
      ok: true,
      command,
      input: {
        text: input.error,
        fromFailure: true,
        userInterrupted: input.is_interrupt === true,
        command,
        ...(input.cwd ? { projectRoot: input.cwd } : {}),
      },
    };
  }
  const parsed = v.safeParse(BashToolResponse, input.tool_response);
  const r = parsed.success ? parsed.output : {};
  if (r.backgroundTaskId && toolInput.output.run_in_background === true && r.timedOutAfterMs === undefined)
    return { ok: false, skip: "started in the background on purpose; no result yet" };
  let text = [r.stdout ?? "", r.stderr ?? ""].filter(Boolean).join("\n");
  let textCut = false;
  if (r.persistedOutputPath) {
    const persisted = readPersisted(r.persistedOutputPath);
    if (persisted) {
      text = persisted.text;
      textCut = persisted.cut;
    } else textCut = true;
  }
  return {
    ok: true,
    command,
    input: {
      text,
      fromFailure: false,
      textCut,
      // No exit code to go by (a host that does not report it): as for a benign non-zero, none is assumed.
      benignNonZero: r.returnCodeInterpretation !== undefined || r.exitCodeUnknown === true,
      backgrounded: r.backgroundTaskId !== undefined && r.timedOutAfterMs !== undefined,
      userInterrupted: r.interrupted === true,
      command,
      ...(input.cwd ? { projectRoot: input.cwd } : {}),
      ...(textCut && r.persistedOutputPath ? { fullOutputPath: r.persistedOutputPath } : {}),
    },
  };
}
