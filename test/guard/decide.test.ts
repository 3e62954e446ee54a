// The guard's contract through the pure decide(): every evasion class in several spellings and positions,
// the read-only git forms, and the tractor profile's own commands in skill mode.
import { describe, expect, it } from "vitest";
import { loadProfile } from "../../hooks/core/profile/load.ts";
import { decide, type GuardDecision, MAX_COMMAND_LENGTH } from "../../hooks/guard/decide.ts";
import { guardPolicyFromProfile } from "../../hooks/guard/policy.ts";
import {
  type Case,
  FIXTURE_SKILL,
  FIXTURE_SKILL_TOOLS,
  GIT_SPELLINGS,
  MUTATIONS,
  POSITIONS,
  RULE_G_DEFER,
  RULE_G_DENY,
  SKILL_ALLOW,
  SKILL_DENY,
} from "./corpus.ts";

function tractor() {
  const loaded = loadProfile("tractor");
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.profile;
}
const policy = guardPolicyFromProfile(tractor());
const outside = { skillActive: false, policy };
const inSkill = { skillActive: true, policy };

function check(d: GuardDecision, c: Case): void {
  const where = `${JSON.stringify(c.command)} (${c.why}) -> ${d.decision}/${d.rule}: ${d.reason}`;
  expect(d.decision, where).toBe(c.expect);
  if (c.rule) expect(d.rule, where).toBe(c.rule);
  if (d.decision === "deny") expect(d.reason, where).toMatch(/^run-tests guard: /);
}

describe("rule G: a git mutation in any position is denied", () => {
  const cases = MUTATIONS.flatMap((m) => POSITIONS.map((p) => p.replaceAll("{M}", m)));
  it.each(cases)("%j", (command) => {
    for (const ctx of [outside, inSkill]) {
      const d = decide(command, ctx);
      expect(d.decision, `${command}: ${d.rule} ${d.reason}`).toBe("deny");
    }
  });
});

describe("rule G: spellings of the git program", () => {
  it.each(GIT_SPELLINGS)("%j commit is denied, status is not", (git) => {
    const denied = decide(`${git} commit -m x`, outside);
    expect(denied.decision, denied.reason).toBe("deny");
    expect(denied.rule).toBe("git");
    const read = decide(`${git} status`, outside);
    expect(read.decision, read.reason).toBe("defer");
  });
});

describe("rule G outside skill mode: denied", () => {
  it.each(RULE_G_DENY.map((c) => [c.command, c] as const))("%j", (_command, c) =>
    check(decide(c.command, outside), c),
  );
});

describe("rule G outside skill mode: read-only git and non-git commands get no decision", () => {
  it.each(RULE_G_DEFER.map((c) => [c.command, c] as const))("%j", (_command, c) =>
    check(decide(c.command, outside), c),
  );
});

describe("skill mode (tractor): allowed", () => {
  it.each(SKILL_ALLOW.map((c) => [c.command, c] as const))("%j", (_command, c) =>
    check(decide(c.command, inSkill), c),
  );
});

describe("skill mode (tractor): denied", () => {
  it.each(SKILL_DENY.map((c) => [c.command, c] as const))("%j", (_command, c) =>
    check(decide(c.command, inSkill), c),
  );
});

describe("skill mode with the captured fixture skill's allowed-tools (legacy :* patterns)", () => {
  const fixture = { skillActive: true, policy: guardPolicyFromProfile(tractor(), FIXTURE_SKILL_TOOLS) };
  it.each(FIXTURE_SKILL.map((c) => [c.command, c] as const))("%j", (_command, c) =>
    check(decide(c.command, fixture), c),
  );
});

describe("every command the tractor profile itself tells the agent to run is allowed in skill mode", () => {
  const profile = tractor();
  const commands = [
    ...profile.preflight.flatMap((c) => [...c.run, ...(c.fix ?? [])]),
    ...profile.quick_checks.flatMap((c) => c.run),
    ...profile.examples.flatMap((e) => (e.command ? [e.command] : [])),
    ...(profile.path_resolution.commands ?? []),
    ...(profile.show_changes ?? []),
  ]
    .filter((c) => !c.startsWith("# "))
    // <MINOR> is a placeholder the reader fills in (py313 for Python 3.13).
    .map((c) => c.replaceAll("<MINOR>", "313"));
  it("has commands to check", () => expect(commands.length).toBeGreaterThan(8));
  it.each(commands)("%j", (command) => {
    const d = decide(command, inSkill);
    expect(d.decision, d.reason).toBe("allow");
  });
});

describe("deny reasons", () => {
  it("git: names the command, says the user drives git, keeps changes unstaged, suggests the commit skill as optional", () => {
    const d = decide("true && git commit -am 'fix'", outside);
    expect(d.reason).toContain("`git commit -am 'fix'`");
    expect(d.reason).toMatch(/user drives git/);
    expect(d.reason).toMatch(/unstaged/);
    expect(d.reason).toMatch(/\/commit-msg .*if they have that skill/);
    expect(d.reason).toContain("[rule: git]");
  });
  it("git without a profile still suggests /commit-msg; a profile without the skill suggests none", () => {
    expect(decide("git add .", { skillActive: false, policy: null }).reason).toContain("/commit-msg");
    const generic = loadProfile("generic");
    if (!generic.ok) throw new Error("generic profile");
    const d = decide("git add .", { skillActive: false, policy: guardPolicyFromProfile(generic.profile) });
    expect(d.decision).toBe("deny");
    expect(d.reason).not.toContain("/commit-msg");
  });
  it("the commit skill name comes from the profile", () => {
    const p = { ...policy, commitMessageSkill: "/write-commit" };
    expect(decide("git commit", { skillActive: false, policy: p }).reason).toContain("/write-commit");
  });
  it("pytest spelled differently: the allowed form of the same intent", () => {
    const d = decide("pytest -q tests/test_rpc.py", inSkill);
    expect(d.reason).toContain("`python -m pytest -q tests/test_rpc.py`");
    expect(d.reason).toContain("Allowed here: Bash(python -m pytest *)");
  });
  it("a pipe after pytest: run pytest without the pipe", () => {
    const d = decide("python -m pytest -x | tail -5", inSkill);
    expect(d.reason).toContain("`tail -5`");
    expect(d.reason).toContain("Run `python -m pytest -x` on its own, without the pipe");
  });
  it("project option values: names the valid values", () => {
    const d = decide("python -m pytest --spawn-backend bar", inSkill);
    expect(d.reason).toContain("valid values: trio, mp_spawn, mp_forkserver");
  });
  it("closed options: lists the project's options", () => {
    expect(decide("python -m pytest --nope", inSkill).reason).toContain("--tpt-proto");
  });
  it("computed command names say why", () => {
    expect(decide("$G status", outside).reason).toMatch(/computed at run time/);
  });
  it("long commands are clipped in the reason", () => {
    const d = decide(`git commit -m '${"x".repeat(5000)}'`, outside);
    expect(d.reason.length).toBeLessThan(1500);
  });
});

describe("no or broken profile", () => {
  it("git rule still works without a policy", () => {
    expect(decide("git push", { skillActive: false, policy: null }).decision).toBe("deny");
    expect(decide("git push", { skillActive: true, policy: null }).rule).toBe("git");
    expect(decide("ls", { skillActive: false, policy: null }).decision).toBe("defer");
  });
  it("skill mode without a policy denies with the problem and how to fix it", () => {
    const d = decide("python -m pytest", {
      skillActive: true,
      policy: null,
      policyProblem: "profile.json: invalid profile at runner.base",
    });
    expect(d.decision).toBe("deny");
    expect(d.rule).toBe("profile");
    expect(d.reason).toContain("invalid profile at runner.base");
    expect(d.reason).toMatch(/run-tests-skill (doctor|init)/);
  });
});

describe("edge inputs", () => {
  it("empty and blank commands", () => {
    expect(decide("", outside).decision).toBe("defer");
    expect(decide("   \n ", outside).decision).toBe("defer");
    expect(decide("", inSkill).decision).toBe("allow");
  });
  it("words that name Object.prototype members are plain words", () => {
    for (const word of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      expect(decide(`${word} x`, outside).rule).not.toBe("internal-error");
      expect(decide(`git ${word}`, outside)).toMatchObject({ decision: "deny", rule: "git" });
      expect(decide(`nice ${word} x`, outside).rule).not.toBe("internal-error");
      expect(decide(`python -m pytest --${word}`, inSkill).rule).toBe("pytest-option");
      expect(decide(`python -m pytest -p ${word}`, inSkill).decision).toBe("allow");
    }
  });
  it("comments: # starts a comment only at a word start", () => {
    expect(decide("ls # git add .", outside).decision).toBe("defer");
    expect(decide("echo a#b; git add .", outside).decision).toBe("deny");
  });
  it("a command longer than the limit is refused at once in every mode, with a reason", () => {
    const big = "x".repeat(MAX_COMMAND_LENGTH);
    for (const command of [`git status ${big}`, `echo ${big}`]) {
      const d = decide(command, outside);
      expect(d).toMatchObject({ decision: "deny", rule: "too-long" });
      expect(d.reason).toMatch(/Split it into several shorter commands/);
    }
  });
  it("1 MB of many simple commands is decided (not refused), and a git mutation among them is found", () => {
    const unit = "echo a > out.txt; ls -la src | grep foo && cat a.txt\n";
    const many = unit.repeat(Math.ceil((1024 * 1024) / unit.length));
    expect(many.length).toBeLessThanOrEqual(MAX_COMMAND_LENGTH);
    expect(decide(many, outside)).toMatchObject({ decision: "defer", rule: "not-guarded" });
    expect(decide(`${many}git add .\n`, outside)).toMatchObject({ decision: "deny", rule: "git" });
  });
  it("deep nesting of -c strings is refused past the bound", () => {
    let cmd = "git status";
    for (let i = 0; i < 12; i++) cmd = `bash -c ${JSON.stringify(cmd)}`;
    const d = decide(cmd, outside);
    expect(d.decision).toBe("deny");
    expect(d.rule).toBe("nesting");
  });
  it("stacked wrappers are followed, and refused past the bound", () => {
    expect(decide(`${"nice ".repeat(10)}git add .`, outside).decision).toBe("deny");
    expect(decide(`${"nice ".repeat(10)}git status`, outside).decision).toBe("defer");
    expect(decide(`${"nice ".repeat(40)}ls`, outside).rule).toBe("nesting");
  });
});

describe("pytest output options never point into .git/, whatever the option tables know", () => {
  const generic = loadProfile("generic");
  if (!generic.ok) throw new Error("generic profile");
  const profiles = [
    ["tractor (closed options)", policy],
    ["generic (open options)", guardPolicyFromProfile(generic.profile)],
  ] as const;
  const targets = [".git/hooks/pre-commit", ".GIT/hooks/pre-commit", "sub/.git/r.xml"];
  const spellings = ["--junitxml", "--junit-xml"];
  const forms = spellings.flatMap((o) => targets.flatMap((t) => [`${o}=${t}`, `${o} ${t}`]));
  for (const [name, p] of profiles) {
    const ctx = { skillActive: true, policy: p };
    it.each(forms)(`${name}: python -m pytest tests %s is denied`, (form) => {
      const d = decide(`python -m pytest tests ${form}`, ctx);
      expect(d.decision, d.reason).toBe("deny");
      expect(d.rule).toBe("git-dir-write");
      expect(d.reason).toMatch(/`--junit-?xml` points into \.git\//);
      // The always-on git rule: outside the skill too.
      const outside = decide(`python -m pytest tests ${form}`, { skillActive: false, policy: p });
      expect(outside.decision, outside.reason).toBe("deny");
      expect(outside.rule).toBe("git-dir-write");
    });
    it(`${name}: both spellings still write reports under the temp dir, not into the project`, () => {
      for (const o of spellings) {
        for (const form of [`${o}=/tmp/reports/r.xml`, `${o} /tmp/reports/r.xml`])
          expect(decide(`python -m pytest tests ${form}`, ctx).decision, form).toBe("allow");
        for (const form of [`${o}=reports/r.xml`, `${o} reports/r.xml`]) {
          const d = decide(`python -m pytest tests ${form}`, ctx);
          expect(d, form).toMatchObject({ decision: "deny", rule: "skill-effect" });
          expect(d.reason).toMatch(/\/tmp\/run-tests/);
        }
      }
    });
    it(`${name}: the other output options, attached and separate`, () => {
      for (const o of ["--debug", "--log-file", "--basetemp", "--resultlog", "--report-log"])
        for (const form of [`${o}=.git/x`, `${o} .git/x`]) {
          const d = decide(`python -m pytest tests ${form}`, ctx);
          expect(d.decision, `${form}: ${d.reason}`).toBe("deny");
          expect(d.reason).toContain(`\`${o}\` points into .git/`);
        }
    });
  }
  it("--debug takes the next word as its file (argparse nargs='?'), but not a following option", () => {
    const ctx = { skillActive: true, policy: guardPolicyFromProfile(generic.profile) };
    expect(decide("python -m pytest --debug .git/hooks/pre-commit", ctx).decision).toBe("deny");
    expect(decide("python -m pytest --debug -x tests", ctx).decision).toBe("allow");
  });
  it("closed options: the hidden aliases are pytest options, not unknown ones", () => {
    for (const alias of [
      "--junitxml=/tmp/r.xml",
      "--junitprefix=x",
      "--collectonly",
      "--setupshow",
      "--fulltrace",
    ])
      expect(decide(`python -m pytest ${alias}`, inSkill).decision, alias).toBe("allow");
  });
});

describe(".git in any case is git's directory (case-insensitive file systems)", () => {
  const oneLiners = [
    `python3 -c "open('.GIT/hooks/pre-commit','w')"`,
    `python3 -c "open('.Git/config','a')"`,
    `node -e "require('fs').writeFileSync('.GIT/hooks/pre-commit','x')"`,
    `perl -e 'open(F, ">.gIt/hooks/pre-push")'`,
  ];
  it.each(oneLiners)("%j is denied outside skill mode and in it", (command) => {
    for (const ctx of [outside, { skillActive: false, policy: null }, inSkill]) {
      const d = decide(command, ctx);
      expect(d.decision, d.reason).toBe("deny");
    }
    expect(decide(command, outside).reason).toContain("names a path in .git");
  });
  it("redirections and writers agree", () => {
    for (const command of ["echo x > .GIT/hooks/pre-commit", "cp hook .Git/hooks/pre-commit"])
      expect(decide(command, outside).decision, command).toBe("deny");
  });
  it("look-alikes are not .git", () => {
    for (const command of [
      `python3 -c "open('.GITIGNORE').read()"`,
      `python3 -c "print(open('.github/x').read())"`,
    ])
      expect(decide(command, outside).decision, command).toBe("defer");
  });
});

describe("the commit-message skill is asked for lazily, only for a git reason", () => {
  it("called once for a git deny, never for a defer or a non-git deny", () => {
    let calls = 0;
    const ctx = {
      skillActive: false,
      policy: null,
      commitMessageSkill: () => {
        calls++;
        return "/my-commit";
      },
    };
    expect(decide("ls", ctx).decision).toBe("defer");
    expect(decide("$G status", ctx).decision).toBe("deny");
    expect(calls).toBe(0);
    const d = decide("git commit -m x", ctx);
    expect(calls).toBe(1);
    expect(d.reason).toContain("the user may want to run /my-commit for a commit message");
  });
  it("undefined: no commit skill; same text as a profile without one", () => {
    const none = decide("git add .", {
      skillActive: false,
      policy: null,
      commitMessageSkill: () => undefined,
    });
    const generic = loadProfile("generic");
    if (!generic.ok) throw new Error("generic profile");
    const viaPolicy = decide("git add .", {
      skillActive: false,
      policy: guardPolicyFromProfile(generic.profile),
    });
    expect(none.reason).toBe(viaPolicy.reason);
    expect(none.reason).toContain("summarise what changed so the user can review and commit it");
  });
  it("the sandbox barrier is asked only for a git reason, and then named in it", () => {
    let calls = 0;
    const ctx = {
      ...outside,
      sandboxBarrier: () => {
        calls++;
        return true;
      },
    };
    expect(decide("ls", ctx).decision).toBe("defer");
    expect(calls).toBe(0);
    expect(decide("git commit -m x", ctx).reason).toContain("A workaround would fail as well");
    expect(calls).toBe(1);
    expect(decide("git commit -m x", { ...ctx, sandboxBarrier: () => false }).reason).not.toContain(
      "sandbox",
    );
  });
  it("the profile's policy wins over the lazy lookup", () => {
    const d = decide("git add .", { ...outside, commitMessageSkill: () => "/other" });
    expect(d.reason).toContain("/commit-msg");
    expect(d.reason).not.toContain("/other");
  });
});

describe("the fallback 'what to do instead' is one text, and only in skill mode", () => {
  it("a finding without advice gets the allow-list (decide's fallback)", () => {
    const d = decide("crontab x", {
      skillActive: true,
      policy: { ...policy, allowedTools: ["Bash(crontab *)"] },
    });
    expect(d.rule).toBe("scheduler");
    expect(d.reason).toMatch(/\[rule: scheduler\] Allowed here: Bash\(crontab \*\)\.$/);
  });
  it("no Bash entries: says so", () => {
    const d = decide("crontab x", { skillActive: true, policy: { ...policy, allowedTools: ["Read"] } });
    expect(d.decision).toBe("deny");
    expect(d.reason).toContain("No Bash commands are allowed while the skill runs.");
  });
  it("outside skill mode a non-git deny does not list the skill's allow-list", () => {
    const d = decide("crontab x", outside);
    expect(d).toMatchObject({ decision: "deny", rule: "scheduler" });
    expect(d.reason).not.toContain("Allowed here");
    expect(d.reason).toMatch(/\[rule: scheduler\]$/);
  });
});
