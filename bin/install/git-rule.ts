// The git rule as init states it (issue 20): what the guard refuses and in which turns, how the human changes
// it (git.allow entries, git.enforce: false), and where the repository's own agent instructions ask the agent
// to commit, merge, fetch, push, tag or stash, with the git.allow lines that would honour them. Init never
// changes the profile for them: the switch stays in the human's hands (the profile is in the protected set).
import { closeSync, existsSync, openSync, readdirSync, readSync } from "node:fs";
import { join } from "node:path";
import type { Profile } from "../../hooks/core/profile/schema.ts";
import { lookup } from "../../hooks/core/shell/table.ts";
import { analyse } from "../../hooks/guard/analyse.ts";
import { GIT_ALLOW_KEY, GIT_ENFORCE_KEY } from "../../hooks/guard/decide.ts";
import { GIT_MUTATION_WHAT, GIT_RESTRICTED } from "../../hooks/guard/git.ts";
import { PATHS } from "./layout.ts";
import { isGeneratedSkill } from "./skill.ts";

/** The repository's instructions to agents (project-relative), read in this order. */
export const INSTRUCTION_FILES = ["AGENTS.md", "CLAUDE.md", ".claude/CLAUDE.md"];
/** Folders whose `<name>/SKILL.md` are the repository's own agent skills. */
export const SKILL_FOLDERS = [".claude/skills", ".agents/skills"];

/** Bounds that keep the scan cheap on any repository. */
const MAX_FILE_BYTES = 256 * 1024;
const MAX_SKILLS = 64;
const MAX_HITS = 40;
const MAX_TEXT = 140;

export interface GitAsk {
  /** Project-relative file and 1-based line. */
  file: string;
  line: number;
  text: string;
  /** The git.allow entries that would honour the line (the guard's own subcommand names). */
  forms: string[];
}

/** A literal git command in the line: inside backticks, or from `git` to the end of the line. */
const GIT_COMMAND = /`([^`]*\bgit\s[^`]*)`|(?:^|[\s$>(])(git\s+[^`]*)$/g;

/** Plain words that ask for a git mutation, with the form they stand for. Words that are common outside git
 *  (tag, fetch, merge, push) count only on a line that also speaks of git. */
const WORDS: { re: RegExp; form: string; needsGitContext: boolean }[] = [
  { re: /\b(commit|commits|committed|committing)\b/i, form: "commit", needsGitContext: false },
  // A commit trailer (opentelemetry-python's AGENTS.md asks for `Assisted-by:`) is an ask to commit.
  { re: /\b(assisted|co-authored|signed-off)-by:/i, form: "commit", needsGitContext: false },
  { re: /\b(stash|stashed|stashing)\b/i, form: "stash", needsGitContext: false },
  { re: /\b(rebase|rebased|rebasing)\b/i, form: "rebase", needsGitContext: false },
  { re: /\bcherry-pick/i, form: "cherry-pick", needsGitContext: false },
  { re: /\b(merge|merged|merging)\b/i, form: "merge", needsGitContext: true },
  { re: /\b(fetch|fetched|fetching)\b/i, form: "fetch", needsGitContext: true },
  { re: /\b(push|pushed|pushing)\b/i, form: "push", needsGitContext: true },
  { re: /\b(tag|tagged|tagging)\b/i, form: "tag", needsGitContext: true },
];
const GIT_CONTEXT = /\bgit\b|\bbranch(es)?\b|\bremote\b|\bupstream\b|\borigin\b|\bcommit/i;

/** What the guard calls the form a git command line mutates with ("commit", "stash"), none when it reads. */
function mutatingForms(command: string): string[] {
  const { findings } = analyse(command, { skill: false, policy: null, patterns: [], gitAllow: () => [] });
  // Only subcommands the guard knows: prose such as "git to commit" names none.
  const known = (form: string) => lookup(GIT_MUTATION_WHAT, form) || lookup(GIT_RESTRICTED, form);
  return findings.flatMap((f) => (f.rule === "git" && f.gitForm && known(f.gitForm) ? [f.gitForm] : []));
}

/** The forms one line asks for: literal git commands as the guard judges them, then the plain words. */
export function formsAskedBy(line: string): string[] {
  const forms = new Set<string>();
  let literal = false;
  for (const m of line.matchAll(GIT_COMMAND)) {
    literal = true;
    const command = (m[1] ?? m[2] ?? "").replace(/[.,;:!?)]+$/, "");
    for (const form of mutatingForms(command.slice(command.search(/\bgit\s/)))) forms.add(form);
  }
  // A line with a literal git command says exactly what it runs (`git stash list` reads): no word guessing.
  if (literal) return [...forms];
  for (const w of WORDS) {
    if (!w.re.test(line)) continue;
    if (w.needsGitContext && !GIT_CONTEXT.test(line)) continue;
    // A word asks for the form only when the guard refuses it (`git tag x`, not `git tag`).
    const probe = w.form === "tag" || w.form === "merge" || w.form === "rebase" || w.form === "cherry-pick";
    if (mutatingForms(`git ${w.form}${probe ? " x" : ""}`).length > 0) forms.add(w.form);
  }
  return [...forms];
}

/** The first MAX_FILE_BYTES of a file, or null when it cannot be read. */
function readHead(path: string): string | null {
  let fd: number | null = null;
  try {
    fd = openSync(path, "r");
    const buffer = Buffer.alloc(MAX_FILE_BYTES);
    const n = readSync(fd, buffer, 0, MAX_FILE_BYTES, 0);
    return buffer.subarray(0, n).toString("utf8");
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** The files init reads: the instruction files, then the repository's own skills (not ones we generated). */
export function instructionFiles(dir: string): { rel: string; text: string }[] {
  const out: { rel: string; text: string }[] = [];
  for (const rel of INSTRUCTION_FILES) {
    const text = readHead(join(dir, rel));
    if (text !== null) out.push({ rel, text });
  }
  let skills = 0;
  for (const folder of SKILL_FOLDERS) {
    let names: string[];
    try {
      names = readdirSync(join(dir, folder)).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      if (skills >= MAX_SKILLS) break;
      const rel = `${folder}/${name}/SKILL.md`;
      if (!existsSync(join(dir, rel))) continue;
      const text = readHead(join(dir, rel));
      if (text === null || isGeneratedSkill(text)) continue;
      skills++;
      out.push({ rel, text });
    }
  }
  return out;
}

/** Lines of the repository's agent instructions that ask for a git mutation, at most MAX_HITS. */
export function gitAsks(dir: string): GitAsk[] {
  const asks: GitAsk[] = [];
  for (const { rel, text } of instructionFiles(dir)) {
    const lines = text.split("\n");
    // A skill's frontmatter describes it (its description names what it does); the body says what to run.
    const start = lines[0]?.trim() === "---" ? lines.findIndex((l, k) => k > 0 && l.trim() === "---") + 1 : 0;
    for (let i = start; i < lines.length && asks.length < MAX_HITS; i++) {
      const line = (lines[i] ?? "").trim();
      // Headings name topics ("## Commits"); the lines under them say what to do.
      if (!line || /^#{1,6}\s/.test(line)) continue;
      const forms = formsAskedBy(line);
      if (forms.length === 0) continue;
      const shown = line.length > MAX_TEXT ? `${line.slice(0, MAX_TEXT - 3)}...` : line;
      asks.push({ file: rel, line: i + 1, text: shown, forms });
    }
  }
  return asks;
}

/** The section init prints: the rule, the switch, and the repository's asks with the lines to honour them. */
export function gitRuleSection(profile: Profile, profileFile: string, asks: GitAsk[]): string[] {
  const allow = profile.git?.allow ?? [];
  const enforced = profile.git?.enforce !== false;
  const lines: string[] = [];
  // A built-in profile (--profile generic) has no file here to edit: say how to get one.
  const where = profileFile.endsWith(".yaml")
    ? profileFile
    : `a profile file (\`extends: generic\` plus the key, passed with --profile FILE; init without --profile writes ${PATHS.profileYaml} to edit)`;
  if (enforced) {
    lines.push(
      "The guard refuses git mutations (commit, merge, fetch, pull, push, tag, stash, reset, restore, ...) in every turn of every session in this repository, not only in /run-tests turns; read-only git (status, diff, log, show, ...) runs.",
      allow.length > 0
        ? `Allowed here by ${GIT_ALLOW_KEY}: ${allow.map((f) => `git ${f}`).join(", ")}.`
        : `No exceptions yet (${GIT_ALLOW_KEY} is empty).`,
      `To change it, edit ${where} (the agent cannot: it is in the guard's protected set) and run init again:`,
      `  git: { allow: [stash] }   lets the named forms through (${GIT_ALLOW_KEY}: "stash" allows every git stash ...)`,
      `  git: { enforce: false }   turns the rule off for this repository outside /run-tests turns (${GIT_ENFORCE_KEY})`,
    );
  } else {
    lines.push(
      `The git rule is off for this repository (${GIT_ENFORCE_KEY}: false in ${profileFile}): outside /run-tests turns the guard lets git mutations run; in a /run-tests turn the skill's allowed-tools and the rule still apply, and git config, writes into .git/ and run-tests-skill's own files are still refused. Remove the key (or set it to true) and run init again to turn it back on.`,
    );
  }
  if (asks.length > 0) {
    lines.push(
      "Your agent instructions ask for git mutations:",
      ...asks.map((a) => `  ${a.file}:${a.line}: ${a.text}`),
    );
    const wanted = [...new Set(asks.flatMap((a) => a.forms))].filter((f) => !allow.includes(f));
    if (enforced && wanted.length > 0)
      lines.push(
        `The guard refuses them. If the maintainers want the agent to do this here, add to ${where} (init never adds it by itself):`,
        "  git:",
        `    allow: [${[...allow, ...wanted].map((f) => JSON.stringify(f)).join(", ")}]`,
        `or turn the rule off here with \`git: { enforce: false }\`.`,
      );
  }
  return lines;
}

/** What doctor lists: the rule's state and the exceptions. */
export function gitRuleChecks(
  profile: Profile,
  backstop: boolean,
): { title: string; ok: true; detail: string }[] {
  const allow = profile.git?.allow ?? [];
  const off = profile.git?.enforce === false;
  const risky = allow.filter((f) =>
    /^(commit|add|push|reset|rebase|merge|rm|restore|checkout|switch)\b/.test(f),
  );
  const rule = {
    title: `git rule (${GIT_ENFORCE_KEY} in the profile)`,
    ok: true as const,
    detail: off
      ? `off for this repository: outside /run-tests turns the guard lets git mutations run (a /run-tests turn keeps its allowed-tools and the rule; git config, writes into .git/ and run-tests-skill's own files are still refused)${backstop ? "; the git backstop still refuses commits and ref updates made from Claude Code (init --uninstall, then init without --git-backstop, removes it)" : ""}`
      : "on: the guard refuses git mutations in every turn, not only in /run-tests turns (`git: { enforce: false }` in the profile turns it off here)",
  };
  const exceptions = {
    title: `git exceptions (${GIT_ALLOW_KEY} in the profile)`,
    ok: true as const,
    detail:
      allow.length === 0
        ? off
          ? "none (the rule is off outside /run-tests turns)"
          : "none: every git mutation is denied"
        : `the agent may run ${allow.map((f) => `git ${f}`).join(", ")}${risky.length > 0 ? `; note: ${risky.map((f) => `git ${f}`).join(", ")} lets the agent change the index or history itself` : ""}${backstop && allow.length > 0 ? "; the git backstop still refuses commits and every ref update (tag, branch, stash, ...) made from Claude Code" : ""}`,
  };
  return [rule, exceptions];
}
