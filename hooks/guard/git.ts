// The git rule: an allowlist of read-only git forms (../shared/reference/guard-policy.md §2). Anything else
// that is, or may be, git is refused: unknown subcommands (they may be aliases), config injection through
// global options or the environment, options that write files into .git/ or run programs. The forms are rows
// in data/git-forms.ts; this file parses git's arguments as git does and judges them against the rows.

import { lookup } from "../core/shell/table.ts";
import type { AssignmentInfo } from "../core/shell/walk.ts";
import type { WordInfo } from "../core/shell/words.ts";
import {
  BENIGN_PAGERS,
  type FormCondition,
  GIT_BENIGN_ENV,
  GIT_FLAG_GLOBALS,
  GIT_INFO_GLOBALS,
  GIT_MUTATION_WHAT,
  GIT_READ_ONLY,
  GIT_RESTRICTED,
  GIT_VALUE_GLOBALS,
  HARMLESS_CONFIG_KEYS,
  type OptionSet,
  type RestrictedForm,
} from "./data/git-forms.ts";
import type { GitRule } from "./data/rules.ts";

// The tables live in data/git-forms.ts; the rest of the guard imports them from here.
export {
  BENIGN_PAGERS,
  GIT_BENIGN_ENV,
  GIT_DRIVERS,
  GIT_FLAG_GLOBALS,
  GIT_INFO_GLOBALS,
  GIT_MUTATION_WHAT,
  GIT_NEVER_SWITCHABLE,
  GIT_READ_ONLY,
  GIT_RESTRICTED,
  GIT_REV_PRODUCERS,
  GIT_VALUE_GLOBALS,
  type RestrictedForm,
} from "./data/git-forms.ts";

export interface GitOption {
  /** The option name without an attached value: `--sort` for `--sort=x`. */
  name: string;
  raw: string;
}
export interface GitArgs {
  options: GitOption[];
  /** Every non-option word, paths after `--` included (they count as arguments). */
  positional: string[];
  /** Non-option words before `--`: only these can be a verb (`git stash -- list` stashes a file named list). */
  verbs: string[];
}

/** git's option parser takes any unique prefix of a long option (`--unse` is `--unset`); a prefix is
 *  taken here as every option it could abbreviate, which errs towards the dangerous reading. */
export function abbreviates(given: string, full: string): boolean {
  const name = given.split("=")[0] ?? given;
  if (name === full) return true;
  return name.startsWith("--") && name.length >= 3 && full.startsWith("--") && full.startsWith(name);
}

export interface GitVerdict {
  /** null: allowed (read-only). */
  problem: string | null;
  /** Short label for the rule that fired. */
  rule: GitRule | null;
  subcommand: string | null;
  /** A short description of the command for the reason ("git commit"). */
  display: string;
  /** The profile's git.allow entry that let a mutating form through ("stash"), when one did. */
  allowedBy?: string;
}

/**
 * The profile's git.allow entry that covers `git <sub> <rest...>`, or null. An entry is the leading words of
 * the command after `git` and its global options: "stash" covers every `git stash ...`, "stash pop" only
 * `git stash pop ...`. The words an entry names must be literal; no entry covers a computed subcommand.
 */
export function gitAllowEntry(sub: string, rest: WordInfo[], allow: readonly string[]): string | null {
  for (const entry of allow) {
    const [first, ...more] = entry.split(" ");
    if (first !== sub) continue;
    if (more.every((word, k) => rest[k] !== undefined && !rest[k].dynamic && rest[k].value === word))
      return entry;
  }
  return null;
}

export function splitGitArgs(args: string[]): GitArgs {
  const options: GitOption[] = [];
  const positional: string[] = [];
  const verbs: string[] = [];
  let rest = false;
  for (const raw of args) {
    if (rest || !raw.startsWith("-") || raw === "-") {
      positional.push(raw);
      if (!rest) verbs.push(raw);
    } else if (raw === "--") rest = true;
    else options.push({ name: raw.startsWith("--") ? (raw.split("=")[0] ?? raw) : raw, raw });
  }
  return { options, positional, verbs };
}

function inSet(o: GitOption, set: OptionSet): boolean {
  return (
    (set.abbrev
      ? (set.names ?? []).some((x) => abbreviates(o.name, x))
      : (set.names ?? []).includes(o.name)) || (set.raw ?? []).some((re) => re.test(o.raw))
  );
}

/** Whether a row's condition holds; the option it found, for `{option}`. */
function holds(when: FormCondition, a: GitArgs): { option: string } | null {
  let option = "";
  if (when.someOption) {
    const found = a.options.find((o) => inSet(o, when.someOption as OptionSet));
    if (!found) return null;
    option = found.raw;
  }
  if (when.optionOutside) {
    const found = a.options.find((o) => !inSet(o, when.optionOutside as OptionSet));
    if (!found) return null;
    option = found.raw;
  }
  if (when.noOption && a.options.some((o) => inSet(o, when.noOption as OptionSet))) return null;
  const verb = a.verbs[0];
  if (when.verb && !when.verb.includes(verb ?? "")) return null;
  if (when.notVerb?.includes(verb ?? "")) return null;
  if (when.noVerb && verb !== undefined) return null;
  if (when.positionals === "some" && a.positional.length === 0) return null;
  if (typeof when.positionals === "number" && a.positional.length !== when.positionals) return null;
  return { option };
}

/** A restricted subcommand's row against its arguments: null when read-only, else the problem. */
export function restrictedProblem(form: RestrictedForm, a: GitArgs, values: string[]): string | null {
  let outcome = form.otherwise;
  let option = "";
  for (const step of form.steps) {
    const hit = holds(step.when, a);
    if (!hit) continue;
    outcome = step.decide;
    option = hit.option;
    break;
  }
  if (outcome === "allow") return null;
  const fill: Record<string, string> = { option, verb: a.verbs[0] ?? "", args: values.join(" ") };
  return outcome.replace(/\{(option|verb|args)\}/g, (_m, key: string) => fill[key] ?? "");
}

/** Short options of `git grep` that take a value: in a cluster, the rest of it (or the next word) is theirs. */
const GREP_VALUE_SHORTS = "ABCefm";

/** `git grep -O`, as git parses it: alone, attached (`-Ovim`), inside a cluster of flags (`-iOvim`), or
 *  as any abbreviation of `--open-files-in-pager` (`--open=vim`, `--op`). */
function grepPager(v: string): boolean {
  if (v.startsWith("--")) return v.length > 2 && abbreviates(v, "--open-files-in-pager");
  if (!v.startsWith("-")) return false;
  for (let k = 1; k < v.length; k++) {
    const c = v[k] as string;
    if (c === "O") return true;
    if (GREP_VALUE_SHORTS.includes(c)) return false;
  }
  return false;
}

/** Options of read-only subcommands that write a file or start a program. */
function outputProblem(sub: string, words: WordInfo[], underGitDir: (p: string) => boolean): string | null {
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as WordInfo;
    const v = w.value;
    if (v === "--") break;
    if (sub === "grep" && grepPager(v)) return `\`git grep ${v}\` opens the matches with a program (-O)`;
    const long = v.split("=")[0] ?? v;
    if (long.length >= 5 && abbreviates(long, "--output")) {
      const target = !v.includes("=") ? words[i + 1] : { ...w, value: v.slice(v.indexOf("=") + 1) };
      if (!target || target.dynamic) return "`--output` with a computed file name";
      if (underGitDir(target.value))
        return /\.claude/i.test(target.value) && !/\.git(\/|$)/i.test(target.value)
          ? `\`--output\` into run-tests-skill's protected files (\`${target.value}\`)`
          : "`--output` into .git/";
    }
  }
  return null;
}

/**
 * Judge `git <args>` (args after the program name). `dashed` is the subcommand of a dashed program such as
 * `git-commit`. Words may be dynamic: a computed subcommand or global option is refused; a computed argument
 * is accepted only when it is a revision from a read-only git substitution (checked by `revWord`).
 */
export function judgeGit(
  args: WordInfo[],
  assignments: AssignmentInfo[],
  opts: {
    dashed?: string;
    revWord: (w: WordInfo) => boolean;
    underGitDir: (p: string) => boolean;
    /** The profile's git.allow (read only when a form would be denied: most lines never need it). */
    allow?: () => readonly string[];
  },
): GitVerdict {
  const envProblem = gitEnvProblem(assignments);
  let i = 0;
  let sub: string | null = opts.dashed ?? null;
  /** -C, --git-dir, --work-tree, ...: git runs on another repository, where this profile's git.allow does not apply. */
  let otherRepo = false;
  const shown = (s: string | null) => (s ? `git ${s}` : "git");
  if (envProblem) return { problem: envProblem, rule: "git-env", subcommand: sub, display: shown(sub) };
  if (sub === null) {
    for (; i < args.length; i++) {
      const w = args[i] as WordInfo;
      if (w.dynamic && !opts.revWord(w))
        return {
          problem: `a computed git ${i === 0 || w.value.startsWith("-") ? "subcommand or option" : "argument"} (\`${w.text}\`) cannot be checked`,
          rule: "git-dynamic",
          subcommand: null,
          display: "git",
        };
      const v = w.value;
      if (!v.startsWith("-")) {
        sub = v;
        i++;
        break;
      }
      const name = v.startsWith("--") ? (v.split("=")[0] ?? v) : v;
      // `git -c color.ui=always log`: a key that changes only how output looks is no injection.
      if (name === "-c" || (name.startsWith("-c") && name.length > 2)) {
        const pair = name === "-c" ? args[i + 1] : { ...w, value: v.slice(2) };
        if (pair && !pair.dynamic && (harmlessConfig(pair.value) || harmlessPager(pair.value))) {
          if (name === "-c") i++;
          continue;
        }
      }
      if (
        name === "-c" ||
        name.startsWith("-c") ||
        name === "--config-env" ||
        (name === "--exec-path" && v.includes("="))
      )
        return {
          problem: `\`git ${v}\` injects configuration (aliases, hooks, pagers, fsmonitor can run any program)`,
          rule: "git-config",
          subcommand: null,
          display: `git ${v}`,
        };
      if (GIT_INFO_GLOBALS.has(name) || name === "--list-cmds") return ok(null);
      if (GIT_FLAG_GLOBALS.has(name)) continue;
      if (GIT_VALUE_GLOBALS.has(name)) {
        otherRepo = true;
        const given = v.includes("=") ? v.slice(v.indexOf("=") + 1) : args[i + 1]?.value;
        if ((name === "--git-dir" || name === "--work-tree") && given !== undefined && elsewhere(given))
          return {
            problem: `\`git ${name}=${given}\` points git at another repository or tree, whose configuration can run programs (core.fsmonitor, core.pager, ...)`,
            rule: "git-config",
            subcommand: null,
            display: `git ${name}`,
          };
        if (!v.includes("=")) {
          const value = args[++i];
          if (value?.dynamic && value.dynamic !== "tilde" && !opts.revWord(value))
            return {
              problem: `a computed value for \`git ${name}\` (\`${value.text}\`) cannot be checked`,
              rule: "git-dynamic",
              subcommand: null,
              display: "git",
            };
        }
        continue;
      }
      if (v.startsWith("-C") && v.length > 2) {
        otherRepo = true;
        continue;
      }
      return {
        problem: `unknown git global option \`${v}\``,
        rule: "git",
        subcommand: null,
        display: `git ${v}`,
      };
    }
    if (sub === null) return ok(null); // bare `git`: prints usage
  }
  const rest = args.slice(i);
  // `git <sub> --help` / `-h` alone only prints help.
  if (rest.length === 1 && !rest[0]?.dynamic && (rest[0]?.value === "--help" || rest[0]?.value === "-h"))
    return ok(sub);
  if (!GIT_READ_ONLY.has(sub) && !lookup(GIT_RESTRICTED, sub)) {
    const excepted = allowedByProfile(sub);
    if (excepted) return excepted;
    const what = lookup(GIT_MUTATION_WHAT, sub);
    return {
      problem: what
        ? `\`git ${sub}\` ${what}`
        : `\`git ${sub}\` is not a known read-only git command (it may be an alias or change the repository)`,
      rule: "git",
      subcommand: sub,
      display: shown(sub),
    };
  }
  for (const w of rest) {
    if (w.dynamic && w.dynamic !== "glob" && w.dynamic !== "tilde" && !opts.revWord(w))
      return {
        problem: `a computed argument (\`${w.text}\`) to \`git ${sub}\` cannot be checked`,
        rule: "git-dynamic",
        subcommand: sub,
        display: shown(sub),
      };
  }
  const values = rest.map((w) => w.value);
  if (GIT_READ_ONLY.has(sub)) {
    const out = outputProblem(sub, rest, opts.underGitDir);
    return out ? { problem: out, rule: "git-write", subcommand: sub, display: shown(sub) } : ok(sub);
  }
  const problem = restrictedProblem(
    lookup(GIT_RESTRICTED, sub) as RestrictedForm,
    splitGitArgs(values),
    values,
  );
  if (problem === null) return ok(sub);
  const excepted = allowedByProfile(sub);
  if (excepted) return excepted;
  return {
    problem,
    rule: "git",
    subcommand: sub,
    display: `git ${sub}`,
  };

  function ok(s: string | null): GitVerdict {
    return { problem: null, rule: null, subcommand: s, display: shown(s) };
  }

  /** A mutating form the maintainers listed in git.allow: allowed, unless an argument is computed (then
   *  nobody can tell which form runs). null: not listed. */
  function allowedByProfile(s: string): GitVerdict | null {
    const entry = opts.allow && !otherRepo ? gitAllowEntry(s, rest, opts.allow()) : null;
    if (entry === null) return null;
    for (const w of rest)
      if (w.dynamic && w.dynamic !== "glob" && w.dynamic !== "tilde" && !opts.revWord(w))
        return {
          problem: `a computed argument (\`${w.text}\`) to \`git ${s}\` cannot be checked`,
          rule: "git-dynamic",
          subcommand: s,
          display: shown(s),
        };
    return { ...ok(s), allowedBy: entry };
  }
}

const BOOLEAN = /^(true|false|yes|no|on|off|1|0)$/i;

/** A `-c key=value` that changes no behaviour. `pager.<cmd>` only as a boolean (a string is a program). */
export function harmlessConfig(pair: string): boolean {
  const eq = pair.indexOf("=");
  const key = eq < 0 ? pair : pair.slice(0, eq);
  const value = eq < 0 ? "true" : pair.slice(eq + 1);
  if (!HARMLESS_CONFIG_KEYS.test(key)) return false;
  if (/^pager\./i.test(key)) return BOOLEAN.test(value);
  return true;
}

/** `-c core.pager=cat`: a pager that only displays, like GIT_PAGER=cat. */
function harmlessPager(pair: string): boolean {
  const m = /^core\.pager=(.*)$/i.exec(pair);
  return m !== null && BENIGN_PAGERS.has(m[1] as string);
}

/** A path outside the working directory: absolute, home-relative, or climbing with `..`. */
function elsewhere(path: string): boolean {
  return /^[/~]/.test(path) || path.split(/[/\\]+/).includes("..");
}

/** Environment assignments in front of git that change what it runs or where it writes. */
export function gitEnvProblem(assignments: AssignmentInfo[]): string | null {
  for (const a of assignments) {
    if (GIT_BENIGN_ENV.has(a.name) || a.name.startsWith("LC_")) continue;
    if (
      (a.name === "GIT_PAGER" || a.name === "PAGER") &&
      a.value &&
      !a.value.dynamic &&
      BENIGN_PAGERS.has(a.value.value)
    )
      continue;
    return `\`${a.name}=…\` in front of git changes which configuration, repository or programs git uses`;
  }
  return null;
}
