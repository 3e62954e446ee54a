// What a person reads after init and doctor, and what a tool reads with --json. Pure formatting.
import { createTwoFilesPatch, diffLines } from "diff";
import type { DoctorResult } from "./doctor.ts";
import type { Change, InitResult } from "./init.ts";

const VERB: Record<Change["action"], [past: string, future: string]> = {
  create: ["created", "would create"],
  update: ["updated", "would update"],
  unchanged: ["unchanged", "unchanged"],
  remove: ["removed", "would remove"],
  keep: ["kept", "would keep"],
  move: ["moved", "would move"],
  restore: ["restored", "would restore"],
};

function diffOf(change: Change): string {
  if (change.bundle) return "";
  if (change.before === undefined || change.after === undefined) return "";
  if (change.before === change.after) return "";
  return createTwoFilesPatch(
    change.before === null ? "/dev/null" : `a/${change.path}`,
    change.after === null ? "/dev/null" : `b/${change.path}`,
    change.before ?? "",
    change.after ?? "",
    undefined,
    undefined,
    { context: 3 },
  )
    .split("\n")
    .filter((line) => !line.startsWith("====="))
    .join("\n");
}

/** A dry run's one-line measure of a change: size for a new file, lines added and removed for an edit. */
function sizeOf(change: Change): string {
  const { before, after } = change;
  if (after === undefined || before === undefined || before === after) return "";
  const kb = (text: string) => `${(Buffer.byteLength(text) / 1024).toFixed(1)} KB`;
  if (after === null) return before === null ? "" : `-${kb(before)}`;
  if (before === null || change.bundle) return kb(after);
  let added = 0;
  let removed = 0;
  for (const part of diffLines(before, after)) {
    if (part.added) added += part.count ?? 0;
    if (part.removed) removed += part.count ?? 0;
  }
  return `+${added} -${removed} lines`;
}

/** `diff`: print each change's full diff (a dry run's --diff / --verbose); otherwise a dry run lists the
 *  files with their sizes or line counts only. */
export function formatInit(result: InitResult, show: { diff?: boolean } = {}): string {
  const lines: string[] = [];
  const dry = result.dryRun;
  const what = result.mode === "install" ? "init" : "init --uninstall";
  lines.push(`run-tests-skill ${what}${dry ? " (dry run: nothing written)" : ""}: ${result.dir}`);
  if (result.profile) {
    const how = result.profile.detected ? `, detected: ${result.profile.detected}` : "";
    lines.push(`  profile: ${result.profile.source}${how}; skill /${result.profile.skill}`);
  }
  for (const note of result.notes) lines.push(`  note: ${note.split("\n").join("\n    ")}`);

  if (result.problems.length > 0) {
    lines.push("", "Nothing was changed:");
    for (const p of result.problems) {
      lines.push(`  problem: ${p.problem.split("\n").join("\n    ")}`, `  fix: ${p.fix}`);
    }
    return `${lines.join("\n")}\n`;
  }

  lines.push("");
  const width = Math.max(...result.changes.map((c) => VERB[c.action][dry ? 1 : 0].length), 0);
  for (const c of result.changes) {
    const verb = VERB[c.action][dry ? 1 : 0].padEnd(width);
    const measure = dry ? sizeOf(c) : "";
    const why = [c.detail, measure].filter(Boolean).join("; ");
    lines.push(`  ${verb}  ${c.path}${why ? ` (${why})` : ""}`);
  }
  if (result.changes.length === 0) lines.push("  nothing to do");
  if (result.backup) lines.push(`  backup of the previous settings: ${result.backup}`);
  if (result.advice.length > 0) {
    lines.push(
      "",
      `Advice on your own skill (what \`run-tests-skill validate\` finds; init does not change it):`,
      ...result.advice.map((a) => `  ${a}`),
    );
  }

  if (result.gitRule.length > 0)
    lines.push("", "The git rule:", ...result.gitRule.map((l) => `  ${l.split("\n").join("\n  ")}`));

  if (dry && show.diff) {
    const diffs = result.changes.map(diffOf).filter(Boolean);
    if (diffs.length > 0) lines.push("", ...diffs);
  } else if (dry && result.changes.some((c) => diffOf(c) !== "")) {
    lines.push("", "Run with --diff (or --verbose) to see each change in full.");
  }

  const count = (action: Change["action"]) => result.changes.filter((c) => c.action === action).length;
  const changed = count("create") + count("update") + count("remove") + count("move");
  lines.push("");
  if (result.mode === "install") {
    const handlers = Object.values(result.registered).reduce((a, b) => a + b, 0);
    const events = Object.keys(result.registered).join(", ");
    lines.push(
      `Summary: ${changed} ${dry ? "change(s) planned" : "change(s)"}, ${count("unchanged")} unchanged; ${handlers} hook handler(s) registered (${events}).`,
    );
    if (!dry) lines.push(nextLine(result));
  } else {
    const files = result.changes.filter((c) => c.action === "remove" && !c.path.endsWith("/")).length;
    const folders = result.changes.filter((c) => c.action === "remove" && c.path.endsWith("/"));
    const kept = result.changes.filter((c) => c.action === "keep").map((c) => c.path);
    const verb = dry ? "would remove" : "removed";
    lines.push(
      `Summary: ${verb} ${files} file(s)${folders.length > 0 ? ` and ${folders.map((f) => f.path).join(", ")} (${folders.map((f) => f.detail?.split(":")[0]).join(", ")})` : ""}; ${dry ? "would restore" : "restored"} ${count("restore")}; ${count("move")} moved back; kept ${kept.length}${kept.length > 0 ? `: ${kept.join(", ")}` : ""}.`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The JSON form: the same facts, file texts left out (diffs are for people). */
export function initJson(result: InitResult): string {
  const changes = result.changes.map(({ before: _b, after: _a, ...rest }) => rest);
  return `${JSON.stringify({ ...result, changes }, null, 2)}\n`;
}

export function formatDoctor(result: DoctorResult): string {
  const lines = [`run-tests-skill doctor: ${result.dir}`, ""];
  for (const c of result.checks) {
    if (c.notChecked) {
      lines.push(`  ----  ${c.title}: not checked${c.detail ? ` (${c.detail})` : ""}`);
      continue;
    }
    lines.push(`  ${c.ok ? "ok  " : "FAIL"}  ${c.title}${c.detail ? ` (${c.detail})` : ""}`);
    if (!c.ok) {
      if (c.problem) lines.push(`        problem: ${c.problem}`);
      if (c.fix) lines.push(`        fix: ${c.fix}`);
    }
  }
  const failed = result.checks.filter((c) => !c.ok).length;
  const skipped = result.checks.filter((c) => c.notChecked).length;
  lines.push(
    "",
    failed === 0
      ? `All ${result.checks.filter((c) => !c.notChecked).length} checks passed.${skipped > 0 ? ` ${skipped} not checked.` : ""}`
      : `${failed} problem(s) found; each is listed with its fix above.`,
  );
  return `${lines.join("\n")}\n`;
}

/** What to do after an install, per host: Codex needs its one trust step before anything runs. */
function nextLine(result: InitResult): string {
  const skill = result.profile?.skill ?? "run-tests";
  const codex = Object.keys(result.registered).some((e) => e.startsWith("codex "));
  const claude = Object.keys(result.registered).some((e) => !e.startsWith("codex "));
  const doctor = `\`run-tests-skill doctor ${result.dir}${codex ? ` --host ${claude ? "all" : "codex"}` : ""}\``;
  const use = [
    ...(claude ? [`in Claude Code, type /${skill}`] : []),
    ...(codex ? [`in Codex, trust the hooks once (/hooks), then type $${skill}`] : []),
  ];
  return `Next: ${doctor} checks the installation; ${use.join("; ")}.`;
}
