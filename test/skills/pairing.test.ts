// The pairing lint: which lines count as commands, how placeholders and chains are handled, and that the
// verdicts come from the real guard.
import { describe, expect, it } from "vitest";
import { bodyCommands, codeFences, fillPlaceholders } from "../../skills/validator/commands.ts";
import { lintCommands, lintUnusedTools, policyFromFrontmatter } from "../../skills/validator/pairing.ts";

function commands(markdown: string) {
  return bodyCommands(codeFences(markdown, 10));
}

describe("commands in the body", () => {
  it("takes sh/bash/shell/console blocks, skips comments, blank lines and other blocks", () => {
    const md = [
      "```sh",
      "# a comment",
      "",
      "python -m pytest tests/",
      "```",
      "```text",
      "not a command",
      "```",
      "```",
      "untagged",
      "```",
      "```bash",
      "ls tests/",
      "```",
      "```console",
      "$ git status --short",
      " M file.py",
      "```",
    ].join("\n");
    expect(commands(md)).toEqual([
      { written: "python -m pytest tests/", command: "python -m pytest tests/", line: 13 },
      { written: "ls tests/", command: "ls tests/", line: 22 },
      { written: "git status --short", command: "git status --short", line: 25 },
    ]);
  });

  it("joins backslash continuations and keeps heredocs whole", () => {
    const md = [
      "```sh",
      "python -m pytest \\",
      "  tests/ \\",
      "  -x",
      "cat <<'EOF'",
      "body",
      "EOF",
      "```",
    ].join("\n");
    expect(commands(md).map((c) => c.written)).toEqual([
      "python -m pytest tests/ -x",
      "cat <<'EOF'\nbody\nEOF",
    ]);
  });

  it("fills <PLACEHOLDER>s with a sample word, leaving redirects alone", () => {
    expect(fillPlaceholders("UV_PROJECT_ENVIRONMENT=py<MINOR> uv sync")).toBe(
      "UV_PROJECT_ENVIRONMENT=pyminor uv sync",
    );
    expect(fillPlaceholders("python -m pytest <ID> 2>&1 < in.txt")).toBe("python -m pytest id 2>&1 < in.txt");
  });

  it("gives Claude Code's $\u007bCLAUDE_*} variables the same sample path as allowed-tools entries", () => {
    const skillDir = "$\u007bCLAUDE_SKILL_DIR}";
    const projectDir = "$\u007bCLAUDE_PROJECT_DIR}";
    const policy = policyFromFrontmatter("demo", [`Bash(${skillDir}/scripts/check.sh *)`]);
    const md = `\`\`\`sh\n${skillDir}/scripts/check.sh --fast\n${projectDir}/other.sh\n\`\`\``;
    expect(lintCommands(commands(md), policy).map((f) => f.line)).toEqual([12]);
  });

  it("finds fences indented inside list items", () => {
    expect(commands("- step:\n\n   ```sh\n   python -m pytest\n   ```\n").map((c) => c.command)).toEqual([
      "python -m pytest",
    ]);
  });
});

describe("lint against allowed-tools, with the guard's matcher", () => {
  const policy = policyFromFrontmatter("demo", [
    "Bash(python -m pytest *)",
    "Bash(python -c *)",
    "Bash(UV_PROJECT_ENVIRONMENT=py* uv sync *)",
    "Read",
  ]);
  const lint = (line: string) => lintCommands(commands(`\`\`\`sh\n${line}\n\`\`\``), policy);

  it.each([
    "python -m pytest tests/ -x --tb=short",
    "python -m pytest",
    "UV_PROJECT_ENVIRONMENT=py<MINOR> uv sync",
    "python -c 'import tractor' && python -m pytest tests/ --co -qq",
  ])("allows %s", (line) => {
    expect(lint(line)).toEqual([]);
  });

  it.each([
    ["a pipe into tail", "python -m pytest tests/ --co -q 2>&1 | tail -5", /tail/],
    ["a chain with one part outside the list", "python -c 'import x' && ls tests/", /ls tests/],
    ["a command not in the list", "pytest tests/", /pytest tests/],
    ["an extra assignment", "FOO=1 python -m pytest", /FOO=1/],
    ["git history changes, always", "git commit -m x", /git/],
  ])("refuses %s", (_, line, reason) => {
    const findings = lint(line);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: "command-allowed", severity: "error", line: 11 });
    expect(findings[0]?.message).toMatch(reason);
  });

  it("names the filled-in form when a placeholder was replaced", () => {
    expect(lint("py<MINOR>/bin/python -m pytest")[0]?.message).toContain(
      '(checked as "pyminor/bin/python -m pytest")',
    );
  });
});

describe("every allowed tool is used", () => {
  const tools = [
    "Bash(python -m pytest *)",
    "Bash(ls *)",
    "Bash(python *)",
    "Read",
    "Grep",
    "Skill(commit-msg)",
  ];
  const policy = policyFromFrontmatter("demo", tools);

  it("reports Bash rules no command needs and tools the body never names", () => {
    const md = "Use Read to open files and the commit-msg skill.\n\n```sh\npython -m pytest tests/\n```\n";
    const unused = lintUnusedTools(tools, commands(md), md, policy, 4).map((f) => f.message);
    expect(unused).toEqual([
      "Bash(ls *) is allowed but no command in an sh block uses it",
      "Grep is allowed but the body never mentions Grep",
      "Skill(commit-msg) is allowed but the body never mentions Skill",
    ]);
  });

  it("an overlapping broader rule counts as used when a command needs only it", () => {
    const md = "Read.\n\n```sh\npython --version\n```\n";
    const unused = lintUnusedTools(
      ["Bash(python *)", "Read"],
      commands(md),
      md,
      policyFromFrontmatter("d", ["Bash(python *)", "Read"]),
    );
    expect(unused).toEqual([]);
  });
});
