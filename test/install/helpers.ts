// Scratch git repositories and a clean environment for installer tests.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { execa } from "execa";
import { afterEach } from "vitest";

/** process.env without anything a surrounding Claude Code session sets (CLAUDECODE, CLAUDE_*). */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("CLAUDE")) env[k] = v;
  return { ...env, GIT_CONFIG_NOSYSTEM: "1", ...extra };
}

export async function git(cwd: string, args: string[], extra: Record<string, string> = {}) {
  return execa("git", args, { cwd, env: cleanEnv(extra), extendEnv: false, reject: false });
}

export function scratchDir(prefix = "rts-install-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
}

/** A git repo with one commit of `files`. */
export async function gitRepo(files: Record<string, string> = { "README.md": "sample\n" }): Promise<string> {
  const dir = scratchDir();
  writeFiles(dir, files);
  await git(dir, ["init", "-q", "-b", "main"]);
  await git(dir, ["config", "user.name", "Installer Test"]);
  await git(dir, ["config", "user.email", "installer@example.invalid"]);
  await git(dir, ["config", "commit.gpgsign", "false"]);
  await git(dir, ["add", "-A"]);
  await git(dir, ["commit", "-q", "-m", "initial"]);
  return dir;
}

/** Every file under `dir` (except .git/) with its content and mode: a snapshot to compare trees exactly. */
export function snapshot(dir: string, skip: (rel: string) => boolean = () => false): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      const rel = relative(dir, path);
      if (rel === ".git" || skip(rel)) continue;
      const st = statSync(path);
      if (st.isDirectory()) {
        out[`${rel}/`] = "dir";
        walk(path);
      } else out[rel] = `${(st.mode & 0o777).toString(8)} ${readFileSync(path, "utf8")}`;
    }
  };
  walk(dir);
  return out;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The smallest Python project init detects: a package and one passing test. */
export const SAMPLE_PROJECT: Readonly<Record<string, string>> = {
  "pyproject.toml": '[project]\nname = "sample"\n',
  "sample/__init__.py": "",
  "tests/__init__.py": "",
  "tests/test_math.py": "def test_add():\n    assert 1 + 1 == 2\n",
};

/** A maker of scratch git repositories (default: SAMPLE_PROJECT) that are removed after each test. Call it at
 *  the top of a test file. */
export function scratchRepos(): (files?: Record<string, string>) => Promise<string> {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) removeDir(d);
  });
  return async (files = { ...SAMPLE_PROJECT }) => {
    const dir = await gitRepo(files);
    dirs.push(dir);
    return dir;
  };
}
