// The SKILL.md body, section by section, rendered from a profile. Nothing here knows about any particular
// project: every name, path, flag and command comes from the profile; the prose is the process a careful
// maintainer follows with any pytest suite. Commands the reader is told to run are always in `sh` blocks,
// so the validator can check each one against the skill's allowed-tools.
import type { DefaultFlag, FlakyEntry, Profile, ProjectOption } from "../../hooks/core/profile/schema.ts";
import { bashPattern, toolName } from "../../hooks/core/profile/skill-md.ts";
import type { Section } from "./markdown.ts";
import { bullets, code, codes, duration, fence, orList, sentence, table } from "./markdown.ts";
import { sandboxSection } from "./sandbox-section.ts";

/** One "## " section. `reference` makes it movable to references/<file>: the body then keeps `keep` (if any)
 *  and a line saying when to read the file. */
export type { Section } from "./markdown.ts";

/** What bare tools (no specifier) are for; named in the body so the reader knows when to use them. */
const TOOL_USES: Record<string, string> = {
  Read: "read a test file, a conftest or the code a traceback points at",
  Grep: "find a test, fixture or marker by name",
  Glob: "find test files by pattern",
  Task: "hand a long investigation to a subagent",
  Agent: "hand a long investigation to a subagent",
  AskUserQuestion: "ask the user when the request is ambiguous",
  Edit: "change code while iterating on a failure (leave the change unstaged)",
  Write: "create a file while iterating on a failure (leave it unstaged)",
};

function bareTools(profile: Profile): string[] {
  return profile.allowed_tools.filter((rule) => !bashPattern(rule) && rule !== "Bash").map(toolName);
}

function has(profile: Profile, tool: string): boolean {
  return bareTools(profile).includes(tool);
}

/** Comment lines ("# ...") stay comments; everything else is a command line. */
function commandBlock(commands: readonly string[]): string[] {
  return fence("sh", commands);
}

function defaultFlags(profile: Profile): string[] {
  return profile.runner.default_flags.map((d) => d.flag);
}

/** base + parts + default flags + extra, the order every example in a profile uses. */
export function buildCommand(
  profile: Profile,
  parts: readonly string[],
  extra: readonly string[] = [],
): string {
  return [profile.runner.base, ...parts, ...defaultFlags(profile), ...extra].join(" ");
}

function testsDir(profile: Profile): string {
  return `${profile.project.tests_dir.replace(/\/+$/, "")}/`;
}

function optionLabel(option: ProjectOption): string {
  const names = [option.flag, ...option.aliases];
  const value = option.value_name ? ` <${option.value_name}>` : "";
  return names.map((name, i) => code(i === 0 ? `${name}${value}` : name)).join(", ");
}

function optionNotes(option: ProjectOption): string {
  const notes: string[] = [];
  if (option.max_values === 1) notes.push("exactly one value per run");
  else if (option.max_values) notes.push(`at most ${option.max_values} values per run`);
  if (option.requires.length > 0) notes.push(`needs ${codes(option.requires)}`);
  if (option.note) notes.push(option.note);
  return notes.join("; ");
}

function optionRows(options: readonly ProjectOption[]): string[][] {
  return options.map((o) => [
    optionLabel(o),
    o.purpose,
    o.values ? codes(o.values) : o.value_name ? "any" : "(switch)",
    o.default ? code(o.default) : "",
    optionNotes(o),
  ]);
}

function leaveOutWhen(flag: DefaultFlag): string {
  const reasons: string[] = [];
  if (flag.dropped_by.length > 0)
    reasons.push(`the user passes ${orList(flag.dropped_by.map(code))} in any form`);
  if (flag.omit_when) reasons.push(flag.omit_when);
  return reasons.length > 0 ? reasons.join("; ") : "never";
}

function flakyId(entry: FlakyEntry): string {
  return `${entry.path}::${entry.name}`;
}

function flakyParams(entry: FlakyEntry): string {
  if (entry.params) return `only ${codes(entry.params.map((p) => `[${p}]`))}`;
  if (entry.example_params.length > 0) return `any, e.g. ${codes(entry.example_params.map((p) => `[${p}]`))}`;
  return "any";
}

// ---------------------------------------------------------------------------------------------------------

function intro(profile: Profile): string[] {
  const about = profile.project.about ? `, ${profile.project.about},` : "";
  return [
    "# Run the test suite",
    "",
    `Run the pytest suite of ${profile.project.name}${about} or part of it, and report the result. Work through the steps in order. Shell commands are given in \`sh\` blocks: run them as written (filling in any \`<PLACEHOLDER>\`); they are the commands this skill is allowed to run.`,
  ];
}

function parseRequest(profile: Profile): Section {
  const choices = profile.options.project.filter((o) => o.values);
  const free = [...profile.options.project.filter((o) => !o.values), ...profile.options.pytest].slice(0, 4);
  const lines = [
    "From the user's message and the skill's arguments, work out:",
    "",
    `- **Scope**: the full suite, one or more files or folders, single tests (node ids such as ${code("path::test_name")}), or a keyword expression (${code("-k")}).`,
    ...choices.map((o) => {
      const values = (o.values ?? []).map((value) =>
        value === o.default ? `${code(value)} (default)` : code(value),
      );
      return `- **${code(o.flag)}**: ${o.purpose}; ${orList(values)}.`;
    }),
    `- **Other flags** the user asks for${free.length > 0 ? `, such as ${orList(free.map((o) => code(o.value_name ? `${o.flag} <${o.value_name}>` : o.flag)))}` : ""} (see the options below).`,
  ];
  if (profile.examples.length > 0) {
    lines.push(
      "",
      "A bare path or pattern in the arguments is the test target. Examples:",
      "",
      ...table(
        ["Invocation", "Meaning"],
        profile.examples.map((e) => [code(`/${profile.skill.name}${e.args ? ` ${e.args}` : ""}`), e.means]),
      ),
    );
  }
  lines.push(
    "",
    "If the request is ambiguous (several files match, or you cannot tell what to run), say what you found and ask.",
  );
  return { id: "parse", title: "Parse the request", lines };
}

function buildCommandSection(profile: Profile): Section {
  const lines = ["Start from the base command:", "", ...commandBlock([profile.runner.base])];
  const own = profile.runner.commands.filter((c) => c.trim() !== profile.runner.base.trim());
  if (own.length > 0)
    lines.push(
      "",
      `This repository's own test commands are allowed too; use one when the user asks for it or the base command cannot run here. After a trailing ${code("--")}, the arguments go to pytest:`,
      "",
      ...commandBlock(own.map((c) => (/\s--$/.test(c.trim()) ? `${c.trim()} <PYTEST_ARGS>` : c.trim()))),
    );
  const defaults = profile.runner.default_flags;
  if (defaults.length > 0) {
    lines.push(
      "",
      "Add the default flags unless the user's flags replace them:",
      "",
      ...table(
        ["Flag", "Why", "Leave it out when"],
        defaults.map((d) => [code(d.flag), d.why, leaveOutWhen(d)]),
      ),
      "",
      `Order: base command, test paths, default flags, then the user's flags. A user flag replaces the default it names (e.g. ${code("--tb=long")} replaces ${code("--tb=short")}); otherwise keep every default.`,
    );
  } else {
    lines.push("", "Then the test paths, then the user's flags.");
  }

  const paths = profile.path_resolution;
  if (paths.rules.length > 0 || paths.commands.length > 0 || has(profile, "Glob") || has(profile, "Grep")) {
    lines.push("", "### Paths", "");
    lines.push(...bullets(paths.rules.map(sentence)));
    const finders: string[] = [];
    if (has(profile, "Glob"))
      finders.push(
        `the Glob tool finds candidate files (${code(`${testsDir(profile)}**/test_*<fragment>*.py`)})`,
      );
    if (has(profile, "Grep"))
      finders.push(`the Grep tool finds a test function by name (${code("def test_<name>")})`);
    if (finders.length > 0) lines.push(`- ${sentence(`To resolve a fragment, ${finders.join("; ")}`)}`);
    if (paths.commands.length > 0)
      lines.push("", "To see the test tree:", "", ...commandBlock(paths.commands));
  }

  const project = profile.options.project;
  const pytest = profile.options.pytest;
  if (project.length > 0 || pytest.length > 0) {
    lines.push("", "### Options", "");
    const headers = ["Option", "Purpose", "Values", "Default", "Notes"];
    if (project.length > 0) {
      lines.push(
        `Options of ${profile.project.name} (not pytest's own):`,
        "",
        ...table(headers, optionRows(project)),
      );
    }
    if (pytest.length > 0) {
      if (project.length > 0) lines.push("");
      lines.push("pytest options worth knowing here:", "", ...table(headers, optionRows(pytest)));
    }
    if (profile.options.closed) {
      const extra = profile.options.also_accept.length > 0 ? `, ${codes(profile.options.also_accept)}` : "";
      lines.push(
        "",
        `Only these options and pytest's own${extra} are accepted; any other flag is refused while this skill runs.`,
      );
    }
  }

  lines.push(...markersAndAddopts(profile));

  const withCommands = profile.examples.filter((e) => e.command);
  if (withCommands.length > 0) {
    lines.push(
      "",
      "### Examples",
      "",
      ...commandBlock(
        withCommands.flatMap((e) => [
          `# /${profile.skill.name}${e.args ? ` ${e.args}` : ""}: ${e.means}`,
          e.command as string,
        ]),
      ),
    );
  }
  return { id: "command", title: "Build the command", lines };
}

/** The markers the config declares and what its addopts add to every run: what a plain run leaves out and
 *  how to get it back. */
function markersAndAddopts(profile: Profile): string[] {
  const lines: string[] = [];
  if (profile.markers.length > 0) {
    lines.push(
      "",
      "### Markers",
      "",
      `Markers declared in ${profile.project.name}'s pytest config; select with ${code("-m <expr>")} (e.g. ${code(`-m "not ${profile.markers[0]?.name}"`)}):`,
      "",
      ...table(
        ["Marker", "Meaning", "In a plain run"],
        profile.markers.map((m) => [
          code(m.name),
          m.description ?? "",
          m.deselected ? `left out (addopts); run them with ${code(`-m ${m.name}`)}` : "runs",
        ]),
      ),
    );
  }
  if (profile.addopts.length > 0) {
    lines.push(
      "",
      "### What the config adds to every run",
      "",
      `The pytest config's ${code("addopts")} come before your flags in every run (pytest reads them first; a later flag of the same kind wins, so ${code("-m")} on the command line replaces the config's ${code("-m")}):`,
      "",
      ...table(
        ["Option", "Effect"],
        profile.addopts.map((a) => [code(a.option), a.effect]),
      ),
    );
  }
  return lines;
}

function preflight(profile: Profile): Section | undefined {
  if (profile.preflight.length === 0) return undefined;
  const lines = [
    "Run these before the tests, in this order; each takes seconds. Stop at the first that fails.",
  ];
  for (const check of profile.preflight) {
    lines.push("", `### ${check.title}`, "");
    if (check.when) lines.push(`${sentence(`Only ${check.when}`)} `.trimEnd(), "");
    lines.push(
      `**Why:** ${sentence(check.why)}`,
      "",
      ...commandBlock(check.run),
      "",
      `**If it fails:** ${sentence(check.on_failure)}`,
    );
    if (check.fix.length > 0) lines.push("", ...commandBlock(check.fix));
  }
  return { id: "preflight", title: "Pre-flight checks", lines };
}

/**
 * How full runs are done, in the words the report hook's notes use (hooks/results/background.ts): the final
 * report arrives with the task notification or the TaskStop; a run moved at its timeout keeps running.
 */
export const FULL_RUN_GUIDANCE =
  "Run it in the background (`run_in_background: true` on the Bash tool). When it ends, Claude Code sends a task notification and the run's report arrives with it: act on that report, and do not start a second run meanwhile. If a foreground run reaches its timeout, Claude Code moves it to the background and it keeps running: wait for the task notification rather than starting it again. A run you stop with TaskStop gets its report at once (what ran so far and the test that was running).";

function runAndReport(profile: Profile): Section {
  const { file_ms, suite_ms, measured } = profile.runner.timeouts;
  const timeoutSigs = codes(profile.timeout_signatures);
  const lines = [
    `- Run the command with the Bash tool's timeout set to **${file_ms}** ms (${duration(file_ms)}) for one file or a few tests, and **${suite_ms}** ms (${duration(suite_ms)}) for the full suite.${measured ? ` ${sentence(`These come from ${measured}`)}` : ""}`,
    `- A full-suite run may take longer than that. ${FULL_RUN_GUIDANCE}`,
    "- While you iterate on a fix, rerun only the tests that failed last time:",
    "",
    ...commandBlock([buildCommand(profile, ["--lf"])]),
    "",
    "### On failure",
    "",
    `- Show each failing test id and its short traceback; the last ${code("E")} line is the crash line.`,
    "- Sort every failure into one of four kinds before you investigate anything:",
    "  - **Environment error**: the run did not test the code because the environment or the command is wrong: a missing async plugin (`async def functions are not natively supported`), an unknown option or ini key of a plugin that is not installed (pytest's usage error, exit 4), a bad option value, Django settings not configured (`ImproperlyConfigured`), the project not installed (`No module named` its own package, or what it loads by name), a conftest or `-p` plugin importing a module that is not installed, or an operation the sandbox denied (`Operation not permitted` on a socket, `Read-only file system` outside the project, a pid it cannot see). The report names the fix (the package to install, the value or setting, `pip install -e .`, the profile's `sandbox:` section); do not change the code for it, and never debug into site-packages or the standard library.",
    `  - **Known flaky**: the id is on the known-flaky list (section "Known flaky tests") **and** its failure (any ${code("E")} line or the exception chain) matches one of that entry's signatures. Say so, name the entry, and move on.`,
    `  - **Likely flaky**: the crash or its chain is timeout-shaped (${timeoutSigs})${profile.hang_sections.length > 0 ? ` or the test is named in a ${codes(profile.hang_sections)} section` : ""} but no list entry matches it. Rerun only those ids, once; never call such a failure pre-existing. If it fails the same way again, it is not flaky: investigate it.`,
    "  - **Real failure**: anything else, including a listed test that fails with a different error. Investigate it.",
    `- For a real failure, ${has(profile, "Read") ? "read the test and the code the traceback points at (Read tool); " : ""}if it looks related to recent changes, point out the likely cause and suggest a fix.`,
  ];
  const hints = [profile.hints.stale_server, profile.hints.capture_pipe, profile.hints.import_error].filter(
    (h): h is string => Boolean(h),
  );
  if (hints.length > 0) lines.push("- Hints for this project:", ...hints.map((h) => `  - ${sentence(h)}`));
  lines.push(
    "",
    "To rerun only some ids (a likely-flaky test, or a known-flaky one to confirm it):",
    "",
    ...commandBlock([buildCommand(profile, ["<ID>"])]),
  );

  lines.push(
    "",
    "### Never commit",
    "",
    "- **Never auto-commit.** If you change code while iterating on a failure, leave the change unstaged: never run `git add`, `git commit` or any other command that changes the git index or history. The user drives every `git add` and `git commit`.",
    "- Tell the user what you changed and suggest they review the worktree and stage the files themselves.",
  );
  if (profile.show_changes.length > 0) lines.push("", ...commandBlock(profile.show_changes), "");
  if (profile.skill.commit_message_skill) {
    lines.push(
      `- For the commit message the user may use a commit-message skill such as ${code(profile.skill.commit_message_skill)} (inline or in a separate session), if they have one; it is optional.`,
    );
  }

  lines.push(
    "",
    "### On success",
    "",
    "- Report the counts from pytest's final line concisely (passed, failed, skipped, xfailed, errors) and the command you ran.",
  );
  return { id: "run", title: "Run and report", lines };
}

function layout(profile: Profile): Section | undefined {
  if (profile.layout.length === 0) return undefined;
  const rows = profile.layout.map((entry) => [code(entry.path), entry.note]);
  return {
    id: "layout",
    title: "Test layout",
    lines: table(["Path", "What is there"], rows),
    reference: {
      file: "layout.md",
      readWhen: "you need to know where a kind of test lives",
      rows: rows.length,
    },
  };
}

function mapping(profile: Profile): Section | undefined {
  if (profile.mapping.length === 0) return undefined;
  const rows = profile.mapping.map((row) => [codes(row.changed), codes(row.tests, " "), row.note ?? ""]);
  const keep = [
    "After changing a module, run the matching tests first for fast feedback, then widen the run.",
  ];
  return {
    id: "mapping",
    title: "Change-to-test mapping",
    lines: [...keep, "", ...table(["Changed", "Run these tests first", "Note"], rows)],
    reference: {
      file: "mapping.md",
      readWhen: "you changed a module and want the tests to run first",
      keep,
      rows: rows.length,
    },
  };
}

function quickChecks(profile: Profile): Section | undefined {
  if (profile.quick_checks.length === 0) return undefined;
  const lines: string[] = [];
  for (const check of profile.quick_checks) {
    if (lines.length > 0) lines.push("");
    lines.push(`### ${check.title}`, "");
    const notes = [
      check.why,
      check.background
        ? "run it in the background (`run_in_background: true`) and wait for its notification, which brings the run's report"
        : undefined,
    ]
      .filter(Boolean)
      .join("; ");
    if (notes) lines.push(sentence(notes), "");
    lines.push(...commandBlock(check.run));
  }
  return { id: "quick", title: "Quick checks", lines };
}

function knownFlaky(profile: Profile): Section {
  const entries = profile.known_flaky;
  const rule = `A failing id matches an entry when its path and test name match (the ${code("[...]")} part is ignored unless the entry lists parametrisations) **and** its failure (the crash line, any other ${code("E")} line or the exception chain) contains one of the entry's signatures. Both are needed: a listed test failing with another error is a real failure, and a timeout-shaped failure of an unlisted test is only likely flaky.`;
  if (entries.length === 0) {
    return {
      id: "flaky",
      title: "Known flaky tests",
      lines: [
        `No test of ${profile.project.name} is listed as known flaky. A timeout-shaped failure (${codes(profile.timeout_signatures)}) is at most likely flaky: rerun those ids once. Every other failure is real.`,
      ],
    };
  }
  const keep = [
    "These tests have pre-existing timing or environment sensitivity. Pytest prints ids as `path::name[params]`.",
    "",
    rule,
  ];
  const rows = entries.map((e) => [code(flakyId(e)), flakyParams(e), codes(e.signatures), e.note]);
  return {
    id: "flaky",
    title: "Known flaky tests",
    lines: [...keep, "", ...table(["Test", "Parametrisations", "Signatures", "Note"], rows)],
    reference: {
      file: "known-flaky.md",
      readWhen: "a test fails, before you investigate it",
      keep,
      rows: rows.length,
    },
  };
}

function gotchas(profile: Profile): Section | undefined {
  if (profile.gotchas.length === 0) return undefined;
  return { id: "gotchas", title: "Gotchas", lines: bullets(profile.gotchas.map(sentence)) };
}

function toolsAndHooks(profile: Profile): Section {
  const tools = bareTools(profile);
  const lines: string[] = [];
  if (tools.length > 0) {
    lines.push(
      `- Tools: ${tools.map((t) => `${t} (${TOOL_USES[t] ?? "allowed while this skill runs"})`).join("; ")}.`,
    );
  }
  lines.push(
    "- Shell commands: only the forms shown in the `sh` blocks above are allowed while this skill runs.",
    `- With the run-tests-skill hooks installed, a guard checks every shell command while this skill runs and refuses anything outside the allowed forms; git commands that change the index or history are refused at all times. After each pytest run a hook adds a summary of the result (its kind, the counts, each failing id with its crash line): use it, and read the raw output for details.`,
  );
  if (profile.stop_gate)
    lines.push(
      "- With the hooks installed in the project, a stop gate checks before you end your turn: if a source file changed in this session has mapped tests that no pytest run covered since the change, it asks once for the exact command. A run that fails satisfies it: report the failure.",
    );
  return { id: "tools", title: "Tools and hooks", lines };
}

/** The maintainers' own sections, as written; each may move to references/ when the body grows too long. */
function notes(profile: Profile): Section[] {
  return profile.notes.map((note, i) => {
    const lines = note.text
      .replace(/\r\n/g, "\n")
      .replace(/^\n+|\n+$/g, "")
      .split("\n");
    const slug =
      note.title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "") || `note-${i + 1}`;
    return {
      id: `note-${i + 1}`,
      title: note.title,
      lines,
      reference: {
        file: `notes-${slug}.md`,
        readWhen: `you need the notes on ${note.title.toLowerCase()}`,
        rows: 0,
      },
    };
  });
}

/** All sections in order; absent ones (no data) are skipped. */
export function bodySections(profile: Profile): { intro: string[]; sections: Section[] } {
  const sections = [
    parseRequest(profile),
    buildCommandSection(profile),
    sandboxSection(profile),
    preflight(profile),
    runAndReport(profile),
    layout(profile),
    mapping(profile),
    quickChecks(profile),
    knownFlaky(profile),
    gotchas(profile),
    ...notes(profile),
    toolsAndHooks(profile),
  ].filter((s): s is Section => s !== undefined);
  return { intro: intro(profile), sections };
}
