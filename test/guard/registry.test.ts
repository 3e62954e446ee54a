// The guard's tables as tables: every rule id decide() returns is a row of data/rules.ts with its family and
// reason template; the per-program handlers are composed from the data tables in the documented order; the
// restricted git forms are rows whose messages come out as written; and the engine's files import no circle.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, expect, it } from "vitest";
import { GIT_RESTRICTED } from "../../hooks/guard/data/git-forms.ts";
import { RULES, type RuleId, ruleFamily } from "../../hooks/guard/data/rules.ts";
import { decide } from "../../hooks/guard/decide.ts";
import { restrictedProblem, splitGitArgs } from "../../hooks/guard/git.ts";
import { aspectsOf } from "../../hooks/guard/programs.ts";
import { RULE_G_DEFER, RULE_G_DENY, SKILL_DENY } from "./corpus.ts";

describe("rule ids come from one table", () => {
  it("every rule the corpora name is a row, with a family and a reason template", () => {
    const named = [...RULE_G_DENY, ...RULE_G_DEFER, ...SKILL_DENY].flatMap((c) => (c.rule ? [c.rule] : []));
    expect(named.length).toBeGreaterThan(50);
    for (const rule of named) expect(Object.hasOwn(RULES, rule), rule).toBe(true);
  });

  it("the git family is exactly the ids whose reason is the human-drives-git advice", () => {
    const ids = Object.keys(RULES) as RuleId[];
    const git = ids.filter((id) => ruleFamily(id) === "git");
    expect(git).toEqual(ids.filter((id) => RULES[id].reason === "git"));
    expect(git).toContain("git-dir-write");
    expect(git).not.toContain("protected-write");
  });

  it("a deny's reason follows its rule's template", () => {
    const git = decide("git commit -m x", { skillActive: false, policy: null });
    expect(git.rule).toBe("git");
    expect(git.reason).toMatch(/\[rule: git\] In this project the user drives git/);
    const code = decide("$(echo git) status", { skillActive: false, policy: null });
    expect(code.rule).toBe("dynamic-command");
    expect(code.reason).toMatch(/\[rule: dynamic-command\] Write the program name literally\./);
  });
});

describe("per-program handlers are composed from the tables, in one order", () => {
  it.each([
    ["git", ["git", "written-script"]],
    ["git-commit", ["git", "written-script"]],
    ["tar", ["code-carrier", "written-script", "writer"]],
    ["pnpm", ["git-driver", "wrapper", "written-script"]],
    ["find", ["find-writes", "wrapper", "written-script"]],
    ["crontab", ["scheduler", "written-script"]],
    ["bash", ["shell", "written-script"]],
    ["eval", ["builtin", "written-script"]],
    ["python3.13", ["written-script", "interpreter"]],
    ["gawk", ["written-script", "text-tool"]],
    ["rm", ["written-script", "writer"]],
    ["ls", ["written-script"]],
  ])("%s -> %j", (name, aspects) => {
    expect(aspectsOf(name)).toEqual(aspects);
  });
});

describe("restricted git forms are rows", () => {
  const judge = (sub: string, line: string) => {
    const values = line ? line.split(" ") : [];
    return restrictedProblem(GIT_RESTRICTED[sub] as never, splitGitArgs(values), values);
  };
  it.each([
    ["branch", "-D x", "`git branch -D` creates, deletes, moves or re-points a branch"],
    ["branch", "new", "`git branch <name>` creates a branch"],
    ["branch", "--contains HEAD", null],
    ["tag", "--points-at HEAD", null],
    ["tag", "v1", "`git tag <name>` creates a tag"],
    ["clean", "-nd", null],
    ["clean", "-fd", "`git clean` deletes untracked files (only `git clean -n` lists them)"],
    ["apply", "--check --3way p", "`git apply --3way` applies the patch"],
    ["remote", "-x", "`git remote -x` is not a read-only form"],
    ["remote", "add o u", "`git remote add` changes the remote configuration"],
    ["config", "--unse x", "`git config --unse` writes the git configuration"],
    ["config", "user.name", null],
    ["reflog", "expire --all", "`git reflog expire` rewrites the reflog"],
    ["symbolic-ref", "HEAD", null],
    ["symbolic-ref", "--delete HEAD", "`git symbolic-ref` with a target (or --delete) moves a ref"],
    [
      "stash",
      "-- list",
      "`git stash` (push, pop, apply, drop, ...) changes the stash, the index and the working tree",
    ],
  ])("git %s %s", (sub, line, problem) => {
    expect(judge(sub, line)).toBe(problem);
  });
});

describe("the engine's files import no circle", () => {
  it("hooks/guard has no import cycle", () => {
    const root = join(import.meta.dirname, "../../hooks/guard");
    const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    const deps = new Map<string, string[]>();
    for (const f of files) {
      const src = readFileSync(join(root, f), "utf8");
      const out = [...src.matchAll(/^(?:import|export)\b[^;]*?\sfrom "(\.[^"]+)"/gm)]
        .map((m) => normalize(join(dirname(f), m[1] as string)))
        .filter((p) => !p.startsWith(".."));
      deps.set(normalize(f), out);
    }
    const state = new Map<string, "open" | "done">();
    const cycles: string[] = [];
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === "done") return;
      if (state.get(f) === "open") {
        cycles.push([...path.slice(path.indexOf(f)), f].join(" -> "));
        return;
      }
      state.set(f, "open");
      for (const d of deps.get(f) ?? []) visit(d, [...path, f]);
      state.set(f, "done");
    };
    for (const f of deps.keys()) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
