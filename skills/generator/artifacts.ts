// The files this repository generates and commits, as one list: `generate` writes them, `generate --check`
// compares them byte for byte. Add new generated files (hooks/hooks.json, the .claude settings fragment) here,
// so the check covers them too.
import { isAbsolute, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { compileProfile } from "../profile/compile.ts";
import { PROFILE_SCHEMA_FILE, profileJsonSchema } from "../profile/json-schema.ts";
import {
  DEFAULT_PROFILE,
  isBuiltin,
  loadProfile,
  type ProfileError,
  resolveProfileRef,
} from "../profile/load.ts";
import type { Profile } from "../profile/schema.ts";
import type { SkillFormat } from "../spec/skill-md.ts";
import { renderSkill } from "./render.ts";

/** The checkout this module lives in. */
export const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Where the plugin's compiled profile lives (hooks/runtime/locate.ts: <plugin>/hooks/profile.json). */
export const COMPILED_PROFILE_FILE = "hooks/profile.json";

export interface Artifact {
  /** Repo-relative POSIX path. */
  path: string;
  content: string;
}

/** Thrown when the profile does not load; carries one error per problem. */
export class ProfileLoadError extends Error {
  constructor(readonly errors: ProfileError[]) {
    super(`the profile has ${errors.length} error(s)`);
  }
}

export interface ArtifactOptions {
  /** Built-in name or file path (relative to `cwd`); default: the default profile (tractor). */
  profile?: string;
  format?: SkillFormat;
  cwd?: string;
}

/** How a profile is named in generated files: repo-relative for files inside this checkout (stable across
 *  machines), the path as given otherwise. */
export function profileLabel(ref: string, cwd: string): string {
  const file = resolveProfileRef(ref, cwd);
  const rel = relative(PACKAGE_ROOT, file);
  if (!rel.startsWith("..") && !isAbsolute(rel)) return rel.split(sep).join("/");
  return isBuiltin(ref) ? `the built-in ${ref} profile` : ref;
}

export function loadOrThrow(ref: string, cwd: string): Profile {
  const loaded = loadProfile(ref, cwd);
  if (!loaded.ok) throw new ProfileLoadError(loaded.errors);
  return loaded.profile;
}

/** The skill folder of a profile, as paths relative to the folder. */
export function skillFiles(profile: Profile, format: SkillFormat, label: string): Map<string, string> {
  return renderSkill(profile, { format, profileLabel: label });
}

export async function generatedArtifacts(options: ArtifactOptions = {}): Promise<Artifact[]> {
  const cwd = options.cwd ?? process.cwd();
  const ref = options.profile ?? DEFAULT_PROFILE;
  const profile = loadOrThrow(ref, cwd);
  const label = profileLabel(ref, cwd);
  const skillDir = `skills/${profile.skill.name}`;
  const artifacts: Artifact[] = [];
  for (const [path, content] of skillFiles(profile, options.format ?? "claude-code", label)) {
    artifacts.push({ path: `${skillDir}/${path}`, content });
  }
  artifacts.push({ path: COMPILED_PROFILE_FILE, content: compileProfile(profile, label) });
  artifacts.push({ path: PROFILE_SCHEMA_FILE, content: profileJsonSchema() });
  return artifacts;
}
