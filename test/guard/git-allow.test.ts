// git.allow: the git forms the maintainers let the agent run in their repo. The guard allows exactly the listed
// forms (in every position the git rule looks at), denies everything else as before, and names the key.
import { describe, expect, it } from "vitest";
import { loadProfileText } from "../../hooks/core/profile/load.ts";
import { type DecideContext, decide, GIT_ALLOW_KEY } from "../../hooks/guard/decide.ts";
import { guardPolicyFromProfile, lightPolicy, parseGuardPolicy } from "../../hooks/guard/policy.ts";

function policyWith(allow: string[] | null) {
  const yaml = [
    "extends: generic",
    "project: { name: sample, tests_dir: tests }",
    ...(allow ? [`git: { allow: [${allow.map((a) => JSON.stringify(a)).join(", ")}] }`] : []),
  ].join("\n");
  const loaded = loadProfileText(yaml, "/tmp/git-allow/profile.yaml");
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return guardPolicyFromProfile(loaded.profile);
}

const listed = policyWith(["stash", "mv", "worktree add"]);
const none = policyWith(null);
const outside = (policy = listed): DecideContext => ({ skillActive: false, policy });

describe("git.allow", () => {
  it("defaults to none: git stash and git mv are denied, and the reason names the key", () => {
    expect(none.gitAllow).toEqual([]);
    for (const command of ["git stash", "git stash pop", "git mv a b"]) {
      const d = decide(command, outside(none));
      expect(d.decision, command).toBe("deny");
      expect(d.reason).toContain(`to ${GIT_ALLOW_KEY} in the run-tests profile`);
      expect(d.reason).toContain("do not change the profile yourself");
    }
    expect(decide("git stash pop", outside(none)).reason).toContain("add `stash` to git.allow");
  });

  it.each([
    "git stash",
    "git stash pop",
    "git stash push -m wip",
    "git -C sub stash list",
    "git mv old.py new.py",
    "git worktree add ../wt",
    "timeout 5 git stash",
    "sh -c 'git stash'",
    "echo $(git stash)",
    "git status && git stash && git stash pop",
  ])("allows the listed form %j outside skill mode", (command) => {
    expect(decide(command, outside()).decision).toBe("defer");
  });

  it.each([
    ["git commit -m x", "git"],
    ["git add -A", "git"],
    ["git worktree remove ../wt", "git"],
    ["git stash $(echo drop)", "git-dynamic"],
    ["git -c alias.stash=commit stash", "git-config"],
    ["GIT_DIR=/tmp/x git stash", "git-env"],
    ["git stash && git reset --hard", "git"],
    ["git -C ../other stash", "git"],
    // Another repository's configuration can run programs: refused before git.allow is asked (issue 11).
    ["git --git-dir=/elsewhere/.git stash", "git-config"],
    ["git --work-tree /x mv a b", "git-config"],
  ])("still denies %j (rule %s)", (command, rule) => {
    const d = decide(command, outside());
    expect(d.decision, d.reason).toBe("deny");
    expect(d.rule).toBe(rule);
  });

  it("in skill mode a listed form still needs the skill's allowed-tools", () => {
    const d = decide("git stash", { skillActive: true, policy: listed });
    expect(d.decision).toBe("deny");
    expect(d.rule).toBe("skill-allowlist");
    const withTool = {
      ...listed,
      allowedTools: [...listed.allowedTools, "Bash(git stash *)", "Bash(git stash)"],
    };
    expect(decide("git stash", { skillActive: true, policy: withTool }).decision).toBe("allow");
  });

  it("outside skill mode with no policy, the list comes from the lazy reader (the hook's hot path)", () => {
    let reads = 0;
    const ctx: DecideContext = {
      skillActive: false,
      policy: null,
      gitAllow: () => {
        reads++;
        return ["stash"];
      },
    };
    expect(decide("git status", ctx).decision).toBe("defer");
    expect(reads).toBe(0); // read-only git never reads the profile
    expect(decide("git stash", ctx).decision).toBe("defer");
    expect(decide("git commit -m x", ctx).decision).toBe("deny");
    expect(reads).toBeGreaterThan(0);
  });

  it("is read from the compiled profile without the schema, and survives the skill-turn snapshot", () => {
    expect(
      lightPolicy({ profile: { skill: { name: "run-tests" }, git: { allow: ["stash"] } } })?.gitAllow,
    ).toEqual(["stash"]);
    expect(
      lightPolicy({ profile: { skill: { name: "run-tests" }, git: { allow: "stash" } } })?.gitAllow,
    ).toEqual([]);
    expect(parseGuardPolicy(JSON.parse(JSON.stringify(listed)))?.gitAllow).toEqual([
      "stash",
      "mv",
      "worktree add",
    ]);
    const { gitAllow: _, ...older } = listed; // a snapshot written before the key existed
    expect(parseGuardPolicy(JSON.parse(JSON.stringify(older)))?.gitAllow).toEqual([]);
  });

  it("rejects an entry that is not a git form", () => {
    for (const bad of ["-c x", "stash  pop", "Stash", ""]) {
      const loaded = loadProfileText(
        `extends: generic\nproject: { name: s, tests_dir: tests }\ngit: { allow: [${JSON.stringify(bad)}] }\n`,
        "/tmp/git-allow/profile.yaml",
      );
      expect(loaded.ok, bad).toBe(false);
    }
  });
});
