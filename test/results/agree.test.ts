// Issue 17 items 3, 6, 7, 8 on recorded real pytest outputs (test/fixtures/recorded, made by record.ts):
// reruns keep the run's flags; the load rule; a listed known-flaky test in its usual shape; spurious hints.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { loadProfile } from "../../hooks/core/profile/load.ts";
import { classifyOutput, composeReport } from "../../hooks/results/analyze.ts";
import type { LedgerEntry, MachineLoad } from "../../hooks/results/ledger.ts";
import { findOrphans, isProjectCommand } from "../../hooks/results/orphans.ts";
import { cleanupTempDirs, parseRecorded, RECORDED, tempDir } from "./helpers.ts";

function profile(name: "tractor" | "generic") {
  const loaded = loadProfile(name);
  if (!loaded.ok) throw new Error(name);
  return loaded.profile;
}

/** A recording through the hook's pipeline, as PostToolUseFailure text (or PostToolUse for exit 0). */
function recorded(
  name: string,
  o: { history?: LedgerEntry[]; changed?: string[]; tree?: string; load?: MachineLoad } = {},
) {
  const { header, text } = parseRecorded(readFileSync(join(RECORDED, `${name}.txt`), "utf8"));
  const p = profile(header.profile === "tractor" ? "tractor" : "generic");
  const exit = Number(header.exit);
  const classified = classifyOutput({
    text: exit === 0 ? text : `Exit code ${exit}\n${text}`,
    fromFailure: exit !== 0,
    command: header.command as string,
    profile: p,
    report: null,
  });
  const composed = composeReport({
    classified,
    profile: p,
    changedFiles: o.changed ?? [],
    tree: o.tree ?? null,
    history: o.history ?? [],
    now: new Date("2026-12-06T12:00:00Z"),
    load: o.load ?? null,
  });
  return { header, classified, c: classified.classification, ...composed };
}

describe("reruns keep the run's flags (item 3)", () => {
  it("tractor-trial (-x --tb=short --no-header -q): the rerun of the timeout-shaped test keeps --tb=short --no-header -q", () => {
    const { text, header } = recorded("tractor-trial");
    expect(header.command).toContain("--tb=short --no-header -q");
    const rerun = /rerun only that test once, alone: `([^`]+)`/.exec(text)?.[1];
    expect(rerun).toBeDefined();
    expect(rerun).toBe(
      "python -m pytest 'tests/test_cancellation.py::test_multierror_fast_nursery[num_subs=25-delays=0.5]' --tb=short --no-header -q",
    );
    // -x, --maxfail and -p no:cacheprovider are the run's choices, not how it prints: left out.
    expect(rerun).not.toMatch(/ -x|--maxfail|cacheprovider/);
  });
});

describe("a listed known-flaky test in its usual shape (item 7)", () => {
  const PEER =
    "tests/test_inter_peer_cancellation.py::test_peer_spawns_and_cancels_service_subactor[0.5-None]";
  it("a group holding a RemoteActorError raised from trio.fail_after matches the entry's trio.TooSlowError", () => {
    const { c } = recorded("tractor-remote-group");
    expect(c.tests.find((t) => t.id === PEER)?.class).toBe("flaky-known");
    expect(c.class).toBe("mixed");
  });

  it("the real failure gets its detail first: its line with the crash line comes before the known-flaky one", () => {
    const { text } = recorded("tractor-remote-group");
    const lines = text.split("\n");
    const real = lines.findIndex((l) =>
      l.startsWith("FAILED tests/test_local.py::test_register_actor - AssertionError"),
    );
    const flaky = lines.findIndex((l) => l.startsWith(`FAILED ${PEER}`));
    expect(real).toBeGreaterThan(0);
    expect(flaky).toBeGreaterThan(real);
    expect(text).toMatch(/Next: Real failure: read tests\/test_local\.py:7/);
    expect(text).not.toMatch(/Real failure: read tests\/test_inter_peer/);
  });
});

describe("load (item 6): recorded load values with a recorded tractor-shaped run", () => {
  const HUNG = "tests/test_cancellation.py::test_multierror_fast_nursery[num_subs=25-delays=0.5]";
  // The field trial's numbers: load 13 on 2 cores; a quiet machine: 0.4 on 2.
  const LOADED: MachineLoad = { avg1: 13, cores: 2 };
  const QUIET: MachineLoad = { avg1: 0.4, cores: 2 };
  const first = (load: MachineLoad) => recorded("tractor-trial", { tree: "T1", load }).entry;

  it("the ledger line records the load", () => {
    expect(first(LOADED).load).toEqual(LOADED);
  });

  it("failed twice timeout-shaped, the first time at load 13 on 2 cores: never 'not flaky'; says what confirms it", () => {
    const { text } = recorded("tractor-trial", { tree: "T1", load: QUIET, history: [first(LOADED)] });
    const steps = text.split("\n").filter((l) => l.startsWith("Next:"));
    expect(
      steps.filter((l) => l.includes("test_multierror_fast_nursery") && /not flaky; investigate/.test(l)),
    ).toEqual([]);
    // The real assertion failure that repeated is still "not flaky": the load rule is for timeouts only.
    expect(steps.some((l) => /test_register_actor failed the same way twice .*not flaky/.test(l))).toBe(true);
    expect(text).toMatch(/load 13 on 2 cores/);
    expect(text).toMatch(/when the machine is quieter \(load below 2\), or with a longer timeout/);
    expect(text).toContain(HUNG);
  });

  it("failed twice on a quiet machine: still 'not flaky' (the rule only bends under load)", () => {
    const { text } = recorded("tractor-trial", { tree: "T1", load: QUIET, history: [first(QUIET)] });
    expect(text).toMatch(/failed the same way twice on this unchanged tree .*not flaky/);
  });

  it("a single timeout-shaped failure under load: the rerun advice says repetition now would not decide it", () => {
    const { text } = recorded("tractor-trial", { tree: "T1", load: LOADED });
    expect(text).toMatch(/the machine is loaded \(load 13 on 2 cores\)/);
    expect(text).not.toMatch(/The same failure again means it is not flaky/);
  });

  it("'mapped to the change' never outranks 'timeout-shaped'", () => {
    const { text } = recorded("tractor-trial", { changed: ["tractor/runtime/_supervise.py"], load: QUIET });
    expect(text).not.toMatch(/test_multierror_fast_nursery.* is mapped to changed/);
    expect(text).not.toMatch(/2 failing tests are mapped/);
    expect(text).toMatch(/Timeout-shaped, not on the known-flaky list/);
  });
});

describe("spurious hints (item 8)", () => {
  afterAll(cleanupTempDirs);

  it("`timeout 20` killing a hanging run (exit 124): interrupted, no capture-pipe hint", () => {
    const { c, text } = recorded("timeout-kill");
    expect(c.class).toBe("interrupted");
    expect(c.hints).not.toContain("capture-pipe");
    expect(text).not.toMatch(/capture pipe/);
  });

  it("Ctrl-C in the teardown of a test reported PASSED: no capture-pipe hint, no PASSED test named as running", () => {
    const { c, text } = recorded("teardown-interrupt-verbose");
    expect(c.class).toBe("interrupted");
    expect(c.hints).not.toContain("capture-pipe");
    expect(text).not.toMatch(
      /Running when the run stopped: tests\/test_teardown\.py::test_(first|uses_server)/,
    );
    expect(text).not.toMatch(/RUNNING tests\/test_teardown\.py::test_(first|uses_server)/);
  });

  it("`uv run pytest` with no uv (exit 127): 'the runner is missing', not interrupted", () => {
    const { c, text } = recorded("uv-missing");
    expect(c.class).toBe("environment-error");
    expect(text).toMatch(/the runner is missing/);
    expect(text).toMatch(/`uv` was not found \(exit 127/);
  });

  it("an orphan found adds its hint; address trouble in the output stays evidence of a stale process", () => {
    const p = loadProfile("generic");
    if (!p.ok) throw new Error("generic");
    const hints = (name: string, orphans: { pid: number; command: string }[] | null) => {
      const { header, text } = parseRecorded(readFileSync(join(RECORDED, `${name}.txt`), "utf8"));
      return classifyOutput({
        text: `Exit code ${header.exit}\n${text}`,
        fromFailure: true,
        command: header.command as string,
        profile: p.profile,
        report: null,
        orphans,
      }).classification.hints;
    };
    expect(hints("tb-line-trio", [])).not.toContain("stale-server");
    expect(hints("tb-line-trio", [{ pid: 4242, command: "python -m tractor._child --uid x" }])).toContain(
      "orphan-process",
    );
    // `Address already in use` in the output is evidence on its own.
    expect(hints("setup-teardown-rA-verbose", [])).toContain("stale-server");
  });

  it.runIf(process.platform === "linux")(
    "a real orphan (`python -m <package>._child`, parent 1) is found in /proc, and named in the report",
    async () => {
      const dir = tempDir("rts-orphan-");
      mkdirSync(join(dir, "orphanpkg"));
      writeFileSync(join(dir, "orphanpkg", "__init__.py"), "");
      const marker = join(dir, "started");
      writeFileSync(
        join(dir, "orphanpkg", "_child.py"),
        `import pathlib, time\npathlib.Path(${JSON.stringify(marker)}).write_text("1")\ntime.sleep(60)\n`,
      );
      // The subshell exits at once: its child is reparented (to init, PPid 1, where no subreaper claims it).
      await execa("bash", ["-c", "(python3 -m orphanpkg._child >/dev/null 2>&1 &)"], { cwd: dir });
      const deadline = Date.now() + 20_000;
      let found: ReturnType<typeof findOrphans> = [];
      try {
        while (Date.now() < deadline) {
          found = findOrphans("orphanpkg");
          if ((found ?? []).length > 0) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        const subreaper = (found ?? []).length === 0;
        if (subreaper) {
          // A subreaper (e.g. a container's init) adopted it: then it is not an orphan of init, and must not
          // be reported; say so rather than pass silently.
          console.warn("orphan test: the child was adopted by a subreaper; nothing to find");
          return;
        }
        expect(found?.[0]?.command).toMatch(/python3 -m orphanpkg\._child/);
        const ours = new Set((found ?? []).map((o) => o.pid));
        expect((findOrphans("otherpkg") ?? []).filter((o) => ours.has(o.pid))).toEqual([]);
      } finally {
        // Only the child this test started: other orphans of this user (a CI runner's own shell, say) are
        // never ours to kill.
        for (const o of found ?? []) {
          if (!/orphanpkg\._child/.test(o.command)) continue;
          try {
            process.kill(o.pid, "SIGKILL");
          } catch {}
        }
      }
    },
  );

  it("a process is judged by its program and arguments, never by a shell script's text", () => {
    expect(isProjectCommand(["python3", "-m", "pytest", "tests"], "pkg")).toBe(true);
    expect(
      isProjectCommand(["/repo/.venv/bin/python", "-X", "dev", "-m", "pkg._child", "--uid"], "pkg"),
    ).toBe(true);
    expect(isProjectCommand(["python3.13", "-mpytest"], undefined)).toBe(true);
    expect(isProjectCommand(["/repo/.venv/bin/python3", "/repo/.venv/bin/pytest", "-q"], undefined)).toBe(
      true,
    );
    expect(isProjectCommand(["/repo/.venv/bin/pytest", "-q"], undefined)).toBe(true);
    expect(isProjectCommand(["python -m pkg._child --uid x"], "pkg")).toBe(true); // a setproctitle title
    // The shape of the process that a CI runner keeps (its script mentions pytest): not a run.
    expect(isProjectCommand(["bash", "-c", "set -e\npython3 -m pytest --version\nnpm test"], "pkg")).toBe(
      false,
    );
    expect(isProjectCommand(["python3", "-c", "import pytest"], "pkg")).toBe(false);
    expect(isProjectCommand(["python3", "-m", "pkgother"], "pkg")).toBe(false);
    expect(isProjectCommand(["python3", "server.py", "-m", "pytest"], "pkg")).toBe(false);
  });
});

// The same items on tractor's real suite (goodboy/tractor 3690e43a, CPython 3.13, its dependencies built from
// source; record.ts's `checkout:` recordings), not a tractor-shaped fixture.
describe("on tractor's real suite (items 3, 7, 8)", () => {
  it("item 8: `timeout 20` kills a hanging test_rpc_errors run before -q printed anything (exit 124): interrupted, no capture-pipe hint", () => {
    const { c, text, header } = recorded("tractor-real-timeout-kill");
    expect(header.exit).toBe("124");
    expect(c.class).toBe("interrupted");
    expect(c.hints).not.toContain("capture-pipe");
    expect(text).not.toMatch(/capture pipe/);
    expect(text).toMatch(/exit code 124: a timeout or a signal stopped the command/);
  });

  it("item 8: `timeout 20` with -v: the hanging test_rpc_errors[no_mods] is named as running, never a PASSED one", () => {
    const { c, text, header } = recorded("tractor-real-timeout-kill-verbose");
    expect(header.exit).toBe("124");
    expect(c.class).toBe("interrupted");
    expect(c.hints).not.toContain("capture-pipe");
    expect(text).not.toMatch(/capture pipe/);
    expect(text).toMatch(/Running when the run stopped: tests\/test_rpc\.py::test_rpc_errors\[no_mods\]\./);
    expect(text).not.toMatch(
      /test_rpc_runs_after_startack_disconnect|test_error_shipment_ignores_closed_response_channel/,
    );
  });

  it("item 8: Ctrl-C in the daemon fixture's teardown after the only test PASSED: interrupted, no capture-pipe hint, the PASSED test not 'running'", () => {
    const { c, text, header } = recorded("tractor-real-teardown-interrupt");
    expect(header.stopped).toMatch(/SIGINT .* reached its teardown/);
    expect(c.class).toBe("interrupted");
    expect(c.hints).not.toContain("capture-pipe");
    expect(text).not.toMatch(/capture pipe/);
    expect(text).not.toMatch(/Running when the run stopped: tests\/discovery\/test_multi_program\.py::/);
    expect(text).not.toMatch(/RUNNING tests\/discovery/);
    expect(text).toMatch(/- 1 passed\./);
  });

  it("item 8: Ctrl-C landing as the next test starts: that test is the one named as running, not the PASSED one", () => {
    const { c, text } = recorded("tractor-real-sigint-verbose");
    expect(c.class).toBe("interrupted");
    expect(c.hints).not.toContain("capture-pipe");
    expect(text).toMatch(
      /Running when the run stopped: tests\/discovery\/test_multi_program\.py::test_cancel_remote_registrar\./,
    );
    expect(text).not.toMatch(/test_abort_on_sigint/);
  });

  it("item 7: the listed peer-cancellation test failing under load (a group of Cancelled, then trio.TooSlowError from trio.fail_after): flaky-known", () => {
    const PEER =
      "tests/test_inter_peer_cancellation.py::test_peer_spawns_and_cancels_service_subactor[0.5-None]";
    const { c, text } = recorded("tractor-real-peer-cancel");
    expect(c.tests.find((t) => t.id === PEER)?.class).toBe("flaky-known");
    expect(c.class).toBe("flaky-known");
    expect(text).not.toMatch(/Real failure/);
  });

  it("item 3: a real trio.TooSlowError failure run with --tb=short --no-header -q: the rerun keeps those flags", () => {
    const { c, text, header } = recorded("tractor-real-spawning-tb-short");
    expect(header.command).toContain("--tb=short --no-header -q");
    expect(c.class).toBe("flaky-likely");
    const rerun = /rerun only that test once, alone: `([^`]+)`/.exec(text)?.[1];
    // Which parameter times out varies between recordings; the header names the one this run failed.
    const failed = header["expect-ids"] as string;
    expect(failed).toMatch(
      /^tests\/test_spawning\.py::test_most_beautiful_word\[start_method=trio-return_\w+\]$/,
    );
    expect(rerun).toBe(`python -m pytest '${failed}' --tb=short --no-header -q`);
    expect(rerun).not.toMatch(/cacheprovider/);
  });
});
