// Shells and interpreters: where their code comes from (a `-c` string, a here-document, a pipe, a file),
// and what in a one-liner counts as starting processes or running computed code. A scan of string literals
// alone misses argv lists and concatenation (`['g'+'it', 'commit']`), so the spawning and eval APIs
// themselves are refused (guard-policy §4.17).

import type { WordInfo } from "../core/shell/words.ts";
import { GIT_CONFIG_LITERAL, GIT_DIR_LITERAL } from "./git-dir.ts";

export const SHELLS = new Set([
  "sh",
  "bash",
  "dash",
  "zsh",
  "ksh",
  "mksh",
  "ash",
  "rbash",
  "yash",
  "posh",
  "fish",
  "csh",
  "tcsh",
]);

/** Where a program's code comes from. */
export type CodeSource =
  | { kind: "inline"; code: WordInfo[] }
  | { kind: "stdin" }
  | { kind: "file"; file: WordInfo }
  | { kind: "module"; module: string; args: WordInfo[] }
  | { kind: "none" };

/** Shell invocation: `bash [options] -c CODE`, `bash FILE`, `bash` (reads stdin). */
export function shellSource(words: WordInfo[]): CodeSource {
  let inline = false;
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as WordInfo;
    const v = w.value;
    if (v === "--" || v === "-") {
      const next = words[i + 1];
      if (inline) return next ? { kind: "inline", code: [next] } : { kind: "none" };
      return next ? { kind: "file", file: next } : { kind: "stdin" };
    }
    if (/^[-+]/.test(v) && v.length > 1 && !w.dynamic) {
      if (v === "--rcfile" || v === "--init-file" || v === "-o" || v === "+o" || v === "-O" || v === "+O") {
        i++;
        continue;
      }
      if (v.startsWith("--")) continue;
      if (v.startsWith("-") && v.includes("c")) inline = true;
      if (v.startsWith("-") && v.includes("s") && !inline) return { kind: "stdin" };
      continue;
    }
    if (inline) return { kind: "inline", code: [w] };
    return { kind: "file", file: w };
  }
  return inline ? { kind: "none" } : { kind: "stdin" };
}

export interface InterpreterSpec {
  /** Options whose value is code (several are joined with newlines, as perl and ruby do). */
  code: string[];
  /** The code option ends the interpreter's own options: what follows is the program's argv (python -c CODE
   *  -m pytest runs CODE, with "-m pytest" as arguments). */
  codeEndsOptions?: boolean;
  /** Options taking a value that is not code. */
  value: string[];
  /** Options that end the interpreter's own options and name a module to run (python -m). */
  module?: string[];
  /** Short options that swallow the rest of their cluster (perl -i.bak, -Mmod). */
  restOfCluster?: string[];
  /** Options whose value is also code (perl -M'Mod;system(...)'). */
  codeLike?: string[];
  /** Patterns of the language's process-spawning, eval and obfuscation APIs. */
  spawn: RegExp[];
  /** Option for in-place editing of the file arguments (perl -i, ruby -i). */
  inPlace?: string;
  language: string;
  /** Anything that can lead to a process, however indirectly (imports of non-pure modules, dunders, ...):
   *  refused together with a mention of git. Default: any call. */
  anyRoute?: RegExp;
}

/** Python modules that cannot start a process or resolve a callable by name. */
const PY_PURE =
  "json|re|sys|math|cmath|string|textwrap|collections|itertools|datetime|time|pathlib|fnmatch|glob|hashlib|difflib|pprint|statistics|decimal|fractions|random|uuid|enum|dataclasses|typing|unicodedata|locale|platform|struct|array|bisect|heapq|csv|tomllib|configparser|shutil";
const PY_SPAWN = [
  /subprocess/,
  /\bos\s*\.\s*(system|popen|exec\w*|spawn\w*|posix_spawn\w*|fork\w*|startfile)\b/,
  // `platform.system()` names the OS; every other `system` may be os.system under another name.
  /(?<!platform\s*\.\s*)\b(system|popen|execv\w*|execl\w*|spawn\w*|posix_spawn\w*|fork|forkpty)\b/,
  /\bpty\b/,
  /\b(run_process|open_process|create_subprocess_\w+)\b/,
  /\b(exec|eval|execfile|__import__|breakpoint)\s*\(/,
  /\b(ctypes|cffi|runpy|pexpect|plumbum|sarge|delegator)\b/,
  // importlib.metadata is harmless; importing modules by computed name is not.
  /\bimportlib\s*\.\s*(import_module|util|machinery|__import__)|\bfrom\s+importlib\s+import\s+(import_module|util|machinery)|\bimport\s+importlib\s*(as\b|$|[;,\n])/,
  /\b(import|from)\s+(code|sh|invoke|fabric|envoy)\b/,
  /\b(getattr|setattr|globals|vars|locals)\s*\(|__builtins__|__dict__|__globals__|__subclasses__|sys\s*\.\s*modules/,
  /\b(base64|binascii|codecs|marshal|pickle|zlib)\b|fromhex|\\x[0-9a-fA-F]{2}|\\[0-7]{3}|\bchr\s*\(|\[\s*:\s*:\s*-\s*1\s*\]|\breversed\s*\(/,
  // Modules that run code given as a string, or resolve a callable from a name.
  /\b(import|from)\s+(timeit|cProfile|profile|trace|pdb|bdb|code|codeop|doctest|operator|pkgutil)\b|\b(methodcaller|attrgetter|resolve_name)\b/,
  /\b(import\s+git|from\s+git\b|pygit2|dulwich)\b/,
];
const PERL_SPAWN = [
  /\b(system|exec|fork|qx|readpipe|syscall|eval|do|require|pipe)\b/,
  /`/,
  /\bopen\d?\b[^;\n]{0,200}\|/,
  /\bIPC::|\bFile::Copy|\bpack\s*\(|\\x\{?[0-9a-fA-F]{2}|\bchr\s*\(/,
];
const RUBY_SPAWN = [
  /\b(system|exec|spawn|fork|popen\w*|Open3|PTY|eval|instance_eval|class_eval|module_eval|send|__send__|public_send|Kernel|syscall|load|require|require_relative)\b/,
  /`|%x/,
  /\b(Rugged|Git)\b|\.pack\s*\(|\\x[0-9a-fA-F]{2}|\.chr\b/,
];
const NODE_SPAWN = [
  /child_process|\b(execSync|execFile\w*|spawn\w*|fork|exec)\b/,
  /\b(eval|Function|vm|worker_threads|dlopen|binding)\b/,
  /\brequire\s*\(\s*(?![`'"][^`'"\n]{0,500}[`'"]\s*\))/,
  /\bimport\s*\(/,
  /\b(process\s*\.\s*mainModule|module\s*\.\s*require|globalThis\s*\[|Buffer\s*\.\s*from|atob|String\s*\.\s*fromCharCode)\b|\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}/,
  /\b(isomorphic-git|simple-git|nodegit)\b/,
];
const PHP_SPAWN = [
  /\b(system|exec|shell_exec|passthru|popen|proc_open|pcntl_exec|eval|assert|create_function|include|require|call_user_func\w*|mail)\b/,
  /`/,
  /\$\w+\s*\(|base64_decode|hex2bin|chr\s*\(|str_rot13/,
];
const GENERIC_SPAWN = [
  /\b(system|exec\w*|spawn\w*|popen|run_?process|shell|execute|fork|eval|Process|Runtime|io\s*\.\s*popen|os\s*\.\s*execute)\b/,
  /`/,
];

export const INTERPRETERS: Record<string, InterpreterSpec> = {
  python: {
    language: "Python",
    code: ["-c"],
    codeEndsOptions: true,
    value: ["-W", "-X", "--check-hash-based-pycs"],
    module: ["-m"],
    spawn: PY_SPAWN,
    anyRoute: new RegExp(
      `\\bimport\\s+(?!(${PY_PURE})\\b\\s*($|[;,\\n]|as\\b))\\w|\\bfrom\\s+(?!(${PY_PURE})\\s+import\\b)[\\w.]+\\s+import|__\\w+__|\\b(methodcaller|attrgetter|resolve_name|import_module)\\s*\\(`,
    ),
  },
  perl: {
    language: "Perl",
    code: ["-e", "-E"],
    value: ["-I", "-x", "-F", "-l", "-0", "-C", "-d", "-D", "-V"],
    restOfCluster: ["-i", "-I", "-M", "-m", "-l", "-0", "-F", "-x", "-d", "-D", "-C", "-V"],
    codeLike: ["-M", "-m"],
    inPlace: "-i",
    spawn: PERL_SPAWN,
  },
  ruby: {
    language: "Ruby",
    code: ["-e"],
    value: ["-r", "-I", "-C", "-E", "-F", "--encoding"],
    restOfCluster: ["-i", "-r", "-I", "-C", "-E", "-F", "-0", "-x", "-W", "-T"],
    inPlace: "-i",
    spawn: RUBY_SPAWN,
  },
  node: {
    language: "JavaScript",
    code: ["-e", "--eval", "-p", "--print"],
    value: [
      "-r",
      "--require",
      "--import",
      "--loader",
      "--experimental-loader",
      "-C",
      "--conditions",
      "--input-type",
      "--env-file",
    ],
    spawn: NODE_SPAWN,
  },
  php: {
    language: "PHP",
    code: ["-r", "-B", "-R", "-E"],
    value: ["-c", "-d", "-z", "-t", "-S", "-F"],
    spawn: PHP_SPAWN,
  },
  generic: { language: "code", code: ["-e"], value: [], spawn: GENERIC_SPAWN },
};

/** Program name -> interpreter spec key. Versioned names (python3.13, pypy3, perl5.36) are normalised. */
export function interpreterOf(name: string): string | null {
  if (/^(python|pypy)(\d+(\.\d+)*)?(-dbg)?$/.test(name)) return "python";
  if (/^perl(\d+(\.\d+)*)?$/.test(name)) return "perl";
  if (/^(ruby|jruby|truffleruby)(\d+(\.\d+)*)?$/.test(name)) return "ruby";
  if (name === "node" || name === "nodejs" || name === "bun") return "node";
  if (/^php(\d+(\.\d+)*)?(-cli)?$/.test(name)) return "php";
  if (
    /^(lua(jit)?(\d+(\.\d+)*)?|rscript|r|julia|osascript|groovy|tclsh|wish|expect|elixir|erl|scala|kotlin|jshell|swift)$/.test(
      name,
    )
  )
    return "generic";
  return null;
}

/** Where an interpreter's code comes from, following its option grammar. */
export function interpreterSource(
  spec: InterpreterSpec,
  words: WordInfo[],
): { source: CodeSource; inPlace: boolean } {
  const code: WordInfo[] = [];
  let inPlace = false;
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as WordInfo;
    const v = w.value;
    if (v === "--") {
      const next = words[i + 1];
      return {
        source: code.length
          ? { kind: "inline", code }
          : next
            ? { kind: "file", file: next }
            : { kind: "stdin" },
        inPlace,
      };
    }
    if (v === "-" || !v.startsWith("-")) {
      if (code.length) return { source: { kind: "inline", code }, inPlace };
      return { source: v === "-" ? { kind: "stdin" } : { kind: "file", file: w }, inPlace };
    }
    if (v.startsWith("--")) {
      const [name, attached] = [
        v.split("=")[0] as string,
        v.includes("=") ? v.slice(v.indexOf("=") + 1) : null,
      ];
      if (spec.code.includes(name)) {
        const c = attached !== null ? { ...w, value: attached } : words[++i];
        if (c) code.push(c);
        if (spec.codeEndsOptions) return { source: { kind: "inline", code }, inPlace };
      } else if (spec.module?.includes(name)) {
        return {
          source: { kind: "module", module: attached ?? words[i + 1]?.value ?? "", args: words.slice(i + 2) },
          inPlace,
        };
      } else if (spec.value.includes(name) && attached === null) i++;
      continue;
    }
    // A cluster of short options: `-c`, `-Bc`, `-ne`, `-pi.bak`, `-Werror`, `-mpytest`.
    for (let k = 1; k < v.length; k++) {
      const flag = `-${v[k]}`;
      const rest = v.slice(k + 1);
      if (spec.module?.includes(flag)) {
        const module = rest || words[i + 1]?.value || "";
        return { source: { kind: "module", module, args: words.slice(rest ? i + 1 : i + 2) }, inPlace };
      }
      if (spec.code.includes(flag)) {
        const c = rest ? { ...w, value: rest } : words[++i];
        if (c) code.push(c);
        if (spec.codeEndsOptions) return { source: { kind: "inline", code }, inPlace };
        break;
      }
      if (spec.inPlace === flag) inPlace = true;
      if (spec.codeLike?.includes(flag)) {
        if (rest) code.push({ ...w, value: rest });
        else {
          const next = words[++i];
          if (next) code.push(next);
        }
        break;
      }
      if (spec.restOfCluster?.includes(flag)) break;
      if (spec.value.includes(flag)) {
        if (!rest) i++;
        break;
      }
    }
  }
  return { source: code.length ? { kind: "inline", code } : { kind: "stdin" }, inPlace };
}

/** The first spawning / eval / obfuscation construct in a payload, or null. Then, in every mode: a payload
 *  that names git (or spells it from pieces) and can reach a process by any route at all, a `.git` path
 *  assembled from string pieces, or one of git's configuration files. */
export function payloadProblem(spec: InterpreterSpec, code: string): string | null {
  for (const re of spec.spawn) {
    const m = re.exec(code);
    if (m) return `uses \`${m[0].trim()}\``;
  }
  // Reading git's files is allowed (`print(open('.git/HEAD').read())`); a payload that names them and can
  // write a file is not, nor one that assembles a `.git` path from pieces (nobody reads it that way).
  const joined = stringLiterals(code);
  const names = GIT_DIR_LITERAL.test(code)
    ? "names a path in .git"
    : GIT_CONFIG_LITERAL.test(code) || GIT_CONFIG_LITERAL.test(joined)
      ? "names a git configuration file"
      : null;
  if (names) {
    const write = writeApi(code);
    if (write) return `${names} and writes files (\`${write}\`)`;
  } else if (GIT_DIR_LITERAL.test(joined)) return "assembles a path in .git from string pieces";
  // A `.git` path is no mention of the git program: reading `.git/HEAD` with os or fs stays allowed.
  const withoutPaths = (t: string) => t.replace(/\.git(?![A-Za-z0-9_.-])/gi, ".");
  if (/git/i.test(withoutPaths(code)) || /git/i.test(withoutPaths(joined))) {
    const route = (spec.anyRoute ?? ANY_CALL).exec(code);
    if (route) return `names git and uses \`${route[0].trim()}\`, which can reach a process by some route`;
  }
  return null;
}

/**
 * File-changing APIs of the interpreters (Python, Node, Perl, Ruby, PHP): opening for writing (a literal
 * write mode, a computed mode, perl's `>`), write/append/copy/move/remove/link/mkdir/chmod calls, shutil,
 * FileUtils, fs.promises. Used on payloads that name git's or run-tests-skill's protected files: those may
 * read and print them, not change them.
 */
const WRITE_API = new RegExp(
  [
    /\b(write_text|write_bytes|writelines|writeFile\w*|appendFile\w*|createWriteStream|copyFile\w*|cpSync|rmSync|rmdirSync|unlink\w*|rename\w*|symlink\w*|hardlink_to|link_to|linkSync|truncate\w*|mkdir\w*|makedirs|removedirs|rmdir|rmtree|chmod\w*|chown\w*|utime\w*|mkfifo|mknod|sysopen|touch|FileUtils|shutil|fdopen|file_put_contents|fwrite|fputs)\b/
      .source,
    /\b(os|fs|fsp|promises|File|Dir|IO)\s*\.\s*(remove|replace|rm|cp|write|open|delete|link|move|copy)\b/
      .source,
    /\bPath\s*\([^)]*\)\s*\.\s*replace\s*\(/.source,
    /\bopen\w*\s*\([^;\n]{0,200}?['"]\+?[rbtU]*[wax+][rbt+]*['"]/.source,
    /\bopen\s*\([^,()]*,\s*(mode\s*=\s*)?[A-Za-z_]\w*\s*[,)]/.source,
    /\bopen\s*\(?\s*(my\s+)?[$\w]*\s*,\s*['"]\s*(\+?[>|]|\+<)/.source,
    /\bflags?\s*:\s*['"][rwa]?[wa+]/.source,
    /(?<!(stdout|stderr|console)\s*)\.write\s*\(/.source,
  ].join("|"),
);

/** The first file-changing call in a payload, or null. */
export function writeApi(code: string): string | null {
  const m = WRITE_API.exec(code.slice(0, 64 * 1024));
  return m ? m[0].trim() : null;
}

/** The contents of a payload's string literals, in order, joined: `'.'+'gi'+'t'` reads `.git`. */
function stringLiterals(code: string): string {
  let out = "";
  for (const m of code
    .slice(0, 64 * 1024)
    .matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g))
    out += m[1] ?? m[2] ?? m[3] ?? "";
  return out;
}

/** Any call at all: for languages without a finer notion. */
const ANY_CALL = /\w\s*\(/;

/** awk programs that run commands: system(), `print | "cmd"`, `"cmd" | getline`. */
export function awkProblem(program: string): string | null {
  const m = /\bsystem\s*\(|\|&?\s*"|"\s*\|\s*getline|\|\s*getline|[^|]\|\s*[A-Za-z_]/.exec(program);
  return m ? `runs commands (\`${m[0].trim()}\`)` : null;
}

/** awk program text: the first non-option word unless -f/--file is given; -e/--source add program text. */
export function awkProgram(words: WordInfo[]): { program: WordInfo[]; files: boolean } {
  const program: WordInfo[] = [];
  let files = false;
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as WordInfo;
    const v = w.value;
    if (v === "--") {
      const next = words[i + 1];
      if (!files && program.length === 0 && next) program.push(next);
      break;
    }
    if (v === "-f" || v === "--file" || v.startsWith("-f") || v.startsWith("--file=")) {
      files = true;
      if (v === "-f" || v === "--file") i++;
      continue;
    }
    if (v === "-e" || v === "--source") {
      const next = words[++i];
      if (next) program.push(next);
      continue;
    }
    if (v.startsWith("--source=")) {
      program.push({ ...w, value: v.slice("--source=".length) });
      continue;
    }
    if (
      v === "-F" ||
      v === "-v" ||
      v === "--assign" ||
      v === "--field-separator" ||
      v === "-i" ||
      v === "-l" ||
      v === "-E"
    ) {
      i++;
      continue;
    }
    if (v.startsWith("-")) continue;
    if (!files && program.length === 0) program.push(w);
    break;
  }
  return { program, files };
}

/** sed scripts that execute commands: the `e` command or the `e` flag of `s///`. */
export function sedProblem(script: string): string | null {
  const SUBSTITUTE = /s([^\s\\\n])(?:\\.|(?!\1)[^\n])*\1(?:\\.|(?!\1)[^\n])*\1([a-zA-Z0-9]*)/g;
  for (const m of script.matchAll(SUBSTITUTE))
    if ((m[2] ?? "").includes("e")) return "uses the `e` flag of `s` (runs the result as a command)";
  // With the s commands removed, an `e` at the start of a command (after an address) runs a shell command.
  const rest = script.replace(SUBSTITUTE, ";");
  if (/(^|[;\n{}]|\d|\$|\/)\s*e(\s|;|$)/m.test(rest)) return "uses the `e` command (runs a shell command)";
  return null;
}

/** sed: its scripts and whether it edits files in place. */
export function sedParts(words: WordInfo[]): {
  scripts: WordInfo[];
  inPlace: boolean;
  files: WordInfo[];
  scriptFile: boolean;
} {
  const scripts: WordInfo[] = [];
  const files: WordInfo[] = [];
  let inPlace = false;
  let scriptFile = false;
  let explicit = false;
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as WordInfo;
    const v = w.value;
    if (v === "-e" || v === "--expression") {
      const next = words[++i];
      if (next) scripts.push(next);
      explicit = true;
    } else if (v.startsWith("--expression=")) {
      scripts.push({ ...w, value: v.slice("--expression=".length) });
      explicit = true;
    } else if (v === "-f" || v === "--file" || v.startsWith("--file=")) {
      scriptFile = true;
      explicit = true;
      if (v === "-f" || v === "--file") i++;
    } else if (v === "-i" || v.startsWith("--in-place") || /^-[a-zA-Z]*i/.test(v)) {
      inPlace = true;
      if (/^-[a-zA-Z]*e$/.test(v)) {
        const next = words[++i];
        if (next) scripts.push(next);
        explicit = true;
      }
    } else if (v === "-l" || v === "--line-length") i++;
    else if (/^-[a-zA-Z]*e$/.test(v)) {
      const next = words[++i];
      if (next) scripts.push(next);
      explicit = true;
    } else if (v.startsWith("-") && v !== "-") continue;
    else if (!explicit) {
      scripts.push(w);
      explicit = true;
    } else files.push(w);
  }
  return { scripts, inPlace, files, scriptFile };
}
