// From the pieces parse-text.ts found (short-summary entries, FAILURES/ERRORS items, line-style chunks,
// verbose progress lines) to one record per test id: outcomes merged by precedence (pytest-output.md §10),
// crash lines and evidence from each test's own section, ids rebuilt from section titles marked as guesses.

import {
  fileOfNodeId,
  headerTitleOf,
  isNodeId,
  joinNodeId,
  nodePartOfTitle,
} from "../core/pytest/node-id.ts";
import { failureLocation, sectionEvidence } from "./evidence.ts";
import { crashFromSection, crashFromSummaryMessage } from "./signature.ts";
import type { CollectionError, Crash, ParsedRun, TestRecord } from "./types.ts";

const LINE_TB = /^(\/\S+|[\w.][^\s:]*\.py):(\d+): (.*)$/;
const WORKER_CRASH = /^worker '(gw\d+)' crashed while running/;
/** The summary line cuts the message at 80 columns: `worker 'gw1' crashed wh...`. */
const WORKER_CRASH_SUMMARY = /^worker '(gw\d+)' crashed\b/;

export interface Item {
  title: string;
  lines: string[];
  section: "failures" | "errors";
}

export interface SummaryEntry {
  kind: string;
  id: string;
  message: string | null;
  /** SUBFAILED: the subtest's label, `(i=1)` or `[msg] (i=2)`. */
  sub?: string;
}

/** The FAILURES header title for a node id: `path::Class::test[p]` -> `Class.test[p]`. */
export const headerTitle = headerTitleOf;

export function buildTests(
  run: ParsedRun,
  entries: SummaryEntry[],
  items: Item[],
  failuresLoose: string[],
  verbose: Map<string, string>,
  root: string | null = null,
): void {
  const withSectionFacts = (record: TestRecord, item: Item | undefined) => addFacts(record, item, root);
  const records = new Map<string, TestRecord>();
  const collectionErrors = new Map<string, CollectionError>();
  const used = new Set<Item>();

  const upsert = (record: TestRecord) => {
    const prev = records.get(record.id);
    // A failed subtest is counted by its label (subfailures), not as a failing phase of the test itself.
    const phase = record.subfailures ? null : (record.phase ?? "unknown");
    if (!prev) {
      // Every caller passes a fresh record: kept as it is, no copy (one per failing test).
      record.phases = phase ? [phase] : [];
      records.set(record.id, record);
      return;
    }
    const phases = prev.phases ?? [];
    // The same phase seen twice (summary line and -v progress) is one failure.
    const merged =
      phase === null || phases.includes(phase) || (phase === "unknown" && phases.length > 0)
        ? phases
        : [...phases, phase];
    const subfailures =
      prev.subfailures || record.subfailures
        ? [...(prev.subfailures ?? []), ...(record.subfailures ?? [])]
        : undefined;
    if (rankOutcome(record.outcome) > rankOutcome(prev.outcome))
      records.set(record.id, {
        ...prev,
        ...record,
        crash: record.crash ?? prev.crash,
        evidence: record.evidence ?? prev.evidence,
        location: record.location ?? prev.location,
        ...(record.location || prev.location || !(record.noOwnFrame ?? prev.noOwnFrame)
          ? {}
          : { noOwnFrame: true }),
        phases: merged,
        ...(subfailures ? { subfailures } : {}),
      });
    else {
      prev.phases = merged;
      if (subfailures) prev.subfailures = subfailures;
      if (!prev.crash && record.crash) prev.crash = record.crash;
      if (!prev.evidence && record.evidence) prev.evidence = record.evidence;
      if (!prev.location && record.location) {
        prev.location = record.location;
        delete prev.noOwnFrame;
      } else if (!prev.location && record.noOwnFrame) prev.noOwnFrame = true;
    }
  };

  // Sections by section, then title: a run with thousands of failures must not scan them all per id.
  const byTitle: Record<Item["section"], Map<string, Item[]>> = { failures: new Map(), errors: new Map() };
  for (const it of items) {
    const list = byTitle[it.section].get(it.title);
    if (list) list.push(it);
    else byTitle[it.section].set(it.title, [it]);
  }
  const findItem = (title: string, id: string, section: Item["section"]): Item | undefined => {
    const list = byTitle[section].get(title);
    if (!list) return undefined;
    // The first unused section; with several, the first whose body names the id's file (no filtered copy:
    // this runs per summary line).
    let first: Item | undefined;
    let unused = 0;
    for (const it of list) {
      if (used.has(it)) continue;
      first ??= it;
      unused++;
    }
    if (unused <= 1) return first;
    const file = fileOfNodeId(id);
    return list.find((it) => !used.has(it) && it.lines.some((l) => l.includes(file))) ?? first;
  };

  // --tb=line: failure chunks without headers, each ending in `path:line: message`.
  const lineChunks = splitLineStyle(failuresLoose);
  let lineChunkIndex = 0;

  for (const entry of entries) {
    if (entry.kind === "FAILED" || entry.kind === "SUBFAILED") {
      const title = entry.sub ? `${headerTitle(entry.id)} ${entry.sub}` : headerTitle(entry.id);
      const workerCrashed = entry.message !== null && WORKER_CRASH_SUMMARY.test(entry.message);
      // xdist titles a crashed worker's section with the test's file, not the test.
      const item =
        findItem(title, entry.id, "failures") ??
        (workerCrashed ? findItem(fileOfNodeId(entry.id), entry.id, "failures") : undefined);
      let crash: Crash | null = null;
      if (item) {
        used.add(item);
        crash = workerCrashed ? workerCrashLine(item.lines) : crashFromSection(item.lines);
        if (!crash) crash = messageOnlyCrash(item.lines, entry.message);
      } else if (lineChunks.length > 0) {
        // --tb=line has no headers: failures come in the order of the FAILED lines.
        const chunk = lineChunks[lineChunkIndex++];
        if (chunk) crash = chunk.crash;
      }
      if (!crash && entry.message) crash = crashFromSummaryMessage(entry.message);
      const record: TestRecord = {
        id: entry.id,
        outcome: "failed",
        phase: "call",
        crash: crash ?? undefined,
        workerCrashed: workerCrashed || undefined,
      };
      withSectionFacts(record, item);
      if (entry.sub) record.subfailures = [entry.sub];
      upsert(record);
    } else if (entry.kind === "ERROR") {
      const title = headerTitle(entry.id);
      const setup = findItem(`ERROR at setup of ${title}`, entry.id, "errors");
      const teardown = setup ? undefined : findItem(`ERROR at teardown of ${title}`, entry.id, "errors");
      // A class (or other collector inside a file) that fails to collect: pytest titles the section with
      // the file alone, and the summary names the class (`ERROR tests/test_x.py::TestShapes`).
      const collecting =
        findItem(`ERROR collecting ${entry.id}`, entry.id, "errors") ??
        (setup || teardown
          ? undefined
          : findItem(`ERROR collecting ${fileOfNodeId(entry.id)}`, entry.id, "errors"));
      const isCollection = !isNodeId(entry.id) || collecting !== undefined;
      if (isCollection) {
        const item = collecting;
        if (item) used.add(item);
        const crash = item
          ? (crashFromSection(item.lines) ?? messageOnlyCrash(item.lines, entry.message))
          : null;
        collectionErrors.set(entry.id, {
          path: entry.id,
          crash:
            crash ??
            (entry.message && !/^ImportError while importing/.test(entry.message)
              ? crashFromSummaryMessage(entry.message)
              : null),
        });
        continue;
      }
      const item = setup ?? teardown;
      if (item) used.add(item);
      const crash = item
        ? crashFromSection(item.lines)
        : entry.message
          ? crashFromSummaryMessage(entry.message)
          : null;
      upsert(
        withSectionFacts(
          {
            id: entry.id,
            outcome: "error",
            phase: setup ? "setup" : teardown ? "teardown" : "unknown",
            crash: crash ?? undefined,
          },
          item,
        ),
      );
    } else if (entry.kind === "PASSED") {
      run.passedIds.push(entry.id);
    } else if (entry.kind === "XPASS") {
      // A strict XPASS is reported as FAILED; a plain XPASS is a pass.
    }
  }

  // Sections no summary line named (-rsx, --tb with -r without f/E, a summary cut off by truncation).
  for (const item of items) {
    if (used.has(item)) continue;
    const crash = crashFromSection(item.lines);
    const collecting = /^ERROR collecting (.+)$/.exec(item.title);
    if (collecting) {
      const path = collecting[1] as string;
      // A summary line already named an error inside this file (a class): the same error, not a second one.
      const named = [...collectionErrors.keys()].some((k) => fileOfNodeId(k) === path);
      if (!named) collectionErrors.set(path, { path, crash });
      continue;
    }
    const phased = /^ERROR at (setup|teardown) of (.+)$/.exec(item.title);
    const title = phased ? (phased[2] as string) : item.title;
    const id = guessId(title, item.lines, verbose);
    upsert(
      withSectionFacts(
        {
          id: id.id,
          outcome: phased ? "error" : "failed",
          phase: phased ? (phased[1] as "setup" | "teardown") : "call",
          crash: crash ?? undefined,
          idGuessed: id.guessed || undefined,
        },
        item,
      ),
    );
  }
  if (entries.length === 0 && lineChunks.length > 0) {
    for (const chunk of lineChunks)
      upsert({ id: chunk.path, outcome: "failed", phase: "call", crash: chunk.crash, idGuessed: true });
  }

  // -v progress names outcomes even when the summary does not (e.g. -rsx).
  for (const [id, status] of verbose) {
    if (status === "PASSED") run.passedIds.push(id);
    else if (status === "FAILED" && !records.has(id)) upsert({ id, outcome: "failed", phase: "call" });
    else if (status === "ERROR")
      upsert({ id, outcome: "error", phase: records.get(id) ? "teardown" : "unknown" });
  }
  run.passedIds = [...new Set(run.passedIds)].filter((id) => {
    const r = records.get(id);
    return !r || (r.outcome !== "failed" && r.outcome !== "error");
  });
  run.tests = [...records.values()];
  run.collectionErrors = [...collectionErrors.values()];
}

/** Evidence and location from a failure's section, when there is one, set on the record (no object to
 *  spread per failing test). */
function addFacts(record: TestRecord, item: Item | undefined, root: string | null): TestRecord {
  if (!item) return record;
  const evidence = sectionEvidence(item.lines);
  const location = failureLocation(item.lines, root);
  if (evidence.length > 0) record.evidence = evidence;
  if (location?.where) record.location = location.where;
  if (location?.foreignOnly) record.noOwnFrame = true;
  if (location?.foreignOnly && location.installed) record.installedFrame = location.installed;
  return record;
}

/** xdist's section for a crashed worker: `worker 'gw0' crashed while running '<id>'`, whole (the summary
 *  line cuts it at 80 columns). */
function workerCrashLine(lines: readonly string[]): Crash | null {
  const line = lines.find((l) => WORKER_CRASH.test(l));
  return line ? { type: null, message: line.trim() } : null;
}

/** A section with no traceback and no `E` line holds only a message: `[XPASS(strict)] reason`, or the text
 *  of `pytest.fail(msg, pytrace=False)` (the summary says `Failed: msg`). Its first line is the crash line. */
function messageOnlyCrash(lines: readonly string[], summaryMessage: string | null): Crash | null {
  const body = lines.filter((l) => l.trim() !== "" && !/^\[gw\d+\] /.test(l));
  if (body.length === 0 || body.some((l) => /^E {2,}|^E$|^\s+File "|^[^\s:"'][^:]*\.py:\d+:/.test(l)))
    return null;
  const first = (body[0] as string).trim();
  const strict = /^\[XPASS\(strict\)\] ?(.*)$/.exec(first);
  if (strict) return { type: "XPASS(strict)", message: strict[1] as string };
  if (summaryMessage?.startsWith("Failed: ")) return { type: "Failed", message: first };
  return null;
}

/** Merge precedence per node id (pytest-output.md §10): error > failed > the rest. */
export function rankOutcome(outcome: TestRecord["outcome"]): number {
  return outcome === "error" ? 3 : outcome === "failed" ? 2 : outcome === "running" ? 1 : 0;
}

interface LineChunk {
  path: string;
  crash: Crash;
}

function splitLineStyle(lines: string[]): LineChunk[] {
  const chunks: LineChunk[] = [];
  let pending: string[] = [];
  for (const line of lines) {
    const m = line.startsWith("E") ? null : LINE_TB.exec(line);
    if (!m) {
      pending.push(line);
      continue;
    }
    // E lines (chained exceptions) or a group rendering may precede the location line (pytest 9).
    const fromBody = crashFromSection(pending);
    const crash = fromBody ?? crashFromSummaryMessage(m[3] as string);
    chunks.push({ path: m[1] as string, crash });
    pending = [];
  }
  return chunks;
}

/** A node id for a section that no summary line named: `path::Class::name` from the title and the first
 *  `path:line:` frame of the body that lies in a test file. */
function guessId(
  title: string,
  body: readonly string[],
  verbose: Map<string, string>,
): { id: string; guessed: boolean } {
  const nodePart = nodePartOfTitle(title);
  for (const id of verbose.keys()) {
    if (headerTitle(id) === title) return { id, guessed: false };
  }
  for (const line of body) {
    const m = /^([\w./-]*test[\w./-]*\.py):\d+:/.exec(line);
    if (m && !(m[1] as string).startsWith("/"))
      return { id: joinNodeId(m[1] as string, nodePart), guessed: true };
  }
  return { id: nodePart, guessed: true };
}
