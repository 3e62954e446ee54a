// The parts of a detected profile that come from the repository itself (issue 20, item 5): examples named
// after its real test files and tests, its markers and what its addopts do, the test folders of a monorepo,
// timeouts from a measured run, and the timeout libraries it depends on. detect.ts merges `doc` into the
// profile it writes; the facts come from repo-notes.ts.
import { readdirSync, rmdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Addopt, Example, Marker } from "../../hooks/core/profile/schema.ts";
import {
  collectIds,
  explainAddopts,
  idsFromFiles,
  libraryTimeouts,
  MEASURE_CAP_MS,
  measureSuite,
  passesPosargs,
  pickExamples,
  readPytestConfig,
  testFilesUnder,
  timeoutsFrom,
} from "./repo-notes.ts";

export interface RepoNotesInput {
  dir: string;
  env: NodeJS.ProcessEnv;
  /** How to run the detected interpreter. */
  argv: string[];
  /** The interpreter as the skill writes it (e.g. .venv/bin/python, uv run python). */
  label: string;
  testsDir: string;
  /** A monorepo root's test folders (empty otherwise). */
  nested: string[];
  /** The pytest section pytest reads, and its file. */
  config: { body: string; from: string } | null;
  /** The repository's own test commands (test-commands.ts). */
  ownCommands: string[];
  /** Collect and time the suite (else: read the test files, keep the default timeouts). */
  measure: boolean;
}

export interface RepoNotes {
  /** Profile keys: examples, markers, addopts, path_resolution/layout for a monorepo, gotchas. */
  doc: Record<string, unknown>;
  timeouts?: { suite_ms: number; file_ms: number; measured: string };
  /** Timeout signatures of the libraries the project depends on. */
  libraries: string[];
  notes: string[];
}

/** The generic profile's default flags (skills/profiles/generic.yaml), in every example as it builds them. */
const DEFAULT_FLAGS = "--tb=short";
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Runs `run`, takes away the empty folders it left at the top of `dir` (plugins make some at start-up, e.g.
 *  pytest-benchmark's .benchmarks/) and names anything else it left there, never deleting it. */
async function noting<T>(dir: string, notes: string[], what: string, run: () => Promise<T>): Promise<T> {
  const before = new Set(readdirSync(dir));
  const result = await run();
  const left: string[] = [];
  for (const name of readdirSync(dir)) {
    if (before.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory() && readdirSync(path).length === 0) rmdirSync(path);
    else left.push(name);
  }
  if (left.length > 0) notes.push(`the project's pytest created ${left.join(", ")} while ${what}`);
  return result;
}

export async function repoNotes(input: RepoNotesInput): Promise<RepoNotes> {
  const { dir, env, argv, testsDir, nested } = input;
  const notes: string[] = [];
  const doc: Record<string, unknown> = {};

  // Markers and addopts, from the file pytest reads.
  let markers: Marker[] = [];
  let addopts: Addopt[] = [];
  if (input.config) {
    const config = readPytestConfig(input.config.body, input.config.from);
    markers = config.markers;
    addopts = explainAddopts(config.addopts, markers);
    if (markers.length > 0)
      notes.push(`markers (${input.config.from}): ${markers.map((m) => m.name).join(", ")}`);
    if (addopts.length > 0)
      notes.push(`addopts (${input.config.from}): ${addopts.map((a) => a.option).join(" ")}`);
    const out = markers.filter((m) => m.deselected).map((m) => m.name);
    if (out.length > 0) notes.push(`a plain run leaves out the tests marked ${out.join(", ")} (addopts -m)`);
  }
  if (markers.length > 0) doc.markers = markers;
  if (addopts.length > 0) doc.addopts = addopts;

  // Real test ids: collected when we may run pytest, else read from the test files.
  // In a monorepo the examples come from the package with the most tests (the SDK, not a codegen helper).
  const fileCount = new Map(nested.map((f) => [f, testFilesUnder(dir, f, 500).length]));
  const folders =
    nested.length > 0
      ? [...nested].sort((a, b) => (fileCount.get(b) ?? 0) - (fileCount.get(a) ?? 0))
      : [testsDir];
  const rank = (id: string) => {
    const at = folders.findIndex((f) => id.startsWith(`${f}/`));
    return at < 0 ? folders.length : at;
  };
  let ids: string[] = [];
  // One quiet run of the suite gives both the timeouts and the ids of the tests that ran; collection only
  // when it gave none (it failed, or did not finish in time).
  let timeouts: RepoNotes["timeouts"];
  if (input.measure) {
    const run = await noting(dir, notes, "running the suite", () => measureSuite(argv, dir, env));
    if (run.ok) {
      const t = timeoutsFrom(run.run.ms);
      // Kept in the committed profile: counts and a coarse bound only, so detecting again on the same suite
      // writes the same file (the exact times are in init's notes below).
      const counts = (run.run.summary || `exit ${run.run.exit}`).replace(/ in [\d.]+s\b.*$/, "");
      const bound = Math.max(10, Math.ceil(run.run.ms / 10_000) * 10);
      const measured = `a quiet run of the whole suite measured by init (\`${input.label} -m pytest -q\`: ${counts}, under ${bound} s wall time); five times that plus 30 s, at least 60 s (30 s for a file)`;
      timeouts = { ...t, measured };
      ids = run.run.ids;
      notes.push(
        `timeouts: the suite ran in ${seconds(run.run.ms)} (${run.run.summary}); full run ${t.suite_ms / 1000} s, one file ${t.file_ms / 1000} s`,
      );
    } else
      notes.push(
        `timeouts: ${run.why}; the skill keeps the Bash tool's 10-minute cap for the full suite (measured cap ${MEASURE_CAP_MS / 1000} s)`,
      );
    if (ids.length === 0) {
      const collected = await noting(dir, notes, "collecting", () => collectIds(argv, dir, env));
      if (collected.ok) {
        ids = collected.ids;
        notes.push(`collected ${ids.length} tests in ${seconds(collected.ms)}`);
      } else notes.push(`examples: collection gave no ids (${collected.why}); reading the test files`);
    } else notes.push(`examples: from the ${ids.length} tests that ran`);
  }
  if (ids.length === 0)
    ids = idsFromFiles(
      dir,
      folders.flatMap((f) => testFilesUnder(dir, f, 500)),
    );
  const picked = pickExamples(nested.length > 0 ? [...ids].sort((a, b) => rank(a) - rank(b)) : ids);
  const examples: Example[] = [{ args: "", means: "the full suite", command: `{{pytest}} ${DEFAULT_FLAGS}` }];
  if (picked) {
    const underTests = testsDir !== "." && picked.file.startsWith(`${testsDir}/`);
    const short = underTests ? picked.file.slice(testsDir.length + 1) : picked.file;
    examples.push(
      {
        args: short,
        means: `one file, ${picked.file}`,
        command: `{{pytest}} ${picked.file} ${DEFAULT_FLAGS}`,
      },
      {
        args: `${picked.file}::${picked.test} -v`,
        means: "one test (every parametrisation), verbose",
        command: `{{pytest}} ${picked.file}::${picked.test} ${DEFAULT_FLAGS} -v`,
      },
    );
    if (picked.keyword)
      examples.push({
        args: `-k ${picked.keyword.word}`,
        means: `the ${picked.keyword.count} tests whose names contain "${picked.keyword.word}"`,
        command: `{{pytest}} ${DEFAULT_FLAGS} -k ${picked.keyword.word}`,
      });
    notes.push(
      `examples: ${picked.file}, ${picked.file}::${picked.test}${picked.keyword ? `, -k ${picked.keyword.word}` : ""}`,
    );
  } else notes.push("examples: no test file found; the skill shows the full run only");
  for (const m of markers.filter((k) => k.deselected).slice(0, 2))
    examples.push({
      args: `-m ${m.name}`,
      means: `the tests marked ${m.name}, which a plain run leaves out`,
      command: `{{pytest}} ${DEFAULT_FLAGS} -m ${m.name}`,
    });

  // The repo's own tox / nox command with pytest's arguments after `--`, where it passes them on.
  const gotchas: string[] = [];
  for (const tool of ["tox", "nox"] as const) {
    const command = input.ownCommands.find((c) => c.startsWith(`${tool} `) && c.endsWith(" --"));
    if (!command) continue;
    if (!passesPosargs(dir, tool)) {
      gotchas.push(
        `\`${command.slice(0, -3)}\` does not pass arguments on to pytest (its commands have no posargs): arguments after \`--\` are dropped, so use it for the whole suite only.`,
      );
      notes.push(`${tool}: its test command takes no posargs; the skill says so`);
      continue;
    }
    if (picked)
      examples.push({
        args: `${picked.file} with ${tool}`,
        means: `one file, run by the repository's own \`${command.slice(0, -3)}\` (after \`--\`, pytest's arguments)`,
        command: `${command} ${picked.file}`,
      });
  }
  doc.examples = examples;
  if (gotchas.length > 0) doc.gotchas = gotchas;

  // A monorepo root: say where the tests are instead of a root tests/ that is not there.
  if (nested.length > 0) {
    doc.layout = nested.map((path) => ({
      path: `${path}/`,
      note: `the tests of ${path.split("/").slice(0, -1).join("/")}`,
    }));
    doc.path_resolution = {
      rules: [
        `The tests live in each package's own folder (${nested.map((p) => `\`${p}/\``).join(", ")}); there is no tests/ at the root.`,
        "A bare file name resolves in those folders; if several packages have it, say which and ask.",
        "A folder name resolves to the package's tests folder.",
        "A node id or a `-k` expression is passed as it is.",
      ],
      commands: [],
    };
  }

  const libraries = libraryTimeouts(dir);
  if (libraries.length > 0)
    notes.push(`timeout-shaped failures also include ${libraries.join(", ")} (dependencies)`);
  return { doc, ...(timeouts ? { timeouts } : {}), libraries, notes };
}
