// The one source of truth for how our hooks are registered with Claude Code, as data. Two renderings use
// it: the plugin's hooks/hooks.json (paths through ${CLAUDE_PLUGIN_ROOT}) and the project settings fragment
// that `init` merges into <project>/.claude/settings.json (paths through ${CLAUDE_PROJECT_DIR}).
// Facts: docs/reference/claude-code-hooks.md §4 (handler fields), §7 (plugin layout), §11 (signals).
//
// Every handler is exec form (`command` + `args`, Claude Code >= 2.1.139), so a project path with spaces needs
// no quoting, and the bundle path among the args is how the installer recognises its own handlers (see
// isOurHandler). The command is `sh -c` with a one-line script that runs node when there is one and otherwise
// steps aside (NODE_MISSING below): a handler whose program cannot start counts as a failure, and with
// onFailure "block" the guard would then refuse every Bash call of the session.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../../hooks/core/package-root.ts";
import { jsonText } from "../../hooks/core/profile/json-text.ts";
import { BUILTIN_PROFILES, loadProfile } from "../../hooks/core/profile/load.ts";
import type { Profile } from "../../hooks/core/profile/schema.ts";
import { PLUGIN_NAME } from "../../hooks/core/profile/skill-name.ts";
import { FILE_TOOL_MATCHER } from "../../hooks/guard/file-tools.ts";
import { CORE_FILE, GUARD_FILE, LOADER_FILE } from "../../hooks/runtime/bundle-loader.ts";

/** Hook bundles, in registration order. Names are fixed (hooks/entry/<name>.ts -> <BUNDLE_HOME>/<name>.cjs). */
export const HOOK_ENTRIES = [
  "guard",
  "file-guard",
  "skill-turn",
  "report",
  "session-start",
  "stop-gate",
] as const;
export type HookEntry = (typeof HOOK_ENTRIES)[number];

/** What the hook programs load: the shared bundle, the guard's own, and the shared loader (built by
 *  bin/build/core-bundle.ts; hooks/runtime/bundle-loader.ts). */
export const SHARED_FILES = [CORE_FILE, GUARD_FILE, LOADER_FILE] as const;

/** Every file of BUNDLE_HOME a hook needs at run time: the hook programs and the bundle they share. */
export function bundleFiles(entries: readonly string[] = HOOK_ENTRIES): string[] {
  return [...entries.map(bundleName), ...SHARED_FILES];
}

/** Bundles are CommonJS: node starts a .cjs file several ms faster than ESM, and the guard runs before every
 *  Bash call (test/bench/guard.ts measures it). */
export const BUNDLE_EXT = ".cjs";

export function bundleName(entry: string): string {
  return `${entry}${BUNDLE_EXT}`;
}

export type HookEvent =
  | "PreToolUse"
  | "PostToolUse"
  | "PostToolUseFailure"
  | "UserPromptExpansion"
  | "UserPromptSubmit"
  | "SessionStart"
  | "Stop";

export interface CommandHandler {
  type: "command";
  command: typeof HOOK_SHELL;
  args: string[];
  /** Seconds. */
  timeout: number;
  /** A permission-rule string; Claude Code spawns the handler only for tool calls matching it. */
  if?: string;
  /** "block": a crash, timeout or bad answer of the handler blocks the tool call instead of letting it run. */
  onFailure?: "block";
}

export interface MatcherGroup {
  matcher?: string;
  hooks: CommandHandler[];
}

/** Registrations by event (rendered in the order a turn meets them: see EVENT_ORDER). */
export type HookRegistrations = Partial<Record<HookEvent, MatcherGroup[]>>;

/** The plugin folder, the only plugin in this repository: .claude-plugin/marketplace.json points at it, and
 *  the developer loop is `claude --plugin-dir plugin`. Not the repository root: installing that from a
 *  marketplace would make Claude Code run `npm ci` on our package.json (160 MB of dev dependencies). */
export const PLUGIN_RELEASE_DIR = "plugin";

/** The one home of the built hook bundles in this repository (and in the npm package): the plugin's
 *  hooks/bin. bin/build/build.ts writes them only here; the plugin's hooks.json, `init`, `doctor`, the tests
 *  and the benchmarks all take them from here. */
export const BUNDLE_HOME = `${PLUGIN_RELEASE_DIR}/hooks/bin`;

/** Where the bundles are, as Claude Code sees the path (placeholders are substituted per args element). */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a Claude Code placeholder, not a JS template
export const PLUGIN_BIN_DIR = "${CLAUDE_PLUGIN_ROOT}/hooks/bin";
// biome-ignore lint/suspicious/noTemplateCurlyInString: a Claude Code placeholder, not a JS template
export const PROJECT_BIN_DIR = "${CLAUDE_PROJECT_DIR}/.claude/run-tests-skill/bin";

/** Path fragment that marks a handler as ours in a settings file (init's layout, see hooks/core/state/locate.ts). */
export const PROJECT_BIN_MARK = "/.claude/run-tests-skill/bin/";

/** Time budgets in seconds. The guard runs before every Bash call: a short budget, and a hang blocks. */
export const TIMEOUTS: Record<HookEntry, number> = {
  guard: 10,
  "file-guard": 10,
  "skill-turn": 10,
  // Classification of a 10 MB output is well under a second; the rest is `git diff` for the change mapping.
  report: 30,
  "session-start": 10,
  // One `git status` of the project's folder around each Bash command, the ledger read at a stop
  // (test/bench/stop-gate.ts); it fails open, so a timeout only lets the turn end ungated.
  "stop-gate": 10,
};

export interface RegistrationInput {
  /** Folder holding the bundles, e.g. PLUGIN_BIN_DIR or PROJECT_BIN_DIR. */
  binDir: string;
  /** Bundles that exist; a missing entry is simply not registered. */
  entries: readonly string[];
  /** Matcher for UserPromptExpansion: the skill's command name (exact) or an anchored regex. */
  skillMatcher: string;
  /** Every spelling that runs pytest in the project (profile runner.base + runner.also). */
  pytestSpellings: readonly string[];
}

/** The `if` rule for one pytest spelling: the spelling alone or followed by any arguments. */
export function pytestIfRule(spelling: string): string {
  return `Bash(${spelling} *)`;
}

/** Words every pytest spelling the guard recognises contains (pytestCall: `pytest`, `py.test`, any
 *  interpreter `-m pytest`). */
export const PYTEST_WORDS = ["pytest", "py.test"] as const;

/**
 * The report's `if` rules: any command line containing one of PYTEST_WORDS (`Bash(*pytest*)` matches the
 * text anywhere: wrapped, `bash -c '...'`, `env X=1`, venv paths; verified on 2.1.332, see
 * hooks/results/README.md), plus the exact rule of a profile spelling that contains none of them. A command
 * that does not mention pytest starts no hook process; one that mentions it without running it (`grep
 * pytest`) costs one short hook run, which hooks/results/command.ts answers with silence.
 */
export function reportIfRules(spellings: readonly string[]): { rule: string; key: string }[] {
  const rules: { rule: string; key: string }[] = PYTEST_WORDS.map((w) => ({ rule: `Bash(*${w}*)`, key: w }));
  for (const spelling of spellings) {
    if (PYTEST_WORDS.some((w) => spelling.includes(w))) continue;
    // A repository's own test tool (`tox -e py311 --`, `nox -s tests-3.11 --`, `make test`): any call of
    // that program, with a prefix or another environment too (`CI=true tox -e py312 -- -k x`); the report
    // classifies it when pytest's output shows up.
    const program = spelling.split(/\s+/).find((w) => !/^[A-Za-z_]\w*=/.test(w)) ?? "";
    if (TEST_TOOL_PROGRAMS.includes(program)) rules.push({ rule: `Bash(*${program} *)`, key: program });
    else rules.push({ rule: pytestIfRule(spelling), key: spelling });
  }
  return [...new Map(rules.map((r) => [r.rule, r])).values()];
}

/** Programs that run a repository's test suite through its own configuration (runner.commands). */
export const TEST_TOOL_PROGRAMS: readonly string[] = ["tox", "nox", "make", "hatch", "just", "invoke"];

/** runner.base first, then runner.also, without repeats. */
export function profileSpellings(profile: Profile): string[] {
  return [...new Set([profile.runner.base, ...(profile.runner.also ?? [])].map((s) => s.trim()))];
}

// --- Without node --------------------------------------------------------------------------------------------

/** The program every handler starts: POSIX sh, present wherever Claude Code runs hooks. */
export const HOOK_SHELL = "sh";
/** $0 of the script (what sh names in its own error messages). */
const SCRIPT_NAME = "run-tests-skill";

/** What the session is told, once, when node is missing: the SessionStart hook prints it instead of running. */
export const NODE_MISSING_NOTICE =
  "run-tests-skill: `node` is not on the PATH Claude Code was started with, so its hooks are off in this session: no git rule in the Bash guard, no /run-tests mode, no test report, no stop gate. Where the sandbox barrier is on (init --sandbox), .git stays read-only for sandboxed commands all the same. Install Node.js 20 or newer (or put it on PATH) and start a new session.";

/** The SessionStart answer that carries NODE_MISSING_NOTICE: to the user, and to the model as context. */
export function nodeMissingAnswer(): string {
  return JSON.stringify({
    systemMessage: NODE_MISSING_NOTICE,
    hookSpecificOutput: { hookEventName: "SessionStart", additionalContext: NODE_MISSING_NOTICE },
  });
}

/** Runs the bundle with node when node is on PATH (exec: no shell stays behind, exit code and output are
 *  node's), else exits 0 without output: the hook steps aside, and the action goes on. */
export const STEP_ASIDE_SCRIPT = 'command -v node >/dev/null 2>&1 && exec node "$@"; exit 0';

/** STEP_ASIDE_SCRIPT that says why it stepped aside (for the session-start hook: once per session). */
export function noticeScript(): string {
  const answer = nodeMissingAnswer();
  if (answer.includes("'")) throw new Error("the node-missing notice must not contain a single quote");
  return `command -v node >/dev/null 2>&1 && exec node "$@"; printf '%s\\n' '${answer}'; exit 0`;
}

/** The bundle a handler runs (the first argument naming a .cjs file), or null. Also reads the handlers of
 *  older installs (`command: "node"`, the bundle in args[0]). */
export function handlerBundle(h: { args?: unknown }): string | null {
  if (!Array.isArray(h.args)) return null;
  const found = h.args.find((a): a is string => typeof a === "string" && a.endsWith(BUNDLE_EXT));
  return found ?? null;
}

function handler(binDir: string, entry: HookEntry, extra: Partial<CommandHandler> = {}): CommandHandler {
  const { args: extraArgs = [], ...rest } = extra;
  const script = entry === "session-start" ? noticeScript() : STEP_ASIDE_SCRIPT;
  return {
    type: "command",
    command: HOOK_SHELL,
    args: ["-c", script, SCRIPT_NAME, `${binDir}/${bundleName(entry)}`, ...extraArgs],
    timeout: TIMEOUTS[entry],
    ...rest,
  };
}

/**
 * The Skill tool's event that marks a model-invoked skill turn. PostToolUse: it fires only when the skill
 * really launched (tool_response.success), and before the model's next request, so before any Bash call
 * the skill leads to.
 */
export const SKILL_TOOL_EVENT: "PreToolUse" | "PostToolUse" = "PostToolUse";

const EVENT_ORDER: HookEvent[] = [
  "SessionStart",
  "UserPromptSubmit",
  "UserPromptExpansion",
  "PreToolUse",
  "PostToolUse",
  "PostToolUseFailure",
  "Stop",
];

function sortEvents(reg: HookRegistrations): HookRegistrations {
  const out: HookRegistrations = {};
  for (const event of EVENT_ORDER) if (reg[event]) out[event] = reg[event];
  return out;
}

export function hookRegistrations(input: RegistrationInput): HookRegistrations {
  const has = (entry: HookEntry) => input.entries.includes(entry);
  const reg: HookRegistrations = {};

  if (has("session-start")) {
    // No matcher: startup, resume, clear and compact alike.
    reg.SessionStart = [{ hooks: [handler(input.binDir, "session-start")] }];
  }

  if (has("skill-turn")) {
    // The two ways a turn enters the skill (§11): the user types /run-tests (UserPromptExpansion, matched on
    // the command name), or the model calls the Skill tool (SKILL_TOOL_EVENT, below).
    reg.UserPromptExpansion = [{ matcher: input.skillMatcher, hooks: [handler(input.binDir, "skill-turn")] }];
  }

  if (has("guard")) {
    // onFailure "block" (verified on 2.1.332): a guard that crashes or hangs must not let a commit through.
    // Only the guard gets it: a failing skill-turn or report must not block the user's prompt or tool call.
    reg.PreToolUse = [{ matcher: "Bash", hooks: [handler(input.binDir, "guard", { onFailure: "block" })] }];
  }

  if (has("file-guard")) {
    // The git rule for the file tools: no Edit/Write/MultiEdit/NotebookEdit into .git/ or git's config files.
    // Blocks on failure like the Bash guard.
    const group: MatcherGroup = {
      matcher: FILE_TOOL_MATCHER,
      hooks: [handler(input.binDir, "file-guard", { onFailure: "block" })],
    };
    reg.PreToolUse = [...(reg.PreToolUse ?? []), group];
  }

  if (has("report")) {
    // Filtered with `if` (reportIfRules), so the ~0.1-0.2 s node start is paid only for commands that
    // mention pytest; the hook itself decides with the guard's walk whether pytest really ran.
    // - Claude Code runs identical handlers (same command and args) once, so each handler carries its rule's
    //   key as an extra argument; otherwise only one of them would survive de-duplication.
    // - A line matching two rules (`pytest a && py.test b`), or an install through both the plugin and
    //   `init`, spawns two handlers for one tool call: the report de-duplicates by tool_use_id itself.
    const hooks = reportIfRules(input.pytestSpellings).map(({ rule, key }) =>
      handler(input.binDir, "report", { args: ["--if", key], if: rule }),
    );
    // Passing runs reach PostToolUse, failing ones only PostToolUseFailure (§2.1): register both.
    reg.PostToolUse = [{ matcher: "Bash", hooks }];
    reg.PostToolUseFailure = [{ matcher: "Bash", hooks: hooks.map((h) => ({ ...h, args: [...h.args] })) }];
    // Background runs end after their tool call (hooks/results/background.ts): the task notification comes
    // as a prompt (UserPromptSubmit, no matcher: one short run per prompt, which leaves at once unless the
    // prompt holds a <task-notification>), and TaskStop is a tool call of its own.
    reg.UserPromptSubmit = [{ hooks: [handler(input.binDir, "report")] }];
    reg.PostToolUse.push({ matcher: "TaskStop", hooks: [handler(input.binDir, "report")] });
  }

  if (has("stop-gate")) {
    // The stop gate records the session's starting tree at SessionStart and checks it at Stop. It does
    // nothing unless a profile is installed in the project (the plugin's generic use stays ungated).
    const gate = () => handler(input.binDir, "stop-gate");
    reg.SessionStart = [...(reg.SessionStart ?? []), { hooks: [gate()] }];
    // What the agent changes (hooks/gate/track.ts): the tree before and after each of its Bash commands,
    // and the file each file tool wrote. A human's edit between turns passes through none of these, so it
    // never asks for a run. No onFailure: a failing recorder only lets the turn end ungated.
    reg.PreToolUse = [...(reg.PreToolUse ?? []), { matcher: "Bash", hooks: [gate()] }];
    // One group for both (Claude Code would run one of two identical handlers of an event anyway).
    reg.PostToolUse = [...(reg.PostToolUse ?? []), { matcher: `Bash|${FILE_TOOL_MATCHER}`, hooks: [gate()] }];
    reg.PostToolUseFailure = [...(reg.PostToolUseFailure ?? []), { matcher: "Bash", hooks: [gate()] }];
    reg.Stop = [{ hooks: [gate()] }];
  }

  if (has("skill-turn")) {
    const group: MatcherGroup = { matcher: "Skill", hooks: [handler(input.binDir, "skill-turn")] };
    reg[SKILL_TOOL_EVENT] = [...(reg[SKILL_TOOL_EVENT] ?? []), group];
  }
  return sortEvents(reg);
}

/** True for a handler that `init` wrote (this version's or an older one's): its bundle lies under our bin
 *  folder. */
export function isOurHandler(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  const h = value as { command?: unknown; args?: unknown };
  const candidates = [handlerBundle(h), h.command].filter((x): x is string => typeof x === "string");
  return candidates.some((text) => text.replaceAll("\\", "/").includes(PROJECT_BIN_MARK));
}

// --- Renderings -------------------------------------------------------------------------------------------

export { PLUGIN_NAME };

/** The spellings isSkillName() (hooks/core/profile/skill-name.ts) takes as ours: `<name>`, `run-tests-skill:<name>`. */
export function pluginSkillMatcher(skillName: string): string {
  return `^(${PLUGIN_NAME}:)?${skillName}$`;
}

export function renderPluginHooks(reg: HookRegistrations): string {
  const doc = {
    description:
      "run-tests-skill: the Bash guard (git rule and /run-tests skill mode), the skill-turn marker, the pytest result report and the stop gate.",
    hooks: reg,
  };
  return jsonText(doc);
}

export const FRAGMENT_COMMENT =
  "Generated by run-tests-skill (bin/build/registration.ts). `run-tests-skill init` merges these hooks into a project's .claude/settings.json; do not copy this file to settings.json by hand.";

export function renderSettingsFragment(reg: HookRegistrations): string {
  return jsonText({ $comment: FRAGMENT_COMMENT, hooks: reg });
}

// --- The files committed in this repo -----------------------------------------------------------------------

/** Inside the plugin folder (PLUGIN_RELEASE_DIR). */
export const PLUGIN_HOOKS_FILE = "hooks/hooks.json";
export const PLUGIN_MANIFEST_FILE = ".claude-plugin/plugin.json";
export const SETTINGS_FRAGMENT_FILE = ".claude/run-tests-skill.settings-fragment.json";

/** The built-in profiles, in BUILTIN_PROFILES order (tractor, generic). */
export function builtinProfiles(): Profile[] {
  return BUILTIN_PROFILES.map((name) => {
    const loaded = loadProfile(name);
    if (!loaded.ok) throw new Error(`the built-in ${name} profile does not load`);
    return loaded.profile;
  });
}

/** Bundles present in a bin folder, in HOOK_ENTRIES order. */
export function presentEntries(binDir: string): HookEntry[] {
  if (!existsSync(binDir)) return [];
  const files = new Set(readdirSync(binDir));
  return HOOK_ENTRIES.filter((entry) => files.has(bundleName(entry)));
}

/** The plugin manifest; name, version, description and license follow package.json. */
export function renderPluginManifest(pkg: { version: string; license?: string }): string {
  const manifest = {
    name: PLUGIN_NAME,
    version: pkg.version,
    description:
      "A /run-tests skill generated from a pytest profile, enforced by hooks: a Bash guard that leaves git add/commit to the human and holds the skill to its allowed tools, and a report that classifies every pytest run.",
    author: { name: "run-tests-skill contributors" },
    license: pkg.license ?? "MIT",
    keywords: ["pytest", "testing", "skill", "hooks", "guard", "git"],
  };
  return jsonText(manifest);
}

/**
 * The committed renderings, by repo-relative path: the plugin's manifest (its version follows package.json)
 * and hooks.json, and the settings fragment; `run-tests-skill generate` writes them and `generate --check`
 * keeps them fresh.
 * Both registrations use the pytest spellings of every built-in profile: the plugin's hooks serve whichever
 * profile the project uses, and the fragment documents the default. `init` renders its own registrations
 * from the profile it installs.
 */
export function registrationArtifacts(
  profiles: readonly Profile[] = builtinProfiles(),
  root = PACKAGE_ROOT,
): Map<string, string> {
  const entries = presentEntries(join(root, BUNDLE_HOME));
  const spellings = [...new Set(profiles.flatMap(profileSpellings))];
  const skillName = profiles[0]?.skill.name ?? "run-tests";
  const plugin = hookRegistrations({
    binDir: PLUGIN_BIN_DIR,
    entries,
    skillMatcher: pluginSkillMatcher(skillName),
    pytestSpellings: spellings,
  });
  const project = hookRegistrations({
    binDir: PROJECT_BIN_DIR,
    entries,
    skillMatcher: skillName,
    pytestSpellings: spellings,
  });
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    version: string;
    license?: string;
  };
  return new Map([
    [`${PLUGIN_RELEASE_DIR}/${PLUGIN_MANIFEST_FILE}`, renderPluginManifest(pkg)],
    [`${PLUGIN_RELEASE_DIR}/${PLUGIN_HOOKS_FILE}`, renderPluginHooks(plugin)],
    [SETTINGS_FRAGMENT_FILE, renderSettingsFragment(project)],
  ]);
}
