// The human part of a hand-written skill that has no profile key of its own: its sections, kept as written
// (profile `notes`), and the shapes a naturally written skill uses for facts the profile does hold (a
// "what to test after a change" table, a bulleted flaky list, a numbered list of things to watch out for).
// Pure text work; import.ts decides where each section goes.
import { decide } from "../../hooks/guard/decide.ts";
import type { GuardPolicy } from "../../hooks/guard/policy.ts";
import { SHELL_LANGUAGES } from "../validator/commands.ts";

export interface NoteDraft {
  title: string;
  text: string;
}

/** The header row of the first Markdown table in `lines`, cells trimmed; null when there is none. */
export function tableHeader(lines: readonly string[]): string[] | null {
  const row = lines.find((l) => /^\s*\|.*\|\s*$/.test(l));
  if (!row) return null;
  return row
    .trim()
    .replace(/^\||\|$/g, "")
    .split("|")
    .map((c) => c.trim());
}

/** A change -> tests table by its header: "If you touched | Run first", "Changed | Tests", "Module | Tests". */
export function isMappingHeader(header: readonly string[] | null): boolean {
  if (!header || header.length < 2) return false;
  const [first = "", second = ""] = header;
  return /chang|touch|edit|modif|module|source|if you|file/i.test(first) && /test|run/i.test(second);
}

/** Numbered ("1. ") and bulleted ("- ", "* ") list items with their continuation lines. */
export function anyListItems(lines: readonly string[]): string[] {
  const out: string[] = [];
  let open = false;
  for (const line of lines) {
    const m = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (m) {
      out.push((m[1] as string).trim());
      open = true;
    } else if (open && /^\s+\S/.test(line)) out[out.length - 1] += ` ${line.trim()}`;
    else open = false;
  }
  return out;
}

/** Exception names in free text: `AssertionError`, TimeoutError, pexpect.TIMEOUT, trio.TooSlowError. */
export function exceptionNames(text: string): string[] {
  const names = [...text.matchAll(/\b((?:[a-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Timeout|TIMEOUT))\b/g)].map(
    (m) => m[1] as string,
  );
  return [...new Set(names)];
}

/** A flaky list item: the first `path.py::name[params]` in it, its exception names as signatures, the rest
 *  of the sentence as the note. */
export function flakyItem(item: string): { id: string; signatures: string[]; note: string } | null {
  const id = [...item.matchAll(/`([^`]+\.py::[^`]+)`/g)].map((m) => m[1] as string)[0];
  if (!id) return null;
  const rest = item.replace(`\`${id}\``, "").replace(/^\s*[—–:-]+\s*/, "");
  const note = rest.replace(/`/g, "").replace(/\s+/g, " ").trim();
  return { id, signatures: exceptionNames(rest), note };
}

/**
 * A section's text for `notes`: code blocks get a language (an untagged block of commands becomes `sh`,
 * other text `text`), and a shell block with a command the skill's own allowed-tools refuse becomes `text`
 * (listed in `unmapped`), so the generated skill never shows a command the guard would deny.
 */
export function noteText(
  lines: readonly string[],
  policy: GuardPolicy | null,
  where: string,
  unmapped: string[],
  looksLikeCommand: (line: string) => boolean,
): string {
  const out: string[] = [];
  let block: { open: string; lang: string; body: string[] } | null = null;
  for (const line of lines) {
    const fence = /^(\s*)(```+|~~~+)\s*([\w-]*)\s*$/.exec(line);
    if (fence && !block) {
      block = { open: `${fence[1]}${fence[2]}`, lang: (fence[3] ?? "").toLowerCase(), body: [] };
      continue;
    }
    if (fence && block && line.trim().startsWith(block.open.trim())) {
      const commands = block.body
        .map((l) => l.trim().replace(/^\$\s+/, ""))
        .filter((l) => l !== "" && !l.startsWith("#"));
      let lang = block.lang;
      if (lang === "") lang = commands.length > 0 && commands.every(looksLikeCommand) ? "sh" : "text";
      if ((SHELL_LANGUAGES as readonly string[]).includes(lang) && policy) {
        const denied = commands.find((c) => decide(c, { skillActive: true, policy }).decision === "deny");
        if (denied) {
          unmapped.push(
            `${where}: \`${denied}\` is shown as text: the skill's own allowed-tools do not cover it`,
          );
          lang = "text";
        }
      }
      out.push(`${block.open}${lang}`, ...block.body, block.open);
      block = null;
      continue;
    }
    if (block) block.body.push(line);
    else out.push(line);
  }
  if (block) out.push(`${block.open}${block.lang || "text"}`, ...block.body, block.open);
  return out.join("\n").replace(/^\n+|\n+$/g, "");
}
