// h. The plugin install path: the checkout's plugin folder loaded as the developer does (`--plugin-dir plugin`,
// no init), installed from the repository's marketplace the way users do, and both checked by Claude Code's own
// validator in strict mode.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { PLUGIN_RELEASE_DIR } from "../../bin/build/registration.ts";
import { expectHookRan, expectHooksHealthy, expectSkillExpanded, GIT_REASON, HOOK_DENY } from "./checks.ts";
import { e2eDescribe } from "./gate.ts";
import { allText, bashResult, bashScript, REPO_ROOT, Scenario } from "./harness.ts";

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

e2eDescribe("installed as a plugin", () => {
  it("h. claude plugin validate --strict accepts the repository's marketplace and its plugin folder", async () => {
    scenario = await Scenario.create({ install: { kind: "none" } });
    const market = await scenario.cli(["plugin", "validate", "--strict", REPO_ROOT]);
    expect({ exitCode: market.exitCode, output: market.output }).toMatchObject({ exitCode: 0 });
    expect(market.output).toContain("Validating marketplace manifest:");
    expect(market.output).toContain("Validation passed");
    // The root is no plugin of its own: nothing is provided from it (2.1.332 lists a plugin's parts under
    // "Provides:", for the root too when it holds plugin parts beside the marketplace).
    expect(market.output).not.toContain("Provides:");
    const plugin = await scenario.cli([
      "plugin",
      "validate",
      "--strict",
      join(REPO_ROOT, PLUGIN_RELEASE_DIR),
    ]);
    expect({ exitCode: plugin.exitCode, output: plugin.output }).toMatchObject({ exitCode: 0 });
    expect(plugin.output).toContain("Validating plugin manifest:");
    // The plugin's hooks file was read (a hooks.json the validator never opened would pass vacuously). Every
    // handler is `sh -c` "run node, or step aside" with the bundle as an argument (bin/build/registration.ts).
    expect(plugin.output).toMatch(/hooks: PreToolUse Bash command sh .*guard\.cjs/);
    expect(plugin.output).toContain("skills: run-tests-skill:run-tests");
    expect(plugin.output).toContain("commands: run-tests-skill:setup");
    expect(plugin.output).toContain("Validation passed");
  });

  it("h. with --plugin-dir plugin, /run-tests-skill:run-tests expands and the guard denies a git commit", async () => {
    const s = await Scenario.create({ install: { kind: "plugin" } });
    scenario = s;
    s.writeProjectFile("app.py", "VALUE = 3\n");
    const before = await s.gitState();
    const run = await s.run(
      "/run-tests-skill:run-tests tests/test_pass.py",
      [...bashScript("git commit -am x"), { text: "done" }],
      { allowedTools: "Bash" },
    );
    expectSkillExpanded(run.last, {
      commandName: "run-tests-skill:run-tests",
      args: "tests/test_pass.py",
      skillFile: join(REPO_ROOT, PLUGIN_RELEASE_DIR, "skills", "run-tests", "SKILL.md"),
    });
    const denied = bashResult(run.last, "git commit -am x");
    expect(denied.isError).toBe(true);
    expect(denied.text.startsWith(HOOK_DENY), denied.text).toBe(true);
    expect(denied.text.slice(HOOK_DENY.length)).toMatch(GIT_REASON);
    expect(await s.gitState()).toEqual(before);
    expectHookRan(run, "UserPromptExpansion");
    expectHookRan(run, "PreToolUse");
    expectHooksHealthy(run);
    // Nothing is installed in this repository: the model is told which interpreter to use and how to set
    // the repository up, and the plugin keeps its state out of the repository (issue 8).
    expect(allText(run.last)).toContain("no profile is installed in this repository");
    expect(allText(run.last)).toContain("/run-tests-skill:setup");
    expect(existsSync(join(s.project, ".claude", "run-tests-skill")), "state written into the repo").toBe(
      false,
    );
  });

  it("h. installed from the marketplace, the plugin works and needs no npm install", async () => {
    const s = await Scenario.create({ install: { kind: "marketplace" } });
    scenario = s;
    const root = s.installedPluginPath ?? "";
    expect(root, "installed_plugins.json names the install").not.toBe("");
    // The hooks are prebuilt single-file bundles: Claude Code installs a plugin's npm dependencies when it
    // has a package.json, which this plugin must not need (issue 5).
    expect(existsSync(join(root, "node_modules")), `npm dependencies were installed into ${root}`).toBe(
      false,
    );
    expect(existsSync(join(root, "package.json")), `${root} has a package.json`).toBe(false);
    s.writeProjectFile("app.py", "VALUE = 4\n");
    const before = await s.gitState();
    const run = await s.run(
      "/run-tests-skill:run-tests tests/test_pass.py",
      [...bashScript("git commit -am x"), { text: "done" }],
      { allowedTools: "Bash" },
    );
    expectSkillExpanded(run.last, {
      commandName: "run-tests-skill:run-tests",
      args: "tests/test_pass.py",
      // Observed on 2.1.332: a plugin from a local-folder marketplace is copied into the plugin cache, yet its
      // skill is loaded from the plugin's folder inside the marketplace (plugin/, see PLUGIN_RELEASE_DIR).
      skillFile: [root, join(s.marketplaceDir ?? "", PLUGIN_RELEASE_DIR)].map((dir) =>
        join(dir, "skills", "run-tests", "SKILL.md"),
      ),
    });
    const denied = bashResult(run.last, "git commit -am x");
    expect(denied.text.startsWith(HOOK_DENY), denied.text).toBe(true);
    expect(denied.text.slice(HOOK_DENY.length)).toMatch(GIT_REASON);
    expect(await s.gitState()).toEqual(before);
    expectHookRan(run, "UserPromptExpansion");
    expectHooksHealthy(run);
  });
});
