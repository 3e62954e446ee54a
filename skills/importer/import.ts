// `import`: a first draft of a profile from a hand-written SKILL.md. A maintainer who wants to adopt the
// generator imports their skill, reviews the draft, generates from it and diffs the result against the
// original. Pure: text in, a profile object plus what could not be mapped out. Heuristics on the usual
// shape of a run-tests skill (front matter, an options table, default flags, a known-flaky table, a
// change -> tests table, a layout tree, pre-flight and quick-check sections); whatever does not fit is
// listed, never guessed silently.
import matter from "gray-matter";
import {
  type Check,
  type DefaultFlag,
  type FlakyEntry,
  MAX_BASH_TIMEOUT_MS,
  type MappingRow,
  type ProfileInput,
  type ProjectOption,
  type QuickCheck,
} from "../../hooks/core/profile/schema.ts";
import { PYTEST_OPTIONS } from "../../hooks/core/pytest/options.ts";
import { parseAllowedTools } from "../../hooks/guard/matcher.ts";
import { allowBase, dropDenied, policyOf, spellRunnerOnce } from "./draft-fixups.ts";
import { anyListItems, flakyItem, isMappingHeader, type NoteDraft, noteText, tableHeader } from "./notes.ts";

export interface Imported {
  /** The draft, ready to be written as YAML (schema-shaped; validate it before use). */
  profile: ProfileInput;
  /** Sections and facts the importer could not place in the profile, one line each. */
  unmapped: string[];
}

interface Section {
  level: number;
  title: string;
  /** Lines under the heading, up to the next heading of any level. */
  lines: string[];
  /** 1-based line of the heading in the file. */
  line: number;
}

/** A section without a profile key, waiting to become a note; `parent` is the line of its ## heading. */
interface Pending {
  title: string;
  level: number;
  lines: string[];
  line: number;
  parent: number;
}

interface Block {
  lang: string;
  lines: string[];
}

const SHELL_START =
  /^(?:\$\s+)?(?:[A-Z_]+=\S+\s+)*(?:python3?|pytest|uv|git|ls|cat|jq|ss|pgrep|pkill|sleep|rm|tox|nox|make|hatch|\S*\/bin\/python)\b/;

/** Splits the body (front matter removed) into sections; `offset` is the body's first line in the file. */
function sections(body: string, offset: number): Section[] {
  const out: Section[] = [{ level: 0, title: "", lines: [], line: offset }];
  let inFence = false;
  body.split("\n").forEach((line, i) => {
    if (/^\s*```/.test(line)) inFence = !inFence;
    const m = inFence ? null : /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (m) out.push({ level: (m[1] ?? "").length, title: m[2] ?? "", lines: [], line: offset + i });
    else (out.at(-1) as Section).lines.push(line);
  });
  return out;
}

function blocks(lines: string[]): Block[] {
  const out: Block[] = [];
  let open: Block | null = null;
  for (const line of lines) {
    const fence = /^\s*```\s*([\w-]*)/.exec(line);
    if (fence && !open) open = { lang: fence[1] ?? "", lines: [] };
    else if (fence && open) {
      out.push(open);
      open = null;
    } else if (open) open.lines.push(line);
  }
  return out;
}

/** Markdown table rows (header and separator dropped), cells trimmed. */
function tableRows(lines: string[]): string[][] {
  const rows = lines.filter((l) => /^\s*\|.*\|\s*$/.test(l)).map((l) => splitRow(l));
  return rows.filter((r, i) => i > 0 && !r.every((c) => /^:?-+:?$/.test(c)));
}

function splitRow(line: string): string[] {
  const inner = line.trim().replace(/^\|/, "").replace(/\|$/, "");
  const cells: string[] = [];
  let cell = "";
  let tick = false;
  for (const ch of inner) {
    if (ch === "`") tick = !tick;
    if (ch === "|" && !tick) {
      cells.push(cell.trim());
      cell = "";
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

const ticks = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
/** Markdown to plain words: bold markers and backticks go; a `**` inside a code span is a glob and stays. */
const plain = (text: string) =>
  text
    .replace(/(`[^`]*`)|\*\*/g, (_m, span: string | undefined) => span ?? "")
    .replace(/`/g, "")
    .replace(/\s+/g, " ")
    .trim();

/** Paragraphs of prose (not lists, tables or code), joined lines. */
function paragraphs(lines: string[]): string[] {
  const out: string[] = [];
  let cur: string[] = [];
  let inFence = false;
  const flush = () => {
    if (cur.length > 0) out.push(plain(cur.join(" ")));
    cur = [];
  };
  for (const line of lines) {
    if (/^\s*```/.test(line)) {
      inFence = !inFence;
      flush();
      continue;
    }
    if (inFence || line.trim() === "" || /^\s*[|>]/.test(line) || /^\s*[-*] /.test(line)) flush();
    else cur.push(line.trim());
  }
  flush();
  return out.filter(Boolean);
}

/** List items (a "- " line and its continuation lines). */
function listItems(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (/^\s*[-*] /.test(line)) out.push(line.replace(/^\s*[-*] /, "").trim());
    else if (out.length > 0 && line.trim() !== "" && !/^\s*(```|\||#)/.test(line) && /^\S/.test(line))
      out[out.length - 1] += ` ${line.trim()}`;
    else if (line.trim() === "" && out.length > 0) out.push("\0");
  }
  return out.filter((i) => i !== "\0");
}

/** Shell commands in sh/bash/untagged blocks, comments attached to the command that follows them. */
function commandsOf(lines: string[]): { comment: string | null; command: string }[] {
  const out: { comment: string | null; command: string }[] = [];
  for (const b of blocks(lines)) {
    if (!["", "sh", "bash", "shell", "console"].includes(b.lang)) continue;
    let comment: string | null = null;
    for (const raw of b.lines) {
      const line = raw.trim();
      if (line.startsWith("#")) comment = line.replace(/^#\s*/, "");
      else if (SHELL_START.test(line)) {
        out.push({ comment, command: line.replace(/^\$\s+/, "") });
        comment = null;
      }
    }
  }
  return out;
}

/** Modules a smoke check may import that are not the project's package. */
const STDLIB = new Set(["sys", "os", "json", "pathlib", "platform", "site", "importlib", "subprocess"]);

const has = (title: string, ...words: RegExp[]) => words.some((w) => w.test(title));

// --- The sections ---------------------------------------------------------------------------------------

function options(
  rows: string[][],
  projectOpts: ProjectOption[],
  pytestOpts: ProjectOption[],
  unmapped: string[],
) {
  for (const [flagCell = "", purposeCell = ""] of rows) {
    const spellings = ticks(flagCell);
    const names = spellings
      .map((s) => s.split(/\s+/)[0] as string)
      .filter((n) => /^--?[A-Za-z0-9][\w-]*$/.test(n));
    const [flag, ...aliases] = names;
    if (!flag) {
      unmapped.push(`options table row "${plain(flagCell)}": no flag found`);
      continue;
    }
    const valueName = spellings[0]?.match(/<([\w-]+)>/)?.[1];
    const purposeText = plain(purposeCell);
    const option: ProjectOption = {
      flag,
      aliases,
      purpose: purposeText || flag,
      requires: [],
    } as ProjectOption;
    if (valueName) option.value_name = valueName;
    // Values listed in the purpose are the closed set unless it says they are examples.
    const listed = ticks(purposeCell).filter((v) => /^[\w.:-]+$/.test(v) && !v.startsWith("-"));
    if (valueName && listed.length > 0 && !/\be\.g\.|for example|such as/i.test(purposeCell)) {
      option.values = listed;
      const def = /`([^`]+)`\s*\(default\)/.exec(purposeCell)?.[1];
      if (def) option.default = def;
    }
    const pytestOwn = flag in PYTEST_OPTIONS;
    // `-v` / `-vv`: pytest spells the stacked form itself; keep only real aliases.
    option.aliases = aliases.filter((a) => !(pytestOwn && /^-(\w)\1+$/.test(a)));
    (pytestOwn ? pytestOpts : projectOpts).push(option);
  }
}

function defaultFlags(items: string[]): DefaultFlag[] {
  return items.flatMap((item) => {
    const flag = ticks(item)[0];
    if (!flag?.startsWith("-")) return [];
    const why = /\(([^)]+)\)/.exec(item)?.[1] ?? plain(item.replace(/`[^`]+`/, ""));
    const name = flag.split("=")[0] as string;
    return [{ flag, why: why || flag, dropped_by: name === flag ? [] : [name] }];
  });
}

/** "devx/test_x.py::test_y[param]" -> a flaky entry under tests_dir. */
function flakyEntry(cells: string[], testsDir: string, unmapped: string[]): FlakyEntry | null {
  const [idCell = "", errorCell = "", noteCell = ""] = cells;
  const id = ticks(idCell)[0] ?? plain(idCell);
  const m = /^(\S+\.py)::([\w:]+?)(?:\[([^\]]+)\])?$/.exec(id);
  if (!m) {
    unmapped.push(`known-flaky row "${id}": not a test id such as path.py::test_name`);
    return null;
  }
  const file = m[1] as string;
  const path = file.startsWith(`${testsDir}/`) ? file : `${testsDir}/${file}`;
  const signatures = signaturesOf(errorCell);
  if (signatures.length === 0) {
    unmapped.push(`known-flaky row "${id}": no failure signature in "${plain(errorCell)}"`);
    return null;
  }
  return {
    path,
    name: m[2] as string,
    ...(m[3] ? { params: [m[3]] } : {}),
    example_params: [],
    signatures,
    note: plain(noteCell) || "listed as flaky in the hand-written skill",
  };
}

/** "pexpect TIMEOUT", "TooSlowError", "`assert None == 0`" -> crash signatures. */
function signaturesOf(cell: string): string[] {
  const text = plain(cell);
  const out: string[] = [];
  if (/pexpect\s*\.?\s*TIMEOUT/i.test(text)) out.push("pexpect.exceptions.TIMEOUT");
  if (/TooSlowError/.test(text)) out.push("trio.TooSlowError");
  for (const t of ticks(cell)) if (!/TooSlowError|TIMEOUT/.test(t)) out.push(t);
  if (out.length === 0 && /^[\w.]+(Error|Exception|Timeout)$/.test(text)) out.push(text);
  return out;
}

/** `a.py`, `dir/` (`_x`, `_y`) -> the backticked paths outside parentheses. */
function pathsIn(cell: string): string[] {
  return ticks(cell.replace(/\([^)]*\)/g, ""));
}

function mappingRow(cells: string[], testsDir: string): MappingRow | null {
  const [changedCell = "", testsCell = ""] = cells;
  const changed = pathsIn(changedCell);
  const tests = ticks(testsCell)
    .flatMap((t) => t.split(/\s+/))
    .filter(Boolean)
    .map((t) => (t.startsWith(`${testsDir}/`) ? t : `${testsDir}/${t}`));
  if (changed.length === 0 || tests.length === 0) return null;
  const note = /\(([^)]+)\)/.exec(testsCell.replace(/`[^`]*`/g, ""))?.[1];
  return { changed, tests, ...(note ? { note } : {}) };
}

/** A `tree` block: "├── name # note" lines under "tests/". */
function layout(lines: string[], testsDir: string): { path: string; note: string }[] {
  const out: { path: string; note: string }[] = [];
  for (const b of blocks(lines))
    for (const line of b.lines) {
      const m = /[├└]──\s*(\S+)\s*#\s*(.+)$/.exec(line);
      if (m) out.push({ path: `${testsDir}/${m[1]}`, note: (m[2] as string).trim() });
    }
  return out;
}

function check(section: Section, unmapped: string[]): Check | null {
  const run = commandsOf(section.lines).map((c) => c.command);
  if (run.length === 0) return null;
  const prose = paragraphs(section.lines);
  const ifs = prose.filter((p) => /^if\b/i.test(p));
  const onFailure = ifs.find((p) => /\bfail/i.test(p)) ?? ifs.at(-1);
  if (!onFailure)
    unmapped.push(
      `pre-flight "${section.title}": no "If ..." paragraph for on_failure (written as a placeholder)`,
    );
  return {
    title: plain(section.title),
    why: prose.find((p) => p !== onFailure) ?? plain(section.title),
    run,
    on_failure: onFailure ?? "stop and tell the user what the check printed",
    fix: [],
  };
}

// --- The whole skill ------------------------------------------------------------------------------------

export function importSkill(text: string): Imported {
  const unmapped: string[] = [];
  const parsed = matter(text);
  const data = parsed.data as Record<string, unknown>;
  const offset = text.slice(0, text.length - parsed.content.length).split("\n").length;
  const all = sections(parsed.content, offset);
  const body = parsed.content;

  const allowed = parseAllowedTools(data["allowed-tools"]) ?? [];
  if (allowed.length === 0)
    unmapped.push("allowed-tools: none in the front matter (the draft allows only pytest)");
  for (const key of Object.keys(data))
    if (!["name", "description", "argument-hint", "allowed-tools", "compatibility"].includes(key))
      unmapped.push(`front matter key "${key}"`);

  // The tests folder: the most common first segment of test paths in commands.
  const commands = commandsOf(body.split("\n"));
  const counts = new Map<string, number>();
  for (const { command } of commands)
    for (const m of command.matchAll(/\s([\w.-]+)\/(?:[\w./-]*)?(?=\s|$|::)/g))
      counts.set(m[1] as string, (counts.get(m[1] as string) ?? 0) + 1);
  const testsDir = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "tests";
  // The package: an imported module the description names, else the first that is not the standard library's.
  const imports = [
    ...commands
      .map((c) => c.command)
      .join("\n")
      .matchAll(/\bimport\s+([A-Za-z_]\w*)/g),
  ].map((m) => m[1] as string);
  const about = typeof data.description === "string" ? data.description : "";
  const pkg =
    imports.find((i) => new RegExp(`\\b${i}\\b`).test(about)) ?? imports.find((i) => !STDLIB.has(i));

  const projectOpts: ProjectOption[] = [];
  const pytestOpts: ProjectOption[] = [];
  let flags: DefaultFlag[] = [];
  let base: string | null = null;
  const known: FlakyEntry[] = [];
  const mapping: MappingRow[] = [];
  const layoutEntries: { path: string; note: string }[] = [];
  const preflight: Check[] = [];
  const quick: QuickCheck[] = [];
  const rules: string[] = [];
  const examples: { args: string; means: string; command?: string }[] = [];
  const gotchas: string[] = [];
  const hints: Record<string, string> = {};
  const timeouts = { suite_ms: 600_000, file_ms: 120_000 };
  let commitSkill: string | undefined;
  let parent = "";
  /** Sections without a profile key, kept as the maintainers wrote them (profile `notes`). */
  const pending: Pending[] = [];
  let parentAt = 0;

  for (const s of all) {
    const title = s.title.toLowerCase();
    if (s.level <= 2) {
      parent = title;
      parentAt = s.line;
    }
    const mapped = () => true;
    let used = false;
    if (s.level === 0 || (s.lines.every((l) => l.trim() === "") && s.level <= 2)) used = mapped();
    if (has(title, /option/) && tableRows(s.lines).length > 0) {
      options(tableRows(s.lines), projectOpts, pytestOpts, unmapped);
      used = true;
    }
    if (has(title, /default flag/)) {
      flags = defaultFlags(listItems(s.lines));
      used = flags.length > 0;
    }
    if (
      has(title, /base command/) ||
      (base === null && has(title, /construct|command|how to run|running|run the|usage/))
    ) {
      const first = blocks(s.lines)[0]
        ?.lines.find((l) => l.trim() !== "")
        ?.trim();
      if (first && /pytest/.test(first) && base === null) {
        base = first.replace(/^\$\s+/, "");
        // A "How to run" section says more than its first command: it is kept as a note too.
        used = has(title, /base command/);
      }
    }
    if (has(title, /flaky/)) {
      for (const row of tableRows(s.lines)) {
        const entry = flakyEntry(row, testsDir, unmapped);
        if (entry) known.push(entry);
      }
      // A bulleted list: "- `tests/x.py::test_y` — why; fails with `AssertionError`".
      for (const item of anyListItems(s.lines)) {
        const found = flakyItem(item);
        if (!found) continue;
        const entry = flakyEntry(
          [`\`${found.id}\``, found.signatures.map((g) => `\`${g}\``).join(" "), found.note],
          testsDir,
          unmapped,
        );
        if (entry) known.push(entry);
      }
      const rule = paragraphs(s.lines).find((p) => /rule of thumb/i.test(p));
      if (rule)
        unmapped.push(
          `known-flaky "${rule.slice(0, 80)}...": a rule, not a list entry (timeout_signatures covers the "likely flaky" part)`,
        );
      used = true;
    }
    if (has(title, /mapping|→\s*test|->\s*test|change.type/) || isMappingHeader(tableHeader(s.lines))) {
      for (const row of tableRows(s.lines)) {
        const r = mappingRow(row, testsDir);
        if (r) mapping.push(r);
        else unmapped.push(`mapping row "${row.join(" | ")}": no paths`);
      }
      used = true;
    }
    if (has(title, /layout|directory/)) {
      layoutEntries.push(...layout(s.lines, testsDir));
      used = layoutEntries.length > 0;
    }
    if (has(title, /path resolution/)) {
      rules.push(...listItems(s.lines).map(plain));
      used = true;
    }
    if (has(title, /intent|argument/)) {
      for (const item of listItems(s.lines)) {
        const m = /^`\/[\w-]+\s*([^`]*)`\s*(?:→|->|:)\s*(.+)$/.exec(item);
        if (m) examples.push({ args: (m[1] ?? "").trim(), means: plain(m[2] ?? "") });
      }
      used = true;
    }
    if (has(parent, /pre-?flight/) && s.level >= 3) {
      const c = check(s, unmapped);
      if (c) {
        preflight.push(c);
        used = true;
      }
    }
    if (has(parent, /quick/) && s.level >= 3) {
      const run = commandsOf(s.lines).map((c) => c.command);
      if (run.length > 0) {
        quick.push({ title: plain(s.title).replace(/:$/, ""), run, background: /background/i.test(s.title) });
        used = true;
      }
    }
    if (has(title, /combo/)) {
      for (const c of commandsOf(s.lines))
        examples.push({ args: "", means: c.comment ?? "a common combination", command: c.command });
      used = true;
    }
    if (has(title, /gotcha|watch out|pitfall|caveat|keep in mind|good to know/)) {
      const items = anyListItems(s.lines).map(plain);
      gotchas.push(...items);
      used = items.length > 0;
    }
    if (has(title, /capture/)) {
      const p = paragraphs(s.lines)[0];
      if (p) hints.capture_pipe = p;
      used = Boolean(p);
    }
    const joined = s.lines.join("\n");
    for (const m of joined.matchAll(
      /\*\*(\d{4,7})\s*ms\*\*[^*]*?(full suite|single-file|one file|single file)/gi,
    )) {
      let ms = Number(m[1]);
      if (ms > MAX_BASH_TIMEOUT_MS) {
        unmapped.push(
          `timeout ${ms} ms: above the Bash tool's ${MAX_BASH_TIMEOUT_MS} ms cap; the draft uses the cap`,
        );
        ms = MAX_BASH_TIMEOUT_MS;
      }
      if (/full/i.test(m[2] as string)) timeouts.suite_ms = ms;
      else timeouts.file_ms = ms;
      used = true;
    }
    const commit = /`\/([\w-]*commit[\w-]*)`/.exec(joined)?.[1];
    if (commit) commitSkill = `/${commit}`;
    if (/never auto-commit/i.test(joined)) {
      gotchas.push(
        "Never commit a fix: leave it unstaged for the user to review (the guard denies git mutations).",
      );
    }
    // The prose around a mapping or flaky table ("then run everything once") is the maintainers' too.
    const around = paragraphs(s.lines).filter((p) => !/rule of thumb/i.test(p));
    if (used && around.length > 0 && (has(title, /flaky/) || isMappingHeader(tableHeader(s.lines))))
      pending.push({
        title: s.title,
        level: s.level,
        lines: around.flatMap((p) => [p, ""]),
        line: s.line,
        parent: parentAt,
      });
    if (!used && (s.level > 0 || s.lines.some((l) => l.trim() !== ""))) {
      const heading = s.level > 0 ? s.title : "Introduction";
      if (s.level > 0)
        unmapped.push(`section "${s.title}" (line ${s.line}): no profile key for it; kept as a note`);
      pending.push({ title: heading, level: s.level, lines: s.lines, line: s.line, parent: parentAt });
    }
  }

  const description =
    typeof data.description === "string" ? plain(data.description) : "Run the project's tests.";
  const profile: ProfileInput = {
    skill: {
      name: typeof data.name === "string" ? data.name : "run-tests",
      description,
      argument_hint:
        typeof data["argument-hint"] === "string" ? data["argument-hint"] : "[test-path-or-pattern] [--opts]",
      ...(commitSkill ? { commit_message_skill: commitSkill } : {}),
    },
    project: {
      name: pkg ?? /\b([\w.-]+)'s\b/.exec(description)?.[1] ?? "this project",
      ...(pkg ? { package: pkg } : {}),
      tests_dir: testsDir,
    },
    runner: { base: base ?? "python -m pytest", default_flags: flags, timeouts },
    options: { project: projectOpts, pytest: pytestOpts },
    examples,
    path_resolution: { rules },
    preflight,
    layout: layoutEntries,
    mapping,
    quick_checks: quick,
    known_flaky: known,
    ...(Object.keys(hints).length > 0 ? { hints } : {}),
    allowed_tools: allowed.length > 0 ? allowed : ["Bash(python -m pytest *)"],
    gotchas,
  };
  if (base === null) {
    // No section names it: the pytest command the skill's own commands use most.
    const counts = new Map<string, number>();
    for (const { command } of commands) {
      const m = /^((?:[A-Z_]+=\S+\s+)*(?:\S+\s+)*?(?:\S*\/)?(?:pytest|python3?\s+-m\s+pytest))(?=\s|$)/.exec(
        command,
      );
      if (m && !/[|&;<>]/.test(m[1] as string))
        counts.set(m[1] as string, (counts.get(m[1] as string) ?? 0) + 1);
    }
    const best = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (best) {
      base = best;
      profile.runner.base = best;
    } else unmapped.push('runner: no "Base command" block; the draft uses python -m pytest');
  }
  // A combination's arguments: its command without the base command and the default flags.
  const runner = base ?? "python -m pytest";
  for (const e of examples)
    if (e.command?.startsWith(`${runner} `) && e.args === "")
      e.args = e.command
        .slice(runner.length)
        .split(/\s+/)
        .filter((w) => w !== "" && !flags.some((f) => f.flag === w))
        .join(" ");
  dropDenied(profile, unmapped);
  allowBase(profile, unmapped);
  // Judged before the runner is spelled as placeholders: the policy reads the commands as written.
  profile.notes = keptNotes(profile, pending, unmapped);
  spellRunnerOnce(profile);
  return { profile, unmapped };
}

/** The sections without a profile key, as notes: a sub-section goes with the note of its parent. */
function keptNotes(draft: ProfileInput, pending: Pending[], unmapped: string[]): NoteDraft[] {
  const policy = policyOf(draft);
  const notes: (NoteDraft & { level: number; line: number })[] = [];
  for (const p of pending) {
    const text = noteText(p.lines, policy, `note "${p.title}"`, unmapped, (l) => SHELL_START.test(l));
    const last = notes.at(-1);
    if (last && p.level > 2 && last.line === p.parent) {
      last.text = `${last.text}\n\n${"#".repeat(Math.min(p.level, 4))} ${p.title}\n\n${text}`.trim();
    } else if (text !== "" || p.level > 0) {
      notes.push({
        // "2. Construct the command": the generator numbers the sections itself.
        title: plain(p.title)
          .replace(/:$/, "")
          .replace(/^\d+[.)]\s+/, ""),
        text: text || "(empty in the original)",
        level: p.level,
        line: p.line,
      });
    }
  }
  return notes.map(({ title, text }) => ({ title, text }));
}
