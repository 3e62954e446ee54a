// Recorded pytest outputs (test/fixtures/recorded, made by test/results/record.ts) through the hook's
// pipeline: each file's header states the pytest version, the command, and the expected class and ids.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classifyOutput, composeReport, FALLBACK_PROFILE } from "../../hooks/results/analyze.ts";
import { eventText, type PostBashInput } from "../../hooks/results/event.ts";
import { loadProfile } from "../../skills/profile/load.ts";
import { parseRecorded, postToolUse, postToolUseFailure, RECORDED } from "./helpers.ts";
import { RECORDINGS } from "./record.ts";

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
    const { header, text } = parseRecorded(readFileSync(join(RECORDED, file), "utf8"));
    expect(header.recorded).toMatch(/^pytest \d+\.\d+\.\d+, Python 3\./);
    expect(header.command).toMatch(/pytest/);
    const exit = Number(header.exit);
    const command = header.command as string;
    const input =
      exit === 0
        ? postToolUse(command, text, "/tmp")
        : postToolUseFailure(command, `Exit code ${exit}\n${text}`, "/tmp");
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
    expect(ids).toEqual((header["expect-ids"] ?? "").split(" ").filter(Boolean));
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
