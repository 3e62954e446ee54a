// Crash signatures: reading the final exception out of a failure's text, deciding whether it is
// timeout-shaped (pytest-output.md §13.2), and matching it against a known-flaky entry (§13.3).
import { DEFAULT_TIMEOUT_SIGNATURES } from "../core/profile/schema.ts";
import type { Crash } from "./types.ts";

/** `Type: message`, `Type`, `pkg.mod.Type: message`; never `File "x", line 1` or `Traceback (...)`. */
const EXCEPTION_LINE = /^([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)(?::(?: (.*))?)?$/;
const GROUP_TYPE = /(?:ExceptionGroup|MultiError)$/;
const SUB_EXCEPTIONS = /\(\d+ sub-exceptions?\)\s*$/;

/** Words that make a bare identifier line (no ": message") believable as an exception type. */
const BARE_TYPE_HINT =
  /(?:Error|Exception|Exit|Interrupt|Cancelled|Timeout|TIMEOUT|EOF|Failed|Group|Warning)$/;

export function lastSegment(type: string): string {
  const dot = type.lastIndexOf(".");
  return dot === -1 ? type : type.slice(dot + 1);
}

/** Parse one line that should carry an exception; assertion-rewrite lines (`assert x == y`) become
 *  AssertionError. Returns null for lines that are not exception lines. */
export function parseExceptionLine(raw: string): Crash | null {
  const line = raw.trim();
  if (line === "") return null;
  if (/^assert\b/.test(line)) return { type: "AssertionError", message: line };
  const m = EXCEPTION_LINE.exec(line);
  if (!m) return null;
  const type = m[1] as string;
  const hasColon = line.length > type.length && line[type.length] === ":";
  if (!hasColon && !type.includes(".") && !BARE_TYPE_HINT.test(type)) return null;
  return { type, message: (m[2] ?? "").trim() };
}

/** A summary-line message (`FAILED id - <this>`) as a crash; `...` at the end means pytest cut it. */
export function crashFromSummaryMessage(message: string): Crash {
  let text = message.trim();
  const incomplete = text.endsWith("...");
  if (incomplete) text = text.slice(0, -3).trimEnd();
  // pytest 9: `TooSlowError() [single exception in ExceptionGroup]`
  const single = /^([A-Za-z_][\w.]*)\((.*)\) \[single exception in (\w+)\]$/.exec(text);
  if (single) {
    const leaf: Crash = { type: single[1] as string, message: unquoteRepr(single[2] as string) };
    return { type: single[3] as string, message: text, leaves: [leaf] };
  }
  const parsed = parseExceptionLine(text);
  const crash: Crash = parsed ?? { type: null, message: text };
  if (crash.type && GROUP_TYPE.test(crash.type)) {
    const leaves = leavesFromGroupMessage(crash.message);
    if (leaves) crash.leaves = leaves;
  }
  if (incomplete) crash.incomplete = true;
  return crash;
}

function unquoteRepr(text: string): string {
  const m = /^(['"])(.*)\1$/.exec(text.trim());
  return m ? (m[2] as string) : text.trim();
}

/** trio's MultiError message lists its children as reprs: `TooSlowError(), ValueError('x')`. */
export function leavesFromGroupMessage(message: string): Crash[] | null {
  if (SUB_EXCEPTIONS.test(message) || message === "") return null;
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = "";
  for (const ch of message) {
    if (quote) {
      current += ch;
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    if (ch === "(" || ch === "[" || ch === "{") depth++;
    if (ch === ")" || ch === "]" || ch === "}") depth--;
    if (ch === "," && depth === 0) {
      parts.push(current.trim());
      current = "";
      continue;
    }
    current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  const leaves: Crash[] = [];
  for (const part of parts) {
    const m = /^([A-Za-z_][\w.]*)\((.*)\)$/.exec(part);
    if (!m) return null;
    leaves.push({ type: m[1] as string, message: unquoteRepr(m[2] as string) });
  }
  return leaves.length > 0 ? leaves : null;
}

/** Lines of a failure section, without the `Captured stdout/stderr/log` subsections pytest appends. */
export function withoutCaptured(lines: readonly string[]): readonly string[] {
  const known = cutCache.get(lines);
  if (known) return known;
  const cut = lines.findIndex(
    (l) => l.startsWith("-") && /^-+ Captured (?:stdout|stderr|log|output)\b.* -+$/.test(l),
  );
  const body = cut === -1 ? lines : lines.slice(0, cut);
  cutCache.set(lines, body);
  return body;
}

/** A section's lines are read three times (crash, evidence, location): cut them once. */
const cutCache = new WeakMap<readonly string[], readonly string[]>();

interface EBlock {
  start: number;
  end: number;
  lines: string[];
}

/** The last run of `E   ` lines: the exception pytest says finally escaped. */
function lastEBlock(lines: readonly string[]): EBlock | null {
  let end = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (isELine(lines[i] as string)) {
      end = i;
      break;
    }
  }
  if (end === -1) return null;
  let start = end;
  while (start > 0 && isELine(lines[start - 1] as string)) start--;
  return { start, end, lines: lines.slice(start, end + 1).map((l) => l.slice(1)) };
}

export function isELine(line: string): boolean {
  return line === "E" || line.startsWith("E ");
}

/** Within an E block, the least-indented line is the exception line (`SyntaxError: ...` sits below the
 *  echoed source, an assertion's explanation sits below `assert ...`). */
function crashFromEBlock(block: EBlock): Crash | null {
  const body = block.lines.filter((l) => l.trim() !== "");
  if (body.length === 0) return null;
  const indent = Math.min(...body.map((l) => l.length - l.trimStart().length));
  const first = body.find((l) => l.length - l.trimStart().length === indent) as string;
  return parseExceptionLine(first) ?? { type: null, message: first.trim() };
}

const GROUP_DIVIDER = /^\s*\+(?:-\+)?-+ (?:\d+|\.\.\.) -+$/;
const GROUP_END = /^\s*\+-+$/;
const GROUP_START = /^\s*\+ Exception Group Traceback \(most recent call last\):$/;
export const GROUP_CONTENT = /^\s*\| ?(.*)$/;

interface GroupRendering {
  start: number;
  end: number;
  crash: Crash;
}

/** Python >= 3.11 rendering of an exception group (pytest-output.md §8): the root's own exception line,
 *  then each leaf's final exception line (the last exception line of a divider-delimited segment, so a
 *  leaf's own `Cancelled -> TooSlowError` chain yields TooSlowError). Nested groups are walked through. */
function lastGroupRendering(lines: readonly string[]): GroupRendering | null {
  let start = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (GROUP_START.test(lines[i] as string)) {
      start = i;
      break;
    }
  }
  if (start === -1) return null;
  const segments: string[][] = [[]];
  let end = start;
  let incomplete = false;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (GROUP_DIVIDER.test(line)) {
      segments.push([]);
      end = i;
      if (/ \.\.\. -+$/.test(line)) incomplete = true;
      continue;
    }
    if (GROUP_END.test(line)) {
      end = i;
      segments.push([]);
      continue;
    }
    const m = GROUP_CONTENT.exec(line);
    if (!m) break;
    end = i;
    (segments[segments.length - 1] as string[]).push(m[1] as string);
  }
  const exceptionOf = (segment: string[]): Crash | null => {
    for (let k = segment.length - 1; k >= 0; k--) {
      const text = segment[k] as string;
      if (/^and \d+ more exceptions?$/.test(text.trim())) incomplete = true;
      if (text.startsWith(" ")) continue; // traceback frames and source lines are indented
      const crash = parseExceptionLine(text);
      if (crash?.type) return crash;
    }
    return null;
  };
  const root = exceptionOf(segments[0] ?? []);
  if (!root) return null;
  const leaves: Crash[] = [];
  for (const segment of segments.slice(1)) {
    if (segment.length === 0) continue;
    const crash = exceptionOf(segment);
    if (!crash) continue;
    if (isGroupCrash(crash)) continue; // a nested group: its leaves follow in later segments
    leaves.push(crash);
  }
  const crash: Crash = { ...root, leaves };
  if (incomplete || leaves.length === 0) crash.incomplete = true;
  return { start, end, crash };
}

export function isGroupCrash(crash: Crash): boolean {
  return (crash.type !== null && GROUP_TYPE.test(crash.type)) || SUB_EXCEPTIONS.test(crash.message);
}

/** `--tb=long` ends each exception with `path:line: ShortTypeName`; it names the type when the E line
 *  does not (assertion rewriting prints `assert x == y` without `AssertionError:`). */
const LONG_TRAILER = /^(?:\S+):\d+: ([A-Za-z_][\w.]*)$/;

/** The final crash of one FAILURES/ERRORS item, from its body lines (any --tb style). */
export function crashFromSection(bodyLines: readonly string[]): Crash | null {
  const lines = withoutCaptured(bodyLines);
  const doctest = doctestMismatch(lines);
  if (doctest) return doctest;
  const block = lastEBlock(lines);
  const group = lastGroupRendering(lines);
  if (group && (!block || group.start > block.end)) return group.crash;
  if (block) {
    const crash = crashFromEBlock(block);
    if (!crash) return null;
    const trailer = lines.slice(block.end + 1).find((l) => LONG_TRAILER.test(l));
    const trailerType = trailer ? (LONG_TRAILER.exec(trailer)?.[1] ?? null) : null;
    if (crash.type === null && trailerType) crash.type = trailerType;
    if (crash.type && GROUP_TYPE.test(crash.type) && !crash.leaves) {
      const details = leavesFromDetails(lines.slice(block.start));
      const leaves = details ?? leavesFromGroupMessage(crash.message);
      if (leaves) crash.leaves = leaves;
    }
    return crash;
  }
  // --tb=native: a plain Python traceback; the exception line is the first unindented line after the
  // frames of the last `Traceback (most recent call last):` (its message may run on for many lines).
  for (let t = lines.length - 1; t >= 0; t--) {
    if (!/^Traceback \(most recent call last\):$/.test(lines[t] as string)) continue;
    let i = t + 1;
    while (i < lines.length && /^\s/.test(lines[i] as string)) i++;
    const crash = i < lines.length ? parseExceptionLine(lines[i] as string) : null;
    if (crash?.type) return crash;
    break;
  }
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as string;
    if (line.startsWith(" ") || line.trim() === "") continue;
    const crash = parseExceptionLine(line);
    if (crash?.type) return crash;
  }
  return null;
}

/** A doctest's wrong output: unindented `Expected:` and `Got:` blocks (their lines indented by 4), then
 *  `path:N: DocTestFailure`. The crash line is both outputs' first lines. */
function doctestMismatch(lines: readonly string[]): Crash | null {
  const expected = lines.indexOf("Expected:");
  const got = lines.indexOf("Got:", expected + 1);
  if (expected === -1 || got === -1) return null;
  const first = (from: number) => {
    const line = lines[from];
    return line?.startsWith("    ") ? line.trim() : "(nothing)";
  };
  return { type: "DocTestFailure", message: `expected ${first(expected + 1)}, got ${first(got + 1)}` };
}

/** Old trio MultiError rendering (Python < 3.11): `Details of embedded exception N:` blocks, each an
 *  indented traceback whose last line is the leaf. */
function leavesFromDetails(lines: readonly string[]): Crash[] | null {
  const starts: number[] = [];
  lines.forEach((l, i) => {
    if (/Details of embedded exception \d+:\s*$/.test(l)) starts.push(i);
  });
  if (starts.length === 0) return null;
  const leaves: Crash[] = [];
  starts.forEach((s, k) => {
    const stop = starts[k + 1] ?? lines.length;
    for (let i = stop - 1; i > s; i--) {
      const text = (lines[i] as string).replace(/^E/, "").trim();
      const crash = parseExceptionLine(text);
      if (crash?.type) {
        leaves.push(crash);
        break;
      }
    }
  });
  return leaves.length > 0 ? leaves : null;
}

/** One-line rendering used in reports and the ledger. */
export function signatureText(crash: Crash | null | undefined): string {
  if (!crash) return "(no crash line in the output)";
  const head = crash.type ? (crash.message ? `${crash.type}: ${crash.message}` : crash.type) : crash.message;
  const leaves =
    crash.leaves && crash.leaves.length > 0 && isGroupCrash(crash)
      ? ` [leaves: ${[...new Set(crash.leaves.map((l) => l.type ?? l.message))].join(", ")}]`
      : "";
  const text = `${head}${leaves}${crash.incomplete && !head.endsWith("...") ? " (cut)" : ""}`;
  return text.length > 220 ? `${text.slice(0, 217)}...` : text;
}

// ---- timeout-ish and signature matching -------------------------------------------------------

const CANCELLATION_TYPES = new Set(["Cancelled", "CancelledError"]);

export function isCancellation(crash: Crash): boolean {
  return crash.type !== null && CANCELLATION_TYPES.has(lastSegment(crash.type));
}

/** A signature from a profile: an exception type (qualified or not, "pexpect TIMEOUT" = pexpect's TIMEOUT)
 *  or else a message fragment ("assert None == 0"). */
export interface ParsedSignature {
  kind: "type" | "fragment";
  /** For types: the segments, e.g. ["pexpect", "exceptions", "TIMEOUT"]. */
  segments: string[];
  text: string;
  /** The text with runs of whitespace as one space. */
  normalized: string;
  /** Its longest word: text without it cannot match (a cheap test before normalising). */
  anchor: string;
}

/** Profiles hold a handful of signatures, matched against thousands of failures: parse each once. */
const parsedSignatures = new Map<string, ParsedSignature>();

export function parseSignature(signature: string): ParsedSignature {
  let parsed = parsedSignatures.get(signature);
  if (!parsed) {
    parsed = parseSignatureText(signature);
    if (parsedSignatures.size < 1000) parsedSignatures.set(signature, parsed);
  }
  return parsed;
}

function parseSignatureText(signature: string): ParsedSignature {
  const text = signature.trim();
  const spaced = /^([A-Za-z_][\w.]*) ([A-Za-z_]\w*)$/.exec(text);
  if (spaced && /^[a-z]/.test(spaced[1] as string) && /^[A-Z]/.test(spaced[2] as string))
    return {
      kind: "type",
      segments: [...(spaced[1] as string).split("."), spaced[2] as string],
      text,
      normalized: text,
      anchor: "",
    };
  if (/^[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*$/.test(text) && /^[A-Z_]|\.[A-Z_]/.test(text))
    return { kind: "type", segments: text.split("."), text, normalized: text, anchor: "" };
  const anchor = text.split(/\s+/).reduce((a, b) => (b.length > a.length ? b : a), "");
  return { kind: "fragment", segments: [], text, normalized: normalizeSpaces(text), anchor };
}

/** Same exception type, allowing one side to be unqualified (TooSlowError vs trio.TooSlowError) and
 *  module paths to differ in depth (pexpect.TIMEOUT vs pexpect.exceptions.TIMEOUT). */
export function typeMatches(signature: ParsedSignature, type: string | null): boolean {
  if (!type) return false;
  // Compared in place, no split: this runs per failing test and per timeout signature. A signature's
  // segments hold no dot, so "ends with `.last`" is "its last segment is `last`" (the same for the first).
  const last = signature.segments[signature.segments.length - 1] as string;
  const lastIsSegment =
    type.endsWith(last) && (type.length === last.length || type[type.length - last.length - 1] === ".");
  if (!lastIsSegment) return false;
  if (!type.includes(".") || signature.segments.length === 1) return true;
  const first = signature.segments[0] as string;
  return type.startsWith(first) && type[first.length] === ".";
}

export function normalizeSpaces(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

export function leafMatches(signature: ParsedSignature, crash: Crash): boolean {
  if (signature.kind === "type") return typeMatches(signature, crash.type);
  const fragment = signature.normalized;
  const raw = crash.type ? `${crash.type}: ${crash.message}` : crash.message;
  if (!raw.includes(signature.anchor)) return false;
  const whole = normalizeSpaces(raw);
  return whole.includes(fragment) || normalizeSpaces(crash.message).includes(fragment);
}

/** Does the crash match this signature? A group matches when every leaf matches it or is a cancellation,
 *  and at least one leaf matches (pytest-output.md §8 rule). */
export function crashMatches(signature: string, crash: Crash | null | undefined): boolean {
  if (!crash) return false;
  const parsed = parseSignature(signature);
  if (crash.leaves && crash.leaves.length > 0 && isGroupCrash(crash)) {
    if (crash.incomplete) return false; // a partial leaf list cannot prove "only timeouts"
    const relevant = crash.leaves.filter((leaf) => !isCancellation(leaf));
    return relevant.length > 0 && relevant.every((leaf) => leafMatches(parsed, leaf));
  }
  if (crash.incomplete && crash.type === null) return false;
  return leafMatches(parsed, crash);
}

/** Timeout-shaped: the crash matches one of the profile's timeout signatures (by default TooSlowError,
 *  pexpect TIMEOUT and pytest-timeout's `Failed: Timeout`), or is a group whose leaves are only such
 *  crashes and cancellations. */
export function isTimeoutLike(
  crash: Crash | null | undefined,
  signatures: readonly string[] = DEFAULT_TIMEOUT_SIGNATURES,
): boolean {
  if (!crash) return false;
  return signatures.some((sig) => crashMatches(sig, crash));
}

const ADDRESS_TROUBLE =
  /Address already in use|\[Errno 98\]|EADDRINUSE|Connection refused|ConnectionRefusedError|\[Errno 111\]/i;

/** Environment trouble that points at a stale server rather than the test (pytest-output.md §10). */
export function isAddressTrouble(crash: Crash | null | undefined): boolean {
  if (!crash) return false;
  // Type and message tested apart (no pattern holds the `: ` that joins them): no joined string per test.
  const own =
    (crash.type !== null && ADDRESS_TROUBLE.test(crash.type)) || ADDRESS_TROUBLE.test(crash.message);
  return own || (crash.leaves ?? []).some((leaf) => isAddressTrouble(leaf));
}

/** The module an ImportError names (`No module named 'x'`, `cannot import name 'y' from 'x'`). */
export function missingModule(crash: Crash | null | undefined): string | null {
  if (!crash) return null;
  const m = /No module named '([^']+)'|cannot import name '[^']+' from '([^']+)'/.exec(crash.message);
  return m ? ((m[1] ?? m[2]) as string) : null;
}

export function isImportErrorCrash(crash: Crash | null | undefined): boolean {
  if (!crash?.type) return false;
  const name = lastSegment(crash.type);
  return name === "ImportError" || name === "ModuleNotFoundError";
}

/** A crash back from its one-line rendering (signatureText, as the ledger stores it), leaves included. */
export function crashFromSignatureText(text: string): Crash {
  const leaves = / \[leaves: ([^\]]*)\]/.exec(text)?.[1];
  const head = text.replace(/ \[leaves: [^\]]*\]/, "").replace(/ \(cut\)$/, "");
  const crash = parseExceptionLine(head) ?? { type: null, message: head };
  if (leaves)
    crash.leaves = leaves.split(", ").map((l) => parseExceptionLine(l) ?? { type: null, message: l });
  return crash;
}
