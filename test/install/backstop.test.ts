// The git backstop with real git: a commit made with CLAUDECODE=1 is refused, one without is not, a pre-commit
// hook already in place (in .git/hooks or core.hooksPath) still runs, and removal restores it exactly.
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  applyBackstopSteps,
  CHAINED_NAME,
  gitHooksDir,
  planBackstopInstall,
  planBackstopRemoval,
} from "../../bin/install/backstop.ts";
import { git, gitRepo, removeDir, writeFiles } from "./helpers.ts";

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
    expect(plan.chained).toBe(join(hooksDir, CHAINED_NAME));
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
    expect(again.ok && again.already && again.steps).toEqual([]);

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
});
