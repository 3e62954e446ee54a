// The report hook's first question, asked after every Bash call: could this line run pytest at all? A text
// test (its one import, the glob owner, has none of its own), so the answer costs nothing beyond node's start.
// It is only a necessary condition: command.ts (the guard's walk and pytestCall) decides what a pytest run is.
import { readFileSync } from "node:fs";
import { hasWildcard, PROFILE_GLOB } from "../core/glob.ts";

/** Programs that may run pytest somewhere inside (a tox env, a make target). */
export const MAYBE_PYTEST: ReadonlySet<string> = new Set([
  "tox",
  "nox",
  "make",
  "just",
  "invoke",
  "hatch",
  "nox-uv",
]);

/**
 * A cheap necessary condition for analyzeCommand() (command.ts) to find a run: the line contains "pytest", "py.test", the
 * name of a wrapper that may run pytest, or a word of one of the spellings. The report hook runs after every
 * Bash call and leaves at once when this is false; analyzeCommand() (command.ts) alone decides what is a pytest run.
 */
export function mayRunPytest(command: string, spellings: readonly string[] = []): boolean {
  if (command.includes("pytest") || command.includes("py.test")) return true;
  for (const name of MAYBE_PYTEST) if (command.includes(name)) return true;
  return spellings.some((s) =>
    s
      .split(/\s+/)
      .filter((w) => w.length > 0 && !/^(python3?|-m)$/.test(w))
      .some((w) => {
        const name = w.slice(w.lastIndexOf("/") + 1);
        if (!hasWildcard(name, PROFILE_GLOB)) return command.includes(name);
        // A globbed name (run-*): its longest fixed part must be in the line; shorter than 3 tells nothing.
        const fixed = name.split("*").reduce((a, b) => (b.length > a.length ? b : a), "");
        return fixed.length >= 3 && command.includes(fixed);
      }),
  );
}

/** The runner spellings of a compiled profile, read without validation: enough to decide whether a line
 *  runs pytest before paying for the profile's full validation. [] when unreadable. */
export function rawSpellings(profileFile: string | null): string[] {
  if (!profileFile) return [];
  try {
    const json = JSON.parse(readFileSync(profileFile, "utf8")) as {
      profile?: { runner?: { base?: unknown; also?: unknown } };
      runner?: { base?: unknown; also?: unknown };
    };
    const runner = json.profile?.runner ?? json.runner;
    const all = [runner?.base, ...(Array.isArray(runner?.also) ? runner.also : [])];
    return all.filter((s): s is string => typeof s === "string");
  } catch {
    return [];
  }
}
