// init's first step: which profile to install (the one named, the one installed before, profile.yaml, or
// detected), and whether the folder is one init may install into (a subfolder of a repository needs
// --subproject).
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { repoRootOf } from "../../hooks/core/git/dirs.ts";
import { readCompiledProfile } from "../../hooks/core/profile/compiled.ts";
import {
  formatProfileErrors,
  isBuiltin,
  type Loaded,
  loadProfile,
  loadProfileText,
} from "../../hooks/core/profile/load.ts";
import type { Profile } from "../../hooks/core/profile/schema.ts";
import { detectProfile } from "./detect.ts";
import { PATHS } from "./layout.ts";
import type { Manifest } from "./manifest.ts";
import { type InitOptions, type Problem, rel } from "./result.ts";

// --- Profile -----------------------------------------------------------------------------------------------

export interface ChosenProfile {
  profile: Profile;
  /** Shown in the generated files' marker and stored as the compiled profile's source. */
  label: string;
  /** profile.yaml to write (detection), or null. */
  yaml: string | null;
  detected: "tractor" | "generic" | null;
  notes: string[];
  /** Reusing the installed profile: the manifest's profile reference it was installed with. */
  reused?: string;
}

export async function chooseProfile(
  options: InitOptions,
  previous: Manifest | null,
): Promise<{ ok: true; chosen: ChosenProfile } | { ok: false; problem: Problem; notes?: string[] }> {
  const fail = (loaded: Extract<Loaded, { ok: false }>, fix: string) => ({
    ok: false as const,
    problem: { problem: `the profile does not load:\n${formatProfileErrors(loaded.errors)}`, fix },
  });
  if (options.profile) {
    const loaded = loadProfile(options.profile, options.cwd);
    if (!loaded.ok) return fail(loaded, "correct the profile file named above, then run init again");
    // The label appears in the generated SKILL.md's marker line: a built-in's name, a path inside the
    // project, or (for a file elsewhere) just its name, so no machine-specific path lands in the repo.
    const file = resolve(options.cwd, options.profile);
    const inside = rel(options.dir, file);
    const label = isBuiltin(options.profile)
      ? `the built-in ${options.profile} profile`
      : inside === file
        ? basename(file)
        : inside;
    return { ok: true, chosen: { profile: loaded.profile, label, yaml: null, detected: null, notes: [] } };
  }
  const yamlPath = join(options.dir, PATHS.profileYaml);
  if (existsSync(yamlPath) && !options.redetect) {
    // A profile an earlier init filled in (and the user may have edited) wins over detecting again.
    const loaded = loadProfile(yamlPath, options.dir);
    if (!loaded.ok)
      return fail(loaded, `correct ${PATHS.profileYaml} (or delete it to detect the profile again)`);
    return {
      ok: true,
      chosen: {
        profile: loaded.profile,
        label: PATHS.profileYaml,
        yaml: null,
        detected: null,
        notes: [
          `using ${PATHS.profileYaml} from an earlier init (--redetect, or deleting it, detects again)`,
        ],
      },
    };
  }
  // Re-running init on an installation keeps a profile chosen with --profile. A detected one is detected
  // again once its profile.yaml is gone (deleting it is how a user asks for that), and with --redetect.
  const compiledPath = join(options.dir, PATHS.compiledProfile);
  const wasDetected =
    previous !== null && (previous.profile.startsWith("detected:") || previous.profile === PATHS.profileYaml);
  const reuse = !options.redetect && !wasDetected;
  const compiled = reuse && existsSync(compiledPath) ? readCompiledProfile(compiledPath) : null;
  if (compiled?.ok) {
    const source = (JSON.parse(readFileSync(compiledPath, "utf8")) as { source?: unknown }).source;
    return {
      ok: true,
      chosen: {
        profile: compiled.profile,
        label: typeof source === "string" ? source : PATHS.compiledProfile,
        ...(previous ? { reused: previous.profile } : {}),
        yaml: null,
        detected: null,
        notes: [`using the installed profile (${PATHS.compiledProfile}); pass --profile to choose another`],
      },
    };
  }
  const detection = await detectProfile(options.dir, options.detect);
  if (detection.problem) return { ok: false, problem: detection.problem, notes: detection.notes };
  const loaded = loadProfileText(detection.yaml, yamlPath);
  const why = options.redetect
    ? "detected the profile again (--redetect)"
    : wasDetected
      ? `${PATHS.profileYaml} is gone: detected the profile again`
      : null;
  if (!loaded.ok) return fail(loaded, "pass --profile generic, then edit the written profile.yaml");
  return {
    ok: true,
    chosen: {
      profile: loaded.profile,
      label: PATHS.profileYaml,
      yaml: detection.yaml,
      detected: detection.kind,
      notes: why ? [why, ...detection.notes] : detection.notes,
    },
  };
}

// --- Monorepos --------------------------------------------------------------------------------------------

/**
 * Claude Code reads project skills and settings from the folder it starts in, so an install into a subfolder
 * of a git repository works only when claude starts in that subfolder. Refuse unless the user says so
 * (--subproject), rather than leave a skill and hooks that a session started at the root never loads.
 */
export async function subprojectProblem(dir: string, allowed: boolean | undefined): Promise<Problem | null> {
  // From the real folder, as git's own cwd would be (a symlinked dir belongs to its target's repository).
  const here = realpathSync(dir);
  const top = repoRootOf(here);
  if (top === null) return null; // not in a git repository: the folder is the project
  const root = realpathSync(top);
  if (root === here) return null;
  const sub = relative(root, here);
  if (allowed) return null;
  return {
    problem: `${dir} is a subfolder (${sub}) of the git repository at ${root}; Claude Code reads skills and hook settings only from the folder it starts in, so a session started at the repository root would have neither the skill nor the guard`,
    fix: `to use the skill from ${sub}, start claude in ${sub} and run init again with --subproject; or install at the root (run-tests-skill init ${root} --profile <a profile whose commands run ${sub}'s tests>)`,
  };
}
