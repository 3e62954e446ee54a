// The plugin's setup path (issue 8): in a repository with nothing installed, /run-tests-skill:setup leads the
// model through `run-tests-skill init` for the open repository. The CLI is the plugin's own copy
// (cli/run-tests-skill.cjs, named through ${CLAUDE_PLUGIN_ROOT}): no package on PATH, no registry. The plugin
// comes from a scratch copy of its folder alone, as a marketplace installs it (no package.json above).
import { cpSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { PLUGIN_RELEASE_DIR } from "../../bin/build/registration.ts";
import { PATHS } from "../../bin/install/layout.ts";
import { removeDir, scratchDir } from "../install/helpers.ts";
import { expectHooksHealthy } from "./checks.ts";
import { e2eDescribe } from "./gate.ts";
import { bashResult, bashScript, firstUserText, REPO_ROOT, Scenario } from "./harness.ts";

let scenario: Scenario | undefined;
let work = "";

beforeAll(() => {
  work = scratchDir("rts-setup-e2e-");
});
afterAll(() => removeDir(work));
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

/** The plugin folder as a marketplace copies it: its files alone, somewhere without our package.json. */
function pluginCopy(): string {
  const target = join(work, "plugin-copy");
  cpSync(join(REPO_ROOT, PLUGIN_RELEASE_DIR), target, { recursive: true });
  return target;
}

e2eDescribe("the plugin's setup command", () => {
  it("/run-tests-skill:setup installs the repository's own profile with the plugin's own CLI", async () => {
    const pluginDir = pluginCopy();
    const s = await Scenario.create({ install: { kind: "plugin", pluginDir } });
    scenario = s;
    const cli = `node ${pluginDir}/cli/run-tests-skill.cjs`;
    const steps = [`${cli} init --dry-run .`, `${cli} init .`, `${cli} doctor .`];
    const run = await s.run("/run-tests-skill:setup", [...bashScript(...steps), { text: "done" }], {
      allowedTools: "Bash",
    });

    // The command's body reached the model with the plugin's path filled in: the steps run as written.
    const prompt = firstUserText(run.last);
    expect(prompt).toContain("<command-name>/run-tests-skill:setup</command-name>");
    expect(prompt).toContain(`${cli} init --dry-run .`);
    // No step needs a package on PATH (the session has none) or the registry.
    expect(prompt).not.toMatch(/\bnpx\b/);

    for (const step of steps) {
      const result = bashResult(run.last, step);
      expect(result.isError, `${step}: ${result.text}`).toBe(false);
    }
    expect(bashResult(run.last, `${cli} init --dry-run .`).text).toContain("would create");
    const doctor = bashResult(run.last, `${cli} doctor .`).text;
    expect(doctor).toContain("ok  ");
    expect(doctor).not.toMatch(/\bFAIL\b/);

    // What init installed: the repository's own skill, profile and hook registrations.
    const skill = join(s.project, PATHS.skillDir("run-tests"), "SKILL.md");
    expect(existsSync(skill)).toBe(true);
    expect(existsSync(join(s.project, PATHS.compiledProfile))).toBe(true);
    const settings = JSON.parse(readFileSync(join(s.project, PATHS.settings), "utf8")) as {
      hooks?: Record<string, unknown>;
    };
    expect(Object.keys(settings.hooks ?? {})).toContain("PreToolUse");
    expectHooksHealthy(run);
  });
});
