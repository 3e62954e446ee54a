// Processes of the project left behind by an earlier run: on Linux, a process of this user whose parent is
// init (PPid 1, or the session's subreaper never claimed it) and whose command line runs the project's code
// (`python -m tractor._child ...`) or pytest. Cheap and bounded: one readdir of /proc, one small read of
// `stat` per process, the command line only for orphans; null where there is no /proc (the caller then keeps
// its older guess).
import { readdirSync, readFileSync } from "node:fs";
import type { OrphanProcess } from "./types.ts";

const MAX_PROCESSES = 4096;
const MAX_MS = 100;
const COMMAND_MAX_CHARS = 120;

/** The project's processes that look like one of its runs: pytest, or `-m <package>.` children. */
export function isProjectCommand(argv: readonly string[], packageName: string | undefined): boolean {
  const line = argv.join(" ");
  if (/(?:^|[\s/])(?:py\.test|pytest)(?:\s|$)|-m pytest\b/.test(line)) return true;
  if (!packageName) return false;
  const pkg = packageName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?:^|\\s)-m ${pkg}(?:\\.|\\s|$)`).test(line);
}

export function findOrphans(
  packageName: string | undefined,
  proc = "/proc",
  nowMs: () => number = Date.now,
): OrphanProcess[] | null {
  if (process.platform !== "linux") return null;
  let names: string[];
  try {
    names = readdirSync(proc);
  } catch {
    return null;
  }
  const started = nowMs();
  const uid = typeof process.getuid === "function" ? process.getuid() : null;
  const found: OrphanProcess[] = [];
  let seen = 0;
  for (const name of names) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    if (++seen > MAX_PROCESSES || nowMs() - started > MAX_MS) break;
    try {
      const stat = readFileSync(`${proc}/${name}/stat`, "utf8");
      // pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid !== 1) continue;
      if (uid !== null) {
        const status = readFileSync(`${proc}/${name}/status`, "utf8");
        const owner = /^Uid:\s+(\d+)/m.exec(status)?.[1];
        if (owner !== undefined && Number(owner) !== uid) continue;
      }
      const argv = readFileSync(`${proc}/${name}/cmdline`, "utf8").split("\0").filter(Boolean);
      if (!isProjectCommand(argv, packageName)) continue;
      const command = argv.join(" ");
      found.push({
        pid: Number(name),
        command:
          command.length > COMMAND_MAX_CHARS ? `${command.slice(0, COMMAND_MAX_CHARS - 3)}...` : command,
      });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}
