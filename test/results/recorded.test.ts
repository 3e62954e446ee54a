// Recorded pytest outputs (test/fixtures/recorded, made by test/results/record.ts) through the hook's
// pipeline: each file's header states the pytest version, the command, and the expected class and ids.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadProfile } from "../../hooks/core/profile/load.ts";
import { classifyOutput, composeReport, FALLBACK_PROFILE } from "../../hooks/results/analyze.ts";
import { eventText, type PostBashInput } from "../../hooks/results/event.ts";
import { middleTruncate, parseRecorded, postToolUse, postToolUseFailure, RECORDED } from "./helpers.ts";
import { RECORDINGS } from "./record.ts";

/** Where the recorded project "lives" for the hook (the recordings name it <fixture>). */
const PROJECT = "/home/user/project";

const files = readdirSync(RECORDED)
  .filter((f) => f.endsWith(".txt"))
  .sort();

function profileFor(name: string) {
  if (name === "generic") return FALLBACK_PROFILE;
  const loaded = loadProfile(name);
  if (!loaded.ok) throw new Error(`profile ${name}`);
  return loaded.profile;
}

describe("recorded pytest outputs", () => {
  it("every recording the script defines is on disk", () => {
    expect(files).toEqual(RECORDINGS.map((r) => `${r.name}.txt`).sort());
  });

  it.each(files)("%s", (file) => {
    const { header, text: recorded } = parseRecorded(readFileSync(join(RECORDED, file), "utf8"));
    // The hook's cwd is the project: absolute frames under it are its own (the recording says <fixture>).
    const text = recorded.split("<fixture>").join(PROJECT);
    expect(header.recorded).toMatch(/^pytest \d+\.\d+\.\d+, Python 3\./);
    expect(header.command).toMatch(/pytest|^nox /); // pytest itself, or the repository's nox session
    const exit = Number(header.exit);
    const command = header.command as string;
    const keep = header.truncate ? Number(header.truncate) : null;
    const input =
      exit === 0
        ? postToolUse(command, text, PROJECT)
        : postToolUseFailure(
            command,
            keep ? middleTruncate(`Exit code ${exit}\n${text}`, keep) : `Exit code ${exit}\n${text}`,
            PROJECT,
          );
    const event = eventText(input as PostBashInput, () => null);
    if (!event.ok) throw new Error(event.skip);
    const profile = profileFor(header.profile as string);
    const classified = classifyOutput({ ...event.input, profile, report: null });
    const c = classified.classification;
    const ids = [
      ...c.tests.filter((t) => t.outcome === "failed" || t.outcome === "error").map((t) => t.id),
      ...c.collectionErrors.map((e) => e.path),
    ].sort();
    expect(c.class).toBe(header["expect-class"]);
    const expected = (header["expect-ids"] ?? "").split("<fixture>").join(PROJECT);
    expect(ids).toEqual(
      expected.startsWith("[") ? (JSON.parse(expected) as string[]) : expected.split(" ").filter(Boolean),
    );
    const perTest = JSON.parse(header["expect-test-classes"] ?? "{}") as Record<string, string>;
    for (const [id, cls] of Object.entries(perTest))
      expect(c.tests.find((t) => t.id === id)?.class, id).toBe(cls);
    const report = composeReport({
      classified,
      profile,
      changedFiles: [],
      tree: null,
      history: [],
      now: new Date(),
    }).text;
    expect(report.split("\n").length).toBeLessThanOrEqual(12);
  });

  it("ids rebuilt after Claude Code's middle truncation are marked uncertain, not shown as facts", () => {
    const { header, text } = parseRecorded(readFileSync(join(RECORDED, "middle-truncated-tail.txt"), "utf8"));
    const error = middleTruncate(`Exit code ${header.exit}\n${text}`, Number(header.truncate));
    expect(error).not.toContain("short test summary info");
    const input = postToolUseFailure(header.command as string, error, "/tmp");
    const event = eventText(input as PostBashInput, () => null);
    if (!event.ok) throw new Error(event.skip);
    const classified = classifyOutput({ ...event.input, profile: FALLBACK_PROFILE, report: null });
    const c = classified.classification;
    expect(c.evidence).toBe("partial");
    expect(c.tests.length).toBeGreaterThan(0);
    expect(c.tests.every((t) => t.idGuessed)).toBe(true);
    const report = composeReport({
      classified,
      profile: FALLBACK_PROFILE,
      changedFiles: [],
      tree: null,
      history: [],
      now: new Date(),
    }).text;
    expect(report).toContain("(id rebuilt from a section header, uncertain)");
    expect(report).toContain("(some ids rebuilt from section headers, uncertain)");
  });

  it("shape-specific facts: doctest crash lines, subtests, the missing plugin, pytest that cannot start", () => {
    const run = (name: string) => {
      const { header, text } = parseRecorded(readFileSync(join(RECORDED, `${name}.txt`), "utf8"));
      const classified = classifyOutput({
        text: `Exit code ${header.exit}\n${text}`,
        fromFailure: true,
        command: header.command as string,
        profile: FALLBACK_PROFILE,
        report: null,
      });
      const report = composeReport({
        classified,
        profile: FALLBACK_PROFILE,
        changedFiles: [],
        tree: null,
        history: [],
        now: new Date(),
      }).text;
      return { c: classified.classification, report };
    };
    const doctest = run("doctest-modules");
    expect(doctest.c.counts.failed).toBe(2);
    expect(doctest.c.tests.map((t) => t.signature)).toEqual([
      "DocTestFailure: expected 3, got 2",
      "ValueError: invalid literal for int() with base 10: 'x'",
    ]);
    const subtests = run("subtests-pytest9");
    expect(subtests.c.evidence).toBe("complete");
    expect(subtests.c.tests.map((t) => t.subfailures)).toEqual([["(i=1)", "(i=3)"], ["[check] (i=2)"]]);
    const plugin = run("missing-plugin-fixture");
    expect(plugin.c.hints).toContain("missing-fixture");
    expect(plugin.c.missingFixtures).toEqual(["benchmark"]);
    expect(plugin.report).toContain("pytest-benchmark provides `benchmark`");
    expect(plugin.report).not.toContain("Real failure");
    const startup = run("startup-broken-pluggy");
    expect(startup.c.missingModules).toEqual(["pluggy"]);
    expect(startup.c.hints).toEqual(["startup"]);
    expect(startup.report).toContain(
      "pytest could not start - ModuleNotFoundError: No module named 'pluggy'",
    );
  });

  it("colour codes inside tokens are stripped before matching", () => {
    const { text } = parseRecorded(readFileSync(join(RECORDED, "color-failures.txt"), "utf8"));
    expect(text).toContain("\x1b[");
  });

  it("a Ctrl-C run names the test that was running (-v)", () => {
    const { header, text } = parseRecorded(
      readFileSync(join(RECORDED, "keyboard-interrupt-verbose.txt"), "utf8"),
    );
    const input = postToolUseFailure(header.command as string, `Exit code ${header.exit}\n${text}`, "/tmp");
    const event = eventText(input as PostBashInput, () => null);
    if (!event.ok) throw new Error(event.skip);
    const c = classifyOutput({ ...event.input, profile: FALLBACK_PROFILE, report: null }).classification;
    expect(c.runningTest).toBe("tests/test_hang.py::test_sleeps_forever");
    expect(c.counts.passed).toBe(2);
  });
});
