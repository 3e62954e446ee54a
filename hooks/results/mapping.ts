// The profile's change-to-test mapping, read backwards: which changed file in the working tree is the likely
// cause of a failing test. The changed-file list is an input (the entry gathers it from git).
import { pathPatternMatches } from "../core/glob.ts";
import type { MappingRow } from "../core/profile/schema.ts";
import { fileOfNodeId } from "./types.ts";

export interface LikelyCause {
  /** Failing test ids the row links to the change. */
  tests: string[];
  /** Changed files (repo-relative) the row names. */
  changed: string[];
  note?: string;
}

/** Rows whose tests include a failing test's file and whose changed patterns match a changed file. */
export function likelyCauses(
  failingIds: readonly string[],
  mapping: readonly MappingRow[],
  changedFiles: readonly string[],
): LikelyCause[] {
  const causes: LikelyCause[] = [];
  for (const row of mapping) {
    const tests = failingIds.filter((id) => row.tests.some((t) => pathPatternMatches(t, fileOfNodeId(id))));
    if (tests.length === 0) continue;
    const changed = changedFiles.filter((f) => row.changed.some((c) => pathPatternMatches(c, f)));
    if (changed.length === 0) continue;
    causes.push({ tests, changed, ...(row.note ? { note: row.note } : {}) });
  }
  return causes;
}
