// Programs that execute text they are given, as data: which option (or operand) carries the text, and in
// which language. The guard treats them like a shell whenever that text can reach git or `.git`:
//   shell: the value is a shell command line, judged like `bash -c` (every rule applies to it);
//   argv:  the words after the option, up to `;` or `+`, are a command (fd -x), judged like any command;
//   text:  the value is in the program's own command language (a debugger's, an editor's ex commands, SQL
//          with dot-commands, make, Tcl, Lisp), which can escape to a shell: refused when it names git;
//   stdin: the program reads such commands from standard input: a here-document that names git, or a pipe
//          from a line that names git, is refused the same way.
// Programs whose only code is the project's own (make with its Makefile, npm run) stay out of reach of any
// command-string guard; the sandbox barrier covers them.
import { lookup } from "../core/shell/table.ts";
import type { WordInfo } from "../core/shell/words.ts";

export interface CodeCarrier {
  /** What it is, for the reason. */
  what: string;
  shell?: string[];
  argv?: string[];
  text?: string[];
  /** Operands (non-option words) are shell commands (hyperfine) or commands in its language (sqlite3). */
  operands?: "shell" | "text";
  /** Operands before the ones that carry code (sqlite3's database file). */
  skipOperands?: number;
  /** Words starting with this prefix carry text (vim `+cmd`, less `+cmd`). */
  prefix?: string;
  /** Reads its commands from stdin when it is not a terminal. `dash`: only with `-f -` / `--file=-`. */
  stdin?: boolean | "dash";
  /** Options whose value carries a shell command after a key (ssh `-o ProxyCommand=...`). */
  keyed?: { option: string; key: RegExp }[];
  /** Operands with a scheme prefix carry shell commands (socat `EXEC:cmd`, `SYSTEM:cmd`). */
  schemes?: RegExp;
  /** Options that take a value not carrying code (so their value is not an operand). */
  value?: string[];
  /** Its options are long names after one dash (`-batch`, `-nx`), never clusters of letters. */
  singleDashLong?: boolean;
}

const EDITOR: CodeCarrier = {
  what: "an editor in ex/batch mode",
  text: ["-c", "--cmd", "-S"],
  prefix: "+",
  stdin: true,
};

export const CODE_CARRIERS: Record<string, CodeCarrier> = {
  gdb: {
    what: "a debugger",
    singleDashLong: true,
    text: [
      "-ex",
      "--ex",
      "-eval-command",
      "--eval-command",
      "-iex",
      "--iex",
      "-init-eval-command",
      "--init-eval-command",
      "-x",
      "--x",
      "-command",
      "--command",
      "-ix",
      "-init-command",
      "--init-command",
    ],
    stdin: true,
  },
  lldb: {
    what: "a debugger",
    text: [
      "-o",
      "--one-line",
      "-O",
      "--one-line-before-file",
      "-k",
      "--one-line-on-crash",
      "-K",
      "--source-on-crash",
      "-s",
      "--source",
      "-S",
      "--source-before-file",
    ],
    stdin: true,
  },
  vim: EDITOR,
  vi: EDITOR,
  nvim: EDITOR,
  gvim: EDITOR,
  vimdiff: EDITOR,
  view: EDITOR,
  rvim: EDITOR,
  ex: EDITOR,
  ed: { what: "a line editor", stdin: true },
  red: { what: "a line editor", stdin: true },
  emacs: {
    what: "an editor in batch mode",
    text: ["--eval", "-eval", "--execute", "-l", "--load", "-f", "--funcall"],
    stdin: true,
  },
  kak: { what: "an editor", text: ["-e", "-p"], stdin: true },
  less: { what: "a pager", prefix: "+", text: ["-k", "--lesskey-file"] },
  more: { what: "a pager", prefix: "+" },
  make: { what: "make", text: ["--eval", "-E"], stdin: "dash" },
  gmake: { what: "make", text: ["--eval", "-E"], stdin: "dash" },
  bmake: { what: "make", text: ["--eval", "-E"], stdin: "dash" },
  sqlite3: {
    what: "SQLite's shell (its .shell/.system commands run programs)",
    text: ["-cmd", "--cmd", "-init", "--init"],
    operands: "text",
    skipOperands: 1,
    stdin: true,
  },
  duckdb: {
    what: "DuckDB's shell",
    text: ["-c", "-cmd", "-s", "-init"],
    operands: "text",
    skipOperands: 1,
    stdin: true,
  },
  mysql: { what: "a SQL shell (its system command runs programs)", text: ["-e", "--execute"], stdin: true },
  mariadb: { what: "a SQL shell (its system command runs programs)", text: ["-e", "--execute"], stdin: true },
  psql: {
    what: "a SQL shell (its \\! command runs programs)",
    text: ["-c", "--command", "-f", "--file"],
    stdin: true,
  },
  expect: { what: "Tcl's expect", text: ["-c"], operands: "text", stdin: true },
  tclsh: { what: "a Tcl interpreter", operands: "text", stdin: true },
  m4: { what: "m4 (syscmd runs programs)", operands: "text", stdin: true },
  dc: { what: "dc (its ! command runs programs)", text: ["-e", "--expression", "-f", "--file"], stdin: true },
  ipython: {
    what: "IPython (its ! lines run programs)",
    text: ["-c", "-m", "-i"],
    operands: "text",
    stdin: true,
  },
  ipython3: {
    what: "IPython (its ! lines run programs)",
    text: ["-c", "-m", "-i"],
    operands: "text",
    stdin: true,
  },
  pwsh: {
    what: "PowerShell",
    text: ["-c", "-Command", "-command", "-EncodedCommand", "-e", "-File", "-f"],
    operands: "text",
    stdin: true,
  },
  nu: { what: "Nushell", text: ["-c", "--commands"], operands: "text", stdin: true },
  xonsh: { what: "xonsh", text: ["-c"], operands: "text", stdin: true },
  elvish: { what: "Elvish", text: ["-c"], operands: "text", stdin: true },
  osh: { what: "Oils", text: ["-c"], operands: "text", stdin: true },
  ysh: { what: "Oils", text: ["-c"], operands: "text", stdin: true },
  tar: {
    what: "tar (checkpoint actions, --to-command and compress programs run commands)",
    shell: [
      "--checkpoint-action",
      "--to-command",
      "--use-compress-program",
      "-I",
      "--rsh-command",
      "--info-script",
      "--new-volume-script",
      "-F",
    ],
  },
  rsync: { what: "rsync (its remote shell runs commands)", shell: ["-e", "--rsh", "--rsync-path"] },
  scp: {
    what: "scp",
    shell: ["-S"],
    keyed: [{ option: "-o", key: /^(proxy|local|knownhosts)command\s*[= ]\s*/i }],
  },
  sftp: {
    what: "sftp",
    shell: ["-S", "-D"],
    keyed: [{ option: "-o", key: /^(proxy|local|knownhosts)command\s*[= ]\s*/i }],
  },
  ssh: { what: "ssh", keyed: [{ option: "-o", key: /^(proxy|local|knownhosts)command\s*[= ]\s*/i }] },
  zip: { what: "zip (its test command runs a program)", shell: ["-TT", "--unzip-command"] },
  man: { what: "man (its pager and browser are commands)", shell: ["-P", "--pager", "-H", "--html"] },
  fd: { what: "fd (-x/-X run a command per file)", argv: ["-x", "--exec", "-X", "--exec-batch"] },
  fdfind: { what: "fd (-x/-X run a command per file)", argv: ["-x", "--exec", "-X", "--exec-batch"] },
  hyperfine: {
    what: "a benchmark runner (its commands run in a shell)",
    shell: ["-p", "--prepare", "-s", "--setup", "-c", "--cleanup", "--conclude", "--reference"],
    operands: "shell",
    value: [
      "-w",
      "--warmup",
      "-r",
      "--runs",
      "-m",
      "--min-runs",
      "-M",
      "--max-runs",
      "-n",
      "--command-name",
      "-S",
      "--shell",
      "--export-json",
      "--export-csv",
      "--export-markdown",
      "--export-asciidoc",
      "--export-orgmode",
      "-u",
      "--time-unit",
      "--style",
      "--sort",
      "-i",
      "--ignore-failure",
      "--output",
      "--input",
    ],
  },
  socat: { what: "socat (EXEC:/SYSTEM: addresses run commands)", schemes: /^(exec|system):/i },
  nc: { what: "netcat", shell: ["-e", "-c", "--exec", "--sh-exec", "--lua-exec"] },
  ncat: { what: "netcat", shell: ["-e", "-c", "--exec", "--sh-exec", "--lua-exec"] },
  netcat: { what: "netcat", shell: ["-e", "-c"] },
  "nix-shell": { what: "nix-shell", shell: ["--run", "--command"] },
  nix: { what: "nix develop/shell", argv: ["-c", "--command"] },
  xterm: { what: "a terminal", argv: ["-e"] },
  entr: { what: "entr (-s runs a shell command)", shell: ["-s"] },
  watchexec: { what: "watchexec", shell: ["-s", "--shell"] },
  flatpak: { what: "flatpak", argv: ["--command"] },
  deno: { what: "Deno (eval and run take code)", text: ["--eval", "-e"], operands: "text", stdin: true },
};

export interface Carried {
  shell: WordInfo[];
  argv: WordInfo[][];
  text: WordInfo[];
  readsStdin: boolean;
}

/** The code a carrier program is given in this invocation. */
export function carriedCode(name: string, words: WordInfo[]): Carried | null {
  const spec = lookup(CODE_CARRIERS, name);
  if (!spec) return null;
  const out: Carried = { shell: [], argv: [], text: [], readsStdin: spec.stdin === true };
  const shell = new Set(spec.shell ?? []);
  const argv = new Set(spec.argv ?? []);
  const text = new Set(spec.text ?? []);
  const value = new Set(spec.value ?? []);
  let operand = 0;
  let rest = false;
  const take = (set: Set<string>, w: WordInfo, next: WordInfo | undefined): WordInfo | null | undefined => {
    const v = w.value;
    if (set.has(v)) return next ?? null;
    const eq = v.indexOf("=");
    if (eq > 0 && set.has(v.slice(0, eq))) return { ...w, value: v.slice(eq + 1) };
    // A cluster of short options (`-sc CMD`, `-I'cmd'`): the first carrier letter takes the rest of the
    // cluster, or the next word when it is the last letter.
    if (!spec.singleDashLong && /^-[A-Za-z]/.test(v) && !v.startsWith("--") && !v.includes("="))
      for (let k = 1; k < v.length; k++)
        if (set.has(`-${v[k]}`)) return k + 1 < v.length ? { ...w, value: v.slice(k + 1) } : (next ?? null);
    return undefined;
  };
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as WordInfo;
    const v = w.value;
    const next = words[i + 1];
    if (!rest && v === "--") {
      rest = true;
      continue;
    }
    if (!rest && v.startsWith("-") && v !== "-") {
      const s = take(shell, w, next);
      if (s !== undefined) {
        if (s) out.shell.push({ ...s, value: s.value.replace(/^(exec|sh)=/, "") });
        if (s === next) i++;
        continue;
      }
      const t = take(text, w, next);
      if (t !== undefined) {
        if (t) out.text.push(t);
        if (t === next) i++;
        continue;
      }
      const a = take(argv, w, next);
      if (a !== undefined) {
        const template: WordInfo[] = [];
        let j = a === next ? i + 1 : i;
        if (a && a !== next) template.push(a);
        for (j = a === next ? i + 1 : i + 1; j < words.length; j++) {
          const x = words[j] as WordInfo;
          if (x.value === ";" || x.value === "+" || x.value === "\\;") break;
          template.push(x.value.includes("{") ? { ...x, dynamic: "expansion" } : x);
        }
        if (template.length > 0) out.argv.push(template);
        i = j;
        continue;
      }
      for (const k of spec.keyed ?? []) {
        const kv = take(new Set([k.option]), w, next);
        if (kv && k.key.test(kv.value)) out.shell.push({ ...kv, value: kv.value.replace(k.key, "") });
        if (kv !== undefined && kv === next) i++;
      }
      if (value.has(v)) i++;
      const stdinFile = /^(-|\/dev\/stdin|\/dev\/fd\/0|\/proc\/self\/fd\/0)$/;
      if (
        spec.stdin === "dash" &&
        (v === "-f" || v === "--file" || v === "--makefile") &&
        stdinFile.test(next?.value ?? "")
      )
        out.readsStdin = true;
      if (
        spec.stdin === "dash" &&
        /^--(file|makefile)=/.test(v) &&
        stdinFile.test(v.slice(v.indexOf("=") + 1))
      )
        out.readsStdin = true;
      continue;
    }
    if (spec.prefix && v.startsWith(spec.prefix) && v.length > 1) {
      out.text.push({ ...w, value: v.slice(spec.prefix.length) });
      continue;
    }
    if (spec.schemes?.test(v))
      out.shell.push({ ...w, value: v.replace(spec.schemes, "").replace(/,[a-z-]+(=[^,]*)?$/i, "") });
    if (operand++ >= (spec.skipOperands ?? 0)) {
      if (spec.operands === "shell") out.shell.push(w);
      else if (spec.operands === "text") out.text.push(w);
    }
  }
  return out;
}
