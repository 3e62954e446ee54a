// Every command we propose is one the skill in force allows (the house rule): the report's reruns, its
// compact rerun and crash rerun, the stop gate's "run these tests" and quick check, and the plugin's note at
// the start of a skill turn. Judged by the guard's own skill-mode decision (hooks/guard/decide.ts) with the
// allowed-tools of the skill as it is installed (the SKILL.md the generator writes for the profile, read back
// as the skill-turn hook reads it; for tractor also its own hand-written skill, which init keeps), for each
// shipped profile (tractor, generic, plugin) and each runner a user has (as shipped, a venv, `uv run
// pytest`, tox and nox with posargs, tox as the base when no interpreter proves itself). The reports are
// rendered from the recorded real pytest outputs (test/fixtures/recorded), with the run typed the ways a user
// types it there: the recording's own command, the profile's runner, each of its own test commands, and
// behind `timeout 20`.
import { readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadProfileText } from "../../hooks/core/profile/load.ts";
import type { Profile } from "../../hooks/core/profile/schema.ts";
import { decide as gateDecide } from "../../hooks/gate/decide.ts";
import { bashEntries } from "../../hooks/guard/matcher.ts";
import { guardPolicyFromProfile } from "../../hooks/guard/policy.ts";
import { classifyOutput, composeReport, spellingsOf } from "../../hooks/results/analyze.ts";
import { analyzeCommand } from "../../hooks/results/command.ts";
import {
  allowedSpelling,
  guardJudge,
  pytestSpellings,
  type SkillInForce,
} from "../../hooks/results/proposal.ts";
import { guessRunner, pluginNote } from "../../hooks/runtime/guess-runner.ts";
import { skillAllowedTools } from "../../hooks/runtime/skill-policy.ts";
import { renderSkill } from "../../skills/generator/render.ts";
import { parseRecorded, RECORDED, REPO } from "./helpers.ts";

const RUNNERS: Record<string, string> = {
  "as shipped": "",
  "venv (.venv/bin/python)": "runner:\n  python: .venv/bin/python\n",
  "uv run pytest": "runner:\n  base: uv run pytest\n",
  "tox with posargs": 'runner:\n  commands: ["tox -e py312 --", "tox r -e py312 --"]\n',
  "nox with posargs": 'runner:\n  commands: ["nox -s tests-3.11 --"]\n',
  "tox as the base": 'runner:\n  base: "tox -e py312 --"\n  commands: ["tox -e py312 --"]\n',
};

function profileOf(name: string, runner: string): Profile {
  // The plugin's profile is no built-in name: it is extended by its file.
  const base = name === "plugin" ? join(REPO, "skills/profiles/plugin.yaml") : name;
  const loaded = loadProfileText(`extends: ${base}\n${runner}`, join(tmpdir(), `${name}-variant.yaml`));
  if (!loaded.ok) throw new Error(`${name} ${runner}: ${JSON.stringify(loaded.errors)}`);
  return loaded.profile;
}

async function skillOf(profile: Profile, skillText?: string): Promise<SkillInForce> {
  const text =
    skillText ??
    (renderSkill(profile, { format: "claude-code", profileLabel: "test" }).get("SKILL.md") as string);
  const tools = await skillAllowedTools(text);
  if (!tools) throw new Error("no allowed-tools");
  const policy = guardPolicyFromProfile(profile, tools);
  return {
    judge: guardJudge(policy, { cwd: REPO, projectDir: REPO }),
    spellings: pytestSpellings(policy.runnerBase, policy.runnerAlso),
    allowedBash: bashEntries(tools),
  };
}

const SEED_SKILL = readFileSync(join(REPO, "test/fixtures/skills/seed/run-tests/SKILL.md"), "utf8");

interface Case {
  label: string;
  profile: Profile;
  skill: SkillInForce;
}

async function cases(): Promise<Case[]> {
  const out: Case[] = [];
  for (const name of ["tractor", "generic", "plugin"])
    for (const [runnerName, runner] of Object.entries(RUNNERS)) {
      const profile = profileOf(name, runner);
      out.push({ label: `${name}, ${runnerName}`, profile, skill: await skillOf(profile) });
      if (name === "tractor")
        out.push({
          label: `tractor, ${runnerName}, its own skill`,
          profile,
          skill: await skillOf(profile, SEED_SKILL),
        });
    }
  return out;
}

/** The recorded runs: header and text; the command's runner read off (the recordings use these forms). */
const LEAD = /^(timeout \d+ )?(python -m pytest|pytest|uv run pytest)(?= |$)/;
const recordings = readdirSync(RECORDED)
  .filter((f) => f.endsWith(".txt"))
  .map((f) => ({ name: f.replace(/\.txt$/, ""), ...parseRecorded(readFileSync(join(RECORDED, f), "utf8")) }))
  .filter((r) => LEAD.test(String(r.header.command)));

/** The ways a user types the run: as recorded, with the profile's runner, each own command, behind timeout. */
function typedForms(recorded: string, profile: Profile): string[] {
  const rest = recorded.replace(LEAD, "");
  const runners = [profile.runner.base, ...profile.runner.commands];
  return [
    ...new Set([recorded, ...runners.map((r) => `${r}${rest}`), `timeout 20 ${profile.runner.base}${rest}`]),
  ];
}

/** The commands a text proposes: its backticked spans that run pytest, and the interpreter checks
 *  (`python -c 'import pkg; ...'` of the import-error hint). */
function proposed(text: string, profile: Profile): string[] {
  return [...text.matchAll(/`([^`]+)`/g)]
    .map((m) => m[1] as string)
    .filter(
      (span) =>
        analyzeCommand(span, spellingsOf(profile)).runs.some((r) => !r.maybe) ||
        /^\S*python3? -c /.test(span),
    );
}

describe("every command we propose is one the skill in force allows", async () => {
  const all = await cases();

  it("the report's proposals, on every recorded real output, under every profile, runner and skill", () => {
    const refused: string[] = [];
    let checked = 0;
    for (const { label, profile, skill } of all)
      for (const r of recordings)
        for (const command of typedForms(String(r.header.command), profile)) {
          const exit = Number(r.header.exit);
          const classified = classifyOutput({
            text: exit === 0 ? r.text : `Exit code ${exit}\n${r.text}`,
            fromFailure: exit !== 0,
            command,
            profile,
            report: null,
            skill,
          });
          const composed = composeReport({
            classified,
            profile,
            changedFiles: [],
            tree: null,
            history: [],
            now: new Date("2026-12-07T12:00:00Z"),
            skill,
          });
          for (const p of proposed([composed.text, ...composed.next].join("\n"), profile)) {
            checked++;
            if (!skill.judge(p))
              refused.push(`${label} | ${r.name} | ran \`${command}\` | proposed \`${p}\``);
          }
        }
    expect(refused.slice(0, 20)).toEqual([]);
    // Not vacuous: the recordings do make the report propose commands.
    expect(checked).toBeGreaterThan(500);
  });

  it("the stop gate's command and quick check", () => {
    const refused: string[] = [];
    for (const { label, profile, skill } of all) {
      const source = profile.mapping[0]?.changed[0] ?? "pkg/core.py";
      for (const [changed, testFiles] of [
        [source, ["tests/test_core.py", "tests/ipc/test_chan.py"]],
        ["pkg/zzz_nothing.py", []],
      ] as const) {
        const d = gateDecide({
          profile,
          stopHookActive: false,
          changed: [changed],
          lastChange: () => 0,
          testFiles: () => testFiles,
          ledger: [],
          spell: (c) => allowedSpelling(c, skill.spellings, skill.judge),
          allowedBash: skill.allowedBash,
        });
        if (!d.block) continue;
        const lines = d.reason
          .split("\n")
          .filter((l) => analyzeCommand(l, spellingsOf(profile)).runs.some((r) => !r.maybe));
        expect(lines.length, `${label}: ${d.reason}`).toBeGreaterThan(0);
        for (const l of lines) if (!skill.judge(l)) refused.push(`${label} | ${changed} | \`${l}\``);
      }
    }
    expect(refused).toEqual([]);
  });

  it("the plugin's note at a skill turn names a runner the plugin's skill allows", async () => {
    const plugin = all.find((c) => c.label === "plugin, as shipped") as Case;
    const layouts: Record<string, string[]> = {
      ".venv": [".venv/bin/python"],
      venv: ["venv/bin/python"],
      env: ["env/bin/python"],
      py313: ["py313/bin/python"],
      nox: [".nox/tests-3-11/bin/python"],
      tox: [".tox/py312/bin/python"],
      uv: ["uv.lock", "/bin/uv"],
      "python3 only": ["/bin/python3"],
    };
    const refused: string[] = [];
    for (const [name, files] of Object.entries(layouts)) {
      const exists = (p: string) => files.some((f) => f === p || f.startsWith(`${p}/`));
      const guess = guessRunner({
        exists,
        entries: (folder) => {
          const prefix = folder ? `${folder}/` : "";
          return [
            ...new Set(
              files
                .filter((f) => f.startsWith(prefix))
                .map((f) => f.slice(prefix.length).split("/")[0] as string),
            ),
          ];
        },
        path: "/bin",
      });
      const note = pluginNote(guess, "run-tests");
      for (const span of [...note.matchAll(/`([^`]+) \.\.\.`/g)].map((m) => m[1] as string)) {
        const command = `${span} tests/test_core.py -q`;
        if (!plugin.skill.judge(command)) refused.push(`${name}: \`${command}\``);
      }
    }
    expect(refused).toEqual([]);
  });
});

describe("a rerun keeps the wrappers of the run it repeats, where the skill allows them", async () => {
  const timeoutKill = recordings.find((r) => r.name === "tractor-real-timeout-kill-verbose");
  if (!timeoutKill) throw new Error("the timeout-kill recording is missing");
  expect(timeoutKill.header.command).toBe(
    "timeout 20 python -m pytest tests/test_rpc.py -v -p no:cacheprovider",
  );
  const target = "'tests/test_rpc.py::test_rpc_errors[no_mods]' -v";

  async function reruns(profile: Profile, command: string, withSkill = true): Promise<string[]> {
    const skill = withSkill ? await skillOf(profile) : null;
    const exit = Number(timeoutKill?.header.exit);
    const classified = classifyOutput({
      text: `Exit code ${exit}\n${timeoutKill?.text}`,
      fromFailure: true,
      command,
      profile,
      report: null,
      skill,
    });
    const composed = composeReport({
      classified,
      profile,
      changedFiles: [],
      tree: null,
      history: [],
      now: new Date("2026-12-07T12:00:00Z"),
      skill,
    });
    return [...new Set(proposed(composed.next.join("\n"), profile))];
  }
  const generic = profileOf("generic", "");

  it("`timeout 20 python -m pytest …`: the rerun keeps `timeout 20`", async () => {
    expect(await reruns(generic, String(timeoutKill.header.command))).toEqual([
      `timeout 20 python -m pytest ${target}`,
    ]);
  });

  it("the skill's runner differs (a venv): respelled inside the same bound", async () => {
    const venv = profileOf("generic", RUNNERS["venv (.venv/bin/python)"] as string);
    expect(await reruns(venv, String(timeoutKill.header.command))).toEqual([
      `timeout 20 .venv/bin/python -m pytest ${target}`,
    ]);
    const uv = profileOf("generic", RUNNERS["uv run pytest"] as string);
    expect(await reruns(uv, "timeout -s KILL 20 uv run pytest tests/test_rpc.py -v")).toEqual([
      `timeout -s KILL 20 uv run pytest ${target}`,
    ]);
  });

  it("PYTHONPATH=src stays where the profile allows it, and is dropped (the bound kept) where not", async () => {
    const ran = "PYTHONPATH=src timeout 20 python -m pytest tests/test_rpc.py -v";
    expect(await reruns(generic, ran)).toEqual([`timeout 20 python -m pytest ${target}`]);
    const own = profileOf("generic", 'runner:\n  commands: ["PYTHONPATH=src python -m pytest"]\n');
    expect(await reruns(own, ran)).toEqual([`PYTHONPATH=src timeout 20 python -m pytest ${target}`]);
    const ci = profileOf("generic", "runner:\n  env: [CI=true]\n");
    expect(await reruns(ci, "CI=true timeout 20 python -m pytest tests/test_rpc.py -v")).toEqual([
      `CI=true timeout 20 python -m pytest ${target}`,
    ]);
  });

  it("no skill to judge (no profile installed): as typed, wrappers and all", async () => {
    expect(
      await reruns(generic, "PYTHONPATH=src timeout 20 python -m pytest tests/test_rpc.py -v", false),
    ).toEqual([`PYTHONPATH=src timeout 20 python -m pytest ${target}`]);
  });
});
