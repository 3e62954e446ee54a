// The real file system behind the file guard's pure decision (file-tools.ts FileContext): symlinks, hard
// links and the repository's git dirs as git resolves them. One definition for the file-guard hook and for
// Codex's apply_patch, which reaches the Bash guard (hooks/hosts/codex.ts).
import { readdirSync, readlinkSync, realpathSync, statSync } from "node:fs";
import { gitDirsOf } from "../core/git/dirs.ts";
import type { FileContext, FileId } from "./file-tools.ts";

function realpath(path: string): string | null {
  try {
    return realpathSync.native(path);
  } catch {
    return null;
  }
}

function readlink(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}

function stat(path: string): FileId | null {
  try {
    const s = statSync(path);
    return { dev: s.dev, ino: s.ino, nlink: s.nlink, dir: s.isDirectory() };
  } catch {
    return null;
  }
}

function list(dir: string): string[] | null {
  try {
    return readdirSync(dir);
  } catch {
    return null;
  }
}

/** The context a file decision needs, read from disk: relative paths resolve against `cwd`. */
export function fileSystemContext(cwd: string, projectDir: string): FileContext {
  // The repository's git dirs as git resolves them (a `.git` file, a worktree's common dir), as real paths.
  const gitDirs = [...new Set([...gitDirsOf(projectDir), ...gitDirsOf(cwd)].map((d) => realpath(d) ?? d))];
  return { cwd, realpath, readlink, projectDir: realpath(projectDir) ?? projectDir, gitDirs, stat, list };
}
