// What a line writes, for the engine (./engine.ts): writer programs' targets judged by ./targets.ts, find's
// writing actions, files whose content the line itself holds (run later in the line, they are judged as
// code), and git configuration text written anywhere.

import { FIND_GLOB, globToRegExp } from "../core/glob.ts";
import type { SimpleCommand } from "../core/shell/walk.ts";
import { programName, type WordInfo } from "../core/shell/words.ts";
import { findExecs } from "../core/shell/wrappers.ts";
import { add, type Env, type Invocation } from "./engine.ts";
import { underGitDir } from "./git-dir.ts";
import { protectedAdvice } from "./protected-paths.ts";
import { targetHit, WRITE_PROGRAMS, writtenWords } from "./targets.ts";

/** Files Python or pytest load on their own: modules, .pth files, pytest's configuration files. */
export const PYTHON_LOADED =
  /\.(py|pth)$|(^|\/)(pytest\.ini|\.pytest\.ini|tox\.ini|setup\.cfg|pyproject\.toml)$/;

/** Content of a file written in the line that this guard cannot see (a copy, a redirect from elsewhere). */
export const UNSEEN = "\u0000";

export function checkWriteArgs(name: string, args: WordInfo[], env: Env, text: string): void {
  for (const w of writtenWords(name, args))
    if (!w.dynamic && PYTHON_LOADED.test(w.value)) env.written.set(normPath(w.value), UNSEEN);
  for (const w of writtenWords(name, args)) if (judgeTarget(w, env, text)) return;
}

/**
 * A write target that can land in git's files (rule git-dir-write, the human-drives-git reason) or in the
 * protected set (rule protected-write, naming what the file is and who changes it). Reported with the Rule G
 * findings in every mode. Returns whether it fired.
 */
export function judgeTarget(w: WordInfo, env: Env, text: string): boolean {
  const hit = targetHit(w, env.scope);
  if (!hit) return false;
  if (hit.entry)
    add(env, {
      rule: "protected-write",
      command: text,
      problem: `writes to ${hit.problem}, which run-tests-skill's enforcement depends on`,
      instead: protectedAdvice(hit.entry),
      git: true,
    });
  else add(env, { rule: "git-dir-write", command: text, problem: `writes to ${hit.problem}`, git: true });
  return true;
}

/** Files found inside a `.git` directory, as `find` would name them from the top of a repository. */
const GIT_DIR_FILES = [
  "./.git",
  "./.git/HEAD",
  "./.git/ORIG_HEAD",
  "./.git/config",
  "./.git/index",
  "./.git/packed-refs",
  "./.git/description",
  "./.git/COMMIT_EDITMSG",
  "./.git/info/exclude",
  "./.git/hooks/pre-commit",
  "./.git/hooks/pre-commit.sample",
  "./.git/refs/heads/main",
  "./.git/refs/tags/v1.0",
  "./.git/logs/HEAD",
  "./.git/objects/ab/cdef0123456789",
  "./.git/objects/pack/pack-0123abcd.pack",
  "./.git/objects/pack/pack-0123abcd.idx",
];

/** find's own dialect (fnmatch): `*` crosses `/`, `[...]` is a class. A pattern find would reject (a range
 *  out of order) matches everything here: the guard errs toward "can reach .git". */
function globRegex(pattern: string, flags: string): RegExp {
  try {
    return globToRegExp(pattern, { ...FIND_GLOB, ignoreCase: flags.includes("i") });
  } catch {
    return /^/;
  }
}

/**
 * find that deletes or writes (-delete, -fprint, or -exec/-ok with a writer program) from a start point that
 * holds `.git` (`.`, `..`, an absolute or home path, `.git` itself) reaches git's files unless its name and
 * path tests exclude every file in `.git` or it prunes `.git`: `find . -name HEAD -delete` deletes .git/HEAD.
 */
export function checkFind(inv: Invocation, env: Env, text: string): void {
  const words = inv.words.map((w) => w.value);
  const execs = findExecs(inv.words).map((t) => programName(t[0]?.value ?? ""));
  const writes =
    words.some((v) => /^-(delete|fprint0?|fprintf|fls)$/.test(v)) || execs.some((n) => WRITE_PROGRAMS.has(n));
  if (!writes) return;
  const firstTest = words.findIndex((v, i) => i > 0 && /^[-(!]/.test(v));
  const starts = words.slice(1, firstTest < 0 ? undefined : firstTest);
  if (starts.some((p) => underGitDir(p))) {
    add(env, {
      rule: "git-dir-write",
      command: text,
      problem: "deletes or writes files in .git/",
      git: true,
    });
    return;
  }
  const reachesGit = (starts.length === 0 ? ["."] : starts).some(
    (p) => underGitDir(p) || /^(\.|\.\/|\.\.(\/\.\.)*\/?|\/.*|~.*)$/.test(p),
  );
  if (!reachesGit) return;
  const prunes =
    words.some(
      (v, i) =>
        /^-(path|wholename|name)$/.test(v) &&
        /(^|\/|\*)\.git(\/|\*|$)/.test(words[i + 1] ?? "") &&
        words.slice(i).some((x) => x === "-prune" || x === "-not" || x === "!"),
    ) ||
    words.some(
      (v, i) =>
        (v === "-not" || v === "!") &&
        /^-(path|wholename|name)$/.test(words[i + 1] ?? "") &&
        /\.git/.test(words[i + 2] ?? ""),
    );
  if (prunes) return;
  // Every name/path test must be able to match some file in .git for the find to reach one.
  const tests: RegExp[] = [];
  for (let i = 0; i < words.length - 1; i++) {
    const v = words[i] as string;
    const arg = words[i + 1] as string;
    if (v === "-name") tests.push(globRegex(arg, ""));
    else if (v === "-iname") tests.push(globRegex(arg, "i"));
    else if (v === "-path" || v === "-wholename") tests.push(globRegex(arg, ""));
    else if (v === "-ipath" || v === "-iwholename") tests.push(globRegex(arg, "i"));
  }
  const names = GIT_DIR_FILES.map((f) => ({ path: f, base: f.slice(f.lastIndexOf("/") + 1) }));
  const matches = (re: RegExp, f: { path: string; base: string }) => re.test(f.base) || re.test(f.path);
  const reachable = tests.length === 0 || names.some((f) => tests.every((re) => matches(re, f)));
  if (reachable)
    add(env, {
      rule: "git-dir-write",
      command: text,
      problem:
        "deletes or writes files from a directory that holds .git/, and its tests can match git's own files (prune .git, or start below it)",
      git: true,
    });
}

export function normPath(path: string): string {
  return path.replace(/\/+/g, "/").replace(/^(\.\/)+/, "");
}

/** git configuration text: a section or key that makes git run a program (fsmonitor, pager, aliases,
 *  filters, diff drivers, includes of other config files). A bare `[core]` or `[diff]` section is not enough
 *  (a DVC or tox config has `[core]`): only with one of the keys that run a program in it. */
const GIT_CONFIG_CONTENT =
  /\[\s*(alias|filter|credential|gpg|sequence|include|includeIf|merge|pager|interactive|uploadpack|receive)\b[^\]\n]*\]|\[\s*diff\s+"[^"\n]*"\s*\]|\b(core\.(fsmonitor|hookspath|sshcommand|pager|editor|worktree|askpass|gitproxy)|diff\.external|alias\.\w+|filter\.\w+\.(clean|smudge|process))\b/i;
const CORE_SECTION = /\[\s*(core|diff)\s*\]/i;
const PROGRAM_KEYS =
  /^\s*(fsmonitor|hookspath|sshcommand|pager|editor|worktree|askpass|gitproxy|external)\s*=/im;

/** A command that writes a file whose content is git configuration that runs programs: wherever the file is
 *  (a bare repository's `config` made in /tmp, an include target), git may read it later. */
export function gitConfigContent(cmd: SimpleCommand, env: Env): void {
  const writes = cmd.redirects.some((r) => r.writes) || programName(cmd.words[0]?.value ?? "") === "tee";
  if (!writes) return;
  const content = [...cmd.words.map((w) => w.value), cmd.stdin.kind === "text" ? (cmd.stdin.code ?? "") : ""]
    .join("\n")
    .slice(0, 64 * 1024);
  const m =
    GIT_CONFIG_CONTENT.exec(content) ??
    (CORE_SECTION.test(content) ? PROGRAM_KEYS.exec(content.replace(/\\[nt]/g, "\n")) : null);
  if (m)
    add(env, {
      rule: "git-config-write",
      command: cmd.text,
      problem: `writes git configuration (\`${m[0].trim()}\`), which can make a later git command run a program`,
      git: true,
    });
}

/** Remember what a command writes to a file when the content is in the line itself. */
export function recordWrites(cmd: SimpleCommand, env: Env): void {
  const first = cmd.words[0];
  const name = first && !first.dynamic ? programName(first.value) : null;
  let content: string | null = null;
  if ((name === "cat" || name === "tee") && cmd.stdin.kind === "text") content = cmd.stdin.code;
  else if (name === "echo" || name === "printf") {
    const args = cmd.words.slice(1);
    content = args.some((w) => w.dynamic) ? null : `${args.map((w) => w.value).join(" ")}\n`;
  }
  const targets: WordInfo[] = cmd.redirects
    .filter((r) => r.writes && r.target && (r.fd === undefined || r.fd === 1))
    .map((r) => r.target as WordInfo);
  if (name === "tee") targets.push(...cmd.words.slice(1).filter((w) => !w.value.startsWith("-")));
  for (const t of targets) {
    if (t.dynamic) continue;
    const key = normPath(t.value);
    // Content the guard cannot see still marks the file, so running it is not mistaken for a known script.
    env.written.set(key, (env.written.get(key) ?? "") + (content ?? (PYTHON_LOADED.test(key) ? UNSEEN : "")));
  }
}
