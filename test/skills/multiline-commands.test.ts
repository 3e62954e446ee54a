// Issue 17 item 5: a multi-line `python -c "..."` and a shell loop in a skill's sh block are one command
// each, checked whole with the guard's parser and decision, as the guard judges them at run time; line by
// line they were false errors (22 of the 47 `init` printed on tractor's own skill). The seed skill, kept
// verbatim in the fixtures, plus a section written the way tractor's later skill writes these commands.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { codeFences, fenceCommands, incompleteCommand } from "../../skills/validator/commands.ts";
import { validateSkillDirDetailed } from "../../skills/validator/validate.ts";
import { tempDir } from "./helpers.ts";

const SEED = fileURLToPath(new URL("../fixtures/skills/seed/run-tests/SKILL.md", import.meta.url));

const MULTI_LINE = [
  "",
  "## Checks written over several lines",
  "",
  "```sh",
  'python -c "',
  "import tractor",
  "print(tractor.__file__)",
  '"',
  "for attempt in 1 2; do",
  "  python -m pytest tests/test_discovery.py -x --tpt-proto=tcp",
  "done",
  "python -m pytest tests/ -x -q",
  "```",
  "",
].join("\n");

const REFUSED_LOOP = [
  "",
  "## A loop that does something the skill does not allow",
  "",
  "```sh",
  "for attempt in 1 2; do",
  "  rm -rf build",
  "done",
  "```",
  "",
].join("\n");

function skillDir(extra: string): string {
  const dir = join(tempDir("rts-multiline-"), "run-tests");
  mkdirSync(dir);
  writeFileSync(join(dir, "SKILL.md"), `${readFileSync(SEED, "utf8").trimEnd()}\n${extra}`);
  return dir;
}

const errors = (dir: string) =>
  validateSkillDirDetailed(dir, { format: "claude-code" }).findings.filter((f) => f.severity === "error");

describe("multi-line commands are one command each (item 5)", () => {
  it("the fence reader joins an open quote and a loop with the lines that close them", () => {
    const [fence] = codeFences(MULTI_LINE);
    const commands = fenceCommands(fence as NonNullable<typeof fence>).map((c) => c.written);
    expect(commands).toEqual([
      'python -c "\nimport tractor\nprint(tractor.__file__)\n"',
      "for attempt in 1 2; do\n  python -m pytest tests/test_discovery.py -x --tpt-proto=tcp\ndone",
      "python -m pytest tests/ -x -q",
    ]);
    expect(incompleteCommand('python -c "import x')).toBe(true);
    expect(incompleteCommand("python -m pytest tests/ --tpt-proto <PROTO>")).toBe(false);
  });

  it("the seed plus multi-line `python -c` and a loop: only the seed's own two errors", () => {
    expect(errors(skillDir(MULTI_LINE)).map((f) => [f.rule, f.line])).toEqual([
      ["command-allowed", 134],
      ["command-allowed", 212],
    ]);
  });

  it("a loop is still judged whole: what runs inside it must be allowed", () => {
    const found = errors(skillDir(REFUSED_LOOP));
    expect(found).toHaveLength(3);
    expect(found[2]?.message).toMatch(/^"for attempt in 1 2; do\\n {2}rm -rf build\\ndone" is not allowed/);
    expect(found[2]?.message).toMatch(/`rm -rf build` was not run/);
  });
});
