import { describe, expect, it } from "vitest";
import {
  FIND_GLOB,
  globMatches,
  globToRegExp,
  hasWildcard,
  literalPrefix,
  PATH_GLOB,
  PROFILE_GLOB,
} from "../../hooks/core/glob.ts";
import { canonicalRunnerWords, type RunnerSpelling } from "../../hooks/guard/runner.ts";
import { analyzeCommand } from "../../hooks/results/command.ts";
import { mayRunPytest } from "../../hooks/results/prefilter.ts";

describe("globToRegExp: the options", () => {
  it("keeps * and ? inside one path component unless slash is set", () => {
    expect(globMatches("py*/bin/python", "py313/bin/python")).toBe(true);
    expect(globMatches("py*/bin/python", "py/../../tmp/bin/python")).toBe(false);
    expect(globMatches("a?c", "a/c")).toBe(false);
    expect(globMatches("a?c", "a/c", { slash: true })).toBe(true);
    expect(globMatches("*", "x/y", { slash: true })).toBe(true);
  });

  it("** spans folders (none included) only with globstar", () => {
    expect(globMatches("tests/**/test_x.py", "tests/test_x.py", PATH_GLOB)).toBe(true);
    expect(globMatches("tests/**/test_x.py", "tests/a/b/test_x.py", PATH_GLOB)).toBe(true);
    expect(globMatches("tests/**/test_x.py", "tests/footest_x.py", PATH_GLOB)).toBe(false);
    expect(globMatches("src/**", "src/a/b.py", PATH_GLOB)).toBe(true);
    expect(globMatches("**/conftest.py", "conftest.py", PATH_GLOB)).toBe(true);
    expect(globMatches("**/conftest.py", "a/b/conftest.py", PATH_GLOB)).toBe(true);
    expect(globMatches("src/**.py", "src/a/b.py", PATH_GLOB)).toBe(true);
    expect(globMatches("src/**", "src/a/b.py")).toBe(false);
  });

  it("? is literal when question is off; [ is a class only with brackets", () => {
    expect(globMatches("py?", "py3", { question: false })).toBe(false);
    expect(globMatches("py?", "py?", { question: false })).toBe(true);
    expect(globMatches("[ab]x", "ax")).toBe(false);
    expect(globMatches("[ab]x", "[ab]x")).toBe(true);
    expect(globMatches("[ab]x", "ax", { brackets: true })).toBe(true);
    expect(globMatches("[!a]x", "bx", { brackets: true })).toBe(true);
    expect(globMatches("[!a]x", "ax", { brackets: true })).toBe(false);
    expect(globMatches("[!a]x", "/x", { brackets: true })).toBe(false);
    expect(globMatches("[a-c]", "b", { brackets: true })).toBe(true);
    expect(globMatches("[]]", "]", { brackets: true })).toBe(true);
    expect(globMatches("[ab", "[ab", { brackets: true })).toBe(true); // unclosed: literal
  });

  it("noSpace keeps wildcards inside one word; dot:false keeps a leading dot out", () => {
    expect(globMatches("run*", "run tests")).toBe(true);
    expect(globMatches("run*", "run tests", { noSpace: true })).toBe(false);
    expect(globMatches("*", ".git")).toBe(true);
    expect(globMatches("*", ".git", { dot: false })).toBe(false);
    expect(globMatches("a/*", "a/.git", { dot: false })).toBe(false);
    expect(globMatches("a/.*", "a/.git", { dot: false })).toBe(true);
  });

  it("escapes every regex character and is anchored", () => {
    for (const literal of ["a.b", "a+b", "(x)", "x|y", "$HOME", "a^b", "{a,b}", "c:\\d", "a/b"])
      expect(globMatches(literal, literal)).toBe(true);
    expect(globMatches("a.b", "axb")).toBe(false);
    expect(globMatches("ab", "xaby")).toBe(false);
    expect(globToRegExp("A*", { ignoreCase: true }).test("abc")).toBe(true);
  });

  it("find's dialect: * crosses /, classes, leading dots", () => {
    expect(globMatches("*/HEAD", "./.git/HEAD", FIND_GLOB)).toBe(true);
    expect(globMatches("[.]git", ".git", FIND_GLOB)).toBe(true);
    expect(globMatches("*", ".git", FIND_GLOB)).toBe(true);
  });
});

describe("hasWildcard, literalPrefix", () => {
  it("tells a pattern from a name, in the dialect's terms", () => {
    expect(hasWildcard("tests/unit/")).toBe(false);
    expect(hasWildcard("tests/test_?.py")).toBe(true);
    expect(hasWildcard("bin/py?", PROFILE_GLOB)).toBe(false);
    expect(hasWildcard("[ab]", FIND_GLOB)).toBe(true);
    expect(hasWildcard("[ab]")).toBe(false);
  });
  it("is the folder part before the first wildcard", () => {
    expect(literalPrefix("tests/unit/test_*.py", PATH_GLOB)).toBe("tests/unit");
    expect(literalPrefix("tests/**", PATH_GLOB)).toBe("tests");
    expect(literalPrefix("test_*.py", PATH_GLOB)).toBe("");
    expect(literalPrefix("tests/unit/", PATH_GLOB)).toBe("tests/unit/");
  });
});

// runner.also is read by the guard (is this program the runner?) and by the report (did this line run
// pytest?): a pattern must mean the same to both (issue 18: they used to read it in two dialects).
describe("runner.also: one dialect for the guard and the report", () => {
  const cases: Array<[pattern: string, word: string, expected: boolean]> = [
    ["tools/run*", "tools/run-tests", true],
    ["tools/run*", "tools/run", true],
    ["tools/run*", "tools/run/../../x", false],
    ["tools/run*", "tools/runner/sub", false],
    ["tools/run?", "tools/run1", false], // ? is literal in the profile's dialect
    ["tools/run?", "tools/run?", true],
    ["tools/[ab]", "tools/a", false], // so is [
    ["tools/run*", "tools/run tests", false], // a quoted word with a space: * never matches white space
    ["*/run-tests", "ci/run-tests", true],
    ["*/run-tests", "a/b/run-tests", false],
  ];
  const runner = (pattern: string): RunnerSpelling => ({
    python: "python",
    pytest: "python -m pytest",
    also: [pattern],
    env: ["CI=true"],
  });
  // The guard: a runner program loses its allowed CI=true prefix; any other keeps it.
  const guardSays = (pattern: string, word: string) =>
    canonicalRunnerWords(["CI=true", word, "-q"], runner(pattern), undefined)[0] !== "CI=true";
  // The report: its cheap prefilter lets the line through, and the line runs pytest through the spelling.
  const reportSays = (pattern: string, word: string) =>
    mayRunPytest(`'${word}' -q`, [pattern]) &&
    analyzeCommand(`'${word}' -q`, [pattern]).runs.some((r) => r.spelling === pattern);

  for (const [pattern, word, expected] of cases)
    it(`${pattern} ${expected ? "matches" : "does not match"} ${word}`, () => {
      expect(guardSays(pattern, word)).toBe(expected);
      expect(reportSays(pattern, word)).toBe(expected);
    });
});
