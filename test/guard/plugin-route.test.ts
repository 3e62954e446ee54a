// The plugin in a repository with nothing installed (issue 8): state goes to the plugin's data folder, never
// into the repository; the runner guess names the interpreter the repository appears to use; the skill-turn
// hook tells the model about it and about /run-tests-skill:setup, and says nothing in an installed repository.
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { locateInstall, projectSlug } from "../../hooks/core/state/locate.ts";
import { type GuessFacts, guessRunner, pluginNote } from "../../hooks/runtime/guess-runner.ts";
import { type Layout, makeLayout } from "./helpers.ts";

function facts(files: string[], path = "/usr/bin"): GuessFacts {
  const set = new Set(files);
  return {
    exists: (p) => set.has(p),
    entries: () => [...new Set(files.map((f) => f.split("/")[0] as string))],
    path,
  };
}

describe("guessRunner", () => {
  it.each([
    [[".venv/bin/python", "/usr/bin/python"], ".venv/bin/python", "found .venv/bin/python"],
    [["venv/bin/python"], "venv/bin/python", "found venv/bin/python"],
    [["py312/bin/python", "py313/bin/python"], "py313/bin/python", "found py313/bin/python"],
    [["uv.lock", "/usr/bin/uv", "/usr/bin/python"], "uv run python", "uv.lock, and uv is installed"],
    [["uv.lock", "/usr/bin/python3"], "python3", "python3 is on PATH, python is not"],
    [["/usr/bin/python"], "python", "python is on PATH"],
    [[], "python", "no python found on PATH"],
  ])("%j -> %s", (files, python, why) => {
    expect(guessRunner(facts(files))).toMatchObject({ python, why });
  });

  it("the note names the interpreter and the setup command", () => {
    const note = pluginNote(guessRunner(facts([".venv/bin/python"])), "run-tests");
    expect(note).toContain("`.venv/bin/python -m pytest ...`");
    expect(note).toContain("/run-tests-skill:setup");
  });
});

describe("locateInstall", () => {
  it("keeps a repository with nothing installed clean: state in the plugin's data folder", () => {
    const paths = locateInstall("/work/repo", "/plugins/x/hooks/bin", { CLAUDE_PLUGIN_DATA: "/data/x" });
    expect(paths.installed).toBe(false);
    expect(paths.stateDir).toBe(join("/data/x", "projects", projectSlug("/work/repo"), "state"));
  });
  it("without a data folder (an init install read by the plugin's hooks) state stays in the project", () => {
    const paths = locateInstall("/work/repo", "/plugins/x/hooks/bin", {});
    expect(paths.stateDir).toBe(join("/work/repo", ".claude", "run-tests-skill", "state"));
  });
});

let layout: Layout | undefined;
afterEach(() => {
  layout?.cleanup();
  layout = undefined;
});

async function skillTurn(l: Layout, env: Record<string, string>) {
  const input = {
    session_id: "s1",
    transcript_path: "/dev/null",
    cwd: l.project,
    prompt_id: "p1",
    hook_event_name: "UserPromptExpansion",
    expansion_type: "slash_command",
    command_name: "run-tests-skill:run-tests",
    command_args: "",
    prompt: "/run-tests-skill:run-tests",
  };
  return execa("node", [join(l.binDir, "skill-turn.cjs")], {
    input: JSON.stringify(input),
    env: { PATH: process.env.PATH ?? "", CLAUDE_PROJECT_DIR: l.project, ...env },
    extendEnv: false,
    reject: false,
  });
}

describe("the skill-turn hook on the plugin route", () => {
  it("names the repository's venv and writes nothing into the repository", async () => {
    layout = await makeLayout();
    const l = layout;
    mkdirSync(join(l.project, ".venv", "bin"), { recursive: true });
    symlinkSync(process.execPath, join(l.project, ".venv", "bin", "python"));
    const data = join(l.root, "plugin-data");
    const before = readdirSync(l.project).sort();
    const r = await skillTurn(l, { CLAUDE_PLUGIN_DATA: data });
    const out = JSON.parse(r.stdout) as {
      hookSpecificOutput: { hookEventName: string; additionalContext: string };
    };
    expect(out.hookSpecificOutput.hookEventName).toBe("UserPromptExpansion");
    expect(out.hookSpecificOutput.additionalContext).toContain("`.venv/bin/python -m pytest ...`");
    expect(readdirSync(l.project).sort()).toEqual(before);
    expect(existsSync(join(data, "projects", projectSlug(l.project), "state", "skill-turns.json"))).toBe(
      true,
    );
  });

  it("says nothing in a repository with its own install", async () => {
    layout = await makeLayout();
    const l = layout;
    mkdirSync(join(l.project, ".claude", "run-tests-skill"), { recursive: true });
    writeFileSync(
      join(l.project, ".claude", "run-tests-skill", "profile.json"),
      JSON.stringify({ profile: { skill: { name: "run-tests" } } }),
    );
    const r = await skillTurn(l, { CLAUDE_PLUGIN_DATA: join(l.root, "plugin-data") });
    expect(r.stdout).toBe("");
    expect(existsSync(join(l.project, ".claude", "run-tests-skill", "state", "skill-turns.json"))).toBe(true);
  });
});
