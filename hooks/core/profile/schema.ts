// The profile: one YAML file describing a project's pytest setup. Everything else (SKILL.md, the guard's
// policy, the classifier's flaky list and hints) is derived from it. Declared once here; types are inferred,
// and skills/profiles/profile.schema.json (for editors) is generated from it.
// Objects are strict: an unknown key is an error, so a typo never silently does nothing.
// Only JSON-Schema-expressible checks are used (no transforms), so the JSON Schema says what this says.
import * as v from "valibot";
import { DEFAULT_PYTEST, DEFAULT_PYTHON } from "./runner.ts";
import { COMPATIBILITY_MAX, DESCRIPTION_MAX, NAME_MAX, NAME_PATTERN } from "./skill-md.ts";

/** NAME=VALUE for runner.env; VALUE may hold `*` (one word: no spaces). Variables that change what runs or
 *  how (PATH, LD_*, PYTHON*, GIT_*, PYTEST_*; guard-policy §4, class 19) are never a runner prefix. */
const envPrefix = v.pipe(
  v.string(),
  v.regex(
    /^(?!(PATH|BASH_ENV|ENV|SHELLOPTS|BASHOPTS|IFS|PS4|PROMPT_COMMAND|LD_\w*|DYLD_\w*|PYTHON\w*|GIT_\w*|PYTEST_\w*)=)[A-Za-z_]\w*=\S*$/,
    "must be NAME=VALUE without spaces (e.g. CI=true, UV_PROJECT_ENVIRONMENT=py*), and not a variable that changes what runs (PATH, LD_*, PYTHON*, GIT_*, PYTEST_*)",
  ),
);

/** A non-empty string with at least one non-space character. */
const text = v.pipe(v.string(), v.regex(/\S/, "must not be empty"));

/** A shell command line as the skill writes it. A line starting with "# " is a comment shown above the
 *  next command (the validator skips comments). `<NAME>` marks a value the reader fills in, e.g. py<MINOR>. */
const command = v.pipe(v.string(), v.regex(/^[^\n]*\S[^\n]*$/, "must be a command on one line"));
const commands = (what: string) =>
  v.pipe(v.array(command, `expected a list of ${what}`), v.minLength(1, `needs at least one ${what}`));

const flagName = v.pipe(
  v.string(),
  v.regex(/^--?[A-Za-z0-9][\w-]*$/, "must look like --name or -x (no value, no =)"),
);

/** A flag added to every run unless the user passes one of `dropped_by`. */
export const DefaultFlag = v.strictObject({
  flag: v.pipe(text, v.description("The flag as it is added, e.g. --tb=short.")),
  why: text,
  /** User flags that replace this default (prefix match on the flag name, e.g. "--tb" drops "--tb=short"). */
  dropped_by: v.optional(
    v.pipe(
      v.array(text),
      v.description('User flags that replace this default (prefix match: "--tb" drops "--tb=short").'),
    ),
    [],
  ),
  /** Plain words: when else to leave it out (e.g. "the user wants to see every failure"). */
  omit_when: v.optional(text),
});

/** A pytest option the skill documents: a project option (registered by a conftest or plugin) or one of
 *  pytest's own worth knowing here. */
export const ProjectOption = v.strictObject({
  flag: flagName,
  aliases: v.optional(v.array(flagName), []),
  purpose: text,
  /** Placeholder shown in the options table for a value-taking option, e.g. "level". */
  value_name: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[\w-]+$/, "must be a word such as level or key"),
      v.description("Shown as <name>."),
    ),
  ),
  /** The only valid values, when the set is finite. Absent: any value (or none, for a switch). */
  values: v.optional(v.pipe(v.array(text), v.minLength(1, "needs at least one value when given"))),
  default: v.optional(text),
  /** How many values one run may give (tractor's --tpt-proto takes exactly one). */
  max_values: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  /** Flags that must accompany this one, e.g. --tpdb needs -s. */
  requires: v.optional(v.array(text), []),
  note: v.optional(text),
});

/** One way the user may call the skill, what it means, and the command it becomes. */
export const Example = v.strictObject({
  args: v.string(),
  means: text,
  command: v.optional(command),
});

export const Check = v.strictObject({
  title: text,
  why: text,
  /** Only run when ... (plain words, shown to the reader). */
  when: v.optional(text),
  run: commands("command"),
  /** What to do when the check fails. */
  on_failure: text,
  /** Commands for the repair, shown after on_failure. */
  fix: v.optional(v.array(command), []),
});

export const QuickCheck = v.strictObject({
  title: text,
  why: v.optional(text),
  run: commands("command"),
  background: v.optional(v.boolean(), false),
});

/** A test the sandbox cannot run whatever the settings (a pid namespace, a path no allowance may open). */
export const SandboxIncompatible = v.strictObject({
  /** A pytest node id or a prefix of one (a file, a class): what `--deselect` takes. */
  test: v.pipe(
    v.string(),
    v.regex(/^[^\s*?]+$/, "must be a pytest node id or its prefix (no spaces or glob characters)"),
  ),
  why: text,
});

/** What the suite needs from Claude Code's Bash sandbox (`init --sandbox`); read by
 *  bin/install/sandbox-allowances.ts. The defaults cover common suites. Nothing here can open `.git` or the
 *  install: `filesystem.denyWrite` wins over `allowWrite` in the sandbox, and init refuses such a path. */
export const SandboxNeeds = v.strictObject({
  /** Binding and connecting 127.0.0.1 (TCP/UDP). Linux: always on (the sandbox's own loopback); macOS:
   *  `sandbox.network.allowLocalBinding`. */
  local_network: v.optional(v.boolean(), true),
  /** Unix sockets (AF_UNIX). Linux cannot allow them by path: true sets `network.allowAllUnixSockets`. */
  unix_sockets: v.optional(v.boolean(), true),
  /** Paths outside the project that tests write (`filesystem.allowWrite`): absolute or `~/`, e.g. /tmp. */
  write: v.optional(
    v.array(v.pipe(v.string(), v.regex(/^(\/|~\/)[^\n]*$/, "must be an absolute path or start with ~/"))),
    ["/tmp"],
  ),
  /** Tests deselected in the agent's runs and named for the human to run outside the sandbox. */
  incompatible: v.optional(v.array(SandboxIncompatible), []),
});

export const PathResolution = v.strictObject({
  /** How a bare argument becomes a path, one rule per entry (plain words). */
  rules: v.optional(v.array(text), []),
  /** Commands that show the test tree when a fragment is ambiguous. */
  commands: v.optional(v.array(command), []),
});

export const LayoutEntry = v.strictObject({ path: text, note: text });

export const MappingRow = v.strictObject({
  /** Changed source paths (repo-relative; a trailing / means a folder, * and ** are globs). */
  changed: v.pipe(v.array(text), v.minLength(1, "needs at least one changed path")),
  /** Test paths (repo-relative) to run first. */
  tests: v.pipe(v.array(text), v.minLength(1, "needs at least one test path")),
  note: v.optional(text),
});

export const FlakyEntry = v.strictObject({
  /** Repo-relative test file, e.g. tests/test_cancellation.py. */
  path: v.pipe(
    v.string(),
    v.regex(/^(?!\/)(?!\.\.?\/)\S+\.py$/, "must be a repo-relative .py path such as tests/test_x.py"),
  ),
  /** Test name as pytest prints it, without [params]; "TestClass::test_x" for methods. */
  name: v.pipe(v.string(), v.regex(/^[\w:]+$/, "must be a test name without [params]")),
  /** Only these parametrisations (the text inside [...]) are listed; absent means every one. */
  params: v.optional(
    v.pipe(v.array(text), v.minLength(1, "list at least one parametrisation, or leave params out")),
  ),
  /** Parametrisations pytest prints by default, shown to the reader; unlike `params` they do not narrow the match. */
  example_params: v.optional(v.array(text), []),
  /** Crash signatures that make a failure of this test known-flaky: an exception type (qualified or
   *  not, e.g. trio.TooSlowError, pexpect.exceptions.TIMEOUT) or a message fragment (assert None == 0). */
  signatures: v.pipe(
    v.array(
      text,
      "a known-flaky entry needs `signatures`, a list of crash signatures (e.g. trio.TooSlowError); without one any failure would be excused",
    ),
    v.minLength(
      1,
      "a known-flaky entry needs at least one failure signature; without one any failure would be excused",
    ),
    v.description(
      "Crash signatures that make a failure of this test known-flaky (e.g. trio.TooSlowError); at least one, since without one any failure would be excused",
    ),
  ),
  note: text,
});

export const Hints = v.strictObject({
  /** Said when many unrelated tests time out or hit connection refused / address in use. */
  stale_server: v.optional(text),
  /** Said when a run hangs under capture. */
  capture_pipe: v.optional(text),
  /** Said for import errors: how to check that the interpreter resolves the package from this checkout. */
  import_error: v.optional(text),
});

/** A git form as its leading words after `git` (and its global options): `stash` allows every
 *  `git stash ...`, `stash pop` only `git stash pop ...`. Words, not options: nothing starting with "-". */
const gitForm = v.pipe(
  v.string(),
  v.regex(
    /^[a-z][a-z0-9-]*(?: [^\s-][^\s]*)*$/,
    "must be a git subcommand and optionally its next words, such as stash or stash pop",
  ),
);

export const GitExceptions = v.strictObject({
  /** The git forms the agent may run here although they change the repository (default: none). Each one
   *  allows exactly the commands that start with its words; everything else the guard denies as before. */
  allow: v.optional(
    v.pipe(
      v.array(gitForm),
      v.description(
        "Git forms the maintainers allow the agent to run in this repo (default none): `stash` allows every `git stash ...`, `stash pop` only `git stash pop ...`. The guard denies every other git mutation; doctor lists these.",
      ),
    ),
    [],
  ),
  /** The git rule itself: true (default) refuses git mutations in every turn; false turns it off for this
   *  repository outside /run-tests turns (a skill turn keeps its allowed-tools and the rule). The profile
   *  lives in the protected set, so only the human flips it. */
  enforce: v.optional(
    v.pipe(
      v.boolean(),
      v.description(
        "true (default): the guard refuses git mutations (commit, merge, fetch, stash, ...) in every turn, not only in /run-tests turns. false: outside /run-tests turns the guard lets git mutations run in this repository; in a /run-tests turn the skill's allowed-tools and the rule still apply. doctor shows the state.",
      ),
    ),
    true,
  ),
});

/** Claude Code's Bash tool caps a foreground call at 600000 ms. */
export const MAX_BASH_TIMEOUT_MS = 600_000;

export const Timeouts = v.strictObject({
  suite_ms: v.pipe(v.number(), v.integer(), v.minValue(1000), v.maxValue(MAX_BASH_TIMEOUT_MS)),
  file_ms: v.pipe(v.number(), v.integer(), v.minValue(1000), v.maxValue(MAX_BASH_TIMEOUT_MS)),
  /** How the two numbers were found (init measures a quiet run of the suite), shown beside them. */
  measured: v.optional(
    v.pipe(
      text,
      v.description(
        "How suite_ms and file_ms were found, e.g. the measured duration of a full run; shown in the skill beside them.",
      ),
    ),
  ),
});

/** A marker the project declares in its pytest config (`markers = ["slow: ..."]`). */
export const Marker = v.strictObject({
  name: v.pipe(v.string(), v.regex(/^[A-Za-z_]\w*$/, "must be a marker name such as slow or stress")),
  description: v.optional(text),
  /** The config's addopts deselect it (`-m "not stress"`): a plain run leaves these tests out. */
  deselected: v.optional(v.boolean(), false),
});

/** One option of the config's `addopts` (added to every run) and what it does, in plain words. */
export const Addopt = v.strictObject({
  option: text,
  effect: text,
});

/** A section of the maintainers' own notes, kept as written (Markdown; `import` keeps a hand-written
 *  skill's sections this way). Shell commands in it go in sh blocks and must be allowed like any other. */
export const NoteSection = v.strictObject({
  title: v.pipe(v.string(), v.regex(/^[^\n#]*\S[^\n]*$/, "must be a one-line title without #")),
  text: text,
});

/** Crash lines that are timeout-shaped in any pytest project (reference: pytest-output.md §13.2): trio's
 *  deadline, pexpect's, pytest-timeout's signal method (`Failed: Timeout >1.0s`), and the builtin
 *  TimeoutError, which asyncio.wait_for/timeout, anyio.fail_after and concurrent.futures raise (an
 *  unqualified type matches any module's: asyncio.exceptions.TimeoutError on Python < 3.11 too).
 *  pytest-timeout's thread method kills the process after a `+++ Timeout +++` banner: the parser knows
 *  that banner (the run is interrupted and the hanging test named). */
export const GENERIC_TIMEOUT_SIGNATURES = ["Failed: Timeout", "TimeoutError"];

/** Timeout exceptions of libraries a project may use: `init` adds one to a profile when the project depends
 *  on its library (a profile of a project without trio never names trio). */
export const LIBRARY_TIMEOUT_SIGNATURES: Readonly<Record<string, string>> = {
  trio: "trio.TooSlowError",
  pexpect: "pexpect.exceptions.TIMEOUT",
};

/** With no profile at all (the report hook's fallback, `classify` without one): the library timeouts too,
 *  since nothing says which libraries the suite uses. A profile's default is GENERIC_TIMEOUT_SIGNATURES. */
export const DEFAULT_TIMEOUT_SIGNATURES = [
  ...Object.values(LIBRARY_TIMEOUT_SIGNATURES),
  ...GENERIC_TIMEOUT_SIGNATURES,
];

/** A Claude Code permission rule: a tool name, optionally with a specifier in parentheses. No commas (the
 *  claude-code format joins entries with ", ") and no nested parentheses. */
const allowedTool = v.pipe(
  v.string(),
  v.regex(
    /^[A-Za-z][\w-]*(\([^(),\n]+\))?$/,
    "must be a permission rule such as Read or Bash(python -m pytest *), without commas",
  ),
);

export const Profile = v.strictObject({
  /** Built-in profile name (tractor, generic) or a path relative to this file, to inherit from. */
  extends: v.optional(
    v.pipe(text, v.description("A built-in profile (tractor, generic) or a path relative to this file.")),
  ),
  skill: v.strictObject({
    name: v.pipe(
      v.string(),
      v.regex(NAME_PATTERN, "must be lowercase letters, digits and single hyphens"),
      v.maxLength(NAME_MAX, `must be at most ${NAME_MAX} characters`),
    ),
    description: v.pipe(
      v.string(),
      v.regex(/^(?![\s\S]*---)[^<>]*\S[^<>]*$/, "must be non-empty text without <, > or ---"),
      v.maxLength(DESCRIPTION_MAX, `must be at most ${DESCRIPTION_MAX} characters`),
    ),
    argument_hint: text,
    /** Agent Skills `compatibility`: environment requirements, at most 500 characters. */
    compatibility: v.optional(
      v.pipe(text, v.maxLength(COMPATIBILITY_MAX, `must be at most ${COMPATIBILITY_MAX} characters`)),
    ),
    /** The skill that writes commit messages, suggested when a fix is left unstaged (optional: it may not exist). */
    commit_message_skill: v.optional(text),
  }),
  project: v.strictObject({
    name: text,
    /** Import name for the smoke check (python -c 'import X'). */
    package: v.optional(text),
    tests_dir: text,
    about: v.optional(text),
  }),
  /** How the project runs pytest, spelled once (hooks/core/profile/runner.ts). Anywhere else in the profile,
   *  `{{python}}` and `{{pytest}}` stand for these two, so changing the interpreter changes every command. */
  runner: v.strictObject({
    /** The project's interpreter as the skill writes it: python, python3, .venv/bin/python, uv run python.
     *  Default: what `base` runs under, else "python". */
    python: v.optional(
      v.pipe(
        command,
        v.description(
          "The project's interpreter, e.g. .venv/bin/python or python3; {{python}} elsewhere in the profile. Default: what base runs under, else python.",
        ),
      ),
      DEFAULT_PYTHON,
    ),
    /** The pytest command the skill writes. Default: "{{python}} -m pytest". */
    base: v.optional(
      v.pipe(
        command,
        v.description(
          "The pytest command, e.g. uv run pytest; {{pytest}} elsewhere. Default: {{python}} -m pytest.",
        ),
      ),
      DEFAULT_PYTEST,
    ),
    /** Environment variables that may stand in front of the runner, as NAME=VALUE where VALUE may hold `*`
     *  (e.g. CI=true, UV_PROJECT_ENVIRONMENT=py*). Any other prefix makes a command not the runner. */
    env: v.optional(v.array(envPrefix), []),
    /** Other spellings that run pytest in this project (venv paths, uv run), recognised by the hooks. A `*`
     *  matches within one path component of one word (py*\/bin/python -m pytest); `?` and `[` are literal
     *  (PROFILE_GLOB, hooks/core/glob.ts: the guard and the report read it alike). */
    also: v.optional(v.array(command), []),
    /** The repository's own test commands (tox -e py311 --, nox -s tests-3.11 --, make test, hatch test, uv
     *  run --locked pytest) and equivalents the maintainers accept (PYTHONPATH=src python -m pytest): each is
     *  allowed in a skill turn followed by any arguments, recognised by the hooks like `also`, and shown in
     *  the skill. A trailing `--` passes the rest to pytest (posargs). */
    commands: v.optional(
      v.pipe(
        v.array(command),
        v.description(
          "The repository's own test commands and accepted equivalents (e.g. tox -e py311 --, nox -s tests-3.11 --, make test, uv run --locked pytest, PYTHONPATH=src python -m pytest): each is allowed while the skill runs, with any arguments after it, and recognised by the report. A trailing -- passes the rest to pytest.",
        ),
      ),
      [],
    ),
    default_flags: v.optional(v.array(DefaultFlag), []),
    timeouts: Timeouts,
  }),
  options: v.strictObject({
    /** true: a pytest flag that is neither pytest's own nor listed here is refused in skill mode. */
    closed: v.optional(v.boolean(), false),
    /** Extra flags accepted when closed (plugin options such as -n from xdist). */
    also_accept: v.optional(v.array(text), []),
    project: v.optional(v.array(ProjectOption), []),
    /** pytest's own options worth a line in the options table (-k, -v, -s, --lf, ...). */
    pytest: v.optional(v.array(ProjectOption), []),
  }),
  examples: v.optional(v.array(Example), []),
  /** The markers the project's pytest config declares, with their descriptions (init reads them). */
  markers: v.optional(v.array(Marker), []),
  /** What the config's addopts add to every run, option by option (init reads and explains them). */
  addopts: v.optional(v.array(Addopt), []),
  path_resolution: v.optional(PathResolution, {}),
  preflight: v.optional(v.array(Check), []),
  layout: v.optional(v.array(LayoutEntry), []),
  mapping: v.optional(v.array(MappingRow), []),
  /** The Stop hook (hooks/gate/): the agent may not end its turn while a source changed in the session has
   *  mapped tests no pytest run selected since the change; it asks once per stop. On for an installed
   *  profile (the plugin's own default profile never gates); false turns it off. */
  stop_gate: v.optional(
    v.pipe(
      v.boolean(),
      v.description(
        "Stop gate: before the agent ends its turn, ask once for the mapped tests of every source file changed in the session that no pytest run covered since (true by default for an installed profile; the plugin's own default profile never gates). false turns it off.",
      ),
    ),
    true,
  ),
  /** The decision log (hooks/runtime/decision-log.ts): every hook appends one JSON line per decision to the
   *  install's state folder, read with `run-tests-skill log`. RUN_TESTS_SKILL_LOG=1 turns it on too. */
  log: v.optional(
    v.pipe(
      v.boolean(),
      v.description(
        "Decision log: every hook appends one line per decision (time, session, hook, command or path, decision, rule) to the install's state folder, bounded by rotation, never file contents; read it with `run-tests-skill log`. RUN_TESTS_SKILL_LOG=1 in Claude Code's environment turns it on as well, =0 off.",
      ),
    ),
    false,
  ),
  quick_checks: v.optional(v.array(QuickCheck), []),
  /** What the suite needs from the Bash sandbox that `init --sandbox` turns on. */
  sandbox: v.optional(SandboxNeeds, {}),
  /** Crash lines that count as timeout-shaped: a failure with one of them is at most "likely flaky". */
  timeout_signatures: v.optional(v.array(text), GENERIC_TIMEOUT_SIGNATURES),
  /** Titles of terminal-summary sections (`==== <title> ====`) a project's plugin prints when a test hung,
   *  e.g. tractor's `tractor hang-snapshot index`: a failing test named in one is timeout-shaped. */
  hang_sections: v.optional(v.array(text), []),
  known_flaky: v.optional(v.array(FlakyEntry), []),
  hints: v.optional(Hints, {}),
  /** Read-only commands that show the user what a fix changed (the user stages and commits). */
  show_changes: v.optional(v.array(command), []),
  /** Git forms the maintainers let the agent run in this repo; every other git mutation stays denied. */
  git: v.optional(GitExceptions, {}),
  /** Claude Code permission rules granted while the skill runs; the guard enforces exactly these. */
  allowed_tools: v.pipe(v.array(allowedTool), v.minLength(1, "needs at least one permission rule")),
  /** Facts the reader should know (shown under "Gotchas"). */
  gotchas: v.optional(v.array(text), []),
  /** The maintainers' own sections, kept as written (after the generated ones). */
  notes: v.optional(v.array(NoteSection), []),
});

export type Profile = v.InferOutput<typeof Profile>;
export type ProfileInput = v.InferInput<typeof Profile>;
export type FlakyEntry = v.InferOutput<typeof FlakyEntry>;
export type ProjectOption = v.InferOutput<typeof ProjectOption>;
export type MappingRow = v.InferOutput<typeof MappingRow>;
export type Check = v.InferOutput<typeof Check>;
export type QuickCheck = v.InferOutput<typeof QuickCheck>;
export type Example = v.InferOutput<typeof Example>;
export type DefaultFlag = v.InferOutput<typeof DefaultFlag>;
export type GitExceptions = v.InferOutput<typeof GitExceptions>;
export type SandboxNeeds = v.InferOutput<typeof SandboxNeeds>;
export type Marker = v.InferOutput<typeof Marker>;
export type Addopt = v.InferOutput<typeof Addopt>;
export type NoteSection = v.InferOutput<typeof NoteSection>;
export type SandboxIncompatible = v.InferOutput<typeof SandboxIncompatible>;
