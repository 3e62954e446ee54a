// One failing test's class (known-flaky, environment, flaky-likely or real) and the known-flaky lookup, for
// ./classify.ts, which classifies the whole run (pytest-output.md §13.3). Pure.
import { DEFAULT_TIMEOUT_SIGNATURES, type FlakyEntry } from "../core/profile/schema.ts";
import { isNodeId, joinNodeId, splitNodeId, testNameOf } from "../core/pytest/node-id.ts";
import type { EnvironmentCause } from "./environment.ts";
import { failureIsTimeoutLike, failureMatches } from "./evidence.ts";
import { signatureText } from "./signature.ts";
import type { ClassifiedTest, ParsedRun, TestRecord } from "./types.ts";

// ---- known-flaky ids (§13.3) ---------------------------------------------------------------------

function normalizePath(path: string): string {
  return path.replace(/\\/g, "/").replace(/^\.\//, "");
}

/** Path suffix at a segment boundary, either way round: `tests/test_x.py` matches `test_x.py` (a
 *  skill-relative entry) and the id of a run started inside tests/. */
function samePathTail(a: string, b: string): boolean {
  const x = normalizePath(a);
  const y = normalizePath(b);
  return x === y || x.endsWith(`/${y}`) || y.endsWith(`/${x}`);
}

export function idMatchesEntry(id: string, entry: FlakyEntry): boolean {
  const node = splitNodeId(id);
  if (!node.file || !samePathTail(node.file, entry.path)) return false;
  const nameMatches = node.name === entry.name || (!isNodeId(entry.name) && testNameOf(id) === entry.name);
  if (!nameMatches) return false;
  if (!entry.params) return true;
  return node.params !== null && entry.params.includes(node.params);
}

export function findFlakyEntry(id: string, entries: readonly FlakyEntry[]): FlakyEntry | null {
  return entries.find((entry) => idMatchesEntry(id, entry)) ?? null;
}

// ---- per test ------------------------------------------------------------------------------------

/** How an entry is named in a report: `path::name[params]`. */
export function entryLabel(entry: FlakyEntry): string {
  return joinNodeId(entry.path, entry.name, entry.params ? entry.params.join("|") : null);
}

/** A test's facts without its class yet. */
type Unclassed = Omit<ClassifiedTest, "class" | "timeoutLike">;

/** The class set on the record itself, after its facts (the key order of a copy with the class spread in
 *  last): no copy per test, this runs once per failing test of runs with thousands of them. */
function withClass(test: Unclassed, cls: ClassifiedTest["class"], timeoutLike: boolean, why?: string) {
  const classified = test as ClassifiedTest;
  classified.class = cls;
  classified.timeoutLike = timeoutLike;
  if (why !== undefined) classified.why = why;
  return classified;
}

/** A failing test's own class (pytest-output.md §13.3): known-flaky needs a listed id AND one of that
 *  entry's signatures anywhere in its failure; a crash that says the environment is wrong (environment.ts)
 *  is an environment error; timeout-shaped (crash, chain, or named in a hang section) but not both is at
 *  most flaky-likely; everything else is real. */
export function classifyTest(
  record: TestRecord,
  knownFlaky: readonly FlakyEntry[],
  timeoutSignatures: readonly string[] = DEFAULT_TIMEOUT_SIGNATURES,
  hung: ReadonlyMap<string, string> = new Map(),
  environmentOf: (record: TestRecord) => EnvironmentCause | null = () => null,
): ClassifiedTest {
  const base: Unclassed = {
    id: record.id,
    outcome: record.outcome,
    phase: record.phase,
    signature: signatureText(record.crash),
  };
  if (record.location) base.location = record.location;
  if (record.idGuessed) base.idGuessed = true;
  if (record.subfailures) base.subfailures = record.subfailures;
  if (record.noOwnFrame && !record.location) base.noOwnFrame = true;
  if (record.reruns) base.reruns = record.reruns;
  if (record.outcome === "running") {
    base.signature = "(still running when the run stopped)";
    return withClass(base, "interrupted", false);
  }
  const environment = record.workerCrashed ? null : environmentOf(record);
  const asEnvironment = (cause: EnvironmentCause): ClassifiedTest => {
    const classified = withClass(base, "environment-error", false, cause.label);
    classified.environment = cause;
    return classified;
  };
  if (record.outcome === "error" && environment) return asEnvironment(environment);
  if (record.outcome === "error")
    return withClass(
      base,
      "real-failure",
      false,
      `error at ${record.phase === "teardown" ? "teardown" : record.phase === "setup" ? "setup" : "setup or teardown"}`,
    );
  if (record.workerCrashed)
    return withClass(base, "real-failure", false, "the xdist worker running it crashed");
  if (record.crash?.type === "Fatal Python error")
    return withClass(base, "real-failure", false, "the interpreter crashed while running it");
  const hangSection = hung.get(record.id);
  const timeoutLike =
    failureIsTimeoutLike(record.crash, record.evidence, timeoutSignatures) || hangSection !== undefined;
  const entry = findFlakyEntry(record.id, knownFlaky);
  if (entry?.signatures.some((sig) => failureMatches(sig, record.crash, record.evidence))) {
    const classified = withClass(base, "flaky-known", true, `known-flaky: ${entry.note}`);
    classified.entry = entryLabel(entry);
    return classified;
  }
  if (environment) return asEnvironment(environment);
  const listedFor = entry
    ? `listed as known-flaky for ${entry.signatures.join(", ")}, but it failed with this`
    : "";
  if (timeoutLike)
    return withClass(
      base,
      "flaky-likely",
      timeoutLike,
      entry
        ? listedFor
        : hangSection && !failureIsTimeoutLike(record.crash, record.evidence, timeoutSignatures)
          ? `named in the \`${hangSection}\` section: it hung; not on the known-flaky list, so not dismissed`
          : "timeout-shaped but not on the known-flaky list, so not dismissed",
    );
  const everyAttempt = record.reruns
    ? `failed on all ${record.reruns + 1} attempts (pytest-rerunfailures reran it ${record.reruns} time${record.reruns === 1 ? "" : "s"})`
    : "";
  return withClass(
    base,
    "real-failure",
    false,
    entry || everyAttempt ? [listedFor, everyAttempt].filter(Boolean).join("; ") : undefined,
  );
}

/** Failing tests a hang section names (by id, or by test name as a whole word), with the section title. */
export function hungTests(run: ParsedRun, titles: readonly string[]): Map<string, string> {
  const hung = new Map<string, string>();
  if (titles.length === 0) return hung;
  for (const section of run.extraSections) {
    if (!titles.includes(section.title)) continue;
    const text = section.lines.join("\n");
    for (const t of run.tests) {
      if (t.outcome !== "failed" && t.outcome !== "error") continue;
      const name = testNameOf(t.id);
      const named =
        text.includes(t.id) ||
        (name !== "" &&
          new RegExp(`(?<![\\w])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w])`).test(text));
      if (named) hung.set(t.id, section.title);
    }
  }
  return hung;
}

/** `fixture 'x' not found` at setup, by fixture, most frequent first: a plugin the suite needs is missing. */
export function missingFixtures(run: ParsedRun): string[] {
  const counts = new Map<string, number>();
  for (const t of run.tests) {
    if (t.outcome !== "error") continue;
    const m = /fixture '([^']+)' not found/.exec(t.crash?.message ?? "");
    if (m) counts.set(m[1] as string, (counts.get(m[1] as string) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([name]) => name);
}
