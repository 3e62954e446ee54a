// The compiled profile's `format` (issue 18 item 6): an older profile.json (no `format`) is migrated in
// memory and read as before; a newer one is refused with a message, and the hooks keep their safe behaviour:
// the git rule with its defaults (its git.enforce: false is not trusted), skill mode refused.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileProfile } from "../../hooks/core/profile/compile.ts";
import { readCompiledProfile } from "../../hooks/core/profile/compiled.ts";
import { formatOf, migrateCompiled, PROFILE_FORMAT } from "../../hooks/core/profile/format.ts";
import { tempDir } from "../skills/helpers.ts";
import { type Layout, makeLayout, preToolUse, runHook, tractorProfile } from "./helpers.ts";

/** The tractor profile compiled with the git rule switched off, then `edit`ed as JSON. */
function compiledWith(edit: (doc: Record<string, unknown>) => void): string {
  const profile = tractorProfile();
  const doc = JSON.parse(compileProfile({ ...profile, git: { ...profile.git, enforce: false } }, "tractor"));
  edit(doc);
  return JSON.stringify(doc);
}

const withoutFormat = (doc: Record<string, unknown>) => {
  delete doc.format;
};
const newer = (doc: Record<string, unknown>) => {
  doc.format = PROFILE_FORMAT + 1;
};

const reasonOf = (json: unknown) =>
  (json as { hookSpecificOutput: { permissionDecisionReason: string } }).hookSpecificOutput
    .permissionDecisionReason;

describe("migrateCompiled", () => {
  it("compileProfile writes the current format", () => {
    expect(formatOf(JSON.parse(compileProfile(tractorProfile(), "tractor")))).toBe(PROFILE_FORMAT);
  });
  it("format 0 (no key), wrapped or bare, is migrated; the profile is the same", () => {
    const current = JSON.parse(compileProfile(tractorProfile(), "tractor"));
    const old = JSON.parse(compiledWith(withoutFormat));
    expect(migrateCompiled(old, "p.json")).toMatchObject({ ok: true, migratedFrom: 0, source: "tractor" });
    expect(migrateCompiled(current.profile, "p.json")).toMatchObject({ ok: true, migratedFrom: 0 });
    const same = migrateCompiled(current.profile, "p.json");
    expect(same.ok && same.profile).toEqual(current.profile);
    expect(migrateCompiled(current, "p.json")).toMatchObject({ ok: true, migratedFrom: null });
  });
  it("a newer format is refused with what to do; a malformed one is not a profile", () => {
    const result = migrateCompiled({ format: PROFILE_FORMAT + 1, profile: {} }, "p.json");
    expect(result).toMatchObject({ ok: false, newer: true });
    expect(!result.ok && result.problem).toMatch(
      new RegExp(`p\\.json has profile format ${PROFILE_FORMAT + 1}, newer .*Update run-tests-skill`),
    );
    for (const bad of [{ format: "1" }, { format: 1.5 }, { format: -1 }, [], null, "x"])
      expect(migrateCompiled(bad, "p.json")).toMatchObject({ ok: false, newer: false });
  });
  it("readCompiledProfile reads an older file through the migration and refuses a newer one", () => {
    const dir = tempDir("rts-format-");
    const old = join(dir, "old.json");
    writeFileSync(old, compiledWith(withoutFormat));
    expect(readCompiledProfile(old)).toMatchObject({
      ok: true,
      migratedFrom: 0,
      profile: { git: { enforce: false } },
    });
    const next = join(dir, "next.json");
    writeFileSync(next, compiledWith(newer));
    expect(readCompiledProfile(next)).toMatchObject({ ok: false, newerFormat: true });
  });
});

describe("the hooks with an older or a newer profile.json", () => {
  async function layoutWith(text: string): Promise<Layout> {
    return makeLayout({ profile: text });
  }

  it("older (no format): read as before, so its git.enforce: false still lets a commit through", async () => {
    const layout = await layoutWith(compiledWith(withoutFormat));
    try {
      expect(readFileSync(layout.pluginProfile, "utf8")).not.toContain('"format"');
      const run = await runHook(layout, "guard", preToolUse("git commit -m x"));
      expect(run).toMatchObject({ exitCode: 0, stdout: "" });
    } finally {
      layout.cleanup();
    }
  });

  it("newer: the git rule keeps its defaults (the switch is not trusted) and the deny says why", async () => {
    const layout = await layoutWith(compiledWith(newer));
    try {
      const run = await runHook(layout, "guard", preToolUse("git commit -m x"));
      const reason = reasonOf(run.json);
      expect(reason).toContain("git commit");
      expect(reason).toMatch(
        new RegExp(
          `profile format ${PROFILE_FORMAT + 1}, newer than this run-tests-skill knows \\(format ${PROFILE_FORMAT}\\)`,
        ),
      );
      // Read-only git is still nobody's business.
      expect(await runHook(layout, "guard", preToolUse("git status"))).toMatchObject({ stdout: "" });
    } finally {
      layout.cleanup();
    }
  });

  it("newer: a /run-tests turn is refused with the same message", async () => {
    const layout = await layoutWith(compiledWith(newer));
    try {
      const expansion = JSON.stringify({
        session_id: "s-1",
        cwd: "/tmp",
        prompt_id: "turn-new",
        hook_event_name: "UserPromptExpansion",
        expansion_type: "slash_command",
        command_name: "run-tests",
        command_args: "",
        command_source: "projectSettings",
        prompt: "/run-tests",
      });
      const turn = await runHook(layout, "skill-turn", expansion);
      expect(turn.stderr).toMatch(/newer than this run-tests-skill knows/);
      const run = await runHook(
        layout,
        "guard",
        preToolUse("python -m pytest -x", { prompt_id: "turn-new" }),
      );
      expect(reasonOf(run.json)).toMatch(/newer than this run-tests-skill knows/);
    } finally {
      layout.cleanup();
    }
  });
});
