// Which agent Bash commands cannot change the working tree, so the recorder (./track.ts) need not take the
// tree before and after them: the two `git status` calls are most of what it costs per call on a large
// repository (test/bench/recorder.ts), and agents run many of these (`ls`, `cat`, `grep`, `git diff`).
// Conservative on purpose: a command counts only when every simple command of the line (the guard's own
// shell walk: pipes, `&&`, subshells, substitutions) is a program on the list below, used without its
// writing options, behind at most a wrapper that only runs it (timeout, nice, time, ...), with no redirect
// into a file. Anything else, an expansion in a place that matters, or a line the walk cannot read is taken
// as one that may write, and the tree is read around it as before. A wrong "read-only" would hide an agent
// change from the stop gate; a wrong "may write" only costs time.
import { type SimpleCommand, walkSource } from "../core/shell/walk.ts";
import { programName, type WordInfo } from "../core/shell/words.ts";
import { peel } from "../core/shell/wrappers.ts";

/** Programs that write no file whatever their arguments (the output goes to stdout). */
const READERS = new Set([
  "ls",
  "cat",
  "head",
  "tail",
  "wc",
  "grep",
  "egrep",
  "fgrep",
  "pwd",
  "echo",
  "printf",
  "stat",
  "file",
  "which",
  "type",
  "du",
  "df",
  "basename",
  "dirname",
  "realpath",
  "readlink",
  "whoami",
  "id",
  "uname",
  "true",
  "false",
  "nl",
  "cut",
  "tr",
  "diff",
  "cmp",
  "comm",
  "test",
  "[",
  "md5sum",
  "sha1sum",
  "sha256sum",
  "cd",
]);

/** Readers that write or run something only through these options. */
const WRITING_OPTIONS: Record<string, RegExp> = {
  // find's actions that delete, run or write a file.
  find: /^-(?:delete|exec|execdir|ok|okdir|fprint|fprint0|fprintf|fls)$/,
  // ripgrep's preprocessor runs a program per file.
  rg: /^--pre(?:=|$)|^--hostname-bin/,
};

/** git subcommands that read the repository; their writing options are refused below. */
const GIT_READERS = new Set([
  "status",
  "diff",
  "log",
  "show",
  "rev-parse",
  "ls-files",
  "ls-tree",
  "cat-file",
  "blame",
  "describe",
  "shortlog",
  "grep",
  "show-ref",
  "for-each-ref",
  "merge-base",
  "rev-list",
]);
/** `--output` writes a file; `-O`/`--open-files-in-pager` (git grep) runs a program. */
const GIT_WRITING_OPTIONS = /^(?:--output(?:=|$)|-O|--open-files-in-pager|--ext-diff$)/;
/** git options before the subcommand that only say where or how to print. `-c` (it may name a program to
 *  run, a pager or a diff driver) is not among them. */
const GIT_GLOBAL_SWITCHES =
  /^(?:--no-pager|-P|--no-optional-locks|--literal-pathspecs|--no-replace-objects)$/;

/** Wrappers that only run the command after them (they write nothing themselves without an output option). */
const PLAIN_WRAPPERS = new Set(["timeout", "nice", "stdbuf", "time", "command"]);

/** Redirect targets that are no file in the tree. */
const STREAM = /^\/dev\/(?:null|stdout|stderr|tty|fd\/\d+)$/;

function isStatic(word: WordInfo): boolean {
  return word.dynamic === null;
}

function gitReads(words: readonly WordInfo[]): boolean {
  let i = 1;
  for (; i < words.length; i++) {
    const w = words[i] as WordInfo;
    if (!isStatic(w)) return false;
    if (w.value === "-C") {
      i++;
      continue;
    }
    if (!w.value.startsWith("-")) break;
    if (!GIT_GLOBAL_SWITCHES.test(w.value)) return false;
  }
  const sub = words[i];
  if (!sub || !GIT_READERS.has(sub.value)) return false;
  return words.slice(i + 1).every((w) => isStatic(w) && !GIT_WRITING_OPTIONS.test(w.value));
}

function commandReads(cmd: SimpleCommand): boolean {
  if (cmd.redirects.some((r) => r.writes && !(r.target && isStatic(r.target) && STREAM.test(r.target.value))))
    return false;
  let words = cmd.words;
  for (let depth = 0; depth < 4; depth++) {
    const first = words[0];
    if (!first) return true; // a bare assignment, or `command -v x`
    if (!isStatic(first)) return false;
    const name = programName(first.value);
    if (PLAIN_WRAPPERS.has(name)) {
      const peeled = peel(name, words);
      if (!peeled || peeled.problem || peeled.outputs.length > 0 || peeled.shellCode.length > 0) return false;
      if (!peeled.argv) return true;
      words = peeled.argv;
      continue;
    }
    if (name === "git") return gitReads(words);
    const writing = WRITING_OPTIONS[name];
    if (writing) return words.slice(1).every((w) => isStatic(w) && !writing.test(w.value));
    return READERS.has(name);
  }
  return false;
}

/** True when no command of the line can change a file of the working tree (or move HEAD). */
export function readOnlyCommand(line: string): boolean {
  if (line.trim() === "" || line.length > 8192) return false;
  let walked: ReturnType<typeof walkSource>;
  try {
    walked = walkSource(line);
  } catch {
    return false;
  }
  if (walked.problems.length > 0 || walked.commands.length === 0) return false;
  return walked.commands.every(commandReads);
}
