// Which profile a CLI command uses (issue 8): `--profile` when given; else the profile installed in the
// repository the command runs in (the nearest .claude/run-tests-skill/profile.json at or above the working
// directory); else the command's fallback. Every command says on stderr which one it used, so its stdout
// (often JSON) stays machine-readable.
import { relative } from "node:path";
import { readCompiledProfile } from "../../hooks/core/profile/compiled.ts";
import {
  formatProfileErrors,
  isBuiltin,
  loadProfile,
  resolveProfileRef,
} from "../../hooks/core/profile/load.ts";
import type { Profile } from "../../hooks/core/profile/schema.ts";
import { findInstalledProfile, projectOfProfile } from "../../hooks/core/state/locate.ts";
import type { CliIO } from "./command.ts";

export type ProfileChoice =
  | {
      ok: true;
      /** null: no profile at all (the command's own fallback applies). */
      profile: Profile | null;
      /** How the profile is named in the "profile:" line. */
      label: string;
      /** The project of an installed profile (its skill, state and ledger live there), else null. */
      projectDir: string | null;
    }
  | { ok: false; problem: string };

/** `fallback`: a built-in name, or null for "no profile". */
export function chooseProfile(ref: string | undefined, cwd: string, fallback: string | null): ProfileChoice {
  if (ref !== undefined) {
    const loaded = loadProfile(ref, cwd);
    if (!loaded.ok) return { ok: false, problem: formatProfileErrors(loaded.errors) };
    const label = isBuiltin(ref)
      ? `the built-in ${ref} profile (--profile)`
      : `${resolveProfileRef(ref, cwd)} (--profile)`;
    return { ok: true, profile: loaded.profile, label, projectDir: null };
  }
  const installed = findInstalledProfile(cwd);
  if (installed) {
    const compiled = readCompiledProfile(installed);
    if (!compiled.ok) return { ok: false, problem: `${compiled.problem} (pass --profile to use another)` };
    const shown = relative(cwd, installed) || installed;
    return {
      ok: true,
      profile: compiled.profile,
      label: `installed ${shown}`,
      projectDir: projectOfProfile(installed),
    };
  }
  if (fallback === null)
    return {
      ok: true,
      profile: null,
      label: "none (no installed profile here; pass --profile)",
      projectDir: null,
    };
  const loaded = loadProfile(fallback, cwd);
  if (!loaded.ok) return { ok: false, problem: formatProfileErrors(loaded.errors) };
  return {
    ok: true,
    profile: loaded.profile,
    label: `the built-in ${fallback} profile (nothing installed here; pass --profile to choose)`,
    projectDir: null,
  };
}

/** The "profile:" line every command prints on stderr. */
export function sayProfile(io: CliIO, command: string, choice: Extract<ProfileChoice, { ok: true }>): void {
  io.stderr(`run-tests-skill ${command}: profile: ${choice.label}\n`);
}
