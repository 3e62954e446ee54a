// git as data: the read-only subcommands, the restricted ones as rows (which arguments keep them read-only),
// what the mutating ones do (for reasons), git's global options and environment, and the programs that drive
// git. The judgement is in ../git.ts; guard-policy.md §2 is the policy these rows follow.

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
  "ls-remote", // asks a remote for its refs; nothing local changes
]);

/** Options matched by name (`--sort` for `--sort=x`), by a pattern on the option as written (`-n5`), or, with
 *  `abbrev`, by any prefix git would take for the name (`--unse` for `--unset`). */
export interface OptionSet {
  names?: readonly string[];
  raw?: readonly RegExp[];
  abbrev?: true;
}

/** Every field given must hold. `{option}` in a message is the option a someOption/optionOutside test found,
 *  `{verb}` the first verb, `{args}` the arguments as given. */
export interface FormCondition {
  /** Some option is in the set. */
  someOption?: OptionSet;
  /** No option is in the set. */
  noOption?: OptionSet;
  /** Some option is outside the set. */
  optionOutside?: OptionSet;
  /** The first verb (a word before `--` that is not an option) is one of these. */
  verb?: readonly string[];
  /** The first verb is none of these, or there is none. */
  notVerb?: readonly string[];
  /** There is no verb. */
  noVerb?: true;
  /** How many positional words (paths after `--` included): a number, or "some" for one or more. */
  positionals?: number | "some";
}

/** A restricted subcommand: steps tried in order, the first whose condition holds decides ("allow", or the
 *  problem a deny states); when none holds, `otherwise` decides. */
export interface RestrictedForm {
  steps: readonly { when: FormCondition; decide: "allow" | string }[];
  otherwise: "allow" | string;
}

const BRANCH_LISTING = ["--list", "-l", "-v", "-vv", "--verbose"];
const BRANCH_FILTERS = ["--contains", "--no-contains", "--merged", "--no-merged", "--points-at"];
const TAG_FILTERS = ["--contains", "--no-contains", "--merged", "--no-merged", "--points-at"];

/** Read-only only with some arguments (git.ts judges a row against the arguments). */
export const GIT_RESTRICTED: Record<string, RestrictedForm> = {
  // A check of the object store; only `--lost-found` writes (into the git dir).
  fsck: {
    steps: [
      {
        when: { someOption: { names: ["--lost-found"], abbrev: true } },
        decide: "`git fsck --lost-found` writes dangling objects into the git dir",
      },
    ],
    otherwise: "allow",
  },
  branch: {
    steps: [
      {
        when: {
          optionOutside: {
            names: [
              ...BRANCH_LISTING,
              ...["-a", "--all", "-r", "--remotes", "--show-current", "--color", "--no-color", "--column"],
              ...["--no-column", "-i", "--ignore-case", "--no-abbrev", "--omit-empty", "-q", "--quiet"],
              ...BRANCH_FILTERS,
              ...["--sort", "--format"],
            ],
            raw: [/^--(abbrev|color|column)=/],
          },
        },
        decide: "`git branch {option}` creates, deletes, moves or re-points a branch",
      },
      {
        when: { positionals: "some", noOption: { names: [...BRANCH_LISTING, ...BRANCH_FILTERS] } },
        decide: "`git branch <name>` creates a branch",
      },
    ],
    otherwise: "allow",
  },
  tag: {
    steps: [
      {
        when: {
          optionOutside: {
            names: ["-l", "--list", "-v", "--verify", "--color", "--no-color", "--column", "-i"]
              .concat(TAG_FILTERS)
              .concat(["--sort", "--format"]),
            raw: [/^-n\d*$/, /^--column=/],
          },
        },
        decide: "`git tag {option}` creates or deletes a tag",
      },
      // A filter lists tags too (`git tag --contains HEAD`): its value is not a new tag's name.
      {
        when: {
          positionals: "some",
          noOption: { names: ["-l", "--list", "-v", "--verify", ...TAG_FILTERS] },
        },
        decide: "`git tag <name>` creates a tag",
      },
    ],
    otherwise: "allow",
  },
  // `git clean -n` only lists what it would delete; -f/-i would delete.
  clean: {
    steps: [
      {
        when: { noOption: { names: ["-n", "--dry-run"], raw: [/^-[dxXq]*n[dxXqn]*$/] } },
        decide: "`git clean` deletes untracked files (only `git clean -n` lists them)",
      },
      {
        when: { optionOutside: { names: ["--dry-run", "--quiet", "-e", "--exclude"], raw: [/^-[ndxXq]+$/] } },
        decide: "`git clean` deletes untracked files (only `git clean -n` lists them)",
      },
    ],
    otherwise: "allow",
  },
  // `git apply --check|--stat|--numstat|--summary` reads a patch and reports; without --apply it writes nothing.
  apply: {
    steps: [
      {
        when: { noOption: { names: ["--check", "--stat", "--numstat", "--summary"] } },
        decide:
          "`git apply` applies a patch to the working tree or the index (`git apply --check` only tests it)",
      },
      {
        when: {
          someOption: {
            names: ["--apply", "--reject", "--build-fake-ancestor", "--3way", "-3", "--intent-to-add", "-N"],
          },
        },
        decide: "`git apply {option}` applies the patch",
      },
    ],
    otherwise: "allow",
  },
  stash: {
    steps: [{ when: { verb: ["list", "show"] }, decide: "allow" }],
    otherwise: "`git stash` (push, pop, apply, drop, ...) changes the stash, the index and the working tree",
  },
  remote: {
    steps: [
      {
        when: { noVerb: true, optionOutside: { names: ["-v", "--verbose"] } },
        decide: "`git remote {args}` is not a read-only form",
      },
      { when: { noVerb: true }, decide: "allow" },
      { when: { verb: ["show", "get-url"] }, decide: "allow" },
    ],
    otherwise: "`git remote {verb}` changes the remote configuration",
  },
  config: {
    steps: [
      {
        when: {
          someOption: {
            names: [
              "--add",
              "--replace-all",
              "--unset",
              "--unset-all",
              "--rename-section",
              "--remove-section",
            ].concat(["-e", "--edit"]),
            abbrev: true,
          },
        },
        decide: "`git config {option}` writes the git configuration",
      },
      {
        when: {
          someOption: {
            names: [
              "--get",
              "--get-all",
              "--get-regexp",
              "--get-urlmatch",
              "--get-color",
              "--get-colorbool",
            ].concat(["-l", "--list"]),
          },
        },
        decide: "allow",
      },
      { when: { verb: ["get", "list"] }, decide: "allow" },
      {
        when: { positionals: 1, notVerb: ["set", "unset", "edit", "rename-section", "remove-section"] },
        decide: "allow",
      },
    ],
    otherwise: "`git config` with a value (or set/unset/edit) writes the git configuration",
  },
  worktree: {
    steps: [{ when: { verb: ["list"] }, decide: "allow" }],
    otherwise: "`git worktree` (add, remove, move, prune, ...) changes worktrees",
  },
  reflog: {
    steps: [
      {
        when: { verb: ["expire", "delete", "drop", "write"] },
        decide: "`git reflog {verb}` rewrites the reflog",
      },
    ],
    otherwise: "allow",
  },
  notes: {
    steps: [
      { when: { positionals: 0 }, decide: "allow" },
      { when: { verb: ["list", "show"] }, decide: "allow" },
    ],
    otherwise: "`git notes` (add, edit, remove, ...) writes notes refs",
  },
  "symbolic-ref": {
    steps: [
      {
        when: { optionOutside: { names: ["-q", "--quiet", "--short", "--recurse", "--no-recurse"] } },
        decide: "`git symbolic-ref` with a target (or --delete) moves a ref",
      },
      { when: { positionals: 1 }, decide: "allow" },
    ],
    otherwise: "`git symbolic-ref` with a target (or --delete) moves a ref",
  },
  bisect: {
    steps: [{ when: { verb: ["log", "visualize", "view", "terms"] }, decide: "allow" }],
    otherwise: "`git bisect` moves HEAD and writes refs",
  },
  submodule: {
    steps: [
      { when: { positionals: 0 }, decide: "allow" },
      { when: { verb: ["status", "summary"] }, decide: "allow" },
    ],
    otherwise: "`git submodule` (update, add, init, sync, foreach, ...) changes submodules or runs commands",
  },
  "sparse-checkout": {
    steps: [{ when: { verb: ["list"] }, decide: "allow" }],
    otherwise: "`git sparse-checkout` rewrites the working tree",
  },
  lfs: {
    steps: [{ when: { verb: ["ls-files", "status", "env", "version"] }, decide: "allow" }],
    otherwise: "`git lfs` (track, install, pull, ...) writes files, hooks or objects",
  },
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

/** `-c` keys that only change how git shows what it reads (colours, quoting, abbreviation, decorations,
 *  diff and status presentation, paging on/off): none names a program, a file git writes or a repository. */
export const HARMLESS_CONFIG_KEYS =
  /^(color\.[\w.-]+|core\.(quotepath|abbrev|ignorecase|precomposeunicode)|log\.(showsignature|decorate|date|follow|abbrevcommit|showroot|mailmap|excludedecoration|initialdecorationset)|diff\.(noprefix|renames|renamelimit|algorithm|mnemonicprefix|relative|context|interhunkcontext|indentheuristic|colormoved|colormovedws|submodule|ignoresubmodules|statgraphwidth|statnamewidth|dirstat|suppressblankempty|srcprefix|dstprefix)|status\.(showuntrackedfiles|short|branch|relativepaths|submodulesummary|aheadbehind|showstash|renames|renamelimit|displaycommentprefix)|grep\.(linenumber|column|patterntype|extendedregexp|fullname|fallbacktonoindex|threads)|blame\.(coloring|date|showemail|blankboundary|showroot|markunblamablelines|markignoredlines)|column\.\w+|advice\.\w+|i18n\.\w+|format\.pretty|tag\.sort|branch\.sort|versionsort\.suffix|user\.(name|email)|init\.defaultbranch|pager\.[\w-]+)$/i;
