// The renderer in general: formats, bytes, determinism, references/ when tables are long, and no project
// facts hard-coded in the templates.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { loadProfile, loadProfileText } from "../../hooks/core/profile/load.ts";
import type { Profile } from "../../hooks/core/profile/schema.ts";
import { LONG_TABLE_ROWS, SPEC_KEYS, splitAllowedTools } from "../../hooks/core/profile/skill-md.ts";
import { renderFrontmatter, renderSkill, yamlString } from "../../skills/generator/render.ts";
import { validateSkillFiles } from "../../skills/validator/validate.ts";
import { minimalProfileYaml, tempDir, writeFiles } from "./helpers.ts";

function builtin(name: "tractor" | "generic"): Profile {
  const loaded = loadProfile(name);
  if (!loaded.ok) throw new Error(`${name} does not load`);
  return loaded.profile;
}

function fromYaml(yaml: string): Profile {
  const loaded = loadProfileText(yaml, join(tempDir(), "p.yaml"));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.profile;
}

function frontmatterOf(skill: string): Record<string, unknown> {
  const end = skill.indexOf("\n---\n");
  return parseDocument(skill.slice(4, end)).toJS() as Record<string, unknown>;
}

describe("bytes", () => {
  it.each(["tractor", "generic"] as const)("%s: deterministic, LF, no BOM, ends with one newline", (name) => {
    const a = renderSkill(builtin(name), { format: "claude-code", profileLabel: "L" });
    const b = renderSkill(builtin(name), { format: "claude-code", profileLabel: "L" });
    expect([...a]).toEqual([...b]);
    for (const content of a.values()) {
      expect(content.charCodeAt(0)).not.toBe(0xfeff);
      expect(content).not.toContain("\r");
      expect(content.endsWith("\n") && !content.endsWith("\n\n")).toBe(true);
    }
  });

  it("double-quotes every frontmatter string and escapes quotes and backslashes", () => {
    const profile = builtin("generic");
    profile.skill.description = 'Say "hi" \\ bye: Use when: asked.';
    const fm = renderFrontmatter(profile, "claude-code");
    for (const line of fm.split("\n").slice(1, -1)) expect(line).toMatch(/^[a-z-]+: ".*"$/);
    expect(frontmatterOf(`${fm}\n`).description).toBe('Say "hi" \\ bye: Use when: asked.');
    expect(parseDocument(`k: ${yamlString('a\nb\t"c"')}`).toJS()).toEqual({ k: 'a\nb\t"c"' });
  });
});

describe("formats", () => {
  it("portable has only spec keys, no argument-hint, and a space-separated allowed-tools", () => {
    const profile = builtin("tractor");
    const skill = renderSkill(profile, { format: "portable", profileLabel: "L" }).get("SKILL.md") ?? "";
    const fm = frontmatterOf(skill);
    for (const key of Object.keys(fm)) expect(SPEC_KEYS as readonly string[]).toContain(key);
    expect(fm["argument-hint"]).toBeUndefined();
    const tools = fm["allowed-tools"] as string;
    expect(tools).toMatch(/^Bash\(python -m pytest \*\) Bash\(py\*\/bin\/python -m pytest \*\) /);
    expect(tools).not.toContain(",");
    expect(splitAllowedTools(tools)).toEqual(profile.allowed_tools);
  });

  it("claude-code joins allowed-tools with commas; both split back to the profile's list", () => {
    const profile = builtin("tractor");
    const skill = renderSkill(profile, { format: "claude-code", profileLabel: "L" }).get("SKILL.md") ?? "";
    expect(splitAllowedTools(frontmatterOf(skill)["allowed-tools"] as string)).toEqual(profile.allowed_tools);
  });

  it.each([
    ["tractor", "claude-code"],
    ["tractor", "portable"],
    ["generic", "claude-code"],
    ["generic", "portable"],
  ] as const)("%s in %s validates without any finding", (name, format) => {
    const profile = builtin(name);
    const files = renderSkill(profile, { format, profileLabel: "L" });
    expect(validateSkillFiles({ dirName: "run-tests", files }, { format }).findings).toEqual([]);
    expect(validateSkillFiles({ dirName: "run-tests", files }, { format, profile }).findings).toEqual([]);
  });

  it("a written portable folder validates clean from disk", async () => {
    const { validateSkillDir } = await import("../../skills/validator/validate.ts");
    const dir = join(tempDir(), "run-tests");
    const files = renderSkill(builtin("tractor"), { format: "portable", profileLabel: "L" });
    writeFiles(dir, Object.fromEntries(files));
    expect(validateSkillDir(dir, { format: "portable" })).toEqual([]);
    expect(validateSkillDir(dir)).toEqual([]);
  });
});

describe("templates are project-neutral", () => {
  it("the generic skill never mentions tractor or its facts", () => {
    const skill =
      renderSkill(builtin("generic"), { format: "claude-code", profileLabel: "L" }).get("SKILL.md") ?? "";
    // (trio.TooSlowError and pexpect's TIMEOUT are the default timeout signatures of any pytest project.)
    for (const fact of ["tractor", "1616", "tpt-proto", "py<MINOR>", "commit-msg", "registry", "mp_spawn"]) {
      expect(skill).not.toContain(fact);
    }
    expect(skill).toContain("No test of this project is listed as known flaky.");
  });

  it("a made-up project's facts all come from its profile", () => {
    const profile = fromYaml(
      minimalProfileYaml(`examples:
  - args: fast
    means: the fast subset
    command: python -m pytest checks/fast -q
known_flaky:
  - path: checks/test_net.py
    name: test_fetch
    signatures: [ConnectionResetError]
    note: flaky network
options:
  closed: true
  project:
    - flag: --db
      purpose: database to test against
      value_name: url
`).replace("options: {}\n", ""),
    );
    const skill =
      renderSkill(profile, { format: "claude-code", profileLabel: "acme.yaml" }).get("SKILL.md") ?? "";
    expect(skill).toContain(
      "<!-- Generated from acme.yaml by `run-tests-skill generate`; do not edit by hand. -->",
    );
    expect(skill).toContain("Run the pytest suite of acme or part of it");
    expect(skill).toContain("| `/run-tests fast` | the fast subset |");
    expect(skill).toContain("python -m pytest checks/fast -q");
    expect(skill).toContain(
      "| `checks/test_net.py::test_fetch` | any | `ConnectionResetError` | flaky network |",
    );
    expect(skill).toContain("| `--db <url>` | database to test against | any |");
    expect(skill).toContain("python -m pytest --lf\n");
    expect(skill).not.toMatch(/tractor|tests\//);
  });
});

describe("references/", () => {
  function bigMapping(rows: number): Profile {
    const mapping = Array.from(
      { length: rows },
      (_, i) => `  - changed: [src/mod${i}.py]\n    tests: [checks/test_mod${i}.py]\n`,
    ).join("");
    return fromYaml(minimalProfileYaml(`mapping:\n${mapping}`));
  }

  it("a long table moves to references/ with a line saying when to read it, and still validates", () => {
    const files = renderSkill(bigMapping(LONG_TABLE_ROWS + 1), { format: "claude-code", profileLabel: "L" });
    expect([...files.keys()]).toEqual(["SKILL.md", "references/mapping.md"]);
    const skill = files.get("SKILL.md") ?? "";
    expect(skill).toContain(
      "Read [references/mapping.md](references/mapping.md) when you changed a module and want the tests to run first.",
    );
    expect(skill).not.toContain("src/mod0.py");
    const reference = files.get("references/mapping.md") ?? "";
    expect(reference).toMatch(/^<!-- Generated from L .*-->\n\n# Change-to-test mapping\n/);
    expect(reference).toContain(`| \`src/mod${LONG_TABLE_ROWS}.py\` |`);
    expect(validateSkillFiles({ dirName: "run-tests", files }).findings).toEqual([]);
  });

  it("a short table stays in the body", () => {
    const files = renderSkill(bigMapping(LONG_TABLE_ROWS), { format: "claude-code", profileLabel: "L" });
    expect([...files.keys()]).toEqual(["SKILL.md"]);
  });

  it("sections move out while the body would reach 500 lines", () => {
    const layout = Array.from({ length: 25 }, (_, i) => `  - path: checks/t${i}.py\n    note: n\n`).join("");
    const checks = Array.from(
      { length: 62 },
      (_, i) => `  - title: Check ${i}\n    run:\n      - python -m pytest checks/t${i}.py\n`,
    ).join("");
    const mapping = Array.from(
      { length: 25 },
      (_, i) => `  - changed: [s${i}.py]\n    tests: [checks/t${i}.py]\n`,
    ).join("");
    const profile = fromYaml(
      minimalProfileYaml(`layout:\n${layout}quick_checks:\n${checks}mapping:\n${mapping}`),
    );
    const files = renderSkill(profile, { format: "claude-code", profileLabel: "L" });
    const skill = files.get("SKILL.md") ?? "";
    expect(skill.split("\n").length).toBeLessThan(500);
    expect(files.size).toBeGreaterThan(1);
    expect(validateSkillFiles({ dirName: "run-tests", files }).findings).toEqual([]);
  });

  it("a body that cannot be made short enough is an error, not a broken file", () => {
    const gotchas = Array.from({ length: 520 }, (_, i) => `  - "fact ${i}"\n`).join("");
    const profile = fromYaml(minimalProfileYaml(`gotchas:\n${gotchas}`));
    expect(() => renderSkill(profile, { format: "claude-code", profileLabel: "L" })).toThrow(
      /over the limit of 499/,
    );
  });
});
