// The report hook's view of the working tree, on a real git repository in a temp dir.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { snapshotTree } from "../../hooks/core/git/status.ts";
import { cleanupTempDirs, tempDir } from "./helpers.ts";

afterAll(cleanupTempDirs);

async function repoWithCommit(): Promise<string> {
  const dir = tempDir("rts-git-");
  const git = (...args: string[]) => execa("git", args, { cwd: dir });
  await git("init", "-q", ".");
  await git("config", "user.email", "test@example.invalid");
  await git("config", "user.name", "test");
  writeFileSync(join(dir, "a.py"), "x = 1\n");
  await git("add", "a.py");
  await git("commit", "-q", "-m", "init");
  return dir;
}

function indexState(dir: string): { mtimeNs: bigint; sha: string } {
  const file = join(dir, ".git", "index");
  return {
    mtimeNs: statSync(file, { bigint: true }).mtimeNs,
    sha: createHash("sha256").update(readFileSync(file)).digest("hex"),
  };
}

describe("snapshotTree", () => {
  it("never rewrites .git/index, even when its stat data is stale (a concurrent commit keeps its lock)", async () => {
    const dir = await repoWithCommit();
    // Same content, another mtime: a locking `git status` would refresh this entry and rewrite the index.
    const past = new Date("2020-01-01T00:00:00Z");
    utimesSync(join(dir, "a.py"), past, past);
    const before = indexState(dir);

    const snapshot = await snapshotTree(dir);
    expect(snapshot.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(snapshot.changed).toEqual([]);
    expect(indexState(dir)).toEqual(before);
    expect(existsSync(join(dir, ".git", "index.lock"))).toBe(false);

    // Control: the situation is real, a plain `git status` does rewrite the index here.
    await execa("git", ["status", "--porcelain"], { cwd: dir, env: { GIT_OPTIONAL_LOCKS: "1" } });
    expect(indexState(dir).sha).not.toBe(before.sha);
  });

  it("lists changed and untracked files, and the fingerprint follows an edit", async () => {
    const dir = await repoWithCommit();
    const clean = await snapshotTree(dir);
    writeFileSync(join(dir, "a.py"), "x = 2\n");
    writeFileSync(join(dir, "b.py"), "y = 1\n");
    const edited = await snapshotTree(dir);
    expect(edited.changed.sort()).toEqual(["a.py", "b.py"]);
    expect(edited.fingerprint).not.toBe(clean.fingerprint);
  });

  it("the fingerprint is what the tests are made of: an untracked state file does not change it, untracked code does", async () => {
    const dir = await repoWithCommit();
    const before = await snapshotTree(dir);
    // A test that keeps its state in an untracked file inside the repository (issue 17.12).
    writeFileSync(join(dir, "state.json"), '{"runs": 1}\n');
    const withState = await snapshotTree(dir);
    expect(withState.changed).toEqual(["state.json"]);
    expect(withState.fingerprint).toBe(before.fingerprint);
    writeFileSync(join(dir, "state.json"), '{"runs": 2, "last": "failed"}\n');
    expect((await snapshotTree(dir)).fingerprint).toBe(before.fingerprint);
    // New test code and pytest configuration count, untracked or not.
    writeFileSync(join(dir, "conftest.py"), "import pytest\n");
    const withConftest = await snapshotTree(dir);
    expect(withConftest.fingerprint).not.toBe(before.fingerprint);
    writeFileSync(join(dir, "tox.ini"), "[pytest]\n");
    expect((await snapshotTree(dir)).fingerprint).not.toBe(withConftest.fingerprint);
    // A tracked file counts whatever its kind.
    writeFileSync(join(dir, "data.txt"), "1\n");
    await execa("git", ["add", "data.txt"], { cwd: dir });
    const staged = await snapshotTree(dir);
    writeFileSync(join(dir, "data.txt"), "2\n");
    expect((await snapshotTree(dir)).fingerprint).not.toBe(staged.fingerprint);
  });

  it("outside a repository: no changes, no fingerprint", async () => {
    const dir = tempDir("rts-nogit-");
    expect(await snapshotTree(dir)).toEqual({ changed: [], fingerprint: null });
  });
});
