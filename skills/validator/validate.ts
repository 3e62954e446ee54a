// validateSkillDir(dir) -> findings: checks any skill folder against the SKILL.md rules (rules.ts) and lints
// the pairing of body commands and allowed-tools. The core, validateSkillFiles, is pure: it takes the folder's
// files as data. Only validateSkillDir touches the file system.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, posix } from "node:path";
import { type Document, isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import type { Profile } from "../../hooks/core/profile/schema.ts";
import {
  allowedKeys,
  BODY_MAX_LINES,
  BODY_MAX_TOKENS,
  CHARS_PER_TOKEN,
  CLAUDE_CODE_BOOLEAN_KEYS,
  CLAUDE_CODE_KEYS,
  COMPATIBILITY_MAX,
  CONTEXT_VALUES,
  DESCRIPTION_MAX,
  DESCRIPTION_TARGET,
  NAME_CHARSET,
  NAME_MAX,
  NAME_RESERVED_WORDS,
  REFERENCES_DIR,
  SHELL_VALUES,
  SKILL_FILE,
  type SkillFormat,
  SPEC_KEYS,
  splitAllowedTools,
} from "../../hooks/core/profile/skill-md.ts";
import { guardPolicyFromProfile } from "../../hooks/guard/policy.ts";
import { bodyCommands, codeFences } from "./commands.ts";
import {
  blockStyle,
  colonTraps,
  describeYaml,
  detectFormat,
  type Frontmatter,
  hasCommaOutsideParens,
  isQuotedOrBlock,
  type Node,
  plainStrings,
  splitFrontmatter,
  suggestKey,
} from "./frontmatter.ts";
import { lintCommands, lintUnusedTools, policyFromFrontmatter } from "./pairing.ts";
import { type Finding, finding, warning } from "./rules.ts";

export { detectFormat } from "./frontmatter.ts";
export type { Finding } from "./rules.ts";

export interface ValidateOptions {
  /** "auto" (default): claude-code when the frontmatter uses any Claude-Code-only key, portable otherwise. */
  format?: SkillFormat | "auto";
  /** The profile the skill was generated from: the pairing lint then uses its full guard policy (closed
   *  options, project options) instead of one built from the frontmatter alone. */
  profile?: Profile;
}

/** A skill folder as data: its name and its files (relative POSIX path -> text, or null when not read). */
export interface SkillSnapshot {
  dirName: string;
  files: Map<string, string | null>;
}

export interface Validation {
  format: SkillFormat;
  findings: Finding[];
}

const TEXT_FILE = /\.(md|txt|ya?ml|json)$/i;

/** Read a folder into a snapshot (text files read, others only listed). */
export function readSkillDir(dir: string): SkillSnapshot {
  const files = new Map<string, string | null>();
  const walk = (rel: string, depth: number) => {
    if (depth > 4) return;
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path, depth + 1);
      else if (entry.isFile())
        files.set(path, TEXT_FILE.test(entry.name) ? readFileSync(join(dir, path), "utf8") : null);
    }
  };
  if (statSync(dir, { throwIfNoEntry: false })?.isDirectory()) walk("", 0);
  return { dirName: basename(dir), files };
}

export function validateSkillDir(dir: string, options: ValidateOptions = {}): Finding[] {
  return validateSkillFiles(readSkillDir(dir), options).findings;
}

export function validateSkillDirDetailed(dir: string, options: ValidateOptions = {}): Validation {
  return validateSkillFiles(readSkillDir(dir), options);
}

interface FrontmatterFacts {
  name?: string;
  allowedTools?: string[];
  allowedToolsLine?: number;
}

function checkFrontmatter(
  doc: Document,
  lines: LineCounter,
  fm: Frontmatter,
  snapshot: SkillSnapshot,
  requested: SkillFormat | "auto",
  out: Finding[],
): { format: SkillFormat; facts: FrontmatterFacts } {
  const lineOf = (node: unknown): number | undefined => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? fm.firstLine + lines.linePos(range[0]).line - 1 : undefined;
  };
  const contents = doc.contents;
  const facts: FrontmatterFacts = {};
  if (!isMap(contents)) {
    out.push(
      finding(
        "yaml-mapping",
        `the frontmatter must be a YAML mapping of keys, not ${describeYaml(contents)}`,
        { line: fm.firstLine },
      ),
    );
    return { format: requested === "auto" ? "portable" : requested, facts };
  }
  out.push(...blockStyle(doc, lineOf));

  const pairs = new Map<string, { value: Node; line?: number }>();
  for (const pair of contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const line = lineOf(pair.key);
    pairs.set(key, { value: pair.value as Node, ...(line === undefined ? {} : { line }) });
  }
  const keys = [...pairs.keys()];
  const format = requested === "auto" ? detectFormat(keys) : requested;
  const at = (key: string) => {
    const line = pairs.get(key)?.line;
    return line === undefined ? {} : { line };
  };

  const known = allowedKeys(format);
  for (const key of keys) {
    if (known.includes(key)) continue;
    const claudeKey = (CLAUDE_CODE_KEYS as readonly string[]).includes(key);
    const hint = claudeKey
      ? `${key} is a Claude Code key; the portable format allows only ${SPEC_KEYS.join(", ")}`
      : `unknown key ${key}${suggestKey(key, format)}; ${format === "portable" ? "the portable format allows only" : "Claude Code reads"} ${known.join(", ")} (an unknown key is silently ignored)`;
    out.push(finding("unknown-key", hint, at(key)));
  }

  for (const [key, { value, line }] of pairs) {
    const count = plainStrings(value);
    if (count > 0 && key !== "argument-hint") {
      out.push(
        finding(
          "yaml-quoted-strings",
          `${key}: ${count === 1 ? "an unquoted string" : `${count} unquoted strings`}; quote string values ("...") or use a block scalar`,
          line === undefined ? {} : { line },
        ),
      );
    }
  }

  // name
  const name = pairs.get("name")?.value;
  if (name === undefined || !isScalar(name) || typeof name.value !== "string" || name.value === "") {
    out.push(
      finding(
        "name-required",
        `name is required and must be a string (got ${describeYaml(name)})`,
        at("name"),
      ),
    );
  } else {
    const value = name.value;
    facts.name = value;
    if (value.length > NAME_MAX)
      out.push(finding("name-length", `name is ${value.length} characters; at most ${NAME_MAX}`, at("name")));
    if (!NAME_CHARSET.test(value)) {
      out.push(
        finding(
          "name-charset",
          `name ${JSON.stringify(value)} may only use lowercase a-z, 0-9 and -`,
          at("name"),
        ),
      );
    }
    if (value.startsWith("-") || value.endsWith("-") || value.includes("--")) {
      out.push(
        finding(
          "name-hyphens",
          `name ${JSON.stringify(value)} must not start or end with - or contain --`,
          at("name"),
        ),
      );
    }
    if (value !== snapshot.dirName) {
      out.push(
        finding(
          "name-directory",
          `name ${JSON.stringify(value)} differs from the folder name ${JSON.stringify(snapshot.dirName)}`,
          at("name"),
        ),
      );
    }
    const reserved = NAME_RESERVED_WORDS.find((w) => value.includes(w));
    if (reserved)
      out.push(
        finding(
          "name-reserved",
          `name contains "${reserved}", which Anthropic's platform refuses on upload`,
          at("name"),
        ),
      );
  }

  // description
  const description = pairs.get("description")?.value;
  if (
    description === undefined ||
    (isScalar(description) && (description.value === null || description.value === ""))
  ) {
    out.push(
      finding(
        "description-required",
        "description is required: say what the skill does and when to use it",
        at("description"),
      ),
    );
  } else if (!isScalar(description) || typeof description.value !== "string") {
    out.push(
      finding(
        "description-type",
        `description must be a string, not ${describeYaml(description)}`,
        at("description"),
      ),
    );
  } else {
    const value = description.value;
    if (value.length > DESCRIPTION_MAX) {
      out.push(
        finding(
          "description-length",
          `description is ${value.length} characters; at most ${DESCRIPTION_MAX}`,
          at("description"),
        ),
      );
    } else if (value.length > DESCRIPTION_TARGET) {
      out.push(
        finding(
          "description-long",
          `description is ${value.length} characters; aim for at most ${DESCRIPTION_TARGET}`,
          at("description"),
        ),
      );
    }
    if (/[<>]/.test(value)) {
      out.push(
        finding(
          "description-angle-brackets",
          "description must not contain < or > (write FILE, not <file>)",
          at("description"),
        ),
      );
    }
    if (!/\bwhen\b/i.test(value)) {
      out.push(
        finding(
          "description-when",
          'description should say when to use the skill, e.g. "Use when ..."',
          at("description"),
        ),
      );
    }
  }

  // compatibility
  const compatibility = pairs.get("compatibility")?.value;
  if (compatibility !== undefined) {
    const value = isScalar(compatibility) ? compatibility.value : undefined;
    if (typeof value !== "string" || value.length === 0 || value.length > COMPATIBILITY_MAX) {
      const got = typeof value === "string" ? `${value.length} characters` : describeYaml(compatibility);
      out.push(
        finding(
          "compatibility-length",
          `compatibility must be a string of 1 to ${COMPATIBILITY_MAX} characters (got ${got})`,
          at("compatibility"),
        ),
      );
    }
  }

  // metadata
  const metadata = pairs.get("metadata")?.value;
  if (metadata !== undefined) {
    if (!isMap(metadata)) {
      out.push(
        finding(
          "metadata-strings",
          `metadata must be a mapping of strings to strings, not ${describeYaml(metadata)}`,
          at("metadata"),
        ),
      );
    } else {
      for (const pair of metadata.items) {
        const ok = isScalar(pair.value) && typeof pair.value.value === "string";
        if (!ok) {
          const key = isScalar(pair.key) ? String(pair.key.value) : "?";
          const line = lineOf(pair.key);
          out.push(
            finding(
              "metadata-strings",
              `metadata.${key} must be a string, not ${describeYaml(pair.value)} (quote it: "1.0")`,
              line === undefined ? {} : { line },
            ),
          );
        }
      }
    }
  }

  // allowed-tools
  const tools = pairs.get("allowed-tools")?.value;
  if (tools !== undefined) {
    const line = pairs.get("allowed-tools")?.line;
    if (line !== undefined) facts.allowedToolsLine = line;
    if (isScalar(tools) && typeof tools.value === "string") {
      facts.allowedTools = splitAllowedTools(tools.value);
      if (format === "portable" && hasCommaOutsideParens(tools.value)) {
        out.push(
          warning(
            "allowed-tools-format",
            "portable allowed-tools is space-separated (the spec form); this one uses commas",
            at("allowed-tools"),
          ),
        );
      }
    } else if (
      isSeq(tools) &&
      tools.items.every((item) => isScalar(item) && typeof item.value === "string")
    ) {
      // Each item is split as the guard splits it (hooks/guard/matcher.ts parseAllowedTools), so the pairing
      // lint judges exactly the list the guard enforces.
      facts.allowedTools = tools.items.flatMap((item) =>
        splitAllowedTools(String((item as { value: unknown }).value)),
      );
      if (format === "portable") {
        out.push(
          finding(
            "allowed-tools-format",
            "portable allowed-tools must be one space-separated string, not a YAML list",
            at("allowed-tools"),
          ),
        );
      }
    } else {
      out.push(
        finding(
          "allowed-tools-type",
          `allowed-tools must be a string or a list of strings, not ${describeYaml(tools)} with other items`,
          at("allowed-tools"),
        ),
      );
    }
  }

  // argument-hint
  const hint = pairs.get("argument-hint")?.value;
  if (hint !== undefined) {
    if (!isScalar(hint) || typeof hint.value !== "string") {
      out.push(
        finding(
          "argument-hint-quoted",
          `argument-hint is ${describeYaml(hint)}, not a string: Claude Code shows it mangled. Quote it: "[arg] [--opts]"`,
          at("argument-hint"),
        ),
      );
    } else if (!isQuotedOrBlock(hint)) {
      out.push(
        finding(
          "argument-hint-quoted",
          'argument-hint must be quoted: "[arg] [--opts]"',
          at("argument-hint"),
        ),
      );
    }
  }

  // shell, booleans, context
  const shell = pairs.get("shell")?.value;
  if (
    shell !== undefined &&
    !(isScalar(shell) && (SHELL_VALUES as readonly unknown[]).includes(shell.value))
  ) {
    out.push(finding("shell-value", `shell must be ${SHELL_VALUES.join(" or ")}`, at("shell")));
  }
  for (const key of CLAUDE_CODE_BOOLEAN_KEYS) {
    const value = pairs.get(key)?.value;
    if (value !== undefined && !(isScalar(value) && typeof value.value === "boolean")) {
      out.push(finding("boolean-value", `${key} must be true or false`, at(key)));
    }
  }
  const context = pairs.get("context")?.value;
  if (
    context !== undefined &&
    !(isScalar(context) && (CONTEXT_VALUES as readonly unknown[]).includes(context.value))
  ) {
    out.push(finding("boolean-value", `context must be ${CONTEXT_VALUES.join(" or ")}`, at("context")));
  }
  return { format, facts };
}

/** Local links and bare references/... mentions outside code blocks. */
function localLinks(body: string, firstLine: number): { target: string; line: number }[] {
  const out: { target: string; line: number }[] = [];
  let inFence = false;
  body.split("\n").forEach((text, i) => {
    if (/^\s*(```|~~~)/.test(text)) {
      inFence = !inFence;
      return;
    }
    if (inFence) return;
    const line = firstLine + i;
    const prose = text.replace(/`[^`]*`/g, (m) =>
      /^`(references|scripts|assets)\//.test(m) ? m.slice(1, -1) : "",
    );
    for (const m of prose.matchAll(/\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g))
      out.push({ target: m[1] as string, line });
    const withoutLinks = prose.replace(/\[[^\]]*\]\([^)]*\)/g, "");
    for (const m of withoutLinks.matchAll(/(?<![\w./-])((?:references|scripts|assets)\/[\w./-]*[\w-])/g)) {
      out.push({ target: m[1] as string, line });
    }
  });
  return out;
}

function checkLinks(body: string, firstLine: number, snapshot: SkillSnapshot, out: Finding[]): void {
  const seen = new Set<string>();
  for (const { target, line } of localLinks(body, firstLine)) {
    if (/^[a-z][\w+.-]*:/i.test(target) || target.startsWith("#") || target.includes("${")) continue;
    const path = target.split("#")[0] as string;
    const key = `${path}@${line}`;
    if (seen.has(key) || path === "") continue;
    seen.add(key);
    const normal = posix.normalize(path.replace(/^\.\//, ""));
    if (path.startsWith("/") || normal.startsWith("..")) {
      out.push(
        finding(
          "references-depth",
          `${target} points outside the skill folder; bundle the file and link it relative to the skill root`,
          { line },
        ),
      );
      continue;
    }
    if (normal.split("/").length > 2) {
      out.push(
        finding(
          "references-depth",
          `${target} is more than one level deep; keep bundled files at references/FILE`,
          { line },
        ),
      );
    }
    const exists =
      snapshot.files.has(normal) ||
      [...snapshot.files.keys()].some((f) => f.startsWith(`${normal.replace(/\/$/, "")}/`));
    if (!exists) out.push(finding("links-resolve", `${target} does not exist in the skill folder`, { line }));
  }
  for (const file of snapshot.files.keys()) {
    if (file.startsWith(`${REFERENCES_DIR}/`) && file.split("/").length > 2) {
      out.push(
        warning(
          "references-depth",
          `${file} is nested below ${REFERENCES_DIR}/; keep reference files one level deep`,
          { file },
        ),
      );
    }
  }
}

function checkBody(fm: Frontmatter, out: Finding[]): void {
  const lines = fm.body.endsWith("\n") ? fm.body.split("\n").length - 1 : fm.body.split("\n").length;
  if (lines >= BODY_MAX_LINES) {
    out.push(
      finding(
        "body-lines",
        `the body has ${lines} lines; keep it under ${BODY_MAX_LINES} and move detail to ${REFERENCES_DIR}/`,
        { line: fm.bodyFirstLine },
      ),
    );
  }
  const tokens = Math.round(fm.body.length / CHARS_PER_TOKEN);
  if (tokens > BODY_MAX_TOKENS) {
    out.push(
      finding("body-size", `the body is about ${tokens} tokens; aim for under ${BODY_MAX_TOKENS}`, {
        line: fm.bodyFirstLine,
      }),
    );
  }
  for (const fence of codeFences(fm.body, fm.bodyFirstLine)) {
    if (fence.language === "") {
      out.push(
        finding(
          "fence-language",
          "code block without a language; tag commands as sh (only sh blocks are checked against allowed-tools) and other text as text",
          { line: fence.line },
        ),
      );
    }
  }
}

function checkEncoding(text: string, file: string | undefined, out: Finding[]): string {
  const extra = file ? { file } : {};
  let clean = text;
  if (clean.startsWith("\uFEFF")) {
    out.push(
      finding(
        "bom",
        "the file starts with a UTF-8 byte-order mark; spec validators then find no frontmatter",
        { line: 1, ...extra },
      ),
    );
    clean = clean.slice(1);
  }
  const cr = clean.indexOf("\r");
  if (cr !== -1) {
    const line = clean.slice(0, cr).split("\n").length;
    out.push(finding("line-endings", "CR line endings found; use LF only", { line, ...extra }));
    clean = clean.replace(/\r\n?/g, "\n");
  }
  return clean;
}

export function validateSkillFiles(snapshot: SkillSnapshot, options: ValidateOptions = {}): Validation {
  const requested = options.format ?? "auto";
  const out: Finding[] = [];
  const fallbackFormat: SkillFormat = requested === "auto" ? "portable" : requested;
  let file = SKILL_FILE;
  if (!snapshot.files.has(SKILL_FILE)) {
    const other = [...snapshot.files.keys()].find((f) => f.toLowerCase() === SKILL_FILE.toLowerCase());
    if (!other) {
      out.push(finding("file-name", `no ${SKILL_FILE} in ${snapshot.dirName}/`));
      return { format: fallbackFormat, findings: out };
    }
    out.push(finding("file-name", `the skill file is named ${other}; it must be ${SKILL_FILE}`));
    file = other;
  }
  const text = checkEncoding(snapshot.files.get(file) ?? "", undefined, out);
  for (const [path, content] of snapshot.files) {
    if (path !== file && content !== null && path.endsWith(".md")) checkEncoding(content, path, out);
  }

  const fm = splitFrontmatter(text, out);
  if (!fm) return { format: fallbackFormat, findings: out };
  if (/---/.test(fm.text)) {
    const index = fm.text.split("\n").findIndex((line) => line.includes("---"));
    out.push(
      finding("frontmatter-separator", "--- inside the frontmatter: skills-ref splits the file on it", {
        line: fm.firstLine + index,
      }),
    );
  }
  const traps = colonTraps(fm);
  out.push(...traps);
  const trapLines = new Set(traps.map((t) => t.line));

  const lines = new LineCounter();
  const doc = parseDocument(fm.text, { uniqueKeys: true, lineCounter: lines, prettyErrors: false });
  let format = fallbackFormat;
  let facts: FrontmatterFacts = {};
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const line = fm.firstLine + lines.linePos(error.pos[0]).line - 1;
      if (!trapLines.has(line))
        out.push(finding("yaml-parse", `invalid YAML: ${error.message.split("\n")[0]}`, { line }));
    }
  } else {
    ({ format, facts } = checkFrontmatter(doc, lines, fm, snapshot, requested, out));
  }

  checkBody(fm, out);
  checkLinks(fm.body, fm.bodyFirstLine, snapshot, out);

  if (facts.allowedTools) {
    const commands = bodyCommands(codeFences(fm.body, fm.bodyFirstLine));
    const policy = options.profile
      ? guardPolicyFromProfile(options.profile, facts.allowedTools)
      : policyFromFrontmatter(facts.name ?? snapshot.dirName, facts.allowedTools);
    out.push(...lintCommands(commands, policy));
    out.push(...lintUnusedTools(facts.allowedTools, commands, fm.body, policy, facts.allowedToolsLine));
  }
  out.sort((a, b) => (a.file ?? "").localeCompare(b.file ?? "") || (a.line ?? 0) - (b.line ?? 0));
  return { format, findings: out };
}
