// Turning valibot issues into sentences a profile author can act on: which field, what was expected, what
// was found. Walks the schema itself so "expected" names the real shape (a list of strings, a mapping with
// keys ...) and an unknown key lists the keys allowed at that place.
import type * as v from "valibot";

type AnySchema = v.BaseSchema<unknown, unknown, v.BaseIssue<unknown>> & {
  type: string;
  wrapped?: AnySchema;
  item?: AnySchema;
  entries?: Record<string, AnySchema>;
  pipe?: readonly { kind: string; type: string; description?: string }[];
};

/** The schema found by following object keys and array indexes from `root`; undefined when the path
 *  leaves the schema (an unknown key). */
export function schemaAt(root: unknown, path: readonly (string | number)[]): AnySchema | undefined {
  let current = unwrap(root as AnySchema);
  for (const key of path) {
    if (!current) return undefined;
    if (current.entries && typeof key === "string") current = unwrap(current.entries[key]);
    else if (current.item && typeof key === "number") current = unwrap(current.item);
    else return undefined;
  }
  return current;
}

function unwrap(schema: AnySchema | undefined): AnySchema | undefined {
  let current = schema;
  while (current?.wrapped) current = current.wrapped;
  return current;
}

/** Plain-words shape of a schema: "a string", "a list of strings", "a mapping with keys a, b". */
export function describeShape(schema: AnySchema | undefined): string {
  const s = unwrap(schema);
  if (!s) return "nothing (this key is not part of the profile)";
  switch (s.type) {
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "boolean":
      return "true or false";
    case "array":
      return `a list of ${plural(describeShape(s.item))}`;
    case "strict_object":
    case "object":
      return `a mapping with keys ${Object.keys(s.entries ?? {}).join(", ")}`;
    default:
      return s.type;
  }
}

function plural(shape: string): string {
  if (shape === "a string") return "strings";
  if (shape === "a number") return "numbers";
  if (shape.startsWith("a mapping")) return `mappings (${shape.slice(2)})`;
  if (shape.startsWith("a list")) return `lists (${shape.slice(2)})`;
  return shape;
}

/** The `v.description()` text attached to a schema, if any. */
export function schemaDescription(schema: AnySchema | undefined): string | undefined {
  const s = unwrap(schema);
  return s?.pipe?.find((a) => a.kind === "metadata" && a.type === "description")?.description;
}

/** What the user wrote, briefly. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null (an empty value)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string")
    return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  return `${typeof value} ${String(value)}`;
}

export function issueKeys(issue: v.BaseIssue<unknown>): (string | number)[] {
  return (issue.path ?? []).map((item) => item.key as string | number);
}

/** One sentence for one issue. */
export function describeIssue(root: unknown, issue: v.BaseIssue<unknown>): string {
  const keys = issueKeys(issue);
  const parentKeys = keys.slice(0, -1);
  const last = keys.at(-1);
  const isObjectIssue = issue.type === "strict_object" || issue.type === "object";
  if (issue.kind === "schema" && isObjectIssue && issue.input === undefined && last !== undefined) {
    // A required key is missing: describe the shape the key's schema wants.
    const wanted = schemaAt(root, keys);
    const about = schemaDescription(wanted);
    return `required field "${last}" is missing; expected ${describeShape(wanted)}${about ? ` (${about})` : ""}`;
  }
  if (issue.kind === "schema" && issue.type === "strict_object" && last !== undefined) {
    const allowed = Object.keys(schemaAt(root, parentKeys)?.entries ?? {});
    return `unknown key "${last}"; allowed here: ${allowed.join(", ")}`;
  }
  if (issue.kind === "schema") {
    const wanted = schemaAt(root, keys);
    const custom = issue.message.startsWith("Invalid type") ? undefined : issue.message;
    return `expected ${describeShape(wanted)}, got ${describeValue(issue.input)}${custom ? ` (${custom})` : ""}`;
  }
  // A validation action (regex, length, range) failed: its message says what is expected.
  const message = issue.message.startsWith("Invalid ") ? humanise(issue) : issue.message;
  return `${message}; got ${describeValue(issue.input)}`;
}

function humanise(issue: v.BaseIssue<unknown>): string {
  switch (issue.type) {
    case "min_value":
      return `must be at least ${issue.requirement}`;
    case "max_value":
      return `must be at most ${issue.requirement}`;
    case "integer":
      return "must be a whole number";
    case "min_length":
      return `must have at least ${issue.requirement} item(s)`;
    case "max_length":
      return `must be at most ${issue.requirement} long`;
    default:
      return issue.message;
  }
}
