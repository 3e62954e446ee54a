// `run-tests-skill classify` and `run-tests-skill flaky`, in process (main with a fake IO) and as a real process.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import fc from "fast-check";
import * as v from "valibot";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { suggestedSignature, suggestYaml } from "../../bin/cli/commands/flaky.ts";
import { main } from "../../bin/cli/main.ts";
import { compileProfile } from "../../hooks/core/profile/compile.ts";
import { loadProfile } from "../../hooks/core/profile/load.ts";
import { FlakyEntry } from "../../hooks/core/profile/schema.ts";
import { INSTALL_DIR, PROFILE_FILE, STATE_DIR } from "../../hooks/core/state/locate.ts";
import { appendLedger, type LedgerEntry } from "../../hooks/results/ledger.ts";
import { fakeIO as memoryIO } from "../setup/cli-io.ts";
import { cleanupTempDirs, parseRecorded, postToolUseFailure, RECORDED, REPO, tempDir } from "./helpers.ts";

afterAll(cleanupTempDirs);

function fakeIO(stdin = "", cwd = tempDir()) {
  const io = memoryIO(cwd, stdin);
  return { io, out: () => io.out, err: () => io.err };
}

const FAILING_OUTPUT = [
  "F.                                                                       [100%]",
  "=================================== FAILURES ===================================",
  "___________________________________ test_bad ___________________________________",
  "E       assert (1 + 1) == 3",
  "test_local.py:2: AssertionError",
  "=========================== short test summary info ============================",
  "FAILED test_local.py::test_bad - assert (1 + 1) == 3",
  "1 failed, 1 passed in 0.62s",
].join("\n");

describe("classify", () => {
  it("plain text from a file, --json: the documented shape, exit 0", async () => {
    const file = join(tempDir(), "out.txt");
    writeFileSync(file, FAILING_OUTPUT);
    const { io, out } = fakeIO();
    expect(await main(["classify", "--json", file], io)).toBe(0);
    const json = JSON.parse(out());
    expect(json).toMatchObject({
      class: "real-failure",
      counts: { passed: 1, failed: 1, errors: 0, skipped: 0, xfailed: 0, xpassed: 0 },
      tests: [
        {
          id: "test_local.py::test_bad",
          outcome: "failed",
          class: "real-failure",
          signature: "AssertionError: assert (1 + 1) == 3",
        },
      ],
      evidence: "complete",
    });
    expect(json.next).toEqual([
      "Real failure: read test_local.py:2 and the failure of test_local.py::test_bad and investigate the cause; a rerun does not fix a real failure.",
    ]);
  });

  it("a hook input on stdin is detected and used (event, exit code, command)", async () => {
    const input = postToolUseFailure(
      "python3 -m pytest -q test_local.py",
      `Exit code 1\n${FAILING_OUTPUT}`,
      "/tmp",
    );
    const { io, out } = fakeIO(JSON.stringify(input));
    expect(await main(["classify", "-"], io)).toBe(0);
    expect(out()).toMatch(/^pytest run: real-failure - 1 failed, 1 passed\./);
    expect(out()).toContain(
      "FAILED test_local.py::test_bad - AssertionError: assert (1 + 1) == 3 at test_local.py:2",
    );
  });

  it("--profile tractor applies the known-flaky list", async () => {
    const file = join(RECORDED, "rsx-tractor.txt");
    const { text } = parseRecorded((await import("node:fs")).readFileSync(file, "utf8"));
    const plain = join(tempDir(), "rsx.txt");
    writeFileSync(plain, text);
    const generic = fakeIO();
    await main(["classify", "--json", plain], generic.io);
    expect(JSON.parse(generic.out()).class).toBe("mixed");
    const tractor = fakeIO();
    await main(["classify", "--json", "--profile", "tractor", plain], tractor.io);
    expect(JSON.parse(tractor.out()).class).toBe("flaky-known");
  });

  it("--exit-code 0 lets a -qq run with no stats line pass; without it the verdict stays open", async () => {
    const text = "....                                                                     [100%]\n";
    const known = fakeIO(text);
    await main(["classify", "--json", "--exit-code", "0"], known.io);
    expect(JSON.parse(known.out()).class).toBe("pass");
    const unknown = fakeIO(text);
    await main(["classify", "--json"], unknown.io);
    expect(JSON.parse(unknown.out())).toMatchObject({ class: "interrupted", evidence: "partial" });
  });

  it("the project's installed profile is used by default", async () => {
    const dir = tempDir();
    const loaded = loadProfile("tractor");
    if (!loaded.ok) throw new Error("tractor");
    mkdirSync(join(dir, INSTALL_DIR), { recursive: true });
    writeFileSync(join(dir, INSTALL_DIR, PROFILE_FILE), compileProfile(loaded.profile, "tractor.yaml"));
    const { text } = parseRecorded(
      (await import("node:fs")).readFileSync(join(RECORDED, "rsx-tractor.txt"), "utf8"),
    );
    const { io, out } = fakeIO(text, dir);
    await main(["classify", "--json"], io);
    expect(JSON.parse(out()).class).toBe("flaky-known");
  });

  it.each([
    [["classify", "--nope"], 2],
    [["classify", "a", "b"], 2],
    [["classify", "--exit-code", "x"], 2],
    [["classify", "--profile", "/no/such/profile.yaml", "x"], 2],
    [["classify", "/no/such/file.txt"], 1],
  ])("%j exits %i", async (argv, code) => {
    const { io, err } = fakeIO();
    expect(await main(argv, io)).toBe(code);
    expect(err()).not.toBe("");
  });

  it("empty input is unreadable (exit 1)", async () => {
    const { io } = fakeIO("  \n");
    expect(await main(["classify"], io)).toBe(1);
  });

  it("as a real process", async () => {
    const file = join(tempDir(), "out.txt");
    writeFileSync(file, FAILING_OUTPUT);
    const r = await execa("node", ["bin/run-tests-skill.mjs", "classify", "--json", file], {
      cwd: REPO,
      reject: false,
    });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(String(r.stdout)).class).toBe("real-failure");
    const usage = await execa("node", ["bin/run-tests-skill.mjs", "classify", "--bogus"], {
      cwd: REPO,
      reject: false,
    });
    expect(usage.exitCode).toBe(2);
  });
});

describe("flaky", () => {
  const entry = (t: string, failed: Array<[string, string]>, passed: string[], tree = "A"): LedgerEntry => ({
    v: 1,
    t,
    cmd: "python -m pytest",
    tree,
    class: failed.length > 0 ? "flaky-likely" : "pass",
    evidence: "complete",
    failed,
    passed,
  });

  it("nothing recorded / no evidence / evidence with YAML to add", async () => {
    const dir = tempDir();
    const empty = fakeIO();
    expect(await main(["flaky", dir], empty.io)).toBe(0);
    expect(empty.out()).toMatch(/No runs recorded yet/);

    const state = join(dir, STATE_DIR);
    appendLedger(
      state,
      entry("2026-11-25T10:00:00.000Z", [["tests/a.py::test_x[1]", "trio.TooSlowError"]], []),
    );
    const none = fakeIO();
    await main(["flaky", dir], none.io);
    expect(none.out()).toMatch(/No flaky evidence in 1 recorded runs/);

    appendLedger(state, entry("2026-11-25T10:05:00.000Z", [], ["tests/a.py::test_x[1]"]));
    appendLedger(
      state,
      entry(
        "2026-11-25T10:06:00.000Z",
        [["tests/b.py::test_y", "AssertionError: assert None == 0"]],
        [],
        "B",
      ),
    );
    appendLedger(state, entry("2026-11-25T10:07:00.000Z", [], ["tests/b.py::test_y"], "B"));
    const found = fakeIO();
    await main(["flaky", dir], found.io);
    const text = found.out();
    expect(text).toMatch(/^2 tests failed and then passed on rerun/);
    expect(text).toContain(
      "tests/a.py::test_x[1]  1x, last: failed 2026-11-25 10:00 UTC, passed on rerun 2026-11-25 10:05 UTC  (trio.TooSlowError)",
    );
    expect(text).toContain(
      '  - path: tests/a.py\n    name: test_x\n    params: ["1"]\n    signatures: [trio.TooSlowError]',
    );
    expect(text).toContain('signatures: ["assert None == 0"]');

    const json = fakeIO();
    await main(["flaky", "--json", dir], json.io);
    const parsed = JSON.parse(json.out());
    expect(parsed.runs).toBe(4);
    expect(parsed.tests.map((t: { id: string }) => t.id).sort()).toEqual([
      "tests/a.py::test_x[1]",
      "tests/b.py::test_y",
    ]);
  });

  it("tests already on the profile's list are marked, not suggested again", async () => {
    const dir = tempDir();
    const loaded = loadProfile("tractor");
    if (!loaded.ok) throw new Error("tractor");
    mkdirSync(join(dir, INSTALL_DIR), { recursive: true });
    writeFileSync(join(dir, INSTALL_DIR, PROFILE_FILE), compileProfile(loaded.profile, "tractor.yaml"));
    const id = "tests/test_cancellation.py::test_cancel_via_SIGINT_other_task[start_method=trio]";
    const state = join(dir, STATE_DIR);
    appendLedger(state, entry("2026-11-25T10:00:00.000Z", [[id, "trio.TooSlowError"]], []));
    appendLedger(state, entry("2026-11-25T10:01:00.000Z", [], [id]));
    const { io, out } = fakeIO();
    await main(["flaky", dir], io);
    expect(out()).toContain("[already on known_flaky]");
    expect(out()).not.toContain("- path:");
  });

  const flip = (id: string, signature: string, flips = 1) => ({
    id,
    flips,
    failedAt: "2026-11-25T10:00:00.000Z",
    passedAt: "2026-11-25T10:05:00.000Z",
    signature,
  });
  /** The suggestion as a maintainer pastes it: under `known_flaky:`. */
  const parseSuggestion = (block: string): unknown[] =>
    (parseYaml(`known_flaky:\n${block}\n`) as { known_flaky: unknown[] }).known_flaky;

  it("the suggested YAML parses back to the intended known_flaky entries, awkward text and all", () => {
    const block = suggestYaml([
      flip("tests/a.py::test_x[Failed:]", "Failed: DID NOT RAISE"),
      flip("tests/a.py::test_x[a, b]", "trio.TooSlowError"),
      flip("tests/a.py::test_x[yes]", "trio.TooSlowError"),
      flip("tests/a.py::test_x[1]", "trio.TooSlowError"),
      flip("tests/a.py::test_x[- x #y]", "trio.TooSlowError"),
      flip("tests/a.py::test_x[{k: [v]}]", "trio.TooSlowError"),
      flip("tests/b.py::TestB::test_y", "AssertionError: assert 'a: b' == \"#c\"", 2),
      flip(
        `tests/c.py::test_z[${"long-param ".repeat(12)}]`,
        "pexpect.exceptions.TIMEOUT: Timeout exceeded.",
      ),
    ]);
    const entries = parseSuggestion(block);
    expect(entries).toEqual([
      {
        path: "tests/a.py",
        name: "test_x",
        params: ["Failed:", "a, b", "yes", "1", "- x #y", "{k: [v]}"],
        signatures: ["Failed: DID NOT RAISE", "trio.TooSlowError"],
        note: "failed then passed on rerun 6 times (last 2026-11-25 10:05 UTC)",
      },
      {
        path: "tests/b.py",
        name: "TestB::test_y",
        signatures: ["assert 'a: b' == \"#c\""],
        note: "failed then passed on rerun 2 times (last 2026-11-25 10:05 UTC)",
      },
      {
        path: "tests/c.py",
        name: "test_z",
        params: ["long-param ".repeat(12)],
        signatures: ["pexpect.exceptions.TIMEOUT"],
        note: "failed then passed on rerun 1 time (last 2026-11-25 10:05 UTC)",
      },
    ]);
    for (const entry of entries) expect(v.safeParse(FlakyEntry, entry).issues).toBeUndefined();
  });

  it("any parametrisation text survives the round trip through the suggested YAML", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.string({ maxLength: 40 }),
        (params, message) => {
          const block = suggestYaml([flip(`tests/a.py::test_x[${params}]`, `AssertionError: ${message}`)]);
          const [entry] = parseSuggestion(block) as Array<{ params: string[] }>;
          expect(entry?.params).toEqual([params]);
        },
      ),
    );
  });

  it.each([
    ["trio.TooSlowError", "trio.TooSlowError"],
    ["pexpect.exceptions.TIMEOUT: Timeout exceeded.", "pexpect.exceptions.TIMEOUT"],
    ["AssertionError: assert None == 0", "assert None == 0"],
    ["ExceptionGroup: x (2 sub-exceptions) [leaves: trio.TooSlowError]", "trio.TooSlowError"],
  ])("suggested signature for %s", (signature, expected) => {
    expect(suggestedSignature(signature)).toBe(expected);
  });

  it("--suggest: entries ready to paste from flips and repeated timeouts, each with its evidence", async () => {
    const dir = tempDir();
    const state = join(dir, STATE_DIR);
    const guard = "tests/test_cancellation.py::test_multierror_fast_nursery[num_subs=25-delays=0.5]";
    const hung = (n: number) =>
      `Failed: cancel cascade hung past 12s (num_subactors=25, delay=0.${n}); see stderr for \`fail_after_w_trace\` snapshot path`;
    const same = "tests/test_x.py::test_always_slow";
    for (const [t, e] of [
      ["2026-11-25T10:00:00.000Z", entry("", [["tests/a.py::test_x[1]", "trio.TooSlowError"]], [])],
      ["2026-11-25T10:01:00.000Z", entry("", [], ["tests/a.py::test_x[1]"])],
      // the hang guard on two different trees
      ["2026-11-25T10:02:00.000Z", entry("", [[guard, hung(5)]], [], "T1")],
      ["2026-11-25T10:03:00.000Z", entry("", [[guard, hung(7)]], [], "T2")],
      // the same timeout twice on one tree, never passing: reproducible, not flaky
      ["2026-11-25T10:04:00.000Z", entry("", [[same, "trio.TooSlowError"]], [], "T3")],
      ["2026-11-25T10:05:00.000Z", entry("", [[same, "trio.TooSlowError"]], [], "T3")],
    ] as Array<[string, LedgerEntry]>)
      appendLedger(state, { ...e, t });
    // The tractor profile knows the hang guard's shape as a timeout.
    const loaded = loadProfile("tractor");
    if (!loaded.ok) throw new Error("tractor");
    mkdirSync(join(dir, INSTALL_DIR), { recursive: true });
    writeFileSync(join(dir, INSTALL_DIR, PROFILE_FILE), compileProfile(loaded.profile, "tractor.yaml"));

    const { io, out } = fakeIO();
    expect(await main(["flaky", "--suggest", dir], io)).toBe(0);
    const text = out();
    expect(text).toContain(
      "# evidence: tests/a.py::test_x[1]: failed 2026-11-25 10:00 UTC (trio.TooSlowError), passed on rerun 2026-11-25 10:01 UTC on the same tree",
    );
    expect(text).toContain(
      `# evidence: ${guard}: timed out in 2 runs (2026-11-25 10:02 UTC to 2026-11-25 10:03 UTC) on 2 working trees`,
    );
    expect(text).not.toContain(same);
    const entries = parseSuggestion(text.split("\n").slice(1).join("\n"));
    expect(entries).toEqual([
      {
        path: "tests/a.py",
        name: "test_x",
        params: ["1"],
        signatures: ["trio.TooSlowError"],
        note: "failed then passed on rerun 1 time (last 2026-11-25 10:01 UTC)",
      },
      {
        path: "tests/test_cancellation.py",
        name: "test_multierror_fast_nursery",
        params: ["num_subs=25-delays=0.5"],
        signatures: ["Failed: cancel cascade hung past"],
        note: "timed out in 2 runs (last 2026-11-25 10:03 UTC)",
      },
    ]);
    for (const e of entries) expect(v.safeParse(FlakyEntry, e).issues).toBeUndefined();
    // The suggested signature matches the failure it came from.
    const again = fakeIO();
    await main(["flaky", "--json", dir], again.io);
    expect(JSON.parse(again.out()).timeouts.map((t: { id: string }) => t.id)).toEqual([guard]);
  });

  it("two folders is bad usage", async () => {
    const { io } = fakeIO();
    expect(await main(["flaky", "a", "b"], io)).toBe(2);
  });
});
