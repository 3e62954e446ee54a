// The compiled profile's format version (`format` in .claude/run-tests-skill/profile.json and the plugin's
// hooks/profile.json). The hooks of one release may read a profile compiled by another: a project installed
// by an older `init` and a newer plugin, or the reverse. Reading goes through migrateCompiled(): an older
// document is brought up to date in memory, step by step (the file is left as it is; `init` rewrites it);
// a newer one is refused with a message that says what to do, and each hook then keeps its safe behaviour
// (the git rule with its defaults, skill mode refused, the stop gate off).
// No schema library here: the guard calls this before every Bash call.

/** The format this release writes and reads. Bump it when the compiled document changes shape in a way an
 *  older reader would misread, and add the step from the previous format to MIGRATIONS. */
export const PROFILE_FORMAT = 1;

type Document = Record<string, unknown>;

/** MIGRATIONS[n] turns a format-n document into a format-(n+1) one. Format 0 is every profile.json written
 *  before the key existed: `{ $comment, source, profile }`, or (older still) the bare profile object. */
const MIGRATIONS: Record<number, (doc: Document) => Document> = {
  0: (doc) => ("profile" in doc ? { ...doc, format: 1 } : { source: "(unknown)", profile: doc, format: 1 }),
};

export type CompiledDocument =
  | { ok: true; profile: unknown; format: number; source: string | null; migratedFrom: number | null }
  | { ok: false; problem: string; newer: boolean };

/** The format a parsed profile.json declares: 0 when it has none (written before formats existed). */
export function formatOf(json: unknown): number | "invalid" {
  if (!json || typeof json !== "object" || Array.isArray(json)) return "invalid";
  const format = (json as Document).format;
  if (format === undefined) return 0;
  return typeof format === "number" && Number.isInteger(format) && format >= 0 ? format : "invalid";
}

/** The message for a document newer than this release; `file` names it. */
export function newerFormatProblem(file: string, format: number): string {
  return `${file} has profile format ${format}, newer than this run-tests-skill knows (format ${PROFILE_FORMAT}): it was written by a newer release. Update run-tests-skill (the npm package, or the plugin) to the release that wrote it, or run \`run-tests-skill init\` of this release to rewrite it. Until then the hooks ignore it: the git rule keeps its defaults, /run-tests turns are refused, the stop gate is off.`;
}

/** A parsed profile.json, brought to PROFILE_FORMAT in memory. */
export function migrateCompiled(json: unknown, file: string): CompiledDocument {
  const format = formatOf(json);
  if (format === "invalid")
    return {
      ok: false,
      newer: false,
      problem: `${file}: not a compiled profile (expected a JSON object with a whole-number "format")`,
    };
  if (format > PROFILE_FORMAT) return { ok: false, newer: true, problem: newerFormatProblem(file, format) };
  let doc = json as Document;
  for (let step = format; step < PROFILE_FORMAT; step++) {
    const migrate = MIGRATIONS[step];
    if (!migrate) return { ok: false, newer: false, problem: `${file}: no migration from format ${step}` };
    doc = migrate(doc);
  }
  return {
    ok: true,
    profile: doc.profile,
    format: PROFILE_FORMAT,
    source: typeof doc.source === "string" ? doc.source : null,
    migratedFrom: format < PROFILE_FORMAT ? format : null,
  };
}
