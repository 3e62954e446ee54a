// The protected set (../runtime/protected.ts) as the guard sees it in a path or in code text: a path names a
// protected entry when its components contain the entry's (`.claude/settings.json`, `x/.claude/skills/a`),
// compared without regard to case like git's dir (case-insensitive file systems open `.Claude/Settings.json`
// as the real file). Matched anywhere in a path, so a relative target, a `cd .claude && ...` and another
// project's install are all covered; `.claude/run-tests-skill-reports` (the reporter's spool) is not.
import { PROTECTED_PROJECT_PATHS, type ProtectedEntry } from "../core/state/protected.ts";

const ENTRY_PARTS = PROTECTED_PROJECT_PATHS.map((entry) => ({
  entry,
  parts: entry.path.toLowerCase().split("/"),
}));

/** The protected entry a path names (or lies in), or null. */
export function protectedEntryIn(path: string): ProtectedEntry | null {
  const parts = path
    .toLowerCase()
    .split(/[/\\]+/)
    .filter((p) => p !== "" && p !== ".");
  for (const { entry, parts: want } of ENTRY_PARTS) {
    for (let i = 0; i + want.length <= parts.length; i++) {
      if (!want.every((w, k) => parts[i + k] === w)) continue;
      // A file entry is the file itself; a dir entry also covers everything below it.
      if (entry.kind === "dir" || i + want.length === parts.length) return entry;
    }
  }
  return null;
}

/** `.claude` itself: replacing or removing it replaces every protected entry at once. */
export function isClaudeDir(path: string): boolean {
  const parts = path.split(/[/\\]+/).filter((p) => p !== "" && p !== ".");
  return parts.at(-1)?.toLowerCase() === ".claude";
}

/** A protected path in code text (`'.claude/settings.json'`, `.claude/skills/run-tests/SKILL.md`,
 *  `.claude/run-tests-skill/bin/guard.cjs`), not the reporter's spool `.claude/run-tests-skill-reports`. */
export const PROTECTED_LITERAL =
  /\.claude[/\\]+(run-tests-skill(?![\w.-])|settings(\.local)?\.json\b|skills(?![\w.-]))/i;

/** What the agent can do instead of changing an entry: every reason names its owner, the user. */
export function protectedAdvice(entry: ProtectedEntry): string {
  switch (entry.path) {
    case ".claude/run-tests-skill":
      return "The hooks trust these files to decide, so only the user changes them: to change how tests run or which git forms are allowed, tell the user what to change in .claude/run-tests-skill/profile.yaml (they edit it and rerun `run-tests-skill init`).";
    case ".claude/skills":
      return "The guard enforces the skills' allowed-tools, so only the user changes them: tell the user what you would change in the skill and why.";
    default:
      return "Claude Code reads its hook registrations and sandbox from it, so only the user changes it: tell the user which setting you would change and why.";
  }
}
