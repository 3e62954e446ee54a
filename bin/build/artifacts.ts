// The files this repository generates and commits, as one list: `generate` writes them, `generate --check`
// compares them byte for byte. New generated files belong here, so the check covers them too.
import { readdirSync, readFileSync } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";
import { PACKAGE_ROOT } from "../../hooks/core/package-root.ts";
import { compileProfile } from "../../hooks/core/profile/compile.ts";
import { PROFILE_SCHEMA_FILE, profileJsonSchema } from "../../hooks/core/profile/json-schema.ts";
import {
  BUILTIN_PROFILES,
  isBuiltin,
  loadProfile,
  type ProfileError,
  resolveProfileRef,
} from "../../hooks/core/profile/load.ts";
import type { Profile } from "../../hooks/core/profile/schema.ts";
import type { SkillFormat } from "../../hooks/core/profile/skill-md.ts";
import { renderSkill } from "../../skills/generator/render.ts";
import { PLUGIN_NAME, PLUGIN_RELEASE_DIR, registrationArtifacts } from "./registration.ts";

export { PACKAGE_ROOT };

/** The built-in profiles' sources (this generator runs in the package layout only). */
const BUILTIN_PROFILES_SOURCE = join(PACKAGE_ROOT, "skills", "profiles");

/** The profile the plugin's own skill and compiled profile are rendered from: generic, with the interpreters
 *  repositories commonly use (a plugin must never describe tractor in another repository). */
export const PLUGIN_PROFILE = "skills/profiles/plugin.yaml";

/** Each built-in profile's skill, rendered as `init` would install it, for readers and reviewers. */
export const EXAMPLES_DIR = "examples";

/** Where the plugin's compiled profile lives (hooks/core/state/locate.ts: <plugin>/hooks/profile.json). */
export const COMPILED_PROFILE_FILE = `${PLUGIN_RELEASE_DIR}/hooks/profile.json`;

/** The plugin's skill folder (repo-relative), where Claude Code finds it as `/run-tests-skill:<name>`. */
export function pluginSkillDir(name: string): string {
  return `${PLUGIN_RELEASE_DIR}/skills/${name}`;
}

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
  /** Built-in name or file path (relative to `cwd`); default: the plugin profile (PLUGIN_PROFILE). */
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
  const cwd = options.profile ? (options.cwd ?? process.cwd()) : PACKAGE_ROOT;
  const ref = options.profile ?? PLUGIN_PROFILE;
  const profile = loadOrThrow(ref, cwd);
  const label = profileLabel(ref, cwd);
  const skillDir = pluginSkillDir(profile.skill.name);
  const artifacts: Artifact[] = [];
  for (const [path, content] of skillFiles(profile, options.format ?? "claude-code", label)) {
    artifacts.push({ path: `${skillDir}/${path}`, content });
  }
  artifacts.push({ path: COMPILED_PROFILE_FILE, content: compileProfile(profile, label) });
  for (const [path, content] of registrationArtifacts()) artifacts.push({ path, content });
  // The rest of the plugin folder (no package.json there, see PLUGIN_RELEASE_DIR; its commands/*.md are
  // written by hand in it). The built-in profiles, for the CLI in the plugin (cli/run-tests-skill.cjs: the
  // setup command's and the npm package's `bin`).
  for (const name of readdirSync(BUILTIN_PROFILES_SOURCE)
    .filter((f) => f.endsWith(".yaml"))
    .sort())
    artifacts.push({
      path: `${PLUGIN_RELEASE_DIR}/profiles/${name}`,
      content: readFileSync(join(BUILTIN_PROFILES_SOURCE, name), "utf8"),
    });
  artifacts.push({ path: `${PLUGIN_RELEASE_DIR}/README.md`, content: pluginReadme(profile) });
  artifacts.push({
    path: `${PLUGIN_RELEASE_DIR}/LICENSE`,
    content: readFileSync(join(PACKAGE_ROOT, "LICENSE"), "utf8"),
  });
  artifacts.push({ path: PROFILE_SCHEMA_FILE, content: profileJsonSchema() });
  for (const name of BUILTIN_PROFILES) {
    const builtin = loadOrThrow(name, PACKAGE_ROOT);
    for (const [path, content] of skillFiles(
      builtin,
      options.format ?? "claude-code",
      `the built-in ${name} profile`,
    ))
      artifacts.push({ path: `${EXAMPLES_DIR}/${name}/${builtin.skill.name}/${path}`, content });
  }
  return artifacts;
}

function pluginReadme(profile: Profile): string {
  return `<!-- Generated by \`run-tests-skill generate\`; do not edit by hand. -->
# run-tests-skill (Claude Code plugin)

A \`/run-tests\` skill for running a pytest suite the way a careful maintainer would, and the hooks that
enforce it:

- **Bash guard** (PreToolUse): git commands that change the index or history (add, commit, stash, reset, ...)
  are refused at all times, however they are spelled: the human drives git. While \`/${PLUGIN_NAME}:${profile.skill.name}\`
  runs, any shell command outside the skill's \`allowed-tools\` is refused with a reason naming what is allowed.
- **Test report** (PostToolUse, PostToolUseFailure): after each pytest run, a few lines on what happened (pass,
  real failure, known or likely flaky, import or collection error, environment error, interrupted), the failing
  ids and the next step.

The skill here is the generic one: in a repository with no profile of its own it runs pytest with the
interpreter the repository appears to use (a note names it when the skill starts) and keeps its state in the
plugin's data folder, never in the repository. \`/${PLUGIN_NAME}:setup\` installs a profile for the open
repository (\`run-tests-skill init\`): the project's own options, known-flaky tests and change-to-test
mapping, and a skill generated from them; a repository's installed profile always wins over the plugin's.
This folder is built in the run-tests-skill repository (its commands/ written by hand, the rest generated);
see that repository's README for the profile format, the installer and the policy details.
`;
}
