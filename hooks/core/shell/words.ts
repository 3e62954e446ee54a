// Words after the shell is done with them: quote removal, ANSI-C decoding and line continuations are done by
// unbash (Word.value); this module says whether that value is what the shell would really use, or whether the
// word is computed at run time (expansions, substitutions, globs, brace expansion, tilde, locale strings).
import type { Word, WordPart } from "unbash";

/** Why a word's value is not known before it runs; null when the word is static text. */
export type Dynamic = "expansion" | "substitution" | "glob" | "brace" | "tilde" | "locale" | null;

export interface WordInfo {
  /** The value after quote removal (for a dynamic word: unbash's best effort, i.e. close to the source). */
  value: string;
  /** The source text. */
  text: string;
  dynamic: Dynamic;
  /** The word's only dynamic parts are $(...)/`...` substitutions (used for git revision arguments). */
  onlySubstitutions: boolean;
  node: Word | undefined;
}

function partDynamic(part: WordPart, top: boolean): Dynamic {
  switch (part.type) {
    case "Literal":
    case "SingleQuoted":
    case "AnsiCQuoted":
      return null;
    case "DoubleQuoted": {
      let worst: Dynamic = null;
      for (const child of part.parts) {
        const d = partDynamic(child, false);
        if (d === "expansion") return d;
        worst = worst ?? d;
      }
      return worst;
    }
    case "LocaleString":
      return "locale";
    case "SimpleExpansion":
    case "ParameterExpansion":
    case "ArithmeticExpansion":
      return "expansion";
    case "CommandExpansion":
    case "ProcessSubstitution":
      return "substitution";
    case "Glob":
    case "ExtendedGlob":
      return top ? "glob" : null;
    case "BraceExpansion":
      return top ? "brace" : null;
    default:
      // A part type this guard does not know: treat it as computed.
      return "expansion";
  }
}

/** Rank: an expansion is worse than a substitution (a substitution's script is inspected, a variable is not). */
const RANK: Record<Exclude<Dynamic, null>, number> = {
  expansion: 6,
  locale: 5,
  substitution: 4,
  brace: 3,
  glob: 2,
  tilde: 1,
};

export function wordInfo(word: Word): WordInfo {
  let dynamic: Dynamic = null;
  let onlySubstitutions = true;
  const parts = word.parts;
  if (parts) {
    for (const part of parts) {
      const d = partDynamic(part, true);
      if (d && d !== "substitution") onlySubstitutions = false;
      if (d && (dynamic === null || RANK[d] > RANK[dynamic])) dynamic = d;
    }
  }
  // Tilde expansion is not a part in unbash: an unquoted leading ~ in the source.
  if (dynamic === null && word.text.startsWith("~")) dynamic = "tilde";
  if (dynamic === null) onlySubstitutions = false;
  return { value: word.value, text: word.text, dynamic, onlySubstitutions, node: word };
}

/** A synthetic static word (from a split string such as `env -S`, or an xargs placeholder). */
export function literalWord(value: string, dynamic: Dynamic = null): WordInfo {
  return { value, text: value, dynamic, onlySubstitutions: false, node: undefined };
}

/**
 * The text an unquoted here-document body expands to when it holds no expansions: backslash escapes only
 * `$`, backquote, backslash and newline there (bash manual, "Here Documents").
 */
export function unescapeHereDoc(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\\" && i + 1 < text.length) {
      const next = text[i + 1];
      if (next === "$" || next === "`" || next === "\\") {
        out += next;
        i++;
        continue;
      }
      if (next === "\n") {
        i++;
        continue;
      }
    }
    out += c;
  }
  return out;
}

/** Basename of a program path, for identity: `/usr/bin/git` and `git.exe` are git. Lower-cased because
 *  case-insensitive file systems (macOS) run `GIT` as git. */
export function programName(value: string): string {
  const base = value.slice(value.lastIndexOf("/") + 1);
  const lower = base.toLowerCase();
  return lower.endsWith(".exe") ? lower.slice(0, -4) : lower;
}

/** Shorten text for a reason line. */
export function clipText(text: string, max = 160): string {
  // Slice first: the regex would be quadratic on a long run of spaces.
  const flat = text
    .slice(0, max * 4)
    .replace(/[ \t]*\n[ \t]*/g, " ⏎ ")
    .trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
