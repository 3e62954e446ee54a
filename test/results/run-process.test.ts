// hooks/core/run-process.ts, the hooks' one way to run a program: real child processes, every way one can
// end (clean, non-zero, missing, killed at the deadline, flooding its output), and it never rejects.
import { describe, expect, it } from "vitest";
import { runProcess } from "../../hooks/core/run-process.ts";

const node = process.execPath;

describe("runProcess", () => {
  it("collects stdout and stderr of a clean exit", async () => {
    const r = await runProcess(node, ["-e", "process.stdout.write('out'); process.stderr.write('err')"], {
      timeoutMs: 30_000,
    });
    expect(r).toEqual({
      exitCode: 0,
      stdout: "out",
      stderr: "err",
      failed: false,
      missing: false,
      timedOut: false,
    });
  });

  it("passes cwd and the given environment only", async () => {
    const r = await runProcess(
      node,
      ["-e", "process.stdout.write(process.cwd() + '|' + process.env.RTS_X)"],
      {
        cwd: "/",
        env: { PATH: process.env.PATH, RTS_X: "yes" },
        timeoutMs: 30_000,
      },
    );
    expect(r.stdout).toBe("/|yes");
  });

  it("a non-zero exit is failed, with its code", async () => {
    const r = await runProcess(node, ["-e", "process.exit(3)"], { timeoutMs: 30_000 });
    expect(r).toMatchObject({ exitCode: 3, failed: true, missing: false, timedOut: false });
  });

  it("a missing program is reported, not thrown", async () => {
    const r = await runProcess("rts-no-such-program-here", [], { timeoutMs: 30_000 });
    expect(r).toMatchObject({ exitCode: undefined, failed: true, missing: true });
  });

  it("a program past its deadline is killed and marked timed out", async () => {
    // The child announces itself, then waits forever: the deadline, not the child, ends it.
    const r = await runProcess(node, ["-e", "console.log('started'); setInterval(() => {}, 1000)"], {
      timeoutMs: 1500,
    });
    expect(r).toMatchObject({ exitCode: undefined, failed: true, timedOut: true });
  });

  it("output past maxBuffer stops the program and is failed", async () => {
    const r = await runProcess(node, ["-e", "for (;;) process.stdout.write('x'.repeat(65536))"], {
      timeoutMs: 30_000,
      maxBuffer: 100_000,
    });
    expect(r.failed).toBe(true);
    expect(r.timedOut).toBe(false);
    expect(r.stdout.length).toBeLessThanOrEqual(100_000);
  });
});
