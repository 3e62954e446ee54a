// "Is /run-tests active in this turn?" Claude Code gives every hook the turn's prompt_id; the skill-turn hook
// records the prompt ids in which the skill was invoked (typed by the user or launched through the Skill
// tool), together with a snapshot of the policy the guard enforces in that turn (resolved from the profile and
// the skill's SKILL.md when the skill is invoked, see skill-policy.ts), and the guard looks its prompt_id up.
// The record is one small JSON file under the state dir:
//   <project>/.claude/run-tests-skill/state/skill-turns.json
// Pure core (state in -> state out) plus thin file I/O: writes go to a temp file renamed into place (readers
// never see half a file), under a short lock so two hook processes do not lose each other's entries.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeAtomic } from "../core/state/atomic-write.ts";
import { withLock } from "../core/state/lock.ts";
import { type GuardPolicy, parseGuardPolicy } from "../guard/policy.ts";

export const TURNS_FILE = "skill-turns.json";

export interface SkillTurn {
  /** The skill's base name (without a plugin prefix). */
  skill: string;
  /** When it was recorded (ms since the epoch). */
  at: number;
  session?: string;
  /** Key of the policy snapshot in `policies`. */
  policy?: string;
}

/** What the guard enforces in a skill turn: the policy, or why there is none (a broken profile). */
export type Snapshot = { policy: GuardPolicy; problem?: undefined } | { policy?: undefined; problem: string };

export interface SkillTurnsState {
  version: 1;
  turns: Record<string, SkillTurn>;
  /** Policy snapshots by content key; usually one, shared by every turn. */
  policies: Record<string, Snapshot>;
}

/** Entries older than this are dropped (a turn that lasts a day is not a turn any more). */
export const MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** At most this many turns are kept, newest first: the guard reads this file before every Bash call. */
export const MAX_TURNS = 50;

export function emptyTurns(): SkillTurnsState {
  return { version: 1, turns: {}, policies: {} };
}

function snapshotOf(x: unknown): Snapshot | null {
  if (!x || typeof x !== "object") return null;
  const o = x as { policy?: unknown; problem?: unknown };
  if (typeof o.problem === "string") return { problem: o.problem };
  const policy = parseGuardPolicy(o.policy);
  return policy ? { policy } : null;
}

/** Validate whatever was read; anything unexpected is dropped (never throw on a damaged file). */
export function parseTurns(text: string | null): SkillTurnsState {
  if (!text) return emptyTurns();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return emptyTurns();
  }
  if (!json || typeof json !== "object" || (json as { version?: unknown }).version !== 1) return emptyTurns();
  const raw = (json as { turns?: unknown }).turns;
  const rawPolicies = (json as { policies?: unknown }).policies;
  const turns: Record<string, SkillTurn> = {};
  if (raw && typeof raw === "object") {
    for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
      const t = value as Partial<SkillTurn> | null;
      if (t && typeof t.skill === "string" && typeof t.at === "number" && Number.isFinite(t.at)) {
        turns[id] = {
          skill: t.skill,
          at: t.at,
          ...(typeof t.session === "string" ? { session: t.session } : {}),
          ...(typeof t.policy === "string" ? { policy: t.policy } : {}),
        };
      }
    }
  }
  const policies: Record<string, Snapshot> = {};
  if (rawPolicies && typeof rawPolicies === "object") {
    for (const [key, value] of Object.entries(rawPolicies as Record<string, unknown>)) {
      const snap = snapshotOf(value);
      if (snap) policies[key] = snap;
    }
  }
  return { version: 1, turns, policies };
}

/** Drop old entries, keep at most MAX_TURNS (newest first), and the snapshots they use. */
export function pruneTurns(state: SkillTurnsState, now: number): SkillTurnsState {
  const kept = Object.entries(state.turns)
    .filter(([, t]) => now - t.at <= MAX_AGE_MS && t.at <= now + MAX_AGE_MS)
    .sort((a, b) => b[1].at - a[1].at)
    .slice(0, MAX_TURNS);
  const used = new Set(kept.map(([, t]) => t.policy).filter((k): k is string => k !== undefined));
  const policies = Object.fromEntries(Object.entries(state.policies).filter(([k]) => used.has(k)));
  return { version: 1, turns: Object.fromEntries(kept), policies };
}

/** A short content key for a snapshot (FNV-1a over its JSON). */
export function snapshotKey(snapshot: Snapshot): string {
  const text = JSON.stringify(snapshot);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

export function recordTurn(
  state: SkillTurnsState,
  promptId: string,
  turn: Omit<SkillTurn, "policy">,
  snapshot: Snapshot,
  now: number,
): SkillTurnsState {
  const key = snapshotKey(snapshot);
  return pruneTurns(
    {
      version: 1,
      turns: { ...state.turns, [promptId]: { ...turn, policy: key } },
      policies: { ...state.policies, [key]: snapshot },
    },
    now,
  );
}

export function isSkillTurn(state: SkillTurnsState, promptId: string | undefined, now: number): boolean {
  if (!promptId) return false;
  const turn = Object.hasOwn(state.turns, promptId) ? state.turns[promptId] : undefined;
  return turn !== undefined && now - turn.at <= MAX_AGE_MS;
}

/** The snapshot of an active turn; a turn recorded without a usable one reports that as its problem. */
export function turnSnapshot(state: SkillTurnsState, promptId: string): Snapshot {
  const key = Object.hasOwn(state.turns, promptId) ? state.turns[promptId]?.policy : undefined;
  const snap = key && Object.hasOwn(state.policies, key) ? state.policies[key] : undefined;
  return snap ?? { problem: "the skill turn was recorded without a policy (state file damaged?)" };
}

// --- file I/O ----------------------------------------------------------------------------------------------

export function turnsPath(stateDir: string): string {
  return join(stateDir, TURNS_FILE);
}

export function readTurns(stateDir: string): SkillTurnsState {
  let text: string | null = null;
  try {
    text = readFileSync(turnsPath(stateDir), "utf8");
  } catch {
    text = null;
  }
  return parseTurns(text);
}

/** The turns file is rewritten in well under a second; a lock older than this was left by a crash. */
const LOCK_STALE_MS = 5_000;
const LOCK_WAIT_MS = 2_000;

/** Read, apply `change`, write back atomically. Returns the state written. */
export function updateTurns(
  stateDir: string,
  change: (state: SkillTurnsState) => SkillTurnsState,
): SkillTurnsState {
  mkdirSync(stateDir, { recursive: true });
  // Without the lock after LOCK_WAIT_MS: the record is better written unguarded than lost.
  const lock = { staleMs: LOCK_STALE_MS, waitMs: LOCK_WAIT_MS, unlocked: "run" } as const;
  return withLock(join(stateDir, `${TURNS_FILE}.lock`), lock, () => {
    const next = change(readTurns(stateDir));
    writeAtomic(turnsPath(stateDir), `${JSON.stringify(next)}\n`);
    return next;
  });
}

// --- which hook inputs mean "the skill was invoked" -------------------------------------------------------

/** Ours: "<name>" or "run-tests-skill:<name>" (shared with the registration's matcher). */
export { isSkillName } from "../core/profile/skill-name.ts";

/**
 * The skill name a hook input invokes, or null: UserPromptExpansion carries `command_name` (the user typed
 * /run-tests); the Skill tool's PreToolUse/PostToolUse carries `tool_input.skill` (the model invoked it).
 * A PostToolUse whose response says the launch failed does not count.
 */
export function invokedSkill(input: {
  hook_event_name: string;
  command_name?: string;
  tool_name?: string;
  tool_input?: Record<string, unknown>;
  tool_response?: unknown;
}): string | null {
  if (input.hook_event_name === "UserPromptExpansion")
    return typeof input.command_name === "string" ? input.command_name : null;
  if (
    (input.hook_event_name === "PreToolUse" || input.hook_event_name === "PostToolUse") &&
    input.tool_name === "Skill"
  ) {
    if (input.hook_event_name === "PostToolUse") {
      const response = input.tool_response as { success?: unknown } | null | undefined;
      if (response && typeof response === "object" && response.success === false) return null;
    }
    const skill = input.tool_input?.skill;
    return typeof skill === "string" ? skill : null;
  }
  return null;
}
