// `run-tests-skill generate` and `validate`: in-process through the dispatcher, and a few runs as a real
// process (exit codes, --json, --help).
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { generatedArtifacts } from "../../bin/build/artifacts.ts";
import { main } from "../../bin/cli/main.ts";
import { fakeIO, minimalProfileYaml, tempDir, writeFiles } from "./helpers.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SEED_DIR = join(ROOT, "test/fixtures/skills/seed/run-tests");

async function cli(argv: string[], cwd = ROOT) {
  const io = fakeIO(cwd);
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

/** A copy of this repo's generated files in a temp checkout. */
async function checkoutCopy(): Promise<string> {
  const root = tempDir("rts-check-");
  for (const { path, content } of await generatedArtifacts()) writeFiles(root, { [path]: content });
  return root;
}

describe("generate", () => {
  it("--check passes on this repo's committed files", async () => {
    const { code, out } = await cli(["generate", "--check"]);
    expect(out).toMatch(/generated file\(s\) up to date/);
    expect(code).toBe(0);
  });

  it("--check catches a hand edit, prints a diff, writes nothing; generate repairs it", async () => {
    const root = await checkoutCopy();
    // The tractor example (examples/tractor/...): the rendering of the built-in tractor profile.
    const skill = join(root, "examples/tractor/run-tests/SKILL.md");
    const edited = readFileSync(skill, "utf8").replace(
      "- `--tpt-proto` takes exactly one value per run.",
      "- hand edit",
    );
    writeFileSync(skill, edited);

    const check = await cli(["generate", "--check", "--root", root]);
    expect(check.code).toBe(1);
    expect(check.out).toContain("stale: ");
    expect(check.out).toMatch(/^-- hand edit$/m);
    expect(check.out).toMatch(/^\+- `--tpt-proto` takes exactly one value per run\.$/m);
    const total = (await generatedArtifacts()).length;
    expect(check.out).toContain(`1 of ${total} generated file(s) stale`);
    expect(readFileSync(skill, "utf8")).toBe(edited);

    expect((await cli(["generate", "--root", root])).code).toBe(0);
    expect((await cli(["generate", "--check", "--root", root])).code).toBe(0);
  });

  it("--check reports missing files and leftover generated references; generate removes only ours", async () => {
    const root = await checkoutCopy();
    writeFiles(root, {
      "plugin/skills/run-tests/references/old.md":
        "<!-- Generated from x by `run-tests-skill generate`; do not edit by hand. -->\n",
      "plugin/skills/run-tests/references/notes.md": "hand-written\n",
    });
    const { rmSync } = await import("node:fs");
    rmSync(join(root, "plugin/hooks/profile.json"));
    const check = await cli(["generate", "--check", "--json", "--root", root]);
    expect(check.code).toBe(1);
    const result = JSON.parse(check.out) as { ok: boolean; files: { path: string; status: string }[] };
    expect(result.ok).toBe(false);
    expect(result.files.filter((f) => f.status !== "unchanged").map((f) => [f.path, f.status])).toEqual([
      ["plugin/hooks/profile.json", "missing"],
      ["plugin/skills/run-tests/references/old.md", "extra"],
    ]);
    expect((await cli(["generate", "--root", root])).code).toBe(0);
    expect(readdirSync(join(root, "plugin/skills/run-tests/references"))).toEqual(["notes.md"]);
  });

  it("--out writes a skill folder that validates, in both formats", async () => {
    const out = tempDir();
    const written = await cli(["generate", "--out", out, "--profile", "generic"]);
    expect(written.code).toBe(0);
    expect(written.out).toContain("written: ");
    expect(readdirSync(join(out, "run-tests"))).toEqual(["SKILL.md"]);
    expect((await cli(["validate", join(out, "run-tests")])).code).toBe(0);

    const portable = tempDir();
    expect((await cli(["generate", "--out", portable, "--format", "portable"])).code).toBe(0);
    const result = await cli(["validate", join(portable, "run-tests"), "--format", "portable"]);
    expect(result.out).toMatch(/\(portable\): 0 error\(s\), 0 warning\(s\)/);
    expect(result.code).toBe(0);
  });

  it("a user profile extending a built-in one", async () => {
    const dir = tempDir();
    writeFiles(dir, {
      "profile.yaml": 'extends: generic\nproject:\n  name: acme\n  about: "a test project"\n',
    });
    const out = join(dir, "out");
    expect((await cli(["generate", "--profile", "profile.yaml", "--out", out], dir)).code).toBe(0);
    const skill = readFileSync(join(out, "run-tests/SKILL.md"), "utf8");
    expect(skill).toContain("<!-- Generated from profile.yaml by");
    expect(skill).toContain("Run the pytest suite of acme, a test project, or part of it");
  });

  it("a broken profile: one error per problem, exit 1, nothing written", async () => {
    const dir = tempDir();
    writeFiles(dir, {
      "bad.yaml": minimalProfileYaml(
        "known_flaky:\n  - path: t/test_a.py\n    name: test_a\n    note: n\nbogus: 1\n",
      ),
    });
    const out = join(dir, "out");
    const result = await cli(["generate", "--profile", "bad.yaml", "--out", out], dir);
    expect(result.code).toBe(1);
    const lines = result.err.trim().split("\n");
    expect(lines).toEqual([
      expect.stringMatching(
        /bad\.yaml:18: known_flaky\.0\.signatures: required field "signatures" is missing/,
      ),
      expect.stringMatching(/bad\.yaml:21: bogus: unknown key "bogus"/),
    ]);
    expect(existsSync(out)).toBe(false);

    const json = await cli(["generate", "--profile", "bad.yaml", "--out", out, "--json"], dir);
    expect(JSON.parse(json.out)).toMatchObject({
      ok: false,
      errors: [{ field: "known_flaky.0.signatures" }, { field: "bogus" }],
    });
  });

  it("a profile whose skill would fail validation is refused", async () => {
    const dir = tempDir();
    writeFiles(dir, {
      "p.yaml": minimalProfileYaml(
        "examples:\n  - args: all\n    means: everything\n    command: pytest checks/ | tail -5\n",
      ),
    });
    const out = join(dir, "out");
    const result = await cli(["generate", "--profile", "p.yaml", "--out", out], dir);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/fails validation; nothing written/);
    expect(result.err).toMatch(/error \[command-allowed\] "pytest checks\/ \| tail -5"/);
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    [["generate", "--format", "yaml"], /--format must be claude-code or portable/],
    [["generate", "stray"], /unexpected argument: stray/],
    [["generate", "--bogus"], /Unknown option/],
    [["generate", "--out", "x", "--root", "y"], /exclude each other/],
  ])("bad usage %j exits 2", async (argv, message) => {
    const result = await cli(argv);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.err).toContain("usage: run-tests-skill generate");
  });
});

describe("validate", () => {
  it("defaults to the plugin's skill in a checkout of this repo, and passes", async () => {
    const result = await cli(["validate"]);
    expect(result.out).toBe("plugin/skills/run-tests (claude-code): 0 error(s), 0 warning(s)\n");
    expect(result.code).toBe(0);
  });

  it("reports the seed's findings with their rules, exit 1", async () => {
    const result = await cli(["validate", SEED_DIR]);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(
      /SKILL\.md:134: error \[command-allowed\] "python -m pytest tests\/ -x -q --co 2>&1 \| tail -5"/,
    );
    expect(result.out).toMatch(/\(claude-code\): 2 error\(s\), \d+ warning\(s\)\n$/);
  });

  it("--json gives one entry per folder", async () => {
    const result = await cli([
      "validate",
      SEED_DIR,
      "plugin/skills/run-tests",
      "--format",
      "portable",
      "--json",
    ]);
    const parsed = JSON.parse(result.out) as { dir: string; format: string; findings: { rule: string }[] }[];
    expect(parsed.map((r) => [r.dir, r.format])).toEqual([
      ["test/fixtures/skills/seed/run-tests", "portable"],
      ["plugin/skills/run-tests", "portable"],
    ]);
    expect(parsed[0]?.findings.map((f) => f.rule)).toEqual(
      expect.arrayContaining(["unknown-key", "allowed-tools-format"]),
    );
    expect(result.code).toBe(1);
  });

  it("a folder without SKILL.md", async () => {
    const result = await cli(["validate", tempDir()]);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/error \[file-name\] no SKILL\.md/);
  });

  it("--profile judges commands with the profile's closed options", async () => {
    const dir = join(tempDir(), "run-tests");
    const skill = readFileSync(join(ROOT, "examples/tractor/run-tests/SKILL.md"), "utf8").replace(
      "python -m pytest --lf -x --tb=short --no-header\n",
      "python -m pytest --lf -x --tb=short --no-header --timeout 30\n",
    );
    writeFiles(dir, { "SKILL.md": skill });
    expect((await cli(["validate", dir])).code).toBe(0);
    const strict = await cli(["validate", dir, "--profile", "tractor"]);
    expect(strict.code).toBe(1);
    expect(strict.out).toMatch(
      /command-allowed\] "python -m pytest --lf -x --tb=short --no-header --timeout 30"/,
    );
  });

  it("bad usage exits 2; --help lists the rules", async () => {
    expect((await cli(["validate", "--format", "zip"])).code).toBe(2);
    const help = await cli(["validate", "--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^ {2}command-allowed +every command in an sh block is allowed/m);
  });
});

describe("as a real process", () => {
  const bin = join(ROOT, "bin/run-tests-skill.mjs");
  const run = (args: string[]) => execa("node", [bin, ...args], { cwd: ROOT, reject: false });

  it("generate --check exits 0 on this repo", async () => {
    const result = await run(["generate", "--check"]);
    expect(result.stdout).toMatch(/up to date/);
    expect(result.exitCode).toBe(0);
  });

  it("validate exits 1 on the seed, with --json on stdout", async () => {
    const result = await run(["validate", SEED_DIR, "--json"]);
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout)[0].findings.length).toBeGreaterThan(0);
  });

  it("bad usage exits 2, --help exits 0", async () => {
    expect((await run(["generate", "--nope"])).exitCode).toBe(2);
    const help = await run(["generate", "--help"]);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/^usage: run-tests-skill generate/);
  });
});
