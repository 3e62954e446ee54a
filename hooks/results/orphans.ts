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

const PYTEST_PROGRAM = /^(?:py\.test|pytest)(?:-?[\d.]+)?$/;
const PYTHON_PROGRAM = /^(?:python|pypy)[\d.]*$/;

/** The project's processes that look like one of its runs: pytest, or `-m <package>.` children. Judged from
 *  the program and its own arguments, never from a shell's script text: `bash -c "... pytest ..."` is the
 *  shell, not a run (its pytest child, if any, is a process of its own). A process title rewritten into one
 *  string (setproctitle) is split back into words. */
export function isProjectCommand(argv: readonly string[], packageName: string | undefined): boolean {
  const words = argv.length === 1 ? (argv[0] ?? "").trim().split(/\s+/) : [...argv];
  const program = (words[0] ?? "").split("/").pop() ?? "";
  if (PYTEST_PROGRAM.test(program)) return true;
  if (!PYTHON_PROGRAM.test(program)) return false;
  for (let i = 1; i < words.length; i++) {
    const word = words[i] ?? "";
    let module: string | undefined;
    if (word === "-m") module = words[i + 1];
    else if (/^-m\S/.test(word)) module = word.slice(2);
    else if (word === "-c" || word === "-") return false;
    else if (word === "-W" || word === "-X") {
      i++; // the option's value
      continue;
    } else if (!word.startsWith("-"))
      return PYTEST_PROGRAM.test(word.split("/").pop() ?? ""); // a script
    else continue;
    if (module === undefined) return false;
    if (module === "pytest") return true;
    return packageName !== undefined && (module === packageName || module.startsWith(`${packageName}.`));
  }
  return false;
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
