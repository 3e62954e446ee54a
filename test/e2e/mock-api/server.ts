// A scripted stand-in for the Anthropic Messages API, enough for the real Claude Code CLI in `-p` mode
// (docs/reference/claude-code-hooks.md §8.3). No dependencies: node:http only.
//
// Turn selection is stateless: a main-loop request (non-empty `tools`) with k assistant messages already in
// `messages` gets script turn k; past the end, a final text with end_turn. So a conversation continued in a
// new process (`claude -p --continue`) simply picks up the script where the transcript left off. Each
// script turn becomes ONE assistant message: keep a turn to one block unless the CLI is known to keep the
// blocks together (text + tool_use may be split into two assistant messages, which would shift k).
//
// Every request is appended to a JSONL log (headers + body + which rule answered). The bodies are the ground
// truth of what the model received; tests assert on them, never on the CLI's own logs.
import { randomBytes } from "node:crypto";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

export type ContentBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id?: string; name: string; input: Record<string, unknown> }
  | { type: string; [key: string]: unknown };

/** One scripted assistant turn. */
export type ScriptTurn =
  | { tool_use: { name: string; input: Record<string, unknown>; id?: string } }
  | { text: string }
  | { blocks: ContentBlock[] };

export interface RequestMessage {
  role: string;
  content: string | Array<{ type: string; [key: string]: unknown }>;
  [key: string]: unknown;
}

export interface MessagesBody {
  model?: string;
  stream?: boolean;
  tools?: unknown[];
  messages?: RequestMessage[];
  [key: string]: unknown;
}

export interface LoggedRequest {
  seq: number;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** Which rule answered: "main:turnK", "main:final", "side", "count_tokens", "models", "probe", "404". */
  rule: string;
  reply?: unknown;
}

export interface MockOptions {
  /** Turns for main-loop requests. A function is called per request (lets a test swap the script). */
  script: ScriptTurn[] | (() => ScriptTurn[]);
  /** Text of the reply once the script is exhausted. */
  finalText?: string;
  /** Append each request as one JSON line here. */
  logFile?: string;
  model?: string;
}

export interface MockServer {
  url: string;
  port: number;
  /** Every request so far, in arrival order. */
  requests: LoggedRequest[];
  /** Main-loop `POST /v1/messages` requests only. */
  mainRequests(): LoggedRequest[];
  /** Requests answered with 404 (routes the mock does not know; worth a look when the CLI changes). */
  unknownRoutes(): LoggedRequest[];
  setScript(script: ScriptTurn[]): void;
  close(): Promise<void>;
}

export const DEFAULT_FINAL_TEXT = "MOCK-FINAL: done.";
const DEFAULT_MODEL = "claude-opus-5-5";

/** True for requests of the agent loop (the ones the script answers): they carry the tool list. */
export function isMainLoop(body: MessagesBody): boolean {
  return Array.isArray(body.tools) && body.tools.length > 0;
}

export function assistantCount(body: MessagesBody): number {
  return (body.messages ?? []).filter((m) => m.role === "assistant").length;
}

export interface Reply {
  rule: string;
  content: ContentBlock[];
  stop_reason: "end_turn" | "tool_use";
}

let toolCounter = 0;
function toolId(): string {
  toolCounter += 1;
  return `toolu_mock_${randomBytes(8).toString("hex")}${toolCounter.toString(16).padStart(4, "0")}`;
}

function turnBlocks(turn: ScriptTurn): ContentBlock[] {
  if ("tool_use" in turn)
    return [
      {
        type: "tool_use",
        id: turn.tool_use.id ?? toolId(),
        name: turn.tool_use.name,
        input: turn.tool_use.input,
      },
    ];
  if ("text" in turn) return [{ type: "text", text: turn.text }];
  return turn.blocks.map((b) => (b.type === "tool_use" && !b.id ? { ...b, id: toolId() } : b));
}

/** In a scripted tool input, this placeholder becomes the id of the last background task the model was
 *  told about (a TaskStop needs an id the script cannot know in advance). */
export const LAST_TASK_ID = "$LAST_BACKGROUND_TASK_ID";

/** The last background task id in the request's tool results (`with ID: x` / `(ID: x)`), or null. */
export function lastBackgroundTaskId(body: MessagesBody): string | null {
  let found: string | null = null;
  for (const m of body.messages ?? []) {
    if (typeof m.content === "string") continue;
    for (const b of m.content) {
      if (b.type !== "tool_result") continue;
      const text = typeof b.content === "string" ? b.content : JSON.stringify(b.content ?? "");
      for (const hit of text.matchAll(/(?:with ID: |\(ID: )(\w+)/g)) found = hit[1] ?? found;
    }
  }
  return found;
}

function fillTaskId(turn: ScriptTurn, body: MessagesBody): ScriptTurn {
  const text = JSON.stringify(turn);
  if (!text.includes(LAST_TASK_ID)) return turn;
  const id = lastBackgroundTaskId(body) ?? "no-background-task-seen";
  return JSON.parse(text.split(LAST_TASK_ID).join(id)) as ScriptTurn;
}

/** The reply for one `POST /v1/messages` body: pure, so it is unit-tested without a socket. */
export function chooseReply(body: MessagesBody, script: ScriptTurn[], finalText = DEFAULT_FINAL_TEXT): Reply {
  if (!isMainLoop(body))
    return { rule: "side", content: [{ type: "text", text: "MOCK-SIDE" }], stop_reason: "end_turn" };
  const k = assistantCount(body);
  const turn = script[k] ? fillTaskId(script[k] as ScriptTurn, body) : undefined;
  const content = turn ? turnBlocks(turn) : [{ type: "text", text: finalText }];
  const stop_reason = content.some((b) => b.type === "tool_use") ? "tool_use" : "end_turn";
  return { rule: turn ? `main:turn${k}` : "main:final", content, stop_reason };
}

function messageId(): string {
  return `msg_mock_${randomBytes(10).toString("hex")}`;
}

const USAGE = {
  input_tokens: 10,
  output_tokens: 1,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
};

export function jsonMessage(reply: Reply, model: string): Record<string, unknown> {
  return {
    id: messageId(),
    type: "message",
    role: "assistant",
    model,
    content: reply.content,
    stop_reason: reply.stop_reason,
    stop_sequence: null,
    usage: { ...USAGE, output_tokens: 5 },
  };
}

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The reply as an Anthropic streaming event sequence (message_start ... message_stop). */
export function sseMessage(reply: Reply, model: string): string {
  const parts = [
    sse("message_start", {
      type: "message_start",
      message: {
        id: messageId(),
        type: "message",
        role: "assistant",
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: USAGE,
      },
    }),
  ];
  reply.content.forEach((block, index) => {
    if (block.type === "text") {
      parts.push(
        sse("content_block_start", {
          type: "content_block_start",
          index,
          content_block: { type: "text", text: "" },
        }),
        sse("content_block_delta", {
          type: "content_block_delta",
          index,
          delta: { type: "text_delta", text: (block as { text: string }).text },
        }),
      );
    } else if (block.type === "tool_use") {
      const { id, name, input } = block as { id: string; name: string; input: unknown };
      parts.push(
        sse("content_block_start", {
          type: "content_block_start",
          index,
          content_block: { type: "tool_use", id, name, input: {} },
        }),
        sse("content_block_delta", {
          type: "content_block_delta",
          index,
          delta: { type: "input_json_delta", partial_json: JSON.stringify(input) },
        }),
      );
    } else {
      parts.push(sse("content_block_start", { type: "content_block_start", index, content_block: block }));
    }
    parts.push(sse("content_block_stop", { type: "content_block_stop", index }));
  });
  parts.push(
    sse("message_delta", {
      type: "message_delta",
      delta: { stop_reason: reply.stop_reason, stop_sequence: null },
      usage: { output_tokens: 5 },
    }),
    sse("message_stop", { type: "message_stop" }),
  );
  return parts.join("");
}

function modelObject(id: string): Record<string, unknown> {
  return { type: "model", id, display_name: id, created_at: "2026-01-01T00:00:00Z" };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "request-id": `req_mock_${randomBytes(6).toString("hex")}`,
    ...extra,
  });
  res.end(text);
}

export async function startMockApi(options: MockOptions): Promise<MockServer> {
  let script = options.script;
  const model = options.model ?? DEFAULT_MODEL;
  const requests: LoggedRequest[] = [];
  if (options.logFile) writeFileSync(options.logFile, "");

  const record = (entry: LoggedRequest) => {
    requests.push(entry);
    if (options.logFile) appendFileSync(options.logFile, `${JSON.stringify(entry)}\n`);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? "GET";
    const url = req.url ?? "/";
    const path = url.split("?")[0] ?? "/";
    const raw = await readBody(req);
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      // keep the raw text in the log
    }
    const entry: LoggedRequest = {
      seq: requests.length + 1,
      method,
      url,
      headers: req.headers,
      body,
      rule: "",
    };

    if (method === "POST" && path === "/v1/messages") {
      const msgBody = (body ?? {}) as MessagesBody;
      const turns = typeof script === "function" ? script() : script;
      const reply = chooseReply(msgBody, turns, options.finalText);
      const replyModel = typeof msgBody.model === "string" ? msgBody.model : model;
      entry.rule = reply.rule;
      entry.reply = reply.content;
      record(entry);
      if (msgBody.stream) {
        res.writeHead(200, {
          "content-type": "text/event-stream",
          "cache-control": "no-cache",
          "request-id": `req_mock_${randomBytes(6).toString("hex")}`,
        });
        res.end(sseMessage(reply, replyModel));
      } else {
        send(res, 200, jsonMessage(reply, replyModel));
      }
      return;
    }
    if (method === "POST" && path === "/v1/messages/count_tokens") {
      entry.rule = "count_tokens";
      record(entry);
      send(res, 200, { input_tokens: 42 });
      return;
    }
    if (method === "GET" && path === "/v1/models") {
      entry.rule = "models";
      record(entry);
      send(res, 200, { data: [modelObject(model)], has_more: false, first_id: model, last_id: model });
      return;
    }
    if (method === "GET" && path.startsWith("/v1/models/")) {
      entry.rule = "models";
      record(entry);
      send(res, 200, modelObject(decodeURIComponent(path.slice("/v1/models/".length))));
      return;
    }
    if (
      (method === "HEAD" && (path === "/" || path === "/api/hello")) ||
      (method === "GET" && path === "/")
    ) {
      entry.rule = "probe";
      record(entry);
      send(res, 200, {});
      return;
    }
    entry.rule = "404";
    record(entry);
    send(res, 404, {
      type: "error",
      error: { type: "not_found_error", message: `mock: no route ${method} ${path}` },
    });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        send(res, 500, { type: "error", error: { type: "api_error", message: String(error) } });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    mainRequests: () => requests.filter((r) => r.rule.startsWith("main:")),
    unknownRoutes: () => requests.filter((r) => r.rule === "404"),
    setScript(next) {
      script = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// Standalone use, for poking at the CLI by hand:
//   npx tsx test/e2e/mock-api/server.ts SCRIPT.json [LOG.jsonl] [PORT_FILE]
// The script file is re-read on every request, so it can be edited between runs.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [scriptFile, logFile, portFile] = process.argv.slice(2);
  if (!scriptFile) {
    console.error("usage: server.ts SCRIPT.json [LOG.jsonl] [PORT_FILE]");
    process.exit(2);
  }
  const mock = await startMockApi({
    script: () => JSON.parse(readFileSync(scriptFile, "utf8")) as ScriptTurn[],
    ...(logFile ? { logFile } : {}),
  });
  if (portFile) writeFileSync(portFile, String(mock.port));
  console.log(mock.url);
}
