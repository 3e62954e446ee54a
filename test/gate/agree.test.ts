// Issue 17 items 1-2 at the decision level: a covering run still in flight is pending coverage (the gate lets
// the agent wait for its notification, never asks for a second run), and every command the gate proposes is
// one the skill in force allows, judged by the guard's own decision in skill mode.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runnerAgreement } from "../../bin/install/own-skill.ts";
import { loadProfile, loadProfileText } from "../../hooks/core/profile/load.ts";
import type { Profile } from "../../hooks/core/profile/schema.ts";
import { decide, type GateInput } from "../../hooks/gate/decide.ts";
import { inFlightRuns } from "../../hooks/gate/in-flight.ts";
import { decide as guardDecide } from "../../hooks/guard/decide.ts";
import { bashEntries, parseAllowedTools } from "../../hooks/guard/matcher.ts";
import { guardPolicyFromProfile } from "../../hooks/guard/policy.ts";
import type { PendingRun } from "../../hooks/results/background.ts";
import { allowedSpelling, guardJudge, pytestSpellings } from "../../hooks/results/proposal.ts";
import { REPO } from "../results/helpers.ts";

/** tractor as it ships: the detected runner py313/bin/python, its own hand-written skill kept. */
function tractorWithVenv(): Profile {
  const loaded = loadProfileText(
    "extends: tractor\nrunner:\n  python: py313/bin/python\n",
    join(REPO, "tractor-py313.yaml"),
  );
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.profile;
}

/** The allowed-tools of tractor's own skill (the seed SKILL.md, kept byte for byte in the fixtures). */
function seedAllowedTools(): string[] {
  const text = readFileSync(join(REPO, "test/fixtures/skills/seed/run-tests/SKILL.md"), "utf8");
  const block = /allowed-tools:\n((?:\s+- .*\n)+)/.exec(text)?.[1] ?? "";
  const tools = parseAllowedTools(
    block
      .split("\n")
      .filter(Boolean)
      .map((l) => l.replace(/^\s+- /, "")),
  );
  if (!tools || tools.length === 0) throw new Error("no allowed-tools in the seed skill");
  return tools;
}

const CHANGED_AT = Date.parse("2026-12-01T10:00:00.000Z");

function gateInput(profile: Profile, over: Partial<GateInput>): GateInput {
  return {
    profile,
    stopHookActive: false,
    changed: ["tractor/ipc/_chan.py"],
    lastChange: () => CHANGED_AT,
    testFiles: () => ["tests/ipc/test_chan.py", "tests/test_2way.py"],
    ledger: [],
    ...over,
  };
}

function pending(command: string, startedAtMs: number, sessionId = "s1"): PendingRun {
  return { taskId: "bq1x2", toolUseId: "toolu_1", command, cwd: REPO, sessionId, startedAtMs, moved: false };
}

describe("a covering run still in flight (item 1)", () => {
  const profile = tractorWithVenv();
  const inflight = (command: string, start = CHANGED_AT + 60_000, session = "s1") =>
    inFlightRuns([pending(command, start, session)], {
      profile,
      root: REPO,
      projectDir: REPO,
      sessionId: "s1",
    });

  it("the background run of the mapped tests: no block, the why names the task", () => {
    const d = decide(
      gateInput(profile, { inFlight: inflight("python -m pytest tests/ipc tests/test_2way.py -q") }),
    );
    expect(d.block).toBe(false);
    expect(d.block ? "" : d.why).toMatch(/still in flight \(background task bq1x2\)/);
  });

  it("a background run from the root (the full suite) covers too", () => {
    expect(decide(gateInput(profile, { inFlight: inflight("python -m pytest -q") })).block).toBe(false);
  });

  it("started before the edit, of another session, or narrowed with -k: not pending coverage", () => {
    for (const runs of [
      inflight("python -m pytest tests/ipc tests/test_2way.py", CHANGED_AT - 1000),
      inflight("python -m pytest tests/ipc tests/test_2way.py", CHANGED_AT + 60_000, "other-session"),
      inflight("python -m pytest tests/ipc tests/test_2way.py -k chan"),
    ])
      expect(decide(gateInput(profile, { inFlight: runs })).block).toBe(true);
  });

  it("covering only part: the gate asks for the rest and says to wait for the task, never to start it again", () => {
    const d = decide(gateInput(profile, { inFlight: inflight("python -m pytest tests/ipc -q") }));
    expect(d.block).toBe(true);
    if (!d.block) return;
    expect(d.command).toContain("tests/test_2way.py");
    expect(d.command).not.toContain("tests/ipc/");
    expect(d.reason).toMatch(
      /Background task bq1x2 already runs tests .* wait for its notification, do not start it again/,
    );
  });
});

describe("the proposal is one the skill in force allows (item 2)", () => {
  const profile = tractorWithVenv();
  const tools = seedAllowedTools();
  const policy = guardPolicyFromProfile(profile, tools);
  const judge = guardJudge(policy, { cwd: REPO, projectDir: REPO });
  const spell = (command: string) =>
    allowedSpelling(command, pytestSpellings(policy.runnerBase, policy.runnerAlso), judge);

  it("the guard refuses the detected runner under tractor's own skill (the field trial's deny)", () => {
    expect(profile.runner.base).toBe("py313/bin/python -m pytest");
    expect(judge("py313/bin/python -m pytest tests/test_2way.py -x --tb=short")).toBe(false);
  });

  it("the gate proposes `python -m pytest …`, which the guard allows", () => {
    const d = decide(gateInput(profile, { spell, allowedBash: bashEntries(tools) }));
    expect(d.block).toBe(true);
    if (!d.block) return;
    expect(d.command.startsWith("python -m pytest tests/ipc/ tests/test_2way.py")).toBe(true);
    expect(judge(d.command)).toBe(true);
    expect(d.reason).toContain(d.command);
    expect(d.reason).not.toContain("py313/bin/python -m pytest");
  });

  it("no spelling allowed: the reason says so plainly and names what the skill allows", () => {
    const gitOnly = ["Bash(git status *)", "Read"];
    const strict = guardJudge(guardPolicyFromProfile(profile, gitOnly), { cwd: REPO, projectDir: REPO });
    const d = decide(
      gateInput(profile, {
        spell: (c) => allowedSpelling(c, pytestSpellings(profile.runner.base, profile.runner.also), strict),
        allowedBash: bashEntries(gitOnly),
      }),
    );
    expect(d.block && d.reason).toMatch(/allows none of the spellings .*Bash\(git status \*\)/);
  });

  it("init says so when the profile's runner and the own skill disagree", () => {
    const seedText = readFileSync(join(REPO, "test/fixtures/skills/seed/run-tests/SKILL.md"), "utf8");
    const lines = runnerAgreement(seedText, profile);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/runner `py313\/bin\/python -m pytest` is not in your skill's allowed-tools/);
    expect(lines[0]).toMatch(/propose `python -m pytest tests\//);
    const shipped = loadProfile("tractor");
    if (!shipped.ok) throw new Error("tractor");
    expect(runnerAgreement(seedText, shipped.profile)).toEqual([]);
  });

  it("a command already allowed is left as written", () => {
    expect(spell("python -m pytest tests/test_2way.py -q")).toEqual({
      ok: true,
      command: "python -m pytest tests/test_2way.py -q",
    });
  });
});

describe("the guard's reasons say what the skill in force allows (item 4)", () => {
  const tractor = tractorWithVenv();
  const where = { cwd: REPO, projectDir: REPO };
  const shipped = loadProfile("tractor");
  if (!shipped.ok) throw new Error("tractor");
  const generated = guardPolicyFromProfile(shipped.profile);
  const generatedVenv = guardPolicyFromProfile(tractor);
  const seed = guardPolicyFromProfile(tractor, seedAllowedTools());

  it("`CI=true python -m pytest` in the generated skill's mode: allowed (runner.env lists CI, the debugger gotcha)", () => {
    expect(tractor.runner.env).toContain("CI=true");
    for (const command of ["CI=true python -m pytest tests/devx -x"])
      expect(guardDecide(command, { skillActive: true, policy: generated, where }).decision).toBe("allow");
    expect(
      guardDecide("CI=1 py313/bin/python -m pytest tests/devx", {
        skillActive: true,
        policy: generatedVenv,
        where,
      }).decision,
    ).toBe("allow");
    // Any other prefix still has to be written in a pattern.
    expect(
      guardDecide("FOO=1 python -m pytest tests", { skillActive: true, policy: generated, where }).decision,
    ).toBe("deny");
  });

  it("`git status` under tractor's own skill: denied as not in its allowed-tools", () => {
    const d = guardDecide("git status", { skillActive: true, policy: seed, where });
    expect(d.decision).toBe("deny");
    expect(d.reason).toMatch(/not covered by the skill's allowed-tools/);
  });

  it("a git mutation under tractor's own skill: the reason names the read-only git that skill allows, no more", () => {
    const d = guardDecide("git add -A", { skillActive: true, policy: seed, where });
    expect(d.decision).toBe("deny");
    expect(d.reason).not.toMatch(/Read-only git is fine/);
    expect(d.reason).toContain("Read-only git the skill in force allows: git rev-parse.");
    // Outside skill mode the general sentence stays.
    expect(guardDecide("git add -A", { skillActive: false, policy: seed, where }).reason).toMatch(
      /Read-only git is fine/,
    );
  });
});
