// A scripted stand-in for the OpenAI Responses API (`POST /v1/responses`, SSE), enough for the real Codex CLI
// in `codex exec` (../shared/reference/codex-hooks.md, "Setup"). node:http only.
//
// Turn selection is stateless, like the Anthropic mock beside it: a request whose `input` already holds k
// items the model produced (function calls and assistant messages) gets script turn k; past the end, a final
// assistant message. So a Stop hook's continuation simply gets the next turn.
//
// Every request body is appended to a JSONL log: what the model received is the ground truth tests assert on.
import { randomBytes } from "node:crypto";
import { appendFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One scripted model turn: a shell call (exec_command) or a final message. */
export type CodexTurn =
  | { shell: string; yieldMs?: number }
  /** Poll the last command still running (`write_stdin` with the session id its output named). */
  | { poll: true }
  | { call: { name: string; arguments: Record<string, unknown> } }
  | { text: string };

export interface InputItem {
  type?: string;
  role?: string;
  content?: unknown;
  name?: string;
  call_id?: string;
  output?: unknown;
  arguments?: string;
  [key: string]: unknown;
}

export interface ResponsesBody {
  model?: string;
  input?: InputItem[];
  tools?: unknown[];
  [key: string]: unknown;
}

export interface LoggedResponsesRequest {
  seq: number;
  url: string;
  body: ResponsesBody;
  rule: string;
}

export const CODEX_FINAL_TEXT = "MOCK-FINAL: done.";

/** Items of the model's own in `input`: each answered one earlier request. */
export function modelTurnsSoFar(body: ResponsesBody): number {
  return (body.input ?? []).filter(
    (item) =>
      item.type === "function_call" ||
      item.type === "custom_tool_call" ||
      (item.type === "message" && item.role === "assistant"),
  ).length;
}

const id = (prefix: string) => `${prefix}_${randomBytes(8).toString("hex")}`;

/** The output item for one turn. The shell call keeps the caller's PATH (`login: false`) and waits up to
 *  30 s for the command (codex-hooks.md, "The model's shell tool"). */
export function outputItem(turn: CodexTurn | undefined, body: ResponsesBody = {}): Record<string, unknown> {
  if (turn && "shell" in turn)
    return {
      type: "function_call",
      id: id("fc"),
      call_id: id("call"),
      name: "exec_command",
      arguments: JSON.stringify({ cmd: turn.shell, login: false, yield_time_ms: turn.yieldMs ?? 30000 }),
    };
  if (turn && "poll" in turn)
    return {
      type: "function_call",
      id: id("fc"),
      call_id: id("call"),
      name: "write_stdin",
      arguments: JSON.stringify({ session_id: lastSessionId(body), chars: "", yield_time_ms: 30000 }),
    };
  if (turn && "call" in turn)
    return {
      type: "function_call",
      id: id("fc"),
      call_id: id("call"),
      name: turn.call.name,
      arguments: JSON.stringify(turn.call.arguments),
    };
  const text = turn && "text" in turn ? turn.text : CODEX_FINAL_TEXT;
  return {
    type: "message",
    id: id("msg"),
    role: "assistant",
    status: "completed",
    content: [{ type: "output_text", text, annotations: [] }],
  };
}

/** The session id of the last command Codex reported as still running (`Process running with session ID N`). */
export function lastSessionId(body: ResponsesBody): number {
  let found = -1;
  for (const item of body.input ?? [])
    for (const hit of itemText(item).matchAll(/Process running with session ID (\d+)/g))
      found = Number(hit[1]);
  return found;
}

function sse(event: string, data: Record<string, unknown>): string {
  return `event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`;
}

export function sseReply(item: Record<string, unknown>, model: string): string {
  const responseId = id("resp");
  const usage = {
    input_tokens: 10,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: 5,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 15,
  };
  return [
    sse("response.created", { response: { id: responseId, model, status: "in_progress", output: [] } }),
    sse("response.output_item.done", { output_index: 0, item }),
    sse("response.completed", {
      response: { id: responseId, model, status: "completed", output: [item], usage },
    }),
  ].join("");
}

export interface ResponsesMock {
  url: string;
  port: number;
  requests: LoggedResponsesRequest[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startResponsesMock(script: CodexTurn[], logFile?: string): Promise<ResponsesMock> {
  const requests: LoggedResponsesRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const text = await readBody(req);
      let body: ResponsesBody = {};
      try {
        body = JSON.parse(text) as ResponsesBody;
      } catch {}
      const seq = requests.length;
      if (req.method !== "POST" || !req.url?.endsWith("/responses")) {
        requests.push({ seq, url: req.url ?? "", body, rule: "404" });
        res.writeHead(404).end();
        return;
      }
      const k = modelTurnsSoFar(body);
      const turn = script[k];
      const rule = turn ? `turn${k}` : "final";
      const entry = { seq, url: req.url, body, rule };
      requests.push(entry);
      if (logFile) appendFileSync(logFile, `${JSON.stringify(entry)}\n`);
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      res.end(sseReply(outputItem(turn, body), body.model ?? "mock-model"));
    })();
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** The text of every input item, flattened (message content parts, function_call_output strings). */
export function itemText(item: InputItem): string {
  if (typeof item.output === "string") return item.output;
  if (typeof item.content === "string") return item.content;
  if (Array.isArray(item.content))
    return item.content.map((part) => (part as { text?: string }).text ?? "").join("\n");
  return "";
}
