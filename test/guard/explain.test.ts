// `run-tests-skill explain`: in-process through the dispatcher, the whole corpus through --batch, and once as
// a real process.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../bin/cli/main.ts";
import { decide } from "../../hooks/guard/decide.ts";
import { guardPolicyFromProfile } from "../../hooks/guard/policy.ts";
import { fakeIO } from "../setup/cli-io.ts";
import { RULE_G_DEFER, RULE_G_DENY, SKILL_ALLOW, SKILL_DENY } from "./corpus.ts";
import { tractorProfile } from "./helpers.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const tmp = mkdtempSync(join(tmpdir(), "explain-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function explain(argv: string[], stdin = "") {
  const io = fakeIO(tmp, stdin);
  const code = await main(["explain", ...argv], io);
  return { code, out: io.out, err: io.err };
}

describe("explain, one command", () => {
  it("deny: exit 1, decision, rule and reason", async () => {
    const r = await explain(["--", "git commit -m x"]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^deny \[rule: git\]\nrun-tests guard: /);
  });
  it("defer: exit 0", async () => {
    const r = await explain(["--", "git status"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^defer \[rule: git-read-only\]/);
  });
  it("--json gives {decision, reason, rule}", async () => {
    const r = await explain(["--json", "--skill-active", "--", "python -m pytest -x"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(Object.keys(json)).toEqual(["decision", "reason", "rule"]);
    expect(json).toMatchObject({ decision: "allow", rule: "skill-allowed" });
  });
  it("--skill-active with the default tractor profile", async () => {
    const r = await explain(["--json", "--skill-active", "--", "pytest -q"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).reason).toContain("python -m pytest -q");
  });
  it("--profile generic: a different allowlist", async () => {
    const r = await explain(["--json", "--skill-active", "--profile", "generic", "--", "ls"]);
    expect(JSON.parse(r.out).decision).toBe("deny");
    expect((await explain(["--json", "--skill-active", "--", "ls"])).code).toBe(0);
  });
  it("--profile FILE with extends", async () => {
    const file = join(tmp, "mine.yaml");
    writeFileSync(file, "extends: tractor\nallowed_tools:\n  - Bash(make test)\n");
    const r = await explain(["--json", "--skill-active", "--profile", file, "--", "make test"]);
    expect(JSON.parse(r.out).decision).toBe("allow");
  });
  it("--skill FILE takes allowed-tools from SKILL.md front matter", async () => {
    const file = join(tmp, "SKILL.md");
    writeFileSync(file, '---\nname: run-tests\nallowed-tools: "Bash(echo *), Read"\n---\nbody\n');
    expect(
      JSON.parse((await explain(["--json", "--skill-active", "--skill", file, "--", "echo hi"])).out)
        .decision,
    ).toBe("allow");
    expect(
      JSON.parse((await explain(["--json", "--skill-active", "--skill", file, "--", "ls"])).out).decision,
    ).toBe("deny");
  });
  it("several words after -- are joined", async () => {
    const r = await explain(["--json", "--", "git", "add", "."]);
    expect(JSON.parse(r.out).rule).toBe("git");
  });
  it.each([
    [[]],
    [["--batch", "--", "ls"]],
    [["--nope", "--", "ls"]],
    [["--profile", "no-such-file.yaml", "--", "ls"]],
    [["--skill", "no-such-SKILL.md", "--", "ls"]],
  ])("bad usage %j: exit 2", async (argv) => {
    const r = await explain(argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/run-tests-skill explain: /);
  });
});

describe("explain --batch", () => {
  it("one JSON result per line, in order; JSON-string lines may hold newlines", async () => {
    // An empty line in the middle is a command too (an empty one); the final newline ends the input.
    const stdin = ["git status", '"git add .\\nls"', "ls", '"not json', "", "git push", ""].join("\n");
    const r = await explain(["--batch"], stdin);
    expect(r.code).toBe(0);
    const lines = r.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.decision)).toEqual(["defer", "deny", "defer", "error", "defer", "deny"]);
  });
  it("agrees with decide() on the whole corpus", async () => {
    const policy = guardPolicyFromProfile(tractorProfile());
    for (const [skill, cases] of [
      [false, [...RULE_G_DENY, ...RULE_G_DEFER]],
      [true, [...SKILL_ALLOW, ...SKILL_DENY]],
    ] as const) {
      const stdin = cases.map((c) => JSON.stringify(c.command)).join("\n");
      const r = await explain(["--batch", ...(skill ? ["--skill-active"] : [])], stdin);
      const got = r.out
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(got).toHaveLength(cases.length);
      cases.forEach((c, i) => {
        expect(got[i], c.command).toEqual(decide(c.command, { skillActive: skill, policy }));
        expect(got[i].decision, c.command).toBe(c.expect);
      });
    }
  });
});

describe("explain as a real process", () => {
  it("node bin/run-tests-skill.mjs explain --json", async () => {
    const r = await execa("node", ["bin/run-tests-skill.mjs", "explain", "--json", "--", "git -C . push"], {
      cwd: ROOT,
      reject: false,
    });
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(String(r.stdout))).toMatchObject({ decision: "deny", rule: "git" });
  });
  it("--batch from stdin", async () => {
    const r = await execa("node", ["bin/run-tests-skill.mjs", "explain", "--batch", "--skill-active"], {
      cwd: ROOT,
      input: "python -m pytest -q\npytest -q\n",
      reject: false,
    });
    expect(r.exitCode).toBe(0);
    expect(
      String(r.stdout)
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).decision),
    ).toEqual(["allow", "deny"]);
  });
});
