// `import`: a profile drafted from a hand-written skill. On the seed (a verbatim copy of tractor's early skill)
// and on a synthetic skill with the section structure of tractor's 632-line one (tractor.md §5.1): the draft
// validates, the skill generated from it carries the original's facts, and what did not fit is listed.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { main } from "../../bin/cli/main.ts";
import { loadProfileText } from "../../hooks/core/profile/load.ts";
import type { Profile } from "../../hooks/core/profile/schema.ts";
import { skillAllowedTools } from "../../hooks/runtime/skill-policy.ts";
import { renderSkill } from "../../skills/generator/render.ts";
import { importSkill } from "../../skills/importer/import.ts";
import { validateSkillDir } from "../../skills/validator/validate.ts";
import { fakeIO } from "../setup/cli-io.ts";
import { tempDir } from "./helpers.ts";

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/skills/${name}/run-tests/SKILL.md`, import.meta.url));
const SEED = fixture("seed");
const TRACTOR_SHAPE = fixture("tractor-structure");

function draft(file: string): { profile: Profile; unmapped: string[]; skill: string } {
  const { profile, unmapped } = importSkill(readFileSync(file, "utf8"));
  const loaded = loadProfileText(JSON.stringify(profile), "/tmp/import-test/profile.yaml");
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const skill = renderSkill(loaded.profile, { format: "claude-code", profileLabel: "profile.yaml" }).get(
    "SKILL.md",
  );
  return { profile: loaded.profile, unmapped, skill: skill ?? "" };
}

describe("import on the seed", () => {
  const seedText = readFileSync(SEED, "utf8");
  const { profile, unmapped, skill } = draft(SEED);

  it("keeps the skill's allowed-tools, name, argument hint and commit-message skill", async () => {
    expect(profile.allowed_tools).toEqual(await skillAllowedTools(seedText));
    expect(profile.skill).toMatchObject({
      name: "run-tests",
      argument_hint: "[test-path-or-pattern] [--opts]",
      commit_message_skill: "/commit-msg",
    });
    expect(profile.project).toMatchObject({ name: "tractor", package: "tractor", tests_dir: "tests" });
  });

  it("maps the options table: project options with their values and defaults, pytest's own apart", () => {
    const byFlag = Object.fromEntries(profile.options.project.map((o) => [o.flag, o]));
    expect(Object.keys(byFlag)).toEqual(["--ll", "--tpdb", "--tpt-proto", "--spawn-backend"]);
    expect(byFlag["--tpdb"]?.aliases).toEqual(["--debug-mode"]);
    expect(byFlag["--tpt-proto"]).toMatchObject({
      value_name: "key",
      values: ["tcp", "uds"],
      default: "tcp",
    });
    expect(byFlag["--spawn-backend"]?.values).toEqual(["trio", "mp_spawn", "mp_forkserver"]);
    expect(byFlag["--ll"]?.values).toBeUndefined(); // "e.g." lists examples, not the closed set
    expect(profile.options.pytest.map((o) => o.flag)).toEqual(["-k", "-v", "-s"]);
  });

  it("keeps a glob inside a code span", () => {
    expect(profile.path_resolution.rules).toContain("Glob if needed: tests/**/test_*<pattern>*.py");
  });

  it("maps default flags, timeouts, the layout, the mapping and the known-flaky table", () => {
    expect(profile.runner.base).toBe("python -m pytest");
    expect(profile.runner.default_flags.map((f) => f.flag)).toEqual(["-x", "--tb=short", "--no-header"]);
    expect(profile.runner.timeouts).toEqual({ suite_ms: 600_000, file_ms: 120_000 });
    expect(profile.layout).toHaveLength(13);
    expect(profile.mapping).toHaveLength(11);
    expect(profile.mapping[0]).toEqual({
      changed: ["runtime/_runtime.py", "runtime/_state.py"],
      tests: [
        "tests/test_local.py",
        "tests/test_rpc.py",
        "tests/test_spawning.py",
        "tests/test_root_runtime.py",
      ],
    });
    expect(profile.mapping.find((m) => m.changed[0] === "devx/debug/")).toMatchObject({
      tests: ["tests/devx/test_debugger.py"],
      note: "slow!",
    });
    expect(profile.known_flaky.map((f) => [f.path, f.name, f.params, f.signatures])).toEqual([
      [
        "tests/devx/test_debugger.py",
        "test_multi_nested_subactors_error_through_nurseries",
        undefined,
        ["pexpect.exceptions.TIMEOUT"],
      ],
      ["tests/test_cancellation.py", "test_cancel_via_SIGINT_other_task", undefined, ["trio.TooSlowError"]],
      [
        "tests/test_inter_peer_cancellation.py",
        "test_peer_spawns_and_cancels_service_subactor",
        undefined,
        ["trio.TooSlowError"],
      ],
      ["tests/test_docs_examples.py", "test_example", ["we_are_processes.py"], ["assert None == 0"]],
    ]);
  });

  it("generates a skill that carries the seed's facts", () => {
    for (const fact of [
      "python -m pytest",
      "`-x`",
      "`--tb=short`",
      "`--no-header`",
      "--tpt-proto",
      "--spawn-backend",
      "mp_forkserver",
      "--debug-mode",
      "--ll",
      "test_multi_nested_subactors_error_through_nurseries",
      "test_cancel_via_SIGINT_other_task",
      "test_peer_spawns_and_cancels_service_subactor",
      "we_are_processes.py",
      "runtime/_supervise.py",
      "tests/test_remote_exc_relay.py",
      "test_infected_asyncio.py",
      "python -m pytest --lf",
      "/commit-msg",
    ])
      expect(skill, fact).toContain(fact);
  });

  it("lists what it could not map, including the commands the seed's own allowed-tools refuse", () => {
    const text = unmapped.join("\n");
    expect(text).toMatch(/section "On failure:" \(line 150\)/);
    expect(text).toMatch(/Rule of thumb/);
    expect(text).toContain("`python -m pytest tests/ -x -q --co 2>&1 | tail -5` left out");
    expect(text).toContain("| tail -3` left out");
  });

  it("the generated skill passes the validator (the draft is a starting point the generator accepts)", () => {
    const dir = join(tempDir("rts-import-"), "run-tests");
    mkdirSync(dir);
    writeFileSync(join(dir, "SKILL.md"), skill);
    const errors = validateSkillDir(dir, { format: "claude-code", profile }).filter(
      (f) => f.severity === "error",
    );
    expect(errors).toEqual([]);
  });
});

describe("import on a skill with the 632-line skill's structure", () => {
  const { profile, unmapped } = draft(TRACTOR_SHAPE);

  it("maps its sections: pre-flight checks, capture-pipe hint, timeouts (capped), flaky rows with ids", () => {
    expect(profile.allowed_tools).toContain("AskUserQuestion");
    expect(profile.allowed_tools).toContain("Bash(rm -f /tmp/registry@*.sock)");
    expect(profile.preflight.map((c) => c.title)).toEqual([
      "Venv check (mandatory)",
      "Import and collection",
      "Zombie check",
    ]);
    expect(profile.preflight[2]?.run).toEqual([
      "ss -tlnp",
      "pgrep -af _actor_child_main",
      "ls /tmp/registry@*.sock",
    ]);
    expect(profile.preflight[2]?.on_failure).toMatch(/^If an old actor/);
    expect(profile.hints.capture_pipe).toMatch(/64 KB capture pipe/);
    expect(profile.runner.timeouts).toEqual({ suite_ms: 600_000, file_ms: 180_000 });
    expect(profile.known_flaky.map((f) => f.name)).toEqual([
      "test_cancel_via_SIGINT_other_task",
      "test_multi_nested_subactors_error_through_nurseries",
      "test_example",
    ]);
    expect(profile.examples.map((e) => e.args)).toEqual(["", "test_rpc.py", "ipc/ --tpt-proto uds"]);
  });

  it("lists the sections and rows without a profile key", () => {
    const text = unmapped.join("\n");
    expect(text).toMatch(/section "10\. Reaping" \(line 152\)/);
    expect(text).toMatch(/known-flaky row "a flaky thing without an id"/);
    expect(text).toMatch(/timeout 900000 ms: above the Bash tool's 600000 ms cap/);
    expect(text).not.toMatch(/9\. Capture-pipe/);
  });
});

describe("run-tests-skill import", () => {
  it("prints a draft with the unmapped list as comments, writes --out, and refuses to overwrite without --force", async () => {
    const dir = tempDir("rts-import-cli-");
    const io = fakeIO(dir);
    expect(await main(["import", SEED], io)).toBe(0);
    expect(io.out).toMatch(/^# Drafted by `run-tests-skill import /);
    expect(io.out).toMatch(/# Not mapped to a profile key \(sections are kept as notes, as written\):\n/);
    expect(io.out).toMatch(
      /# {3}- section "On failure:" \(line 150\): no profile key for it; kept as a note/,
    );
    expect(parse(io.out).known_flaky).toHaveLength(4);
    expect(io.err).toMatch(/not mapped: /);

    const out = fakeIO(dir);
    expect(await main(["import", SEED, "--out", "profile.yaml"], out)).toBe(0);
    expect(existsSync(join(dir, "profile.yaml"))).toBe(true);
    expect(await main(["import", SEED, "--out", "profile.yaml"], fakeIO(dir))).toBe(2);
    expect(await main(["import", SEED, "--out", "profile.yaml", "--force"], fakeIO(dir))).toBe(0);

    // The maintainer's path: generate from the draft.
    const gen = fakeIO(dir);
    expect(await main(["generate", "--profile", "profile.yaml", "--out", "out"], gen)).toBe(0);
    expect(readFileSync(join(dir, "out", "run-tests", "SKILL.md"), "utf8")).toContain("--tpt-proto");
  });
});
