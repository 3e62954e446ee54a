// Reading the compiled profile at hook time. A missing or broken file is reported, never thrown: each hook
// decides what it can still do without a profile (the git rule, for one, needs none).
import { readFileSync } from "node:fs";
import * as v from "valibot";
import { Profile } from "./schema.ts";

export type CompiledProfile = { ok: true; profile: Profile; file: string } | { ok: false; problem: string };

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
  const inner =
    json && typeof json === "object" && "profile" in json ? (json as { profile: unknown }).profile : json;
  const result = v.safeParse(Profile, inner);
  if (!result.success) {
    const issue = result.issues[0];
    return {
      ok: false,
      problem: `${file}: invalid profile at ${issue ? v.getDotPath(issue) : "?"}: ${issue?.message}`,
    };
  }
  return { ok: true, profile: result.output, file };
}
