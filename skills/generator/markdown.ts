// Small Markdown builders. Output is plain CommonMark/GFM with LF line endings; every helper returns lines so
// sections can be counted and moved to references/ without re-parsing.

/** Inline code; uses a longer fence when the text itself contains backticks. */
export function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A list of values as inline code, joined with ", " (or the given separator). */
export function codes(values: readonly string[], separator = ", "): string {
  return values.map(code).join(separator);
}

/** "a, b or c" */
export function orList(values: readonly string[]): string {
  if (values.length <= 1) return values.join("");
  return `${values.slice(0, -1).join(", ")} or ${values.at(-1)}`;
}

/** A GFM table. Pipes inside cells are escaped; newlines become spaces. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const cell = (text: string) => text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(headers), `|${headers.map(() => "---").join("|")}|`, ...rows.map(line)];
}

/** A fenced code block. Shell commands always go in `sh` blocks: the validator lints exactly those. */
export function fence(language: string, lines: readonly string[]): string[] {
  return [`\`\`\`${language}`, ...lines, "```"];
}

export function bullets(items: readonly string[]): string[] {
  return items.map((item) => `- ${item}`);
}

/** A sentence ends with a full stop (unless it already ends with punctuation). */
export function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** Milliseconds as a human duration: 600000 -> "10 minutes". */
export function duration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds % 60 === 0) {
    const minutes = seconds / 60;
    return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  }
  return `${seconds} seconds`;
}

export interface Section {
  id: string;
  title: string;
  lines: string[];
  reference?: { file: string; readWhen: string; keep?: string[]; rows: number };
}
