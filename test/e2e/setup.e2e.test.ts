// The plugin's setup path (issue 8): in a repository with nothing installed, /run-tests-skill:setup leads the
// model through `run-tests-skill init` for the open repository. The CLI is the packed npm package, installed
// into a scratch prefix on the session's PATH, as a user who installed it (or runs it through npx) has it.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { PLUGIN_RELEASE_DIR } from "../../bin/build/registration.ts";
import { PATHS } from "../../bin/install/layout.ts";
import { removeDir, scratchDir } from "../install/helpers.ts";
import { installPacked, type PackedInstall } from "../setup/packed.ts";
import { expectHooksHealthy } from "./checks.ts";
import { e2eDescribe } from "./gate.ts";
import { bashResult, bashScript, firstUserText, REPO_ROOT, Scenario } from "./harness.ts";

let scenario: Scenario | undefined;
let work = "";
let packed: PackedInstall | undefined;

beforeAll(async () => {
  work = scratchDir("rts-setup-e2e-");
  packed = await installPacked(work);
}, 180_000);
afterAll(() => removeDir(work));
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

e2eDescribe("the plugin's setup command", () => {
  it("/run-tests-skill:setup installs the repository's own profile with the installed CLI", async () => {
    const s = await Scenario.create({
      install: { kind: "plugin", pluginDir: join(REPO_ROOT, PLUGIN_RELEASE_DIR) },
    });
    scenario = s;
    const cli = dirname((packed as PackedInstall).bin);
    s.path = [cli, dirname(process.execPath), process.env.PATH ?? "/usr/bin:/bin"].join(":");
    const steps = ["run-tests-skill init --dry-run .", "run-tests-skill init .", "run-tests-skill doctor ."];
    const run = await s.run("/run-tests-skill:setup", [...bashScript(...steps), { text: "done" }], {
      allowedTools: "Bash",
    });

    // The command's body reached the model, with the steps it names.
    const prompt = firstUserText(run.last);
    expect(prompt).toContain("<command-name>/run-tests-skill:setup</command-name>");
    expect(prompt).toContain("run-tests-skill init --dry-run .");

    for (const step of steps) {
      const result = bashResult(run.last, step);
      expect(result.isError, `${step}: ${result.text}`).toBe(false);
    }
    expect(bashResult(run.last, "run-tests-skill init --dry-run .").text).toContain("would create");
    const doctor = bashResult(run.last, "run-tests-skill doctor .").text;
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
