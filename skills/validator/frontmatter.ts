// The SKILL.md frontmatter as YAML: split from the body, parsed, and linted for the traps that make a file
// read differently than it looks (colons in plain scalars, block styles); which format (portable or Claude
// Code) its keys declare. Helpers of ./validate.ts, split from it. Pure.
import { type Document, isAlias, isCollection, isMap, isScalar, isSeq, visit } from "yaml";
import {
  allowedKeys,
  CLAUDE_CODE_KEYS,
  type SkillFormat,
  SPEC_KEYS,
} from "../../hooks/core/profile/skill-md.ts";
import { type Finding, finding } from "./rules.ts";

export interface Frontmatter {
  text: string;
  /** File line of the frontmatter's first line. */
  firstLine: number;
  body: string;
  bodyFirstLine: number;
}

export function splitFrontmatter(text: string, out: Finding[]): Frontmatter | undefined {
  const lines = text.split("\n");
  if (lines[0]?.trimEnd() !== "---") {
    out.push(
      finding("frontmatter-fences", "the file must start with a --- line opening the YAML frontmatter", {
        line: 1,
      }),
    );
    return undefined;
  }
  const close = lines.findIndex((line, i) => i > 0 && line.trimEnd() === "---");
  if (close === -1) {
    out.push(finding("frontmatter-fences", "the frontmatter is never closed by a --- line", { line: 1 }));
    return undefined;
  }
  return {
    text: lines.slice(1, close).join("\n"),
    firstLine: 2,
    body: lines.slice(close + 1).join("\n"),
    bodyFirstLine: close + 2,
  };
}

/** `key: plain value: with colon` parses (or fails) differently across YAML readers. */
export function colonTraps(fm: Frontmatter): Finding[] {
  const out: Finding[] = [];
  fm.text.split("\n").forEach((line, i) => {
    const match = /^([A-Za-z_][\w-]*):[ \t]+(.*)$/.exec(line);
    const value = match?.[2]?.trim() ?? "";
    if (value === "" || /^["'|>&*![{#]/.test(value)) return;
    if (/:(\s|$)/.test(value)) {
      out.push(
        finding(
          "yaml-colon-trap",
          `the unquoted value of ${match?.[1]} contains ": "; strict YAML readers fail on it (Claude Code silently re-quotes it). Quote the value`,
          { line: fm.firstLine + i },
        ),
      );
    }
  });
  return out;
}

export type Node = ReturnType<Document["get"]>;

export function describeYaml(node: unknown): string {
  if (isSeq(node)) return "a YAML list";
  if (isMap(node)) return "a YAML mapping";
  if (isScalar(node)) return node.value === null ? "empty" : `a ${typeof node.value}`;
  return "missing";
}

export function blockStyle(doc: Document, lineOf: (node: unknown) => number | undefined): Finding[] {
  const out: Finding[] = [];
  visit(doc, (_key, node) => {
    const line = lineOf(node);
    const at = line === undefined ? {} : { line };
    if (isAlias(node))
      out.push(finding("yaml-block-style", "alias (*name): strict YAML readers reject aliases", at));
    if (isCollection(node) && node.flow) {
      out.push(finding("yaml-block-style", "flow collection ([...] or {...}): write it in block style", at));
    }
    if ((isCollection(node) || isScalar(node)) && node.anchor) {
      out.push(finding("yaml-block-style", `anchor &${node.anchor}: strict YAML readers reject anchors`, at));
    }
    if ((isCollection(node) || isScalar(node)) && node.tag) {
      out.push(finding("yaml-block-style", `explicit tag ${node.tag}: strict YAML readers reject tags`, at));
    }
  });
  return out;
}

export function isQuotedOrBlock(node: unknown): boolean {
  return isScalar(node) && node.type !== "PLAIN";
}

/** Plain (unquoted) string scalars anywhere under a key. */
export function plainStrings(node: unknown): number {
  if (isScalar(node)) return node.type === "PLAIN" && typeof node.value === "string" ? 1 : 0;
  if (isSeq(node)) return node.items.reduce((n: number, item) => n + plainStrings(item), 0);
  if (isMap(node)) return node.items.reduce((n: number, pair) => n + plainStrings(pair.value), 0);
  return 0;
}

export function detectFormat(keys: readonly string[]): SkillFormat {
  const specOnly = new Set<string>(SPEC_KEYS);
  const claudeOnly = CLAUDE_CODE_KEYS.filter((k) => !specOnly.has(k)) as string[];
  return keys.some((k) => claudeOnly.includes(k)) ? "claude-code" : "portable";
}

export function hasCommaOutsideParens(value: string): boolean {
  let depth = 0;
  for (const ch of value) {
    if (ch === "(") depth++;
    else if (ch === ")") depth = Math.max(0, depth - 1);
    else if (ch === "," && depth === 0) return true;
  }
  return false;
}

export function suggestKey(key: string, format: SkillFormat): string {
  const dashed = key.replace(/_/g, "-");
  const known = allowedKeys(format);
  if (dashed !== key && known.includes(dashed)) return ` (did you mean ${dashed}?)`;
  return "";
}
