// The report hook's view of the working tree, on a real git repository in a temp dir.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { snapshotTree } from "../../hooks/results/git.ts";
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

  it("outside a repository: no changes, no fingerprint", async () => {
    const dir = tempDir("rts-nogit-");
    expect(await snapshotTree(dir)).toEqual({ changed: [], fingerprint: null });
  });
});
