// The profile: one YAML file describing a project's pytest setup. Everything else (SKILL.md, the guard's
// policy, the classifier's flaky list and hints) is derived from it. Declared once here; types are inferred.
// Objects are strict: an unknown key is an error, so a typo never silently does nothing.
import * as v from "valibot";

const text = v.pipe(v.string(), v.trim(), v.minLength(1, "must not be empty"));
const command = v.pipe(v.string(), v.trim(), v.minLength(1, "must be a command"));

/** A flag added to every run unless the user passes one of `dropped_by`. */
export const DefaultFlag = v.strictObject({
  flag: text,
  why: text,
  /** User flags that replace this default (prefix match on the flag name, e.g. "--tb" drops "--tb=short"). */
  dropped_by: v.optional(v.array(text), []),
});

/** A project-specific pytest option (registered by a conftest or plugin). */
export const ProjectOption = v.strictObject({
  flag: v.pipe(v.string(), v.regex(/^--?[A-Za-z0-9][\w-]*$/, "must look like --name or -x")),
  aliases: v.optional(v.array(v.pipe(v.string(), v.regex(/^--?[A-Za-z0-9][\w-]*$/))), []),
  purpose: text,
  /** Placeholder shown in the options table for a value-taking option, e.g. "level". */
  value_name: v.optional(text),
  /** The only valid values, when the set is finite. Absent: any value (or none, for a switch). */
  values: v.optional(v.pipe(v.array(text), v.minLength(1))),
  default: v.optional(text),
  /** How many values one run may give (tractor's --tpt-proto takes exactly one). */
  max_values: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  /** Flags that must accompany this one, e.g. --tpdb needs -s. */
  requires: v.optional(v.array(text), []),
  note: v.optional(text),
});

export const Example = v.strictObject({ args: v.string(), means: text });

export const Check = v.strictObject({
  title: text,
  why: text,
  /** Only run when ... (plain words, shown to the reader). */
  when: v.optional(text),
  run: v.pipe(v.array(command), v.minLength(1)),
  /** What to do when the check fails. */
  on_failure: text,
});

export const QuickCheck = v.strictObject({
  title: text,
  why: v.optional(text),
  run: v.pipe(v.array(command), v.minLength(1)),
  background: v.optional(v.boolean(), false),
});

export const LayoutEntry = v.strictObject({ path: text, note: text });

export const MappingRow = v.strictObject({
  /** Changed source paths (repo-relative; a trailing / means a folder, * and ** are globs). */
  changed: v.pipe(v.array(text), v.minLength(1)),
  /** Test paths (repo-relative) to run first. */
  tests: v.pipe(v.array(text), v.minLength(1)),
  note: v.optional(text),
});

export const FlakyEntry = v.strictObject({
  /** Repo-relative test file, e.g. tests/test_cancellation.py. */
  path: v.pipe(v.string(), v.regex(/\.py$/, "must be a repo-relative .py path")),
  /** Test name as pytest prints it, without [params]; "TestClass::test_x" for methods. */
  name: v.pipe(v.string(), v.regex(/^[\w:]+$/, "must be a test name without [params]")),
  /** Only these parametrisations (the text inside [...]) are listed; absent means every one. */
  params: v.optional(v.pipe(v.array(text), v.minLength(1))),
  /** Crash signatures that make a failure of this test known-flaky: an exception type (qualified or
   *  not, e.g. trio.TooSlowError, pexpect TIMEOUT) or a message fragment (assert None == 0). */
  signatures: v.pipe(
    v.array(text),
    v.minLength(
      1,
      "a known-flaky entry needs at least one failure signature; without one any failure would be excused",
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

export const Timeouts = v.strictObject({
  suite_ms: v.pipe(v.number(), v.integer(), v.minValue(1000), v.maxValue(600_000)),
  file_ms: v.pipe(v.number(), v.integer(), v.minValue(1000), v.maxValue(600_000)),
});

export const Profile = v.strictObject({
  /** Built-in profile name (tractor, generic) or a path relative to this file, to inherit from. */
  extends: v.optional(text),
  skill: v.strictObject({
    name: v.pipe(
      v.string(),
      v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lowercase letters, digits and single hyphens"),
      v.maxLength(64),
    ),
    description: v.pipe(text, v.maxLength(1024), v.regex(/^[^<>]*$/, "must not contain < or >")),
    argument_hint: text,
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
  runner: v.strictObject({
    /** The spelling the skill writes, e.g. "python -m pytest". */
    base: command,
    /** Other spellings that run pytest in this project (venv paths, uv run), recognised by the hooks. */
    also: v.optional(v.array(command), []),
    default_flags: v.optional(v.array(DefaultFlag), []),
    timeouts: Timeouts,
  }),
  options: v.strictObject({
    /** true: a pytest flag that is neither pytest's own nor listed here is refused in skill mode. */
    closed: v.optional(v.boolean(), false),
    /** Extra flags accepted when closed (plugin options such as -n from xdist). */
    also_accept: v.optional(v.array(text), []),
    project: v.optional(v.array(ProjectOption), []),
  }),
  examples: v.optional(v.array(Example), []),
  /** How a bare argument becomes a path. */
  path_resolution: v.optional(v.array(text), []),
  preflight: v.optional(v.array(Check), []),
  layout: v.optional(v.array(LayoutEntry), []),
  mapping: v.optional(v.array(MappingRow), []),
  quick_checks: v.optional(v.array(QuickCheck), []),
  known_flaky: v.optional(v.array(FlakyEntry), []),
  hints: v.optional(Hints, {}),
  /** Claude Code permission rules granted while the skill runs; the guard enforces exactly these. */
  allowed_tools: v.pipe(v.array(text), v.minLength(1)),
  /** Facts the reader should know (shown under "Gotchas"). */
  gotchas: v.optional(v.array(text), []),
});

export type Profile = v.InferOutput<typeof Profile>;
export type ProfileInput = v.InferInput<typeof Profile>;
export type FlakyEntry = v.InferOutput<typeof FlakyEntry>;
export type ProjectOption = v.InferOutput<typeof ProjectOption>;
export type MappingRow = v.InferOutput<typeof MappingRow>;
export type Check = v.InferOutput<typeof Check>;
