// JSON text for generated files, laid out the way the repo's formatter (biome, line width 110) lays out JSON,
// so `biome check` and `generate --check` agree on the same bytes: objects one key per line, arrays of plain
// values on one line when they fit, otherwise one item per line.
const LINE_WIDTH = 110;
const INDENT = "  ";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isPlain(value: Json): boolean {
  return value === null || typeof value !== "object";
}

/** `prefix` is the width of the text before the value on its line; `tail` the width after it (a comma). */
function layout(value: Json, level: number, prefix: number, tail: number): string {
  const pad = INDENT.repeat(level);
  const inner = INDENT.repeat(level + 1);
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every(isPlain)) {
      const flat = `[${value.map((item) => JSON.stringify(item)).join(", ")}]`;
      if (prefix + flat.length + tail <= LINE_WIDTH) return flat;
    }
    const items = value.map((item, i) => {
      const comma = i < value.length - 1 ? 1 : 0;
      return `${inner}${layout(item, level + 1, inner.length, comma)}${comma ? "," : ""}`;
    });
    return `[\n${items.join("\n")}\n${pad}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return "{}";
  const lines = entries.map(([key, item], i) => {
    const comma = i < entries.length - 1 ? 1 : 0;
    const head = `${inner}${JSON.stringify(key)}: `;
    return `${head}${layout(item, level + 1, head.length, comma)}${comma ? "," : ""}`;
  });
  return `{\n${lines.join("\n")}\n${pad}}`;
}

export function jsonText(value: unknown): string {
  return `${layout(JSON.parse(JSON.stringify(value)) as Json, 0, 0, 0)}\n`;
}
