// Proof for a few families of issue 11 that the guard's denials are about real mutations and its allowances
// about real reads: each denied spelling, run for real in a fresh copy of a throwaway repository, does change
// HEAD, refs, history or git's directory; each allowed read of .git leaves them alone.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decide } from "../../hooks/guard/decide.ts";
import { realGitEnv } from "./helpers.ts";

const root = mkdtempSync(join(tmpdir(), "guard-real-families-"));
const template = join(root, "template");
const env = realGitEnv(root);
const run = (cwd: string, script: string) =>
  execa("bash", ["-c", script], { cwd, env, reject: false, timeout: 30_000, stdin: "ignore" });

/** HEAD, refs, history and every file in .git (name and content) but the index (which a read may refresh)
 *  and logs. */
async function snapshot(repo: string): Promise<string> {
  const r = await run(
    repo,
    "cat .git/HEAD; git for-each-ref --format='%(refname) %(objectname)'; git log --all --format=%H; find .git -path .git/index -prune -o -path .git/logs -prune -o -print | sort; find .git -path .git/index -prune -o -path .git/logs -prune -o -type f -print0 | sort -z | xargs -0 md5sum",
  );
  return String(r.stdout);
}

let n = 0;
function freshCopy(): string {
  const repo = join(root, `r${++n}`);
  cpSync(template, repo, { recursive: true });
  return repo;
}

beforeAll(async () => {
  mkdirSync(join(template, "tests"), { recursive: true });
  writeFileSync(join(template, "tests", "test_a.py"), "def test_a():\n    assert True\n");
  writeFileSync(join(template, "a.txt"), "alpha\n");
  writeFileSync(join(root, "hook"), "#!/bin/sh\nexit 0\n");
  await run(template, "git init -q -b main . && git add -A && git commit -qm one");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const DENIED = [
  "printf 'ref: refs/heads/other\\n' > .gi?/HEAD",
  "D=.git; printf 'ref: refs/heads/x\\n' > \"$D/HEAD\"",
  "cd .git && printf 'ref: refs/heads/y\\n' > HEAD",
  // A glob names only existing files (bash leaves a pattern that matches nothing as it is).
  `cp ${join(root, "hook")} .gi[t]/hooks/pre-commit.sample`,
  "shopt -s expand_aliases\nalias g=git\ng commit --allow-empty -qm via-alias",
  'f(){ git "$@"; }; f commit --allow-empty -qm via-function',
  "git grep --open-files-in-pager='git commit --allow-empty -qm via-grep #' alpha",
  "git grep -hO'git tag via-cluster #' alpha",
  "tar -cf /dev/null --checkpoint=1 --checkpoint-action=exec='git tag via-tar' a.txt",
  "python3 -c \"import operator,os; operator.methodcaller('sys'+'tem','gi'+'t tag via-py')(os)\"",
  "python3 -m pytest -q -o cache_dir=.git/pc tests",
  "echo 'import os; os.system(\"git tag via-conftest\")' > conftest.py && python3 -m pytest -q tests",
];

const ALLOWED = [
  `cp -r .git ${join(root, "copy-of-git")}`,
  `tar czf ${join(root, "git.tgz")} .git`,
  `cp .git/HEAD ${join(root, "HEAD.txt")}`,
  "git grep -n alpha",
  "cd .git && ls refs/heads && cat HEAD",
];

describe("denied spellings really mutate", () => {
  it.each(DENIED)("%j", async (command) => {
    const d = decide(command, { skillActive: false, policy: null });
    expect(d.decision, d.reason).toBe("deny");
    const repo = freshCopy();
    const before = await snapshot(repo);
    const result = await run(repo, command);
    expect(await snapshot(repo), `${command}\n${result.stderr}`).not.toBe(before);
  });
});

describe("allowed reads of .git do not", () => {
  it.each(ALLOWED)("%j", async (command) => {
    const d = decide(command, { skillActive: false, policy: null });
    expect(d.decision, d.reason).toBe("defer");
    const repo = freshCopy();
    const before = await snapshot(repo);
    const result = await run(repo, command);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(await snapshot(repo)).toBe(before);
  });
});
