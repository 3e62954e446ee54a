// The structured channel with real pytest: the bundled JSONL reporter plugin, the env lines the SessionStart
// hook writes, and the post-run hook's choice between report and text.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyOutput, FALLBACK_PROFILE } from "../../hooks/results/analyze.ts";
import { eventText, type PostBashInput } from "../../hooks/results/event.ts";
import { listReports, readReport } from "../../hooks/results/gather.ts";
import {
  ENV_MARKER,
  installReporter,
  interpreterFor,
  reporterEnvLines,
} from "../../hooks/results/reporter/install.ts";
import { REPORTER_SOURCE } from "../../hooks/results/reporter/source.ts";
import { parseRecords, REPORTER_MODULE, selectReport } from "../../hooks/results/structured.ts";
import {
  cleanupTempDirs,
  copyFixture,
  HAS_XDIST,
  hookInputFor,
  REPORTER_DIR,
  runShell,
  type StopWhenReached,
  tempDir,
  XDIST_MISSING,
} from "./helpers.ts";

afterAll(cleanupTempDirs);

/** Run pytest in a fixture copy with the reporter loaded the way the env file loads it. */
async function withReporter(
  fixture: string,
  command: string,
  env: Record<string, string> = {},
  stop?: StopWhenReached,
) {
  const cwd = copyFixture(fixture);
  const reportDir = join(tempDir("rts-reports-"), "session");
  const result = await runShell(
    command,
    cwd,
    {
      PYTHONPATH: REPORTER_DIR,
      RUN_TESTS_SKILL_REPORT_DIR: reportDir,
      PYTEST_ADDOPTS: `-p ${REPORTER_MODULE}`,
      ...env,
    },
    stop,
  );
  const files = existsSync(reportDir) ? readdirSync(reportDir) : [];
  return { cwd, reportDir, result, files };
}

/** The post-run hook's choice and classification for that run. */
function classifyWithReport(run: Awaited<ReturnType<typeof withReporter>>, durationMs = 60_000) {
  const input = hookInputFor(run.result, run.cwd, { duration_ms: durationMs }) as PostBashInput;
  const event = eventText(input, () => null);
  if (!event.ok) throw new Error(event.skip);
  const args = run.result.command
    .replace(/^.*?python -m pytest ?/, "")
    .split(" ")
    .filter(Boolean);
  const chosen = selectReport(listReports(run.reportDir, 0), { args, nowMs: Date.now(), durationMs });
  const report = chosen ? { name: chosen.name, text: readReport(run.reportDir, chosen.name) ?? "" } : null;
  return classifyOutput({ ...event.input, profile: FALLBACK_PROFILE, report });
}

describe("the embedded plugin source", () => {
  it("source.ts is the .py file (regenerate with `npx tsx hooks/results/reporter/embed.ts`)", () => {
    expect(REPORTER_SOURCE).toBe(readFileSync(join(REPORTER_DIR, `${REPORTER_MODULE}.py`), "utf8"));
  });
});

describe("streaming reporter with real pytest", () => {
  // The two runs that sleep until killed start together, before the other tests.
  let killed: ReturnType<typeof withReporter>;
  let interrupted: ReturnType<typeof withReporter>;
  beforeAll(() => {
    // Each is stopped once the hanging test has written its marker (never after a fixed delay).
    killed = withReporter("hang", "python -m pytest -p no:cacheprovider -q", {}, { signal: "SIGKILL" });
    interrupted = withReporter("hang", "python -m pytest -p no:cacheprovider -q", {}, { signal: "SIGINT" });
  });

  it("a run killed with SIGKILL is named interrupted, with the hanging test's id (no -v needed)", async () => {
    const run = await killed;
    expect(run.result.exitCode).toBe(137);
    expect(run.files).toHaveLength(1);
    const records = parseRecords(readFileSync(join(run.reportDir, run.files[0] as string), "utf8"));
    expect(records.some((r) => r.k === "finish")).toBe(false);
    const classified = classifyWithReport(run);
    expect(classified.parsed.source).toBe("report");
    expect(classified.classification.class).toBe("interrupted");
    expect(classified.classification.runningTest).toBe("tests/test_hang.py::test_sleeps_forever");
    expect(classified.classification.counts.passed).toBe(2);
  });

  it("a run stopped with SIGINT is interrupted and names the test too", async () => {
    const run = await interrupted;
    expect(run.result.exitCode).toBe(2);
    const classified = classifyWithReport(run);
    expect(classified.parsed.source).toBe("report");
    expect(classified.classification.class).toBe("interrupted");
    expect(classified.classification.runningTest).toBe("tests/test_hang.py::test_sleeps_forever");
  });

  it("xdist -n 2 writes one record set (controller only), the same verdict as the text", async (ctx) => {
    ctx.skip(!HAS_XDIST, XDIST_MISSING);
    const run = await withReporter("assert_fail", "python -m pytest -p no:cacheprovider -n 2 -q");
    expect(run.files).toHaveLength(1);
    const records = parseRecords(readFileSync(join(run.reportDir, run.files[0] as string), "utf8"));
    const phases = records.filter((r) => r.k === "phase");
    expect(phases).toHaveLength(4 * 3);
    expect(new Set(phases.map((r) => `${r.id}:${r.when}`)).size).toBe(12);
    const classified = classifyWithReport(run);
    expect(classified.parsed.source).toBe("report");
    expect(classified.classification.class).toBe("real-failure");
    expect(classified.classification.tests.map((t) => t.id).sort()).toEqual([
      "tests/test_math.py::TestDivision::test_divides_by_zero",
      "tests/test_math.py::test_subtracts",
    ]);
  });

  it("exception groups: the report carries the leaves, so trio's groups classify as from the text", async () => {
    const run = await withReporter("trio_timeouts", "python -m pytest -p no:cacheprovider -q");
    const classified = classifyWithReport(run);
    expect(classified.parsed.source).toBe("report");
    const byClass = (cls: string) =>
      classified.classification.tests
        .filter((t) => t.class === cls)
        .map((t) => t.id.split("::")[1])
        .sort();
    expect(byClass("flaky-likely")).toEqual([
      "test_group_of_timeouts",
      "test_strict_group_of_timeouts",
      "test_strict_nested_group_with_cancelled",
      "test_too_slow",
    ]);
    expect(byClass("real-failure")).toEqual([
      "test_group_timeout_and_value_error",
      "test_strict_group_mixed",
    ]);
  });

  it("setup/teardown errors, strict xpass and collection errors come through the report", async () => {
    const st = classifyWithReport(
      await withReporter("setup_teardown", "python -m pytest -p no:cacheprovider -q"),
    );
    expect(st.parsed.source).toBe("report");
    expect(st.classification).toMatchObject({ class: "real-failure", counts: { passed: 2, errors: 2 } });
    const skips = classifyWithReport(await withReporter("skips", "python -m pytest -p no:cacheprovider -q"));
    expect(skips.classification).toMatchObject({
      class: "real-failure",
      counts: { passed: 1, failed: 1, skipped: 1, xfailed: 1, xpassed: 1 },
    });
    const imp = classifyWithReport(
      await withReporter("import_error", "python -m pytest -p no:cacheprovider -q"),
    );
    expect(imp.parsed.source).toBe("report");
    expect(imp.classification.class).toBe("import-error");
    expect(imp.classification.collectionErrors.map((e) => e.path)).toEqual(["tests/test_broken_import.py"]);
  });

  it("never in the way: the user's own --junitxml still works, -p no: turns it off", async () => {
    const junit = await withReporter(
      "assert_fail",
      "python -m pytest -p no:cacheprovider -q --junitxml=out.xml",
    );
    expect(junit.result.exitCode).toBe(1);
    expect(existsSync(join(junit.cwd, "out.xml"))).toBe(true);
    expect(junit.files).toHaveLength(1);
    const off = await withReporter(
      "assert_fail",
      `python -m pytest -p no:cacheprovider -q -p no:${REPORTER_MODULE}`,
    );
    expect(off.result.exitCode).toBe(1);
    expect(off.result.output).toMatch(/2 failed, 2 passed/);
    expect(off.files).toHaveLength(0);
  });

  it("writes nothing without RUN_TESTS_SKILL_REPORT_DIR", async () => {
    const cwd = copyFixture("pass");
    const r = await runShell("python -m pytest -p no:cacheprovider -q", cwd, {
      PYTHONPATH: REPORTER_DIR,
      PYTEST_ADDOPTS: `-p ${REPORTER_MODULE}`,
    });
    expect(r.exitCode).toBe(0);
  });

  it("a report from another command (other argv) or from before this command is not used: text instead", async () => {
    const run = await withReporter("assert_fail", "python -m pytest -p no:cacheprovider -q");
    const candidates = listReports(run.reportDir, 0);
    expect(
      selectReport(candidates, { args: ["-q", "tests/other.py"], nowMs: Date.now(), durationMs: 60_000 }),
    ).toBeNull();
    // Started long before this command's window.
    expect(
      selectReport(candidates, {
        args: ["-p", "no:cacheprovider", "-q"],
        nowMs: Date.now() + 600_000,
        durationMs: 1000,
      }),
    ).toBeNull();
    expect(
      selectReport(candidates, {
        args: ["-p", "no:cacheprovider", "-q"],
        nowMs: Date.now(),
        durationMs: 60_000,
      }),
    ).not.toBeNull();
  });

  it("the residual risk, recognised: PYTEST_ADDOPTS without PYTHONPATH fails pytest, and the report says how to run without it", async () => {
    const cwd = copyFixture("pass");
    const r = await runShell("python -m pytest -q", cwd, {
      PYTEST_ADDOPTS: `-p ${REPORTER_MODULE}`,
      PYTHONPATH: "",
    });
    expect(r.exitCode).toBe(1);
    expect(r.output).toContain(`Error importing plugin "${REPORTER_MODULE}"`);
    const event = eventText(hookInputFor(r, cwd) as PostBashInput, () => null);
    if (!event.ok) throw new Error(event.skip);
    const classified = classifyOutput({ ...event.input, profile: FALLBACK_PROFILE, report: null });
    // The environment, not the code: the next step names the off switch, never "install run_tests_skill_reporter".
    expect(classified.classification.class).toBe("environment-error");
    expect(classified.classification.hints).toContain("own-reporter");
    expect(JSON.stringify(classified.classification.environment)).toMatch(/PYTEST_ADDOPTS=/);
  });
});

describe("SessionStart install", () => {
  it("checks the import, then writes the env lines once; sourcing them loads the reporter", async () => {
    const state = tempDir("rts-state-");
    const envFile = join(tempDir("rts-env-"), "env.sh");
    const project = copyFixture("assert_fail");
    const spool = join(project, ".claude", "run-tests-skill-reports");
    const options = {
      stateDir: state,
      spoolDir: spool,
      projectDir: project,
      sessionId: "sess-1",
      envFile,
      runnerBase: "python -m pytest",
      source: REPORTER_SOURCE,
    };
    const first = await installReporter(options);
    expect(first).toMatchObject({ enabled: true, reason: "enabled" });
    const second = await installReporter(options);
    expect(second).toMatchObject({ enabled: true, reason: "already enabled" });
    const env = readFileSync(envFile, "utf8");
    expect(env.split(ENV_MARKER)).toHaveLength(2);

    // What Claude Code does with the file: source it before the command, in a fresh shell.
    const r = await runShell(
      `source ${JSON.stringify(envFile)} && python -m pytest -p no:cacheprovider -q`,
      project,
      {
        PYTHONPATH: "/some/user/path",
      },
    );
    expect(r.exitCode).toBe(1);
    // Reports go to the spool (writable inside the sandbox), never into the state dir.
    const reportDir = join(spool, "sess-1");
    expect(existsSync(join(state, "reports"))).toBe(false);
    const files = readdirSync(reportDir);
    expect(files).toHaveLength(1);
    const start = parseRecords(readFileSync(join(reportDir, files[0] as string), "utf8"))[0];
    expect(start).toMatchObject({ k: "start", args: ["-p", "no:cacheprovider", "-q"] });
    // The user's own PYTHONPATH is kept behind ours.
    const pp = await runShell(`source ${JSON.stringify(envFile)} && printf %s "$PYTHONPATH"`, project, {
      PYTHONPATH: "/some/user/path",
    });
    expect(pp.output.startsWith(`${join(state, "reporter")}:/some/user/path:`)).toBe(true);
  });

  it("an interpreter that cannot import the module: nothing is exported", async () => {
    const envFile = join(tempDir("rts-env-"), "env.sh");
    writeFileSync(envFile, "export KEEP=1\n");
    const result = await installReporter({
      stateDir: tempDir("rts-state-"),
      spoolDir: join(tempDir("rts-spool-"), "spool"),
      projectDir: tempDir(),
      sessionId: "s",
      envFile,
      runnerBase: "python -m pytest",
      source: REPORTER_SOURCE,
      run: async () => ({ exitCode: 1, failed: true }),
    });
    expect(result.enabled).toBe(false);
    expect(readFileSync(envFile, "utf8")).toBe("export KEEP=1\n");
  });

  it("a missing interpreter sends the check to the next candidate", async () => {
    const tried: string[] = [];
    const result = await installReporter({
      stateDir: tempDir("rts-state-"),
      spoolDir: join(tempDir("rts-spool-"), "spool"),
      projectDir: tempDir(),
      sessionId: "s",
      envFile: join(tempDir("rts-env-"), "env.sh"),
      runnerBase: "/no/such/python -m pytest",
      source: REPORTER_SOURCE,
      run: async (file) => {
        tried.push(file);
        return file === "/no/such/python"
          ? { exitCode: undefined, failed: true, missing: true }
          : { exitCode: 0, failed: false };
      },
    });
    expect(tried).toEqual(["/no/such/python", "python3"]);
    expect(result).toMatchObject({ enabled: true, python: "python3" });
  });

  it("a broken plugin source fails the real import check", async () => {
    const envFile = join(tempDir("rts-env-"), "env.sh");
    const result = await installReporter({
      stateDir: tempDir("rts-state-"),
      spoolDir: join(tempDir("rts-spool-"), "spool"),
      projectDir: tempDir(),
      sessionId: "s",
      envFile,
      runnerBase: "python3 -m pytest",
      source: "this is not python\n",
    });
    expect(result.enabled).toBe(false);
    expect(existsSync(envFile)).toBe(false);
  });

  it("the spool is never followed through a link: a planted symlink turns the reporter off", async () => {
    const target = tempDir("rts-target-");
    writeFileSync(join(target, "keep.txt"), "precious");
    const spoolParent = tempDir("rts-spool-");
    const spool = join(spoolParent, "spool");
    symlinkSync(target, spool);
    const envFile = join(tempDir("rts-env-"), "env.sh");
    const result = await installReporter({
      stateDir: tempDir("rts-state-"),
      spoolDir: spool,
      projectDir: tempDir(),
      sessionId: "s",
      envFile,
      runnerBase: "python3 -m pytest",
      source: REPORTER_SOURCE,
      run: async () => ({ exitCode: 0, failed: false }),
    });
    expect(result).toMatchObject({ enabled: false, reason: expect.stringContaining("symbolic link") });
    expect(readdirSync(target)).toEqual(["keep.txt"]);
    expect(existsSync(envFile)).toBe(false);
  });

  it("pruning removes a week-old link as a link, never what it points to", async () => {
    const target = tempDir("rts-target-");
    writeFileSync(join(target, "keep.txt"), "precious");
    const spool = join(tempDir("rts-spool-"), "spool");
    mkdirSync(join(spool, "old-session"), { recursive: true });
    symlinkSync(target, join(spool, "planted"));
    const now = Date.now();
    const old = new Date(now - 8 * 86_400_000);
    utimesSync(join(spool, "old-session"), old, old);
    // lutimes: the link's own time, not its target's.
    const { lutimesSync } = await import("node:fs");
    lutimesSync(join(spool, "planted"), old, old);
    const result = await installReporter({
      stateDir: tempDir("rts-state-"),
      spoolDir: spool,
      projectDir: tempDir(),
      sessionId: "new",
      envFile: join(tempDir("rts-env-"), "env.sh"),
      runnerBase: "python3 -m pytest",
      source: REPORTER_SOURCE,
      run: async () => ({ exitCode: 0, failed: false }),
      now,
    });
    expect(result.enabled).toBe(true);
    expect(readdirSync(spool).sort()).toEqual([".gitignore", "new"]);
    expect(readFileSync(join(target, "keep.txt"), "utf8")).toBe("precious");
  });

  it("finds the interpreter from the profile's runner.base", () => {
    const project = tempDir();
    expect(interpreterFor("python -m pytest", project)[0]).toBe("python");
    expect(interpreterFor("uv run pytest", project)).toEqual(["python3", "python"]);
    expect(interpreterFor("py*/bin/python -m pytest", project)).toEqual(["python3", "python"]);
    expect(reporterEnvLines("/m", "/r")).toContain(`export RUN_TESTS_SKILL_REPORT_DIR='/r'`);
  });
});
