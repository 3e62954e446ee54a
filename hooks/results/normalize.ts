// Text as it reaches a hook -> plain lines pytest's own formats can be matched against
// (pytest-output.md §1): the `Exit code N` first line of a PostToolUseFailure `error`, colour codes (which
// sit *inside* tokens with --color=yes), BEL and other control characters, CRLF, and Claude Code's own
// truncation markers, which mean the middle of the output is gone.

export interface NormalizedOutput {
  text: string;
  /** From the `Exit code N` line; null when the text had none (PostToolUse). */
  exitCode: number | null;
  /** Claude Code cut the output (the middle is missing). */
  truncated: boolean;
  /** Claude Code put only a preview here and saved the rest to a file. */
  previewOnly: boolean;
}

const EXIT_LINE = /^Exit code (\d+)\r?\n?/;

// CSI (ESC [ params intermediates final), OSC (ESC ] ... BEL|ST), and two-byte escapes.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences is the point
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
// C0 controls except \t and \n (\r is handled first), and DEL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

/** Markers Claude Code inserts where it removed the middle of a long output. */
const TRUNCATION_MARKERS: RegExp[] = [
  /\[\s*\d[\d,]*\s+(?:characters?|chars?|lines?|bytes?)\s+truncated\s*\]/i,
  /^\.\.\. ?\((?:output )?truncated\)\s*$/im,
  /^\.\.\. ?\[truncated\]\s*$/im,
];
const PREVIEW_MARKERS: RegExp[] = [
  /^Output too large\b/im,
  /^Preview \(first [^)]*\):/im,
  /<persisted-output>/i,
];

export function splitExitCodeLine(error: string): { exitCode: number | null; rest: string } {
  const match = EXIT_LINE.exec(error);
  if (!match) return { exitCode: null, rest: error };
  return { exitCode: Number(match[1]), rest: error.slice(match[0].length) };
}

export function stripControls(raw: string): string {
  let text = raw;
  if (text.includes("\x1b")) text = text.replace(ANSI, "");
  if (text.includes("\r")) text = text.replace(/\r\n/g, "\n").replace(/\r/g, "\n");
  return text.replace(CONTROL, "");
}

export function hasTruncationMarker(text: string): boolean {
  return TRUNCATION_MARKERS.some((re) => re.test(text));
}

/**
 * `fromFailure`: the text is a PostToolUseFailure `error` and starts with `Exit code N`.
 * The marker search runs on the cleaned text; ANSI codes never contain the marker words.
 */
export function normalizeOutput(raw: string, fromFailure: boolean): NormalizedOutput {
  const { exitCode, rest } = fromFailure ? splitExitCodeLine(raw) : { exitCode: null, rest: raw };
  const text = stripControls(rest);
  return {
    text,
    exitCode,
    truncated: hasTruncationMarker(text),
    previewOnly: PREVIEW_MARKERS.some((re) => re.test(text)),
  };
}
