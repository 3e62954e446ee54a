// `run-tests-skill validate [DIR...]`: check skill folders against the SKILL.md rules and the pairing of body
// commands with allowed-tools. Exit 1 on any error finding (warnings are reported, not fatal).
import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Profile } from "../../../hooks/core/profile/schema.ts";
import { SKILL_FILE, SKILL_FORMATS, type SkillFormat } from "../../../hooks/core/profile/skill-md.ts";
import { RULES } from "../../../skills/validator/rules.ts";
import { validateSkillDirDetailed } from "../../../skills/validator/validate.ts";
import { type Command, EXIT, parseCommandArgs, UsageError } from "../command.ts";
import { chooseProfile, sayProfile } from "../profile-choice.ts";

// A project's installed skill, or (in a checkout of this repository) the plugin's.
const DEFAULT_DIRS = [".claude/skills/run-tests", "plugin/skills/run-tests"];

const ruleList = Object.entries(RULES)
  .map(([id, rule]) => `  ${id.padEnd(27)} ${rule.severity === "warning" ? "(warning) " : ""}${rule.summary}`)
  .join("\n");

export const command: Command = {
  summary: "check skill folders against the SKILL.md rules and the allowed-tools pairing",
  usage: `usage: run-tests-skill validate [DIR...] [--format auto|claude-code|portable] [--profile FILE|NAME]
                                [--json]

Checks each skill folder (default: ${DEFAULT_DIRS.join(", or ")} under the current folder) and reports
every finding with its rule. Every command in the body's sh blocks must pass the PreToolUse guard for the
frontmatter's allowed-tools; every allowed tool should be used.

options:
  --format F    auto (default: claude-code if a Claude-Code-only key is present), claude-code or portable
  --profile P   judge commands with this profile's full guard policy (closed options, project options);
                default: the profile installed in this repository, else one built from the frontmatter
                alone (stderr names the one used)
  --json        machine-readable result: [{dir, format, findings}]

rules:
${ruleList}

exit: 0 no errors (warnings allowed), 1 an error finding, 2 bad usage`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      format: { type: "string" },
      profile: { type: "string" },
      json: { type: "boolean" },
    });
    const format = (values.format ?? "auto") as SkillFormat | "auto";
    if (format !== "auto" && !SKILL_FORMATS.includes(format)) {
      throw new UsageError(`--format must be auto, ${SKILL_FORMATS.join(" or ")}, not ${values.format}`);
    }
    // Commands are judged with the profile's full guard policy: --profile, else the installed one. Without
    // either, the policy comes from the skill's own front matter.
    const choice = chooseProfile(values.profile, io.cwd, null);
    if (!choice.ok) {
      io.stderr(`run-tests-skill validate: ${choice.problem}\n`);
      return EXIT.finding;
    }
    sayProfile(io, "validate", choice);
    const profile: Profile | undefined = choice.profile ?? undefined;
    const dirs =
      positionals.length > 0
        ? positionals
        : [DEFAULT_DIRS.find((d) => existsSync(join(io.cwd, d, SKILL_FILE))) ?? (DEFAULT_DIRS[0] as string)];

    const results = dirs.map((dir) => {
      const abs = resolve(io.cwd, dir);
      const { format: used, findings } = validateSkillDirDetailed(abs, {
        format,
        ...(profile ? { profile } : {}),
      });
      return { dir: relative(io.cwd, abs) || ".", format: used, findings };
    });
    const failed = results.some((r) => r.findings.some((f) => f.severity === "error"));
    if (values.json) {
      io.stdout(`${JSON.stringify(results, null, 2)}\n`);
    } else {
      for (const r of results) {
        const errors = r.findings.filter((f) => f.severity === "error").length;
        const warnings = r.findings.length - errors;
        for (const f of r.findings) {
          io.stdout(
            `${r.dir}/${f.file ?? SKILL_FILE}${f.line ? `:${f.line}` : ""}: ${f.severity} [${f.rule}] ${f.message}\n`,
          );
        }
        io.stdout(`${r.dir} (${r.format}): ${errors} error(s), ${warnings} warning(s)\n`);
      }
    }
    return failed ? EXIT.finding : EXIT.ok;
  },
};
