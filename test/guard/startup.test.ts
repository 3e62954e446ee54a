// What the built guard loads and how it writes, as a real process. It runs before every Bash call, so the node
// modules it pulls in are part of its cost (test/bench/guard.ts): a stream for stdout (~6 ms CPU on a pipe) or
// node:os (~1.5 ms) came back unnoticed once. And a synchronous write must still reach a reader that left the
// pipe non-blocking and full, and must not crash when the reader is gone.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Layout, makeLayout, preToolUse, runHook } from "./helpers.ts";

/** Preloaded into the guard's node: writes the built-in modules it loaded to $PROBE_OUT at exit. */
const PROBE = `process.on("exit", () => require("node:fs").writeFileSync(process.env.PROBE_OUT, JSON.stringify(process.moduleLoadList)));`;

/** Runs `argv` with stdout on a pipe set non-blocking and filled to the brim first, then reads it all:
 *  prints the filler's length, the exit code and what came after the filler. */
const FULL_PIPE = `
import fcntl, os, subprocess, sys
r, w = os.pipe()
fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)
filled = 0
try:
    while True:
        filled += os.write(w, b"x" * 4096)
except BlockingIOError:
    pass
child = subprocess.Popen(sys.argv[2:], stdin=open(sys.argv[1], "rb"), stdout=w)
os.close(w)
data = b""
while True:
    chunk = os.read(r, 65536)
    if not chunk:
        break
    data += chunk
print(filled, child.wait(), data[filled:].decode())
`;

/** Runs `argv` with stdout on a pipe whose reader is already gone. */
const GONE_READER = `
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
child = subprocess.run(sys.argv[2:], stdin=open(sys.argv[1], "rb"), stdout=w, stderr=subprocess.PIPE)
print(child.returncode, repr(child.stderr.decode()))
`;

describe("the built guard as a process", () => {
  let layout: Layout;
  let guard: string;
  const inputFile = (name: string, command: string) => {
    const file = join(layout.root, `${name}.json`);
    writeFileSync(file, preToolUse(command));
    return file;
  };
  beforeAll(async () => {
    layout = await makeLayout();
    guard = join(layout.binDir, "guard.cjs");
    writeFileSync(join(layout.root, "probe.cjs"), PROBE);
    // The first call compiles and leaves the code cache; the calls measured here are the usual ones.
    await runHook(layout, "guard", preToolUse("git status"));
  });
  afterAll(() => layout.cleanup());

  const loadedBy = async (command: string) => {
    const out = join(layout.root, "modules.json");
    const run = await execa("node", ["--require", join(layout.root, "probe.cjs"), guard], {
      input: preToolUse(command),
      env: { CLAUDE_PROJECT_DIR: layout.project, PROBE_OUT: out },
      reject: false,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    return { stdout: String(run.stdout), modules: JSON.parse(readFileSync(out, "utf8")) as string[] };
  };

  it.each([
    ["an allowed command", "git status", ""],
    ["a denied command", "git add .", '"permissionDecision":"deny"'],
    ["a pytest line", "python -m pytest tests/test_local.py -x --tb=short 2>&1", ""],
  ])("%s loads no stream, no node:os and no zlib", async (_name, command, expected) => {
    const { stdout, modules } = await loadedBy(command);
    if (expected) expect(stdout).toContain(expected);
    else expect(stdout).toBe("");
    for (const module of ["NativeModule stream", "NativeModule net", "NativeModule os", "NativeModule zlib"])
      expect(modules).not.toContain(module);
  });

  it("a deny reaches a reader that left stdout non-blocking and full (the rest goes through the stream)", async () => {
    const run = await execa("python3", ["-c", FULL_PIPE, inputFile("deny", "git add ."), "node", guard], {
      env: { CLAUDE_PROJECT_DIR: layout.project },
    });
    const [filled, code, ...rest] = String(run.stdout).split(" ");
    expect(Number(filled)).toBeGreaterThan(0);
    expect(code).toBe("0");
    const json = JSON.parse(rest.join(" ")) as { hookSpecificOutput: { permissionDecision: string } };
    expect(json.hookSpecificOutput.permissionDecision).toBe("deny");
  });

  it("a deny to a reader that is gone ends quietly, exit 0", async () => {
    const run = await execa("python3", ["-c", GONE_READER, inputFile("gone", "git add ."), "node", guard], {
      env: { CLAUDE_PROJECT_DIR: layout.project },
    });
    expect(String(run.stdout).trim()).toBe("0 ''");
  });
});
