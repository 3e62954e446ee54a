// Applying the Codex config edits planned by ./codex.ts (init and --uninstall), and the tier init states.
import { join } from "node:path";
import { CODEX_PROFILE_NAME } from "../../hooks/hosts/codex-sandbox.ts";
import type { CodexState, ConfigEdit } from "./codex.ts";
import { removeFile, writeAtomic } from "./fsops.ts";
import { PATHS } from "./layout.ts";

/** Writes each changed file; with a stamp, a file that is replaced is copied to backup/ first
 *  (`<name>.<stamp>.bak`). */
export function applyConfigEdits(dir: string, edits: readonly ConfigEdit[], stamp: string | null): string[] {
  const backups: string[] = [];
  for (const edit of edits) {
    if (edit.before === edit.after) continue;
    const path = join(dir, edit.rel);
    if (edit.before !== null && stamp !== null) {
      const name = edit.rel.replaceAll("/", "_");
      const backup = `${PATHS.backupDir}/${name}.${stamp}.bak`;
      writeAtomic(join(dir, backup), edit.before);
      backups.push(backup);
    }
    if (edit.after === null) removeFile(path);
    else writeAtomic(path, edit.after);
  }
  return backups;
}

/** What init says about enforcement under Codex: it fails open, so the guarantee is its sandbox. */
export function codexTierLine(state: CodexState | null): string[] {
  const lines = [
    state?.sandbox
      ? `Codex enforcement: guaranteed while Codex runs with the "${CODEX_PROFILE_NAME}" permission profile in .codex/config.toml (${state.sandbox.readOnly.join(", ")}, .git, .codex and .agents read-only inside its sandbox); \`codex -s ...\`, \`--dangerously-bypass-approvals-and-sandbox\` or a sandbox_mode in your own config replace it`
      : "Codex enforcement: best effort (Codex runs a command when a hook fails; `run-tests-skill init --host codex --sandbox` makes the install read-only inside Codex's sandbox)",
    "Codex trust: start `codex` in this project, type /hooks, review and trust the run-tests-skill hooks (Codex skips project hooks nobody has trusted, silently; a changed hook needs trusting again)",
  ];
  return lines;
}
