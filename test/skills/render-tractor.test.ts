// The tractor SKILL.md, section by section: every fact the hand-written seed taught is there (with the
// deliberate fixes of skills/profiles/CHANGES.md), rendered from the profile.
import { beforeAll, describe, expect, it } from "vitest";
import { loadProfile } from "../../hooks/core/profile/load.ts";
import type { Profile } from "../../hooks/core/profile/schema.ts";
import { renderSkill } from "../../skills/generator/render.ts";
import { bodyCommands, codeFences } from "../../skills/validator/commands.ts";
import { section } from "./helpers.ts";

let profile: Profile;
let skill: string;
let body: string;

beforeAll(() => {
  const loaded = loadProfile("tractor");
  if (!loaded.ok) throw new Error("tractor profile does not load");
  profile = loaded.profile;
  const files = renderSkill(profile, { format: "claude-code", profileLabel: "skills/profiles/tractor.yaml" });
  skill = files.get("SKILL.md") ?? "";
  body = skill.slice(skill.indexOf("\n---\n") + 5);
});

/** Every command of the sh blocks in a piece of Markdown. */
function commandsIn(markdown: string): string[] {
  return bodyCommands(codeFences(markdown)).map((c) => c.written);
}

describe("frontmatter and marker", () => {
  it("has the four Claude Code keys, double-quoted, and the generated marker in the body", () => {
    const frontmatter = skill.slice(0, skill.indexOf("\n---\n"));
    expect(frontmatter.split("\n").map((l) => l.split(":")[0])).toEqual([
      "---",
      "name",
      "description",
      "argument-hint",
      "compatibility",
      "allowed-tools",
    ]);
    expect(frontmatter).toContain('argument-hint: "[test-path-or-pattern] [--opts]"');
    expect(frontmatter).toMatch(
      /^allowed-tools: "Bash\(python -m pytest \*\), Bash\(py\*\/bin\/python -m pytest \*\), .*, Read, Grep, Glob"$/m,
    );
    expect(body.split("\n")[0]).toBe(
      "<!-- Generated from skills/profiles/tractor.yaml by `run-tests-skill generate`; do not edit by hand. -->",
    );
    expect(frontmatter).not.toContain("Generated");
  });

  it("keeps the body under 500 lines with nothing moved to references/", () => {
    expect(body.split("\n").length).toBeLessThan(500);
    expect([...renderSkill(profile, { format: "claude-code", profileLabel: "x" }).keys()]).toEqual([
      "SKILL.md",
    ]);
  });
});

describe("1. parse the request", () => {
  let text: string;
  beforeAll(() => {
    text = section(body, "Parse the request");
  });

  it("names scope, transport (tcp by default, uds) and backend", () => {
    expect(text).toMatch(
      /\*\*Scope\*\*: the full suite, one or more files or folders, single tests .*keyword expression \(`-k`\)/,
    );
    expect(text).toContain("**`--tpt-proto`**: IPC transport to test against; `tcp` (default) or `uds`.");
    expect(text).toContain("`trio` (default), `mp_spawn` or `mp_forkserver`");
    expect(text).toMatch(/Other flags.*`--ll <level>`.*`--tpdb`/);
  });

  it("gives the seed's invocation examples with fixed paths", () => {
    for (const row of [
      "| `/run-tests` | the full suite |",
      "| `/run-tests test_local.py` | one file, tests/test_local.py |",
      "| `/run-tests test_registrar -v` | one file found by name (tests/discovery/test_registrar.py), verbose |",
      '| `/run-tests -k "cancel and not slow"` |',
      "| `/run-tests tests/ipc/ --tpt-proto uds` | one folder over the UDS transport |",
    ]) {
      expect(text).toContain(row);
    }
    expect(body).not.toContain("test_discovery");
  });
});

describe("2. build the command", () => {
  let text: string;
  beforeAll(() => {
    text = section(body, "Build the command");
  });

  it("starts from python -m pytest with -x --tb=short --no-header, and says which user flags drop them", () => {
    expect(commandsIn(text)[0]).toBe("python -m pytest");
    expect(text).toContain(
      "| `-x` | stop at the first failure | the user passes `--maxfail` or `--exitfirst` in any form;",
    );
    expect(text).toContain("| `--tb=short` | short tracebacks | the user passes `--tb` in any form |");
    expect(text).toContain("| `--no-header` | less noise before the results | never |");
  });

  it("resolves bare names under tests/, folders under tests/<dir>/, other fragments by glob", () => {
    expect(text).toContain("A bare file name such as `test_local.py` resolves under `tests/`");
    expect(text).toContain("A folder such as `ipc/` resolves to `tests/ipc/`.");
    expect(text).toContain("`tests/**/test_*<fragment>*.py`");
    expect(text).toMatch(/Glob tool finds candidate files/);
    expect(commandsIn(text)).toContain("ls tests/ tests/*/");
  });

  it("lists every project option with values, defaults, limits and requirements", () => {
    expect(text).toContain(
      "| `--tpt-proto <key>` | IPC transport to test against | `tcp`, `uds` | `tcp` | exactly one value per run;",
    );
    expect(text).toContain(
      "| `--spawn-backend <backend>` | how actors are spawned | `trio`, `mp_spawn`, `mp_forkserver` | `trio` |",
    );
    expect(text).toMatch(/\| `--ll <level>`, `--loglevel` \| console log level, e\.g\. .*debug.*runtime/);
    expect(text).toContain("| `--tl <spec>`, `--tractor-loglevel` |");
    expect(text).toMatch(
      /\| `--tpdb`, `--debug-mode` \| enable tractor's multi-process debugger \| \(switch\) \| {2}\| needs `-s` \|/,
    );
    expect(text).toContain("| `--enable-stackscope` |");
    expect(text).toMatch(/an invalid name stops the run before any test runs/);
  });

  it("lists the pytest options of the seed (-k, -v/-vv, -s) and --lf", () => {
    expect(text).toContain("| `-k <expr>` |");
    expect(text).toContain("| `-v`, `-vv` |");
    expect(text).toMatch(/\| `-s` \| no output capture \(needed by `--tpdb`\)/);
    expect(text).toContain("| `--lf` |");
    expect(text).toContain("Only these options and pytest's own are accepted");
    expect(text).not.toContain("--timeout");
  });

  it("gives the seed's common combos as commands", () => {
    expect(commandsIn(text)).toEqual(
      expect.arrayContaining([
        "python -m pytest tests/ -x --tb=short --no-header",
        "python -m pytest tests/test_local.py -x --tb=short --no-header",
        "python -m pytest tests/ -x --tb=short --no-header --tpt-proto uds",
        "python -m pytest tests/ipc/ -x --tb=short --no-header --tpt-proto uds",
        'python -m pytest tests/ -x --tb=short --no-header -k "cancel and not slow"',
        "python -m pytest tests/test_rpc.py::test_rpc_errors -x -s --tb=short --no-header --tpdb --ll debug",
      ]),
    );
  });
});

describe("3. pre-flight checks", () => {
  let text: string;
  beforeAll(() => {
    text = section(body, "Pre-flight checks");
  });

  it("detects a worktree and checks where tractor is imported from", () => {
    const commands = commandsIn(text);
    expect(commands).toContain("git rev-parse --git-dir --git-common-dir");
    expect(commands).toContain('python -c "import tractor; print(tractor.__file__)"');
    expect(text).toMatch(/spurious AttributeError or ModuleNotFoundError/);
  });

  it("sets up a py<MINOR> venv with uv and then uses its interpreter", () => {
    const commands = commandsIn(text);
    expect(commands).toEqual(
      expect.arrayContaining([
        "python --version",
        "UV_PROJECT_ENVIRONMENT=py<MINOR> uv sync",
        "py<MINOR>/bin/python -m pytest tests/test_local.py -x --tb=short --no-header",
      ]),
    );
    expect(text).toContain("`py313` for 3.13, `py314` for 3.14; never `.venv`");
  });

  it("runs the import smoke check and the collection check without a pipe", () => {
    const commands = commandsIn(text);
    expect(commands).toContain('python -c "import tractor; print(tractor)"');
    expect(commands).toContain("python -m pytest tests/ --co -qq");
    expect(text).toContain("Fix the import error before running any test.");
    expect(body).not.toMatch(/\|\s*tail/);
  });
});

describe("4. run and report", () => {
  let text: string;
  beforeAll(() => {
    text = section(body, "Run and report");
  });

  it("gives the timeouts and the background run", () => {
    expect(text).toContain(
      "**120000** ms (2 minutes) for one file or a few tests, and **600000** ms (10 minutes) for the full suite",
    );
    expect(text).toContain("`run_in_background: true`");
  });

  it("reruns the last failures with --lf", () => {
    expect(commandsIn(text)).toContain("python -m pytest --lf -x --tb=short --no-header");
  });

  it("shows failures and sorts them with the listed-and-signature rule", () => {
    expect(text).toContain("Show each failing test id and its short traceback");
    expect(text).toMatch(
      /\*\*Known flaky\*\*: the id is on the known-flaky list .* \*\*and\*\* its failure \(any `E` line or the exception chain\) matches one of that entry's signatures/,
    );
    expect(text).toMatch(
      /\*\*Likely flaky\*\*: the crash or its chain is timeout-shaped \(`trio\.TooSlowError`, `pexpect\.exceptions\.TIMEOUT`.*`Failed: cancel cascade hung past`\) or the test is named in a `tractor hang-snapshot index` section but no list entry matches it\. Rerun only those ids, once; .* If it fails the same way again, it is not flaky: investigate it\./,
    );
    expect(text).toMatch(
      /\*\*Real failure\*\*: anything else, including a listed test that fails with a different error/,
    );
    expect(text).toMatch(/point out the likely cause and suggest a fix/);
    expect(commandsIn(text)).toContain("python -m pytest <ID> -x --tb=short --no-header");
  });

  it("never auto-commits: fixes stay unstaged, the user drives git add and commit, /commit-msg is optional", () => {
    expect(text).toContain("**Never auto-commit.**");
    expect(text).toMatch(/leave the change unstaged/);
    expect(text).toMatch(/The user drives every `git add` and `git commit`/);
    expect(commandsIn(text)).toEqual(expect.arrayContaining(["git status --short", "git diff --stat"]));
    expect(text).toMatch(
      /a commit-message skill such as `\/commit-msg` \(inline or in a separate session\), if they have one; it is optional/,
    );
  });

  it("reports counts on success", () => {
    expect(text).toMatch(/### On success\n\n- Report the counts .*passed, failed, skipped/);
  });

  it("carries the project hints", () => {
    expect(text).toMatch(/registry port 1616/);
    expect(text).toMatch(/64 KB capture pipe/);
  });
});

describe("5-7. layout, mapping, quick checks", () => {
  it("lists the test layout with the moved discovery tests", () => {
    const text = section(body, "Test layout");
    for (const path of [
      "tests/conftest.py",
      "tests/devx/",
      "tests/discovery/",
      "tests/ipc/",
      "tests/msg/",
      "tests/test_local.py",
      "tests/test_rpc.py",
      "tests/test_spawning.py",
      "tests/test_cancellation.py",
      "tests/test_context_stream_semantics.py",
      "tests/test_inter_peer_cancellation.py",
      "tests/test_infected_asyncio.py",
    ]) {
      expect(text).toContain(`| \`${path}\` |`);
    }
    expect(text).toMatch(/`tests\/discovery\/` \| .*test_multi_program\.py/);
  });

  it("has every mapping row of the seed, repo-relative", () => {
    const text = section(body, "Change-to-test mapping");
    const rows = [
      [
        "`tractor/runtime/_runtime.py`, `tractor/runtime/_state.py`",
        "`tests/test_local.py` `tests/test_rpc.py` `tests/test_spawning.py` `tests/test_root_runtime.py`",
      ],
      [
        "`tractor/discovery/`",
        "`tests/discovery/test_registrar.py` `tests/discovery/test_multi_program.py` `tests/test_local.py`",
      ],
      [
        "`tractor/_context.py`, `tractor/_streaming.py`",
        "`tests/test_context_stream_semantics.py` `tests/test_advanced_streaming.py`",
      ],
      ["`tractor/ipc/`", "`tests/ipc/` `tests/test_2way.py`"],
      [
        "`tractor/runtime/_portal.py`, `tractor/runtime/_rpc.py`",
        "`tests/test_rpc.py` `tests/test_cancellation.py`",
      ],
      ["`tractor/spawn/`", "`tests/test_spawning.py` `tests/discovery/test_multi_program.py`"],
      ["`tractor/devx/debug/`", "`tests/devx/test_debugger.py`"],
      ["`tractor/to_asyncio.py`", "`tests/test_infected_asyncio.py` `tests/test_root_infect_asyncio.py`"],
      ["`tractor/msg/`", "`tests/msg/`"],
      [
        "`tractor/_exceptions.py`",
        "`tests/test_remote_exc_relay.py` `tests/test_inter_peer_cancellation.py`",
      ],
      ["`tractor/runtime/_supervise.py`", "`tests/test_cancellation.py` `tests/test_spawning.py`"],
    ];
    for (const [changed, tests] of rows) expect(text).toContain(`| ${changed} | ${tests} |`);
    expect(text).toContain("| `tractor/devx/debug/` | `tests/devx/test_debugger.py` | slow |");
  });

  it("has the seed's quick checks, the full suite in the background", () => {
    const text = section(body, "Quick checks");
    expect(commandsIn(text)).toEqual([
      'python -c "import tractor"',
      "python -m pytest tests/ --co -qq",
      "python -m pytest tests/test_local.py tests/test_rpc.py tests/test_spawning.py tests/discovery/test_registrar.py -x --tb=short --no-header",
      "python -m pytest --lf -x --tb=short --no-header",
      "python -m pytest tests/ -x --tb=short --no-header -q",
    ]);
    expect(text).toMatch(
      /### Full suite in the background\n\n.*run it in the background \(`run_in_background: true`\)/,
    );
  });
});

describe("8-10. known flaky, gotchas, tools and hooks", () => {
  it("lists the four known-flaky tests with repo-relative ids and printed params", () => {
    const text = section(body, "Known flaky tests");
    expect(text).toContain(
      "| `tests/devx/test_debugger.py::test_multi_nested_subactors_error_through_nurseries` | any | `pexpect.exceptions.TIMEOUT` | debugger pexpect timing |",
    );
    expect(text).toContain(
      "| `tests/test_cancellation.py::test_cancel_via_SIGINT_other_task` | any, e.g. `[start_method=trio]` | `trio.TooSlowError` | signal handling race |",
    );
    expect(text).toContain(
      "| `tests/test_inter_peer_cancellation.py::test_peer_spawns_and_cancels_service_subactor` | any, e.g. `[None-None]`, `[None-KeyboardInterrupt]`, `[0.5-None]`, `[0.5-KeyboardInterrupt]` | `trio.TooSlowError` |",
    );
    expect(text).toContain(
      "| `tests/test_docs_examples.py::test_example` | only `[we_are_processes.py]` | `assert None == 0`, `trio.TooSlowError` |",
    );
    expect(text).toMatch(
      /\*\*and\*\* its failure \(the crash line, any other `E` line or the exception chain\) contains one of the entry's signatures\. Both are needed/,
    );
  });

  it("has the gotchas: no pipes, exactly one --tpt-proto, no --timeout, -rsx", () => {
    const text = section(body, "Gotchas");
    expect(text).toMatch(/Never pipe pytest into `tail` or `head`/);
    expect(text).toMatch(/`--tpt-proto` takes exactly one value/);
    expect(text).toMatch(/do not add `--timeout`/);
    expect(text).toMatch(/`-rsx` the short summary lists skips and xfails but no FAILED lines/);
  });

  it("names the bare tools and says the hooks enforce and summarise", () => {
    const text = section(body, "Tools and hooks");
    expect(text).toMatch(/Tools: Read \(.*\); Grep \(.*\); Glob \(.*\)\./);
    expect(text).toMatch(
      /a guard checks every shell command while this skill runs and refuses anything outside the allowed forms/,
    );
    expect(text).toMatch(/After each pytest run a hook adds a summary of the result/);
  });
});
