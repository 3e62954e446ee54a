// The file tools' git rule through the pure decideFileWrite(), on a real temp tree (so `..` and symlinks
// resolve as the file system resolves them), plus the Edit/Write/MultiEdit/NotebookEdit hook as a process.
import {
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decideFileWrite, FILE_TOOL_MATCHER, type FileContext } from "../../hooks/guard/file-tools.ts";
import { makeLayout, runHook } from "./helpers.ts";

const root = realpathSync(mkdtempSync(join(tmpdir(), "file-guard-")));
const repo = join(root, "repo");
mkdirSync(join(repo, ".git", "hooks"), { recursive: true });
mkdirSync(join(repo, ".git", "modules", "sub"), { recursive: true });
mkdirSync(join(repo, "src"), { recursive: true });
mkdirSync(join(repo, "wt"), { recursive: true });
writeFileSync(join(repo, ".git", "HEAD"), "ref: refs/heads/main\n");
writeFileSync(join(repo, "wt", ".git"), `gitdir: ${repo}/.git/worktrees/wt\n`);
symlinkSync(join(repo, ".git"), join(repo, "innocent")); // a folder that is .git under another name
symlinkSync(join(repo, ".git", "hooks", "pre-commit"), join(repo, "notes.txt")); // a file link into hooks
symlinkSync(join(repo, "src"), join(repo, "src-link"));
// The protected set: the install, the settings, the skills; hard links to them and to git's files.
mkdirSync(join(repo, ".claude", "run-tests-skill", "bin"), { recursive: true });
mkdirSync(join(repo, ".claude", "skills", "run-tests"), { recursive: true });
mkdirSync(join(repo, ".claude", "run-tests-skill-reports"), { recursive: true });
writeFileSync(join(repo, ".claude", "run-tests-skill", "bin", "guard.cjs"), "bundle");
writeFileSync(join(repo, ".claude", "run-tests-skill", "profile.json"), "{}");
writeFileSync(join(repo, ".claude", "settings.json"), "{}");
writeFileSync(join(repo, ".claude", "skills", "run-tests", "SKILL.md"), "---\n---\n");
writeFileSync(join(repo, ".git", "config"), "[core]\n");
linkSync(join(repo, ".git", "config"), join(repo, "src", "config-notes.txt"));
linkSync(join(repo, ".claude", "run-tests-skill", "bin", "guard.cjs"), join(repo, "src", "bundle.js"));
linkSync(join(repo, ".claude", "settings.json"), join(repo, "settings-copy.json"));
writeFileSync(join(repo, "src", "shared.txt"), "x");
linkSync(join(repo, "src", "shared.txt"), join(repo, "src", "shared-too.txt")); // nlink 2, not protected
symlinkSync(join(repo, ".claude"), join(repo, "claude-link"));
// A repository whose git dir is not called .git: `.git` is a file pointing to `./.bare`.
const bare = join(root, "bare-layout");
mkdirSync(join(bare, ".bare", "hooks"), { recursive: true });
writeFileSync(join(bare, ".git"), "gitdir: ./.bare\n");
writeFileSync(join(bare, ".bare", "config"), "[core]\n");
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ctx: FileContext = {
  cwd: repo,
  projectDir: repo,
  gitDirs: [join(repo, ".git"), join(bare, ".bare")],
  stat: (p) => {
    try {
      const s = statSync(p);
      return { dev: s.dev, ino: s.ino, nlink: s.nlink, dir: s.isDirectory() };
    } catch {
      return null;
    }
  },
  list: (d) => {
    try {
      return readdirSync(d);
    } catch {
      return null;
    }
  },
  realpath: (p) => {
    try {
      return realpathSync.native(p);
    } catch {
      return null;
    }
  },
  readlink: (p) => {
    try {
      return readlinkSync(p);
    } catch {
      return null;
    }
  },
};

const DENIED: [tool: string, path: string, why: string][] = [
  ["Write", `${repo}/.git/HEAD`, "the HEAD file"],
  ["Edit", `${repo}/.git/config`, "repository config"],
  ["MultiEdit", `${repo}/.git/hooks/pre-commit`, "a hook (code on the user's next commit)"],
  ["Write", `${repo}/.GIT/hooks/post-checkout`, "case-insensitive file systems open .GIT as .git"],
  ["Write", `${repo}/src/../.git/index`, "`..` climbs into .git"],
  ["Write", ".git/ORIG_HEAD", "relative to the cwd"],
  ["Write", "src/../../repo/.git/refs/heads/main", "relative, through .."],
  ["Write", `${repo}/innocent/HEAD`, "a symlinked folder that is .git"],
  ["Write", `${repo}/innocent/hooks/new-hook`, "a new file under a symlinked .git"],
  ["Edit", `${repo}/notes.txt`, "a file that is a symlink into .git/hooks"],
  ["Write", `${repo}/wt/.git`, "a worktree's .git file"],
  ["Write", `${repo}/.git/modules/sub/config`, "a submodule's git dir"],
  ["NotebookEdit", `${repo}/.git/x.ipynb`, "notebooks too (notebook_path)"],
  ["Write", `${root}/home/.gitconfig`, "the global git config"],
  ["Edit", `${root}/home/.config/git/config`, "the XDG git config"],
  ["Write", "/etc/gitconfig", "the system git config"],
];

const PROTECTED: [tool: string, path: string, why: string][] = [
  ["Write", `${repo}/.claude/run-tests-skill/bin/guard.cjs`, "a hook bundle"],
  ["Edit", `${repo}/.claude/run-tests-skill/profile.json`, "the compiled profile (git.allow)"],
  ["Write", `${repo}/.claude/run-tests-skill/profile.yaml`, "the profile source: the human edits it"],
  ["Edit", `${repo}/.claude/settings.json`, "the hook registrations"],
  ["Write", `${repo}/.claude/settings.local.json`, "local settings (a new file)"],
  ["Edit", `${repo}/.claude/skills/run-tests/SKILL.md`, "widening the skill's allowed-tools"],
  ["Write", `${repo}/.claude/skills/new/SKILL.md`, "a new skill"],
  ["Write", ".claude/settings.json", "relative to the cwd"],
  ["Write", `${repo}/src/../.claude/./skills/x.md`, "through .. and ."],
  ["Write", `${repo}/.Claude/Settings.json`, "case-insensitive file systems"],
  ["Write", `${repo}/claude-link/settings.json`, "a symlinked folder that is .claude"],
  ["Edit", `${repo}/src/bundle.js`, "a hard link to a hook bundle"],
  ["Edit", `${repo}/settings-copy.json`, "a hard link to the settings"],
];

const ALLOWED: [tool: string, path: string, why: string][] = [
  ["Write", `${repo}/src/app.py`, "a working-tree file"],
  ["Edit", `${repo}/.gitignore`, ".gitignore is a working-tree file"],
  ["Edit", `${repo}/.gitattributes`, ".gitattributes is a working-tree file"],
  ["Write", `${repo}/.github/workflows/ci.yml`, ".github is not .git"],
  ["Write", `${repo}/src-link/new.py`, "a symlink to a working-tree folder"],
  ["Write", `${repo}/docs/git/notes.md`, "a folder named git is not .git"],
  ["NotebookEdit", `${repo}/analysis.ipynb`, "a notebook in the working tree"],
  ["Write", `${repo}/.git-blame-ignore-revs`, "a working-tree file whose name starts with .git"],
  ["Write", `${repo}/.claude/run-tests-skill-reports/r.json`, "the reporter's spool is not protected"],
  ["Write", `${repo}/.claude/commands/note.md`, "other .claude files are the project's"],
  ["Edit", `${repo}/src/shared-too.txt`, "a hard link between two working-tree files"],
  ["Write", `${repo}/docs/skills/settings.json`, "a settings.json outside .claude"],
];

function input(tool: string, path: string): Record<string, unknown> {
  return tool === "NotebookEdit"
    ? { notebook_path: path, new_source: "x" }
    : { file_path: path, content: "x" };
}

describe("decideFileWrite", () => {
  it.each(DENIED)("%s %s is denied (%s)", (tool, path) => {
    const d = decideFileWrite(tool, input(tool, path), ctx);
    expect(d.decision, JSON.stringify(d)).toBe("deny");
    if (d.decision === "deny") {
      expect(d.reason).toMatch(/^run-tests guard: /);
      expect(d.reason).toContain(tool);
      expect(d.reason).toMatch(/user drives git/);
    }
  });
  it.each(PROTECTED)("%s %s is denied as protected (%s)", (tool, path) => {
    const d = decideFileWrite(tool, input(tool, path), ctx);
    expect(d, JSON.stringify(d)).toMatchObject({ decision: "deny", rule: "protected-write" });
    if (d.decision === "deny") {
      expect(d.reason).toMatch(/^run-tests guard: /);
      expect(d.reason).toMatch(/only the user changes/);
    }
  });
  it("a hard link to .git/config under another name is .git/config", () => {
    const d = decideFileWrite("Edit", input("Edit", `${repo}/src/config-notes.txt`), ctx);
    expect(d).toMatchObject({ decision: "deny", rule: "git-dir-write" });
    if (d.decision === "deny") expect(d.reason).toContain("hard link to");
  });
  it("a git dir that is not called .git (`.git` file -> ./.bare) is git's", () => {
    for (const p of [`${bare}/.bare/config`, `${bare}/.bare/hooks/pre-commit`])
      expect(decideFileWrite("Write", input("Write", p), ctx), p).toMatchObject({
        decision: "deny",
        rule: "git-dir-write",
      });
    expect(decideFileWrite("Write", input("Write", `${bare}/src.py`), ctx).decision).toBe("defer");
  });
  it.each(ALLOWED)("%s %s gets no decision (%s)", (tool, path) => {
    expect(decideFileWrite(tool, input(tool, path), ctx)).toMatchObject({
      decision: "defer",
      rule: "not-git",
    });
  });
  it("judges only the file tools, and only a path it can read", () => {
    expect(decideFileWrite("Read", { file_path: `${repo}/.git/HEAD` }, ctx).rule).toBe("not-a-file-tool");
    expect(decideFileWrite("Write", { content: "x" }, ctx).rule).toBe("no-path");
    expect(decideFileWrite("Write", { file_path: 42 }, ctx).rule).toBe("no-path");
    expect(FILE_TOOL_MATCHER).toBe("Edit|Write|MultiEdit|NotebookEdit");
  });
});

describe("the file-guard hook as a process", () => {
  const stdin = (tool: string, path: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      session_id: "s-1",
      cwd: repo,
      prompt_id: "p-1",
      permission_mode: "default",
      hook_event_name: "PreToolUse",
      tool_name: tool,
      tool_input: input(tool, path),
      tool_use_id: "toolu_1",
      ...extra,
    });

  it("denies a Write into .git with a JSON reason, says nothing for a normal Write, exits 0 on bad input", async () => {
    const layout = await makeLayout();
    try {
      const denied = await runHook(layout, "file-guard", stdin("Write", `${repo}/.git/HEAD`));
      expect(denied.exitCode).toBe(0);
      expect(denied.json).toMatchObject({
        hookSpecificOutput: {
          hookEventName: "PreToolUse",
          permissionDecision: "deny",
          permissionDecisionReason: expect.stringMatching(/^run-tests guard: Write on .*\.git directory/),
        },
      });
      const link = await runHook(layout, "file-guard", stdin("Edit", `${repo}/notes.txt`));
      expect(link.json).toMatchObject({ hookSpecificOutput: { permissionDecision: "deny" } });

      const bundle = await runHook(layout, "file-guard", stdin("Edit", `${repo}/src/bundle.js`), {
        CLAUDE_PROJECT_DIR: repo,
      });
      expect(bundle.json).toMatchObject({
        hookSpecificOutput: {
          permissionDecision: "deny",
          permissionDecisionReason: expect.stringMatching(/hard link to .*guard\.cjs/),
        },
      });
      const settings = await runHook(layout, "file-guard", stdin("Edit", `${repo}/.claude/settings.json`));
      expect(settings.json).toMatchObject({ hookSpecificOutput: { permissionDecision: "deny" } });
      const bareConfig = await runHook(
        layout,
        "file-guard",
        stdin("Write", `${bare}/.bare/config`, { cwd: bare }),
        { CLAUDE_PROJECT_DIR: bare },
      );
      expect(bareConfig.json).toMatchObject({ hookSpecificOutput: { permissionDecision: "deny" } });

      const normal = await runHook(layout, "file-guard", stdin("Write", `${repo}/src/app.py`));
      expect(normal).toMatchObject({ exitCode: 0, stdout: "", stderr: "" });

      for (const bad of ["", "not json", "{}", JSON.stringify({ hook_event_name: "PreToolUse" })]) {
        const run = await runHook(layout, "file-guard", bad);
        expect(run.exitCode, bad).toBe(0);
        expect(run.stdout, bad).toBe("");
        expect(run.stderr, bad).toMatch(/run-tests-skill file-guard: .*no decision/);
      }
    } finally {
      layout.cleanup();
    }
  });

  it("fails closed when it crashes on an input that mentions git, open otherwise", async () => {
    const layout = await makeLayout();
    try {
      const env = { RUN_TESTS_SKILL_FILE_GUARD_FAULT: "1" };
      const crashed = await runHook(layout, "file-guard", stdin("Write", `${repo}/.git/HEAD`), env);
      expect(crashed.exitCode).toBe(0);
      expect(crashed.json).toMatchObject({ hookSpecificOutput: { permissionDecision: "deny" } });
      const other = await runHook(layout, "file-guard", stdin("Write", "/tmp/elsewhere/a.txt"), env);
      expect(other.stdout).toBe("");
      expect(other.stderr).toMatch(/internal error/);
    } finally {
      layout.cleanup();
    }
  });
});
