// The README's install lines, run as written on a machine that has only node, npm and git: a clone of this
// repository (its tracked files and new ones git does not ignore: no node_modules, no .cache), a scratch npm
// prefix for `npm install -g` (offline: the package has no dependencies, nothing comes from a registry), and
// a scratch repository in place of /path/to/repo. The block is the first `sh` block of the Install section.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleFiles } from "../../bin/build/registration.ts";
import { PATHS } from "../../bin/install/layout.ts";
import { PACKAGE_ROOT } from "../../hooks/core/package-root.ts";
import { npmEnv } from "../setup/packed.ts";
import { removeDir, scratchDir, scratchRepos } from "./helpers.ts";

const README = readFileSync(join(PACKAGE_ROOT, "README.md"), "utf8");
const REPO_PLACEHOLDER = "/path/to/repo";

/** The install block: the first ```sh block after "## Install". */
function installBlock(readme: string): string {
  const section = readme.slice(readme.indexOf("\n## Install\n"));
  const match = /```sh\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error("README: no sh block in the Install section");
  return match[1];
}

let work = "";
let clone = "";
const repos = scratchRepos();

beforeAll(async () => {
  work = scratchDir("rts-readme-");
  clone = join(work, "run-tests-skill");
  const { stdout } = await execa("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: PACKAGE_ROOT,
  });
  for (const rel of stdout.split("\0").filter(Boolean)) {
    if (!existsSync(join(PACKAGE_ROOT, rel))) continue; // deleted in the working tree
    mkdirSync(dirname(join(clone, rel)), { recursive: true });
    copyFileSync(join(PACKAGE_ROOT, rel), join(clone, rel));
  }
});
afterAll(() => removeDir(work));

describe("the README's install lines", () => {
  it("name no registry package: no npx run-tests-skill, which is a 404 until it is published", () => {
    const block = installBlock(README);
    expect(block).toContain("npm pack");
    expect(block).not.toMatch(/npx run-tests-skill/);
    expect(block).toContain(REPO_PLACEHOLDER);
  });

  it("work as written: pack in a clone, install the tarball globally, init and doctor in a fresh repository", async () => {
    const repo = await repos();
    const prefix = join(work, "prefix");
    const block = installBlock(README);
    const env = {
      ...npmEnv(),
      // Where `npm install -g` puts things, and what a fresh machine's PATH then holds: the prefix's bin,
      // node and npm, the system tools; no run-tests-skill from anywhere else.
      npm_config_prefix: prefix,
      npm_config_cache: join(work, "npm-cache"),
      npm_config_offline: "true",
      npm_config_audit: "false",
      npm_config_fund: "false",
      npm_config_update_notifier: "false",
      PATH: [join(prefix, "bin"), dirname(process.execPath), process.env.PATH ?? "/usr/bin:/bin"].join(":"),
    };
    // The lines as one script, so that `cd` carries over; each must succeed.
    const script = `set -e\n${block.replaceAll(REPO_PLACEHOLDER, repo)}`;
    const run = await execa("bash", ["-c", script], {
      cwd: clone,
      env,
      extendEnv: false,
      reject: false,
      all: true,
    });
    expect(run.exitCode, run.all).toBe(0);

    // The tarball the README names is the one npm pack wrote.
    const tarball = /npm install -g (\S+\.tgz)/.exec(block)?.[1] ?? "";
    expect(existsSync(join(clone, tarball)), `${tarball} in the clone`).toBe(true);
    // init installed the hooks (every entry and the chunks they share) and the skill into the repository.
    for (const file of bundleFiles()) expect(existsSync(join(repo, PATHS.binDir, file)), file).toBe(true);
    expect(existsSync(join(repo, PATHS.skillDir("run-tests"), "SKILL.md"))).toBe(true);
    // doctor found nothing wrong, and checked the install's shape.
    expect(run.all).not.toMatch(/\bFAIL\b/);
    expect(run.all).toContain(
      `hook files: the hook programs, their loader and the bundles they run (${bundleFiles().length} files, `,
    );
  });
});
