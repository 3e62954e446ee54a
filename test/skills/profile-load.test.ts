// The profile loader: built-ins load, `extends` merges, and every kind of broken profile gives one clear
// error naming the file, the line, the field path and what was expected.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  builtinProfilePath,
  formatProfileErrors,
  loadProfile,
  loadProfileText,
  type ProfileError,
} from "../../hooks/core/profile/load.ts";
import { Profile } from "../../hooks/core/profile/schema.ts";
import { minimalProfileYaml, tempDir, writeFiles } from "./helpers.ts";

function errorsOf(yaml: string, name = "profile.yaml"): { file: string; errors: ProfileError[] } {
  const dir = tempDir();
  writeFiles(dir, { [name]: yaml });
  const file = join(dir, name);
  const loaded = loadProfile(file);
  if (loaded.ok) throw new Error("expected the profile to fail");
  return { file, errors: loaded.errors };
}

describe("built-in profiles", () => {
  it.each(["tractor", "generic"])("%s loads", (name) => {
    const loaded = loadProfile(name);
    expect(loaded.ok, loaded.ok ? "" : formatProfileErrors(loaded.errors)).toBe(true);
    if (loaded.ok) expect(loaded.files).toEqual([builtinProfilePath(name as "tractor" | "generic")]);
  });

  it("a minimal profile gets the schema defaults", () => {
    const loaded = loadProfileText(minimalProfileYaml(), "/x/p.yaml");
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.profile.known_flaky).toEqual([]);
    expect(loaded.profile.options.closed).toBe(false);
    // Only what is timeout-shaped in any pytest project: a library's (trio, pexpect) comes from init,
    // where the project depends on it.
    expect(loaded.profile.timeout_signatures).toEqual(["Failed: Timeout", "TimeoutError"]);
  });
});

describe("schema errors", () => {
  it("bad YAML names the file and the line", () => {
    const { file, errors } = errorsOf('skill:\n  name: "unclosed\nproject: {}\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file, field: "" });
    expect(errors[0]?.message).toMatch(/^invalid YAML: /);
    expect(errors[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it("a duplicate key is bad YAML", () => {
    const { errors } = errorsOf(minimalProfileYaml("allowed_tools: [Read]\n"));
    expect(errors[0]?.message).toMatch(/unique/);
  });

  it("a top level that is not a mapping", () => {
    const { errors } = errorsOf("- just\n- a list\n");
    expect(errors).toEqual([
      expect.objectContaining({ field: "", message: expect.stringMatching(/mapping/) }),
    ]);
  });

  it("an unknown key names the key, the allowed keys and the line", () => {
    const { file, errors } = errorsOf(minimalProfileYaml("alowed_tools: [Read]\n"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file, field: "alowed_tools", line: 17 });
    expect(errors[0]?.message).toMatch(
      /unknown key "alowed_tools"; allowed here: extends, skill, .*allowed_tools/,
    );
  });

  it("an unknown nested key", () => {
    const yaml = minimalProfileYaml().replace("  name: acme\n", "  name: acme\n  pakage: acme\n");
    const { errors } = errorsOf(yaml);
    expect(errors).toEqual([
      expect.objectContaining({
        field: "project.pakage",
        line: 7,
        message: expect.stringMatching(/allowed here: name, package, tests_dir, about/),
      }),
    ]);
  });

  it("a wrong type says what was expected and what was found", () => {
    const yaml = minimalProfileYaml().replace("suite_ms: 300000", "suite_ms: ten minutes");
    const { errors } = errorsOf(yaml);
    expect(errors).toEqual([
      expect.objectContaining({
        field: "runner.timeouts.suite_ms",
        line: 11,
        message: 'expected a number, got the string "ten minutes"',
      }),
    ]);
  });

  it("a value out of range", () => {
    const { errors } = errorsOf(minimalProfileYaml().replace("suite_ms: 300000", "suite_ms: 900000"));
    expect(errors[0]).toMatchObject({
      field: "runner.timeouts.suite_ms",
      message: "must be at most 600000; got number 900000",
    });
  });

  it("a known-flaky entry without a signature", () => {
    const { errors } = errorsOf(
      minimalProfileYaml("known_flaky:\n  - path: checks/test_a.py\n    name: test_a\n    note: racy\n"),
    );
    expect(errors).toHaveLength(1);
    // The key is missing, so the line is the entry's own.
    expect(errors[0]).toMatchObject({ field: "known_flaky.0.signatures", line: 18 });
    expect(errors[0]?.message).toMatch(/required field "signatures" is missing; expected a list of strings/);
    expect(errors[0]?.message).toMatch(/without one any failure would be excused/);
  });

  it("a known-flaky entry with an empty signature list", () => {
    const { errors } = errorsOf(
      minimalProfileYaml(
        "known_flaky:\n  - path: checks/test_a.py\n    name: test_a\n    signatures: []\n    note: racy\n",
      ),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        field: "known_flaky.0.signatures",
        message: expect.stringMatching(/at least one failure signature/),
      }),
    ]);
  });

  it("a known-flaky name with params in it", () => {
    const { errors } = errorsOf(
      minimalProfileYaml(
        "known_flaky:\n  - path: checks/test_a.py\n    name: test_a[x]\n    signatures: [E]\n    note: n\n",
      ),
    );
    expect(errors[0]).toMatchObject({
      field: "known_flaky.0.name",
      message: expect.stringMatching(/without \[params\]/),
    });
  });

  it("a missing required field", () => {
    const { errors } = errorsOf(minimalProfileYaml().replace("  tests_dir: checks\n", ""));
    expect(errors).toEqual([
      expect.objectContaining({
        field: "project.tests_dir",
        line: 6,
        message: 'required field "tests_dir" is missing; expected a string',
      }),
    ]);
  });

  it("a missing required section", () => {
    const yaml = minimalProfileYaml().replace(/runner:\n( {2}.*\n)+/, "");
    const { errors } = errorsOf(yaml);
    expect(errors).toEqual([
      expect.objectContaining({
        field: "runner",
        message: expect.stringMatching(
          /^required field "runner" is missing; expected a mapping with keys python, base, env, also/,
        ),
      }),
    ]);
  });

  it("a bad allowed-tools entry", () => {
    const { errors } = errorsOf(minimalProfileYaml().replace("  - Read\n", "  - Bash(ls, cat)\n"));
    expect(errors[0]).toMatchObject({
      field: "allowed_tools.1",
      message: expect.stringMatching(/without commas/),
    });
  });

  it("one error per problem", () => {
    const yaml = minimalProfileYaml("bogus: 1\n")
      .replace("suite_ms: 300000", "suite_ms: x")
      .replace('  argument_hint: "[path]"\n', "");
    const { errors } = errorsOf(yaml);
    expect(errors.map((e) => e.field).sort()).toEqual([
      "bogus",
      "runner.timeouts.suite_ms",
      "skill.argument_hint",
    ]);
  });

  it("formats as file:line: field: message", () => {
    const { file, errors } = errorsOf(minimalProfileYaml("bogus: 1\n"));
    expect(formatProfileErrors(errors)).toBe(
      // Every top-level key of the schema, in its order (the list grows as the profile does).
      `${file}:17: bogus: unknown key "bogus"; allowed here: ${Object.keys(Profile.entries).join(", ")}`,
    );
  });

  it("a missing file", () => {
    const loaded = loadProfile("/nonexistent/profile.yaml");
    expect(loaded).toEqual({
      ok: false,
      errors: [
        {
          file: "/nonexistent/profile.yaml",
          field: "",
          message:
            'profile "/nonexistent/profile.yaml" not found: not a built-in profile (tractor, generic) and no file /nonexistent/profile.yaml',
        },
      ],
    });
  });
});

describe("extends", () => {
  it("a user profile extends a built-in one: objects merge, lists replace", () => {
    const dir = tempDir();
    writeFiles(dir, {
      "mine.yaml": `extends: generic
project:
  name: acme
gotchas:
  - "The database tests need Docker."
`,
    });
    const loaded = loadProfile(join(dir, "mine.yaml"));
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.files).toEqual([builtinProfilePath("generic"), join(dir, "mine.yaml")]);
    expect(loaded.profile.project).toEqual({ name: "acme", tests_dir: "tests" });
    expect(loaded.profile.gotchas).toEqual(["The database tests need Docker."]);
    expect(loaded.profile.allowed_tools).toContain("Bash(python -m pytest *)");
  });

  it("chains through relative files", () => {
    const dir = tempDir();
    writeFiles(dir, {
      "base/team.yaml": 'extends: tractor\nproject:\n  about: "our fork"\n',
      "mine.yaml": 'extends: base/team.yaml\nskill:\n  description: "Ours. Use when testing."\n',
    });
    const loaded = loadProfile(join(dir, "mine.yaml"));
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.files).toHaveLength(3);
    expect(loaded.profile.project.about).toBe("our fork");
    expect(loaded.profile.skill.description).toBe("Ours. Use when testing.");
    expect(loaded.profile.skill.name).toBe("run-tests");
  });

  it("an error in the child names the child file and line", () => {
    const dir = tempDir();
    writeFiles(dir, { "mine.yaml": "extends: generic\nrunner:\n  timeouts:\n    file_ms: soon\n" });
    const loaded = loadProfile(join(dir, "mine.yaml"));
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.errors).toEqual([
      expect.objectContaining({ file: join(dir, "mine.yaml"), field: "runner.timeouts.file_ms", line: 4 }),
    ]);
  });

  it("a cycle", () => {
    const dir = tempDir();
    writeFiles(dir, { "a.yaml": "extends: b.yaml\n", "b.yaml": "extends: a.yaml\n" });
    const loaded = loadProfile(join(dir, "a.yaml"));
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.errors).toHaveLength(1);
    expect(loaded.errors[0]).toMatchObject({ file: join(dir, "b.yaml"), field: "extends", line: 1 });
    expect(loaded.errors[0]?.message).toBe(
      `extends cycle: ${join(dir, "a.yaml")} -> ${join(dir, "b.yaml")} -> ${join(dir, "a.yaml")}`,
    );
  });

  it("a profile extending itself", () => {
    const { errors } = errorsOf("extends: profile.yaml\n");
    expect(errors[0]?.message).toMatch(/^extends cycle: /);
  });

  it("a missing base", () => {
    const { file, errors } = errorsOf("extends: tractr\n");
    expect(errors).toEqual([
      {
        file,
        field: "extends",
        line: 1,
        message: expect.stringMatching(
          /^base profile "tractr" not found: not a built-in profile \(tractor, generic\) and no file .*tractr$/,
        ),
      },
    ]);
  });

  it("extends of the wrong type", () => {
    const { errors } = errorsOf("extends: [tractor]\n");
    expect(errors[0]).toMatchObject({
      field: "extends",
      message: expect.stringMatching(/built-in profile name/),
    });
  });
});
