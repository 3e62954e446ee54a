// Finding the commands a SKILL.md body tells the reader to run: every line of a fenced code block tagged as
// shell (sh, bash, shell, zsh; console lines starting with "$ "). Comments and blank lines are skipped,
// backslash continuations and heredocs are joined into one command, and `<PLACEHOLDER>`s are replaced by a
// sample word (`py<MINOR>` -> `pyminor`) so the command can be matched like the one the reader will type.
// A line that leaves a quote or a block open (a multi-line `python -c "..."`, a `for` loop) is joined with
// the lines that close it, as the guard's parser reads it (issue 17 item 5).
// `&&`/`||`/`;`/`|` chains stay whole: the guard judges each part, exactly as it will at run time.

import { parse } from "unbash";

export const SHELL_LANGUAGES = ["sh", "bash", "shell", "zsh", "console"] as const;

export interface Fence {
  /** Info string's first word, "" when untagged. */
  language: string;
  /** 1-based line of the opening fence. */
  line: number;
  lines: { text: string; line: number }[];
}

export interface BodyCommand {
  /** The command as written (continuations joined). */
  written: string;
  /** With placeholders filled in: what gets matched. */
  command: string;
  line: number;
}

/** Fenced code blocks of a Markdown text; `firstLine` is the file line of the text's first line. */
export function codeFences(markdown: string, firstLine = 1): Fence[] {
  const fences: Fence[] = [];
  let open: { marker: string; fence: Fence } | undefined;
  markdown.split("\n").forEach((text, index) => {
    const line = firstLine + index;
    if (open) {
      const close = /^\s*(`{3,}|~{3,})\s*$/.exec(text);
      if (close?.[1] && close[1][0] === open.marker[0] && close[1].length >= open.marker.length) {
        fences.push(open.fence);
        open = undefined;
      } else {
        open.fence.lines.push({ text, line });
      }
      return;
    }
    const start = /^\s{0,12}(`{3,}|~{3,})\s*([^\s`]*)/.exec(text);
    if (start?.[1])
      open = { marker: start[1], fence: { language: (start[2] ?? "").toLowerCase(), line, lines: [] } };
  });
  if (open) fences.push(open.fence);
  return fences;
}

export function isShellFence(fence: Fence): boolean {
  return (SHELL_LANGUAGES as readonly string[]).includes(fence.language);
}

/** `<NAME>` -> `name`: a plain word that matches a pattern's `*` the way a real value would. Claude Code's
 *  `${CLAUDE_*}` variables become a sample path (allowed-tools entries get the same one, see pairing.ts). */
export function fillPlaceholders(command: string): string {
  return command
    .replace(/<([A-Za-z][\w-]*)>/g, (_, name: string) => name.toLowerCase())
    .replace(/\$\{(CLAUDE_[A-Z_]+)\}/g, (_, name: string) => sampleVar(name));
}

/** The sample value a `${CLAUDE_*}` variable stands for while linting, e.g. /claude_skill_dir. */
export function sampleVar(name: string): string {
  return `/${name.toLowerCase()}`;
}

/** The text so far is a command the shell would keep reading: an open quote, or a loop, `if`, `case`, group
 *  or subshell not yet closed. Judged by the guard's own parser (unbash), so a multi-line `python -c "..."`
 *  or a `for ...; do ... done` block is one command here, as it is for the guard at run time. */
export function incompleteCommand(text: string): boolean {
  // Placeholders first: `<PROTO>` would read as redirections with no target.
  const filled = fillPlaceholders(text);
  const errors = parse(filled).errors ?? [];
  if (errors.length === 0) return false;
  const end = filled.trimEnd().length;
  return errors.every(
    (e) =>
      e.pos >= end - 1 ||
      /^unterminated|^expected '(?:done|fi|esac|\}|\)|then|do|in)'|^expected command after/.test(e.message),
  );
}

/** The commands in one shell fence. */
export function fenceCommands(fence: Fence): BodyCommand[] {
  const out: BodyCommand[] = [];
  let pending: { parts: string[]; line: number; heredoc?: string; open?: boolean } | undefined;
  const flush = () => {
    if (!pending) return;
    const written = pending.parts.join("\n");
    out.push({ written, command: fillPlaceholders(written), line: pending.line });
    pending = undefined;
  };
  for (const { text, line } of fence.lines) {
    if (pending?.heredoc !== undefined) {
      pending.parts.push(text);
      if (text.trim() === pending.heredoc) flush();
      continue;
    }
    let current = fence.language === "console" && !pending ? consoleCommand(text) : text;
    if (current === undefined) continue;
    if (!pending) {
      const trimmed = current.trim();
      if (trimmed === "" || trimmed.startsWith("#")) continue;
      pending = { parts: [], line };
      current = trimmed;
    }
    if (pending.open) {
      // Inside an open quote or block: the line belongs to the command as written, newline included.
      const last = pending.parts.length - 1;
      pending.parts[last] = `${pending.parts[last]}\n${current}`;
      pending.open = incompleteCommand(pending.parts[last] as string);
      if (pending.open) continue;
      flush();
      continue;
    }
    const continued = /\\$/.test(current);
    pending.parts.push(continued ? current.slice(0, -1).trim() : current.trim());
    if (continued) continue;
    const heredoc = /<<-?\s*(['"]?)([A-Za-z_]\w*)\1/.exec(current);
    if (heredoc?.[2]) {
      pending.heredoc = heredoc[2];
      continue;
    }
    if (pending.parts.length > 1) pending.parts = [pending.parts.join(" ")];
    if (incompleteCommand(pending.parts[0] as string)) {
      pending.open = true;
      continue;
    }
    flush();
  }
  flush();
  return out;
}

/** A console block's command lines start with "$ "; the rest is output. */
function consoleCommand(text: string): string | undefined {
  const match = /^\s*\$\s+(.*)$/.exec(text);
  return match?.[1];
}

/** Every command in the shell fences of a body. */
export function bodyCommands(fences: readonly Fence[]): BodyCommand[] {
  return fences.filter(isShellFence).flatMap(fenceCommands);
}
