// The hand-written seed skill through the validator: it reports the seed's real problems.
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { type Finding, validateSkillDirDetailed } from "../../skills/validator/validate.ts";
import { tempDir } from "./helpers.ts";

/** A verbatim copy of the seed (../shared/seed/run-tests-SKILL.md), so the test runs from a plain clone. */
const SEED = fileURLToPath(new URL("../fixtures/skills/seed/run-tests/SKILL.md", import.meta.url));

let dir: string;
beforeAll(() => {
  dir = join(tempDir("rts-seed-"), "run-tests");
  mkdirSync(dir);
  copyFileSync(SEED, join(dir, "SKILL.md"));
});

const summary = (findings: Finding[]) => findings.map((f) => `${f.line ?? ""} ${f.rule}: ${f.message}`);

describe("the seed as a Claude Code skill", () => {
  it("is detected as claude-code and fails on the two pipes into tail", () => {
    const { format, findings } = validateSkillDirDetailed(dir);
    expect(format).toBe("claude-code");
    const errors = findings.filter((f) => f.severity === "error");
    expect(errors.map((f) => [f.rule, f.line])).toEqual([
      ["command-allowed", 134],
      ["command-allowed", 212],
    ]);
    expect(errors[0]?.message).toMatch(
      /^"python -m pytest tests\/ -x -q --co 2>&1 \| tail -5" is not allowed .*tail -5/,
    );
    expect(errors[1]?.message).toMatch(/python -c 'import tractor' && python -m pytest .* \| tail -3/);
  });

  it("warns about what it allows but never uses, its untagged blocks and unquoted values", () => {
    const { findings } = validateSkillDirDetailed(dir);
    const warnings = summary(findings.filter((f) => f.severity === "warning"));
    expect(warnings).toEqual(
      expect.arrayContaining([
        '2 yaml-quoted-strings: name: an unquoted string; quote string values ("...") or use a block scalar',
        expect.stringMatching(/^7 yaml-quoted-strings: allowed-tools: 11 unquoted strings/),
        "7 tool-unused: Bash(python --version *) is allowed but no command in an sh block uses it",
        "7 tool-unused: Bash(ls *) is allowed but no command in an sh block uses it",
        "7 tool-unused: Bash(cat *) is allowed but no command in an sh block uses it",
        "7 tool-unused: Task is allowed but the body never mentions Task",
        expect.stringMatching(/^47 fence-language/),
        expect.stringMatching(/^170 fence-language/),
      ]),
    );
  });
});

describe("the seed as a portable skill", () => {
  it("also fails on argument-hint and the list-form allowed-tools", () => {
    const { format, findings } = validateSkillDirDetailed(dir, { format: "portable" });
    expect(format).toBe("portable");
    expect(findings.filter((f) => f.severity === "error").map((f) => [f.rule, f.line])).toEqual([
      ["unknown-key", 6],
      ["allowed-tools-format", 7],
      ["command-allowed", 134],
      ["command-allowed", 212],
    ]);
  });
});
