// Shared by the guard's process tests: the freshly built bundles, installed into throwaway plugin/project
// layouts under os.tmpdir(), and a runner that feeds a hook its stdin like Claude Code does.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { bundleAll } from "../../bin/build/build.ts";
import { compileProfile } from "../../hooks/core/profile/compile.ts";
import { loadProfile } from "../../hooks/core/profile/load.ts";
import type { Profile } from "../../hooks/core/profile/schema.ts";

let bundles: Promise<Map<string, string>> | null = null;
/** The bundles exactly as `npm run build` makes them (built once per test file, in memory). */
export function builtBundles(): Promise<Map<string, string>> {
  bundles ??= bundleAll();
  return bundles;
}

export function tractorProfile(): Profile {
  const loaded = loadProfile("tractor");
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.profile;
}

export interface Layout {
  root: string;
  /** The project (CLAUDE_PROJECT_DIR). */
  project: string;
  /** <plugin>/hooks/bin, where the bundles are. */
  binDir: string;
  stateDir: string;
  pluginProfile: string;
  pluginSkill: string;
  cleanup(): void;
}

/**
 * A plugin layout (<root>/plugin/hooks/bin/*.cjs, hooks/profile.json, skills/run-tests/SKILL.md) and an empty
 * project (<root>/project). `profile: null` leaves the compiled profile out; a string writes it verbatim.
 */
export async function makeLayout(
  opts: { profile?: Profile | string | null; skillMd?: string | null } = {},
): Promise<Layout> {
  const root = mkdtempSync(join(tmpdir(), "guard-test-"));
  const plugin = join(root, "plugin");
  const binDir = join(plugin, "hooks", "bin");
  const project = join(root, "project");
  mkdirSync(binDir, { recursive: true });
  mkdirSync(project, { recursive: true });
  for (const [name, text] of await builtBundles()) writeFileSync(join(binDir, name), text);
  const pluginProfile = join(plugin, "hooks", "profile.json");
  const profile = opts.profile === undefined ? tractorProfile() : opts.profile;
  if (typeof profile === "string") writeFileSync(pluginProfile, profile);
  else if (profile) writeFileSync(pluginProfile, compileProfile(profile, "tractor"));
  const pluginSkill = join(plugin, "skills", "run-tests", "SKILL.md");
  if (opts.skillMd !== null) {
    mkdirSync(join(plugin, "skills", "run-tests"), { recursive: true });
    writeFileSync(
      pluginSkill,
      opts.skillMd ??
        `---\nname: run-tests\ndescription: "Run the tests."\nallowed-tools: "Bash(python -m pytest *), Bash(git status *), Read"\n---\nbody\n`,
    );
  }
  return {
    root,
    project,
    binDir,
    stateDir: join(project, ".claude", "run-tests-skill", "state"),
    pluginProfile,
    pluginSkill,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface HookRun {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** The parsed stdout, or null when it is empty. */
  json: unknown;
}

export async function runHook(
  layout: Layout,
  hook: string,
  stdin: string,
  env: Record<string, string> = {},
): Promise<HookRun> {
  const result = await execa("node", [join(layout.binDir, `${hook}.cjs`)], {
    input: stdin,
    env: { CLAUDE_PROJECT_DIR: layout.project, ...env },
    extendEnv: true,
    reject: false,
    cwd: layout.project,
  });
  const stdout = String(result.stdout);
  return {
    stdout,
    stderr: String(result.stderr),
    exitCode: result.exitCode ?? -1,
    json: stdout.trim() === "" ? null : JSON.parse(stdout),
  };
}

export function preToolUse(command: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    session_id: "s-1",
    transcript_path: "/tmp/t.jsonl",
    cwd: "/tmp",
    prompt_id: "prompt-1",
    permission_mode: "default",
    hook_event_name: "PreToolUse",
    tool_name: "Bash",
    tool_input: { command, description: "test" },
    tool_use_id: "toolu_1",
    ...extra,
  });
}

/** git for the real-git tests: a scratch HOME, no system config, no pager or prompt, a fixed author. */
export function realGitEnv(home: string): Record<string, string> {
  return {
    HOME: home,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_PAGER: "cat",
    PAGER: "cat",
    GIT_TERMINAL_PROMPT: "0",
    GIT_AUTHOR_NAME: "t",
    GIT_AUTHOR_EMAIL: "t@example.com",
    GIT_COMMITTER_NAME: "t",
    GIT_COMMITTER_EMAIL: "t@example.com",
  };
}
