// `run-tests-skill import SKILL.md`: draft a profile from a hand-written skill, listing what it could not map.
import { existsSync, readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { stringify } from "yaml";
import { formatProfileErrors, loadProfileText, type ProfileError } from "../../../hooks/core/profile/load.ts";
import { writeAtomic } from "../../../hooks/core/state/atomic-write.ts";
import { renderSkill } from "../../../skills/generator/render.ts";
import { importSkill } from "../../../skills/importer/import.ts";
import { validateSkillFiles } from "../../../skills/validator/validate.ts";
import { type Command, EXIT, parseCommandArgs, UsageError } from "../command.ts";

export const command: Command = {
  summary: "draft a profile YAML from a hand-written SKILL.md (what it cannot map is listed)",
  usage: `usage: run-tests-skill import PATH/SKILL.md [--out FILE] [--force] [--json]

Reads a hand-written run-tests skill and drafts a profile from it: allowed-tools, the options table
(flags, aliases, values, defaults), default flags, the base command, timeouts, path rules, the layout
tree, the change -> tests mapping (a table or a "what to test after a change" table), the known-flaky
table or list, things to watch out for, pre-flight and quick-check commands. A section with no profile key
is kept as written, as a note the generated skill shows in its own section. What it could not place is
listed (as comments at the top of the draft, and on stderr). The draft counts as valid only when the skill
generated from it passes validation too, as \`generate\` requires.

The way to adopt the generator: review the draft, then
  run-tests-skill generate --profile FILE --out DIR
  diff -u PATH/SKILL.md DIR/<name>/SKILL.md

options:
  --out FILE   write the draft there (default: print it); an existing file needs --force
  --force      overwrite --out FILE
  --json       print {"profile", "unmapped", "valid", "errors"} instead of YAML

exit: 0 a draft that validates, 1 a draft that does not (printed with the problems), 2 bad usage`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      out: { type: "string" },
      force: { type: "boolean" },
      json: { type: "boolean" },
    });
    if (positionals.length !== 1) throw new UsageError("expected one SKILL.md");
    const source = resolve(io.cwd, positionals[0] as string);
    let text: string;
    try {
      text = readFileSync(source, "utf8");
    } catch (error) {
      throw new UsageError(`cannot read ${positionals[0]}: ${(error as Error).message}`);
    }
    const { profile, unmapped } = importSkill(text);
    const yaml = stringify(profile, { lineWidth: 110 });
    const out = values.out ? resolve(io.cwd, values.out) : null;
    const file = out ?? resolve(io.cwd, "profile.yaml");
    const loaded = loadProfileText(yaml, file);
    const errors: ProfileError[] = loaded.ok ? [] : [...loaded.errors];
    if (loaded.ok) {
      // Valid means what `generate` needs: the skill rendered from the draft passes the validator.
      try {
        const files = renderSkill(loaded.profile, { format: "claude-code", profileLabel: "profile.yaml" });
        const { findings } = validateSkillFiles(
          { dirName: loaded.profile.skill.name, files },
          { format: "claude-code", profile: loaded.profile },
        );
        for (const f of findings.filter((x) => x.severity === "error"))
          errors.push({ file, field: "", message: `the generated skill: [${f.rule}] ${f.message}` });
      } catch (error) {
        errors.push({
          file,
          field: "",
          message: `the skill cannot be generated: ${(error as Error).message}`,
        });
      }
    }
    const valid = errors.length === 0;
    if (values.json) {
      io.stdout(`${JSON.stringify({ profile, unmapped, valid, errors }, null, 2)}\n`);
      return valid ? EXIT.ok : EXIT.finding;
    }
    const shown = relative(io.cwd, source) || source;
    const header = [
      `# Drafted by \`run-tests-skill import ${shown}\`. Review every entry; then generate and compare:`,
      `#   run-tests-skill generate --profile ${values.out ?? "profile.yaml"} --out DIR && diff -u ${shown} DIR/${profile.skill.name}/SKILL.md`,
      ...(unmapped.length > 0
        ? [
            "# Not mapped to a profile key (sections are kept as notes, as written):",
            ...unmapped.map((u) => `#   - ${u}`),
          ]
        : ["# Everything was mapped."]),
      "",
    ].join("\n");
    const draft = `${header}${yaml}`;
    if (out) {
      if (existsSync(out) && !values.force)
        throw new UsageError(`${values.out} exists; pass --force to overwrite it`);
      writeAtomic(out, draft);
      io.stdout(`wrote ${values.out}\n`);
    } else io.stdout(draft);
    for (const u of unmapped) io.stderr(`not mapped: ${u}\n`);
    if (!valid) io.stderr(`the draft does not validate:\n${formatProfileErrors(errors)}\n`);
    return valid ? EXIT.ok : EXIT.finding;
  },
};
