// Claude Code `Bash(...)` permission patterns, with our tightened semantics (guard-policy §3, "Our matcher"):
//   - a pattern is matched against one simple command's normalised words (quotes removed), never the raw line;
//   - a trailing ` *` or `:*` means "these leading words, then zero or more further words";
//   - a `*` inside a word matches within that word and one path component only (never a space or `/`);
//     a quoted `*` is a literal star;
//   - a lone `*` word elsewhere matches exactly one word;
//   - leading VAR=value assignments are words like any other: an assignment not written in the pattern
//     makes the command not match.
// `Bash` and `Bash(*)` match every command. Entries for other tools (Read, Grep, Skill(x)) are ignored.
import { PROFILE_GLOB, starSource } from "../core/glob.ts";
import { splitAllowedTools } from "../core/profile/skill-md.ts";

/** An unquoted in-word `*`: the profile's glob dialect, never `/` or white space (hooks/core/glob.ts). */
const STAR = starSource(PROFILE_GLOB);

export interface CompiledPattern {
  /** The permission rule as written, e.g. "Bash(python -m pytest *)". */
  source: string;
  /** One matcher per leading word. */
  words: RegExp[];
  /** How many in-word stars each word has (a regex with several backtracks on a huge word). */
  stars: number[];
  /** Zero or more further words may follow. */
  rest: boolean;
}

/** Split a pattern body into words; each word becomes an anchored regex (unquoted `*` -> `[^ ]*`). */
function patternWords(body: string): { words: RegExp[]; literal: string[]; stars: number[] } {
  const words: RegExp[] = [];
  const literal: string[] = [];
  const stars: number[] = [];
  let starCount = 0;
  let re = "";
  let lit = "";
  let inWord = false;
  let quote: string | null = null;
  const flush = () => {
    if (inWord) {
      words.push(new RegExp(`^${re}$`, "s"));
      literal.push(lit);
      stars.push(starCount);
    }
    starCount = 0;
    re = "";
    lit = "";
    inWord = false;
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === "\\" && quote === '"' && i + 1 < body.length) {
        const next = body[++i] as string;
        re += escapeRe(next);
        lit += next;
      } else {
        re += escapeRe(c);
        lit += c;
      }
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === "\\" && i + 1 < body.length) {
      const next = body[++i] as string;
      re += escapeRe(next);
      lit += next;
      inWord = true;
    } else if (c === " " || c === "\t") flush();
    else if (c === "*") {
      // Within one path component: `py*/bin/python` is `py313/bin/python`, never `py../../tmp/bin/python`.
      re += STAR;
      lit += "*";
      starCount++;
      inWord = true;
    } else {
      re += escapeRe(c);
      lit += c;
      inWord = true;
    }
  }
  flush();
  return { words, literal, stars };
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** Compile the Bash entries of an allowed-tools list; others are skipped. */
export function compilePatterns(allowedTools: string[]): CompiledPattern[] {
  const out: CompiledPattern[] = [];
  for (const raw of allowedTools) {
    const entry = raw.trim();
    if (entry === "Bash") {
      out.push({ source: entry, words: [], stars: [], rest: true });
      continue;
    }
    const m = /^Bash\((.*)\)$/s.exec(entry);
    if (!m) continue;
    let body = (m[1] as string).trim();
    let rest = false;
    if (body.endsWith(":*")) {
      body = body.slice(0, -2);
      rest = true;
    } else if (body === "*") {
      body = "";
      rest = true;
    } else if (/\s\*$/.test(body)) {
      body = body.slice(0, -1).trimEnd();
      rest = true;
    }
    const { words, stars } = patternWords(body);
    out.push({ source: entry, words, stars, rest });
  }
  return out;
}

/** Longer words are not matched against in-word patterns with several stars (backtracking cost). */
const MAX_GLOB_WORD = 16 * 1024;

/** Whether a command's normalised words (assignments first, then the command) match a pattern. */
export function matchesPattern(pattern: CompiledPattern, words: string[]): boolean {
  if (words.length < pattern.words.length) return false;
  if (!pattern.rest && words.length !== pattern.words.length) return false;
  for (let i = 0; i < pattern.words.length; i++) {
    const re = pattern.words[i] as RegExp;
    const word = words[i] as string;
    if (word.length > MAX_GLOB_WORD && (pattern.stars[i] ?? 0) > 1) return false;
    if (!re.test(word)) return false;
  }
  return true;
}

export function firstMatch(patterns: CompiledPattern[], words: string[]): CompiledPattern | null {
  return patterns.find((p) => matchesPattern(p, words)) ?? null;
}

/** The Bash(...) entries of an allowed-tools list, for reasons ("Allowed here: ..."). */
export function bashEntries(allowedTools: string[]): string[] {
  return allowedTools
    .filter((t) => t.trim() === "Bash" || /^Bash\(.*\)$/s.test(t.trim()))
    .map((t) => t.trim());
}

/** The fallback "what to do instead" of a skill-mode deny: the Bash entries the skill allows. */
export function allowedHere(allowedTools: string[]): string {
  const entries = bashEntries(allowedTools);
  return entries.length
    ? `Allowed here: ${entries.join(", ")}.`
    : "No Bash commands are allowed while the skill runs.";
}

/**
 * allowed-tools as written in SKILL.md frontmatter: a YAML list, or one string of entries separated by
 * commas or spaces (spaces and commas inside parentheses belong to the entry). null when absent or malformed.
 */
export function parseAllowedTools(value: unknown): string[] | null {
  if (Array.isArray(value)) {
    if (!value.every((v) => typeof v === "string")) return null;
    return value.flatMap((v) => splitAllowedTools(v));
  }
  if (typeof value === "string") return splitAllowedTools(value);
  return null;
}
