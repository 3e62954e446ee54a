// The sandbox trial (bin/install/sandbox-trial.ts, bin/install/sandbox-run.ts): which quick-check commands
// it runs, what a failure only inside the sandbox is told to change, and a real run of a small pytest project
// inside bubblewrap with Claude Code's arguments and outside it.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as v from "valibot";
import { afterEach, describe, expect, it } from "vitest";
import { onPath } from "../../bin/install/sandbox.ts";
import { runSandboxed } from "../../bin/install/sandbox-run.ts";
import {
  compareRuns,
  failingTests,
  fixFor,
  runTrial,
  trialCommands,
} from "../../bin/install/sandbox-trial.ts";
import { Profile } from "../../hooks/core/profile/schema.ts";
import { gitRepo, removeDir } from "./helpers.ts";

const HAVE_BWRAP = process.platform === "linux" && onPath("bwrap", process.env.PATH);
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

function profileWith(extra: Record<string, unknown>): Profile {
  return v.parse(Profile, {
    skill: { name: "run-tests", description: "Run the tests.", argument_hint: "[path]" },
    project: { name: "demo", tests_dir: "tests" },
    runner: { base: "python3 -m pytest", timeouts: { suite_ms: 600000, file_ms: 120000 } },
    options: {},
    allowed_tools: ["Bash(python3 -m pytest *)"],
    ...extra,
  });
}

describe("trialCommands", () => {
  it("keeps collection and the core subset, drops -x, --lf and background runs, deselects incompatible tests", () => {
    const profile = profileWith({
      quick_checks: [
        { title: "collect", run: ['python3 -c "import demo"', "python3 -m pytest tests/ --co -qq"] },
        { title: "core", run: ["python3 -m pytest tests/test_a.py -x --tb=short"] },
        { title: "last", run: ["python3 -m pytest --lf -x"] },
        { title: "full", run: ["python3 -m pytest -q"], background: true },
      ],
      sandbox: { incompatible: [{ test: "tests/test_a.py::test_pid", why: "own pid namespace" }] },
    });
    expect(trialCommands(profile)).toEqual([
      "python3 -m pytest tests/ --co -qq",
      "python3 -m pytest tests/test_a.py --tb=short -rfE --deselect tests/test_a.py::test_pid",
    ]);
  });
});

describe("what a failure only inside the sandbox is told to change", () => {
  const blocked = { network: {} };
  it.each([
    ["OSError: [Errno 30] Read-only file system: '/tmp/x.dump'", "add /tmp to sandbox.write"],
    [
      "OSError: [Errno 30] Read-only file system: '/work/p/.git/HEAD'",
      "sandbox-incompatible (it writes .git)",
    ],
    ["PermissionError: [Errno 1] Operation not permitted", "sandbox.unix_sockets: true"],
    ["psutil.NoSuchProcess: process no longer exists (pid=12)", "own pid namespace"],
    ["AssertionError: 1 == 2", "no allowance known"],
  ])("%s", (failure, fix) => {
    expect(fixFor(failure, blocked)).toContain(fix);
  });

  it("a write under home opens the path, never home itself (it holds ~/.claude)", () => {
    const failure = "OSError: [Errno 30] Read-only file system: '/home/dev/.cache'";
    expect(fixFor(failure, {}, "/home/dev")).toBe(
      "add /home/dev/.cache to sandbox.write (filesystem.allowWrite)",
    );
  });

  it("names only the tests that fail inside and not outside", () => {
    const inside =
      "FAILED tests/t.py::test_a - OSError: [Errno 30] Read-only file system: '/tmp/a'\nFAILED tests/t.py::test_b - AssertionError\n";
    const outside = "FAILED tests/t.py::test_b - AssertionError\n";
    expect(failingTests(inside).size).toBe(2);
    const r = compareRuns("pytest", { exitCode: 1, output: inside }, { exitCode: 1, output: outside }, {});
    expect(r.onlyInside.map((f) => f.test)).toEqual(["tests/t.py::test_a"]);
    expect(r.commandFailures).toEqual([]);
  });
});

describe.runIf(HAVE_BWRAP)("in bubblewrap with Claude Code's arguments", () => {
  it("keeps .git read-only under an allowed /tmp, and writes /tmp only when allowed", async () => {
    const dir = await gitRepo();
    dirs.push(dir);
    const probe = [
      "sh",
      "-c",
      "touch .git/x; touch /tmp/rts-trial-probe && rm /tmp/rts-trial-probe && echo TMP-OK",
    ];
    const open = await runSandboxed(
      dir,
      { filesystem: { denyWrite: [".git"], allowWrite: ["/tmp"] } },
      probe,
    );
    expect(open.stderr).toMatch(/\.git\/x.*Read-only file system/);
    expect(open.stdout).toContain("TMP-OK");
    const closed = await runSandboxed(dir, { filesystem: { denyWrite: [".git"] } }, probe);
    expect(closed.stdout).not.toContain("TMP-OK");
  });

  it("names the test that fails only inside, with the allowance that fixes it", async () => {
    const dir = await gitRepo({
      "tests/test_t.py": [
        "import os",
        "def test_dump_in_tmp():",
        '    with open(f"/tmp/rts-trial-{os.getpid()}.dump", "w") as f: f.write("x")',
        "def test_plain():",
        "    assert True",
        "",
      ].join("\n"),
    });
    dirs.push(dir);
    writeFileSync(join(dir, "conftest.py"), "");
    const profile = profileWith({
      quick_checks: [{ title: "core", run: ["python3 -m pytest tests -x -q -p no:cacheprovider"] }],
    });
    const closed = await runTrial(dir, profile, { filesystem: { denyWrite: [".git"] } });
    expect(closed.onlyInside.map((f) => [f.test, f.fix])).toEqual([
      ["tests/test_t.py::test_dump_in_tmp", "add /tmp to sandbox.write (filesystem.allowWrite)"],
    ]);
    const opened = await runTrial(dir, profile, {
      filesystem: { denyWrite: [".git"], allowWrite: ["/tmp"] },
    });
    expect(opened.onlyInside).toEqual([]);
  }, 60_000);
});
