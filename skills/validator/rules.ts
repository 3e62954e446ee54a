// The named rules the validator reports, one per item of docs/reference/skill-md.md §2 and §5, plus the
// pairing lint. A finding always carries its rule id, so a user can look it up here (and `validate --help`
// lists them).

export type Severity = "error" | "warning";

export interface Finding {
  rule: RuleId;
  severity: Severity;
  message: string;
  /** 1-based line in `file` (SKILL.md unless `file` says otherwise). */
  line?: number;
  /** Path relative to the skill folder, when the finding is not about SKILL.md itself. */
  file?: string;
}

export const RULES = {
  "file-name": { severity: "error", summary: "the skill's file is named exactly SKILL.md" },
  bom: { severity: "error", summary: "no UTF-8 byte-order mark (spec validators then miss the frontmatter)" },
  "line-endings": { severity: "error", summary: "LF line endings only" },
  "frontmatter-fences": {
    severity: "error",
    summary: "the file starts with a --- line and the frontmatter ends with one",
  },
  "frontmatter-separator": {
    severity: "error",
    summary: "no --- inside the frontmatter (skills-ref splits on it)",
  },
  "yaml-parse": { severity: "error", summary: "the frontmatter parses as YAML" },
  "yaml-mapping": { severity: "error", summary: "the frontmatter is a YAML mapping" },
  "yaml-block-style": {
    severity: "error",
    summary: "block YAML only: no flow collections, anchors, aliases or tags",
  },
  "yaml-colon-trap": { severity: "error", summary: 'an unquoted value must not contain ": "' },
  "yaml-quoted-strings": { severity: "warning", summary: "string values are quoted (or block scalars)" },
  "unknown-key": {
    severity: "error",
    summary: "only the keys of the chosen format (portable: the six spec keys)",
  },
  "name-required": { severity: "error", summary: "name is present and a string" },
  "name-length": { severity: "error", summary: "name is 1 to 64 characters" },
  "name-charset": { severity: "error", summary: "name uses lowercase ASCII letters, digits and hyphens" },
  "name-hyphens": { severity: "error", summary: "name has no leading, trailing or double hyphen" },
  "name-directory": { severity: "error", summary: "name equals the skill's folder name" },
  "name-reserved": {
    severity: "warning",
    summary: "name avoids the words anthropic and claude (platform upload)",
  },
  "description-required": { severity: "error", summary: "description is present and non-empty" },
  "description-type": { severity: "error", summary: "description is a string" },
  "description-length": { severity: "error", summary: "description is at most 1024 characters" },
  "description-angle-brackets": { severity: "error", summary: "description has no < or >" },
  "description-long": {
    severity: "warning",
    summary: "description of at most ~300 characters, so listings never cut it",
  },
  "description-when": {
    severity: "warning",
    summary: 'description says when to use the skill ("Use when ...")',
  },
  "compatibility-length": { severity: "error", summary: "compatibility is a string of 1 to 500 characters" },
  "metadata-strings": { severity: "error", summary: "metadata maps strings to strings" },
  "allowed-tools-type": { severity: "error", summary: "allowed-tools is a string or a list of strings" },
  "allowed-tools-format": {
    severity: "error",
    summary: "portable: allowed-tools is one space-separated string",
  },
  "argument-hint-quoted": { severity: "error", summary: "argument-hint is a quoted string" },
  "shell-value": { severity: "error", summary: "shell is bash or powershell" },
  "boolean-value": { severity: "error", summary: "boolean keys hold booleans; context is inline or fork" },
  "body-lines": { severity: "error", summary: "the body is under 500 lines" },
  "body-size": { severity: "warning", summary: "the body is under ~5,000 tokens" },
  "references-depth": {
    severity: "error",
    summary: "linked files are one level deep inside the skill folder",
  },
  "links-resolve": { severity: "error", summary: "local links point at files that exist" },
  "fence-language": {
    severity: "warning",
    summary: "code blocks name a language (commands in untagged blocks are not checked)",
  },
  "command-allowed": {
    severity: "error",
    summary: "every command in an sh block is allowed by allowed-tools (the guard's matcher)",
  },
  "tool-unused": {
    severity: "warning",
    summary: "every allowed tool is used: Bash rules by a command, other tools named in the body",
  },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type RuleId = keyof typeof RULES;

export function finding(
  rule: RuleId,
  message: string,
  extra: { line?: number; file?: string } = {},
): Finding {
  return { rule, severity: RULES[rule].severity, message, ...extra };
}

/** Same rule, softer: for a form that works but is not the recommended one. */
export function warning(
  rule: RuleId,
  message: string,
  extra: { line?: number; file?: string } = {},
): Finding {
  return { ...finding(rule, message, extra), severity: "warning" };
}
