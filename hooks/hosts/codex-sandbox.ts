// Codex's own sandbox as the guarantee (Codex fails open: a hook that crashes, hangs or is missing lets the
// command run). Observed with 0.169.0 on Linux (bubblewrap):
// - `workspace-write` keeps `.git`, `.codex` and `.agents` read-only inside the project, but our install
//   (`.claude/run-tests-skill`: the bundles the hooks run, the profile, the state) is writable from inside;
// - a permission profile in the project's `.codex/config.toml` (`default_permissions` + a
//   `[permissions.<name>.filesystem]` table) can make sub-paths of the project read-only: with the one below,
//   writes to `.git`, `.codex`, `.agents`, `.claude/run-tests-skill` and `.claude/settings.json` fail
//   ("Read-only file system") while the work tree, $TMPDIR and /tmp stay writable;
// - a read-only sub-path that does not exist makes every session fail to start (bwrap cannot bind-mount it),
//   so only paths init has written are listed;
// - `-s/--sandbox` on the command line, or `sandbox_mode` in any loaded config file, selects the older
//   sandbox settings instead of the profile (docs), and the install is writable again.
// Pure: text in, text out. The two blocks we add are marked, and uninstall takes out exactly them.

export const CODEX_CONFIG_FILE = ".codex/config.toml";
export const CODEX_PROFILE_NAME = "run-tests-skill";

const HEAD_MARK =
  "# run-tests-skill: sandbox profile (init --host codex --sandbox; init --uninstall removes it)";
const TABLE_BEGIN = "# run-tests-skill: begin";
const TABLE_END = "# run-tests-skill: end";

/** Top-level keys that decide the sandbox: when the user has set one, init leaves the sandbox alone. */
const SANDBOX_KEYS = ["default_permissions", "sandbox_mode"];

function topLevelKeys(text: string): string[] {
  const keys: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*\[/.test(line)) break;
    const hit = /^\s*([A-Za-z0-9_-]+)\s*=/.exec(line);
    if (hit?.[1]) keys.push(hit[1]);
  }
  return keys;
}

function headBlock(): string {
  return `${HEAD_MARK}\ndefault_permissions = "${CODEX_PROFILE_NAME}"\n\n`;
}

/** The profile: read everything, write the work tree and the temp dirs, never what enforcement runs on. */
function tableBlock(readOnly: readonly string[]): string {
  const roots = [`"." = "write"`, ...readOnly.map((p) => `${JSON.stringify(p)} = "read"`)].join(", ");
  return [
    TABLE_BEGIN,
    `[permissions.${CODEX_PROFILE_NAME}.filesystem]`,
    `":root" = "read"`,
    `":tmpdir" = "write"`,
    `":project_roots" = { ${roots} }`,
    TABLE_END,
    "",
  ].join("\n");
}

export type CodexSandboxPlan =
  /** `separator`: what was put between the user's text and our table; uninstall takes exactly it out. */
  | { ok: true; text: string; changed: boolean; separator: string }
  | { ok: false; problem: string; fix: string };

/** Adds (or refreshes) our profile in the project's config.toml text (null: no file yet). */
export function addCodexSandbox(
  text: string | null,
  readOnly: readonly string[],
  previousSeparator = "",
): CodexSandboxPlan {
  const base = text === null ? "" : removeCodexSandbox(text, previousSeparator).text;
  const theirs = topLevelKeys(base).filter((k) => SANDBOX_KEYS.includes(k));
  if (theirs.length > 0)
    return {
      ok: false,
      problem: `${CODEX_CONFIG_FILE} already sets ${theirs.join(" and ")}, which decides Codex's sandbox`,
      fix: `remove it, or add ${readOnly.join(", ")} as read-only paths to your own permission profile, then run init again`,
    };
  const separator = base === "" ? "" : base.endsWith("\n") ? "\n" : "\n\n";
  const next = `${headBlock()}${base}${separator}${tableBlock(readOnly)}`;
  return { ok: true, text: next, changed: next !== text, separator };
}

/** Takes our two blocks out again; what the user wrote stays byte for byte. */
export function removeCodexSandbox(text: string, separator: string): { text: string; changed: boolean } {
  let next = text.split(headBlock()).join("");
  const begin = next.indexOf(TABLE_BEGIN);
  const end = next.indexOf(TABLE_END);
  if (begin >= 0 && end > begin) {
    const from = next.slice(0, begin).endsWith(separator) ? begin - separator.length : begin;
    const to = Math.min(next.length, end + TABLE_END.length + 1);
    next = next.slice(0, from) + next.slice(to);
  }
  return { text: next, changed: next !== text };
}

/** Whether config.toml text holds our profile and selects it. */
export function hasCodexSandbox(text: string | null): boolean {
  if (text === null) return false;
  return text.includes(headBlock()) && text.includes(TABLE_BEGIN) && text.includes(TABLE_END);
}

/** The read-only paths our profile lists, as written in the text (for doctor). */
export function codexSandboxReadOnly(text: string): string[] {
  const line = /^":project_roots" = \{(.*)\}$/m.exec(text.slice(text.indexOf(TABLE_BEGIN)))?.[1] ?? "";
  return [...line.matchAll(/"([^"]+)" = "read"/g)].map((m) => m[1] as string);
}
