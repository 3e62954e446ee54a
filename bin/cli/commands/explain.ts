// `run-tests-skill explain`: what the PreToolUse guard decides for a command, and why. For users debugging
// the policy, and (with --batch) for checking whole corpora of commands in one process.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { DEFAULT_PROFILE } from "../../../hooks/core/profile/load.ts";
import type { Profile } from "../../../hooks/core/profile/schema.ts";
import { projectSkillFile } from "../../../hooks/core/state/locate.ts";
import { type DecideContext, decide, type GuardDecision } from "../../../hooks/guard/decide.ts";
import { guardPolicyFromProfile } from "../../../hooks/guard/policy.ts";
import { skillAllowedTools } from "../../../hooks/runtime/skill-policy.ts";
import { type Command, EXIT, parseCommandArgs, UsageError } from "../command.ts";
import { chooseProfile, sayProfile } from "../profile-choice.ts";

export const command: Command = {
  summary: "show what the Bash guard decides for a command, and why",
  usage: `usage: run-tests-skill explain [--json] [--skill-active] [--profile FILE|NAME] [--skill FILE] -- 'COMMAND'
       run-tests-skill explain --batch [--skill-active] [--profile FILE|NAME] [--skill FILE] < commands.txt

Runs the guard's decision on COMMAND exactly as the PreToolUse hook would, and prints the decision, the
rule that fired and the reason the model would see.
  allow  the skill is active and every command in the line is covered by its allowed-tools
  deny   the hook refuses the command (the reason is what the model is told)
  defer  not the guard's business: Claude Code's own permissions decide

options:
  --skill-active       judge as in a /run-tests turn (default: outside the skill, git rule only)
  --profile FILE|NAME  the profile: a YAML file or a built-in name (tractor, generic); default: the profile
                       installed in this repository, else ${DEFAULT_PROFILE} (stderr names the one used)
  --skill FILE         take allowed-tools from this SKILL.md's front matter (default: the installed skill's)
  --json               print {"decision","reason","rule"}
  --batch              read one command per line from stdin (a line starting with " is decoded as a JSON
                       string, so a command can hold newlines) and print one JSON result per line, in order

exit: 0 allowed or deferred, 1 denied (single command), 2 bad usage; --batch exits 0 unless usage is bad`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      json: { type: "boolean" },
      "skill-active": { type: "boolean" },
      profile: { type: "string" },
      skill: { type: "string" },
      batch: { type: "boolean" },
    });
    if (values.batch && positionals.length > 0)
      throw new UsageError("--batch reads the commands from stdin; do not pass a command too");
    if (!values.batch && positionals.length === 0)
      throw new UsageError("missing the command (write it after --, quoted as one argument)");

    const choice = chooseProfile(values.profile, io.cwd, DEFAULT_PROFILE);
    if (!choice.ok) throw new UsageError(`the profile does not load:\n${choice.problem}`);
    sayProfile(io, "explain", choice);
    const profile = choice.profile as Profile;
    // Skill mode enforces the skill's own allowed-tools: --skill, else the installed project's SKILL.md.
    const installedSkill = choice.projectDir ? projectSkillFile(choice.projectDir, profile.skill.name) : null;
    const skillFile = values.skill
      ? resolve(io.cwd, values.skill)
      : installedSkill && existsSync(installedSkill)
        ? installedSkill
        : null;
    let tools: string[] | undefined;
    if (skillFile) {
      let text: string;
      try {
        text = readFileSync(skillFile, "utf8");
      } catch (error) {
        throw new UsageError(`cannot read ${skillFile}: ${(error as Error).message}`);
      }
      const fromSkill = await skillAllowedTools(text);
      if (!fromSkill) throw new UsageError(`${skillFile} has no usable allowed-tools in its front matter`);
      tools = fromSkill;
    }
    const ctx: DecideContext = {
      skillActive: values["skill-active"] ?? false,
      policy: guardPolicyFromProfile(profile, tools),
      where: { cwd: io.cwd, projectDir: choice.projectDir ?? io.cwd },
    };

    if (values.batch) {
      const lines = (await io.readStdin()).split("\n");
      if (lines.at(-1) === "") lines.pop();
      for (const [index, line] of lines.entries()) {
        const cmd = decodeLine(line.replace(/\r$/, ""));
        if (cmd === null) {
          io.stdout(
            `${JSON.stringify({ decision: "error", reason: `line ${index + 1} is not a JSON string`, rule: "input" })}\n`,
          );
          continue;
        }
        io.stdout(`${JSON.stringify(shape(decide(cmd, ctx)))}\n`);
      }
      return EXIT.ok;
    }

    const decision = decide(positionals.join(" "), ctx);
    if (values.json) io.stdout(`${JSON.stringify(shape(decision))}\n`);
    else io.stdout(`${decision.decision} [rule: ${decision.rule}]\n${decision.reason}\n`);
    return decision.decision === "deny" ? EXIT.finding : EXIT.ok;
  },
};

/** A batch line: raw text, or a JSON string when it starts with a double quote. */
function decodeLine(line: string): string | null {
  if (!line.startsWith('"')) return line;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === "string" ? value : null;
  } catch {
    return null;
  }
}

function shape(d: GuardDecision): GuardDecision {
  return { decision: d.decision, reason: d.reason, rule: d.rule };
}
