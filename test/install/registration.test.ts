// The hook registrations as data, and their two committed renderings (plugin hooks.json, settings fragment).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  BUNDLE_HOME,
  builtinProfiles,
  type CommandHandler,
  HOOK_ENTRIES,
  type HookRegistrations,
  handlerBundle,
  hookRegistrations,
  isOurHandler,
  PLUGIN_BIN_DIR,
  PLUGIN_HOOKS_FILE,
  PLUGIN_MANIFEST_FILE,
  PLUGIN_RELEASE_DIR,
  PROJECT_BIN_DIR,
  pluginSkillMatcher,
  presentEntries,
  profileSpellings,
  pytestIfRule,
  registrationArtifacts,
  reportIfRules,
  SETTINGS_FRAGMENT_FILE,
  STEP_ASIDE_SCRIPT,
} from "../../bin/build/registration.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

const all = (spellings = ["python -m pytest", "python3 -m pytest", "uv run pytest"]) =>
  hookRegistrations({
    binDir: PROJECT_BIN_DIR,
    entries: [...HOOK_ENTRIES],
    skillMatcher: "run-tests",
    pytestSpellings: spellings,
  });

function handlers(
  reg: HookRegistrations,
  event: keyof HookRegistrations,
  matcher?: string,
): CommandHandler[] {
  return (reg[event] ?? [])
    .filter((g) => matcher === undefined || g.matcher === matcher)
    .flatMap((g) => g.hooks);
}

/** A handler's args: the step-aside script, then the bundle (see hooks/registration.ts). */
const stepAside = (bundle: string) => ["-c", STEP_ASIDE_SCRIPT, "run-tests-skill", bundle];

describe("hookRegistrations", () => {
  const reg = all();

  it("registers the guard on PreToolUse Bash, blocking when it fails, with a short budget", () => {
    expect(
      handlers(reg, "PreToolUse", "Bash").filter((h) => handlerBundle(h)?.endsWith("/guard.cjs")),
    ).toEqual([
      {
        type: "command",
        command: "sh",
        args: ["-c", STEP_ASIDE_SCRIPT, "run-tests-skill", `${PROJECT_BIN_DIR}/guard.cjs`],
        timeout: 10,
        onFailure: "block",
      },
    ]);
  });

  it("registers skill-turn for the typed slash command and for the Skill tool", () => {
    expect(reg.UserPromptExpansion).toEqual([
      {
        matcher: "run-tests",
        hooks: [expect.objectContaining({ args: stepAside(`${PROJECT_BIN_DIR}/skill-turn.cjs`) })],
      },
    ]);
    expect(handlers(reg, "PostToolUse", "Skill")).toHaveLength(1);
    expect(handlers(reg, "PostToolUse", "Skill")[0]?.onFailure).toBeUndefined();
  });

  it("registers the report on success and failure for every line that mentions pytest, filtered with if", () => {
    for (const event of ["PostToolUse", "PostToolUseFailure"] as const) {
      const report = handlers(reg, event, "Bash").filter((h) => handlerBundle(h)?.endsWith("/report.cjs"));
      expect(report.map((h) => h.if)).toEqual(["Bash(*pytest*)", "Bash(*py.test*)"]);
      expect(
        report.every((h) => handlerBundle(h) === `${PROJECT_BIN_DIR}/report.cjs` && h.timeout === 30),
      ).toBe(true);
    }
  });

  it("adds the exact rule of a profile spelling that does not contain the word pytest", () => {
    expect(reportIfRules(["python -m pytest", "./run-tests.sh"]).map((r) => r.rule)).toEqual([
      "Bash(*pytest*)",
      "Bash(*py.test*)",
      "Bash(./run-tests.sh *)",
    ]);
  });

  it("registers the report where background runs end: the task notification prompt and TaskStop", () => {
    expect(handlers(reg, "UserPromptSubmit")).toEqual([
      expect.objectContaining({ args: stepAside(`${PROJECT_BIN_DIR}/report.cjs`) }),
    ]);
    expect(handlers(reg, "UserPromptSubmit")[0]?.if).toBeUndefined();
    expect(handlers(reg, "PostToolUse", "TaskStop")).toEqual([
      expect.objectContaining({ args: stepAside(`${PROJECT_BIN_DIR}/report.cjs`) }),
    ]);
  });

  it("registers the stop gate's recorder around the agent's Bash commands and after its file tools, never blocking", () => {
    const gate = (event: keyof HookRegistrations) =>
      (reg[event] ?? [])
        .filter((g) => g.hooks.some((h) => handlerBundle(h) === `${PROJECT_BIN_DIR}/stop-gate.cjs`))
        .map((g) => g.matcher);
    expect(gate("PreToolUse")).toEqual(["Bash"]);
    expect(gate("PostToolUse")).toEqual(["Bash|Edit|Write|MultiEdit|NotebookEdit"]);
    expect(gate("PostToolUseFailure")).toEqual(["Bash"]);
    expect(gate("SessionStart")).toEqual([undefined]);
    expect(gate("Stop")).toEqual([undefined]);
    for (const groups of Object.values(reg))
      for (const h of (groups ?? []).flatMap((g) => g.hooks))
        if (handlerBundle(h)?.endsWith("/stop-gate.cjs")) expect(h.onFailure).toBeUndefined();
  });

  it("never repeats command + args within an event (Claude Code would run such handlers once)", () => {
    for (const groups of Object.values(reg)) {
      const keys = (groups ?? []).flatMap((g) => g.hooks).map((h) => JSON.stringify([h.command, h.args]));
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it("registers only the bundles that exist", () => {
    const guardOnly = hookRegistrations({
      binDir: PROJECT_BIN_DIR,
      entries: ["guard"],
      skillMatcher: "run-tests",
      pytestSpellings: ["pytest"],
    });
    expect(Object.keys(guardOnly)).toEqual(["PreToolUse"]);
    const none = hookRegistrations({
      binDir: PROJECT_BIN_DIR,
      entries: [],
      skillMatcher: "x",
      pytestSpellings: [],
    });
    expect(none).toEqual({});
  });

  it("lists events in the order a turn meets them", () => {
    expect(Object.keys(reg)).toEqual([
      "SessionStart",
      "UserPromptSubmit",
      "UserPromptExpansion",
      "PreToolUse",
      "PostToolUse",
      "PostToolUseFailure",
      "Stop",
    ]);
  });

  it("writes the if rule as the spelling followed by any arguments", () => {
    expect(pytestIfRule("py*/bin/python -m pytest")).toBe("Bash(py*/bin/python -m pytest *)");
  });
});

describe("isOurHandler", () => {
  it("recognises init's handlers by their bundle path, and nothing else", () => {
    const [mine] = handlers(all(), "PreToolUse");
    expect(isOurHandler(mine)).toBe(true);
    expect(
      isOurHandler({ command: "node", args: ["/home/me/proj/.claude/run-tests-skill/bin/guard.cjs"] }),
    ).toBe(true);
    expect(
      isOurHandler({ command: 'node "$CLAUDE_PROJECT_DIR/.claude/run-tests-skill/bin/guard.cjs"' }),
    ).toBe(true);
    expect(isOurHandler({ command: "node", args: [`${PLUGIN_BIN_DIR}/guard.cjs`] })).toBe(false);
    expect(isOurHandler({ command: "node", args: ["/opt/other/bin/guard.cjs"] })).toBe(false);
    expect(isOurHandler({ type: "command", command: "echo .claude/run-tests-skill" })).toBe(false);
    expect(isOurHandler(null)).toBe(false);
    expect(isOurHandler("node")).toBe(false);
  });
});

describe("committed renderings", () => {
  const artifacts = registrationArtifacts();

  it("are up to date (regenerate with `run-tests-skill generate`)", () => {
    for (const [rel, text] of artifacts) {
      expect(existsSync(join(root, rel)), `${rel} exists`).toBe(true);
      expect(readFileSync(join(root, rel), "utf8"), `${rel} is fresh`).toBe(text);
    }
  });

  const pluginHooksFile = `${PLUGIN_RELEASE_DIR}/${PLUGIN_HOOKS_FILE}`;

  // The plugin (plugin/, for the marketplace and `claude --plugin-dir plugin`) runs the one copy of the
  // bundles in BUNDLE_HOME.
  it("plugin hooks.json: top-level hooks key, every path under the plugin root, every bundle present", () => {
    const doc = JSON.parse(artifacts.get(pluginHooksFile) ?? "{}") as { hooks: HookRegistrations };
    const present = presentEntries(join(root, BUNDLE_HOME));
    const all = Object.values(doc.hooks)
      .flatMap((groups) => groups ?? [])
      .flatMap((g) => g.hooks);
    expect(all.length).toBeGreaterThanOrEqual(present.length);
    for (const h of all) {
      expect(handlerBundle(h)?.startsWith(`${PLUGIN_BIN_DIR}/`)).toBe(true);
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Claude Code placeholder, not a JS template
      const path = join(root, (handlerBundle(h) ?? "").replace("${CLAUDE_PLUGIN_ROOT}", PLUGIN_RELEASE_DIR));
      expect(path.startsWith(join(root, BUNDLE_HOME)), path).toBe(true);
      expect(existsSync(path), path).toBe(true);
    }
    if (present.includes("skill-turn"))
      expect(doc.hooks.UserPromptExpansion?.[0]?.matcher).toBe(pluginSkillMatcher("run-tests"));
  });

  // Claude Code takes a folder without a manifest as a plugin too (it discovers commands/, skills/*/SKILL.md
  // and hooks/hooks.json): the repository root must hold none of them, or `--plugin-dir .` and a marketplace
  // pointing at the root would load a second, stale copy of the plugin.
  it("the repository root is no second copy of the plugin (only the marketplace that lists plugin/)", () => {
    expect(readdirSync(join(root, ".claude-plugin"))).toEqual(["marketplace.json"]);
    for (const part of ["commands", "hooks/hooks.json", "hooks/profile.json", "agents"])
      expect(existsSync(join(root, part)), part).toBe(false);
    const rootSkills = readdirSync(join(root, "skills")).filter((d) =>
      existsSync(join(root, "skills", d, "SKILL.md")),
    );
    expect(rootSkills).toEqual([]);
  });

  it("the plugin's report handlers cover every pytest spelling of every built-in profile", () => {
    const doc = JSON.parse(artifacts.get(pluginHooksFile) ?? "{}") as { hooks: HookRegistrations };
    if (!presentEntries(join(root, BUNDLE_HOME)).includes("report")) return;
    const ifs = new Set(handlers(doc.hooks, "PostToolUseFailure", "Bash").map((h) => h.if));
    for (const spelling of builtinProfiles().flatMap(profileSpellings))
      expect(
        ifs.has("Bash(*pytest*)") && spelling.includes("pytest") ? true : ifs.has(pytestIfRule(spelling)),
      ).toBe(true);
  });

  it("the plugin skill matcher accepts the project and the plugin spelling only", () => {
    const re = new RegExp(pluginSkillMatcher("run-tests"));
    expect(["run-tests", "run-tests-skill:run-tests"].every((n) => re.test(n))).toBe(true);
    expect(["run-tests-x", "xrun-tests", "other:run-tests"].some((n) => re.test(n))).toBe(false);
  });

  it("settings fragment: never a live settings file, paths under the project's install folder", () => {
    expect(SETTINGS_FRAGMENT_FILE).not.toMatch(/settings(\.local)?\.json$/);
    const doc = JSON.parse(artifacts.get(SETTINGS_FRAGMENT_FILE) ?? "{}") as { hooks: HookRegistrations };
    for (const h of Object.values(doc.hooks)
      .flatMap((g) => g ?? [])
      .flatMap((g) => g.hooks))
      expect(isOurHandler(h)).toBe(true);
    expect(existsSync(join(root, ".claude", "settings.json"))).toBe(false);
    expect(existsSync(join(root, ".claude", "settings.local.json"))).toBe(false);
  });

  it("plugin.json: version and license follow package.json", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      version: string;
      license: string;
    };
    const manifest = JSON.parse(
      artifacts.get(`${PLUGIN_RELEASE_DIR}/${PLUGIN_MANIFEST_FILE}`) ?? "{}",
    ) as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: "run-tests-skill", version: pkg.version, license: pkg.license });
  });

  it("marketplace.json lists the plugin folder (no package.json there)", () => {
    const market = JSON.parse(readFileSync(join(root, ".claude-plugin", "marketplace.json"), "utf8")) as {
      name: string;
      owner: { name: string };
      plugins: { name: string; source: string }[];
    };
    expect(market.owner.name).toBeTruthy();
    expect(market.plugins).toEqual([
      expect.objectContaining({ name: "run-tests-skill", source: `./${PLUGIN_RELEASE_DIR}` }),
    ]);
    expect(existsSync(join(root, PLUGIN_RELEASE_DIR, "package.json"))).toBe(false);
    expect(existsSync(join(root, PLUGIN_RELEASE_DIR, ".claude-plugin", "plugin.json"))).toBe(true);
  });
});
