// Minimal-change editing of one top-level member of a JSON object text. Settings files are written by people:
// re-serialising the whole file would reflow their arrays and objects. Here everything outside the edited
// member stays byte-identical, and inside it every part whose value did not change keeps its original text
// (an inline `{"hooks": [...]}` group stays inline); only new or changed parts are printed, with the file's
// own indentation and line ends. Input text must already have passed JSON.parse.

/** A parsed JSON value with the span of its text. */
export interface JsonNode {
  value: unknown;
  start: number;
  end: number;
  /** Object members in order (objects only). */
  members?: { key: string; keyStart: number; keyEnd: number; node: JsonNode }[];
  /** Elements (arrays only). */
  items?: JsonNode[];
}

export interface Member {
  key: string;
  /** Offset of the key's opening quote, and just past its closing one. */
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  /** Offset just past the value. */
  valueEnd: number;
  node: JsonNode;
}

export interface ObjectShape {
  /** Offset of the top-level `{` and of its `}`. */
  open: number;
  close: number;
  members: Member[];
  /** One indentation step ("" when the object is written on one line). */
  indent: string;
  eol: "\n" | "\r\n";
  /** Whether `": "` (with a space) separates keys from values. */
  spacedColon: boolean;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && " \t\r\n".includes(text[i] as string)) i++;
  return i;
}

function skipString(text: string, i: number): number {
  // text[i] is the opening quote.
  i++;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\") i += 2;
    else if (c === '"') return i + 1;
    else i++;
  }
  throw new Error("unterminated string");
}

/** Parses the value starting at `i` (no leading space). */
export function parseNode(text: string, i: number): JsonNode {
  const c = text[i];
  if (c === "{") {
    const members: NonNullable<JsonNode["members"]> = [];
    const value: Record<string, unknown> = {};
    let at = skipSpace(text, i + 1);
    while (text[at] !== "}") {
      const keyStart = at;
      const keyEnd = skipString(text, at);
      const key = JSON.parse(text.slice(keyStart, keyEnd)) as string;
      at = skipSpace(text, skipSpace(text, keyEnd) + 1); // past ':'
      const node = parseNode(text, at);
      members.push({ key, keyStart, keyEnd, node });
      value[key] = node.value;
      at = skipSpace(text, node.end);
      if (text[at] === ",") at = skipSpace(text, at + 1);
    }
    return { value, start: i, end: at + 1, members };
  }
  if (c === "[") {
    const items: JsonNode[] = [];
    let at = skipSpace(text, i + 1);
    while (text[at] !== "]") {
      const node = parseNode(text, at);
      items.push(node);
      at = skipSpace(text, node.end);
      if (text[at] === ",") at = skipSpace(text, at + 1);
    }
    return { value: items.map((n) => n.value), start: i, end: at + 1, items };
  }
  let end = i;
  if (c === '"') end = skipString(text, i);
  else while (end < text.length && !",}] \t\r\n".includes(text[end] as string)) end++;
  return { value: JSON.parse(text.slice(i, end)), start: i, end };
}

/** Shape of a top-level JSON object text (null when the top level is not an object). */
export function objectShape(text: string): ObjectShape | null {
  const open = skipSpace(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  if (text[open] !== "{") return null;
  const root = parseNode(text, open);
  const members: Member[] = (root.members ?? []).map((m) => ({
    key: m.key,
    keyStart: m.keyStart,
    keyEnd: m.keyEnd,
    valueStart: m.node.start,
    valueEnd: m.node.end,
    node: m.node,
  }));
  const close = root.end - 1;
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  let indent = "  ";
  const first = members[0];
  if (first) {
    const lineStart = text.lastIndexOf("\n", first.keyStart) + 1;
    indent = lineStart > open ? text.slice(lineStart, first.keyStart) : "";
  }
  // Without a member to copy from, follow JSON.stringify's style (what Claude Code itself writes).
  const spacedColon = first ? /^\s*:\s/.test(text.slice(first.keyEnd, first.valueStart)) : true;
  return { open, close, members, indent, eol, spacedColon };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Prints `value` at nesting `level`, reusing the original text of every part of `old` whose value is unchanged
 * (found by key in objects; in arrays an equal element, else the one at the same position as a guide).
 */
function print(
  text: string,
  shape: ObjectShape,
  value: unknown,
  old: JsonNode | undefined,
  level: string,
): string {
  if (old && same(value, old.value)) return text.slice(old.start, old.end);
  if (shape.indent === "") {
    return shape.spacedColon ? JSON.stringify(value, null, 1).replace(/\n\s*/g, " ") : JSON.stringify(value);
  }
  const inner = level + shape.indent;
  const nl = shape.eol;
  const colon = shape.spacedColon ? ": " : ":";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const oldItems = old?.items ?? [];
    const used = new Set<JsonNode>();
    const parts = value.map((item, i) => {
      let match = oldItems.find((n) => !used.has(n) && same(n.value, item));
      const guide = oldItems[i];
      if (!match && guide && !used.has(guide)) match = guide;
      if (match) used.add(match);
      return `${inner}${print(text, shape, item, match, inner)}`;
    });
    return `[${nl}${parts.join(`,${nl}`)}${nl}${level}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    const parts = entries.map(([key, v]) => {
      const oldMember = old?.members?.find((m) => m.key === key)?.node;
      return `${inner}${JSON.stringify(key)}${colon}${print(text, shape, v, oldMember, inner)}`;
    });
    return `{${nl}${parts.join(`,${nl}`)}${nl}${level}}`;
  }
  return JSON.stringify(value);
}

/** The raw text of a top-level member's value (null when absent). */
export function memberText(text: string, key: string): string | null {
  const member = objectShape(text)?.members.find((m) => m.key === key);
  return member ? text.slice(member.valueStart, member.valueEnd) : null;
}

/**
 * Replace, add (at the end) or delete (value undefined) one top-level member. `raw` gives the exact text to
 * put in place of the value (it must encode `value`), e.g. to restore what a file held before.
 */
export function setMember(text: string, key: string, value: unknown, raw?: string): string {
  const shape = objectShape(text);
  if (!shape) throw new Error("not a JSON object");
  const existing = shape.members.filter((m) => m.key === key);
  if (existing.length > 1) throw new Error(`the key "${key}" appears more than once`);
  const member = existing[0];
  const colon = shape.spacedColon ? ": " : ":";
  const oneLine = shape.indent === "";

  if (value === undefined) {
    if (!member) return text;
    const index = shape.members.indexOf(member);
    const prev = shape.members[index - 1];
    const next = shape.members[index + 1];
    if (prev) return text.slice(0, prev.valueEnd) + text.slice(member.valueEnd);
    if (next) return text.slice(0, member.keyStart) + text.slice(next.keyStart);
    // The only member: leave an empty object, keeping what follows the closing brace.
    return `${text.slice(0, shape.open)}{}${text.slice(shape.close + 1)}`;
  }

  const serialized = raw ?? print(text, shape, value, member?.node, oneLine ? "" : shape.indent);
  if (member) return text.slice(0, member.valueStart) + serialized + text.slice(member.valueEnd);

  const entry = `${JSON.stringify(key)}${colon}${serialized}`;
  const last = shape.members[shape.members.length - 1];
  if (last) {
    const sep = oneLine ? (shape.spacedColon ? ", " : ",") : `,${shape.eol}${shape.indent}`;
    return text.slice(0, last.valueEnd) + sep + entry + text.slice(last.valueEnd);
  }
  const inner = oneLine ? entry : `${shape.eol}${shape.indent}${entry}${shape.eol}`;
  return `${text.slice(0, shape.open)}{${inner}}${text.slice(shape.close + 1)}`;
}
