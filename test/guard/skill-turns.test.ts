// The skill-turn state: pure transitions, damaged files, and concurrent writers.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { PLUGIN_NAME, pluginSkillMatcher } from "../../bin/build/registration.ts";
import { guardPolicyFromProfile } from "../../hooks/guard/policy.ts";
import {
  emptyTurns,
  invokedSkill,
  isSkillName,
  isSkillTurn,
  MAX_AGE_MS,
  MAX_TURNS,
  parseTurns,
  readTurns,
  recordTurn,
  type Snapshot,
  turnSnapshot,
  turnsPath,
  updateTurns,
} from "../../hooks/runtime/skill-turns.ts";
import { tractorProfile } from "./helpers.ts";

const snap: Snapshot = { policy: guardPolicyFromProfile(tractorProfile()) };
const NOW = 1_800_000_000_000;

describe("pure state", () => {
  it("records a turn and finds it; other prompts are not skill turns", () => {
    const s = recordTurn(emptyTurns(), "p1", { skill: "run-tests", at: NOW }, snap, NOW);
    expect(isSkillTurn(s, "p1", NOW)).toBe(true);
    expect(isSkillTurn(s, "p2", NOW)).toBe(false);
    expect(isSkillTurn(s, undefined, NOW)).toBe(false);
    expect(turnSnapshot(s, "p1").policy?.skillName).toBe("run-tests");
  });
  it("old turns expire and are pruned", () => {
    const s = recordTurn(
      emptyTurns(),
      "old",
      { skill: "run-tests", at: NOW - MAX_AGE_MS - 1 },
      snap,
      NOW - MAX_AGE_MS - 1,
    );
    expect(isSkillTurn(s, "old", NOW)).toBe(false);
    const next = recordTurn(s, "new", { skill: "run-tests", at: NOW }, snap, NOW);
    expect(Object.keys(next.turns)).toEqual(["new"]);
  });
  it("keeps at most MAX_TURNS, newest first, and one shared snapshot", () => {
    let s = emptyTurns();
    for (let i = 0; i < MAX_TURNS + 30; i++)
      s = recordTurn(s, `p${i}`, { skill: "run-tests", at: NOW + i }, snap, NOW + i);
    expect(Object.keys(s.turns)).toHaveLength(MAX_TURNS);
    expect(s.turns[`p${MAX_TURNS + 29}`]).toBeDefined();
    expect(s.turns.p0).toBeUndefined();
    expect(Object.keys(s.policies)).toHaveLength(1);
  });
  it("snapshots no longer used are dropped", () => {
    const other: Snapshot = { problem: "broken" };
    let s = recordTurn(emptyTurns(), "a", { skill: "run-tests", at: NOW }, other, NOW);
    s = recordTurn(s, "a", { skill: "run-tests", at: NOW + 1 }, snap, NOW + 1);
    expect(Object.values(s.policies)).toEqual([snap]);
  });
  it("damaged or foreign JSON parses to an empty (or partial) state, never throws", () => {
    for (const text of [null, "", "{", "[]", "null", '{"version":2}', '{"version":1,"turns":7}'])
      expect(parseTurns(text).turns).toEqual({});
    const partial = parseTurns(
      JSON.stringify({
        version: 1,
        turns: { ok: { skill: "run-tests", at: 1, policy: "k" }, bad: { skill: 3 }, worse: null },
        policies: { k: { problem: "x" }, j: { policy: { allowedTools: "nope" } } },
      }),
    );
    expect(Object.keys(partial.turns)).toEqual(["ok"]);
    expect(Object.keys(partial.policies)).toEqual(["k"]);
  });
  it("a turn without its snapshot reports a problem (the guard then denies in skill mode)", () => {
    const s = parseTurns(
      JSON.stringify({ version: 1, turns: { p: { skill: "run-tests", at: NOW } }, policies: {} }),
    );
    expect(turnSnapshot(s, "p").problem).toMatch(/without a policy/);
  });
  it("a policy survives the JSON round trip exactly", () => {
    const s = recordTurn(emptyTurns(), "p", { skill: "run-tests", at: NOW }, snap, NOW);
    expect(turnSnapshot(parseTurns(JSON.stringify(s)), "p")).toEqual(snap);
  });
});

describe("which hook inputs invoke the skill", () => {
  it("names: plain, plugin-namespaced, with a slash; not others", () => {
    expect(isSkillName("run-tests", "run-tests")).toBe(true);
    expect(isSkillName("run-tests-skill:run-tests", "run-tests")).toBe(true);
    expect(isSkillName("/run-tests", "run-tests")).toBe(true);
    expect(isSkillName("run-tests-x", "run-tests")).toBe(false);
    expect(isSkillName("xrun-tests", "run-tests")).toBe(false);
    expect(isSkillName(":run-tests", "run-tests")).toBe(false);
  });
  it("another plugin's skill of the same name is not ours", () => {
    for (const other of [
      "other:run-tests",
      "/other-plugin:run-tests",
      "run-tests-skill2:run-tests",
      "a.b:run-tests",
    ])
      expect(isSkillName(other, "run-tests"), other).toBe(false);
    expect(isSkillName(`${PLUGIN_NAME}:run-tests`, "run-tests")).toBe(true);
    expect(isSkillName(`${PLUGIN_NAME}:other`, "run-tests")).toBe(false);
  });
  it("agrees with the registration's matcher on every name the matcher can see", () => {
    for (const skill of ["run-tests", "tests"]) {
      const re = new RegExp(pluginSkillMatcher(skill));
      const names = [
        skill,
        `${PLUGIN_NAME}:${skill}`,
        `other:${skill}`,
        `${skill}-x`,
        `x${skill}`,
        `:${skill}`,
        `${PLUGIN_NAME}:`,
        `${PLUGIN_NAME}:${skill}:${skill}`,
        `${PLUGIN_NAME}-x:${skill}`,
      ];
      for (const name of names) expect(isSkillName(name, skill), name).toBe(re.test(name));
    }
  });
  it("events", () => {
    expect(invokedSkill({ hook_event_name: "UserPromptExpansion", command_name: "run-tests" })).toBe(
      "run-tests",
    );
    expect(
      invokedSkill({ hook_event_name: "PreToolUse", tool_name: "Skill", tool_input: { skill: "a" } }),
    ).toBe("a");
    expect(
      invokedSkill({
        hook_event_name: "PostToolUse",
        tool_name: "Skill",
        tool_input: { skill: "a" },
        tool_response: { success: true },
      }),
    ).toBe("a");
    expect(
      invokedSkill({
        hook_event_name: "PostToolUse",
        tool_name: "Skill",
        tool_input: { skill: "a" },
        tool_response: { success: false },
      }),
    ).toBeNull();
    expect(
      invokedSkill({ hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "x" } }),
    ).toBeNull();
    expect(invokedSkill({ hook_event_name: "SessionStart" })).toBeNull();
  });
});

describe("file I/O", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), "turns-"));
    dirs.push(d);
    return join(d, "state");
  };

  it("a missing file reads as empty; a write creates the directory and a small file", () => {
    const dir = tmp();
    expect(readTurns(dir).turns).toEqual({});
    updateTurns(dir, (s) => recordTurn(s, "p", { skill: "run-tests", at: Date.now() }, snap, Date.now()));
    expect(isSkillTurn(readTurns(dir), "p", Date.now())).toBe(true);
    expect(readFileSync(turnsPath(dir), "utf8").length).toBeLessThan(8_000);
  });
  it("a damaged file is replaced by the next write", () => {
    const dir = tmp();
    updateTurns(dir, (s) => s);
    writeFileSync(turnsPath(dir), "{{{{");
    updateTurns(dir, (s) => recordTurn(s, "p", { skill: "run-tests", at: Date.now() }, snap, Date.now()));
    expect(Object.keys(readTurns(dir).turns)).toEqual(["p"]);
  });
  it("concurrent writers in separate processes lose no entry", async () => {
    const dir = tmp();
    const script = `
      import { recordTurn, updateTurns } from ${JSON.stringify(join(import.meta.dirname, "../../hooks/runtime/skill-turns.ts"))};
      const [dir, prefix] = process.argv.slice(2);
      for (let i = 0; i < 12; i++) {
        const now = Date.now();
        updateTurns(dir, (s) => recordTurn(s, prefix + i, { skill: "run-tests", at: now }, { problem: "p" }, now));
      }`;
    const file = join(dir, "..", "writer.mts");
    writeFileSync(file, script);
    await Promise.all(
      ["a", "b", "c", "d"].map((prefix) =>
        execa("node", ["--import", "tsx", file, dir, prefix], { cwd: join(import.meta.dirname, "../..") }),
      ),
    );
    expect(Object.keys(readTurns(dir).turns).sort()).toHaveLength(48); // under MAX_TURNS, so pruning plays no part
  });
});
