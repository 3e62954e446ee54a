// The file tools' side of the rule: Edit, Write, MultiEdit and NotebookEdit never write git's own files (the
// Bash guard's notion, ./git-dir.ts, plus the repository's resolved git dirs: a `.git` file pointing to
// `./.bare`, a worktree's common dir) nor the protected set enforcement depends on (../runtime/protected.ts:
// the install, the project's Claude Code settings, its skills), in both tiers. Pure: the caller passes the
// working directory and the file-system functions, so `..`, symlinks and hard links are resolved the way the
// file system resolves them.

import { dirname, join, resolve, sep } from "node:path";
import { PROTECTED_PROJECT_PATHS, type ProtectedEntry } from "../core/state/protected.ts";
import type { RuleId } from "./data/rules.ts";
import { gitConfigFile, underGitDir } from "./git-dir.ts";
import { protectedAdvice, protectedEntryIn } from "./protected-paths.ts";

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
  | {
      decision: "deny";
      rule: Extract<RuleId, "git-dir-write" | "git-config-write" | "protected-write">;
      reason: string;
      path: string;
    }
  | { decision: "defer"; rule: Extract<RuleId, "not-git" | "not-a-file-tool" | "no-path">; reason: string };

export interface FileContext {
  /** The session's working directory (relative paths are resolved against it). */
  cwd: string;
  /** The real path of an existing path (symlinks resolved), or null when it does not exist. */
  realpath: (path: string) => string | null;
  /** The target of a symbolic link (even a dangling one: writing through it creates the target), or null. */
  readlink: (path: string) => string | null;
  /** The project directory (absolute): its protected entries are compared by inode for hard links. */
  projectDir?: string;
  /** The repository's git dirs, real paths (`.git`, or where a `.git` file points, and its common dir). */
  gitDirs?: readonly string[];
  /** The identity of an existing file (symlinks followed), or null. */
  stat?: (path: string) => FileId | null;
  /** The names in a directory, or null when it is not one. */
  list?: (dir: string) => string[] | null;
}

export interface FileId {
  dev: number;
  ino: number;
  nlink: number;
  dir: boolean;
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

/** A path inside one of the resolved git dirs (compared by real path). */
function inGitDirs(p: string, gitDirs: readonly string[]): boolean {
  return gitDirs.some((d) => p === d || p.startsWith(d.endsWith(sep) ? d : `${d}${sep}`));
}

/** Bounds of the hard-link scan: how many files of each protected tree are compared, how deep. */
const LINK_SCAN_FILES = 64;
const LINK_SCAN_DEPTH = 4;
/** git's files a hard link could usefully stand for (each git dir): config, HEAD, index, refs, hooks. */
const GIT_LINK_FILES = ["config", "HEAD", "index", "packed-refs", "ORIG_HEAD", "FETCH_HEAD", "commondir"];
const GIT_LINK_DIRS = ["hooks", "refs/heads", "refs/tags", "info"];

/** Up to `budget.left` files under `dir`, depth-first, bounded. */
function filesUnder(
  dir: string,
  ctx: FileContext,
  depth: number,
  budget: { left: number },
  out: string[],
): void {
  const names = ctx.list?.(dir);
  if (!names) return;
  for (const name of names) {
    if (budget.left <= 0) return;
    const path = join(dir, name);
    const id = ctx.stat?.(path);
    if (!id) continue;
    if (id.dir) {
      if (depth < LINK_SCAN_DEPTH) filesUnder(path, ctx, depth + 1, budget, out);
    } else {
      out.push(path);
      budget.left--;
    }
  }
}

/**
 * A file with more than one name may be a protected file under another name (`ln .git/config notes.txt`):
 * its dev+inode is compared with the protected files. They cannot all be listed cheaply, so the scan is
 * bounded: the project's settings files, up to LINK_SCAN_FILES files of the install and of the skills, and
 * in each git dir the files whose change runs code or moves refs (config, HEAD, index, packed-refs, hooks,
 * branch and tag refs, info/). What stays open: a hard link to a git file outside that sample (a loose
 * object, a reflog, a ref past the bound) or to a protected file past the bound; the sandbox barrier covers
 * those for Bash, and the file tools cannot create hard links themselves.
 */
function hardLinkedProtected(
  file: string,
  ctx: FileContext,
): { path: string; entry: ProtectedEntry | null } | null {
  if (!ctx.stat) return null;
  const id = ctx.stat(file);
  if (!id || id.dir || id.nlink < 2) return null;
  const candidates: { path: string; entry: ProtectedEntry | null }[] = [];
  if (ctx.projectDir) {
    for (const entry of PROTECTED_PROJECT_PATHS) {
      const path = join(ctx.projectDir, ...entry.path.split("/"));
      if (entry.kind === "file") candidates.push({ path, entry });
      else {
        const files: string[] = [];
        filesUnder(path, ctx, 0, { left: LINK_SCAN_FILES }, files);
        for (const f of files) candidates.push({ path: f, entry });
      }
    }
  }
  for (const gitDir of ctx.gitDirs ?? []) {
    for (const name of GIT_LINK_FILES) candidates.push({ path: join(gitDir, name), entry: null });
    for (const sub of GIT_LINK_DIRS) {
      const files: string[] = [];
      filesUnder(join(gitDir, ...sub.split("/")), ctx, 0, { left: LINK_SCAN_FILES / 2 }, files);
      for (const f of files) candidates.push({ path: f, entry: null });
    }
  }
  for (const c of candidates) {
    const other = ctx.stat(c.path);
    if (other && other.dev === id.dev && other.ino === id.ino) return c;
  }
  return null;
}

function protectedDeny(toolName: string, shown: string, p: string, entry: ProtectedEntry): FileDecision {
  return {
    decision: "deny",
    rule: "protected-write",
    path: p,
    reason: `${FILE_REASON_PREFIX} ${toolName} on ${shown} was not run: it is part of ${entry.what}, which run-tests-skill's enforcement depends on. ${protectedAdvice(entry)}`,
  };
}

function gitDirDeny(toolName: string, shown: string, p: string): FileDecision {
  return {
    decision: "deny",
    rule: "git-dir-write",
    path: p,
    reason: `${FILE_REASON_PREFIX} ${toolName} on ${shown} was not run: the file is inside a .git directory (the index, refs, hooks and configuration of a repository). In this project the user drives git: leave git's own files alone, and edit the working tree's files instead.`,
  };
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
  const landing = landingPaths(path, ctx);
  for (const p of [path, ...landing]) {
    const shown = p === path ? `\`${path}\`` : `\`${path}\` (${p})`;
    if (underGitDir(p) || inGitDirs(p, ctx.gitDirs ?? [])) return gitDirDeny(toolName, shown, p);
    if (gitConfigFile(p))
      return {
        decision: "deny",
        rule: "git-config-write",
        path: p,
        reason: `${FILE_REASON_PREFIX} ${toolName} on ${shown} was not run: it is a git configuration file, where settings such as core.fsmonitor, core.pager or alias.* run programs under the next git command. In this project the user drives git and its configuration; tell the user what you would change instead.`,
      };
    const entry = protectedEntryIn(p);
    if (entry) return protectedDeny(toolName, shown, p, entry);
  }
  // The file under another name: a hard link shares the inode of a protected file.
  const real = landing.at(-1);
  const linked = real ? hardLinkedProtected(real, ctx) : null;
  if (linked) {
    const shown = `\`${path}\` (a hard link to ${linked.path})`;
    return linked.entry
      ? protectedDeny(toolName, shown, linked.path, linked.entry)
      : gitDirDeny(toolName, shown, linked.path);
  }
  return { decision: "defer", rule: "not-git", reason: "not a git or protected file; no decision" };
}
