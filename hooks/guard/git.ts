// The git rule: an allowlist of read-only git forms (../shared/reference/guard-policy.md §2). Anything else
// that is, or may be, git is refused: unknown subcommands (they may be aliases), config injection through
// global options or the environment, options that write files into .git/ or run programs.
import { lookup } from "../core/shell/table.ts";
import type { AssignmentInfo } from "../core/shell/walk.ts";
import type { WordInfo } from "../core/shell/words.ts";

/** Subcommands that only read, with any arguments (file-writing options are checked separately). */
export const GIT_READ_ONLY = new Set([
  "status",
  "diff",
  "log",
  "show",
  "rev-parse",
  "rev-list",
  "describe",
  "shortlog",
  "blame",
  "annotate",
  "grep",
  "ls-files",
  "ls-tree",
  "cat-file",
  "diff-tree",
  "diff-index",
  "diff-files",
  "merge-base",
  "name-rev",
  "for-each-ref",
  "show-ref",
  "show-branch",
  "check-ignore",
  "check-attr",
  "check-ref-format",
  "check-mailmap",
  "count-objects",
  "cherry",
  "var",
  "version",
  "help",
  "whatchanged",
  "range-diff",
  "verify-commit",
  "verify-tag",
  "patch-id",
]);

/** Read-only only with some arguments; each check returns a problem or null. */
export const GIT_RESTRICTED: Record<string, (args: GitArgs) => string | null> = {
  branch: (a) => {
    const listing = ["--list", "-l", "-v", "-vv", "--verbose"];
    const allowed = new Set([
      ...listing,
      "-a",
      "--all",
      "-r",
      "--remotes",
      "--show-current",
      "--color",
      "--no-color",
      "--column",
      "--no-column",
      "-i",
      "--ignore-case",
      "--no-abbrev",
      "--omit-empty",
      "-q",
      "--quiet",
    ]);
    const filters = ["--contains", "--no-contains", "--merged", "--no-merged", "--points-at"];
    const withValue = new Set([...filters, "--sort", "--format"]);
    const bad = a.options.find(
      (o) => !allowed.has(o.name) && !withValue.has(o.name) && !/^--(abbrev|color|column)=/.test(o.raw),
    );
    if (bad) return `\`git branch ${bad.raw}\` creates, deletes, moves or re-points a branch`;
    const lists = a.options.some((o) => listing.includes(o.name) || filters.includes(o.name));
    if (a.positional.length > 0 && !lists) return "`git branch <name>` creates a branch";
    return null;
  },
  tag: (a) => {
    const allowed = new Set(["-l", "--list", "-v", "--verify", "--color", "--no-color", "--column", "-i"]);
    const withValue = new Set([
      "--contains",
      "--no-contains",
      "--merged",
      "--no-merged",
      "--points-at",
      "--sort",
      "--format",
    ]);
    const bad = a.options.find(
      (o) =>
        !allowed.has(o.name) && !withValue.has(o.name) && !/^-n\d*$/.test(o.raw) && !/^--column=/.test(o.raw),
    );
    if (bad) return `\`git tag ${bad.raw}\` creates or deletes a tag`;
    // A filter lists tags too (`git tag --contains HEAD`): its value is not a new tag's name.
    const lists = a.options.some((o) =>
      [
        "-l",
        "--list",
        "-v",
        "--verify",
        "--contains",
        "--no-contains",
        "--merged",
        "--no-merged",
        "--points-at",
      ].includes(o.name),
    );
    if (a.positional.length > 0 && !lists) return "`git tag <name>` creates a tag";
    return null;
  },
  // `git clean -n` only lists what it would delete; -f/-i would delete.
  clean: (a) =>
    a.options.some((o) => o.name === "-n" || o.name === "--dry-run" || /^-[dxXq]*n[dxXqn]*$/.test(o.raw)) &&
    a.options.every(
      (o) => /^-[ndxXq]+$/.test(o.raw) || ["--dry-run", "--quiet", "-e", "--exclude"].includes(o.name),
    )
      ? null
      : "`git clean` deletes untracked files (only `git clean -n` lists them)",
  // `git apply --check|--stat|--numstat|--summary` reads a patch and reports; without --apply it writes nothing.
  apply: (a) => {
    const reports = ["--check", "--stat", "--numstat", "--summary"];
    if (!a.options.some((o) => reports.includes(o.name)))
      return "`git apply` applies a patch to the working tree or the index (`git apply --check` only tests it)";
    const writes = a.options.find((o) =>
      ["--apply", "--reject", "--build-fake-ancestor", "--3way", "-3", "--intent-to-add", "-N"].includes(
        o.name,
      ),
    );
    return writes ? `\`git apply ${writes.raw}\` applies the patch` : null;
  },
  stash: (a) =>
    ["list", "show"].includes(a.verbs[0] ?? "")
      ? null
      : "`git stash` (push, pop, apply, drop, ...) changes the stash, the index and the working tree",
  remote: (a) => {
    const verb = a.verbs[0];
    if (verb === undefined)
      return a.options.every((o) => ["-v", "--verbose"].includes(o.name)) ? null : "bad";
    return ["show", "get-url"].includes(verb)
      ? null
      : `\`git remote ${verb}\` changes the remote configuration`;
  },
  config: (a) => {
    const write = [
      "--add",
      "--replace-all",
      "--unset",
      "--unset-all",
      "--rename-section",
      "--remove-section",
      "-e",
      "--edit",
    ];
    const read = [
      "--get",
      "--get-all",
      "--get-regexp",
      "--get-urlmatch",
      "--get-color",
      "--get-colorbool",
      "-l",
      "--list",
    ];
    const w = a.options.find((o) => write.some((x) => abbreviates(o.name, x)));
    if (w) return `\`git config ${w.raw}\` writes the git configuration`;
    if (a.options.some((o) => read.includes(o.name))) return null;
    const verb = a.verbs[0];
    if (verb === "get" || verb === "list") return null;
    if (
      a.positional.length === 1 &&
      !["set", "unset", "edit", "rename-section", "remove-section"].includes(verb ?? "")
    )
      return null;
    return "`git config` with a value (or set/unset/edit) writes the git configuration";
  },
  worktree: (a) =>
    a.verbs[0] === "list" ? null : "`git worktree` (add, remove, move, prune, ...) changes worktrees",
  reflog: (a) =>
    ["expire", "delete", "drop", "write"].includes(a.verbs[0] ?? "")
      ? `\`git reflog ${a.verbs[0]}\` rewrites the reflog`
      : null,
  notes: (a) =>
    a.positional.length === 0 || ["list", "show"].includes(a.verbs[0] ?? "")
      ? null
      : "`git notes` (add, edit, remove, ...) writes notes refs",
  "symbolic-ref": (a) =>
    a.positional.length === 1 &&
    a.options.every((o) => ["-q", "--quiet", "--short", "--recurse", "--no-recurse"].includes(o.name))
      ? null
      : "`git symbolic-ref` with a target (or --delete) moves a ref",
  bisect: (a) =>
    ["log", "visualize", "view", "terms"].includes(a.verbs[0] ?? "")
      ? null
      : "`git bisect` moves HEAD and writes refs",
  submodule: (a) =>
    a.positional.length === 0 || ["status", "summary"].includes(a.verbs[0] ?? "")
      ? null
      : "`git submodule` (update, add, init, sync, foreach, ...) changes submodules or runs commands",
  "sparse-checkout": (a) =>
    a.verbs[0] === "list" ? null : "`git sparse-checkout` rewrites the working tree",
  lfs: (a) =>
    ["ls-files", "status", "env", "version"].includes(a.verbs[0] ?? "")
      ? null
      : "`git lfs` (track, install, pull, ...) writes files, hooks or objects",
};

/** What each well-known mutating subcommand does, for the reason text (anything else: "is not read-only"). */
export const GIT_MUTATION_WHAT: Record<string, string> = {
  add: "stages changes into the index",
  stage: "stages changes into the index",
  rm: "removes files from the index",
  mv: "moves files in the index",
  reset: "moves HEAD and rewrites the index",
  restore: "rewrites the index or the working tree",
  "update-index": "writes the index",
  "read-tree": "writes the index",
  apply: "applies a patch to the working tree or the index",
  "checkout-index": "writes the working tree from the index",
  commit: "creates a commit",
  "commit-tree": "creates a commit object",
  merge: "creates a merge commit",
  rebase: "rewrites history",
  "cherry-pick": "creates commits",
  revert: "creates a commit",
  am: "creates commits from patches",
  pull: "fetches and merges into the current branch",
  fetch: "updates remote-tracking refs",
  push: "changes the remote",
  checkout: "moves HEAD or rewrites files from the index",
  switch: "moves HEAD",
  "update-ref": "writes a ref",
  replace: "writes replace refs",
  "filter-branch": "rewrites history",
  "filter-repo": "rewrites history",
  init: "creates a repository",
  clone: "creates a repository",
  gc: "rewrites the object store",
  prune: "deletes objects",
  repack: "rewrites the object store",
  maintenance: "rewrites the object store",
  "hash-object": "may write objects",
  clean: "deletes untracked files",
  "merge-file": "rewrites files",
  "format-patch": "writes patch files",
  archive: "writes an archive",
  difftool: "runs an external program",
  mergetool: "runs an external program",
  "fast-import": "writes objects and refs",
  "pack-refs": "rewrites refs",
};

export const GIT_FLAG_GLOBALS = new Set([
  "-p",
  "--paginate",
  "-P",
  "--no-pager",
  "--no-replace-objects",
  "--no-lazy-fetch",
  "--no-optional-locks",
  "--no-advice",
  "--bare",
  "--literal-pathspecs",
  "--glob-pathspecs",
  "--noglob-pathspecs",
  "--icase-pathspecs",
]);
/** Global options that take a value (separate, or attached with `=`; `-C` also attached). */
export const GIT_VALUE_GLOBALS = new Set(["-C", "--git-dir", "--work-tree", "--namespace", "--attr-source"]);
/** Global options that print something and exit without running a subcommand. */
export const GIT_INFO_GLOBALS = new Set([
  "--version",
  "-v",
  "--help",
  "-h",
  "--html-path",
  "--man-path",
  "--info-path",
  "--exec-path",
]);

/** Environment variables harmless in front of git (everything else GIT_*-ish, HOME, PATH ... is refused). */
export const GIT_BENIGN_ENV = new Set([
  "GIT_OPTIONAL_LOCKS",
  "GIT_TERMINAL_PROMPT",
  "GIT_LITERAL_PATHSPECS",
  "GIT_GLOB_PATHSPECS",
  "GIT_NOGLOB_PATHSPECS",
  "GIT_ICASE_PATHSPECS",
  "GIT_NO_REPLACE_OBJECTS",
  "GIT_FLUSH",
  "GIT_ADVICE",
  "LANG",
  "LANGUAGE",
  "TZ",
  "NO_COLOR",
  "TERM",
  "COLUMNS",
  "LINES",
]);
/** Pagers that only display: `GIT_PAGER=cat git log` is common and harmless. */
export const BENIGN_PAGERS = new Set(["", "cat", "less", "more"]);

/** Subcommands whose output is a revision or a path, safe as a computed argument: `git diff $(git merge-base a b)`. */
export const GIT_REV_PRODUCERS = new Set(["rev-parse", "merge-base", "describe", "rev-list", "symbolic-ref"]);

/** Programs that drive git for you (history, hooks, config), refused like git mutations. `null`: any use. */
/** Mutating subcommands the git rule's switch (git.enforce: false) never lets through: `git config` can make git
 *  run any program (core.hooksPath, core.fsmonitor, aliases), the same reason `-c` injection stays refused. */
export const GIT_NEVER_SWITCHABLE = new Set(["config"]);

/** Programs that drive git. `writesHooks`: they write git hooks (into .git/ or via core.hooksPath), which stay
 *  refused with the git rule switched off (git.enforce: false), like any other write into .git/. */
export const GIT_DRIVERS: Record<string, { subcommands: string[] | null; what: string; writesHooks?: true }> =
  {
    lazygit: { subcommands: null, what: "a git front-end that stages and commits" },
    gitui: { subcommands: null, what: "a git front-end that stages and commits" },
    tig: { subcommands: null, what: "a git front-end that can stage changes" },
    jj: { subcommands: null, what: "Jujutsu rewrites git history" },
    stg: { subcommands: null, what: "StGit rewrites git history" },
    gitk: { subcommands: null, what: "a git front-end" },
    "pre-commit": {
      subcommands: ["install", "uninstall", "init-templatedir"],
      what: "writes git hooks",
      writesHooks: true,
    },
    husky: { subcommands: null, what: "sets core.hooksPath and writes git hooks", writesHooks: true },
    lefthook: { subcommands: ["install", "uninstall", "add"], what: "writes git hooks", writesHooks: true },
    npm: { subcommands: ["version"], what: "`npm version <x>` creates a commit and a tag" },
    yarn: { subcommands: ["version"], what: "creates a commit and a tag" },
    pnpm: { subcommands: ["version"], what: "creates a commit and a tag" },
    cz: { subcommands: ["commit", "c", "bump"], what: "Commitizen creates commits and tags" },
    gh: {
      subcommands: ["pr checkout", "pr merge", "repo sync", "release create"],
      what: "moves HEAD or changes history",
    },
  };

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
  rule: "git" | "git-config" | "git-env" | "git-dynamic" | "git-write" | null;
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
  const restricted = lookup(GIT_RESTRICTED, sub) as (a: GitArgs) => string | null;
  const problem = restricted(splitGitArgs(values));
  if (problem === null) return ok(sub);
  const excepted = allowedByProfile(sub);
  if (excepted) return excepted;
  return {
    problem: problem === "bad" ? `\`git ${sub} ${values.join(" ")}\` is not a read-only form` : problem,
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

/** `-c` keys that only change how git shows what it reads (colours, quoting, abbreviation, decorations,
 *  diff and status presentation, paging on/off): none names a program, a file git writes or a repository. */
const HARMLESS_CONFIG_KEYS =
  /^(color\.[\w.-]+|core\.(quotepath|abbrev|ignorecase|precomposeunicode)|log\.(showsignature|decorate|date|follow|abbrevcommit|showroot|mailmap|excludedecoration|initialdecorationset)|diff\.(noprefix|renames|renamelimit|algorithm|mnemonicprefix|relative|context|interhunkcontext|indentheuristic|colormoved|colormovedws|submodule|ignoresubmodules|statgraphwidth|statnamewidth|dirstat|suppressblankempty|srcprefix|dstprefix)|status\.(showuntrackedfiles|short|branch|relativepaths|submodulesummary|aheadbehind|showstash|renames|renamelimit|displaycommentprefix)|grep\.(linenumber|column|patterntype|extendedregexp|fullname|fallbacktonoindex|threads)|blame\.(coloring|date|showemail|blankboundary|showroot|markunblamablelines|markignoredlines)|column\.\w+|advice\.\w+|i18n\.\w+|format\.pretty|tag\.sort|branch\.sort|versionsort\.suffix|user\.(name|email)|init\.defaultbranch|pager\.[\w-]+)$/i;
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
