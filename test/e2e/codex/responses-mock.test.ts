// The Responses mock's pure parts: which script turn a request gets, and the session id a poll needs.
import { describe, expect, it } from "vitest";
import { lastSessionId, modelTurnsSoFar, outputItem, startResponsesMock } from "./responses-mock.ts";

describe("Responses mock", () => {
  it("counts the model's own items in input to pick the turn", () => {
    expect(modelTurnsSoFar({ input: [{ type: "message", role: "user", content: "hi" }] })).toBe(0);
    const body = {
      input: [
        { type: "message", role: "user", content: "hi" },
        { type: "function_call", call_id: "c1", name: "exec_command", arguments: "{}" },
        { type: "function_call_output", call_id: "c1", output: "Process running with session ID 4242\n" },
        { type: "message", role: "assistant", content: [{ type: "output_text", text: "Done." }] },
      ],
    };
    expect(modelTurnsSoFar(body)).toBe(2);
    expect(lastSessionId(body)).toBe(4242);
    expect(JSON.parse(String(outputItem({ poll: true }, body).arguments)).session_id).toBe(4242);
  });

  it("answers POST /v1/responses with the SSE sequence Codex needs, and logs the body", async () => {
    const mock = await startResponsesMock([{ shell: "ls" }]);
    try {
      const r = await fetch(`${mock.url}/responses`, {
        method: "POST",
        body: JSON.stringify({ model: "m", input: [] }),
      });
      const text = await r.text();
      expect(text.match(/^event: (.+)$/gm)).toEqual([
        "event: response.created",
        "event: response.output_item.done",
        "event: response.completed",
      ]);
      expect(text).toContain('\\"cmd\\":\\"ls\\"');
      expect(mock.requests[0]?.rule).toBe("turn0");
    } finally {
      await mock.close();
    }
  });
});
