// The SKILL.md format as data: limits, key sets and the allowed-tools string forms. Shared by the profile
// schema, the generator (which must produce files within these limits) and the validator (which checks any
// skill folder against them), so the three can never disagree.
// Sources: docs/reference/skill-md.md §2 (rules), §4 (allowed-tools forms), §5 (output formats).

export const SKILL_FILE = "SKILL.md";
export const REFERENCES_DIR = "references";

/** name: lowercase ASCII letters, digits and single inner hyphens (no leading/trailing hyphen, no "--"). */
export const NAME_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const NAME_CHARSET = /^[a-z0-9-]+$/;
export const NAME_MAX = 64;
/** Anthropic's platform refuses these words in a skill name (claude.ai / API upload only). */
export const NAME_RESERVED_WORDS = ["anthropic", "claude"] as const;

export const DESCRIPTION_MAX = 1024;
/** Not a hard limit: a longer description risks being cut from Claude Code's skill listing. */
export const DESCRIPTION_TARGET = 300;
export const COMPATIBILITY_MAX = 500;

/** The body must stay under this many lines (skill-check errors at 500). */
export const BODY_MAX_LINES = 500;
/** Rough size budget for the body (spec: under ~5,000 tokens); tokens estimated as characters / 4. */
export const BODY_MAX_TOKENS = 5000;
export const CHARS_PER_TOKEN = 4;

/** A table longer than this goes to references/ instead of the body. */
export const LONG_TABLE_ROWS = 30;

/** The six keys of the open Agent Skills specification. */
export const SPEC_KEYS = [
  "name",
  "description",
  "license",
  "compatibility",
  "metadata",
  "allowed-tools",
] as const;

/** Keys Claude Code reads on top of the spec's (skill-md.md §2, Claude Code 2.1.332). */
export const CLAUDE_CODE_KEYS = [
  ...SPEC_KEYS,
  "when_to_use",
  "argument-hint",
  "arguments",
  "disable-model-invocation",
  "user-invocable",
  "disallowed-tools",
  "model",
  "effort",
  "context",
  "agent",
  "background",
  "hooks",
  "paths",
  "shell",
  "version",
] as const;

export const CLAUDE_CODE_BOOLEAN_KEYS = ["disable-model-invocation", "user-invocable", "background"] as const;
export const SHELL_VALUES = ["bash", "powershell"] as const;
export const CONTEXT_VALUES = ["inline", "fork"] as const;

export type SkillFormat = "claude-code" | "portable";
export const SKILL_FORMATS: readonly SkillFormat[] = ["claude-code", "portable"];

export function allowedKeys(format: SkillFormat): readonly string[] {
  return format === "portable" ? SPEC_KEYS : CLAUDE_CODE_KEYS;
}

/**
 * How allowed-tools is written as one string:
 * - claude-code: entries joined by ", " (the form verified end to end on Claude Code 2.1.332);
 * - portable: entries joined by one space, as the spec asks. Entries such as `Bash(python -m pytest *)` keep
 *   their inner spaces: a consumer must split outside parentheses (as splitAllowedTools does); one that
 *   splits naively on whitespace would misread them, and no spelling avoids that for multi-word commands.
 */
export function joinAllowedTools(tools: readonly string[], format: SkillFormat): string {
  return tools.join(format === "portable" ? " " : ", ");
}

/** Split an allowed-tools string in either form: on commas and whitespace outside parentheses. */
export function splitAllowedTools(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of value) {
    if (ch === "(") depth++;
    if (ch === ")") depth = Math.max(0, depth - 1);
    if (depth === 0 && (ch === "," || /\s/.test(ch))) {
      if (current) out.push(current);
      current = "";
      continue;
    }
    current += ch;
  }
  if (current) out.push(current);
  return out;
}

/** The tool name of a permission rule: "Bash" for "Bash(ls *)", "Read" for "Read". */
export function toolName(rule: string): string {
  const paren = rule.indexOf("(");
  return paren === -1 ? rule : rule.slice(0, paren);
}

/** The specifier of a Bash rule ("ls *" for "Bash(ls *)"); undefined for other tools or a bare "Bash". */
export function bashPattern(rule: string): string | undefined {
  const match = /^Bash\((.*)\)$/.exec(rule);
  return match?.[1];
}

/** Marker line that opens every generated body (never a frontmatter key: that would break validators). */
export function generatedMarker(profileLabel: string): string {
  return `<!-- Generated from ${profileLabel} by \`run-tests-skill generate\`; do not edit by hand. -->`;
}
