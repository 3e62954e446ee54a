// `run-tests-skill flaky`: the tests the flaky ledger caught failing and then passing on an unchanged working
// tree, with the profile lines a maintainer could add to known_flaky after reviewing them.
import { join, resolve } from "node:path";
import { Document, Scalar, visit } from "yaml";
import { DEFAULT_TIMEOUT_SIGNATURES, type FlakyEntry } from "../../../hooks/core/profile/schema.ts";
import { splitNodeId } from "../../../hooks/core/pytest/node-id.ts";
import { STATE_DIR } from "../../../hooks/core/state/locate.ts";
import { findFlakyEntry } from "../../../hooks/results/classify.ts";
import {
  type FlakyEvidence,
  flakyEvidence,
  formatTime,
  LEDGER_FILE,
  readLedger,
  type TimeoutRepeat,
  timeoutRepeats,
} from "../../../hooks/results/ledger.ts";
import { crashFromSignatureText, isTimeoutLike } from "../../../hooks/results/signature.ts";
import { type Command, EXIT, parseCommandArgs, UsageError } from "../command.ts";
import { chooseProfile, sayProfile } from "../profile-choice.ts";

export const command: Command = {
  summary: "list tests that failed and then passed on an unchanged tree (flaky evidence)",
  usage: `usage: run-tests-skill flaky [--suggest] [--json] [--profile FILE|NAME] [DIR]

Reads the flaky ledger the post-run hook keeps in DIR/.claude/run-tests-skill/state/ (DIR: the project,
default the current folder) and lists every test that failed and then passed on rerun while the working
tree was unchanged, and every test that failed timeout-shaped in several runs (on different trees, or
with a pass in between). For tests not yet on the profile's known_flaky list it prints the YAML to add,
for a maintainer to review: a test that flips once may still be broken.

options:
  --profile FILE|NAME  the profile whose known_flaky list is checked; default: the one installed in DIR's
             repository (stderr names the one used)
  --suggest  print only the known_flaky entries (id, params, signature), each with its evidence as a
             comment, ready to paste under \`known_flaky:\`
  --json     {"ledger","runs","tests":[{"id","flips","failedAt","passedAt","signature","listed"}],
              "timeouts":[{"id","runs","trees","passes","firstAt","lastAt","signature","listed"}],"suggest"}

exit: 0 (also when nothing was found), 2 bad usage`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      json: { type: "boolean" },
      profile: { type: "string" },
      suggest: { type: "boolean" },
    });
    if (positionals.length > 1)
      throw new UsageError(`expected at most one folder, got ${positionals.length}`);
    const choice = chooseProfile(values.profile, resolve(io.cwd, positionals[0] ?? "."), null);
    if (!choice.ok) {
      io.stderr(`run-tests-skill flaky: ${choice.problem}\n`);
      return EXIT.usage;
    }
    sayProfile(io, "flaky", choice);
    // The ledger lives in the project: the installed one's, else the folder given.
    const dir = choice.projectDir ?? resolve(io.cwd, positionals[0] ?? ".");
    const stateDir = join(dir, STATE_DIR);
    const entries = readLedger(stateDir);
    const evidence = flakyEvidence(entries);
    const listed: readonly FlakyEntry[] = choice.profile?.known_flaky ?? [];
    const timeoutSignatures = choice.profile?.timeout_signatures ?? DEFAULT_TIMEOUT_SIGNATURES;
    const rows = evidence.map((e) => ({ ...e, listed: findFlakyEntry(e.id, listed) !== null }));
    const flipped = new Set(rows.map((r) => r.id));
    const timeouts = timeoutRepeats(entries, (sig) =>
      isTimeoutLike(crashFromSignatureText(sig), timeoutSignatures),
    )
      .filter((t) => !flipped.has(t.id))
      .map((t) => ({ ...t, listed: findFlakyEntry(t.id, listed) !== null }));
    const suggest = suggestionsYaml([
      ...rows.filter((r) => !r.listed).map(fromFlip),
      ...timeouts.filter((t) => !t.listed).map(fromTimeouts),
    ]);
    const ledger = join(stateDir, LEDGER_FILE);

    if (values.json) {
      io.stdout(
        `${JSON.stringify({ ledger, runs: entries.length, tests: rows, timeouts, suggest }, null, 2)}\n`,
      );
      return EXIT.ok;
    }
    if (entries.length === 0) {
      io.stdout(
        `No runs recorded yet (${ledger} is empty or missing): the post-run hook records every pytest run.\n`,
      );
      return EXIT.ok;
    }
    if (values.suggest) {
      io.stdout(
        suggest
          ? `# known_flaky entries from ${entries.length} recorded runs (review each: one flip is not proof)\n${suggest}\n`
          : `# No new known_flaky entries: ${entries.length} recorded runs hold no unlisted flip or repeated timeout.\n`,
      );
      return EXIT.ok;
    }
    if (rows.length === 0 && timeouts.length === 0) {
      io.stdout(
        `No flaky evidence in ${entries.length} recorded runs: no test failed and then passed on an unchanged tree.\n`,
      );
      return EXIT.ok;
    }
    const lines: string[] = [];
    if (rows.length > 0)
      lines.push(
        `${rows.length} test${rows.length === 1 ? "" : "s"} failed and then passed on rerun with the working tree unchanged (${entries.length} runs in ${ledger}):`,
        ...rows.map(
          (r) =>
            `  ${r.id}  ${r.flips}x, last: failed ${formatTime(r.failedAt)}, passed on rerun ${formatTime(r.passedAt)}  (${r.signature})${r.listed ? "  [already on known_flaky]" : ""}`,
        ),
      );
    if (timeouts.length > 0)
      lines.push(
        `${timeouts.length} test${timeouts.length === 1 ? "" : "s"} failed timeout-shaped in several runs:`,
        ...timeouts.map(
          (t) => `  ${t.id}  ${timeoutEvidence(t)}${t.listed ? "  [already on known_flaky]" : ""}`,
        ),
      );
    if (suggest)
      lines.push("", "Profile lines for known_flaky (review before adding; one flip is not proof):", suggest);
    io.stdout(`${lines.join("\n")}\n`);
    return EXIT.ok;
  },
};

/** One test's case for a known_flaky entry: what it failed with, and why it looks flaky. */
export interface Suggestion {
  id: string;
  signature: string;
  /** Counted into the entry's note (fail-then-pass pairs, or timeout-shaped runs). */
  count: number;
  kind: "flip" | "timeout";
  lastAt: string;
  evidence: string;
}

function fromFlip(r: FlakyEvidence): Suggestion {
  return {
    id: r.id,
    signature: r.signature,
    count: r.flips,
    kind: "flip",
    lastAt: r.passedAt,
    evidence: `${r.id}: failed ${formatTime(r.failedAt)} (${r.signature}), passed on rerun ${formatTime(r.passedAt)} on the same tree${r.flips > 1 ? ` (${r.flips} such flips)` : ""}`,
  };
}

function timeoutEvidence(t: TimeoutRepeat): string {
  return `timed out in ${t.runs} runs (${formatTime(t.firstAt)} to ${formatTime(t.lastAt)}) on ${t.trees} working tree${t.trees === 1 ? "" : "s"}${t.passes > 0 ? `, passed in ${t.passes} run${t.passes === 1 ? "" : "s"} between` : ""} (${t.signature})`;
}

function fromTimeouts(t: TimeoutRepeat): Suggestion {
  return {
    id: t.id,
    signature: t.signature,
    count: t.runs,
    kind: "timeout",
    lastAt: t.lastAt,
    evidence: `${t.id}: ${timeoutEvidence(t)}`,
  };
}

/** A signature worth putting in the profile: the exception type, or for an assertion its message. */
export function suggestedSignature(signature: string): string {
  const text = signature.replace(/ \[leaves: [^\]]*\]$/, "").replace(/ \(cut\)$/, "");
  const leaves = /\[leaves: ([^\]]*)\]/.exec(signature)?.[1];
  if (leaves && !leaves.includes(",")) return leaves.trim();
  const m = /^([A-Za-z_][\w.]*)(?:: (.*))?$/.exec(text);
  if (!m) return text;
  if (m[1] === "AssertionError" && m[2]) return m[2].slice(0, 80);
  // pytest.fail("...") messages are the project's own shapes (a hang guard): keep the words, cut at the
  // first number (durations and counts differ between runs).
  if (m[1] === "Failed" && m[2]) {
    const words =
      m[2]
        .split(/\d/)[0]
        ?.trim()
        .replace(/[\s(,;:]+$/, "") ?? "";
    if (words.length >= 8) return `Failed: ${words.slice(0, 80)}`;
  }
  return m[1] as string;
}

/** Scalars that read the same to every YAML reader stay plain; anything else (1, no, text with spaces or
 *  punctuation) is double-quoted. The yaml package quotes a "plain" one anyway if it would misparse. */
function plainEnough(text: string): boolean {
  return /^[A-Za-z_][\w./:@-]*$/.test(text) && !/^(?:true|false|null|yes|no|on|off|y|n)$/i.test(text);
}

/** Group evidence by test (path + name); params are listed when every flip was one parametrisation set. The
 *  block is the list items to put under `known_flaky:`, written by the yaml package so it parses back. */
export function suggestYaml(rows: readonly FlakyEvidence[]): string {
  return suggestionsYaml(rows.map(fromFlip), { comments: false });
}

/** Entries from suggestions, grouped by test (path + name): params are listed when every suggestion was
 *  one parametrisation; each entry carries its evidence as comment lines above it. */
export function suggestionsYaml(
  suggestions: readonly Suggestion[],
  options: { comments?: boolean } = {},
): string {
  const groups = new Map<
    string,
    { path: string; name: string; params: Set<string>; bare: boolean; rows: Suggestion[] }
  >();
  for (const row of suggestions) {
    const { file: path, name, params } = splitNodeId(row.id);
    if (!path) continue;
    const key = `${path}::${name}`;
    const group = groups.get(key) ?? { path, name, params: new Set<string>(), bare: false, rows: [] };
    if (params === null) group.bare = true;
    else group.params.add(params);
    group.rows.push(row);
    groups.set(key, group);
  }
  const entries: SuggestedEntry[] = [];
  const comments: string[] = [];
  for (const g of groups.values()) {
    const flips = g.rows.filter((r) => r.kind === "flip").reduce((n, r) => n + r.count, 0);
    const timeouts = g.rows.filter((r) => r.kind === "timeout").reduce((n, r) => n + r.count, 0);
    const last =
      g.rows
        .map((r) => r.lastAt)
        .sort()
        .pop() ?? "";
    const said = [
      ...(flips > 0 ? [`failed then passed on rerun ${flips} time${flips === 1 ? "" : "s"}`] : []),
      ...(timeouts > 0 ? [`timed out in ${timeouts} runs`] : []),
    ];
    entries.push({
      path: g.path,
      name: g.name,
      ...(!g.bare && g.params.size > 0 ? { params: [...g.params] } : {}),
      signatures: [...new Set(g.rows.map((r) => suggestedSignature(r.signature)))],
      note: `${said.join(", ")} (last ${formatTime(last)})`,
    });
    comments.push(g.rows.map((r) => ` evidence: ${r.evidence}`).join("\n"));
  }
  if (entries.length === 0) return "";
  const doc = new Document(entries);
  visit(doc, {
    Seq(_, node) {
      // params and signatures as one-line lists; the entries themselves stay a block list.
      if (node !== doc.contents) node.flow = true;
    },
    Scalar(_, node) {
      if (typeof node.value === "string" && !plainEnough(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  if (options.comments !== false) {
    const seq = doc.contents as unknown as { items: Array<{ commentBefore?: string }> };
    seq.items.forEach((item, k) => {
      item.commentBefore = comments[k];
    });
  }
  const text = doc.toString({ lineWidth: 0, flowCollectionPadding: false }).trimEnd();
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}

type SuggestedEntry = Pick<FlakyEntry, "path" | "name" | "signatures" | "note"> & { params?: string[] };
