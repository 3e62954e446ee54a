// Write targets: which words of a command name files it writes, and whether a target can land in git's own
// files (./git-dir.ts). A target is judged on everything it can expand to, not on its spelling:
//   - a glob (`.gi?/HEAD`, `.[g]it/config`, `.??*`) can match `.git`;
//   - a variable is replaced by every value the line gives it (`D=.git; ... > $D/HEAD`, `${D:-.git}`); a
//     variable the line sets by other means (read, for, printf -v, ...) or a command substitution can be
//     anything, `/.git/` included, unless its producer only prints a harmless path (mktemp, date, pwd, ...);
//     a variable the line never sets is the user's environment, which the command cannot choose;
//   - a relative path is judged from every directory the line may have changed into (`cd .git && ...`,
//     `pushd`), and from where it started.
// Reading git's files is no write: `cp -r .git /tmp/x`, `tar czf x.tgz .git`, `rsync -a .git/ dst` are allowed,
// because only the destination operands of such programs are targets.
import { posix } from "node:path";
import type { Word, WordPart } from "unbash";
import { lookup } from "../core/shell/table.ts";
import type { WordInfo } from "../core/shell/words.ts";
import { PROTECTED_PROJECT_PATHS, type ProtectedEntry } from "../core/state/protected.ts";
import { WRITE_TARGETS } from "./data/write-targets.ts";
import { gitConfigFile, underGitDir } from "./git-dir.ts";
import { protectedEntryIn } from "./protected-paths.ts";

/** What the line says about paths: its source (for variables), the directories it may `cd` into. */
export interface PathScope {
  source: string;
  /** Directory prefixes relative paths may be resolved from ("" = where the line started). ANY: unknown. */
  cwds: string[];
  /** `shopt -s dotglob` (or GLOBIGNORE) was seen: `*` matches names starting with a dot. */
  dotglob: boolean;
  /** Values found per variable name (each name's search of the source runs once per line). */
  values: Map<string, string[] | null>;
}

/** A candidate path: literal text with wildcard markers. */
const ANY = "\uE000"; // any characters, `/` included
const STAR = "\uE001"; // any characters within one path component
const ONE = "\uE002"; // one character within a component

export function newScope(source: string): PathScope {
  return { source, cwds: [""], dotglob: false, values: new Map() };
}

/** Programs that create, change or delete the files named in their arguments (data/write-targets.ts). */
export const WRITE_PROGRAMS: ReadonlySet<string> = new Set(Object.keys(WRITE_TARGETS));

function operands(args: WordInfo[], valued: Set<string> = new Set()): WordInfo[] {
  const out: WordInfo[] = [];
  let rest = false;
  for (let i = 0; i < args.length; i++) {
    const w = args[i] as WordInfo;
    if (!rest && w.value === "--") {
      rest = true;
      continue;
    }
    if (!rest && w.value.startsWith("-") && w.value !== "-") {
      if (valued.has(w.value)) i++;
      continue;
    }
    out.push(w);
  }
  return out;
}

function optionValues(args: WordInfo[], names: string[]): WordInfo[] {
  const out: WordInfo[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i] as WordInfo;
    for (const n of names) {
      if (w.value === n && args[i + 1]) out.push(args[i + 1] as WordInfo);
      else if (n.startsWith("--") && w.value.startsWith(`${n}=`))
        out.push({ ...w, value: w.value.slice(n.length + 1) });
      else if (
        !n.startsWith("--") &&
        w.value.startsWith(n) &&
        w.value.length > n.length &&
        !w.value.startsWith("--")
      )
        out.push({ ...w, value: w.value.slice(n.length) });
    }
  }
  return out;
}

/**
 * The words a writer program writes. Copies write their destination (last operand, or -t DIR) and read the
 * rest; archivers write the archive when creating and the extraction directory when extracting; `mv` also
 * removes its sources; everything else writes every operand (and the value of any `--opt=value`).
 */
export function writtenWords(name: string, args: WordInfo[]): WordInfo[] {
  const has = (re: RegExp) => args.some((w) => re.test(w.value));
  const row = lookup(WRITE_TARGETS, name) ?? { kind: "operands" };
  switch (row.kind) {
    case "copy": {
      const dirs = optionValues(args, ["-t", "--target-directory"]);
      // A link makes its source writable under another name (`ln .git/config notes`, `cp -l`, `cp -s`):
      // every operand is a target.
      const links = row.links === "always" || (row.links !== undefined && has(row.links));
      if (dirs.length > 0 && !links) return dirs;
      const ops = operands(args, new Set(row.valued));
      if (links) return [...ops, ...dirs];
      const removesSources = row.removesSources !== undefined && has(row.removesSources);
      const backups = optionValues(args, ["--backup-dir", "--partial-dir", "-T", "--temp-dir", "--log-file"]);
      if (removesSources) return [...ops, ...backups];
      return [...ops.slice(-1), ...backups];
    }
    case "tar": {
      const first = args[0]?.value ?? "";
      const cluster = /^-?[A-Za-z]+$/.test(first) && !first.startsWith("--") ? first : "";
      const extracts = /x/.test(cluster) || has(/^--(extract|get)$/);
      const creates = /[cruA]/.test(cluster) || has(/^--(create|append|update|catenate|concatenate|delete)$/);
      const archive = optionValues(args, ["--file", "-f"]);
      // `tar czf x.tgz`: in a leading cluster, f takes the next word.
      if (cluster.includes("f") && archive.length === 0 && args[1]) archive.push(args[1]);
      const out: WordInfo[] = [];
      if (creates) out.push(...archive);
      if (extracts) {
        out.push(...optionValues(args, ["-C", "--directory"]));
        const skip = new Set([
          "-f",
          "--file",
          "-C",
          "--directory",
          "-T",
          "--files-from",
          "-X",
          "--exclude-from",
        ]);
        out.push(...operands(args.slice(cluster ? 1 : 0), skip).filter((w) => w !== archive[0]));
      }
      if (!creates && !extracts) out.push(...archive);
      return out;
    }
    case "zip": {
      if (has(/^(-m|--move)$/) || has(/^-[a-zA-Z]*m/)) return operands(args);
      return operands(args, new Set(["-b", "-n", "-t", "-tt", "-x", "-i", "-P", "-O", "--out"]))
        .slice(0, 1)
        .concat(optionValues(args, ["-O", "--out"]));
    }
    case "unzip":
      return [...optionValues(args, ["-d"]), ...operands(args, new Set(["-d", "-x", "-P"])).slice(1)];
    case "assignment": {
      const prefix = row.prefix;
      return args
        .filter((w) => w.value.startsWith(prefix))
        .map((w) => ({ ...w, value: w.value.slice(prefix.length) }));
    }
    case "options":
      return optionValues(args, [...row.options]);
    case "compressor":
      if (has(/^(-c|--stdout|--to-stdout|-l|--list|-t|--test)$/) || has(/^-[a-zA-Z]*c/))
        return optionValues(args, ["-o"]);
      return operands(args);
    case "operands": {
      const out: WordInfo[] = [];
      for (const w of args) {
        out.push(w);
        const eq = w.value.indexOf("=");
        if (w.value.startsWith("-") && eq > 0) out.push({ ...w, value: w.value.slice(eq + 1) });
      }
      return out.filter((w) => !(w.value.startsWith("-") && w.value.length > 1 && !w.value.includes("=")));
    }
  }
}

/** Harmless producers: `$(mktemp)`, `$(date +%s)`, `$(git rev-parse --show-toplevel)` cannot print a .git path. */
const SAFE_PRODUCERS =
  /^\s*(mktemp|date|whoami|hostname|uname|nproc|id|git\s+rev-parse\s+--show-(toplevel|cdup|prefix))\b[^;&|`$()<>]*$/;

/** Variables the user's environment defines with known meaning (the rest are opaque but not the line's). */
const KNOWN_ENV: Record<string, string> = {
  HOME: "~",
  TMPDIR: "/tmp",
  XDG_CONFIG_HOME: "~/.config",
  RANDOM: "0",
  $: "0",
  "!": "0",
  "?": "0",
  SECONDS: "0",
  EPOCHSECONDS: "0",
  USER: "user",
};

const MAX_CANDIDATES = 64;

/** Every value the line may give variable `name` (with wildcard markers), or null when the line never sets it. */
function variableValues(name: string, scope: PathScope): string[] | null {
  if (name === "PWD" || name === "OLDPWD") return scope.cwds.map((c) => c || ".");
  if (!/^[A-Za-z_]\w*$/.test(name)) return [ANY]; // $1, $@, $*: whatever a caller passes
  const cached = scope.values.get(name);
  if (cached !== undefined) return cached;
  const found = searchValues(name, scope);
  scope.values.set(name, found);
  return found;
}

function searchValues(name: string, scope: PathScope): string[] | null {
  const src = scope.source;
  if (!src.includes(name)) return null;
  const values: string[] = [];
  const assign = new RegExp(`(?:^|[\\s;&|({])${name}\\+?=("[^"$\`]*"|'[^']*'|[^\\s;&|()<>]*)`, "g");
  for (const m of src.matchAll(assign)) {
    const raw = m[1] ?? "";
    const value = raw.startsWith('"') || raw.startsWith("'") ? raw.slice(1, -1) : raw;
    const v = /[$`\\*?[{]/.test(value) && !raw.startsWith("'") ? ANY : value;
    if (!values.includes(v)) values.push(v);
    if (values.length > MAX_CANDIDATES) return [ANY];
  }
  const other = new RegExp(
    `\\b(read|mapfile|readarray|getopts|printf|declare|typeset|local|export|let|for|select|unset|eval)\\b[^;&|\\n]*\\b${name}\\b|\\$\\{${name}:?=`,
  );
  if (other.test(src)) {
    const forList = new RegExp(`\\bfor\\s+${name}\\s+in\\s+([^;\\n]*)`).exec(src);
    if (forList && !/[$`"'\\]/.test(forList[1] ?? ""))
      values.push(...(forList[1] ?? "").trim().split(/\s+/).map(globMarks));
    else values.push(ANY);
  }
  return values.length > 0 ? values : null;
}

function globMarks(text: string): string {
  return text.replace(/\[[^\]/]*\]|\?/g, ONE).replace(/\*/g, STAR);
}

function cross(a: string[], b: string[]): string[] {
  const out: string[] = [];
  for (const x of a) for (const y of b) if (out.length < MAX_CANDIDATES) out.push(x + y);
  return out.length >= MAX_CANDIDATES ? [...out.slice(0, MAX_CANDIDATES - 1), ANY] : out;
}

function partValues(part: WordPart, scope: PathScope): string[] {
  switch (part.type) {
    case "Literal":
    case "SingleQuoted":
    case "AnsiCQuoted":
      return [part.value];
    case "DoubleQuoted": {
      let acc = [""];
      for (const child of part.parts) acc = cross(acc, partValues(child, scope));
      return acc;
    }
    case "Glob":
      return [globMarks(part.text)];
    case "BraceExpansion": {
      const inner = part.text.slice(1, -1);
      if (/^[^{}$`]*,[^{}$`]*$/.test(inner)) return inner.split(",").map(globMarks);
      return [ANY];
    }
    case "SimpleExpansion":
      return envOrLine(part.text.replace(/^\$\{?|\}$/g, ""), scope);
    case "ParameterExpansion": {
      if (part.prefix || part.index) return [ANY];
      const base = envOrLine(part.parameter, scope);
      const op = part.operation;
      if (!op) return base;
      if (op.type === "Default") {
        const operand = wordValues(op.operand, scope);
        return op.operator.includes("+") ? [...operand, ""] : [...base, ...operand];
      }
      return [ANY];
    }
    case "CommandExpansion":
      return SAFE_PRODUCERS.test(part.text.replace(/^\$\(|\)$|^`|`$/g, "")) ? ["tmp"] : [ANY];
    default:
      return [ANY];
  }
}

function envOrLine(name: string, scope: PathScope): string[] {
  const line = variableValues(name, scope);
  if (line) return line;
  return [lookup(KNOWN_ENV, name) ?? `$${name}`];
}

function wordValues(word: Word, scope: PathScope): string[] {
  if (!word.parts) return word.text.startsWith("~") ? [word.value] : [word.value];
  let acc = [""];
  for (const part of word.parts) acc = cross(acc, partValues(part, scope));
  return acc;
}

/** Every path a target word can stand for, with wildcard markers, resolved from every possible directory. */
export function targetCandidates(w: WordInfo, scope: PathScope): string[] {
  const values = w.dynamic && w.node ? wordValues(w.node, scope) : [w.value];
  const out: string[] = [];
  for (const v of values) {
    out.push(v);
    if (v.startsWith("/") || v.startsWith("~")) continue;
    for (const cwd of scope.cwds) if (cwd) out.push(`${cwd}/${v}`);
    if (out.length > MAX_CANDIDATES * 2) break;
  }
  return out;
}

function componentCanBe(component: string, name: string, dotglob: boolean): boolean {
  if (!/[\uE000\uE001\uE002]/.test(component)) return component.toLowerCase() === name;
  if (component.includes(ANY)) return true;
  // A leading wildcard matches a leading dot only with dotglob.
  if (name.startsWith(".") && /^[\uE001\uE002]/.test(component) && !dotglob) return false;
  const re = new RegExp(
    `^${[...component].map((c) => (c === STAR ? ".*" : c === ONE ? "." : c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("")}$`,
    "i",
  );
  return re.test(name);
}

/** Can this candidate path name a file the git rule protects? Returns what it can be, or null. */
export function candidateProblem(candidate: string, dotglob: boolean): string | null {
  if (candidate.includes(ANY)) return "a path computed at run time, which may be inside .git/";
  if (!/[\uE001\uE002]/.test(candidate)) {
    if (underGitDir(candidate)) return "a path inside .git/";
    if (gitConfigFile(candidate)) return "a git configuration file";
    return null;
  }
  const parts = candidate.split(/\/+/);
  if (parts.some((p) => componentCanBe(p, ".git", dotglob))) return "a pattern that matches .git";
  const last = parts.at(-1) ?? "";
  const prev = parts.at(-2) ?? "";
  if (componentCanBe(last, ".gitconfig", dotglob) || componentCanBe(last, "gitconfig", dotglob))
    return "a pattern that matches a git configuration file";
  if (
    (componentCanBe(last, "config", dotglob) || componentCanBe(last, "attributes", dotglob)) &&
    componentCanBe(prev, "git", dotglob)
  )
    return "a pattern that matches a git configuration file";
  return null;
}

/** `.claude` itself: replacing, moving or removing it changes every protected entry at once. */
export const CLAUDE_DIR_ENTRY: ProtectedEntry = {
  path: ".claude",
  kind: "file",
  what: "the project's .claude folder (run-tests-skill's install, the Claude Code settings and skills)",
};

const PROTECTED_PARTS = [...PROTECTED_PROJECT_PATHS, CLAUDE_DIR_ENTRY].map((entry) => ({
  entry,
  parts: entry.path.split("/"),
}));

/** The protected entry (../runtime/protected.ts, or `.claude` itself) a candidate path can be, or null. */
export function candidateProtected(candidate: string, dotglob: boolean): ProtectedEntry | null {
  if (candidate.includes(ANY)) return null; // reported as computed by candidateProblem
  if (!/[\uE001\uE002]/.test(candidate)) {
    const parts = candidate.split(/[/\\]+/).filter((p) => p !== "" && p !== ".");
    if (parts.at(-1)?.toLowerCase() === ".claude") return CLAUDE_DIR_ENTRY;
    return protectedEntryIn(candidate);
  }
  const parts = candidate.split(/\/+/).filter((p) => p !== "" && p !== ".");
  for (const { entry, parts: want } of PROTECTED_PARTS)
    for (let i = 0; i + want.length <= parts.length; i++) {
      if (!want.every((w, k) => componentCanBe(parts[i + k] as string, w, dotglob))) continue;
      if (entry.kind === "dir" || i + want.length === parts.length) return entry;
    }
  return null;
}

export type TargetHit = { problem: string; entry: ProtectedEntry | null };

/** The first problem of a write target: it can be inside .git/, a git configuration file (entry null), or a
 *  protected path of run-tests-skill (the install, the project's settings, its skills, `.claude` itself). */
export function targetHit(w: WordInfo, scope: PathScope): TargetHit | null {
  for (const c of targetCandidates(w, scope)) {
    const problem = candidateProblem(c, scope.dotglob);
    if (problem) return { problem: `${problem} (\`${w.text}\`)`, entry: null };
    const entry = candidateProtected(c, scope.dotglob);
    if (entry) return { problem: `${entry.what} (\`${w.text}\`)`, entry };
  }
  return null;
}

/** `cd DIR` / `pushd DIR`: the directories later relative paths may be resolved from. */
export function noteDirectoryChange(args: WordInfo[], scope: PathScope): void {
  if (scope.cwds.includes(ANY)) return; // anywhere already: no later cd narrows it
  const target = args.find((w) => !w.value.startsWith("-") || w.value === "-");
  if (!target || target.value === "-" || target.value.startsWith("+")) return;
  const values = target.dynamic && target.node ? wordValues(target.node, scope) : [target.value];
  const next = new Set(scope.cwds);
  for (const base of scope.cwds)
    for (const v of values) {
      if (next.size > MAX_CANDIDATES) {
        scope.cwds = ["", ANY];
        return;
      }
      const joined = v.startsWith("/") || v.startsWith("~") || !base ? v : `${base}/${v}`;
      // `a/..` is where the line started: normalised, a line of many `cd x; cd ..` keeps few directories.
      const norm = joined.includes(ANY) ? joined : posix.normalize(joined).replace(/\/$/, "");
      next.add(norm === "." ? "" : norm);
    }
  // Only directories that can be git's (or protected, `.claude` included) matter: from any other one a relative path that is not git's stays
  // not git's (`..` is resolved), so they are judged as the starting directory.
  scope.cwds = [...next].filter(
    (c) =>
      c === "" ||
      candidateProblem(c, scope.dotglob) !== null ||
      candidateProtected(c, scope.dotglob) !== null,
  );
}

/** The line may be working inside git's directory (after `cd .git`, or a `cd` to a computed place). */
export function cwdMayBeGit(scope: PathScope): boolean {
  return scope.cwds.some((c) => c !== "" && candidateProblem(c, scope.dotglob) !== null && !gitConfigFile(c));
}

/** The line may be working inside a protected folder (after `cd .claude`, `cd .claude/run-tests-skill`). */
export function cwdMayBeProtected(scope: PathScope): boolean {
  return scope.cwds.some((c) => c !== "" && candidateProtected(c, scope.dotglob) !== null);
}
