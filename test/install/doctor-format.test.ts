// doctor's compiled-profile format check (issue 18 item 6): current is fine; an older file (no `format`) is
// flagged with `init` as the fix while the hooks still read it; a newer one is flagged with the update.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runDoctor } from "../../bin/install/doctor.ts";
import { profileFormatCheck } from "../../bin/install/doctor-format.ts";
import { runInit } from "../../bin/install/init.ts";
import { PATHS } from "../../bin/install/layout.ts";
import { PROFILE_FORMAT } from "../../hooks/core/profile/format.ts";
import { tempDir } from "../skills/helpers.ts";
import { cleanEnv, scratchRepos } from "./helpers.ts";

const repo = scratchRepos();

function rewrite(file: string, edit: (doc: Record<string, unknown>) => void): void {
  const doc = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  edit(doc);
  writeFileSync(file, JSON.stringify(doc));
}

describe("doctor: compiled profile format", () => {
  it("after init the format is current; without `format` doctor asks for init, and the profile still loads", async () => {
    const dir = await repo();
    const init = await runInit({ dir, cwd: dir, now: new Date(), profile: "generic" });
    expect(init.ok).toBe(true);
    const file = join(dir, PATHS.compiledProfile);
    expect(JSON.parse(readFileSync(file, "utf8")).format).toBe(PROFILE_FORMAT);
    rewrite(file, (doc) => {
      delete doc.format;
    });
    const result = await runDoctor({ dir, env: cleanEnv() });
    const format = result.checks.find((c) => c.title.startsWith("compiled profile format"));
    expect(format).toMatchObject({ ok: false, fix: expect.stringContaining("run-tests-skill init") });
    expect(format?.problem).toMatch(/format 0, written by an older run-tests-skill/);
    // The hooks read it through the migration: the compiled-profile check itself passes.
    expect(result.checks.find((c) => c.title === `compiled profile ${PATHS.compiledProfile}`)?.ok).toBe(true);
    expect(result.ok).toBe(false);
  });

  it("current, newer and malformed, one by one", () => {
    const dir = tempDir("rts-doctor-format-");
    const file = join(dir, "profile.json");
    const check = (format: unknown) => {
      writeFileSync(file, JSON.stringify({ format, profile: {} }));
      return profileFormatCheck(file, "profile.json", "run `run-tests-skill init .`");
    };
    expect(check(PROFILE_FORMAT)).toMatchObject({ ok: true, detail: `format ${PROFILE_FORMAT}` });
    const newer = check(PROFILE_FORMAT + 1);
    expect(newer).toMatchObject({ ok: false, fix: expect.stringMatching(/^update run-tests-skill/) });
    expect(newer?.problem).toMatch(/newer run-tests-skill: these hooks ignore it/);
    expect(check("1")).toMatchObject({ ok: false, problem: expect.stringContaining("not a whole number") });
    expect(profileFormatCheck(join(dir, "missing.json"), "missing.json", "x")).toBeNull();
  });
});
