// The read-only git forms the guard lets through really leave a repository alone: each one runs for real in
// a throwaway repository, and refs, HEAD, the index entries, config, hooks, stash, objects and the working
// tree are compared before and after.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decide } from "../../hooks/guard/decide.ts";
import { RULE_G_DEFER } from "./corpus.ts";
import { realGitEnv } from "./helpers.ts";

const root = mkdtempSync(join(tmpdir(), "guard-real-git-"));
const repo = join(root, "repo");
const env = realGitEnv(root);
const sh = (script: string) =>
  execa("bash", ["-c", script], { cwd: repo, env, reject: false, timeout: 15_000, stdin: "ignore" });

async function snapshot(): Promise<string> {
  const r = await sh(
    [
      "cat .git/HEAD",
      "git for-each-ref --format='%(refname) %(objectname)'",
      "cat .git/packed-refs 2>/dev/null || true",
      "git ls-files -s",
      "cat .git/config",
      "ls -a .git/hooks",
      "git stash list",
      "git reflog --format='%H %gs'",
      "find .git/objects -type f | sort",
      "git status --porcelain --untracked-files=all",
    ].join("; echo ---; "),
  );
  return String(r.stdout);
}

beforeAll(async () => {
  mkdirSync(join(repo, "src"), { recursive: true });
  mkdirSync(join(repo, "tests"), { recursive: true });
  const bare = join(root, "origin.git");
  await execa("git", ["init", "-q", "--bare", bare], { env });
  await sh(
    [
      "git init -q -b main .",
      "echo 'print(1)' > x.py; echo a > a; echo b > b; echo 'y = 1' > src/x.py; echo 'def test(): pass' > tests/test_a.py",
      "printf '*.pyc\\n' > .gitignore",
      "git add -A && git commit -qm one",
      "echo 'print(2)' >> x.py && git commit -qam two",
      "git tag v1.0 && git tag -a v1.1 -m 'tag' && git branch feat-x",
      `git remote add origin ${bare} && git push -q origin main`,
      "echo dirty >> a && git stash -q",
      "echo change >> b",
    ].join(" && "),
  );
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Forms that open a manual page or a browser are left out: they do not touch the repository either, but
// they need a terminal.
const forms = RULE_G_DEFER.map((c) => c.command).filter(
  (c) =>
    /^(GIT_\w+=\S+ |LC_ALL=C )?git\b/.test(c) &&
    !/\bhelp\b|--help/.test(c) &&
    decide(c, { skillActive: false, policy: null }).decision === "defer",
);

describe("read-only git forms do not change the repository", () => {
  it("has forms to run", () => expect(forms.length).toBeGreaterThan(60));
  // Tests in a file run in order: each one compares against the snapshot the previous one left.
  let last: string | null = null;
  it.each(forms)("%j", async (command) => {
    const before = last ?? (await snapshot());
    await sh(command);
    // --output=patch.diff writes a file in the working tree (allowed); remove it before comparing.
    rmSync(join(repo, "patch.diff"), { force: true });
    last = await snapshot();
    expect(last).toBe(before);
  });
  it("and the comparison does notice a mutation", async () => {
    const before = await snapshot();
    await sh("git tag probe && git tag -d probe >/dev/null && git branch probe");
    expect(await snapshot()).not.toBe(before);
    await sh("git branch -D probe");
  });
});
