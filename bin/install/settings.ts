// Merging our hook registrations into a project's .claude/settings.json, and taking them out again. Pure:
// text in, text out. Only the top-level `hooks` member is ever rewritten (see json-edit.ts), so permissions,
// env, unknown keys and their formatting survive byte for byte. Inside `hooks`, every handler that is not ours
// is kept where it is; ours are recognised by their bundle path (isOurHandler).
import { type HookEvent, type HookRegistrations, isOurHandler } from "../build/registration.ts";
import { memberText, objectShape, setMember } from "./json-edit.ts";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export type SettingsRead =
  | { kind: "absent" }
  | { kind: "invalid"; problem: string }
  | { kind: "ok"; text: string; value: JsonObject };

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** JSON.parse that tolerates a leading byte-order mark, which some editors write. */
function parseJson(text: string): unknown {
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

/** Reads settings text (null: no file). A file that is not a JSON object is "invalid" and must be left alone. */
export function readSettings(text: string | null): SettingsRead {
  if (text === null) return { kind: "absent" };
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (error) {
    return { kind: "invalid", problem: `not valid JSON (${(error as Error).message})` };
  }
  if (!isObject(value)) return { kind: "invalid", problem: "the top level is not a JSON object" };
  if (value.hooks !== undefined && !isObject(value.hooks))
    return { kind: "invalid", problem: '"hooks" is not an object' };
  if ((objectShape(text)?.members.filter((m) => m.key === "hooks").length ?? 0) > 1)
    return { kind: "invalid", problem: 'the key "hooks" appears more than once' };
  return { kind: "ok", text, value };
}

/** What `init` found in place before it added anything, so `--uninstall` can leave exactly that. */
export interface SettingsBaseline {
  /** The file did not exist: uninstall deletes it again when nothing else was added meanwhile. */
  created: boolean;
  /** Containers that existed before init ("hooks", "hooks.PreToolUse", ...): kept even when left empty. */
  containers: string[];
  /** The text of the `hooks` value before init (null: none, or it already held ours). Uninstall puts it back
   *  verbatim when what remains equals it, so even its formatting comes back. */
  hooksText: string | null;
}

export type MergeOutcome =
  | { ok: true; text: string; changed: boolean; baseline: SettingsBaseline }
  | { ok: false; problem: string };

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function groupsOf(hooks: JsonObject, event: string): Json[] {
  const list = hooks[event];
  return Array.isArray(list) ? list : [];
}

function handlersOf(group: Json): Json[] {
  return isObject(group) && Array.isArray(group.hooks) ? group.hooks : [];
}

/** A matcher group made only of our handlers. */
function isOurGroup(group: Json): boolean {
  const handlers = handlersOf(group);
  return handlers.length > 0 && handlers.every(isOurHandler);
}

/**
 * Removes our handlers everywhere. A group is dropped when it held only ours, an event when its list became
 * empty through that, and `hooks` likewise; containers named in `keep` stay even when empty.
 */
function withoutOurs(hooks: JsonObject, keep: ReadonlySet<string>): { hooks: JsonObject; removed: number } {
  let removed = 0;
  const out: JsonObject = {};
  for (const [event, list] of Object.entries(hooks)) {
    if (!Array.isArray(list)) {
      out[event] = list;
      continue;
    }
    const groups: Json[] = [];
    for (const group of list) {
      const handlers = handlersOf(group);
      const mine = handlers.filter(isOurHandler).length;
      if (mine === 0) {
        groups.push(group);
        continue;
      }
      removed += mine;
      const rest = handlers.filter((h) => !isOurHandler(h));
      if (rest.length > 0) groups.push({ ...(group as JsonObject), hooks: rest });
    }
    if (groups.length > 0 || list.length === 0 || keep.has(`hooks.${event}`)) out[event] = groups;
  }
  return { hooks: out, removed };
}

/** Adds or refreshes our registrations. Running it on its own output changes nothing. */
export function mergeRegistrations(text: string | null, reg: HookRegistrations): MergeOutcome {
  const read = readSettings(text);
  if (read.kind === "invalid") return { ok: false, problem: read.problem };
  const source = read.kind === "absent" ? "{}\n" : read.text;
  const settings = read.kind === "absent" ? {} : read.value;
  const current = isObject(settings.hooks) ? settings.hooks : undefined;

  // What the user has without us: a re-run of init (whose caller keeps the first run's baseline when it can)
  // must not count our own earlier additions as the user's.
  const userHooks = current ? withoutOurs(current, new Set()) : undefined;
  const baseline: SettingsBaseline = {
    created: read.kind === "absent",
    containers: userHooks
      ? [
          ...(userHooks.removed === 0 || Object.keys(userHooks.hooks).length > 0 ? ["hooks"] : []),
          ...Object.keys(userHooks.hooks).map((e) => `hooks.${e}`),
        ]
      : [],
    hooksText: userHooks && userHooks.removed === 0 ? memberText(source, "hooks") : null,
  };

  // Ours go back where they were (a group of only our handlers with the same matcher is refreshed in place);
  // new ones are appended after the user's groups. Then stale handlers of ours elsewhere are removed.
  const hooks: JsonObject = { ...(current ?? {}) };
  const placed = new Set<Json>();
  for (const [event, groups] of Object.entries(reg) as [HookEvent, HookRegistrations[HookEvent]][]) {
    const list = [...groupsOf(hooks, event)];
    for (const wanted of groups ?? []) {
      const fresh = JSON.parse(JSON.stringify(wanted)) as JsonObject;
      const at = list.findIndex(
        (g) => !placed.has(g) && isOurGroup(g) && (g as JsonObject).matcher === wanted.matcher,
      );
      if (at >= 0) {
        const { hooks: _old, ...rest } = list[at] as JsonObject;
        const refreshed = { ...rest, ...fresh, hooks: fresh.hooks as Json };
        list[at] = refreshed;
        placed.add(refreshed);
      } else {
        list.push(fresh);
        placed.add(fresh);
      }
    }
    hooks[event] = list;
  }
  // Stale handlers of ours (an old matcher, a removed bundle, one moved into a user's group): drop them.
  const cleaned: JsonObject = {};
  for (const [event, list] of Object.entries(hooks)) {
    if (!Array.isArray(list)) {
      cleaned[event] = list;
      continue;
    }
    const groups: Json[] = [];
    for (const group of list) {
      if (placed.has(group)) {
        groups.push(group);
        continue;
      }
      const handlers = handlersOf(group);
      const rest = handlers.filter((h) => !isOurHandler(h));
      if (rest.length === handlers.length) groups.push(group);
      else if (rest.length > 0) groups.push({ ...(group as JsonObject), hooks: rest });
    }
    if (groups.length > 0 || list.length === 0) cleaned[event] = groups;
  }

  if (current && deepEqual(current, cleaned)) return { ok: true, text: source, changed: false, baseline };
  try {
    const next = setMember(source, "hooks", cleaned);
    return { ok: true, text: next, changed: next !== source, baseline };
  } catch (error) {
    return { ok: false, problem: (error as Error).message };
  }
}

export type RemoveOutcome =
  | { ok: true; text: string; changed: boolean; removed: number; deleteFile: boolean }
  | { ok: false; problem: string };

/** Takes out every handler of ours; what the user wrote stays, in place. */
export function removeRegistrations(text: string, baseline?: SettingsBaseline): RemoveOutcome {
  const read = readSettings(text);
  if (read.kind === "invalid") return { ok: false, problem: read.problem };
  if (read.kind === "absent") return { ok: true, text, changed: false, removed: 0, deleteFile: false };
  const current = read.value.hooks;
  if (!isObject(current)) return { ok: true, text, changed: false, removed: 0, deleteFile: false };
  const keep = new Set(baseline?.containers ?? []);
  const { hooks, removed } = withoutOurs(current, keep);
  if (removed === 0) return { ok: true, text, changed: false, removed, deleteFile: false };
  const dropHooks = Object.keys(hooks).length === 0 && !keep.has("hooks");
  const original = baseline?.hooksText ?? null;
  const restore = original !== null && deepEqual(JSON.parse(original), hooks) ? original : undefined;
  const next = setMember(text, "hooks", dropHooks ? undefined : hooks, restore);
  // A file init created that holds nothing else now goes away again.
  const deleteFile = Boolean(baseline?.created) && Object.keys(parseJson(next) as object).length === 0;
  return { ok: true, text: next, changed: true, removed, deleteFile };
}

export interface FoundHandler {
  event: string;
  matcher: string | undefined;
  handler: JsonObject;
}

/** Every handler of ours in a settings object, for doctor. */
export function ourHandlers(settings: JsonObject): FoundHandler[] {
  const hooks = settings.hooks;
  if (!isObject(hooks)) return [];
  const found: FoundHandler[] = [];
  for (const [event, list] of Object.entries(hooks)) {
    if (!Array.isArray(list)) continue;
    for (const group of list) {
      const matcher = isObject(group) && typeof group.matcher === "string" ? group.matcher : undefined;
      for (const h of handlersOf(group))
        if (isOurHandler(h) && isObject(h)) found.push({ event, matcher, handler: h });
    }
  }
  return found;
}
