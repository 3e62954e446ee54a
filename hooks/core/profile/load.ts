// Reading a profile: YAML text -> (extends resolved) -> validated Profile, or a list of errors that each name
// the file, the line, the path of the bad field and what was expected. Pure apart from reading files.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import * as v from "valibot";
import { type Document, isMap, LineCounter, parseDocument } from "yaml";
import { BUILTIN_PROFILES_DIR } from "../package-root.ts";
import { describeIssue, issueKeys } from "./describe.ts";
import {
  commandToolRules,
  expandRunnerDeep,
  PYTEST_PLACEHOLDER,
  PYTHON_PLACEHOLDER,
  resolveRunner,
  unknownPlaceholders,
} from "./runner.ts";
import { Profile } from "./schema.ts";

export const BUILTIN_PROFILES = ["tractor", "generic"] as const;
export type BuiltinProfile = (typeof BUILTIN_PROFILES)[number];
export const DEFAULT_PROFILE: BuiltinProfile = "tractor";

const builtinDir = BUILTIN_PROFILES_DIR;

export interface ProfileError {
  file: string;
  /** Dotted path of the field, e.g. known_flaky.2.signatures; "" for the whole file. */
  field: string;
  message: string;
  /** 1-based line in `file`, when known. */
  line?: number;
}

export type Loaded = { ok: true; profile: Profile; files: string[] } | { ok: false; errors: ProfileError[] };

export function builtinProfilePath(name: BuiltinProfile): string {
  return join(builtinDir, `${name}.yaml`);
}

export function isBuiltin(name: string): name is BuiltinProfile {
  return (BUILTIN_PROFILES as readonly string[]).includes(name);
}

/** A built-in name or a file path (relative to cwd). */
export function resolveProfileRef(ref: string, cwd: string): string {
  return isBuiltin(ref) ? builtinProfilePath(ref) : resolve(cwd, ref);
}

/** One line per error: `file:line: field: message`. */
export function formatProfileErrors(errors: ProfileError[]): string {
  return errors
    .map((e) => `${e.file}${e.line ? `:${e.line}` : ""}: ${e.field ? `${e.field}: ` : ""}${e.message}`)
    .join("\n");
}

type Raw = Record<string, unknown>;

/** One parsed file of an extends chain. */
interface Layer {
  file: string;
  doc: Document;
  lines: LineCounter;
}

type Read = { ok: true; raw: Raw; layer: Layer } | { ok: false; errors: ProfileError[] };

/** Parse one profile's YAML text. `file` only names the source in errors. */
export function parseProfileText(text: string, file: string): Read {
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const line = lines.linePos(e.pos[0]).line;
        return {
          file,
          field: "",
          message: `invalid YAML: ${e.message.split("\n")[0]}`,
          ...(line ? { line } : {}),
        };
      }),
    };
  }
  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return {
      ok: false,
      errors: [
        {
          file,
          field: "",
          message: "expected a YAML mapping at the top level (skill:, project:, runner:, ...)",
        },
      ],
    };
  }
  return { ok: true, raw: raw as Raw, layer: { file, doc, lines } };
}

function readProfileFile(file: string): Read {
  if (!existsSync(file)) return { ok: false, errors: [{ file, field: "", message: "file not found" }] };
  return parseProfileText(readFileSync(file, "utf8"), file);
}

/** Objects merge key by key; arrays and scalars of the child replace the base's. */
export function mergeProfiles(base: Raw, child: Raw): Raw {
  const out: Raw = { ...base };
  for (const [key, value] of Object.entries(child)) {
    const prev = out[key];
    const bothObjects =
      value !== null &&
      typeof value === "object" &&
      !Array.isArray(value) &&
      prev !== null &&
      typeof prev === "object" &&
      !Array.isArray(prev);
    out[key] = bothObjects ? mergeProfiles(prev as Raw, value as Raw) : value;
  }
  return out;
}

type Resolved = { ok: true; raw: Raw; layers: Layer[] } | { ok: false; errors: ProfileError[] };

function lineOf(layer: Layer, keys: readonly (string | number)[]): number | undefined {
  const node = keys.length === 0 ? layer.doc.contents : layer.doc.getIn(keys, true);
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  return range ? layer.lines.linePos(range[0]).line : undefined;
}

function resolveChain(read: Read, seen: string[]): Resolved {
  if (!read.ok) return read;
  const { file } = read.layer;
  const parent = read.raw.extends;
  const { extends: _drop, ...own } = read.raw;
  if (parent === undefined) return { ok: true, raw: own, layers: [read.layer] };
  const at = lineOf(read.layer, ["extends"]);
  const fail = (message: string): Resolved => ({
    ok: false,
    errors: [{ file, field: "extends", message, ...(at ? { line: at } : {}) }],
  });
  if (typeof parent !== "string" || parent.trim() === "") {
    return fail(`expected a built-in profile name (${BUILTIN_PROFILES.join(", ")}) or a file path`);
  }
  const parentFile = isBuiltin(parent)
    ? builtinProfilePath(parent)
    : isAbsolute(parent)
      ? parent
      : join(dirname(file), parent);
  const chain = [...seen, file];
  if (chain.includes(parentFile)) {
    return fail(`extends cycle: ${[...chain, parentFile].join(" -> ")}`);
  }
  if (!existsSync(parentFile)) {
    return fail(
      `base profile "${parent}" not found: not a built-in profile (${BUILTIN_PROFILES.join(", ")}) and no file ${parentFile}`,
    );
  }
  const base = resolveChain(readProfileFile(parentFile), chain);
  if (!base.ok) return base;
  return { ok: true, raw: mergeProfiles(base.raw, own), layers: [...base.layers, read.layer] };
}

/** Every string in `value` with its key path. */
function strings(
  value: unknown,
  path: (string | number)[] = [],
): { path: (string | number)[]; text: string }[] {
  if (typeof value === "string") return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, [...path, i]));
  if (value !== null && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => strings(v, [...path, k]));
  return [];
}

/**
 * Resolve the runner (hooks/core/profile/runner.ts) and replace `{{pytest}}` / `{{python}}` everywhere, after the
 * extends chain is merged (a child that sets only `runner.python` changes every inherited command) and before
 * validation (so the validated profile, and everything compiled from it, holds the real commands).
 */
function applyRunner(raw: Raw, layers: Layer[]): Resolved {
  const runner = raw.runner;
  if (runner === null || typeof runner !== "object" || Array.isArray(runner))
    return { ok: true, raw, layers };
  const errors: ProfileError[] = [];
  const at = (keys: (string | number)[]) => {
    for (const layer of [...layers].reverse()) {
      const line = lineOf(layer, keys);
      if (line !== undefined) return { file: layer.file, line };
    }
    return { file: layers.at(-1)?.file ?? "" };
  };
  for (const { path, text } of strings(raw)) {
    const bad = unknownPlaceholders(text);
    if (bad.length > 0)
      errors.push({
        ...at(path),
        field: path.join("."),
        message: `unknown placeholder ${bad.map((b) => `{{${b}}}`).join(", ")}: only ${PYTEST_PLACEHOLDER} and ${PYTHON_PLACEHOLDER} are replaced`,
      });
  }
  const python = (runner as Raw).python;
  if (typeof python === "string" && /\{\{/.test(python))
    errors.push({
      ...at(["runner", "python"]),
      field: "runner.python",
      message: "must name the interpreter itself (e.g. .venv/bin/python), not a placeholder",
    });
  if (errors.length > 0) return { ok: false, errors };
  const resolved = resolveRunner(runner as Raw);
  const expanded = expandRunnerDeep(
    { ...raw, runner: { ...(runner as Raw), python: resolved.python, base: resolved.pytest } },
    resolved,
  );
  return { ok: true, raw: withRunnerCommands(expanded), layers };
}

/** `runner.commands` are runner spellings the skill may run: each joins `runner.also` (the hooks recognise
 *  it) and `allowed_tools` (the guard and Claude Code allow it with any arguments). Malformed values are left
 *  to validation. */
function withRunnerCommands(raw: Raw): Raw {
  const runner = raw.runner as Raw;
  const commands = Array.isArray(runner.commands)
    ? runner.commands.filter((c): c is string => typeof c === "string" && c.trim() !== "")
    : [];
  if (commands.length === 0) return raw;
  const also = Array.isArray(runner.also) ? runner.also : [];
  const tools = Array.isArray(raw.allowed_tools) ? raw.allowed_tools : [];
  return {
    ...raw,
    runner: { ...runner, also: [...new Set([...also, ...commands])] },
    allowed_tools: [...new Set([...tools, ...commands.flatMap(commandToolRules)])],
  };
}

/** Validate an extends-resolved object; errors name the layer that wrote the bad value (the last one
 *  that has something at that path), or the last file when the value is missing everywhere. */
function validateLayers(raw: Raw, layers: Layer[]): Loaded {
  const result = v.safeParse(Profile, raw);
  const files = layers.map((l) => l.file);
  if (result.success) return { ok: true, profile: result.output, files };
  const errors = result.issues.map((issue): ProfileError => {
    const keys = issueKeys(issue);
    // Follow the merge: at each key the value is the last layer's that has it, and below a list or a scalar
    // it is wholly that layer's (only maps merge). So a list item the user's file wrote is blamed on that
    // file even where the base has a deeper key at the same index.
    let owner: Layer | undefined;
    let line: number | undefined;
    for (let depth = 1; depth <= keys.length; depth++) {
      const prefix = keys.slice(0, depth);
      const holder = [...layers].reverse().find((layer) => layer.doc.hasIn(prefix));
      if (!holder) break;
      owner = holder;
      line = lineOf(holder, prefix) ?? line;
      if (!isMap(holder.doc.getIn(prefix, true))) {
        // The deepest line this layer has on the way to the bad field (a list item rather than the list).
        for (let deeper = keys.length; deeper > depth; deeper--) {
          const found = lineOf(holder, keys.slice(0, deeper));
          if (found !== undefined) {
            line = found;
            break;
          }
        }
        break;
      }
    }
    const file = (owner ?? layers.at(-1))?.file ?? "";
    return {
      file,
      field: v.getDotPath(issue) ?? keys.join("."),
      message: describeIssue(Profile, issue),
      ...(line ? { line } : {}),
    };
  });
  return { ok: false, errors };
}

function finish(resolved: Resolved): Loaded {
  const applied = resolved.ok ? applyRunner(resolved.raw, resolved.layers) : resolved;
  return applied.ok ? validateLayers(applied.raw, applied.layers) : applied;
}

/** Load a profile from YAML text that is not (yet) a file, e.g. one `init` is about to write. Relative
 *  `extends` paths resolve against `file`'s folder. */
export function loadProfileText(text: string, file: string): Loaded {
  return finish(resolveChain(parseProfileText(text, file), []));
}

export function loadProfile(ref: string, cwd = process.cwd()): Loaded {
  const file = resolveProfileRef(ref, cwd);
  if (!existsSync(file)) {
    const near = nearestProfileRef(ref, cwd);
    const message = `profile "${ref}" not found: not a built-in profile (${BUILTIN_PROFILES.join(", ")}) and no file ${file}${near ? `; did you mean ${near}?` : ""}`;
    return { ok: false, errors: [{ file, field: "", message }] };
  }
  return finish(resolveChain(readProfileFile(file), []));
}

/** Letters to add, drop or change to turn a into b. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(
        (row[j] ?? 0) + 1,
        (next[j - 1] ?? 0) + 1,
        (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    row = next;
  }
  return row[b.length] ?? 0;
}

/** For a profile reference that names nothing: the closest built-in name, or YAML file in the folder it
 *  points into, when one is a near miss (a typo), else null. */
export function nearestProfileRef(ref: string, cwd: string): string | null {
  const candidates: string[] = [...BUILTIN_PROFILES];
  const folder = dirname(resolve(cwd, ref));
  const shown = dirname(ref);
  try {
    for (const name of readdirSync(folder))
      if (/\.ya?ml$/.test(name)) candidates.push(shown === "." ? name : join(shown, name));
  } catch {
    // No such folder: only the built-in names are candidates.
  }
  let best: { ref: string; distance: number } | null = null;
  for (const candidate of candidates) {
    const distance = editDistance(ref.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { ref: candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(ref.length / 4)) ? best.ref : null;
}
