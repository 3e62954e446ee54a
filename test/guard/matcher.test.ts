// Our reading of Claude Code's Bash(...) permission patterns (guard-policy §3, "Our matcher").
import { describe, expect, it } from "vitest";
import { compilePatterns, matchesPattern, parseAllowedTools } from "../../hooks/guard/matcher.ts";

function matches(pattern: string, words: string[]): boolean {
  const [p] = compilePatterns([pattern]);
  if (!p) throw new Error(`not a Bash pattern: ${pattern}`);
  return matchesPattern(p, words);
}

describe("pattern semantics", () => {
  it.each([
    // [pattern, words, expected]
    ["Bash", ["anything", "at", "all"], true],
    ["Bash(*)", ["rm", "-rf", "/"], true],
    ["Bash(npm run build)", ["npm", "run", "build"], true],
    ["Bash(npm run build)", ["npm", "run", "build", "--x"], false],
    ["Bash(npm run build)", ["npm", "run"], false],
    ["Bash(git diff:*)", ["git", "diff"], true],
    ["Bash(git diff:*)", ["git", "diff", "--stat"], true],
    ["Bash(git diff:*)", ["git", "diffx"], false],
    ["Bash(touch:*)", ["touch", "t1"], true],
    ["Bash(touch:*)", ["touchx", "t1"], false],
    ["Bash(ls *)", ["ls"], true],
    ["Bash(ls *)", ["ls", "-la"], true],
    ["Bash(ls *)", ["lsof"], false],
    ["Bash(ls*)", ["lsof"], true],
    ["Bash(ls*)", ["ls", "-la"], false],
    ["Bash(git * main)", ["git", "merge", "main"], true],
    ["Bash(git * main)", ["git", "merge", "--ff", "main"], false],
    // A colon not at the end is a literal colon; the star after it is an in-word star.
    ["Bash(git:* push)", ["git", "push"], false],
    ["Bash(git:* push)", ["git:x", "push"], true],
    ["Bash(py*/bin/python -m pytest *)", ["py313/bin/python", "-m", "pytest", "-x"], true],
    // An in-word star stays within one path component (skill-mode decision: `py*` never crosses `/` or `..`).
    ["Bash(py*/bin/python -m pytest *)", ["py313/../../bin/python", "-m", "pytest"], false],
    ["Bash(py*/bin/python -m pytest *)", ["py../../tmp/bin/python", "-m", "pytest"], false],
    ["Bash(py*/bin/python -m pytest *)", [".venv/bin/python", "-m", "pytest"], false],
    ["Bash(UV_PROJECT_ENVIRONMENT=py* uv sync *)", ["UV_PROJECT_ENVIRONMENT=py313", "uv", "sync"], true],
    ["Bash(UV_PROJECT_ENVIRONMENT=py* uv sync *)", ["UV_PROJECT_ENVIRONMENT=py3 X=1", "uv", "sync"], false],
    [
      "Bash(UV_PROJECT_ENVIRONMENT=py* uv sync *)",
      ["FOO=1", "UV_PROJECT_ENVIRONMENT=py313", "uv", "sync"],
      false,
    ],
    ["Bash(python -c 'print(\"*\")')", ["python", "-c", 'print("*")'], true],
    ["Bash(python -c 'print(\"*\")')", ["python", "-c", 'print("x")'], false],
    ["Bash(echo a\\ b)", ["echo", "a b"], true],
  ])("%s vs %j -> %s", (pattern, words, expected) => {
    expect(matches(pattern, words)).toBe(expected);
  });

  it("entries for other tools are not Bash patterns", () => {
    expect(compilePatterns(["Read", "Grep", "Skill(run-tests)", "Task", "Bash(ls *)"])).toHaveLength(1);
  });
  it("a huge word is not run against a many-star in-word pattern (no regex blow-up)", () => {
    const word = `a${"b".repeat(100_000)}`;
    expect(matches("Bash(x a*b*c)", ["x", word])).toBe(false);
    expect(matches("Bash(x *)", ["x", word])).toBe(true);
  });
});

describe("allowed-tools as written in SKILL.md front matter", () => {
  it("a comma-separated string, as the generator writes it", () => {
    expect(parseAllowedTools("Bash(python -m pytest *), Bash(ls *), Read, Grep")).toEqual([
      "Bash(python -m pytest *)",
      "Bash(ls *)",
      "Read",
      "Grep",
    ]);
  });
  it("a space-separated string and a YAML list", () => {
    expect(parseAllowedTools("Read Grep Bash(git status *)")).toEqual(["Read", "Grep", "Bash(git status *)"]);
    expect(parseAllowedTools(["Bash(a b)", "Read"])).toEqual(["Bash(a b)", "Read"]);
  });
  it("absent or malformed", () => {
    expect(parseAllowedTools(undefined)).toBeNull();
    expect(parseAllowedTools(3)).toBeNull();
    expect(parseAllowedTools([1, 2])).toBeNull();
  });
});
