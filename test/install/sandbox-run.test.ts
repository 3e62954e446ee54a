// The sandbox runner, for real: bubblewrap through Claude Code's sandbox library. A denied path is read-only, the
// rest of the project and the scratch temp dir stay writable. Skipped, visibly, where bubblewrap is missing.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { onPath } from "../../bin/install/sandbox.ts";
import { runSandboxed, settingsPath } from "../../bin/install/sandbox-run.ts";

const bwrap = process.platform === "linux" && onPath("bwrap", process.env.PATH) !== null;
const sandboxIt = bwrap ? it : it.skip;

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("runSandboxed", () => {
  it("resolves settings paths as Claude Code does for project settings", () => {
    expect(settingsPath(".git", "/p")).toBe("/p/.git");
    expect(settingsPath("./a/b/", "/p")).toBe("/p/a/b");
    expect(settingsPath("/abs/x", "/p")).toBe("/abs/x");
  });

  it("takes `~` as $HOME, and as the account's home without $HOME (as os.homedir() does)", () => {
    const home = process.env.HOME;
    try {
      process.env.HOME = "/home/someone";
      expect(settingsPath("~/.ssh", "/p")).toBe("/home/someone/.ssh");
      expect(settingsPath("~", "/p")).toBe("/home/someone");
      delete process.env.HOME;
      expect(settingsPath("~/.ssh", "/p")).toBe(join(userInfo().homedir, ".ssh"));
    } finally {
      process.env.HOME = home;
    }
  });

  sandboxIt("denyWrite is read-only inside; the project and TMPDIR stay writable", async () => {
    dir = mkdtempSync(join(tmpdir(), "rts-run-"));
    mkdirSync(join(dir, "locked"));
    writeFileSync(join(dir, "locked", "file"), "before");
    const r = await runSandboxed(dir, { filesystem: { denyWrite: ["locked"] } }, [
      "sh",
      "-c",
      'echo x > locked/file; echo "locked=$?"; echo y > free; echo "free=$?"; touch "$TMPDIR/t"; echo "tmp=$?"',
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain("locked=");
    expect(r.stdout).not.toContain("locked=0");
    expect(r.stdout).toContain("free=0");
    expect(r.stdout).toContain("tmp=0");
    expect(r.stderr).toMatch(/Read-only file system/);
    expect(readFileSync(join(dir, "locked", "file"), "utf8")).toBe("before");
    expect(readFileSync(join(dir, "free"), "utf8")).toBe("y\n");
  });

  sandboxIt("reports the command's exit code and output", async () => {
    dir = mkdtempSync(join(tmpdir(), "rts-run-"));
    const r = await runSandboxed(dir, {}, ["sh", "-c", "echo out; echo err >&2; exit 3"]);
    expect(r).toEqual({ exitCode: 3, stdout: "out\n", stderr: "err\n" });
  });
});
