// The profile's JSON Schema, for editors (YAML language servers pick it up through the
// `# yaml-language-server: $schema=./profile.schema.json` line at the top of a profile). Converted from the
// valibot schema, so the two cannot drift; `generate --check` keeps the committed copy fresh.
// A profile with `extends` may leave out anything its base provides, so it is checked against a copy of the
// schema with every `required` list removed.
import { toJsonSchema } from "@valibot/to-json-schema";
import { jsonText } from "./json-text.ts";
import { Profile } from "./schema.ts";

export const PROFILE_SCHEMA_FILE = "skills/profiles/profile.schema.json";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function withoutRequired(node: Json): Json {
  if (Array.isArray(node)) return node.map(withoutRequired);
  if (node === null || typeof node !== "object") return node;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) {
    if (key !== "required") out[key] = withoutRequired(value);
  }
  return out;
}

export function profileJsonSchema(): string {
  const full = toJsonSchema(Profile, { typeMode: "input", errorMode: "throw" }) as Json;
  const document = {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "run-tests-skill profile",
    description:
      "A project's pytest setup, from which run-tests-skill generates the /run-tests SKILL.md and the hooks' policy. Generated from hooks/core/profile/schema.ts by `run-tests-skill generate`; do not edit.",
    if: { required: ["extends"] },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else keywords, not a promise
    then: { $ref: "#/definitions/partialProfile" },
    else: { $ref: "#/definitions/profile" },
    definitions: { profile: full, partialProfile: withoutRequired(full) },
  };
  return jsonText(document);
}
