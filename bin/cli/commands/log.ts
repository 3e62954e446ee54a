// `run-tests-skill log`: the hooks' decision log (hooks/runtime/decision-log.ts), to answer "why was X denied
// in session Y" by reading. The log is in the install's state folder of the project the command runs in (the
// nearest installed profile at or above DIR); the plugin without an install keeps it in its data folder,
// found through CLAUDE_PLUGIN_DATA, or given with --state.
import { relative, resolve } from "node:path";
import { findInstalledProfile, locateInstall, projectOfProfile } from "../../../hooks/core/state/locate.ts";
import { type DecisionRecord, LOG_ENV, readDecisions } from "../../../hooks/runtime/decision-log.ts";
import { type Command, EXIT, parseCommandArgs, UsageError } from "../command.ts";

/** The readable table: one row per decision, the longest field (command, path, action) last. */
export function decisionTable(records: readonly DecisionRecord[]): string {
  const rows = records.map((r) => [
    r.t.replace("T", " ").replace(/\.\d+Z$/, "Z"),
    (r.session ?? "-").slice(0, 12),
    r.hook,
    r.decision,
    r.rule,
    [r.class, r.action, r.command ?? r.path].filter((x) => x !== undefined).join(" | ") || "-",
  ]);
  const head = ["time", "session", "hook", "decision", "rule", "class / action / command or path"];
  const widths = head.slice(0, -1).map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < widths.length ? c.padEnd(widths[i] ?? 0) : c.replace(/\s+/g, " ")))
      .join("  ")
      .trimEnd();
  return `${[line(head), ...rows.map(line)].join("\n")}\n`;
}

export const command: Command = {
  summary: "print the hooks' decision log (what each hook decided, by which rule)",
  usage: `usage: run-tests-skill log [DIR] [--session ID] [--json] [--state DIR]

Prints the decisions the hooks logged for the project in DIR (default: the current folder; the nearest
installed profile at or above it), oldest first: time, session, hook, decision, rule, and the report's
class, the stop gate's action, the command or path decided about. Logging is off unless
${LOG_ENV}=1 is in Claude Code's environment or the profile says \`log: true\`.

options:
  --session ID   only the decisions of this session (Claude Code's session id)
  --json         one JSON object per line: {"t","hook","decision","rule","session?","event?","tool?",
                 "command?","path?","class?","action?"}
  --state DIR    read the log from this state folder (e.g. the plugin's data folder for a project)

exit: 0 printed (an empty log too), 2 bad usage`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      session: { type: "string" },
      json: { type: "boolean" },
      state: { type: "string" },
    });
    if (positionals.length > 1)
      throw new UsageError(`expected at most one folder, got ${positionals.length}`);
    const dir = resolve(io.cwd, positionals[0] ?? ".");
    const installed = findInstalledProfile(dir);
    const project = installed ? projectOfProfile(installed) : dir;
    // locateInstall's second argument (the running bundle) only matters for the plugin's profile, not here.
    const stateDir = values.state
      ? resolve(io.cwd, values.state)
      : locateInstall(project, project, io.env).stateDir;
    const log = readDecisions(stateDir);
    const records = values.session ? log.records.filter((r) => r.session === values.session) : log.records;
    const where = relative(io.cwd, stateDir) || stateDir;
    if (log.files.length === 0)
      io.stderr(
        `run-tests-skill log: no decision log in ${where} (turn it on with ${LOG_ENV}=1 or \`log: true\` in the profile)\n`,
      );
    if (log.skipped > 0) io.stderr(`run-tests-skill log: skipped ${log.skipped} unreadable line(s)\n`);
    if (values.json) io.stdout(records.map((r) => `${JSON.stringify(r)}\n`).join(""));
    else if (records.length > 0) io.stdout(decisionTable(records));
    else if (log.files.length > 0)
      io.stderr(
        `run-tests-skill log: no decisions${values.session ? ` for session ${values.session}` : ""}\n`,
      );
    return EXIT.ok;
  },
};
