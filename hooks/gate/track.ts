// The tool hooks' side of the stop gate: record what the agent changed (hooks/gate/agent-changes.ts).
//   PreToolUse Bash            -> the tree before the command (one `git status` of the project's folder)
//   PostToolUse(Failure) Bash  -> the tree after it; every path that differs (and, when the command moved
//                                 HEAD, every path the move changed) is the agent's
//   PostToolUse file tools     -> the file the tool wrote is the agent's (no git call)
//   PreToolUse apply_patch     -> (Codex) the files the patch names, at once: no PostToolUse follows it
// A failed command may still have changed files, so PostToolUseFailure counts too. A command whose
// PreToolUse record is missing (the hook did not run, or timed out) records nothing: the gate errs toward
// letting the turn end, like every other failure of it.
import { realpathSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { changedBetween, lastChangeMs, readTree } from "../core/git/tree.ts";
import { appendChanges, fileToolPath, projectPath, treeChanges, withinPath } from "./agent-changes.ts";
import { recordBefore, takeBefore } from "./baseline.ts";

export interface TrackPlace {
  stateDir: string;
  sessionId: string;
  /** The repository root, and the project dir relative to it ("" when they are the same). */
  root: string;
  within: string;
  projectDir: string;
}

export function beforeBash(place: TrackPlace, toolUseId: string, nowMs: number): void {
  recordBefore(place.stateDir, place.sessionId, toolUseId, readTree(place.root, 3000, place.within), nowMs);
}

/** Returns the project-relative paths recorded. */
export function afterBash(place: TrackPlace, toolUseId: string): string[] {
  const before = takeBefore(place.stateDir, place.sessionId, toolUseId);
  if (!before) return [];
  const after = readTree(place.root, 3000, place.within);
  const changed = new Set(treeChanges(before, after));
  if (before.head && after.head && before.head !== after.head) {
    try {
      for (const p of changedBetween(place.root, before.head, after.head, 3000, place.within)) changed.add(p);
    } catch {
      // the old HEAD is gone: the working tree's own changes still count
    }
  }
  const record = new Map<string, number>();
  for (const repoPath of changed) {
    const rel = withinPath(repoPath, place.within);
    if (rel !== null) record.set(rel, lastChangeMs(place.root, repoPath));
  }
  appendChanges(place.stateDir, place.sessionId, record);
  return [...record.keys()];
}

function real(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

/** Files an edit names before it runs (Codex's apply_patch reaches only PreToolUse): recorded at once, as
 *  changed now. Returns the project-relative paths recorded. */
export function namedEdits(
  place: TrackPlace,
  files: readonly string[],
  cwd: string,
  nowMs: number,
): string[] {
  const record = new Map<string, number>();
  for (const file of files) {
    const absolute = isAbsolute(file) ? file : resolve(cwd, file);
    const rel =
      projectPath(place.projectDir, absolute) ?? projectPath(real(place.projectDir), real(absolute));
    if (rel !== null) record.set(rel, nowMs);
  }
  appendChanges(place.stateDir, place.sessionId, record);
  return [...record.keys()];
}

/** Returns the project-relative path recorded, or null (another tool, or a file outside the project). */
export function afterFileTool(
  place: TrackPlace,
  toolName: string,
  toolInput: Record<string, unknown>,
  cwd: string,
): string | null {
  const file = fileToolPath(toolName, toolInput, cwd);
  if (!file) return null;
  // The same file may be named through a symlinked folder (/tmp on macOS): compare real paths when the
  // plain ones disagree.
  const rel = projectPath(place.projectDir, file) ?? projectPath(real(place.projectDir), real(file));
  if (rel === null) return null;
  appendChanges(place.stateDir, place.sessionId, new Map([[rel, lastChangeMs(place.projectDir, rel)]]));
  return rel;
}
