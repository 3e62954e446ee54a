// Equivalent spellings of the project's runner are one command (issue 8): before a command is matched
// against the skill's allowed-tools, a program written as a path is rewritten to its project-relative form
// (`./.venv/bin/python` and `/home/me/proj/.venv/bin/python` are `.venv/bin/python` when the project is
// /home/me/proj), and `NAME=VALUE` prefixes the profile allows in front of the runner (`runner.env`, e.g.
// CI=true) are set aside. Anything else is left as written: another venv, an interpreter outside the project
// or an unlisted prefix still has to match a pattern on its own.
import { isAbsolute, posix, relative, resolve } from "node:path";
import { globToRegExp, PROFILE_GLOB } from "../core/glob.ts";

export interface RunnerSpelling {
  /** The project's interpreter and pytest command, as the skill writes them. */
  python: string;
  pytest: string;
  /** Other spellings that run pytest here (may hold globs: py*\/bin/python -m pytest). */
  also: readonly string[];
  /** NAME=VALUE patterns allowed in front of the runner (`*` matches within the value, never `/`). */
  env: readonly string[];
}

export interface Where {
  /** The directory the command runs in (the hook input's cwd). */
  cwd: string;
  /** The project root (CLAUDE_PROJECT_DIR). */
  projectDir: string;
}

const ASSIGNMENT = /^([A-Za-z_]\w*)=(.*)$/s;

/** A path-like program word, project-relative when it lies inside the project; otherwise unchanged. */
export function projectRelative(word: string, where: Where | undefined): string {
  if (!word.includes("/")) return word;
  if (!where) {
    // Without a location only the lexical part is safe: `./x` is `x`.
    const norm = posix.normalize(word);
    return norm.startsWith("../") || norm.startsWith("/") ? word : norm;
  }
  const rel = relative(where.projectDir, resolve(where.cwd, word)).split("\\").join("/");
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? word : rel;
}

/** The profile's dialect (hooks/core/glob.ts): `*` within one path component of one word. */
const globRe = (glob: string): RegExp => globToRegExp(glob, PROFILE_GLOB);

/** The first word of each runner spelling, e.g. `.venv/bin/python`, `uv`, `py*\/bin/python`. */
function runnerPrograms(runner: RunnerSpelling): RegExp[] {
  const firsts = [runner.python, runner.pytest, ...runner.also]
    .map((s) => s.trim().split(/\s+/)[0] ?? "")
    .filter(Boolean);
  return [...new Set(firsts)].map(globRe);
}

/**
 * The words a pattern is matched against (assignments first, then the command), with the runner's
 * equivalent spellings made canonical. Only the program word is rewritten; arguments are never touched.
 */
export function canonicalRunnerWords(
  words: readonly string[],
  runner: RunnerSpelling | null,
  where: Where | undefined,
): string[] {
  if (!runner) return [...words];
  let first = 0;
  while (first < words.length && ASSIGNMENT.test(words[first] as string)) first++;
  if (first >= words.length) return [...words];
  const program = projectRelative(words[first] as string, where);
  const isRunner = runnerPrograms(runner).some((re) => re.test(program));
  if (!isRunner) return [...words];
  const allowedEnv = runner.env.map(globRe);
  const kept = words.slice(0, first).filter((a) => !allowedEnv.some((re) => re.test(a)));
  return [...kept, program, ...words.slice(first + 1)];
}
