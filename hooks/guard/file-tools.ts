// The file tools' side of the git rule: Edit, Write, MultiEdit and NotebookEdit never write git's own files
// (the Bash guard's notion, ./git-dir.ts). Pure: the caller passes the working directory and a realpath
// function, so `..` and symlinks are resolved the way the file system will resolve them.
import { dirname, join, resolve } from "node:path";
import { gitConfigFile, underGitDir } from "./git-dir.ts";

/** The file tools this handler judges, and the input field that names the file each one writes. */
export const FILE_TOOLS: Record<string, readonly string[]> = {
  Edit: ["file_path"],
  Write: ["file_path"],
  MultiEdit: ["file_path"],
  NotebookEdit: ["notebook_path"],
};

/** The matcher a registration uses: exactly the tools above. */
export const FILE_TOOL_MATCHER = Object.keys(FILE_TOOLS).join("|");

export type FileDecision =
  | { decision: "deny"; rule: "git-dir-write" | "git-config-write"; reason: string; path: string }
  | { decision: "defer"; rule: "not-git" | "not-a-file-tool" | "no-path"; reason: string };

export interface FileContext {
  /** The session's working directory (relative paths are resolved against it). */
  cwd: string;
  /** The real path of an existing path (symlinks resolved), or null when it does not exist. */
  realpath: (path: string) => string | null;
  /** The target of a symbolic link (even a dangling one: writing through it creates the target), or null. */
  readlink: (path: string) => string | null;
}

export const FILE_REASON_PREFIX = "run-tests guard:";

/** The path a tool call writes, as given, or null. */
export function fileToolPath(toolName: string, input: Record<string, unknown>): string | null {
  const fields = Object.hasOwn(FILE_TOOLS, toolName) ? FILE_TOOLS[toolName] : undefined;
  if (!fields) return null;
  for (const field of fields) {
    const value = input[field];
    if (typeof value === "string" && value !== "") return value;
  }
  return null;
}

/**
 * Where a write to `path` lands: `..` removed, and the deepest existing ancestor replaced by its real path
 * (a symlinked folder, or the file itself when it is a symlink), the rest appended.
 */
export function landingPaths(path: string, ctx: FileContext): string[] {
  const absolute = resolve(ctx.cwd, path);
  const out = [absolute];
  // The file itself may be a link, dangling or not (links to links: up to the kernel's own limit of 40).
  let target = absolute;
  for (let hop = 0; hop < 40; hop++) {
    const link = ctx.readlink(target);
    if (link === null) break;
    target = resolve(dirname(target), link);
    out.push(target);
  }
  let head = target;
  const tail: string[] = [];
  for (let i = 0; i < 4096; i++) {
    const real = ctx.realpath(head);
    if (real !== null) {
      out.push(tail.length ? join(real, ...tail.reverse()) : real);
      break;
    }
    const parent = resolve(head, "..");
    if (parent === head) break;
    tail.push(head.slice(parent.length).replace(/^[/\\]+/, ""));
    head = parent;
  }
  return out;
}

export function decideFileWrite(
  toolName: string,
  input: Record<string, unknown>,
  ctx: FileContext,
): FileDecision {
  if (!Object.hasOwn(FILE_TOOLS, toolName))
    return { decision: "defer", rule: "not-a-file-tool", reason: `${toolName} is not a file tool` };
  const path = fileToolPath(toolName, input);
  if (path === null) return { decision: "defer", rule: "no-path", reason: "no file path in the tool input" };
  // The path as written (`.git/../.git/HEAD`), where it resolves to, and where it lands past symlinks.
  for (const p of [path, ...landingPaths(path, ctx)]) {
    const shown = p === path ? `\`${path}\`` : `\`${path}\` (${p})`;
    if (underGitDir(p))
      return {
        decision: "deny",
        rule: "git-dir-write",
        path: p,
        reason: `${FILE_REASON_PREFIX} ${toolName} on ${shown} was not run: the file is inside a .git directory (the index, refs, hooks and configuration of a repository). In this project the user drives git: leave git's own files alone, and edit the working tree's files instead.`,
      };
    if (gitConfigFile(p))
      return {
        decision: "deny",
        rule: "git-config-write",
        path: p,
        reason: `${FILE_REASON_PREFIX} ${toolName} on ${shown} was not run: it is a git configuration file, where settings such as core.fsmonitor, core.pager or alias.* run programs under the next git command. In this project the user drives git and its configuration; tell the user what you would change instead.`,
      };
  }
  return { decision: "defer", rule: "not-git", reason: "not a git file; no decision" };
}
