// The generated skill as init installs it: the generator's files for a profile, in the claude-code format,
// and how to tell a SKILL.md we generated from one a person wrote.

import type { Profile } from "../../hooks/core/profile/schema.ts";
import { generatedMarker } from "../../hooks/core/profile/skill-md.ts";
import { renderSkill } from "../../skills/generator/render.ts";
import { type Finding, validateSkillDir, validateSkillFiles } from "../../skills/validator/validate.ts";

/** Files of the skill folder (relative paths such as SKILL.md, references/options.md) and their text. */
export async function renderSkillFiles(profile: Profile, profileLabel: string): Promise<Map<string, string>> {
  return renderSkill(profile, { format: "claude-code", profileLabel });
}

const [markerStart = "", markerEnd = ""] = generatedMarker("\0").split("\0");

/** Whether a SKILL.md carries the generator's marker line (a hand-written one does not). */
export function isGeneratedSkill(text: string): boolean {
  return text.split("\n").some((line) => line.startsWith(markerStart) && line.trimEnd().endsWith(markerEnd));
}

/** Errors the SKILL.md validator finds in an installed skill folder, one line each (empty: valid). Warnings
 *  are advice for profile authors, not a broken installation. */
export function skillErrors(dir: string, profile: Profile): string[] {
  return errorLines(validateSkillDir(dir, { format: "claude-code", profile }));
}

/** The same check on a skill before it is written: init refuses to install a skill that fails its own
 *  validation (say, a command that spells another interpreter than the runner its allowed-tools allow). */
export function renderedSkillErrors(files: Map<string, string>, profile: Profile): string[] {
  return errorLines(
    validateSkillFiles({ dirName: profile.skill.name, files }, { format: "claude-code", profile }).findings,
  );
}

function errorLines(findings: readonly Finding[]): string[] {
  return findings
    .filter((f) => f.severity === "error")
    .map((f) => `[${f.rule}] ${f.file ?? "SKILL.md"}${f.line ? `:${f.line}` : ""}: ${f.message}`);
}
