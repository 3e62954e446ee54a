// The thin edge shared by every hook entry: read stdin to the end, parse once, print one JSON object.
// Bad input never blocks: the entry logs one line on stderr and exits 0 with no decision.
import { writeSync } from "node:fs";
import * as v from "valibot";
import { currentHost } from "../hosts/host.ts";
import type { HookOutput } from "./output.ts";

export async function readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Decode hook stdin against a schema; the problem text is one line, for stderr. */
export function parseHookInput<S extends v.GenericSchema>(raw: string, schema: S): Parsed<v.InferOutput<S>> {
  const text = raw.trim();
  if (text === "") return { ok: false, problem: "empty stdin" };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `stdin is not JSON (${(error as Error).message})` };
  }
  // The running host's input in the core's shape (hooks/hosts/): a no-op under Claude Code.
  const result = v.safeParse(schema, hostInput(json));
  if (!result.success) {
    const issue = result.issues[0];
    const path = issue ? v.getDotPath(issue) : null;
    return {
      ok: false,
      problem: `unexpected hook input${path ? ` at ${path}` : ""}: ${issue?.message ?? "?"}`,
    };
  }
  return { ok: true, value: result.output };
}

/** A parsed hook input as the core reads it, whichever host sent it. */
export function hostInput(json: unknown): unknown {
  return json !== null && typeof json === "object" && !Array.isArray(json)
    ? currentHost().adaptInput(json as Record<string, unknown>)
    : json;
}

/**
 * Writes `text` to descriptor 1 or 2 in synchronous writes. `process.stdout` on a pipe (how every host runs a
 * hook) loads node's whole stream stack first: ~6 ms CPU on each deny, before every Bash call
 * (test/bench/guard-layouts.ts).
 * A descriptor its reader left non-blocking can refuse a write (EAGAIN); what is left then goes through the
 * stream, which waits for the reader. A reader that is gone (EPIPE) has nobody left to tell.
 */
export function writeOut(fd: 1 | 2, text: string): void {
  const bytes = Buffer.from(text, "utf8");
  let at = 0;
  try {
    while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EPIPE") return;
    if (code !== "EAGAIN") throw error;
    (fd === 1 ? process.stdout : process.stderr).write(bytes.subarray(at));
  }
}

export function emit(output: HookOutput | null): void {
  if (output) writeOut(1, `${JSON.stringify(output)}\n`);
}

export function warn(hook: string, message: string): void {
  writeOut(2, `run-tests-skill ${hook}: ${message}\n`);
}
