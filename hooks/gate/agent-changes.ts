// What the agent changed in a session, and when: every file its file tools (Write, Edit, MultiEdit,
// NotebookEdit) wrote, and every path one of its Bash commands changed (the tree after the command against
// the tree just before it, hooks/gate/baseline.ts). Nothing else counts: a file the human edits in an IDE
// between turns (or while a command of the agent's is not running) is never here, so it never asks for a run.
// Append-only JSON lines, one per path, written by each tool hook (parallel hooks may append at once: each
// append is one write of a few short lines):
//   <project>/.claude/run-tests-skill/state/stop-gate/<session id>.changes.jsonl
//   {"p":"pkg/core.py","ms":1765070000000}
// Paths are relative to the project dir (the session's folder; a subproject's own folder in --subproject
// mode); paths outside it (a sibling package) are never recorded. `ms` is the change's time: the file's
// mtime after the tool ran (a deleted file: its nearest surviving folder's), so a run started by the same
// command after the edit (`sed -i ... && pytest`) covers it.
import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import type { TreeState } from "../core/git/tree.ts";
import { BASELINE_DIR, safeName } from "./baseline.ts";

/** The tools whose input names the one file they write. */
const FILE_TOOL_PATH_KEYS: Record<string, string> = {
  Write: "file_path",
  Edit: "file_path",
  MultiEdit: "file_path",
  NotebookEdit: "notebook_path",
};

export function changesFile(stateDir: string, sessionId: string): string {
  return join(stateDir, BASELINE_DIR, `${safeName(sessionId)}.changes.jsonl`);
}

/** The file a file tool wrote (absolute, as the tools require; a relative one is taken from `cwd`), or null
 *  for another tool or a malformed input. */
export function fileToolPath(
  toolName: string,
  toolInput: Record<string, unknown>,
  cwd: string,
): string | null {
  const key = FILE_TOOL_PATH_KEYS[toolName];
  const value = key ? toolInput[key] : undefined;
  if (typeof value !== "string" || value === "") return null;
  return isAbsolute(value) ? value : resolve(cwd, value);
}

/** An absolute path as the record keeps it: relative to the project dir, "/" separated; null outside it. */
export function projectPath(projectDir: string, absolute: string): string | null {
  const rel = relative(projectDir, absolute);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return null;
  return rel.split(sep).join("/");
}

/** A repo-relative path (git's) relative to the project dir `within` ("" at the root); null outside it. */
export function withinPath(repoRelative: string, within: string): string | null {
  if (!within) return repoRelative;
  return repoRelative.startsWith(`${within}/`) ? repoRelative.slice(within.length + 1) : null;
}

/** Paths whose state differs between two trees (either side): what happened between them. */
export function treeChanges(before: TreeState, after: TreeState): string[] {
  const paths = new Set<string>();
  for (const [path, stamp] of Object.entries(after.files)) if (before.files[path] !== stamp) paths.add(path);
  for (const path of Object.keys(before.files)) if (!(path in after.files)) paths.add(path);
  return [...paths].sort();
}

export function appendChanges(
  stateDir: string,
  sessionId: string,
  changes: ReadonlyMap<string, number>,
): void {
  if (changes.size === 0) return;
  const lines = [...changes].map(([p, ms]) => `${JSON.stringify({ p, ms: Math.round(ms) })}\n`).join("");
  const file = changesFile(stateDir, sessionId);
  mkdirSync(join(stateDir, BASELINE_DIR), { recursive: true });
  appendFileSync(file, lines);
}

/** The session's record: path -> its latest change by the agent (ms). Damaged lines are skipped. */
export function parseChanges(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const { p, ms } = JSON.parse(line) as { p?: unknown; ms?: unknown };
      if (typeof p !== "string" || typeof ms !== "number" || !Number.isFinite(ms)) continue;
      out.set(p, Math.max(ms, out.get(p) ?? 0));
    } catch {
      // a torn or foreign line proves nothing
    }
  }
  return out;
}

export function readChanges(stateDir: string, sessionId: string): Map<string, number> {
  try {
    return parseChanges(readFileSync(changesFile(stateDir, sessionId), "utf8"));
  } catch {
    return new Map();
  }
}
