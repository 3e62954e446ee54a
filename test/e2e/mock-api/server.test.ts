// The mock Messages API on its own: SSE framing read back like a client would, stateless turn selection,
// the side routes and the request log.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assistantCount,
  chooseReply,
  LAST_TASK_ID,
  lastBackgroundTaskId,
  type MessagesBody,
  type MockServer,
  startMockApi,
} from "./server.ts";

const TOOLS = [{ name: "Bash", input_schema: { type: "object" } }];

function body(assistantTurns: number, extra: Partial<MessagesBody> = {}): MessagesBody {
  const messages: MessagesBody["messages"] = [
    { role: "user", content: "go" },
    // Claude Code 2.1.332 puts system entries inside messages; they must not count.
    { role: "system", content: [{ type: "text", text: "# Environment" }] },
  ];
  for (let i = 0; i < assistantTurns; i++) {
    messages.push({ role: "assistant", content: [{ type: "text", text: `a${i}` }] });
    messages.push({ role: "user", content: [{ type: "text", text: `u${i}` }] });
  }
  return { model: "m-echo", tools: TOOLS, messages, ...extra };
}

/** Parses an SSE stream into (event, data) pairs, checking each frame's shape. */
function parseSse(text: string): Array<{ event: string; data: Record<string, unknown> }> {
  expect(text.endsWith("\n\n")).toBe(true);
  return text
    .slice(0, -2)
    .split("\n\n")
    .map((frame) => {
      const lines = frame.split("\n");
      expect(lines).toHaveLength(2);
      const [eventLine = "", dataLine = ""] = lines;
      expect(eventLine).toMatch(/^event: \w+$/);
      expect(dataLine).toMatch(/^data: \{/);
      const data = JSON.parse(dataLine.slice("data: ".length)) as Record<string, unknown>;
      const event = eventLine.slice("event: ".length);
      expect(data.type).toBe(event);
      return { event, data };
    });
}

/** Rebuilds the assistant message from the stream the way the SDK accumulates it. */
function accumulate(events: Array<{ event: string; data: Record<string, unknown> }>) {
  const blocks: Array<Record<string, unknown>> = [];
  const partial: string[] = [];
  let stop: unknown;
  for (const { event, data } of events) {
    const index = data.index as number;
    if (event === "content_block_start") {
      blocks[index] = { ...(data.content_block as Record<string, unknown>) };
      partial[index] = "";
    } else if (event === "content_block_delta") {
      const delta = data.delta as Record<string, string>;
      const block = blocks[index] as Record<string, unknown>;
      if (delta.type === "text_delta") block.text = `${block.text}${delta.text}`;
      if (delta.type === "input_json_delta")
        partial[index] = `${partial[index] ?? ""}${delta.partial_json ?? ""}`;
    } else if (event === "content_block_stop") {
      const block = blocks[index] as Record<string, unknown>;
      if (block.type === "tool_use") block.input = JSON.parse(partial[index] || "{}");
    } else if (event === "message_delta") {
      stop = (data.delta as Record<string, unknown>).stop_reason;
    }
  }
  return { blocks, stop, names: events.map((e) => e.event) };
}

describe("turn selection", () => {
  const script = [
    { tool_use: { name: "Bash", input: { command: "echo one" } } },
    { text: "between" },
    { blocks: [{ type: "tool_use", name: "Skill", input: { skill: "run-tests", args: "-v" } }] },
  ];

  it("answers turn k for k assistant messages, ignoring system entries", () => {
    expect(assistantCount(body(2))).toBe(2);
    expect(chooseReply(body(0), script)).toMatchObject({
      rule: "main:turn0",
      stop_reason: "tool_use",
      content: [{ type: "tool_use", name: "Bash", input: { command: "echo one" } }],
    });
    expect(chooseReply(body(1), script)).toMatchObject({
      rule: "main:turn1",
      stop_reason: "end_turn",
      content: [{ type: "text", text: "between" }],
    });
    const raw = chooseReply(body(2), script);
    expect(raw.rule).toBe("main:turn2");
    expect(raw.content[0]).toMatchObject({ type: "tool_use", name: "Skill" });
    expect(String((raw.content[0] as { id: string }).id)).toMatch(/^toolu_mock_/);
  });

  it("ends the turn with the final text past the script, and answers side requests generically", () => {
    expect(chooseReply(body(3), script, "FIN")).toMatchObject({
      rule: "main:final",
      stop_reason: "end_turn",
      content: [{ type: "text", text: "FIN" }],
    });
    expect(chooseReply(body(0, { tools: [] }), script).rule).toBe("side");
    expect(chooseReply({ messages: [] }, script).rule).toBe("side");
  });

  it("gives every tool_use a fresh id", () => {
    const a = chooseReply(body(0), script).content[0] as { id: string };
    const b = chooseReply(body(0), script).content[0] as { id: string };
    expect(a.id).not.toBe(b.id);
  });
});

describe("background task id placeholder", () => {
  const result = (text: string) => ({
    role: "user",
    content: [{ type: "tool_result", tool_use_id: "t", content: text }],
  });
  const launched = "Command running in background with ID: b0yz4jkof. Output is being written to: /x.";
  const moved =
    "Command did not complete within its 1s timeout and was moved to the background (ID: bq2). ...";

  it("finds the last task id the tool results name, in either wording", () => {
    expect(lastBackgroundTaskId({ messages: [result(launched)] })).toBe("b0yz4jkof");
    expect(lastBackgroundTaskId({ messages: [result(launched), result(moved)] })).toBe("bq2");
    expect(lastBackgroundTaskId({ messages: [result("plain output")] })).toBeNull();
  });

  it("fills it into a scripted tool input", () => {
    const b: MessagesBody = { tools: TOOLS, messages: [{ role: "user", content: "go" }, result(launched)] };
    const reply = chooseReply(b, [{ tool_use: { name: "TaskStop", input: { task_id: LAST_TASK_ID } } }]);
    expect(reply.content[0]).toMatchObject({
      type: "tool_use",
      name: "TaskStop",
      input: { task_id: "b0yz4jkof" },
    });
  });
});

describe("over HTTP", () => {
  let mock: MockServer;
  let dir: string;
  const post = (path: string, payload: unknown) =>
    fetch(`${mock.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": "dummy" },
      body: JSON.stringify(payload),
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "rts-mock-"));
    mock = await startMockApi({
      script: [{ tool_use: { name: "Bash", input: { command: 'echo "q"' } } }, { text: "all good" }],
      logFile: join(dir, "log.jsonl"),
    });
  });
  afterAll(async () => {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("streams a tool_use turn as well-formed SSE that accumulates back to the scripted block", async () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await post("/v1/messages?beta=true", { ...body(0), stream: true });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    expect(res.headers.get("request-id")).toBeTruthy();
    const events = parseSse(await res.text());
    const { blocks, stop, names } = accumulate(events);
    expect(names).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(events[0]?.data.message).toMatchObject({ model: "m-echo" });
    expect(stop).toBe("tool_use");
    expect(blocks).toEqual([
      {
        type: "tool_use",
        id: expect.stringMatching(/^toolu_mock_/),
        name: "Bash",
        input: { command: 'echo "q"' },
      },
    ]);
  });

  it("streams a text turn, and answers JSON when stream is off", async () => {
    const streamed = accumulate(
      parseSse(await (await post("/v1/messages", { ...body(1), stream: true })).text()),
    );
    expect(streamed.blocks).toEqual([{ type: "text", text: "all good" }]);
    expect(streamed.stop).toBe("end_turn");
    const json = (await (await post("/v1/messages", body(1))).json()) as Record<string, unknown>;
    expect(json).toMatchObject({
      type: "message",
      role: "assistant",
      content: [{ type: "text", text: "all good" }],
      stop_reason: "end_turn",
      stop_sequence: null,
    });
  });

  it("serves count_tokens, models and probes, and logs unknown routes as 404", async () => {
    expect(await (await post("/v1/messages/count_tokens", body(0))).json()).toEqual({ input_tokens: 42 });
    const models = (await (await fetch(`${mock.url}/v1/models`)).json()) as {
      data: unknown[];
      has_more: boolean;
    };
    expect(models.has_more).toBe(false);
    expect(models.data).toHaveLength(1);
    expect(await (await fetch(`${mock.url}/v1/models/claude-x`)).json()).toMatchObject({ id: "claude-x" });
    expect((await fetch(`${mock.url}/api/hello`, { method: "HEAD" })).status).toBe(200);
    const missing = await fetch(`${mock.url}/v1/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ type: "error", error: { type: "not_found_error" } });
    expect(mock.unknownRoutes().map((r) => r.url)).toEqual(["/v1/nope"]);
  });

  it("logs every request with its body and rule, in memory and as JSONL", () => {
    const lines = readFileSync(join(dir, "log.jsonl"), "utf8").trim().split("\n");
    expect(lines).toHaveLength(mock.requests.length);
    const logged = lines.map((l) => JSON.parse(l) as { seq: number; rule: string; body: MessagesBody });
    expect(logged.map((l) => l.seq)).toEqual(mock.requests.map((_, i) => i + 1));
    expect(logged[0]?.rule).toBe("main:turn0");
    expect(logged[0]?.body.messages?.[0]).toEqual({ role: "user", content: "go" });
    expect(mock.mainRequests().map((r) => r.rule)).toEqual(["main:turn0", "main:turn1", "main:turn1"]);
  });
});
