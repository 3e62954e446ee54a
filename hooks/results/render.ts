// Classification -> the few lines the model reads after a pytest run (pytest-output.md §13.5): the class
// and counts, each failing id with its crash line, which evidence was used and whether it was partial,
// hints, next steps from the profile and the repo, and always the unstaged-fixes rule. Facts, not orders;
// a dozen lines at most, ids beyond the budget summarised.
import type { Profile } from "../core/profile/schema.ts";
import { isNodeId, withoutParams } from "../core/pytest/node-id.ts";
import type { FlakyEvidence, MachineLoad, RepeatedFailure } from "./ledger.ts";
import { formatTime, overloaded } from "./ledger.ts";
import type { LikelyCause } from "./mapping.ts";
import { notAllowedText, proposeRun, type RunShape, type SkillInForce } from "./proposal.ts";
import {
  type Classification,
  type ClassifiedTest,
  type Counts,
  fileOfNodeId,
  type HintKey,
  isRerunnableId,
  splitNodeId,
} from "./types.ts";

export const MAX_LINES = 12;
/** Failing tests shown with their crash line; the rest are listed by id on one line. */
export const DETAILED_TESTS = 3;
/** Ids on the compact line before the rest is counted per file. */
const COMPACT_IDS_MAX = 60;

export interface RenderInput {
  classification: Classification;
  /** How to run pytest here: the run's own prefix and invocation, else the profile's runner.base. */
  run: RunShape;
  /** The skill in force: every command proposed is one it allows (proposal.ts); absent: as built. */
  skill?: SkillInForce | null;
  hints: Profile["hints"];
  /** The profile's import-name for the venv check (project.package). */
  packageName?: string;
  /** The skill that writes commit messages, when the profile names one. */
  commitMessageSkill?: string;
  /** Where the facts came from, e.g. "streaming report 1732..-123.jsonl" or "pytest's output text". */
  sourceLabel: string;
  causes: LikelyCause[];
  /** Earlier fail-then-pass evidence for tests in this run. */
  flaky: FlakyEvidence[];
  /** Tests of this run that passed now after failing earlier on the same tree. */
  recovered: FlakyEvidence[];
  /** Tests of this run that failed the same way before on this same tree (the ledger). */
  repeated?: RepeatedFailure[];
  /** The run's own output and project flags (rerunFlagsOf), kept on every rerun the report proposes. */
  rerunFlags?: readonly string[];
  /** The machine's load during this run, when known. */
  load?: MachineLoad | null;
}

function loadText(load: MachineLoad): string {
  return `load ${load.avg1} on ${load.cores} core${load.cores === 1 ? "" : "s"}`;
}

/** What would tell load from a real hang: the same test alone on a quieter machine, or a longer deadline. */
function confirmUnderLoad(input: RenderInput, targets: readonly string[], cores: number): string {
  const alone = targets.length > 0 ? rerunCommand(input, targets) : "that test alone";
  return `to confirm, rerun ${alone} when the machine is quieter (load below ${cores}), or with a longer timeout`;
}

/** Output flags whose value is the next word when not glued on. */
const OUTPUT_VALUE_FLAGS = new Set(["--tb", "-r", "--color", "--capture", "--show-capture"]);
const OUTPUT_SWITCH =
  /^(?:-q+|-v+|--quiet|--verbose|--no-header|--no-summary|-l|--showlocals|-s|-rA?[a-zA-Z]*|--tb=\S+|--color=\S+|--capture=\S+|--show-capture=\S+|--full-trace)$/;

/**
 * The flags of the run being repeated that a rerun must keep: how it prints (-q, -v, --tb=short,
 * --no-header, -rA, -s, ...) and the project's own options (tractor's --spawn-backend=trio, --tpt-proto
 * tcp). Without them a rerun prints long tracebacks Claude Code cuts, or runs another backend.
 */
export function rerunFlagsOf(
  args: readonly (string | null)[],
  projectOptions: readonly string[] = [],
  projectValueOptions: readonly string[] = [],
): string[] {
  const keep: string[] = [];
  const project = new Set(projectOptions);
  const takesValue = new Set([...OUTPUT_VALUE_FLAGS, ...projectValueOptions]);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === null || arg === undefined) continue;
    if (arg === "--") break;
    const name = arg.split("=")[0] as string;
    if (OUTPUT_SWITCH.test(arg)) keep.push(arg);
    else if (takesValue.has(arg) && typeof args[i + 1] === "string") {
      keep.push(arg, args[i + 1] as string);
      i++;
    } else if (project.has(name)) keep.push(arg);
  }
  return keep;
}

/** A command line in backticks: the run's prefix and runner, the targets, then the kept flags, as the skill
 *  in force allows it (proposal.ts); when it allows no spelling, the sentence that says so follows. */
function withFlags(input: RenderInput, targets: readonly string[]): string {
  const args = [...targets.map(shellQuote), ...(input.rerunFlags ?? []).map(shellQuote)];
  const spelled = proposeRun(input.run, args, input.skill);
  if (spelled.ok || !input.skill) return `\`${spelled.command}\``;
  return `\`${spelled.command}\` (${notAllowedText(spelled.command, input.skill.allowedBash).replace(/\.$/, "")})`;
}

const COUNT_ORDER: Array<[keyof Counts, string]> = [
  ["failed", "failed"],
  ["errors", "errors"],
  ["passed", "passed"],
  ["skipped", "skipped"],
  ["xfailed", "xfailed"],
  ["xpassed", "xpassed"],
];

export function formatRunCounts(c: Classification): string {
  if (c.collectOnly) {
    const n = c.collected ?? 0;
    const errors = c.counts.errors > 0 ? `, ${c.counts.errors} error${c.counts.errors === 1 ? "" : "s"}` : "";
    return `${n} test${n === 1 ? "" : "s"} collected${errors} (collect-only)`;
  }
  if (c.collectionErrors.some((e) => e.preSession)) return "pytest stopped before running any test";
  if (c.nothingRan && c.counts.errors === 0 && c.counts.failed === 0) return "0 tests ran";
  if (c.countsUnknown) {
    // No stats line: what the output names is a lower bound; passed, skipped, ... were never printed.
    const named = formatCounts({ ...c.counts, passed: 0, skipped: 0, xfailed: 0, xpassed: 0 });
    return named === "no test results"
      ? "counts unknown (no stats line)"
      : `${named} named; other counts unknown (no stats line)`;
  }
  return formatCounts(c.counts);
}

export function formatCounts(counts: Counts): string {
  const parts = COUNT_ORDER.filter(([k]) => counts[k] > 0).map(([k, word]) => {
    const n = counts[k];
    return `${n} ${k === "errors" && n === 1 ? "error" : word}`;
  });
  return parts.length > 0 ? parts.join(", ") : "no test results";
}

/** Shell-quote an argument for a command line shown to the model. */
export function shellQuote(arg: string): string {
  return /^[\w./:=@%+,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

const DEFAULT_HINTS: Record<HintKey, string> = {
  "stale-server":
    "Timeouts across unrelated tests, connection refused or address in use usually mean a leftover server or process holds a port; checking for one comes before debugging the tests.",
  "capture-pipe": "A test that hangs under output capture but passes with -s is filling the capture pipe.",
  "import-error":
    "An import error often means the interpreter resolves the package from another checkout or an outdated install; `python -c 'import <package>; print(<package>.__file__)'` shows which.",
  "worker-crash":
    "An xdist worker crashed while running a test (a segfault or os._exit in the test): a real failure, not a timeout.",
  "syntax-interpreter":
    "A SyntaxError in a file that is valid for the project's declared Python usually means the interpreter is older than the project needs.",
  "own-reporter":
    "run-tests-skill's reporter plugin could not be imported in this environment; prefixing the command with `PYTEST_ADDOPTS=` runs pytest without it.",
  "collect-only": "Collect-only run: no test was executed.",
  startup:
    "pytest itself could not start (a bare traceback before its banner): the environment is broken, e.g. a plugin or a dependency such as pluggy missing or of the wrong version. Fixing the environment comes before any test.",
  "runner-missing":
    "The shell could not find the runner (exit 127, command not found): the runner is missing on this machine, not a test problem. Install it, or use the project's interpreter as the skill writes it.",
  "orphan-process":
    "A process of this project was left behind with no parent (an orphan); it may hold a port or a socket the next run needs.",
  "missing-fixture":
    "Setup errors `fixture '<name>' not found` on several tests mean a pytest plugin the suite needs is not installed in this environment: an environment problem, not the tests.",
};

/** Fixtures that well-known plugins provide, for the missing-fixture hint. */
const FIXTURE_PLUGINS: Record<string, string> = {
  benchmark: "pytest-benchmark",
  mocker: "pytest-mock",
  httpx_mock: "pytest-httpx",
  aiohttp_client: "pytest-aiohttp",
  freezer: "pytest-freezer",
  requests_mock: "requests-mock",
  snapshot: "syrupy",
  event_loop: "pytest-asyncio",
  datadir: "pytest-datadir",
  qtbot: "pytest-qt",
  db: "pytest-django",
  settings: "pytest-django",
  xprocess: "pytest-xprocess",
};

function hintText(key: HintKey, input: RenderInput): string {
  const profile = input.hints ?? {};
  if (key === "stale-server" && profile.stale_server) return profile.stale_server;
  if (key === "capture-pipe" && profile.capture_pipe) return profile.capture_pipe;
  if (key === "import-error") {
    const modules = input.classification.missingModules;
    const which = modules.length > 0 ? `Missing module: ${modules.join(", ")}. ` : "";
    const pkg = input.packageName;
    // The check is a command only where the skill in force allows it (the project's interpreter, else
    // `python`; generic's skill allows no `-c` at all).
    const skill = input.skill;
    const probe = pkg
      ? [...new Set([skill?.python ?? "python", "python"])]
          .map((python) => `${python} -c 'import ${pkg}; print(${pkg}.__file__)'`)
          .find((command) => !skill || skill.judge(command))
      : undefined;
    // The profile's own hint, unless it shows a `-c` check the skill in force refuses.
    const own = profile.import_error;
    const ownAllowed =
      own !== undefined &&
      [...own.matchAll(/`([^`]+)`/g)].every(
        (m) => !skill || !/^\S*python3? -c /.test(m[1] as string) || skill.judge(m[1] as string),
      );
    const check =
      (ownAllowed ? own : undefined) ??
      (probe
        ? `An import error often means the interpreter resolves the package from another checkout or an outdated install; \`${probe}\` shows which.`
        : "An import error often means the interpreter resolves the package from another checkout or an outdated install; the package's `__file__`, printed by the same interpreter, shows which.");
    return `${which}${check}`;
  }
  if (key === "missing-fixture") {
    const names = input.classification.missingFixtures;
    const plugins = names
      .filter((n) => FIXTURE_PLUGINS[n])
      .map((n) => `${FIXTURE_PLUGINS[n]} provides \`${n}\``);
    return `Setup errors \`fixture '${names.slice(0, 3).join("', '")}' not found\` mean a pytest plugin the suite needs is not installed in this environment${plugins.length > 0 ? ` (${plugins.join(", ")})` : ""}: an environment problem, not the tests.`;
  }
  if (key === "runner-missing") {
    const missing = input.classification.collectionErrors.find((e) => e.preSession === "runner-missing");
    return `\`${missing?.path ?? "the runner"}\` was not found (exit 127, command not found): the runner is missing on this machine, so no test ran; nothing here says anything about the tests. Install it, or run pytest with the project's interpreter as the skill writes it.`;
  }
  if (key === "orphan-process") {
    const orphans = input.classification.orphans ?? [];
    const listed = orphans
      .slice(0, 3)
      .map((o) => `pid ${o.pid} \`${o.command}\``)
      .join(", ");
    return `Left behind with no parent (orphans of an earlier run): ${listed}${orphans.length > 3 ? `, and ${orphans.length - 3} more` : ""}. They may hold the ports or sockets the tests need; ask the user before killing them.`;
  }
  if (key === "startup") {
    const crash = input.classification.collectionErrors.find((e) => e.preSession === "startup")?.crash;
    const module = input.classification.missingModules[0];
    return `pytest itself could not start${crash?.type ? ` (${crash.type}${module ? ` for ${module}` : ""})` : ""}: a bare traceback before its banner means the environment is broken, e.g. a plugin or a dependency such as pluggy missing or of the wrong version. Fixing the environment comes before any test.`;
  }
  return DEFAULT_HINTS[key];
}

function testLine(
  t: ClassifiedTest,
  runClass: string,
  flaky: FlakyEvidence | undefined,
  repeated: RepeatedFailure | undefined,
): string {
  const tag =
    t.outcome === "error"
      ? `ERROR (${t.phase ?? "setup/teardown"})`
      : t.outcome === "running"
        ? "RUNNING"
        : "FAILED";
  const id = t.idGuessed ? `${t.id} (id rebuilt from a section header, uncertain)` : t.id;
  const subs = t.subfailures ? ` (subtests ${t.subfailures.join(", ")})` : "";
  const cls = runClass === "mixed" || t.class !== runClass ? ` [${t.class}]` : "";
  // The tag already says "ERROR (setup)"; other reasons (listed entry, not listed, worker crash) are news.
  const why = t.why && !t.why.startsWith("error at") ? ` (${t.why})` : "";
  // An environment error's location is wherever the environment broke (often inside site-packages):
  // not a place to read; the next step names the fix instead.
  const where = t.location && t.class !== "environment-error" ? ` at ${t.location}` : "";
  const history = repeated
    ? ` (failed the same way at ${formatTime(repeated.earlierAt)} on this unchanged tree)`
    : flaky
      ? ` (failed then passed on rerun at ${formatTime(flaky.passedAt)} before)`
      : "";
  return `${tag} ${id}${subs} - ${t.signature}${where}${cls}${why}${history}`;
}

/** Every id on one line, grouped by file: `tests/a.py::{test_x, test_y[1]}; tests/b.py::test_z`. */
export function compactIds(ids: readonly string[]): string {
  const byFile = new Map<string, string[]>();
  for (const id of ids.slice(0, COMPACT_IDS_MAX)) {
    const { file } = splitNodeId(id);
    const key = file || id;
    const rest = file ? id.slice(file.length + 2) : "";
    const list = byFile.get(key) ?? [];
    if (rest) list.push(rest);
    byFile.set(key, list);
  }
  const parts = [...byFile.entries()].map(([file, names]) =>
    names.length === 0
      ? file
      : names.length === 1
        ? `${file}::${names[0]}`
        : `${file}::{${names.join(", ")}}`,
  );
  const more = ids.length - Math.min(ids.length, COMPACT_IDS_MAX);
  return `${parts.join("; ")}${more > 0 ? `; and ${more} more` : ""}`;
}

/** What pytest can select again: the id itself, or for an id it cannot (an object's address in its
 *  parameters) the test function, which reruns every parametrisation. Guessed ids are not offered. */
function rerunTargets(tests: readonly ClassifiedTest[]): string[] {
  const targets = new Set<string>();
  for (const t of tests) {
    if (t.idGuessed) continue;
    const target = isRerunnableId(t.id) ? t.id : isNodeId(t.id) ? withoutParams(t.id) : null;
    if (target) targets.add(target);
  }
  return [...targets];
}

function rerunCommand(input: RenderInput, ids: readonly string[]): string {
  if (ids.length > 0 && ids.length <= 8) return withFlags(input, ids);
  return withFlags(input, ["--lf"]);
}

const isFailing = (t: ClassifiedTest) => t.outcome === "failed" || t.outcome === "error";

/** One step per distinct environment cause: what is wrong, how many it hit, the fix, and that the code
 *  is not the problem. Never a path into site-packages: the fix names a package, a setting or a value. */
function environmentSteps(c: Classification): string[] {
  return c.environment.slice(0, 3).map((finding) => {
    const { cause, ids } = finding;
    const tests = ids.filter(isNodeId);
    // A collection error or the error that stopped pytest is already shown above; tests are counted.
    const hit =
      tests.length > 0
        ? `${tests.length} test${tests.length === 1 ? "" : "s"} (${tests.length === 1 ? tests[0] : `${tests[0]}, ...`}) - `
        : "";
    return `Environment, not the code: ${hit}${cause.label}. Fix: ${cause.fix}. Not a code problem: do not change the code for it; rerun once it is fixed.`;
  });
}

/** Next steps as facts about what would help, from each failing test's class, the ledger, the profile and
 *  the changed files: a real failure is read and investigated (never "rerun it"); a timeout-shaped one
 *  not on the list is rerun once, alone; one that already failed the same way on this tree is not flaky;
 *  a known-flaky one is named and left. */
export function nextSteps(input: RenderInput): string[] {
  const c = input.classification;
  const steps: string[] = [];
  const failing = c.tests.filter(isFailing);
  const repeated = new Map((input.repeated ?? []).map((r) => [r.id, r]));
  const timeoutShaped =
    input.causes.length > 0 ? new Set(failing.filter((t) => t.timeoutLike).map((t) => t.id)) : new Set();
  for (const full of input.causes) {
    // "Mapped to the change" never outranks "timeout-shaped": a deadline that expired says nothing about
    // which edit broke it (a comment-only edit maps just as well).
    const cause = { ...full, tests: full.tests.filter((id) => !timeoutShaped.has(id)) };
    if (cause.tests.length === 0) continue;
    const tests = cause.tests.length === 1 ? cause.tests[0] : `${cause.tests.length} failing tests`;
    steps.push(
      `${tests} ${cause.tests.length === 1 ? "is" : "are"} mapped to changed ${cause.changed.slice(0, 3).join(", ")}${cause.changed.length > 3 ? ", ..." : ""} (working tree): the likely cause.`,
    );
  }
  if (c.class === "interrupted") {
    const ids = rerunTargets(failing);
    if (c.runningTest && isNodeId(c.runningTest))
      steps.push(
        `A run of only the test that was running shows whether it hangs on its own: ${withFlags(input, [c.runningTest])}.`,
      );
    else if (ids.length > 0) steps.push(`Rerunning only the failed tests: ${rerunCommand(input, ids)}.`);
    return steps;
  }
  steps.push(...environmentSteps(c));
  if (c.class === "environment-error") return steps;
  if (c.threshold) {
    steps.push(
      `The tests passed; the coverage threshold failed the run (total ${c.threshold.total}% < required ${c.threshold.required}%): not a test failure and not flaky, a rerun changes nothing. Next: the coverage report in the output names the lines no test runs; add tests that run them, or ask the user before lowering the threshold.`,
    );
    return steps;
  }
  if (c.class === "import-error" || c.class === "collection-error") {
    const files = c.collectionErrors.filter((e) => !e.preSession).map((e) => e.path);
    if (files.length === 0) steps.push("No test ran: pytest stopped before the session.");
    else if (c.counts.passed + c.counts.failed > 0)
      steps.push(`The tests in ${files.slice(0, 3).join(", ")} did not run: the module has to import first.`);
    else
      steps.push(
        `No test ran: ${files.slice(0, 3).join(", ")} failed to ${c.class === "import-error" ? "import" : "collect"}.`,
      );
    return steps;
  }

  // A timeout-shaped failure repeated while the machine was busier than its cores (now or at the earlier
  // failure) is not shown to be reproducible by repetition alone.
  // Without earlier failures on this tree (the usual case) neither list can hold a test: no pass over them.
  const loadedTwice =
    repeated.size === 0
      ? []
      : failing.filter((t) => {
          const r = repeated.get(t.id);
          return (
            r &&
            t.class !== "flaky-known" &&
            t.timeoutLike &&
            (overloaded(input.load) || overloaded(r.earlierLoad))
          );
        });
  const isLoadedTwice = new Set(loadedTwice);
  const twice =
    repeated.size === 0
      ? []
      : failing.filter((t) => repeated.has(t.id) && t.class !== "flaky-known" && !isLoadedTwice.has(t));
  // A fixture no plugin provides is the environment's fault: named once, not investigated test by test.
  const noFixture = (t: ClassifiedTest) =>
    t.outcome === "error" && /fixture '[^']+' not found/.test(t.signature);
  const environment = failing.filter(noFixture);
  if (environment.length > 0)
    steps.push(
      `${environment.length} test${environment.length === 1 ? "" : "s"} could not set up: fixture ${c.missingFixtures.map((f) => `'${f}'`).join(", ")} not found; installing the test dependency that provides it comes before reading ${environment.length === 1 ? "that test" : "those tests"}.`,
    );
  // One pass sorts the failing tests (thousands on a large run) into what each step names.
  const real: ClassifiedTest[] = [];
  const likely: ClassifiedTest[] = [];
  const known: ClassifiedTest[] = [];
  for (const t of failing) {
    if (t.class === "real-failure" && !repeated.has(t.id) && !noFixture(t)) real.push(t);
    if (
      (t.class === "flaky-likely" && !repeated.has(t.id)) ||
      (isLoadedTwice.has(t) && t.class !== "real-failure")
    )
      likely.push(t);
    if (t.class === "flaky-known") known.push(t);
  }
  const loadedReal = loadedTwice.filter((t) => t.class === "real-failure");
  if (c.fatal?.test && isRerunnableId(c.fatal.test))
    steps.push(
      `The Python process crashed (${c.fatal.error}) in ${c.fatal.test}${c.fatal.location ? ` at ${c.fatal.location}` : ""}: running only that test (${withFlags(input, [c.fatal.test])}) shows whether it crashes on its own; a crash is native code (a C extension, ctypes) misused or broken, not flakiness.`,
    );
  if (real.length > 0) {
    const first = real[0] as ClassifiedTest;
    // The project's deepest own frame; never a frame in the stdlib, pytest or an installed package.
    const where = first.location ?? (first.noOwnFrame ? null : splitNodeId(first.id).file || first.id);
    const others =
      real.length > 1 ? ` (and ${real.length - 1} more real failure${real.length > 2 ? "s" : ""})` : "";
    steps.push(
      where
        ? `Real failure: read ${where} and the failure of ${first.id}${others} and investigate the cause; a rerun does not fix a real failure.`
        : `Real failure: the traceback of ${first.id}${others} has no frame in the project's own code (only the stdlib, pytest or installed packages); read its failure and the test's own call into that code, and investigate the cause; a rerun does not fix a real failure.`,
    );
  }
  if (twice.length > 0) {
    const first = twice[0] as ClassifiedTest;
    const when = formatTime((repeated.get(first.id) as RepeatedFailure).earlierAt);
    steps.push(
      `${twice.length === 1 ? first.id : `${twice.length} tests (${first.id}, ...)`} failed the same way twice on this unchanged tree (also at ${when}): not flaky; investigate${first.location ? ` from ${first.location}` : ""}, no further rerun.`,
    );
  }
  const loads = [input.load, ...loadedTwice.map((t) => repeated.get(t.id)?.earlierLoad)].filter(overloaded);
  const busiest = loads.sort((a, b) => (b as MachineLoad).avg1 - (a as MachineLoad).avg1)[0] ?? null;
  if (loadedReal.length > 0 && busiest) {
    const first = loadedReal[0] as ClassifiedTest;
    steps.push(
      `${loadedReal.length === 1 ? first.id : `${loadedReal.length} tests (${first.id}, ...)`} failed timeout-shaped again on this tree, but with the machine loaded (${loadText(busiest)}): repetition under load does not show it is not flaky; ${confirmUnderLoad(input, rerunTargets(loadedReal), busiest.cores)}.`,
    );
  }
  if (likely.length > 0) {
    const targets = rerunTargets(likely);
    const guessed = likely.length - likely.filter((t) => !t.idGuessed).length;
    if (busiest && targets.length > 0)
      steps.push(
        `Timeout-shaped, not on the known-flaky list, and the machine is loaded (${loadText(busiest)}): a deadline may expire from load alone, so failing again now would not show it is not flaky; ${confirmUnderLoad(input, targets, busiest.cores)}.`,
      );
    else
      steps.push(
        targets.length > 0
          ? `Timeout-shaped, not on the known-flaky list: rerun only ${targets.length === 1 ? "that test" : "those tests"} once, alone: ${rerunCommand(input, targets)}. The same failure again means it is not flaky.`
          : `Timeout-shaped, not on the known-flaky list, but ${guessed > 0 ? "their ids are uncertain" : "pytest cannot select them by id"}: the FAILURES section names them.`,
      );
  }
  if (known.length > 0) {
    const entries = [...new Set(known.map((t) => t.entry ?? t.id))];
    steps.push(
      `Known flaky: ${known.length === 1 ? (known[0] as ClassifiedTest).id : `${known.length} tests`} matched the known-flaky entr${entries.length === 1 ? "y" : "ies"} ${entries.slice(0, 3).join(", ")}${entries.length > 3 ? ", ..." : ""}; nothing to fix there, move on.`,
    );
  }
  return steps;
}

/** `steps`: nextSteps(input), when the caller already has them (they take a pass over every failing test). */
export function renderReport(input: RenderInput, steps: readonly string[] = nextSteps(input)): string {
  const c = input.classification;
  const header = `pytest run: ${c.class} - ${formatRunCounts(c)}. Source: ${input.sourceLabel}; evidence ${c.evidence}.`;

  const items: string[] = [];
  const flakyById = new Map(input.flaky.map((f) => [f.id, f]));
  const repeatedById = new Map((input.repeated ?? []).map((r) => [r.id, r]));
  // Real failures first: they get the detailed lines (with their crash line); known-flaky ones last.
  // In order of rank, each rank in the run's order: three lists joined, no sort of every test.
  const byRank: [ClassifiedTest[], ClassifiedTest[], ClassifiedTest[]] = [[], [], []];
  for (const t of c.tests) {
    if (t.outcome === "running" && c.runningTest === t.id) continue;
    byRank[t.class === "flaky-known" ? 2 : t.class === "flaky-likely" ? 1 : 0].push(t);
  }
  const listed = byRank[0].concat(byRank[1], byRank[2]);
  for (const t of listed.slice(0, DETAILED_TESTS))
    items.push(testLine(t, c.class, flakyById.get(t.id), repeatedById.get(t.id)));
  const rest = listed.slice(DETAILED_TESTS);
  if (rest.length > 0)
    items.push(
      `Also ${rest.every(isFailing) ? "failing" : "listed"} (${rest.length}): ${compactIds(rest.map((t) => t.id))}${rest.some((t) => t.idGuessed) ? " (some ids rebuilt from section headers, uncertain)" : ""}.`,
    );
  if (c.threshold)
    items.push(
      `All tests passed, but the run failed after them: ${c.threshold.line}${c.threshold.wrapper ? ` (${c.threshold.wrapper})` : ""}`,
    );
  for (const e of c.collectionErrors) {
    const crash = e.crash
      ? e.crash.type
        ? `${e.crash.type}: ${e.crash.message}`
        : e.crash.message
      : "(no crash line in the output)";
    const what =
      e.preSession === "conftest"
        ? `conftest ${e.path} failed to load`
        : e.preSession === "plugin"
          ? `plugin ${e.path} failed to import`
          : e.preSession === "runner-missing"
            ? "the runner is missing, pytest did not start"
            : e.preSession === "usage"
              ? "usage error, pytest did not start"
              : e.preSession === "internal"
                ? "pytest INTERNALERROR"
                : e.preSession === "startup"
                  ? "pytest could not start"
                  : `ERROR collecting ${e.path}`;
    const detail = e.preSession === "usage" ? e.path : crash;
    items.push(`${what} - ${detail}${c.class === "mixed" ? ` [${e.class}]` : ""}`);
  }

  // Fixed lines, each with a display slot and a keep-priority (lower is kept first).
  type Line = { slot: number; priority: number; text: string };
  const fixed: Line[] = [];
  if (c.notes.length > 0)
    fixed.push({
      slot: 0,
      priority: 0,
      text: `${c.evidence === "partial" ? "Partial because" : "Note"}: ${c.notes.slice(0, 3).join("; ")}.`,
    });
  if (c.class === "interrupted" && c.runningTest)
    fixed.push({ slot: 1, priority: 1, text: `Running when the run stopped: ${c.runningTest}.` });
  if (c.stoppedEarly)
    fixed.push({
      slot: 2,
      priority: 5,
      text: `Stopped at the first failure (-x/--maxfail)${c.notRun !== null ? `; ${c.notRun} collected tests did not run` : ""}.`,
    });
  input.recovered.slice(0, 2).forEach((r, k) => {
    fixed.push({
      slot: 3,
      priority: 6 + k,
      text: `${r.id} failed at ${formatTime(r.failedAt)} then passed on rerun at ${formatTime(r.passedAt)} on an unchanged tree: evidence of flakiness (\`run-tests-skill flaky\` lists it).`,
    });
  });
  c.hints.forEach((key, k) => {
    fixed.push({ slot: 4, priority: k === 0 ? 4 : 8 + k, text: `Hint: ${hintText(key, input)}` });
  });
  steps.forEach((step, k) => {
    fixed.push({ slot: 5, priority: k === 0 ? 3 : 7 + k, text: `Next: ${step}` });
  });
  fixed.push({
    slot: 6,
    priority: 2,
    text: `Any fix stays unstaged: the human reviews, stages and commits it${input.commitMessageSkill ? ` (commit message: ${input.commitMessageSkill})` : ""}.`,
  });

  // The detailed test lines and the compact id line are reserved; the fixed lines fill the rest by priority.
  const reserved = Math.min(items.length, DETAILED_TESTS + 1);
  const kept = [...fixed]
    .sort((a, b) => a.priority - b.priority)
    .slice(0, Math.max(1, MAX_LINES - 1 - reserved))
    .sort((a, b) => a.slot - b.slot || a.priority - b.priority)
    .map((l) => l.text);
  const room = MAX_LINES - 1 - kept.length;
  let shown = items;
  if (items.length > room) {
    const hidden = items.slice(room - 1);
    shown = [...items.slice(0, room - 1), summariseHidden(hidden)];
  }
  return [header, ...shown, ...kept].join("\n");
}

/** "... and 14 more (9 in tests/test_a.py, 5 in tests/test_b.py)." */
function summariseHidden(lines: string[]): string {
  const byFile = new Map<string, number>();
  for (const line of lines) {
    const id = /^(?:FAILED|RUNNING|ERROR \([^)]*\)|ERROR collecting) (\S+)/.exec(line)?.[1] ?? "?";
    const file = fileOfNodeId(id);
    byFile.set(file, (byFile.get(file) ?? 0) + 1);
  }
  const parts = [...byFile.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([file, n]) => `${n} in ${file}`);
  return `... and ${lines.length} more (${parts.join(", ")}${byFile.size > 4 ? ", ..." : ""}).`;
}
