// The git backstop with real git: a commit, tag, branch, stash or update-ref made with CLAUDECODE=1 (by a script
// the guard never reads) is refused by git itself, the same without it is not, hooks already in place (in
// .git/hooks or core.hooksPath) still run, and removal restores the hooks folder exactly.
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import {
  AGENT_SESSION_MARKERS,
  applyBackstopSteps,
  BACKSTOP_HOOKS,
  backstopNotes,
  backstopScript,
  CHAINED_NAME,
  chainedName,
  findBackstopHooks,
  gitHooksDir,
  planBackstopInstall,
  planBackstopRemoval,
} from "../../bin/install/backstop.ts";
import { cleanEnv, git, gitRepo, removeDir, writeFiles } from "./helpers.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

async function repo(): Promise<string> {
  const dir = await gitRepo();
  dirs.push(dir);
  return dir;
}

async function install(dir: string) {
  const hooksDir = await gitHooksDir(dir);
  if (!hooksDir) throw new Error("not a repo");
  const plan = planBackstopInstall(hooksDir);
  if (!plan.ok) throw new Error(plan.problem);
  applyBackstopSteps(plan.steps);
  return { hooksDir, plan };
}

/** Stages a change and commits it; returns git's result. */
async function commit(dir: string, claude: boolean, name = `f-${Math.random()}`) {
  writeFileSync(join(dir, name), "x\n");
  await git(dir, ["add", name]);
  return git(dir, ["commit", "-q", "-m", "change"], claude ? { CLAUDECODE: "1" } : {});
}

async function head(dir: string) {
  return (await git(dir, ["rev-parse", "HEAD"])).stdout.trim();
}

const RECORDING_HOOK = (marker: string, exit = 0) => `#!/bin/sh\necho ran >> "${marker}"\nexit ${exit}\n`;

describe("git backstop", () => {
  it("refuses a commit from Claude Code (CLAUDECODE=1) with a clear message and allows one without", async () => {
    const dir = await repo();
    await install(dir);
    const before = await head(dir);
    const refused = await commit(dir, true);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain("commit refused");
    expect(refused.stderr).toContain("CLAUDECODE=1");
    expect(refused.stderr).toMatch(/human drives git add and git commit/);
    expect(await head(dir)).toBe(before);

    const allowed = await commit(dir, false);
    expect(allowed.exitCode).toBe(0);
    expect(await head(dir)).not.toBe(before);
  });

  it("keeps an existing .git/hooks/pre-commit and still runs it; removal restores it byte for byte", async () => {
    const dir = await repo();
    const hooksDir = (await gitHooksDir(dir)) as string;
    const marker = join(dir, "..", `${dir.split("/").pop()}-marker`);
    dirs.push(marker);
    const original = RECORDING_HOOK(marker);
    writeFileSync(join(hooksDir, "pre-commit"), original);
    chmodSync(join(hooksDir, "pre-commit"), 0o751);

    const { plan } = await install(dir);
    expect(plan.hooks[0]?.chained).toBe(join(hooksDir, CHAINED_NAME));
    expect(readFileSync(join(hooksDir, CHAINED_NAME), "utf8")).toBe(original);

    expect((await commit(dir, true)).exitCode).not.toBe(0);
    expect(existsSync(marker)).toBe(false); // refused before the user's hook ran
    expect((await commit(dir, false)).exitCode).toBe(0);
    expect(readFileSync(marker, "utf8")).toBe("ran\n");

    applyBackstopSteps(planBackstopRemoval(hooksDir).steps);
    expect(readFileSync(join(hooksDir, "pre-commit"), "utf8")).toBe(original);
    expect(statSync(join(hooksDir, "pre-commit")).mode & 0o777).toBe(0o751);
    expect(existsSync(join(hooksDir, CHAINED_NAME))).toBe(false);
    expect((await commit(dir, true)).exitCode).toBe(0); // the backstop is gone
  });

  it("passes on the existing hook's refusal", async () => {
    const dir = await repo();
    const hooksDir = (await gitHooksDir(dir)) as string;
    writeFileSync(join(hooksDir, "pre-commit"), "#!/bin/sh\necho 'lint failed' >&2\nexit 3\n", {
      mode: 0o755,
    });
    await install(dir);
    const result = await commit(dir, false);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain("lint failed");
  });

  it("installs into core.hooksPath, chaining the hook there", async () => {
    const dir = await repo();
    const marker = join(dir, "hooks-path-marker");
    writeFiles(dir, { ".githooks/pre-commit": RECORDING_HOOK(marker) });
    chmodSync(join(dir, ".githooks/pre-commit"), 0o755);
    await git(dir, ["config", "core.hooksPath", ".githooks"]);

    const { hooksDir } = await install(dir);
    expect(hooksDir).toBe(join(dir, ".githooks"));
    expect(existsSync(join(dir, ".git", "hooks", "pre-commit"))).toBe(false);
    expect((await commit(dir, true)).exitCode).not.toBe(0);
    expect((await commit(dir, false)).exitCode).toBe(0);
    expect(readFileSync(marker, "utf8")).toBe("ran\n");
  });

  it("skips a chained hook that is not executable, as git does", async () => {
    const dir = await repo();
    const hooksDir = (await gitHooksDir(dir)) as string;
    writeFileSync(join(hooksDir, "pre-commit"), "#!/bin/sh\nexit 1\n", { mode: 0o644 });
    await install(dir);
    expect((await commit(dir, false)).exitCode).toBe(0);
  });

  it("is idempotent, and refuses to guess when both the hook and a chained copy exist", async () => {
    const dir = await repo();
    const { hooksDir } = await install(dir);
    const again = planBackstopInstall(hooksDir);
    expect(again.ok && again.hooks.every((h) => h.already) && again.steps).toEqual([]);

    writeFileSync(join(hooksDir, "pre-commit"), "#!/bin/sh\nexit 0\n");
    writeFileSync(join(hooksDir, CHAINED_NAME), "#!/bin/sh\nexit 0\n");
    const clash = planBackstopInstall(hooksDir);
    expect(clash.ok).toBe(false);
  });

  it("leaves a pre-commit hook that is not the backstop alone on removal", async () => {
    const dir = await repo();
    const hooksDir = (await gitHooksDir(dir)) as string;
    writeFileSync(join(hooksDir, "pre-commit"), "#!/bin/sh\nexit 0\n");
    const removal = planBackstopRemoval(hooksDir);
    expect(removal.steps).toEqual([]);
    expect(removal.notes[0]).toMatch(/not the backstop/);
  });

  it("finds no hooks folder outside a git repository", async () => {
    const dir = await repo();
    removeDir(join(dir, ".git"));
    expect(await gitHooksDir(dir)).toBeNull();
  });

  it("refuses every ref update made by a script in an agent session, and lets the same script run without it", async () => {
    const dir = await repo();
    await install(dir);
    // One script per ref update, run as a script would be (the guard never sees these words).
    const scripts: Record<string, string> = {
      commit: 'echo x >> README.md && git commit -q -a --no-verify -m "from a script"',
      tag: "git tag v9",
      branch: "git branch x",
      stash: "echo y >> README.md && git stash -q",
      "update-ref": "git update-ref refs/heads/elsewhere HEAD",
    };
    const refsNow = async () =>
      (await git(dir, ["for-each-ref", "--format=%(refname) %(objectname)"])).stdout;
    const before = await refsNow();
    for (const [name, script] of Object.entries(scripts)) {
      const result = await execa("sh", ["-c", script], {
        cwd: dir,
        env: cleanEnv({ CLAUDECODE: "1" }),
        extendEnv: false,
        reject: false,
      });
      expect(result.exitCode, name).not.toBe(0);
      expect(result.stderr, name).toContain("run-tests-skill: ref update refused");
      expect(result.stderr, name).toContain("the human drives git here");
      expect(await refsNow(), name).toBe(before);
      await git(dir, ["checkout", "-q", "--", "README.md"]);
    }
    for (const [name, script] of Object.entries(scripts)) {
      const result = await execa("sh", ["-c", script], {
        cwd: dir,
        env: cleanEnv(),
        extendEnv: false,
        reject: false,
      });
      expect(result.exitCode, `${name}: ${result.stderr}`).toBe(0);
    }
    const after = await refsNow();
    for (const ref of ["refs/tags/v9", "refs/heads/x", "refs/stash", "refs/heads/elsewhere"])
      expect(after).toContain(ref);
  });

  it("chains an existing reference-transaction hook: it still sees every phase and the refs on stdin", async () => {
    const dir = await repo();
    const hooksDir = (await gitHooksDir(dir)) as string;
    const marker = join(dir, "..", `${dir.split("/").pop()}-refs`);
    dirs.push(marker);
    const theirs = `#!/bin/sh\necho "phase $1" >> "${marker}"\ncat >> "${marker}"\n`;
    writeFileSync(join(hooksDir, "reference-transaction"), theirs, { mode: 0o750 });
    await install(dir);
    expect(readFileSync(join(hooksDir, chainedName("reference-transaction")), "utf8")).toBe(theirs);

    expect((await git(dir, ["tag", "human-tag"])).exitCode).toBe(0);
    const seen = readFileSync(marker, "utf8");
    expect(seen).toMatch(/phase prepared\n.*refs\/tags\/human-tag/);
    expect(seen).toContain("phase committed");

    writeFileSync(marker, "");
    expect((await git(dir, ["tag", "agent-tag"], { CLAUDECODE: "1" })).exitCode).not.toBe(0);
    // Refused in "prepared" before theirs ran; git then reports the abort, which theirs sees.
    expect(readFileSync(marker, "utf8")).not.toContain("phase prepared");
    expect(readFileSync(marker, "utf8")).toContain("phase aborted");
  });

  it("uninstall gives back the hooks folder byte for byte (names, modes, contents)", async () => {
    const dir = await repo();
    const hooksDir = (await gitHooksDir(dir)) as string;
    writeFileSync(join(hooksDir, "pre-commit"), "#!/bin/sh\n# theirs\nexit 0\n", { mode: 0o751 });
    writeFileSync(join(hooksDir, "reference-transaction"), "#!/bin/sh\n# also theirs\n", { mode: 0o700 });
    const before = folderState(hooksDir);
    await install(dir);
    expect(folderState(hooksDir)).not.toEqual(before);
    applyBackstopSteps(planBackstopRemoval(hooksDir).steps);
    expect(folderState(hooksDir)).toEqual(before);

    // And with nothing of theirs: the folder is as git made it.
    const bare = await repo();
    const bareHooks = (await gitHooksDir(bare)) as string;
    const pristine = folderState(bareHooks);
    await install(bare);
    applyBackstopSteps(planBackstopRemoval(bareHooks).steps);
    expect(folderState(bareHooks)).toEqual(pristine);
  });

  it("installs both hooks into core.hooksPath (husky and friends)", async () => {
    const dir = await repo();
    await git(dir, ["config", "core.hooksPath", ".husky/_"]);
    writeFiles(dir, { ".husky/_/pre-commit": "#!/bin/sh\nexit 0\n" });
    chmodSync(join(dir, ".husky/_/pre-commit"), 0o755);
    const { hooksDir } = await install(dir);
    expect(hooksDir).toBe(join(dir, ".husky/_"));
    expect(Object.values(findBackstopHooks(hooksDir))).toEqual([
      join(hooksDir, "pre-commit"),
      join(hooksDir, "reference-transaction"),
    ]);
    expect((await git(dir, ["branch", "agent-branch"], { CLAUDECODE: "1" })).exitCode).not.toBe(0);
    expect((await git(dir, ["branch", "human-branch"])).exitCode).toBe(0);
  });

  it("builds the session test from the table of agent markers", () => {
    for (const hook of BACKSTOP_HOOKS)
      for (const marker of AGENT_SESSION_MARKERS)
        expect(backstopScript(hook)).toContain(`[ "\${${marker.name}:-}" = "${marker.value}" ]`);
  });

  it("says when git is too old for the reference-transaction hook", () => {
    expect(backstopNotes([], [2, 27]).join("\n")).toMatch(
      /git 2\.27 predates the reference-transaction hook/,
    );
    expect(backstopNotes([], [2, 39]).join("\n")).not.toMatch(/predates/);
  });
});

/** Every file in a folder with its mode and content. */
function folderState(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => [
        name,
        `${(statSync(join(dir, name)).mode & 0o777).toString(8)} ${readFileSync(join(dir, name), "utf8")}`,
      ]),
  );
}
