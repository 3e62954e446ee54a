// The decision log: one JSON line per hook decision, so "why was X denied in session Y" is answered by
// reading, not by replaying (`run-tests-skill log`). Off unless asked for: RUN_TESTS_SKILL_LOG=1 in the
// hooks' environment, or `log: true` in the profile (RUN_TESTS_SKILL_LOG=0 turns it off over the profile).
// Lives in the install's state folder (inside the protected set, so the agent cannot write or forge lines),
// bounded: a size cap and one rotated file. It records what was decided about which command or path, never
// a file's contents, and every field is cut to a bounded length.
// A log problem never fails a hook: appendDecision swallows every error. Each line is one write(2) on a file
// opened O_APPEND, so parallel hooks never interleave inside a line.
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { migrateCompiled } from "../core/profile/format.ts";

export const LOG_ENV = "RUN_TESTS_SKILL_LOG";
export const LOG_FILE = "decisions.jsonl";
export const ROTATED_LOG_FILE = "decisions.1.jsonl";
/** Past this size the log is rotated: at most twice this on disk. */
export const LOG_MAX_BYTES = 1024 * 1024;
/** The longest command, path or other text field kept in a line; the rest is cut and counted. */
export const FIELD_MAX = 400;

/** One decision as logged. `decision` and `rule` are always there; the rest when the hook has it. */
export interface DecisionRecord {
  /** ISO time of the decision. */
  t: string;
  hook: string;
  decision: string;
  rule: string;
  session?: string;
  event?: string;
  tool?: string;
  /** The Bash command judged (cut to FIELD_MAX). */
  command?: string;
  /** The file a file tool would write (cut to FIELD_MAX). */
  path?: string;
  /** The report's class (report hook). */
  class?: string;
  /** What the stop gate did (block with the command it asked for, or why it let the turn end). */
  action?: string;
}

export type DecisionFacts = Omit<DecisionRecord, "t">;

/** Is logging on? The environment decides when it says anything; else the profile's `log` key (read only
 *  then, through `profileJson`, which returns the parsed profile.json or null). */
export function logWanted(env: NodeJS.ProcessEnv, profileJson: () => unknown): boolean {
  const setting = env[LOG_ENV] ?? "";
  if (/^(?:1|on|true|yes)$/i.test(setting)) return true;
  if (/^(?:0|off|false|no)$/i.test(setting)) return false;
  const doc = migrateCompiled(profileJson(), "profile.json");
  return doc.ok && (doc.profile as { log?: unknown } | null)?.log === true;
}

/** `text` cut to `max` characters, saying how much was left out. */
export function bounded(text: string, max = FIELD_MAX): string {
  return text.length <= max ? text : `${text.slice(0, max)}…[${text.length - max} more chars]`;
}

/** One log line for `facts` at `now` (ms). */
export function decisionLine(facts: DecisionFacts, now: number): string {
  const record: Record<string, string> = { t: new Date(now).toISOString() };
  for (const [key, value] of Object.entries(facts))
    if (typeof value === "string") record[key] = bounded(value);
  return `${JSON.stringify(record)}\n`;
}

/** Appends one decision to the log in `stateDir`, rotating it first when it would pass the cap. Never
 *  throws: a log that cannot be written is lost, the hook's answer is not. */
export function appendDecision(
  stateDir: string,
  facts: DecisionFacts,
  now = Date.now(),
  maxBytes = LOG_MAX_BYTES,
): void {
  try {
    const line = decisionLine(facts, now);
    const file = join(stateDir, LOG_FILE);
    let size = 0;
    try {
      size = statSync(file).size;
    } catch {
      mkdirSync(stateDir, { recursive: true });
    }
    // Two hooks may both rotate: the second rename moves a file of a few lines; the bound still holds.
    if (size > 0 && size + line.length > maxBytes) renameSync(file, join(stateDir, ROTATED_LOG_FILE));
    const fd = openSync(file, "a", 0o600);
    try {
      writeSync(fd, line);
    } finally {
      closeSync(fd);
    }
  } catch {
    // swallowed on purpose (see the header)
  }
}

/** appendDecision when logging is on (logWanted); never throws either. */
export function logDecision(
  env: NodeJS.ProcessEnv,
  stateDir: string,
  profileJson: () => unknown,
  facts: DecisionFacts,
): void {
  try {
    if (logWanted(env, profileJson)) appendDecision(stateDir, facts);
  } catch {
    // a broken profile must not fail the hook either
  }
}

/** The parsed profile.json at `file`, or null (missing, unreadable, not JSON): for logWanted. */
export function readProfileJson(file: string | null): unknown {
  if (!file) return null;
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

export interface DecisionLog {
  records: DecisionRecord[];
  /** Lines that are not decision records (cut by a crash, edited by hand): counted, skipped. */
  skipped: number;
  files: string[];
}

/** Every logged decision in `stateDir`, oldest first (the rotated file, then the current one). */
export function readDecisions(stateDir: string): DecisionLog {
  const out: DecisionLog = { records: [], skipped: 0, files: [] };
  for (const name of [ROTATED_LOG_FILE, LOG_FILE]) {
    const file = join(stateDir, name);
    if (!existsSync(file)) continue;
    out.files.push(file);
    for (const line of readFileSync(file, "utf8").split("\n")) {
      if (line.trim() === "") continue;
      try {
        const record = JSON.parse(line) as Partial<DecisionRecord> | null;
        if (
          record &&
          typeof record.t === "string" &&
          typeof record.hook === "string" &&
          typeof record.decision === "string" &&
          typeof record.rule === "string"
        )
          out.records.push(record as DecisionRecord);
        else out.skipped++;
      } catch {
        out.skipped++;
      }
    }
  }
  return out;
}
