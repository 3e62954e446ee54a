// `import` keeps the human content of a hand-written skill (issue 20, item 5): its sections (as notes, as
// written), its tables, its change-to-test mapping and its flaky rows, and the draft it writes is one that
// `generate` accepts. On tractor's real hand-written skill (the seed) and on a skill written in another
// style (test/fixtures/skills/hand-click: a uv-driven project, untagged and `bash` code blocks, a "what to
// test after a change" table, a bulleted flaky list, a numbered list of things to watch out for).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { main } from "../../bin/cli/main.ts";
import { fakeIO } from "../setup/cli-io.ts";
import { tempDir } from "./helpers.ts";

const SEED = fileURLToPath(new URL("../fixtures/skills/seed/run-tests/SKILL.md", import.meta.url));
const HAND = fileURLToPath(new URL("../fixtures/skills/hand-click/SKILL.md", import.meta.url));

/** import --out, then generate --out, as a maintainer would; the generated folder's files joined. */
async function importAndGenerate(source: string) {
  const dir = tempDir("rts-import-notes-");
  const imported = fakeIO(dir);
  const importExit = await main(["import", source, "--out", "profile.yaml"], imported);
  const draft = parse(readFileSync(join(dir, "profile.yaml"), "utf8"));
  const gen = fakeIO(dir);
  const generateExit = await main(["generate", "--profile", "profile.yaml", "--out", "out"], gen);
  const skillDir = join(dir, "out", draft.skill.name);
  let generated = "";
  if (generateExit === 0) {
    generated = readFileSync(join(skillDir, "SKILL.md"), "utf8");
    const refs = gen.out.match(/references\/[\w.-]+\.md/g) ?? [];
    for (const ref of new Set(refs)) generated += readFileSync(join(skillDir, ref), "utf8");
  }
  return {
    importExit,
    generateExit,
    draft,
    generated,
    importErr: imported.err,
    generateOut: gen.out + gen.err,
  };
}

describe("import of a skill written in another style (click, driven by uv)", async () => {
  const r = await importAndGenerate(HAND);

  it("import says the draft validates, and generate accepts it", () => {
    expect(r.importExit, r.importErr).toBe(0);
    expect(r.generateExit, r.generateOut).toBe(0);
  });

  it("takes the base command from its own commands (uv run pytest), not python -m pytest", () => {
    expect(r.draft.runner).toMatchObject({ base: "uv run pytest" });
    expect(r.generated).toContain("uv run pytest --lf");
    expect(r.generated).not.toMatch(/^python -m pytest/m);
  });

  it("keeps the change-to-test table as the mapping and the bulleted flaky list as known-flaky entries", () => {
    expect(r.draft.mapping).toContainEqual({
      changed: ["src/click/termui.py", "src/click/_termui_impl.py"],
      tests: ["tests/test_termui.py"],
    });
    expect(r.draft.mapping).toHaveLength(4);
    expect(r.draft.known_flaky.map((f: { name: string }) => f.name)).toEqual([
      "test_progressbar_length_hint",
      "test_mixer_buffers_survive_wrapper_gc",
    ]);
    expect(r.draft.known_flaky[0].signatures).toEqual(["AssertionError"]);
    expect(r.generated).toContain("`tests/test_termui.py::test_progressbar_length_hint`");
  });

  it("keeps every human section: intro, the quick-reference table, how to run, the prose around the tables", () => {
    const titles = r.draft.notes.map((n: { title: string }) => n.title);
    expect(titles).toEqual([
      "Testing click",
      "Quick reference",
      "How to run",
      "What to test after a change",
      "Tests we know are flaky",
      "Before you commit",
    ]);
    for (const line of [
      "We use pytest, driven through uv. Always run from the repository root, never from `tests/`.",
      '| the stress tests | `uv run pytest -m stress -x --override-ini="addopts="` |',
      "uv run pytest tests/test_basic.py::test_basic_functionality -x",
      "Never pipe the output through `head` or `tail`: you lose the summary and the exit code.",
      "Then run everything once before you say you are done.",
      "Anything else that fails is a real failure until proven otherwise.",
      "Show the human what changed and let them stage it:",
    ])
      expect(r.generated, line).toContain(line);
    // The numbered "things to watch out for" became gotchas.
    expect(r.generated).toMatch(/The stress tests are deselected by default/);
    // An untagged block of commands is tagged sh (the validator checks it against allowed-tools).
    expect(r.generated).toMatch(
      /```sh\nuv run pytest tests\/test_basic\.py::test_basic_functionality -x\n```/,
    );
  });
});

describe("import of tractor's real hand-written skill (the seed)", async () => {
  const r = await importAndGenerate(SEED);

  it("import and generate both succeed", () => {
    expect(r.importExit, r.importErr).toBe(0);
    expect(r.generateExit, r.generateOut).toBe(0);
  });

  it("keeps its sections without a profile key as notes, numbering dropped", () => {
    const titles = r.draft.notes.map((n: { title: string }) => n.title);
    expect(titles).toContain("On failure");
    expect(titles).toContain("On success");
    expect(titles.every((t: string) => !/^\d+\./.test(t))).toBe(true);
    expect(r.generated).toContain("**Check the known-flaky list** (section 8) before");
    expect(r.generated).toContain("Report the pass/fail/skip counts concisely.");
  });

  it("keeps its mapping and flaky rows", () => {
    expect(r.draft.mapping).toHaveLength(11);
    expect(r.draft.known_flaky).toHaveLength(4);
    expect(r.generated).toContain("test_multi_nested_subactors_error_through_nurseries");
  });
});

describe("import's verdict", () => {
  it("a draft that does not validate is reported (exit 1) with the reason, never as written fine", async () => {
    const dir = tempDir("rts-import-invalid-");
    // A name the schema refuses (uppercase, underscore): the draft is printed with the problem.
    const text = readFileSync(HAND, "utf8").replace("name: click-tests", "name: Click_Tests");
    const file = join(dir, "SKILL.md");
    writeFileSync(file, text);
    const io = fakeIO(dir);
    expect(await main(["import", file], io)).toBe(1);
    expect(io.err).toMatch(/the draft does not validate:\n.*skill\.name/);
  });
});
