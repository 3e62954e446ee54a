// Reading a profile: YAML text -> (extends resolved) -> validated Profile, or a list of errors that each name
// the file, the path of the bad field and what was expected. Pure apart from reading files.
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as v from "valibot";
import { parseDocument } from "yaml";
import { Profile } from "./schema.ts";

export const BUILTIN_PROFILES = ["tractor", "generic"] as const;
export type BuiltinProfile = (typeof BUILTIN_PROFILES)[number];
export const DEFAULT_PROFILE: BuiltinProfile = "tractor";

const builtinDir = fileURLToPath(new URL("../profiles/", import.meta.url));

export interface ProfileError {
  file: string;
  /** Dotted path of the field, e.g. known_flaky.2.signatures; "" for the whole file. */
  field: string;
  message: string;
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

export function formatProfileErrors(errors: ProfileError[]): string {
  return errors.map((e) => `${e.file}${e.field ? `: ${e.field}` : ""}: ${e.message}`).join("\n");
}

type Raw = Record<string, unknown>;

function readRaw(file: string): { ok: true; raw: Raw } | { ok: false; errors: ProfileError[] } {
  if (!existsSync(file)) return { ok: false, errors: [{ file, field: "", message: "file not found" }] };
  const doc = parseDocument(readFileSync(file, "utf8"), { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        file,
        field: "",
        message: `invalid YAML at line ${(e.linePos?.[0]?.line ?? 0) || "?"}: ${e.message.split("\n")[0]}`,
      })),
    };
  }
  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { ok: false, errors: [{ file, field: "", message: "expected a YAML mapping at the top level" }] };
  }
  return { ok: true, raw: raw as Raw };
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

function resolveRaw(
  file: string,
  seen: string[],
): { ok: true; raw: Raw; files: string[] } | { ok: false; errors: ProfileError[] } {
  if (seen.includes(file)) {
    return {
      ok: false,
      errors: [{ file, field: "extends", message: `extends cycle: ${[...seen, file].join(" -> ")}` }],
    };
  }
  const read = readRaw(file);
  if (!read.ok) return read;
  const parent = read.raw.extends;
  const { extends: _drop, ...own } = read.raw;
  if (parent === undefined) return { ok: true, raw: own, files: [file] };
  if (typeof parent !== "string" || parent.trim() === "") {
    return {
      ok: false,
      errors: [{ file, field: "extends", message: "expected a built-in profile name or a file path" }],
    };
  }
  const parentFile = isBuiltin(parent)
    ? builtinProfilePath(parent)
    : isAbsolute(parent)
      ? parent
      : join(dirname(file), parent);
  const base = resolveRaw(parentFile, [...seen, file]);
  if (!base.ok) return base;
  return { ok: true, raw: mergeProfiles(base.raw, own), files: [...base.files, file] };
}

/** Validate an already-merged object; `file` is named in errors. */
export function validateProfile(raw: unknown, file: string): Loaded {
  const result = v.safeParse(Profile, raw);
  if (result.success) return { ok: true, profile: result.output, files: [file] };
  return {
    ok: false,
    errors: result.issues.map((issue) => ({
      file,
      field: v.getDotPath(issue) ?? "",
      message: describeIssue(issue),
    })),
  };
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
  if (issue.type === "strict_object" && issue.input !== undefined)
    return "unknown key (not in the profile schema)";
  if (issue.kind === "schema" && issue.received === "undefined") return `missing; expected ${issue.expected}`;
  if (issue.kind === "schema") return `expected ${issue.expected}, got ${issue.received}`;
  return issue.message;
}

export function loadProfile(ref: string, cwd = process.cwd()): Loaded {
  const file = resolveProfileRef(ref, cwd);
  const raw = resolveRaw(file, []);
  if (!raw.ok) return raw;
  const loaded = validateProfile(raw.raw, file);
  return loaded.ok ? { ...loaded, files: raw.files } : loaded;
}
