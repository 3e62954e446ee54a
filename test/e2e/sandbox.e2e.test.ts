// Layer 2 in the real Claude Code: `init --sandbox` turns on the Bash sandbox (bubblewrap) with `.git`
// read-only. Commands the guard cannot see into (a committed script, a Makefile target, a shell script file)
// get past the guard and are stopped by the barrier; read-only git and pytest keep working and the report
// still classifies the run. Skipped, visibly, where bubblewrap or socat is missing (.ci/run installs both).
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { onPath } from "../../bin/install/sandbox.ts";
import { barrierDenyWrite } from "../../hooks/runtime/sandbox-layer.ts";
import { expectHookRan, expectHooksHealthy, GIT_REASON, HOOK_DENY } from "./checks.ts";
import { E2E_DISABLED, e2eDescribe } from "./gate.ts";
import { bashResult, bashScript, CLI, contextFor, SAMPLE_PROFILE, Scenario } from "./harness.ts";

/** A committed script that writes .git/HEAD and then commits through a subprocess. */
const HIJACK_PY = [
  "import pathlib, subprocess, sys",
  "",
  "failed = 0",
  "try:",
  '    pathlib.Path(".git/HEAD").write_text("ref: refs/heads/hijacked\\n")',
  "except OSError as error:",
  '    print(f"HEAD not written: {error}")',
  "    failed = 1",
  'done = subprocess.run(["git", "commit", "--allow-empty", "-q", "-m", "from a script"])',
  "sys.exit(failed or done.returncode)",
  "",
].join("\n");

const FILES: Record<string, string> = {
  "scripts/hijack.py": HIJACK_PY,
  "scripts/hijack.sh": [
    "#!/bin/sh",
    "status=0",
    "git rev-parse HEAD > .git/refs/heads/evil || status=1",
    "git add -A || status=1",
    'exit "$status"',
    "",
  ].join("\n"),
  Makefile: "hijack:\n\tgit commit --allow-empty -q -m via-make\n",
  "tests/test_tmp.py": [
    "def test_writes_in_tmp_path(tmp_path):",
    '    (tmp_path / "out.txt").write_text("ok")',
    '    assert (tmp_path / "out.txt").read_text() == "ok"',
    "",
  ].join("\n"),
};

/** Guard-invisible spellings of a git mutation: only the barrier can stop them. */
const EVASIONS = ["python scripts/hijack.py", "make hijack", "sh scripts/hijack.sh"];
const PYTEST = "python -m pytest tests/test_tmp.py -q";

const missingTools = ["bwrap", "socat"].filter((t) => !onPath(t, process.env.PATH));

/** Gated twice: the suite switch, then the sandbox's tools (a visible skip naming what is missing). */
function sandboxDescribe(name: string, fn: () => void): void {
  if (!E2E_DISABLED && process.platform === "linux" && missingTools.length > 0)
    describe.skip(
      `${name} [SKIPPED: ${missingTools.join(" and ")} not installed; apt-get install -y bubblewrap socat]`,
      fn,
    );
  else e2eDescribe(name, fn);
}

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

sandboxDescribe("installed with init --sandbox", () => {
  it("script, Makefile and shell-file git mutations fail inside the sandbox; git status and pytest work", async () => {
    const s = await Scenario.create({
      files: FILES,
      install: {
        kind: "custom",
        async setup(project, scratch) {
          const profile = join(scratch, "profile.yaml");
          writeFileSync(profile, SAMPLE_PROFILE);
          const r = await execa("node", [CLI, "init", project, "--profile", profile, "--sandbox"], {
            cwd: project,
            reject: false,
            stdin: "ignore",
            env: { HOME: join(scratch, "home") }, // the scenario's user settings are the ones judged
          });
          if (r.exitCode !== 0)
            throw new Error(`init --sandbox failed (exit ${r.exitCode}):\n${r.stdout}\n${r.stderr}`);
        },
      },
    });
    scenario = s;
    await s.git(["add", "-A"]);
    await s.git(["commit", "-q", "-m", "install run-tests-skill with the sandbox"]);
    const settings = JSON.parse(s.readProjectFile(".claude/settings.json")) as { sandbox?: unknown };
    // The barrier, and the generic profile's allowances beside it (bin/install/sandbox-allowances.ts); /tmp
    // is not opened here because this scenario's HOME (with ~/.claude) lies under it.
    expect(settings.sandbox).toEqual({
      enabled: true,
      failIfUnavailable: true,
      allowUnsandboxedCommands: false,
      filesystem: {
        denyWrite: [
          ".claude/run-tests-skill",
          ".claude/settings.json",
          ".claude/settings.local.json",
          ".claude/skills",
          ".git",
        ],
      },
      network: { allowAllUnixSockets: true, allowLocalBinding: true },
    });
    const before = await s.gitState();
    const headFile = readFileSync(join(s.project, ".git", "HEAD"), "utf8");

    const commands = [...EVASIONS, "git commit --allow-empty -m direct", "git status", PYTEST];
    const run = await s.run(
      "try to commit, then check the tests",
      [...bashScript(...commands), { text: "done" }],
      {
        allowedTools: "Bash",
        timeoutMs: 150_000,
      },
    );
    expect(run.exitCode, run.stderr).toBe(0);

    for (const command of EVASIONS) {
      const result = bashResult(run.last, command);
      // The guard let it through (it cannot see inside), so the failure is the barrier's.
      expect(result.text.startsWith(HOOK_DENY), `${command} reached the guard's deny: ${result.text}`).toBe(
        false,
      );
      expect(result.isError, `${command}: ${result.text}`).toBe(true);
      expect(result.text, command).toMatch(/Read-only file system/);
    }
    // The guard still denies what it can see, and its reason now says the barrier is there too.
    const direct = bashResult(run.last, "git commit --allow-empty -m direct");
    expect(direct.text.startsWith(HOOK_DENY), direct.text).toBe(true);
    expect(direct.text).toMatch(GIT_REASON);
    expect(direct.text).toContain("Bash sandbox makes .git read-only");

    // Nothing happened to the repository.
    expect(await s.gitState()).toEqual(before);
    expect(readFileSync(join(s.project, ".git", "HEAD"), "utf8")).toBe(headFile);
    expect(existsSync(join(s.project, ".git", "refs", "heads", "evil"))).toBe(false);
    expect(await s.git(["log", "--format=%s"])).toBe(
      "install run-tests-skill with the sandbox\nsample project",
    );

    // Read-only git and pytest (tmp_path) work inside the sandbox, and the report still classifies the run.
    const status = bashResult(run.last, "git status");
    expect(status.isError, status.text).toBe(false);
    expect(status.text).toContain("On branch main");
    const pytest = bashResult(run.last, PYTEST);
    expect(pytest.isError, pytest.text).toBe(false);
    expect(pytest.text).toMatch(/\b1 passed\b/);
    const context = contextFor(run.last, pytest.toolUseId, "PostToolUse");
    expect(context, "classification after the sandboxed pytest run").toBeDefined();
    expect(context).toMatch(/\bpass\b/);
    expectHookRan(run, "PreToolUse");
    expectHookRan(run, "PostToolUse");
    expectHooksHealthy(run);
  });
});

/** What ordinary suites do that the bare sandbox refused (measured in Claude Code 2.1.332): each must pass. */
const SUITE_NEEDS_PY = [
  "import multiprocessing, os, socket, tempfile",
  "",
  "",
  "def test_tcp_loopback_bind_and_connect():",
  "    server = socket.socket()",
  '    server.bind(("127.0.0.1", 0))',
  "    server.listen(1)",
  "    client = socket.create_connection(server.getsockname())",
  "    peer, _ = server.accept()",
  '    client.sendall(b"ping")',
  '    assert peer.recv(4) == b"ping"',
  "",
  "",
  "def test_udp_loopback():",
  "    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
  '    receiver.bind(("127.0.0.1", 0))',
  "    sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
  '    sender.sendto(b"x", receiver.getsockname())',
  '    assert receiver.recv(1) == b"x"',
  "",
  "",
  "def serve_unix_socket(folder):",
  '    path = os.path.join(folder, f"rts-{os.getpid()}.sock")',
  "    server = socket.socket(socket.AF_UNIX)",
  "    server.bind(path)",
  "    server.listen(1)",
  "    client = socket.socket(socket.AF_UNIX)",
  "    client.connect(path)",
  "    peer, _ = server.accept()",
  '    client.sendall(b"hi")',
  '    assert peer.recv(2) == b"hi"',
  "    os.unlink(path)",
  "",
  "",
  "def test_unix_socket_in_the_temp_dir():",
  "    serve_unix_socket(tempfile.gettempdir())",
  "",
  "",
  "def test_unix_socket_in_tmp():",
  '    serve_unix_socket("/tmp")',
  "",
  "",
  "def test_write_in_tmp():",
  '    path = f"/tmp/rts-{os.getpid()}.dump"',
  '    with open(path, "w") as out:',
  '        out.write("dump")',
  "    os.unlink(path)",
  "",
  "",
  "def child(queue):",
  "    queue.put(os.getpid())",
  "",
  "",
  "def test_multiprocessing_child():",
  '    context = multiprocessing.get_context("spawn")',
  "    queue = context.Queue()",
  "    process = context.Process(target=child, args=(queue,))",
  "    process.start()",
  "    assert queue.get(timeout=60) != os.getpid()",
  "    process.join(60)",
  "    assert process.exitcode == 0",
  "",
].join("\n");

const HOME_CACHE_PY = [
  "import os",
  "",
  "",
  "def test_writes_under_home_cache():",
  '    folder = os.path.expanduser("~/.cache/rts-e2e")',
  "    os.makedirs(folder, exist_ok=True)",
  '    with open(os.path.join(folder, "state"), "w") as out:',
  '        out.write("x")',
  "",
].join("\n");

const NEEDS_RUN = "python -m pytest tests/test_suite_needs.py -v";
const HOME_RUN = "python -m pytest tests/test_home_cache.py -q";

sandboxDescribe("an ordinary suite inside init --sandbox", () => {
  it("loopback TCP/UDP, unix sockets in the temp dir and /tmp, /tmp writes, multiprocessing pass; ~/.cache fails", async () => {
    // HOME outside /tmp: the generic allowances open /tmp, and home must stay closed.
    let initOutput = "";
    const s = await Scenario.create({
      scratchRoot: "/var/tmp",
      files: { "tests/test_suite_needs.py": SUITE_NEEDS_PY, "tests/test_home_cache.py": HOME_CACHE_PY },
      install: {
        kind: "custom",
        async setup(project, scratch) {
          const profile = join(scratch, "profile.yaml");
          // A core subset for the trial init runs before the barrier goes on.
          const core = `quick_checks:\n  - title: Core subset\n    run: ["python -m pytest tests/test_suite_needs.py tests/test_home_cache.py -x -q"]\n`;
          writeFileSync(profile, `${SAMPLE_PROFILE}${core}`);
          const r = await execa("node", [CLI, "init", project, "--profile", profile, "--sandbox"], {
            cwd: project,
            reject: false,
            stdin: "ignore",
            env: { HOME: join(scratch, "home") },
          });
          if (r.exitCode !== 0)
            throw new Error(`init --sandbox failed (exit ${r.exitCode}):\n${r.stdout}\n${r.stderr}`);
          initOutput = r.stdout;
        },
      },
    });
    scenario = s;
    // The trial named the one test that fails only inside, with the allowance; the others pass inside too.
    expect(initOutput).toMatch(/sandbox trial: 1 failure\(s\) only inside the sandbox/);
    expect(initOutput).toMatch(
      /tests\/test_home_cache\.py::test_writes_under_home_cache: .*Read-only file system.* -> add \S+\/home\/\.cache to sandbox\.write/,
    );
    // The trial's outside run wrote there; the sandboxed run below must not.
    rmSync(join(s.home, ".cache", "rts-e2e"), { recursive: true, force: true });
    const installed = JSON.parse(s.readProjectFile(".claude/settings.json")) as {
      sandbox: { filesystem: unknown; network: unknown };
    };
    // The barrier (the protected set and .git) and the suite's allowance beside it.
    expect(installed.sandbox.filesystem).toEqual({
      denyWrite: barrierDenyWrite(s.project),
      allowWrite: ["/tmp"],
    });
    expect(installed.sandbox.network).toEqual({ allowAllUnixSockets: true, allowLocalBinding: true });
    const run = await s.run("run the tests", [...bashScript(NEEDS_RUN, HOME_RUN), { text: "done" }], {
      allowedTools: "Bash",
      timeoutMs: 150_000,
    });
    expect(run.exitCode, run.stderr).toBe(0);

    const needs = bashResult(run.last, NEEDS_RUN);
    expect(needs.isError, needs.text).toBe(false);
    expect(needs.text).toMatch(/\b6 passed\b/);
    const needsContext = contextFor(run.last, needs.toolUseId, "PostToolUse");
    expect(needsContext, "classification after the sandboxed run").toMatch(/\bpass\b/);

    const home = bashResult(run.last, HOME_RUN);
    expect(home.isError, home.text).toBe(true);
    expect(home.text).toMatch(/\b1 failed\b/);
    expect(home.text).toMatch(/Read-only file system/);
    const homeContext = contextFor(run.last, home.toolUseId, "PostToolUseFailure");
    expect(homeContext, "classification after the failing run").toMatch(/test_writes_under_home_cache/);
    // The sandbox refused the write: the environment, not the code, and the next step names the sandbox.
    expect(homeContext).toMatch(/environment-error/);
    expect(homeContext).toMatch(/sandbox/);
    expect(existsSync(join(s.home, ".cache", "rts-e2e"))).toBe(false);
    expectHooksHealthy(run);
  });
});
