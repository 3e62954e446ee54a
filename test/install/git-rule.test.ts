// init states the git rule (issue 20): that the guard refuses git mutations in every turn, how the human
// changes it (git.allow, git.enforce: false), and where the repository's own agent instructions ask the agent
// to commit, merge, fetch, push, tag or stash, with the git.allow lines that would honour them. Real git repos.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runDoctor } from "../../bin/install/doctor.ts";
import { formsAskedBy, gitAsks } from "../../bin/install/git-rule.ts";
import { type InitOptions, type InitResult, runInit } from "../../bin/install/init.ts";
import { PATHS } from "../../bin/install/layout.ts";
import { formatDoctor, formatInit } from "../../bin/install/present.ts";
import { cleanEnv, SAMPLE_PROJECT, scratchRepos } from "./helpers.ts";

const NOW = new Date("2026-12-07T00:00:00Z");
const makeRepo = scratchRepos();

// Shaped like opentelemetry-python's AGENTS.md and agent skill (written here, not copied).
const AGENTS_MD = [
  "# Notes for coding agents",
  "",
  "Run the tests with tox before you finish.",
  "",
  "## Commits",
  "",
  "When you commit, add a trailer naming the assistant:",
  "",
  "    Assisted-by: <model name>",
  "",
  "Fetch the fixtures from the API and merge the dicts.",
].join("\n");
const OWN_SKILL = [
  "---",
  "name: sync-upstream",
  "description: Fetch upstream and merge it into the branch.",
  "---",
  "1. `git fetch upstream`",
  "2. `git rebase upstream/main`",
  "3. `git stash list` shows parked work.",
  "4. `git log --oneline -5`",
].join("\n");

const repo = (files: Record<string, string>) => makeRepo({ ...SAMPLE_PROJECT, ...files });

function opts(dir: string, extra: Partial<InitOptions> = {}): InitOptions {
  return { dir, cwd: dir, now: NOW, profile: "generic", ...extra };
}

function expectOk(result: InitResult): string {
  const text = formatInit(result);
  if (!result.ok) throw new Error(text);
  return text;
}

describe("which lines ask for a git mutation", () => {
  it.each([
    ["When you commit, add an `Assisted-by:` trailer.", ["commit"]],
    ["Assisted-by: Claude", ["commit"]],
    ['Run `git commit -s -m "msg"` then `git push origin HEAD`.', ["commit", "push"]],
    ["    git fetch upstream && git merge upstream/main", ["fetch", "merge"]],
    ["Tag the release on the main branch.", ["tag"]],
    ["`git stash list` shows parked work.", []],
    ["Use git to look at history: `git log`.", []],
    ["Fetch the data from the API and merge the dicts.", []],
    ["HTML tag parsing", []],
  ])("%j -> %j", (line, forms) => {
    expect(formsAskedBy(line).sort()).toEqual([...forms].sort());
  });
});

describe("init states the git rule", () => {
  it("says the guard refuses git mutations in every turn, and how to change it", async () => {
    const dir = await repo({});
    const text = expectOk(await runInit(opts(dir)));
    expect(text).toContain("The git rule:");
    expect(text).toMatch(/refuses git mutations \(commit, merge, fetch, .*stash.*\) in every turn/);
    expect(text).toContain("not only in /run-tests turns");
    expect(text).toContain("git: { allow: [stash] }");
    expect(text).toContain("git: { enforce: false }");
    // --profile generic is built in: init says how to get a file to edit.
    expect(text).toContain(`init without --profile writes ${PATHS.profileYaml} to edit`);
  });

  it("prints AGENTS.md, CLAUDE.md and the repo's own skills' asks with the git.allow lines, and adds none", async () => {
    const dir = await repo({
      "AGENTS.md": AGENTS_MD,
      ".claude/CLAUDE.md": "Never push to main; open a PR from a branch instead.\n",
      ".agents/skills/sync-upstream/SKILL.md": OWN_SKILL,
    });
    const result = await runInit(opts(dir));
    const text = expectOk(result);
    expect(text).toContain("AGENTS.md:7: When you commit, add a trailer naming the assistant:");
    expect(text).toContain("AGENTS.md:9: Assisted-by: <model name>");
    expect(text).not.toContain("AGENTS.md:11:");
    expect(text).toContain(".claude/CLAUDE.md:1: Never push to main");
    expect(text).toContain(".agents/skills/sync-upstream/SKILL.md:5: 1. `git fetch upstream`");
    expect(text).toContain(".agents/skills/sync-upstream/SKILL.md:6: 2. `git rebase upstream/main`");
    expect(text).not.toContain("SKILL.md:7:");
    expect(text).not.toContain("SKILL.md:3:"); // the frontmatter's description
    expect(text).toContain('allow: ["commit", "push", "fetch", "rebase"]');
    // Init never adds them: the compiled profile keeps an empty git.allow and the rule on.
    const compiled = JSON.parse(readFileSync(join(dir, PATHS.compiledProfile), "utf8"));
    const git = (compiled.profile ?? compiled).git;
    expect(git).toEqual({ allow: [], enforce: true });
  });

  it("skips the skill it generated itself", async () => {
    const dir = await repo({ "AGENTS.md": AGENTS_MD });
    expectOk(await runInit(opts(dir)));
    expect(gitAsks(dir).map((a) => a.file)).toEqual(["AGENTS.md", "AGENTS.md"]);
  });

  it("with git.enforce: false says the rule is off here, and doctor lists the state", async () => {
    const dir = await repo({
      "AGENTS.md": AGENTS_MD,
      "my-profile.yaml":
        "extends: generic\nproject: { name: sample, tests_dir: tests }\ngit: { enforce: false }\n",
    });
    const text = expectOk(await runInit(opts(dir, { profile: "my-profile.yaml" })));
    expect(text).toContain("The git rule is off for this repository (git.enforce: false");
    expect(text).toContain("AGENTS.md:9: Assisted-by: <model name>");
    expect(text).not.toContain("allow: [");
    const doctor = await runDoctor({ dir, env: cleanEnv() });
    const shown = formatDoctor(doctor);
    expect(shown).toContain("git rule (git.enforce in the profile) (off for this repository");
    // The guard probe still finds a deny with the rule off (injected config is never switchable).
    expect(doctor.checks.filter((c) => !c.ok && !c.notChecked && /guard/i.test(c.title))).toEqual([]);
  }, 60_000);
});
