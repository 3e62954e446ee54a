// A coverage threshold that failed a run whose tests all passed (hooks/results/threshold.ts): never
// reported as a pass; the report names the threshold's line and the next step. The texts are real
// recordings (test/results/record.ts: nox + coverage.py, pytest-cov), read through the hook's own path.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classifyOutput, composeReport, FALLBACK_PROFILE } from "../../hooks/results/analyze.ts";
import { eventText, type PostBashInput } from "../../hooks/results/event.ts";
import { thresholdFailure } from "../../hooks/results/threshold.ts";
import { parseRecorded, postToolUse, postToolUseFailure, RECORDED } from "./helpers.ts";

const PROJECT = "/home/user/project";

function recorded(name: string) {
  const { header, text } = parseRecorded(readFileSync(join(RECORDED, `${name}.txt`), "utf8"));
  return {
    command: header.command as string,
    exit: Number(header.exit),
    text: text.split("<fixture>").join(PROJECT),
  };
}

function reportOf(command: string, text: string, exit: number) {
  const input =
    exit === 0
      ? postToolUse(command, text, PROJECT)
      : postToolUseFailure(command, `Exit code ${exit}\n${text}`, PROJECT);
  const event = eventText(input as PostBashInput, () => null);
  if (!event.ok) throw new Error(event.skip);
  const classified = classifyOutput({ ...event.input, profile: FALLBACK_PROFILE, report: null });
  const report = composeReport({
    classified,
    profile: FALLBACK_PROFILE,
    changedFiles: [],
    tree: null,
    history: [],
    now: new Date(),
  });
  return { classification: classified.classification, text: report.text };
}

describe("a coverage threshold after passing tests", () => {
  it.each([
    [
      "coverage-threshold-nox",
      "Coverage failure: total of 83 is less than fail-under=100",
      "nox > Session tests failed.",
    ],
    [
      "coverage-threshold-pytest-cov",
      "Required test coverage of 100% not reached. Total coverage: 83.33%",
      null,
    ],
  ])("%s: not a pass; the line, the wrapper and the next step are named", (name, line, wrapper) => {
    const { command, exit, text } = recorded(name);
    expect(exit).not.toBe(0);
    const found = thresholdFailure(text);
    expect(found?.line).toContain(line);
    expect(found?.wrapper).toBe(wrapper);
    const r = reportOf(command, text, exit);
    expect(r.classification.class).toBe("real-failure");
    expect(r.classification.counts.passed).toBe(2);
    expect(r.classification.counts.failed).toBe(0);
    expect(r.text).toContain(`All tests passed, but the run failed after them: ${found?.line}`);
    expect(r.text).toMatch(/coverage threshold failed the run \(total 83(?:\.33)?% < required 100%\)/);
    expect(r.text).toContain("add tests that run them, or ask the user before lowering the threshold");
    expect(r.text).not.toMatch(/^pytest run: pass/m);
  });

  it("the same session with the threshold met (exit 0, no failure line) is a pass", () => {
    const { command, text } = recorded("coverage-threshold-nox");
    const met = text
      .split("\n")
      .filter((l) => !/^Coverage failure|^nox > (?:Command|Session)/.test(l))
      .join("\n");
    expect(thresholdFailure(met)).toBeNull();
    expect(reportOf(command, met, 0).classification.class).toBe("pass");
  });

  it.each([
    ["Coverage failure: total of 99.5 is less than fail-under=99.9", "99.5", "99.9"],
    ["FAIL Required test coverage of 90% not reached. Total coverage: 71.43%", "71.43", "90"],
    ["Required test coverage of 90% not reached. Total coverage: 71.43%", "71.43", "90"],
  ])("%s", (line, total, required) => {
    expect(thresholdFailure(`1 passed\n${line}\n  py312: FAIL code 2 (3.1 seconds)\n`)).toEqual({
      line,
      total,
      required,
      wrapper: "py312: FAIL code 2 (3.1 seconds)",
    });
  });
});
