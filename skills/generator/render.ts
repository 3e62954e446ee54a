// renderSkill(profile, options) -> the files of one skill folder, as relative path -> content. Pure: no file
// system, no clock. Bytes are deterministic: LF line endings, no BOM, every frontmatter string double-quoted,
// block YAML only, and the "generated" marker in the body (never a frontmatter key, which would trip the
// spec validators). Tables too long for the body, or sections that would push it past the line limit, move to
// references/<file>.md (one level deep) with a line saying when to read them.
import type { Profile } from "../../hooks/core/profile/schema.ts";
import {
  BODY_MAX_LINES,
  generatedMarker,
  joinAllowedTools,
  LONG_TABLE_ROWS,
  REFERENCES_DIR,
  SKILL_FILE,
  type SkillFormat,
} from "../../hooks/core/profile/skill-md.ts";
import { bodySections, type Section } from "./body.ts";

export interface RenderOptions {
  format: SkillFormat;
  /** Where the profile came from, named in the generated marker (e.g. "skills/profiles/tractor.yaml"). */
  profileLabel: string;
}

/** A YAML double-quoted scalar. JSON string syntax is a subset of YAML's double-quoted style. */
export function yamlString(value: string): string {
  return JSON.stringify(value);
}

export function renderFrontmatter(profile: Profile, format: SkillFormat): string {
  const entries: [string, string][] = [
    ["name", profile.skill.name],
    ["description", profile.skill.description],
  ];
  // argument-hint is Claude Code's own key: spec validators reject it, so the portable format leaves it out
  // (the body's "Parse the request" section explains the arguments anyway).
  if (format === "claude-code") entries.push(["argument-hint", profile.skill.argument_hint]);
  if (profile.skill.compatibility) entries.push(["compatibility", profile.skill.compatibility]);
  entries.push(["allowed-tools", joinAllowedTools(profile.allowed_tools, format)]);
  return ["---", ...entries.map(([key, value]) => `${key}: ${yamlString(value)}`), "---"].join("\n");
}

interface Placement {
  section: Section;
  moved: boolean;
}

function referencePath(section: Section): string {
  return `${REFERENCES_DIR}/${section.reference?.file}`;
}

function renderBody(intro: string[], placements: Placement[], marker: string): string[] {
  const lines = [marker, "", ...intro];
  placements.forEach(({ section, moved }, index) => {
    lines.push("", `## ${index + 1}. ${section.title}`, "");
    if (moved && section.reference) {
      const path = referencePath(section);
      const keep = section.reference.keep ?? [];
      lines.push(...keep, ...(keep.length > 0 ? [""] : []));
      lines.push(`Read [${path}](${path}) when ${section.reference.readWhen}.`);
    } else {
      lines.push(...section.lines);
    }
  });
  return lines;
}

function renderReference(section: Section, marker: string): string {
  return `${[marker, "", `# ${section.title}`, "", ...section.lines].join("\n")}\n`;
}

export function renderSkill(profile: Profile, options: RenderOptions): Map<string, string> {
  const marker = generatedMarker(options.profileLabel);
  const { intro, sections } = bodySections(profile);
  const placements: Placement[] = sections.map((section) => ({
    section,
    moved: (section.reference?.rows ?? 0) > LONG_TABLE_ROWS,
  }));
  let body = renderBody(intro, placements, marker);
  // Still too long: move the biggest movable section out, one at a time.
  while (body.length >= BODY_MAX_LINES) {
    const candidates = placements.filter((p) => !p.moved && p.section.reference);
    const biggest = candidates.sort((a, b) => b.section.lines.length - a.section.lines.length)[0];
    if (!biggest) {
      throw new Error(
        `the rendered body has ${body.length} lines, over the limit of ${BODY_MAX_LINES - 1}, and nothing more can move to ${REFERENCES_DIR}/`,
      );
    }
    biggest.moved = true;
    body = renderBody(intro, placements, marker);
  }
  const files = new Map<string, string>();
  files.set(SKILL_FILE, `${renderFrontmatter(profile, options.format)}\n${body.join("\n")}\n`);
  const moved = placements
    .filter((p) => p.moved)
    .sort((a, b) => referencePath(a.section).localeCompare(referencePath(b.section)));
  for (const { section } of moved) files.set(referencePath(section), renderReference(section, marker));
  return files;
}
