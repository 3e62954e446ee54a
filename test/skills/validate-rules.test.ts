// One failing fixture per validation rule, built from a good skill by one change each; the good skill itself
// has no finding in either format, and every rule in RULES has at least one fixture here.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES, type RuleId } from "../../skills/validator/rules.ts";
import { type SkillSnapshot, validateSkillDir, validateSkillFiles } from "../../skills/validator/validate.ts";
import { tempDir, writeFiles } from "./helpers.ts";

const BODY = `# Demo

Read the failing test before changing anything.

\`\`\`sh
python -m pytest tests/
\`\`\`
`;

function skill(frontmatter: string[], body = BODY): string {
  return `---\n${frontmatter.join("\n")}\n---\n${body}`;
}

const CLAUDE = [
  'name: "demo"',
  'description: "Run the demo tests. Use when asked to test."',
  'argument-hint: "[path]"',
  'allowed-tools: "Bash(python -m pytest *), Read"',
];
const PORTABLE = [
  'name: "demo"',
  'description: "Run the demo tests. Use when asked to test."',
  'allowed-tools: "Bash(python -m pytest *) Read"',
];

/** CLAUDE with one line replaced (by key) or added. */
function withLine(key: string, line: string | null, base = CLAUDE): string[] {
  const out = base.filter((l) => !l.startsWith(`${key}:`));
  if (line !== null) out.push(line);
  return out;
}

interface Fixture {
  name: string;
  rule: RuleId;
  files: Record<string, string>;
  dirName?: string;
  format?: "claude-code" | "portable" | "auto";
  line?: number;
  /** When the rule reports this case more softly than its default. */
  severity?: "error" | "warning";
}

const long = (n: number, c = "a") => c.repeat(n);

const FIXTURES: Fixture[] = [
  { name: "no SKILL.md", rule: "file-name", files: { "README.md": "# x\n" } },
  { name: "lower-case skill.md", rule: "file-name", files: { "skill.md": skill(CLAUDE) } },
  { name: "BOM", rule: "bom", files: { "SKILL.md": `\uFEFF${skill(CLAUDE)}` }, line: 1 },
  {
    name: "CRLF",
    rule: "line-endings",
    files: { "SKILL.md": skill(CLAUDE).replace(/\n/g, "\r\n") },
    line: 1,
  },
  {
    name: "CR in a reference",
    rule: "line-endings",
    files: { "SKILL.md": skill(CLAUDE), "references/a.md": "x\r\ny\n" },
  },
  { name: "no opening fence", rule: "frontmatter-fences", files: { "SKILL.md": BODY }, line: 1 },
  {
    name: "unclosed frontmatter",
    rule: "frontmatter-fences",
    files: { "SKILL.md": `---\n${CLAUDE.join("\n")}\n${BODY}` },
  },
  {
    name: "--- in a value",
    rule: "frontmatter-separator",
    files: {
      "SKILL.md": skill(withLine("description", 'description: "Run tests --- fast. Use when asked."')),
    },
    line: 5,
  },
  {
    name: "unclosed quote",
    rule: "yaml-parse",
    files: { "SKILL.md": skill(withLine("description", 'description: "Run tests. Use when asked.')) },
  },
  {
    name: "a list, not a mapping",
    rule: "yaml-mapping",
    files: { "SKILL.md": skill(["- a", "- b"]) },
    line: 2,
  },
  {
    name: "flow mapping",
    rule: "yaml-block-style",
    files: { "SKILL.md": skill(withLine("metadata", 'metadata: {owner: "me"}')) },
    line: 6,
  },
  {
    name: "anchor",
    rule: "yaml-block-style",
    files: { "SKILL.md": skill(withLine("license", 'license: &l "MIT"')) },
  },
  {
    name: "tag",
    rule: "yaml-block-style",
    files: { "SKILL.md": skill(withLine("license", 'license: !!str "MIT"')) },
  },
  {
    name: "unquoted value with ': '",
    rule: "yaml-colon-trap",
    files: {
      "SKILL.md": skill(withLine("description", "description: Run the tests. Use when: asked to test.")),
    },
    line: 5,
  },
  {
    name: "plain string",
    rule: "yaml-quoted-strings",
    files: { "SKILL.md": skill(withLine("name", "name: demo")) },
  },
  {
    name: "misspelt key",
    rule: "unknown-key",
    files: { "SKILL.md": skill([...CLAUDE, 'allowed_tools: "Read"']) },
  },
  {
    name: "argument-hint in portable",
    rule: "unknown-key",
    format: "portable",
    files: { "SKILL.md": skill(CLAUDE) },
  },
  { name: "no name", rule: "name-required", files: { "SKILL.md": skill(withLine("name", null)) } },
  {
    name: "65-character name",
    rule: "name-length",
    dirName: long(65),
    files: { "SKILL.md": skill(withLine("name", `name: "${long(65)}"`)) },
  },
  {
    name: "upper case",
    rule: "name-charset",
    dirName: "Demo",
    files: { "SKILL.md": skill(withLine("name", 'name: "Demo"')) },
  },
  {
    name: "double hyphen",
    rule: "name-hyphens",
    dirName: "de--mo",
    files: { "SKILL.md": skill(withLine("name", 'name: "de--mo"')) },
  },
  {
    name: "leading hyphen",
    rule: "name-hyphens",
    dirName: "-demo",
    files: { "SKILL.md": skill(withLine("name", 'name: "-demo"')) },
  },
  {
    name: "name is not the folder",
    rule: "name-directory",
    dirName: "other",
    files: { "SKILL.md": skill(CLAUDE) },
  },
  {
    name: "reserved word",
    rule: "name-reserved",
    dirName: "claude-demo",
    files: { "SKILL.md": skill(withLine("name", 'name: "claude-demo"')) },
  },
  {
    name: "no description",
    rule: "description-required",
    files: { "SKILL.md": skill(withLine("description", null)) },
  },
  {
    name: "empty description",
    rule: "description-required",
    files: { "SKILL.md": skill(withLine("description", 'description: ""')) },
  },
  {
    name: "description as a list",
    rule: "description-type",
    files: { "SKILL.md": skill(withLine("description", 'description:\n  - "a"')) },
  },
  {
    name: "1025-character description",
    rule: "description-length",
    files: { "SKILL.md": skill(withLine("description", `description: "Use when ${long(1016)}"`)) },
  },
  {
    name: "angle brackets",
    rule: "description-angle-brackets",
    files: { "SKILL.md": skill(withLine("description", 'description: "Run <file>. Use when asked."')) },
  },
  {
    name: "400-character description",
    rule: "description-long",
    files: { "SKILL.md": skill(withLine("description", `description: "Use when ${long(391)}"`)) },
  },
  {
    name: "no 'when'",
    rule: "description-when",
    files: { "SKILL.md": skill(withLine("description", 'description: "Runs the demo tests."')) },
  },
  {
    name: "501-character compatibility",
    rule: "compatibility-length",
    files: { "SKILL.md": skill(withLine("compatibility", `compatibility: "${long(501)}"`)) },
  },
  {
    name: "numeric compatibility",
    rule: "compatibility-length",
    files: { "SKILL.md": skill(withLine("compatibility", "compatibility: 3")) },
  },
  {
    name: "metadata value is a float",
    rule: "metadata-strings",
    files: { "SKILL.md": skill(withLine("metadata", "metadata:\n  version: 1.0")) },
    line: 7,
  },
  {
    name: "metadata is a string",
    rule: "metadata-strings",
    files: { "SKILL.md": skill(withLine("metadata", 'metadata: "x"')) },
  },
  {
    name: "allowed-tools with a number",
    rule: "allowed-tools-type",
    files: { "SKILL.md": skill(withLine("allowed-tools", 'allowed-tools:\n  - "Read"\n  - 3')) },
  },
  {
    name: "allowed-tools as a list in portable",
    rule: "allowed-tools-format",
    format: "portable",
    files: {
      "SKILL.md": skill(
        withLine("allowed-tools", 'allowed-tools:\n  - "Bash(python -m pytest *)"\n  - "Read"', PORTABLE),
      ),
    },
  },
  {
    name: "argument-hint as a YAML list",
    rule: "argument-hint-quoted",
    files: { "SKILL.md": skill(withLine("argument-hint", "argument-hint: [path]")) },
    line: 5,
  },
  {
    name: "argument-hint unquoted",
    rule: "argument-hint-quoted",
    files: { "SKILL.md": skill(withLine("argument-hint", "argument-hint: path")) },
  },
  {
    name: "shell: fish",
    rule: "shell-value",
    files: { "SKILL.md": skill(withLine("shell", 'shell: "fish"')) },
  },
  {
    name: "boolean as a string",
    rule: "boolean-value",
    files: { "SKILL.md": skill(withLine("disable-model-invocation", 'disable-model-invocation: "yes"')) },
  },
  {
    name: "bad context",
    rule: "boolean-value",
    files: { "SKILL.md": skill(withLine("context", 'context: "sideways"')) },
  },
  {
    name: "500-line body",
    rule: "body-lines",
    files: {
      "SKILL.md": skill(CLAUDE, `${BODY}${"Read more.\n".repeat(500 - BODY.split("\n").length + 1)}`),
    },
    line: 7,
  },
  {
    name: "huge body",
    rule: "body-size",
    files: { "SKILL.md": skill(CLAUDE, `${BODY}${`Read ${long(300, "x ")}\n`.repeat(40)}`) },
  },
  {
    name: "link two levels deep",
    rule: "references-depth",
    files: {
      "SKILL.md": skill(CLAUDE, `${BODY}See [deep](references/a/b.md).\n`),
      "references/a/b.md": "x\n",
    },
  },
  {
    name: "link out of the folder",
    rule: "references-depth",
    files: { "SKILL.md": skill(CLAUDE, `${BODY}See [x](../x.md).\n`) },
  },
  {
    name: "nested reference file",
    rule: "references-depth",
    severity: "warning",
    files: { "SKILL.md": skill(CLAUDE), "references/a/b.md": "x\n" },
  },
  {
    name: "broken link",
    rule: "links-resolve",
    files: { "SKILL.md": skill(CLAUDE, `${BODY}Read [flaky](references/flaky.md) when a test fails.\n`) },
    line: 14,
  },
  {
    name: "bare mention of a missing reference",
    rule: "links-resolve",
    files: { "SKILL.md": skill(CLAUDE, `${BODY}Read references/flaky.md when a test fails.\n`) },
  },
  {
    name: "untagged fence",
    rule: "fence-language",
    files: { "SKILL.md": skill(CLAUDE, `${BODY}\`\`\`\ntests/\n\`\`\`\n`) },
    line: 14,
  },
  {
    name: "pipe into tail",
    rule: "command-allowed",
    files: {
      "SKILL.md": skill(CLAUDE, BODY.replace("python -m pytest tests/", "python -m pytest tests/ | tail -5")),
    },
    line: 12,
  },
  {
    name: "unused Bash rule",
    rule: "tool-unused",
    files: {
      "SKILL.md": skill(
        withLine("allowed-tools", 'allowed-tools: "Bash(python -m pytest *), Bash(ls *), Read"'),
      ),
    },
    line: 5,
  },
  {
    name: "unmentioned tool",
    rule: "tool-unused",
    files: {
      "SKILL.md": skill(withLine("allowed-tools", 'allowed-tools: "Bash(python -m pytest *), Read, Grep"')),
    },
  },
];

function run(fixture: Fixture) {
  const snapshot: SkillSnapshot = {
    dirName: fixture.dirName ?? "demo",
    files: new Map(Object.entries(fixture.files)),
  };
  return validateSkillFiles(snapshot, { format: fixture.format ?? "auto" });
}

describe("the good skill", () => {
  it("has no finding as claude-code", () => {
    expect(run({ name: "good", rule: "bom", files: { "SKILL.md": skill(CLAUDE) } })).toEqual({
      format: "claude-code",
      findings: [],
    });
  });

  it("has no finding as portable (auto-detected)", () => {
    expect(run({ name: "good", rule: "bom", files: { "SKILL.md": skill(PORTABLE) } })).toEqual({
      format: "portable",
      findings: [],
    });
  });
});

describe("one failing fixture per rule", () => {
  it.each(FIXTURES.map((f) => [`${f.rule}: ${f.name}`, f] as const))("%s", (_, fixture) => {
    const { findings } = run(fixture);
    const hits = findings.filter((f) => f.rule === fixture.rule);
    expect(hits.length, JSON.stringify(findings, null, 2)).toBeGreaterThan(0);
    const hit = hits[0];
    expect(hit?.message).toMatch(/\S/);
    if (fixture.line !== undefined) expect(hit?.line).toBe(fixture.line);
    expect(hits.map((h) => h.severity)).toContain(fixture.severity ?? RULES[fixture.rule].severity);
  });

  it("covers every rule", () => {
    const covered = new Set(FIXTURES.map((f) => f.rule));
    expect(Object.keys(RULES).filter((rule) => !covered.has(rule as RuleId))).toEqual([]);
  });
});

describe("details", () => {
  it("portable allowed-tools with commas is only a warning", () => {
    const text = skill(
      withLine("allowed-tools", 'allowed-tools: "Bash(python -m pytest *), Read"', PORTABLE),
    );
    const { findings } = run({ name: "", rule: "bom", files: { "SKILL.md": text } });
    expect(findings).toEqual([
      expect.objectContaining({ rule: "allowed-tools-format", severity: "warning" }),
    ]);
  });

  it("suggests the dashed spelling of a misspelt key", () => {
    const { findings } = run(FIXTURES.find((f) => f.name === "misspelt key") as Fixture);
    expect(findings.find((f) => f.rule === "unknown-key")?.message).toMatch(/did you mean allowed-tools\?/);
  });

  it("the colon trap is reported once, not also as a YAML error", () => {
    const { findings } = run(FIXTURES.find((f) => f.rule === "yaml-colon-trap") as Fixture);
    expect(findings.map((f) => f.rule)).toEqual(["yaml-colon-trap"]);
  });

  it("a reference file's finding names the file", () => {
    const { findings } = run(FIXTURES.find((f) => f.name === "CR in a reference") as Fixture);
    expect(findings).toEqual([
      expect.objectContaining({ rule: "line-endings", file: "references/a.md", line: 1 }),
    ]);
  });

  it("a link to an existing reference one level deep is fine", () => {
    const text = skill(CLAUDE, `${BODY}Read [flaky](references/flaky.md#list) when a test fails.\n`);
    expect(
      run({ name: "", rule: "bom", files: { "SKILL.md": text, "references/flaky.md": "x\n" } }).findings,
    ).toEqual([]);
  });

  it("reads a real folder", () => {
    const dir = join(tempDir(), "demo");
    writeFiles(dir, { "SKILL.md": skill(CLAUDE), "references/a/b.md": "x\n" });
    expect(validateSkillDir(dir)).toEqual([
      expect.objectContaining({ rule: "references-depth", severity: "warning", file: "references/a/b.md" }),
    ]);
    expect(validateSkillDir(join(dir, "missing"))).toEqual([expect.objectContaining({ rule: "file-name" })]);
  });
});

describe("allowed-tools as a YAML list", () => {
  it("is split item by item the way the guard splits it, so the pairing judges the guard's list", () => {
    const list = withLine(
      "allowed-tools",
      'allowed-tools:\n  - "Bash(ls *), Bash(python -m pytest *)"\n  - Read',
    );
    const body = `# Demo\n\nRead the test.\n\n\`\`\`sh\nls tests/\npython -m pytest tests/\n\`\`\`\n`;
    const { findings } = run({ name: "list", rule: "bom", files: { "SKILL.md": skill(list, body) } });
    // Two entries in one item: both commands are allowed, and no entry is reported unused.
    expect(findings.filter((f) => f.rule === "command-allowed" || f.rule === "tool-unused")).toEqual([]);
  });
});
