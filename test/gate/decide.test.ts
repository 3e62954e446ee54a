// The stop gate's decision (hooks/gate/decide.ts), table-driven: the agent's changes in the session, the
// mapping, and what the ledger's runs covered since each change.
import { describe, expect, it } from "vitest";
import { loadProfile } from "../../hooks/core/profile/load.ts";
import type { Profile } from "../../hooks/core/profile/schema.ts";
import { decide, type GateInput, quickCheck } from "../../hooks/gate/decide.ts";
import type { CoverageEntry } from "../../hooks/results/coverage.ts";
import { buildCommand } from "../../skills/generator/body.ts";

function profile(name: string): Profile {
  const loaded = loadProfile(name);
  if (!loaded.ok) throw new Error(name);
  return loaded.profile;
}
const tractor = profile("tractor");
const generic = profile("generic");

const CHANGED_AT = Date.parse("2026-12-01T10:00:00.000Z");
const BEFORE = "2026-12-01T09:59:00.000Z";
const AFTER = "2026-12-01T10:01:00.000Z";

/** The agent changed these paths (its tools or commands). */
const edited = (...changed: string[]) => ({ changed });
const run = (scope: string[] | undefined, extra: Partial<CoverageEntry> = {}): CoverageEntry => ({
  t: AFTER,
  start: AFTER,
  class: "pass",
  ...(scope ? { scope } : {}),
  ...extra,
});

function input(over: Partial<GateInput>): GateInput {
  return {
    profile: tractor,
    stopHookActive: false,
    changed: [],
    lastChange: () => CHANGED_AT,
    testFiles: () => ["tests/test_local.py", "tests/test_clustering.py", "tests/ipc/test_chan.py"],
    ledger: [],
    ...over,
  };
}

const IPC = ["tests/ipc/", "tests/test_2way.py"];
const chanEdited = edited("tractor/ipc/_chan.py");

interface Case {
  name: string;
  over: Partial<GateInput>;
  /** null: no block; otherwise the test paths the command must name, in order. */
  command: string[] | null;
  reason?: RegExp;
}

const cases: Case[] = [
  { name: "no change", over: {}, command: null },
  {
    name: "a mapped change, no run",
    over: chanEdited,
    command: IPC,
    reason: /tractor\/ipc\/_chan\.py: mapped to tests\/ipc\/, tests\/test_2way\.py/,
  },
  { name: "a run of both after the change", over: { ...chanEdited, ledger: [run(IPC)] }, command: null },
  {
    name: "the same run, written the way pytest gets it",
    over: { ...chanEdited, ledger: [run(["tests/ipc", "tests/test_2way.py"])] },
    command: null,
  },
  {
    name: "it ran and failed: a failure does not block",
    over: { ...chanEdited, ledger: [run(IPC, { class: "real-failure" })] },
    command: null,
  },
  {
    name: "collection error counts as ran",
    over: { ...chanEdited, ledger: [run(IPC, { class: "collection-error" })] },
    command: null,
  },
  {
    name: "the run was before the change",
    over: { ...chanEdited, ledger: [run(IPC, { t: BEFORE, start: BEFORE })] },
    command: IPC,
  },
  {
    name: "a run started before the change and classified after it",
    over: { ...chanEdited, ledger: [run(IPC, { t: AFTER, start: BEFORE })] },
    command: IPC,
  },
  {
    name: "an interrupted run",
    over: { ...chanEdited, ledger: [run(IPC, { class: "interrupted" })] },
    command: IPC,
  },
  { name: "the whole suite from the root", over: { ...chanEdited, ledger: [run(["."])] }, command: null },
  { name: "the tests folder", over: { ...chanEdited, ledger: [run(["tests"])] }, command: null },
  {
    name: "a line from before the ledger knew scopes",
    over: { ...chanEdited, ledger: [run(undefined)] },
    command: IPC,
  },
  {
    name: "partly: one file of the mapped folder",
    over: { ...chanEdited, ledger: [run(["tests/ipc/test_chan.py", "tests/test_2way.py"])] },
    command: ["tests/ipc/"],
    reason: /selected only part of tests\/ipc\//,
  },
  {
    name: "partly: a node id of a mapped file",
    over: { ...chanEdited, ledger: [run(["tests/ipc", "tests/test_2way.py::test_basic_1way"])] },
    command: ["tests/test_2way.py"],
    reason: /selected only part of tests\/test_2way\.py/,
  },
  {
    name: "partly: narrowed with -k",
    over: { ...chanEdited, ledger: [run(IPC, { narrowed: true })] },
    command: IPC,
    reason: /only part/,
  },
  {
    name: "partly: two runs cover the two halves",
    over: { ...chanEdited, ledger: [run(["tests/ipc"]), run(["tests/test_2way.py"])] },
    command: null,
  },
  {
    name: "stop_hook_active: never twice in a stop cycle",
    over: { ...chanEdited, stopHookActive: true },
    command: null,
  },
  {
    name: "docs only",
    over: edited("docs/README.rst", "tractor/ipc/README.md"),
    command: null,
  },
  {
    name: "tests only",
    over: edited("tests/test_rpc.py", "tests/conftest.py"),
    command: null,
  },
  {
    name: "outside the mapped roots",
    over: edited("examples/debugging/root_actor_error.py", "setup.py"),
    command: null,
  },
  {
    name: "a deleted source",
    over: edited("tractor/msg/types.py"),
    command: ["tests/msg/"],
  },
  {
    name: "a rename (old deleted, new untracked): both sides' tests",
    over: edited("tractor/ipc/_chan.py", "tractor/msg/_chan.py"),
    command: [...IPC, "tests/msg/"],
  },
  {
    name: "a rename whose new side was tested, old side not",
    over: {
      ...edited("tractor/ipc/_chan.py", "tractor/msg/_chan.py"),
      ledger: [run(["tests/msg"])],
    },
    command: IPC,
  },
  {
    name: "a committed change of the agent's (it stays in the record)",
    over: edited("tractor/_exceptions.py"),
    command: ["tests/test_remote_exc_relay.py", "tests/test_inter_peer_cancellation.py"],
  },
  {
    name: "two files, one row: the command names each path once",
    over: edited("tractor/ipc/_chan.py", "tractor/ipc/_server.py"),
    command: IPC,
  },
  {
    name: "no row: named after the module",
    over: edited("tractor/trionics/_clustering.py"),
    command: ["tests/test_clustering.py"],
  },
  {
    name: "nothing found: the quick check",
    over: edited("tractor/log.py"),
    command: [],
    reason:
      /tractor\/log\.py: no mapping row, no test named after it[\s\S]*quick check:\npython -c "import tractor"\npython -m pytest tests\/ --co -qq/,
  },
  {
    name: "nothing found, then any run since the change",
    over: { ...edited("tractor/log.py"), ledger: [run(["tests"], { narrowed: true })] },
    command: null,
  },
];

describe("decide", () => {
  it.each(cases)("$name", ({ over, command, reason }) => {
    const d = decide(input(over));
    if (command === null) {
      expect(d.block, d.block ? d.reason : d.why).toBe(false);
      return;
    }
    expect(d.block).toBe(true);
    if (!d.block) return;
    expect(d.command).toBe(command.length > 0 ? buildCommand(tractor, command) : "");
    if (command.length > 0) expect(d.reason).toContain(`\n${buildCommand(tractor, command)}\n`);
    if (reason) expect(d.reason).toMatch(reason);
    expect(d.reason).toMatch(/^run-tests-skill stop gate: /);
    expect(d.reason).toContain("A run that fails satisfies this check too");
  });

  it("never lists the test tree when every changed file has a row", () => {
    let asked = 0;
    decide(input({ ...chanEdited, testFiles: () => [String(asked++)] }));
    expect(asked).toBe(0);
  });

  it("the command is the skill's own form: the profile's runner and default flags", () => {
    const d = decide(input(chanEdited));
    expect(d.block && d.command).toBe(
      `${tractor.runner.base} tests/ipc/ tests/test_2way.py ${tractor.runner.default_flags.map((f) => f.flag).join(" ")}`,
    );
  });
});

describe("quickCheck", () => {
  it("tractor: its first quick check, both lines", () => {
    expect(quickCheck(tractor)).toEqual(['python -c "import tractor"', "python -m pytest tests/ --co -qq"]);
  });
  it("generic: not the --lf rerun, not the background run: the tests folder with the runner", () => {
    expect(quickCheck(generic)).toEqual([buildCommand(generic, ["tests"])]);
  });
});

describe("a subproject (--subproject): paths are the package's own, runs are repo-relative", () => {
  const sub = (over: Partial<GateInput>) =>
    input({
      profile: generic,
      within: "packages/app",
      testFiles: () => ["tests/test_core.py", "tests/test_utils/test_a.py"],
      ...over,
    });
  it("the package's own test, named after the module, in the package's own form", () => {
    const d = decide(sub(edited("app/core.py")));
    expect(d.block && d.command).toBe(buildCommand(generic, ["tests/test_core.py"]));
  });
  it("a run of the package's test from the repo root (repo-relative scope) covers it", () => {
    const d = decide(sub({ ...edited("app/core.py"), ledger: [run(["packages/app/tests/test_core.py"])] }));
    expect(d.block, d.block ? d.reason : d.why).toBe(false);
  });
  it("a run of another package's tests of the same name does not", () => {
    const d = decide(sub({ ...edited("app/core.py"), ledger: [run(["packages/lib/tests/test_core.py"])] }));
    expect(d.block).toBe(true);
  });
  it("a test_<name>/ folder for <name>.py", () => {
    const d = decide(sub(edited("app/utils.py")));
    expect(d.block && d.command).toBe(buildCommand(generic, ["tests/test_utils/"]));
    const covered = decide(
      sub({ ...edited("app/utils.py"), ledger: [run(["packages/app/tests/test_utils"])] }),
    );
    expect(covered.block).toBe(false);
  });
});
