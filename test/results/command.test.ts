// Which Bash command lines ran pytest, with which arguments, and whether pytest's output and exit code
// reach the hook unfiltered (pytest-output.md §1, §12).
import { describe, expect, it } from "vitest";
import { loadProfile } from "../../hooks/core/profile/load.ts";
import { detectPytest, FALLBACK_PROFILE } from "../../hooks/results/analyze.ts";
import { analyzeCommand, primaryRun, runFlags } from "../../hooks/results/command.ts";

const tractor = loadProfile("tractor");
if (!tractor.ok) throw new Error("tractor profile");
const SPELLINGS = [tractor.profile.runner.base, ...tractor.profile.runner.also];

interface Row {
  command: string;
  args?: Array<string | null> | null; // null: not a pytest run
  invocation?: string;
  piped?: boolean;
  masked?: boolean;
  redirected?: boolean;
  maybe?: boolean;
  background?: boolean;
}

const rows: Row[] = [
  { command: "python -m pytest", args: [], invocation: "python -m pytest", masked: false },
  {
    command: "python -m pytest tests/test_local.py -x --tb=short",
    args: ["tests/test_local.py", "-x", "--tb=short"],
  },
  { command: "python3 -m pytest -q", args: ["-q"], invocation: "python3 -m pytest" },
  { command: "pytest", args: [], invocation: "pytest" },
  { command: "py.test -k foo", args: ["-k", "foo"] },
  { command: ".venv/bin/pytest tests", args: ["tests"], invocation: ".venv/bin/pytest" },
  { command: ".venv/bin/python -m pytest tests", args: ["tests"], invocation: ".venv/bin/python -m pytest" },
  {
    command: "py313/bin/python -m pytest tests/ -x",
    args: ["tests/", "-x"],
    invocation: "py313/bin/python -m pytest",
  },
  { command: "python3.11 -X dev -W error -m pytest -q", args: ["-q"] },
  { command: "python -mpytest -q", args: ["-q"] },
  { command: "uv run pytest -q", args: ["-q"], invocation: "uv run pytest" },
  {
    command: "uv run --frozen --no-sync pytest -q",
    args: ["-q"],
    invocation: "uv run --frozen --no-sync pytest",
  },
  { command: "uv run --with pytest-xdist python -m pytest -n 2", args: ["-n", "2"] },
  { command: "poetry run pytest", args: [] },
  { command: "FOO=1 BAR=2 python -m pytest -q", args: ["-q"], masked: false },
  { command: "env PYTHONPATH=. python -m pytest", args: [] },
  { command: "timeout 60 python -m pytest tests", args: ["tests"], invocation: "python -m pytest" },
  { command: "timeout -s INT --kill-after=5 60 python -m pytest", args: [] },
  { command: "nice -n 5 stdbuf -oL python -m pytest -q", args: ["-q"] },
  { command: "time python -m pytest -q", args: ["-q"], masked: false },
  { command: "cd sub && python -m pytest -q", args: ["-q"], masked: false },
  { command: "cd sub && python -m pytest -q && echo ok", args: ["-q"], masked: false },
  { command: "python -m pytest -q; echo done", args: ["-q"], masked: true },
  { command: "python -m pytest -q || true", args: ["-q"], masked: true },
  { command: "python -m pytest -q 2>&1 | tail -5", args: ["-q"], piped: true, masked: true },
  { command: "python -m pytest -q |& grep FAILED", args: ["-q"], piped: true, masked: true },
  { command: "python -m pytest -q > out.txt 2>&1", args: ["-q"], redirected: true },
  { command: "python -m pytest -q 2>&1", args: ["-q"], redirected: false, masked: false },
  { command: "python -m pytest -q 2>/dev/null", args: ["-q"], redirected: false },
  { command: "python -m pytest -q &> log.txt", args: ["-q"], redirected: true },
  { command: "python -m pytest &", args: [], background: true, masked: true },
  { command: "echo $(python -m pytest -q)", args: ["-q"], piped: true, masked: true },
  { command: "bash -c 'python -m pytest -x tests'", args: ["-x", "tests"], masked: false },
  { command: 'sh -c "pytest -q; echo"', args: ["-q"], masked: true },
  {
    command: "python -m pytest 'tests/test_x.py::test_y[a b]' -k 'x or y'",
    args: ["tests/test_x.py::test_y[a b]", "-k", "x or y"],
  },
  { command: "python -m pytest $TESTS tests/*.py", args: [null, null] },
  { command: "tox -e py311", maybe: true, args: [] },
  { command: "make test", maybe: true, args: [] },
  { command: "hatch test", maybe: true, args: [] },
  // Wrappers and env runners, peeled with the guard's grammars (hooks/core/shell/wrappers.ts).
  { command: "xvfb-run -a -s '-screen 0 1x1x8' pytest -q", args: ["-q"], invocation: "pytest" },
  { command: "taskset -c 0,1 nohup exec python -m pytest", args: [], invocation: "python -m pytest" },
  { command: "chrt 10 ionice -c 3 unbuffer catchsegv pytest -x", args: ["-x"] },
  { command: "env -u FOO -S 'pytest -q'", args: ["-q"] },
  { command: "sudo -u ci pytest -q", args: ["-q"], invocation: "pytest" },
  { command: "uv --directory sub run pytest -q", args: ["-q"], invocation: "uv --directory sub run pytest" },
  { command: "timeout 600 uv run pytest -q", args: ["-q"], invocation: "uv run pytest", masked: false },
  {
    command: "conda run -n py311 python -m pytest",
    args: [],
    invocation: "conda run -n py311 python -m pytest",
  },
  { command: "pypy3 -m pytest tests", args: ["tests"], invocation: "pypy3 -m pytest" },
  { command: "find tests -name 'test_*.py' | xargs pytest -q", args: ["-q", null] },
  { command: "command -v pytest", args: null },
  { command: "python - -m pytest", args: null },
  { command: "uv sync", args: null },
  // Whose exit code ends the line (hooks/core/shell/walk.ts `failsLine`).
  { command: "false || python -m pytest -q", args: ["-q"], masked: false },
  { command: "pytest -q && echo ok || echo failed", args: ["-q"], masked: true },
  { command: "(cd sub; pytest -q)", args: ["-q"], masked: false },
  { command: "(pytest -q; echo done)", args: ["-q"], masked: true },
  { command: "{ pytest -q; echo done; }", args: ["-q"], masked: true },
  { command: "if true; then pytest -q; else echo no; fi", args: ["-q"], masked: false },
  { command: "if pytest -q; then echo ok; fi", args: ["-q"], masked: true },
  { command: "case $x in *) pytest -q;; esac", args: ["-q"], masked: false },
  { command: "for f in a b; do pytest $f; done", args: [null], masked: true },
  { command: "! pytest -q", args: ["-q"], masked: true },
  { command: "coproc pytest -q", args: ["-q"], background: true, masked: true },
  { command: "bash -c 'pytest -q' &", args: ["-q"], background: true, masked: true },
  { command: "bash -c 'pytest -q' > out.txt", args: ["-q"], redirected: true, masked: false },
  { command: "(cat x | pytest -q) | tail", args: ["-q"], piped: true, masked: true },
  { command: "cd x && pytest a | tail && pytest b", args: ["b"], piped: false, masked: false },
  // Not pytest at all.
  { command: "echo pytest", args: null },
  { command: "grep -r pytest .", args: null },
  { command: "git commit -m 'run pytest'", args: null },
  { command: "python -c 'import pytest'", args: null },
  { command: "pip install pytest", args: null },
  { command: "python -m pip install pytest", args: null },
  { command: "cat pytest.ini", args: null },
  { command: "ls tests", args: null },
  { command: "", args: null },
  { command: "if then fi ((", args: null },
];

describe("analyzeCommand", () => {
  it.each(rows)("$command", (row) => {
    const analysis = analyzeCommand(row.command, SPELLINGS);
    const run = primaryRun(analysis);
    if (row.args === null) {
      expect(run).toBeNull();
      return;
    }
    expect(run).not.toBeNull();
    if (!run) return;
    if (row.args !== undefined) expect(run.args).toEqual(row.args);
    if (row.invocation !== undefined) expect(run.invocation).toBe(row.invocation);
    if (row.piped !== undefined) expect(run.piped).toBe(row.piped);
    if (row.masked !== undefined) expect(analysis.exitCodeMasked).toBe(row.masked);
    if (row.redirected !== undefined) expect(run.redirected).toBe(row.redirected);
    expect(run.maybe).toBe(row.maybe ?? false);
    if (row.background !== undefined) expect(run.background).toBe(row.background);
  });

  it("a profile spelling beyond the generic ones (a project script) is recognised", () => {
    expect(primaryRun(analyzeCommand("./run-tests.sh -q", ["./run-tests.sh"]))?.args).toEqual(["-q"]);
    expect(primaryRun(analyzeCommand("./run-tests.sh -q", []))).toBeNull();
  });

  it.each(["pytest --version", "python -m pytest --fixtures tests", "pytest --markers", "pytest -h"])(
    "%s prints information, not a run: nothing to report",
    (command) => {
      expect(detectPytest(command, FALLBACK_PROFILE)).toBeNull();
    },
  );

  it("two pytest runs in one line: the last is the one the output ends with", () => {
    const analysis = analyzeCommand("pytest tests/a.py; python -m pytest tests/b.py", SPELLINGS);
    expect(analysis.runs).toHaveLength(2);
    expect(primaryRun(analysis)?.args).toEqual(["tests/b.py"]);
  });
});

describe("runFlags", () => {
  it.each([
    { args: ["-qq"], expect: { quiet: 2 } },
    { args: ["-q", "-v", "-v"], expect: { quiet: -1 } },
    { args: ["-x", "--tb=short", "--no-header"], expect: { exitFirst: true, tb: "short" } },
    { args: ["--tb", "line"], expect: { tb: "line" } },
    { args: ["--maxfail=1"], expect: { exitFirst: true } },
    { args: ["-rfE", "-n4"], expect: { reportChars: "fE", xdist: true } },
    { args: ["-n", "0"], expect: { xdist: false } },
    { args: ["--co", "-q"], expect: { collectOnly: true } },
    { args: ["--lf"], expect: { lastFailed: true } },
    { args: ["-s"], expect: { noCapture: true } },
    { args: ["--capture=no"], expect: { noCapture: true } },
    { args: ["-k", "cancel", "tests/"], expect: { filtered: true, targets: ["tests/"] } },
    { args: ["-p", "no:cacheprovider", "tests/a.py::t"], expect: { targets: ["tests/a.py::t"] } },
    { args: ["--tpt-proto", "tcp"], expect: { targets: ["tcp"] } }, // unknown option: its value looks like a path
    { args: [null], expect: { dynamic: true } },
  ])("$args", ({ args, expect: want }) => {
    expect(runFlags(args)).toMatchObject(want);
  });

  it("--pyargs is a flag: the package after it is a target, not its value", () => {
    expect(runFlags(["--pyargs", "pkg"])).toMatchObject({ pyargs: true, targets: ["pkg"] });
    expect(runFlags(["-q", "--pyargs", "pkg.sub", "tests/"])).toMatchObject({
      pyargs: true,
      targets: ["pkg.sub", "tests/"],
    });
    expect(runFlags(["tests/"]).pyargs).toBe(false);
  });

  // Value options the hand-written table used to miss: their value must not become a test target.
  it.each([
    ["--log-file", "run.log"],
    ["--config-file", "ci.ini"],
    ["--durations-min", "0.5"],
    ["--doctest-glob", "*.rst"],
    ["--junit-prefix", "ci"],
    ["--pdbcls", "IPython.terminal.debugger:Pdb"],
    ["--show-capture", "no"],
    ["--verbosity", "2"],
    ["--assert", "plain"],
    ["--log-file-level", "DEBUG"],
    ["--log-format", "%(message)s"],
    ["--junitxml", "out.xml"],
    ["--cov-config", ".coveragerc"],
    ["--timeout-method", "thread"],
    ["--max-worker-restart", "2"],
    ["-W", "error"],
    ["-c", "ci.ini"],
  ])("%s %s: the value is not a target", (option, value) => {
    expect(runFlags([option, value, "tests/a.py"]).targets).toEqual(["tests/a.py"]);
    const glued = option.startsWith("--") ? `${option}=${value}` : `${option}${value}`;
    expect(runFlags([glued, "tests/a.py"]).targets).toEqual(["tests/a.py"]);
  });

  it("an optional value (--debug [FILE], --cov [SOURCE]) takes the next word unless it is an option", () => {
    // argparse nargs="?": `pytest --debug tests` writes its debug log to `tests` and runs the whole suite.
    expect(runFlags(["--debug", "tests/"]).targets).toEqual([]);
    expect(runFlags(["--debug", "-q", "tests/"]).targets).toEqual(["tests/"]);
    expect(runFlags(["--debug=dbg.log", "tests/"]).targets).toEqual(["tests/"]);
    expect(runFlags(["--cov", "src", "tests/"]).targets).toEqual(["tests/"]);
    expect(runFlags(["--cov", "--cov-report", "term", "tests/"]).targets).toEqual(["tests/"]);
  });

  it("the profile's value-taking options are not test paths", () => {
    expect(runFlags(["--tpt-proto", "uds", "tests/ipc/"], ["--tpt-proto"]).targets).toEqual(["tests/ipc/"]);
    expect(runFlags(["--tpt-proto=uds", "tests/ipc/"], ["--tpt-proto"]).targets).toEqual(["tests/ipc/"]);
  });
});
