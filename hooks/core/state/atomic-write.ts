// Replacing a file so that a reader never sees half of it: write a temp file in the same folder, then rename
// it into place. Used by the hooks' state files and the reporter module, and by the installer.
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";

/** `mode` sets the file's mode; without it a replaced file keeps its own (a hand-made settings.json may be
 *  0600). A symlink is followed, so a file kept elsewhere and linked in is written where it lives. */
export function writeAtomic(file: string, content: string | Uint8Array, mode?: number): void {
  const path = existsSync(file) && lstatSync(file).isSymbolicLink() ? realpathSync(file) : file;
  mkdirSync(dirname(path), { recursive: true });
  // Unique per process and call; no node:crypto, whose load would cost the guard's start-up.
  const unique = `${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2, 10)}`;
  const temp = join(dirname(path), `.${unique}.run-tests-skill.tmp`);
  try {
    writeFileSync(temp, content, mode === undefined ? undefined : { mode });
    const keepMode = mode ?? (existsSync(path) ? statSync(path).mode & 0o777 : undefined);
    if (keepMode !== undefined) chmodSync(temp, keepMode);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
