// Reading the compiled profile at hook time. A missing or broken file is reported, never thrown: each hook
// decides what it can still do without a profile (the git rule, for one, needs none). The document goes
// through the format migration first (skills/profile/format.ts): an older one is read in memory as the
// current format, a newer one is refused with a message that says how to fix it.
import { readFileSync } from "node:fs";
import * as v from "valibot";
import { migrateCompiled } from "./format.ts";
import { Profile } from "./schema.ts";

export type CompiledProfile =
  | { ok: true; profile: Profile; file: string; migratedFrom: number | null }
  | { ok: false; problem: string; newerFormat?: boolean };

export function readCompiledProfile(file: string | null): CompiledProfile {
  if (!file)
    return {
      ok: false,
      problem: "no compiled profile found (run `run-tests-skill init` or install the plugin)",
    };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    return { ok: false, problem: `${file}: cannot read the compiled profile (${(error as Error).message})` };
  }
  const doc = migrateCompiled(json, file);
  if (!doc.ok) return { ok: false, problem: doc.problem, ...(doc.newer ? { newerFormat: true } : {}) };
  const result = v.safeParse(Profile, doc.profile);
  if (!result.success) {
    const issue = result.issues[0];
    return {
      ok: false,
      problem: `${file}: invalid profile at ${issue ? v.getDotPath(issue) : "?"}: ${issue?.message}`,
    };
  }
  return { ok: true, profile: result.output, file, migratedFrom: doc.migratedFrom };
}
