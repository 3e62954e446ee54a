// The one walk up (nearestAbove) and the one repo-root rule (repoRootOf), on real folders and a real git
// repository: the report's snapshot finds the repository through it, also from a symlinked folder.
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { gitEntryOf, repoRootOf } from "../../hooks/core/git/dirs.ts";
import { snapshotTree } from "../../hooks/core/git/status.ts";
import { nearestAbove } from "../../hooks/core/nearest-above.ts";

const temp = () => realpathSync(mkdtempSync(join(tmpdir(), "rts-root-")));

describe("nearestAbove", () => {
  it("returns the first answer from the folder upward, null past the root", () => {
    const top = temp();
    mkdirSync(join(top, "a", "b"), { recursive: true });
    writeFileSync(join(top, "marker"), "");
    const seen: string[] = [];
    const found = nearestAbove(join(top, "a", "b"), (dir) => {
      seen.push(dir);
      return dir === top ? "here" : null;
    });
    expect(found).toBe("here");
    expect(seen).toEqual([join(top, "a", "b"), join(top, "a"), top]);
    expect(nearestAbove(join(top, "a"), () => null)).toBeNull();
  });
});

describe("repoRootOf", () => {
  it("is the nearest folder holding .git, a folder or a file (worktree, submodule)", () => {
    const top = temp();
    mkdirSync(join(top, ".git"));
    mkdirSync(join(top, "sub", "inner", "deep"), { recursive: true });
    writeFileSync(join(top, "sub", "inner", ".git"), "gitdir: ../../.git/modules/inner\n");
    expect(repoRootOf(join(top, "sub"))).toBe(top);
    expect(repoRootOf(join(top, "sub", "inner", "deep"))).toBe(join(top, "sub", "inner"));
    expect(gitEntryOf(join(top, "sub"))).toBe(join(top, ".git"));
  });

  it("the report's snapshot finds the repository from a symlinked subfolder, as git would", async () => {
    const repo = temp();
    await execa("git", ["init", "-q", "."], { cwd: repo });
    mkdirSync(join(repo, "pkg"));
    writeFileSync(join(repo, "pkg", "m.py"), "x = 1\n");
    const outside = temp();
    const link = join(outside, "link");
    symlinkSync(join(repo, "pkg"), link);
    expect(repoRootOf(link)).toBeNull(); // the lexical walk sees no .git above the link
    const snapshot = await snapshotTree(link);
    expect(snapshot.changed).toEqual(["pkg/m.py"]); // STATUS_ARGS lists untracked files one by one
    expect(snapshot.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });
});
