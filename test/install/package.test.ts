// The npm package as a user gets it: `npm pack` of this checkout, installed offline into a scratch prefix
// (it has no dependencies, so nothing comes from a registry), then that installed `run-tests-skill` runs
// `init` and `doctor` on a temp git repo, and the hooks it installed answer as Claude Code would run them.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleAll, bundleCli, CLI_BUNDLE } from "../../bin/build/build.ts";
import { BUNDLE_HOME, HOOK_ENTRIES } from "../../bin/build/registration.ts";
import { PATHS } from "../../bin/install/layout.ts";
import { installPacked, npmEnv } from "../setup/packed.ts";
import { gitRepo, removeDir, scratchDir } from "./helpers.ts";

const dirs: string[] = [];
let tarball = "";
let packed: string[] = [];
let prefix = "";
let installedRoot = "";
let bin = "";

beforeAll(async () => {
  const work = scratchDir("rts-package-");
  dirs.push(work);
  ({ tarball, packed, prefix, installedRoot, bin } = await installPacked(work));
}, 120_000);

afterAll(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

describe("the npm package", () => {
  it("ships the built CLI, the hook bundles and the built-in profiles, and no tests or sources", () => {
    expect(existsSync(tarball)).toBe(true);
    expect(packed).toContain(CLI_BUNDLE);
    for (const entry of HOOK_ENTRIES) expect(packed).toContain(`${BUNDLE_HOME}/${entry}.cjs`);
    expect(packed).toEqual(
      expect.arrayContaining([
        "plugin/profiles/tractor.yaml",
        "skills/profiles/profile.schema.json",
        "README.md",
        "LICENSE",
      ]),
    );
    // The hooks' code cache beside the dev tree's bundles (written whenever a test ran a hook) ignores itself.
    const unwanted = packed.filter((p) =>
      /^(test|hooks|bin|node_modules|\.cache)\/|\.ts$|code-cache/.test(p),
    );
    expect(unwanted).toEqual([]);
  });

  it("carries each file once: no two packed files share their content (the LICENSE beside the plugin's aside)", () => {
    // The CLI was once packed twice (dist/ and plugin/cli/, 936 KB each) and the built-in profiles twice
    // (skills/profiles/ and plugin/profiles/); gzip's 32 KB window does not fold such copies.
    const byContent = new Map<string, string[]>();
    for (const path of packed) {
      const text = readFileSync(join(installedRoot, path), "utf8");
      byContent.set(text, [...(byContent.get(text) ?? []), path]);
    }
    const repeated = [...byContent.values()].filter((paths) => paths.length > 1);
    expect(repeated).toEqual([["LICENSE", "plugin/LICENSE"]]);
  });

  it("is the current build: the packed CLI and bundles equal a fresh build (else run `npm run build`)", async () => {
    expect(readFileSync(join(installedRoot, CLI_BUNDLE), "utf8")).toBe(await bundleCli());
    for (const [name, text] of await bundleAll())
      expect(readFileSync(join(installedRoot, BUNDLE_HOME, name), "utf8"), name).toBe(text);
  });

  it("installs with no dependencies: the prefix holds only this package", () => {
    const pkg = JSON.parse(readFileSync(join(installedRoot, "package.json"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.private).toBeUndefined();
    const modules = readdirSync(join(prefix, "node_modules")).filter((n) => !n.startsWith("."));
    expect(modules).toEqual(["run-tests-skill"]);
    expect(statSync(bin).mode & 0o111).not.toBe(0);
  });

  it("its scripts require node's own modules only (no tsx, esbuild or other package at run time)", () => {
    const scripts = packed.filter((p) => p.endsWith(".cjs"));
    for (const script of scripts) {
      const text = readFileSync(join(installedRoot, script), "utf8");
      const required = [...text.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1] as string);
      expect(required.length, script).toBeGreaterThan(0);
      // The hook bundles also load the shared chunks beside them (hooks/build.ts), which the package ships.
      const sibling = (name: string) =>
        /^\.\/[\w-]+\.cjs$/.test(name) && packed.includes(`${dirname(script)}/${name.slice(2)}`);
      const foreign = required.filter(
        (name) => !builtinModules.includes(name.replace(/^node:/, "")) && !sibling(name),
      );
      expect(foreign, script).toEqual([]);
    }
  });

  it("the installed run-tests-skill runs init and doctor on a temp repo, and its guard denies git commit", async () => {
    const repo = await gitRepo({
      "pyproject.toml": '[project]\nname = "sample"\n',
      "tests/test_math.py": "def test_add():\n    assert 1 + 1 == 2\n",
    });
    dirs.push(repo);
    const env = npmEnv();
    // The installed command, started from outside this checkout: nothing of the checkout can be resolved.
    const run = (args: string[]) => execa(bin, args, { cwd: repo, env, extendEnv: false, reject: false });

    const help = await run(["--help"]);
    expect(help.exitCode, help.stderr).toBe(0);
    expect(help.stdout).toContain("init");
    // The version the package was packed with (issue 20), from the installed bin, not the checkout.
    const { version } = JSON.parse(readFileSync(join(installedRoot, "package.json"), "utf8")) as {
      version: string;
    };
    expect(await run(["--version"])).toMatchObject({ exitCode: 0, stdout: version });

    // generate: into a folder of the user's choice; the package's own generated files are not shipped.
    const out = scratchDir("rts-package-out-");
    dirs.push(out);
    const generated = await run(["generate", "--profile", "generic", "--out", out]);
    expect(generated.exitCode, generated.stderr).toBe(0);
    expect(existsSync(join(out, "run-tests", "SKILL.md"))).toBe(true);
    const inPlace = await run(["generate", "--check"]);
    expect(inPlace.exitCode).toBe(2);
    expect(inPlace.stderr).toContain("pass --out DIR");

    const init = await run(["init", repo]);
    expect(init.exitCode, `${init.stdout}\n${init.stderr}`).toBe(0);
    for (const entry of HOOK_ENTRIES) {
      const installed = readFileSync(join(repo, PATHS.binDir, `${entry}.cjs`), "utf8");
      expect(installed, entry).toBe(readFileSync(join(installedRoot, BUNDLE_HOME, `${entry}.cjs`), "utf8"));
    }
    expect(existsSync(join(repo, PATHS.skillDir("run-tests"), "SKILL.md"))).toBe(true);

    const doctor = await run(["doctor", repo]);
    expect(doctor.exitCode, `${doctor.stdout}\n${doctor.stderr}`).toBe(0);

    const guard = await execa("node", [join(repo, PATHS.binDir, "guard.cjs")], {
      cwd: repo,
      env: { ...env, CLAUDE_PROJECT_DIR: repo },
      extendEnv: false,
      input: JSON.stringify({
        session_id: "package-test",
        transcript_path: join(repo, "transcript.jsonl"),
        cwd: repo,
        permission_mode: "default",
        hook_event_name: "PreToolUse",
        tool_name: "Bash",
        tool_input: { command: "git commit -am 'wip'", description: "commit" },
        tool_use_id: "toolu_package_test",
      }),
    });
    expect(guard.exitCode).toBe(0);
    const answer = JSON.parse(guard.stdout) as {
      hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string };
    };
    expect(answer.hookSpecificOutput?.permissionDecision).toBe("deny");
    expect(answer.hookSpecificOutput?.permissionDecisionReason).toContain("git commit");
  });
});
