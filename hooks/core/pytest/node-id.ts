// The one reading of a pytest node id, `path/test_x.py::Class::Nested::test_name[params]` (pytest-output.md
// §2): the file, the class path, the function, the parametrize bracket. Everything that takes an id apart
// (the report, the ledger, the stop gate's coverage, init's notes, the flaky command) asks here, so an id
// whose parameters hold `::`, `.` or `[` is read one way everywhere.

const SEP = "::";

export interface NodeIdParts {
  /** The file part, before the first `::`; "" when the id has none (a bare path, as a collection error
   *  names its file). */
  file: string;
  /** The classes the test is nested in, outermost first (empty for a module-level function). */
  classes: string[];
  /** The test's own name, without its parameters (for a bare path: the path itself). */
  function: string;
  /** The text inside the trailing `[...]`, or null when the test is not parametrized. */
  params: string | null;
}

/** Is this a node id naming a test (or class) inside a file, rather than a bare path? */
export function isNodeId(text: string): boolean {
  return text.includes(SEP);
}

/** The id after its file part, and where its parameters start (the first `[` after the file part). */
function afterFile(id: string): { file: string; rest: string; bracket: number } {
  const sep = id.indexOf(SEP);
  const file = sep === -1 ? "" : id.slice(0, sep);
  const rest = sep === -1 ? id : id.slice(sep + SEP.length);
  return { file, rest, bracket: rest.indexOf("[") };
}

/** The parametrize bracket's content: `test[a-1]` is `a-1`; an unclosed bracket runs to the end. */
function paramsOf(rest: string, bracket: number): string | null {
  if (bracket === -1) return null;
  return rest.slice(bracket + 1, rest.endsWith("]") ? -1 : undefined);
}

export function parseNodeId(id: string): NodeIdParts {
  const { file, rest, bracket } = afterFile(id);
  const names = (bracket === -1 ? rest : rest.slice(0, bracket)).split(SEP);
  return {
    file,
    classes: names.slice(0, -1),
    function: names.at(-1) ?? "",
    params: paramsOf(rest, bracket),
  };
}

/** The parts of an id with the class path kept in `name` (`Class::test`), as the ledger and the profile's
 *  known_flaky entries store them. */
export function splitNodeId(id: string): { file: string; name: string; params: string | null } {
  const { file, rest, bracket } = afterFile(id);
  return { file, name: bracket === -1 ? rest : rest.slice(0, bracket), params: paramsOf(rest, bracket) };
}

/** The file a node id lives in: the part before the first `::`, or the whole id when it is a bare path. */
export function fileOfNodeId(id: string): string {
  // No afterFile record: this runs per failing test (an empty file part is the whole id, as there).
  const sep = id.indexOf(SEP);
  return sep <= 0 ? id : id.slice(0, sep);
}

/** The test's own name, the last name before the parameters: `f.py::TestA::test_b[1]` is `test_b`. */
export function testNameOf(id: string): string {
  return parseNodeId(id).function;
}

/** The id without its parametrize bracket: every parametrisation of one test. */
export function withoutParams(id: string): string {
  const { file, name } = splitNodeId(id);
  return file ? `${file}${SEP}${name}` : name;
}

/** An id from its parts (`name` may carry a class path). */
export function joinNodeId(file: string, name: string, params?: string | null): string {
  return `${file}${SEP}${name}${params == null ? "" : `[${params}]`}`;
}

/** The same id with its file part replaced (`f` maps the old file to the new one); a bare path is mapped
 *  whole. */
export function mapNodeIdFile(id: string, f: (file: string) => string): string {
  const sep = id.indexOf(SEP);
  return sep === -1 ? f(id) : `${f(id.slice(0, sep))}${id.slice(sep)}`;
}

/** Does running `target` (a folder, a file, a class or a test id) select `id`? By name only, as pytest's
 *  selection does: the target itself, a parametrisation of it, something inside it. */
export function nodeIdWithin(id: string, target: string): boolean {
  return (
    id === target ||
    id.startsWith(`${target}[`) ||
    id.startsWith(`${target}${SEP}`) ||
    id.startsWith(`${target}/`)
  );
}

/** Can `pytest <id>` select this test again? Not when it is a bare path, spans lines, or its parameters
 *  hold an object's default repr (`<Foo object at 0x7f..>`: the address differs per run). */
export function isRerunnableId(id: string): boolean {
  if (!isNodeId(id) || /[\n\r]/.test(id)) return false;
  const { params } = splitNodeId(id);
  return params === null || !/0x[0-9a-fA-F]{4,}/.test(params);
}

/** The title pytest prints in a FAILURES header for an id: `path::Class::test[p]` is `Class.test[p]`. */
export function headerTitleOf(id: string): string {
  const { file, rest, bracket } = afterFile(id);
  if (!file) return id;
  const head = bracket === -1 ? rest : rest.slice(0, bracket);
  return head.replaceAll(SEP, ".") + (bracket === -1 ? "" : rest.slice(bracket));
}

/** The id's part after the file from a header title: `Class.test[a.b]` is `Class::test[a.b]` (dots
 *  outside the parameters separate classes from the name). */
export function nodePartOfTitle(title: string): string {
  const bracket = title.indexOf("[");
  const head = bracket === -1 ? title : title.slice(0, bracket);
  return head.replace(/\./g, SEP) + (bracket === -1 ? "" : title.slice(bracket));
}
