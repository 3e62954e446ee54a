// A check after the tests that failed the run although every test passed: a coverage threshold, as
// coverage.py (`coverage report --fail-under`) or pytest-cov (`--cov-fail-under`) prints it, and the wrapper
// line that then failed the session (nox, tox). Pure: the output text in, the lines that say so out.
// Without this a nox session that failed on its coverage threshold reads as a pass (pytest's own summary
// says "N passed"). Shapes recorded from real runs: test/fixtures/recorded/coverage-threshold-*.txt.

export interface ThresholdFailure {
  /** The checker's own line, as printed. */
  line: string;
  /** The total and the required minimum, as printed (e.g. "71", "100" or "71.43", "100"). */
  total: string;
  required: string;
  /** The wrapper's line that failed because of it (`nox > Session tests failed.`), when there is one. */
  wrapper: string | null;
}

/** Each checker's line with words it always holds: the plain search for them skips the multiline pattern on
 *  the megabytes of a run that has no threshold (nearly all). */
const CHECKERS: ReadonlyArray<{ words: string; line: RegExp }> = [
  // coverage.py's `coverage report --fail-under=N` (and `fail_under` in its config)
  {
    words: "Coverage failure: total of ",
    line: /^Coverage failure: total of (?<total>[\d.]+) is less than fail-under=(?<required>[\d.]+)\s*$/m,
  },
  // pytest-cov's --cov-fail-under (its own line in the coverage section)
  {
    words: "Required test coverage of ",
    line: /^(?:FAIL )?Required test coverage of (?<required>[\d.]+)% not reached\. Total coverage: (?<total>[\d.]+)%\s*$/m,
  },
];

const WRAPPERS: readonly RegExp[] = [
  /^nox > Session \S+ failed\.\s*$/m, // nox
  /^\s*\S+: FAIL code \d+.*$/m, // tox 4
  /^ERROR: +\S+: commands failed\s*$/m, // tox 3
];

export function thresholdFailure(text: string): ThresholdFailure | null {
  for (const checker of CHECKERS) {
    if (!text.includes(checker.words)) continue;
    const m = checker.line.exec(text);
    if (!m?.groups) continue;
    const wrapper = WRAPPERS.map((w) => w.exec(text)?.[0]?.trim()).find(Boolean) ?? null;
    return {
      line: m[0].trim(),
      total: m.groups.total as string,
      required: m.groups.required as string,
      wrapper,
    };
  }
  return null;
}
