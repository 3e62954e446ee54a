// The one glob: a shell-style pattern as an anchored RegExp, with every choice a dialect makes spelled out as
// an option rather than hidden in a hand-written loop. Named dialects below are the ones the code uses:
//   - PROFILE_GLOB: the profile's spellings (`runner.also`, `runner.base`, `runner.env` values) and the
//     `Bash(...)` allowed-tools words: only `*` is special, and it stays inside one path component of one word
//     (never `/`, never white space), as hooks/guard/README.md and the schema promise (`py*/bin/python`,
//     `UV_PROJECT_ENVIRONMENT=py*`). `?` and `[` are literal, as in Claude Code's permission patterns.
//   - PATH_GLOB: the profile's path patterns (the mapping's `tests`/`changed`, a uv workspace's members):
//     `*` and `?` within one folder name, `**` across folders.
//   - FIND_GLOB: find's -name/-path/-wholename (fnmatch without FNM_PATHNAME): `*` and `?` cross `/`,
//     `[...]` is a class, a leading dot is matched.
// Pure and small: the guard's bundle imports it.

export interface GlobOptions {
  /** `*` and `?` may match `/`. Default false: they stay within one path component. */
  slash?: boolean;
  /** `**` as a whole path segment (between two slashes, or at either end) spans any number of folders, none
   *  included; `**` inside a segment spans anything. Default false: `**` is two `*`. */
  globstar?: boolean;
  /** `?` matches one character. Default true; false keeps it literal. */
  question?: boolean;
  /** `[abc]`, `[a-z]`, `[!x]` are character classes. Default false: `[` is literal. */
  brackets?: boolean;
  /** A wildcard never matches white space (a pattern over one command word). Default false. */
  noSpace?: boolean;
  /** A wildcard at the start of a path segment matches a leading dot. Default true (no dotglob rule). */
  dot?: boolean;
  ignoreCase?: boolean;
}

export const PROFILE_GLOB: GlobOptions = { question: false, noSpace: true };
export const PATH_GLOB: GlobOptions = { globstar: true };
export const FIND_GLOB: GlobOptions = { slash: true, brackets: true };

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

function escapeRegExp(text: string): string {
  return text.replace(REGEX_SPECIAL, "\\$&");
}

/** What one wildcard character may be: any character but those the options keep out. */
function oneChar(o: GlobOptions): string {
  const out = `${o.slash ? "" : "/"}${o.noSpace ? "\\s" : ""}`;
  return out ? `[^${out}]` : "[\\s\\S]";
}

/** The regex source of `*` in this dialect (the allowed-tools matcher builds its words with it). */
export function starSource(options: GlobOptions = {}): string {
  return `${oneChar(options)}*`;
}

/** A bracket class starting at `glob[start]` ("["), as regex source and its end; null when unclosed. */
function bracketClass(glob: string, start: number, o: GlobOptions): { source: string; end: number } | null {
  let i = start + 1;
  const negated = glob[i] === "!" || glob[i] === "^";
  if (negated) i++;
  let body = "";
  // A `]` right after the opening (or after `!`) is a member, as in fnmatch.
  if (glob[i] === "]") {
    body += "\\]";
    i++;
  }
  for (; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === "]") {
      const excluded = negated ? `${o.slash ? "" : "/"}${o.noSpace ? "\\s" : ""}` : "";
      return { source: negated ? `[^${body}${excluded}]` : `[${body}]`, end: i };
    }
    body += c === "-" ? "-" : c === "\\" ? "\\\\" : escapeRegExp(c);
  }
  return null;
}

/** The pattern as an anchored RegExp. Throws only on a bracket range out of order (`[z-a]`). */
export function globToRegExp(glob: string, options: GlobOptions = {}): RegExp {
  const o = options;
  const question = o.question !== false;
  const dot = o.dot !== false;
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    const segmentStart = i === 0 || glob[i - 1] === "/";
    const guardDot =
      !dot && segmentStart && (c === "*" || (c === "?" && question) || (c === "[" && o.brackets));
    if (guardDot) source += "(?!\\.)";
    if (c === "*" && o.globstar && glob[i + 1] === "*") {
      const wholeSegment = segmentStart && (i + 2 === glob.length || glob[i + 2] === "/");
      if (wholeSegment && glob[i + 2] === "/") {
        source += "(?:[\\s\\S]*/)?"; // `a/**/b` is `a/b` too
        i += 2;
      } else {
        source += "[\\s\\S]*";
        i++;
      }
    } else if (c === "*") source += starSource(o);
    else if (c === "?" && question) source += oneChar(o);
    else if (c === "[" && o.brackets) {
      const cls = bracketClass(glob, i, o);
      if (cls) {
        source += cls.source;
        i = cls.end;
      } else source += "\\[";
    } else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`, `s${o.ignoreCase ? "i" : ""}`);
}

export function globMatches(glob: string, text: string, options: GlobOptions = {}): boolean {
  return globToRegExp(glob, options).test(text);
}

/** Does the pattern hold a wildcard in this dialect (else it names one thing literally)? */
export function hasWildcard(glob: string, options: GlobOptions = {}): boolean {
  if (glob.includes("*")) return true;
  if (options.question !== false && glob.includes("?")) return true;
  return options.brackets === true && /\[[^\]]*\]/.test(glob);
}

/** The folders before the first segment that holds a wildcard: `tests/unit/test_*.py` is `tests/unit`,
 *  `tests/**` is `tests`, a pattern without one is itself; "" when the first segment is already a glob. */
export function literalPrefix(glob: string, options: GlobOptions = {}): string {
  const segments = glob.split("/");
  const first = segments.findIndex((s) => hasWildcard(s, options));
  return first === -1 ? glob : segments.slice(0, first).join("/");
}

/** A profile path pattern (the mapping's `tests` and `changed`): `./` is dropped; a trailing `/` is a folder
 *  and all below it; a pattern without a wildcard is a file or a folder; else PATH_GLOB. */
export function pathPatternMatches(pattern: string, path: string): boolean {
  const p = pattern.replace(/^\.\//, "");
  const x = path.replace(/^\.\//, "");
  if (p.endsWith("/")) return x.startsWith(p);
  if (!hasWildcard(p, PATH_GLOB)) return x === p || x.startsWith(`${p}/`);
  return globMatches(p, x, PATH_GLOB);
}
