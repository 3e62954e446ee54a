// What an allowed command does, not only what it is called (issue 15).
//   Every mode: an interpreter payload that names run-tests-skill's protected files (the install, the
//     project's Claude Code settings, its skills) and writes files; a one-liner that starts a plain program
//     from a literal argv (`subprocess.run(['ls'])`) is judged as that program instead of as "a spawn".
//   Skill mode: a test run writes only where a test run writes (pytest's temp and cache dirs, the system
//     temp dir): pytest's output options, `git diff --output`, and redirects of allowed commands name a
//     temp path or nothing; `python -c` and its kind follow the read-and-print rule (no writes, no network,
//     no processes); `uv sync` takes its dependencies from the project's own configuration.
// Pure: the temp dirs come from the caller.
import { posix } from "node:path";
import type { WordInfo } from "../core/shell/words.ts";
import { type InterpreterSpec, writeApi } from "./interpreters.ts";
import { PROTECTED_LITERAL } from "./protected-paths.ts";
import { optionValue } from "./skill-decisions.ts";

/** The system temp dirs a skill-mode command may write into, besides those the caller passes ($TMPDIR). */
export const SYSTEM_TEMP_DIRS = ["/tmp", "/var/tmp"];
/** Where a redirect may always go: the null device and the standard streams. */
const STREAMS = /^\/dev\/(null|stdout|stderr|tty|fd\/\d+)$/;

/** A path inside one of the temp dirs (after `..` is resolved: `/tmp/../home/x` is not). */
export function underTemp(path: string, tempDirs: readonly string[]): boolean {
  if (!path.startsWith("/")) return false;
  const norm = posix.normalize(path);
  return tempDirs.some((d) => {
    const dir = posix.normalize(d).replace(/\/+$/, "");
    return dir !== "" && norm.startsWith(`${dir}/`);
  });
}

function tempHint(option: string): string {
  return `write it under the system temp dir (\`${option}/tmp/run-tests/...\`) or leave the option out`;
}

/** pytest options whose value is a file or directory the run writes (`--basetemp` empties it first). Plugin
 *  options are included by name: the profile's closed option list may not know them. */
const PYTEST_OUTPUTS = [
  "--basetemp",
  "--junitxml",
  "--junit-xml",
  "--log-file",
  "--report-log",
  "--resultlog",
  "--result-log",
  "--html",
  "--json-report-file",
  "--cov-config",
];
/** ini keys (`-o key=value`) that name a path pytest writes. */
const PYTEST_INI_OUTPUTS =
  /^\s*(cache_dir|log_file|junit_xml|junitxml|basetemp|tmp_path_retention_count)\s*=(.*)$/;

/** A pytest call's output that lands outside the temp dirs in skill mode, or null. `--debug` alone writes
 *  pytestdebug.log where pytest runs, a fixed name; `--debug=FILE` is judged like the others. */
export function pytestOutputProblem(args: WordInfo[], tempDirs: readonly string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const v = (args[i] as WordInfo).value;
    if (v === "--") break;
    const out = optionValue(args, i, PYTEST_OUTPUTS);
    if (out !== undefined && out !== null && !underTemp(out, tempDirs)) {
      const name = v.includes("=") ? v.slice(0, v.indexOf("=")) : v;
      const what =
        name === "--basetemp"
          ? "pytest empties its basetemp before the run, so this deletes that folder"
          : "pytest writes (and overwrites) that file";
      return `\`${name}=${out}\` names a path outside the temp dir: ${what}; ${tempHint(`${name}=`)}`;
    }
    if (v.startsWith("--debug=")) {
      const file = v.slice("--debug=".length);
      if (!underTemp(file, tempDirs))
        return `\`${v}\` overwrites that file with pytest's debug log; ${tempHint("--debug=")}`;
    }
    const ini = optionValue(args, i, ["-o", "--override-ini"]);
    const m = ini ? PYTEST_INI_OUTPUTS.exec(ini) : null;
    if (m && !underTemp((m[2] ?? "").trim(), tempDirs))
      return `\`-o ${ini}\` makes pytest write to \`${(m[2] ?? "").trim()}\`; ${tempHint(`-o ${m[1]}=`)}`;
    const cov = optionValue(args, i, ["--cov-report"]);
    if (cov) {
      const colon = cov.indexOf(":");
      const path = colon >= 0 ? cov.slice(colon + 1) : "";
      if (path !== "" && !underTemp(path, tempDirs))
        return `\`--cov-report=${cov}\` writes the report to \`${path}\`; write it under the temp dir (\`--cov-report=${cov.slice(0, colon)}:/tmp/run-tests/cov\`) or use \`--cov-report=term\``;
    }
    if (/^--pastebin(=|$)/.test(v))
      return `\`${v}\` sends the session's output to a paste service over the network; report the result yourself`;
  }
  return null;
}

/** git's own output files: `git diff --output=FILE` (diff, log, show, format-patch), `format-patch -o DIR`. */
export function gitOutputProblem(words: WordInfo[], tempDirs: readonly string[]): string | null {
  const sub = words.findIndex((w, k) => k > 0 && !w.value.startsWith("-"));
  const isPatch = words[sub]?.value === "format-patch";
  for (let i = 1; i < words.length; i++) {
    const v = (words[i] as WordInfo).value;
    if (v === "--") break;
    // git accepts any unambiguous abbreviation of --output (`--outp=`), and --output-directory for patches.
    const m = /^--(outp?u?t?(?:-directory)?|output-directory)(=(.*))?$/.exec(v);
    const value = m
      ? m[2]
        ? (m[3] ?? "")
        : (words[i + 1]?.value ?? "")
      : isPatch
        ? optionValue(words, i, ["-o"])
        : undefined;
    if (value === undefined || value === null) continue;
    if (!underTemp(value, tempDirs))
      return `\`${v}\` makes git write its output to \`${value}\` (overwriting that file); print to the terminal instead (drop the option), or write under /tmp`;
  }
  return null;
}

/** A redirect target a skill-mode command may write: the null device, a standard stream, the temp dirs. */
export function redirectProblem(target: WordInfo, tempDirs: readonly string[]): string | null {
  if (STREAMS.test(target.value) || underTemp(target.value, tempDirs)) return null;
  return `writes its output into \`${target.text}\`, a file of the project; a test run writes nothing there. Leave the output in the terminal (drop the redirect, or use \`> /dev/null\`), or redirect under /tmp`;
}

/** Network access from a one-liner: downloads and uploads in any of the interpreters. */
const NETWORK =
  /\b(urllib\d?|urlopen|urlretrieve|socket|socketserver|http\.client|http\.server|httplib|requests|httpx|aiohttp|ftplib|smtplib|poplib|imaplib|telnetlib|xmlrpc|webbrowser|open_connection|fetch|XMLHttpRequest|WebSocket|net|dgram|tls|https?|LWP|IO::Socket|Net::\w+|Socket|open-uri|Net::HTTP)\b|\bimport\s+http\b|\bfrom\s+http\b/;
/** Processes from a one-liner, also plain ones (outside skill mode only git-reaching ones are refused). */
const PROCESSES =
  /\b(subprocess|multiprocessing|pty|os\s*\.\s*(system|popen|exec\w*|spawn\w*|posix_spawn\w*|fork\w*|kill\w*)|ProcessPoolExecutor|child_process|Popen|qx|IPC::\w+|Open3|PTY)\b|(?<!\.)\b(system|exec\w*|spawn\w*|fork)\s*\(|`/;

/**
 * The read-and-print rule for interpreter code in a skill turn: it may read files and print, and nothing
 * else. Writes (open for writing, pathlib write_*, os.remove/unlink/rename/rmdir, shutil, ...) could delete
 * the package or plant a `pyz/bin/python` that the runner pattern then runs; the network could download a
 * conftest.py; a process could do anything.
 */
export function readAndPrintProblem(spec: InterpreterSpec, code: string): string | null {
  const write = writeApi(code);
  if (write) return `writes files (\`${write}\`)`;
  const net = NETWORK.exec(code);
  if (net) return `uses the network (\`${net[0]}\`)`;
  const proc = PROCESSES.exec(code);
  if (proc && !(spec.language === "Python" && proc[0] === "`")) return `starts processes (\`${proc[0]}\`)`;
  return null;
}

/** Options of `uv sync` that change where dependencies come from or which project and configuration it
 *  reads: in a skill turn the environment is built from the project's own lock and configuration. */
const UV_SOURCE_OPTIONS = [
  "--index-url",
  "-i",
  "--extra-index-url",
  "--index",
  "--default-index",
  "--find-links",
  "-f",
  "--directory",
  "--project",
  "--config-file",
  "--no-config",
  "--index-strategy",
  "--keyring-provider",
  "--allow-insecure-host",
  "--no-index",
  "--no-sources",
  "--with-requirements",
];

export function uvSourceProblem(words: WordInfo[]): string | null {
  const at = words.findIndex((w) => w.value === "sync");
  if (at < 1 || words[at - 1]?.value !== "uv") return null;
  for (let i = 1; i < words.length; i++) {
    if (i === at) continue;
    const v = (words[i] as WordInfo).value;
    if (v === "--") break;
    const hit = UV_SOURCE_OPTIONS.find(
      (n) => v === n || v.startsWith(`${n}=`) || (!n.startsWith("--") && v.startsWith(n) && v.length > 2),
    );
    if (hit)
      return `\`${v}\` changes where \`uv sync\` takes dependencies from (another index, a folder of wheels, another project or configuration); run \`uv sync\` with the project's own configuration, and tell the user if it cannot resolve`;
  }
  return null;
}

/** A payload that names a protected file and writes files: the plain form of rewriting a hook bundle, the
 *  compiled profile's git.allow or the settings' hook registrations from a one-liner. */
export function protectedPayloadProblem(code: string): string | null {
  const named = PROTECTED_LITERAL.exec(code) ?? PROTECTED_LITERAL.exec(stringPieces(code));
  if (!named) return null;
  const write = writeApi(code);
  return write ? `names \`${named[0]}\` and writes files (\`${write}\`)` : null;
}

function stringPieces(code: string): string {
  let out = "";
  for (const m of code.slice(0, 64 * 1024).matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"/g))
    out += m[1] ?? m[2] ?? "";
  return out;
}

/** `subprocess.run(['ls', '-la'], capture_output=True, text=True)`: a literal argv and harmless keywords. */
const LITERAL_SPAWN =
  /\bsubprocess\s*\.\s*(run|call|check_call|check_output|Popen)\s*\(\s*\[\s*((?:(?:'[^'\\\n]*'|"[^"\\\n]*")\s*,\s*)*(?:'[^'\\\n]*'|"[^"\\\n]*"))\s*,?\s*\]\s*((?:,\s*(?:capture_output|text|check|timeout|universal_newlines|encoding|errors)\s*=\s*(?:True|False|\d+|'[\w-]*'|"[\w-]*")\s*)*)\)/g;

/**
 * A Python payload whose only process starts are literal argv lists of subprocess: the argvs, and the
 * payload with those calls (and `import subprocess`) taken out, to be judged separately. Null when any
 * other use of subprocess remains (a computed argv, shell=True, cwd=, env=, executable=, ...).
 */
export function literalPythonSpawns(code: string): { argvs: string[][]; rest: string } | null {
  if (!/subprocess/.test(code) || code.length > 16 * 1024) return null;
  const argvs: string[][] = [];
  let rest = code.replace(LITERAL_SPAWN, (_all, _fn, list: string) => {
    argvs.push([...list.matchAll(/'([^'\\\n]*)'|"([^"\\\n]*)"/g)].map((m) => m[1] ?? m[2] ?? ""));
    return "_spawned()";
  });
  rest = rest.replace(/(^|[;\n])\s*import\s+subprocess\s*(?=$|[;\n])/g, "$1");
  if (argvs.length === 0 || /subprocess/.test(rest)) return null;
  return { argvs, rest };
}
