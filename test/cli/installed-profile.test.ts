// Inside an installed repository the CLI uses that repository's profile by default (issue 8): explain,
// validate, classify and flaky find the nearest .claude/run-tests-skill/profile.json at or above the working
// folder, say on stderr which profile they used, and --profile still overrides.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../bin/cli/main.ts";
import { compileProfile } from "../../hooks/core/profile/compile.ts";
import { loadProfileText } from "../../hooks/core/profile/load.ts";
import { renderSkill } from "../../skills/generator/render.ts";
import { fakeIO, tempDir, writeFiles } from "../skills/helpers.ts";

const PROFILE_YAML = `extends: generic
project:
  name: acme
  tests_dir: tests
runner:
  python: .venv/bin/python
known_flaky:
  - path: tests/test_net.py
    name: test_fetch
    signatures: [TimeoutError]
    note: the network
`;

/** A repository with an installed profile and its generated skill, as `init` leaves them. */
function installedRepo(): string {
  const root = tempDir("rts-installed-");
  const loaded = loadProfileText(PROFILE_YAML, join(root, ".claude/run-tests-skill/profile.yaml"));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  writeFiles(root, {
    ".claude/run-tests-skill/profile.json": compileProfile(
      loaded.profile,
      ".claude/run-tests-skill/profile.yaml",
    ),
  });
  for (const [path, content] of renderSkill(loaded.profile, { format: "claude-code", profileLabel: "test" }))
    writeFiles(root, { [`.claude/skills/run-tests/${path}`]: content });
  mkdirSync(join(root, "tests", "unit"), { recursive: true });
  return root;
}

async function cli(argv: string[], cwd: string, stdin = "") {
  const io = fakeIO(cwd, stdin);
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

describe("the CLI inside an installed repository", () => {
  it("explain uses the installed profile and skill, from a subfolder too", async () => {
    const root = installedRepo();
    for (const cwd of [root, join(root, "tests", "unit")]) {
      const r = await cli(
        ["explain", "--skill-active", "--json", "--", ".venv/bin/python -m pytest tests"],
        cwd,
      );
      expect(r.err).toMatch(/profile: installed .*\.claude\/run-tests-skill\/profile\.json/);
      expect(JSON.parse(r.out).decision).toBe("allow");
    }
    const denied = await cli(["explain", "--skill-active", "--", "python -m pytest tests"], root);
    expect(denied.code).toBe(1);
    expect(denied.out).toContain("`.venv/bin/python -m pytest tests`");
  });

  it("explain: the project's own venv by an absolute path is the runner", async () => {
    const root = installedRepo();
    const abs = join(root, ".venv/bin/python");
    const r = await cli(["explain", "--skill-active", "--json", "--", `${abs} -m pytest tests`], root);
    expect(JSON.parse(r.out).decision).toBe("allow");
  });

  it("--profile overrides the installed profile", async () => {
    const root = installedRepo();
    const r = await cli(
      ["explain", "--skill-active", "--json", "--profile", "generic", "--", ".venv/bin/python -m pytest"],
      root,
    );
    expect(r.err).toContain("the built-in generic profile (--profile)");
  });

  it("outside any installation: the built-in default, said so", async () => {
    const r = await cli(["explain", "--json", "--", "ls"], tempDir("rts-bare-"));
    expect(r.err).toContain("nothing installed here");
  });

  it("validate judges the installed skill with the installed profile", async () => {
    const root = installedRepo();
    const r = await cli(["validate", ".claude/skills/run-tests"], root);
    expect(r.err).toMatch(/profile: installed/);
    expect(r.out).toMatch(/0 error\(s\)/);
    expect(r.code).toBe(0);
  });

  it("classify uses the installed known-flaky list", async () => {
    const root = installedRepo();
    const output = [
      "============================= test session starts ==============================",
      "collected 1 item",
      "",
      "tests/test_net.py F                                                      [100%]",
      "",
      "=================================== FAILURES ===================================",
      "__________________________________ test_fetch __________________________________",
      "tests/test_net.py:3: in test_fetch",
      "    raise TimeoutError()",
      "E   TimeoutError",
      "=========================== short test summary info ============================",
      "FAILED tests/test_net.py::test_fetch - TimeoutError",
      "============================== 1 failed in 0.05s ===============================",
      "",
    ].join("\n");
    writeFileSync(join(root, "out.txt"), output);
    const withProfile = await cli(["classify", "--json", "out.txt"], root);
    expect(withProfile.err).toMatch(/profile: installed/);
    expect(JSON.parse(withProfile.out).class).toBe("flaky-known");
    const bare = await cli(["classify", "--json", join(root, "out.txt")], tempDir("rts-bare-"));
    expect(bare.err).toContain("profile: none");
    expect(JSON.parse(bare.out).class).not.toBe("flaky-known");
  });

  it("flaky reads the installed project's ledger from a subfolder", async () => {
    const root = installedRepo();
    const r = await cli(["flaky", "--json"], join(root, "tests", "unit"));
    expect(r.err).toMatch(/profile: installed/);
    expect(JSON.parse(r.out).ledger).toBe(join(root, ".claude/run-tests-skill/state/flaky-ledger.jsonl"));
  });
});
