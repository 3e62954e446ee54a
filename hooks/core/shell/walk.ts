// The shell walk: parse a command line with unbash and collect every simple command it contains, in every
// position the shell can run one: lists, pipelines, subshells, groups, functions (defined or not), loops,
// case arms, coprocesses, and substitutions inside any word (double quotes, assignment values, redirect
// targets, parameter operands, arithmetic, [[ ]], case patterns, unquoted here-document bodies).
// Anything the walk cannot account for (a parse error, a node type it does not know, a substitution it
// cannot see into) becomes a Problem, which the caller turns into a deny.
import {
  type AndOr,
  type ArithmeticExpression,
  type Assignment,
  type Command,
  type CompoundList,
  forEachChild,
  type ParsedScript,
  type PipelineNode,
  parse,
  type Redirection,
  type Statement,
  type SyntaxNode,
  type Word,
} from "unbash";
import { literalWord, unescapeHereDoc, type WordInfo, wordInfo } from "./words.ts";

/** Where a command's standard input comes from, as far as the line itself says. */
export type Stdin =
  | { kind: "inherit" }
  | { kind: "pipe" }
  | { kind: "file"; target: WordInfo | null }
  /** A here-document or here-string: `code` is its text, or null when it holds expansions. */
  | { kind: "text"; code: string | null; via: "here-document" | "here-string" };

export interface RedirectInfo {
  operator: string;
  fd: number | undefined;
  target: WordInfo | null;
  /** Opens a file for writing (>, >>, >|, &>, &>>, <>, >&file). */
  writes: boolean;
}

export interface AssignmentInfo {
  name: string;
  /** null for array values, which are never needed by an allowed command. */
  value: WordInfo | null;
  text: string;
}

export interface SimpleCommand {
  /** Command name and arguments (assignments and redirections removed). */
  words: WordInfo[];
  assignments: AssignmentInfo[];
  redirects: RedirectInfo[];
  stdin: Stdin;
  /** Run with a trailing `&` (or as a coprocess). */
  background: boolean;
  /** Inside a function body (defined in the line, maybe never called). */
  inFunction: boolean;
  /** Position in a pipeline: which one (unique id per walk) and which stage. */
  pipeline: { id: number; stage: number; stages: number } | null;
  /** Where the command's standard output goes before its own redirections (and those of an enclosing
   *  compound command): the line's output, a pipe into a later stage (of its own pipeline or an enclosing
   *  one), or a substitution whose text the line consumes. For the report hook (does the tool output hold
   *  pytest's text?); no guard rule reads it. */
  output: Output;
  /** Whenever this command fails, the whole line fails with its exit status: it is in the line's last
   *  statement (or the last one of a group, subshell or if/case branch that is), not in the background, not
   *  followed by `||`, in the last stage of a pipeline without `!`, and not in a condition, a loop body, a
   *  function body or a substitution (`set -e` and pipefail are not followed, so this errs towards false).
   *  For the report hook (is the line's exit code pytest's?); no guard rule reads it. */
  failsLine: boolean;
  /** Source text, for reasons. */
  text: string;
}

export type Output = "line" | "pipe" | "substitution";

export type ProblemKind =
  | "parse-error"
  | "unknown-node"
  | "opaque-substitution"
  | "function-definition"
  | "prompt-expansion";

export interface Problem {
  kind: ProblemKind;
  message: string;
  text: string;
  /** For a function definition: its name and body text, so that calls later in the line can be followed. */
  fn?: { name: string; body: string };
}

export interface WalkResult {
  commands: SimpleCommand[];
  problems: Problem[];
}

/** Where the walk puts what it finds: an array, or a visitor that judges each command as soon as it is found
 *  (the guard: a long line's commands need not all be held at once, which bounds memory). */
interface WalkSink {
  commands: { push(command: SimpleCommand): unknown };
  problems: Problem[];
}

interface Ctx {
  source: string;
  stdin: Stdin;
  background: boolean;
  inFunction: boolean;
  pipeline: SimpleCommand["pipeline"];
  output: Output;
  failsLine: boolean;
}

const INHERIT: Stdin = { kind: "inherit" };

/** Where a command written straight into the line stands. */
const TOP_LEVEL: Omit<Ctx, "source"> = {
  stdin: INHERIT,
  background: false,
  inFunction: false,
  pipeline: null,
  output: "line",
  failsLine: true,
};

/** Characters with no meaning to bash in an unquoted word (no quotes, expansions, globs, operators, comments). */
const PLAIN_LINE = /^[A-Za-z0-9_./:=,+@%^-]+(?: [A-Za-z0-9_./:=,+@%^-]+)*$/;
const RESERVED = new Set([
  "if",
  "then",
  "else",
  "elif",
  "fi",
  "case",
  "esac",
  "for",
  "select",
  "while",
  "until",
  "do",
  "done",
  "in",
  "function",
  "time",
  "coproc",
]);
const ASSIGNMENT_WORD = /^([A-Za-z_][A-Za-z0-9_]*)\+?=/;

/**
 * A line of plain words separated by single spaces is one simple command whose words are exactly the
 * space-separated fields: it needs no parser (this saves the parser's start-up on the most common commands).
 * null when the line is anything else.
 */
export function walkPlain(source: string): WalkResult | null {
  if (source.length > 4096 || !PLAIN_LINE.test(source)) return null;
  const fields = source.split(" ");
  let i = 0;
  const assignments: AssignmentInfo[] = [];
  for (; i < fields.length && ASSIGNMENT_WORD.test(fields[i] as string); i++) {
    const f = fields[i] as string;
    const name = (ASSIGNMENT_WORD.exec(f) as RegExpExecArray)[1] as string;
    assignments.push({ name, value: literalWord(f.slice(f.indexOf("=") + 1)), text: f });
  }
  if (i < fields.length && RESERVED.has(fields[i] as string)) return null;
  const words = fields.slice(i).map((f) => literalWord(f));
  const command: SimpleCommand = { words, assignments, redirects: [], ...TOP_LEVEL, text: source };
  return { commands: [command], problems: [] };
}

export function walkSource(source: string): WalkResult {
  return walkPlain(source) ?? walkParsed(source);
}

/** The walk with each command handed to `visit` as it is found, in source order; returns the problems. */
export function visitSource(
  source: string,
  visit: (command: SimpleCommand) => void,
  problems: Problem[] = [],
): Problem[] {
  const plain = walkPlain(source);
  if (plain) {
    for (const c of plain.commands) visit(c);
    return plain.problems;
  }
  // The caller may read `problems` while the walk goes on (function definitions met so far).
  const sink: WalkSink = { commands: { push: visit }, problems };
  walkInto(source, sink);
  return sink.problems;
}

/** Deeper than this, a line is refused unread: the parser's recursion would exhaust the stack (a few hundred
 *  nested `"$(` do), and no command a skill runs nests its substitutions, subshells or groups this deep. */
export const MAX_SYNTAX_DEPTH = 64;

/** The deepest nesting of ( and { in the raw text, quotes ignored (so it can only over-count). */
export function nestingDepth(source: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 40 || c === 123)
      max = Math.max(max, ++depth); // ( {
    else if ((c === 41 || c === 125) && depth > 0) depth--; // ) }
  }
  return max;
}

/** The full walk over unbash's syntax tree. */
export function walkParsed(source: string): WalkResult {
  const out: WalkResult = { commands: [], problems: [] };
  walkInto(source, out);
  return out;
}

function walkInto(source: string, out: WalkSink): void {
  if (nestingDepth(source) > MAX_SYNTAX_DEPTH) {
    out.problems.push({
      kind: "parse-error",
      message: `nested more than ${MAX_SYNTAX_DEPTH} levels deep`,
      text: source.slice(0, 40),
    });
    return;
  }
  const state = { nextPipeline: 1 };
  const script = parse(source);
  walkScript(script, { source, ...TOP_LEVEL }, out, state);
}

type State = { nextPipeline: number };

function slice(ctx: Ctx, node: { pos: number; end: number }): string {
  return ctx.source.slice(node.pos, node.end);
}

function walkScript(script: ParsedScript, outer: Ctx, out: WalkSink, state: State): void {
  // Escaped-backtick scripts carry their own decoded source; positions index that string.
  const ctx: Ctx = script.source !== undefined ? { ...outer, source: script.source } : outer;
  for (const error of script.errors ?? []) {
    out.problems.push({
      kind: "parse-error",
      message: error.message,
      text: ctx.source.slice(Math.max(0, error.pos - 20), error.pos + 20),
    });
  }
  walkStatements(script.commands, ctx, out, state);
}

/** The same context, for a command whose failure does not decide the line's exit status. */
function notFailing(ctx: Ctx): Ctx {
  return ctx.failsLine ? { ...ctx, failsLine: false } : ctx;
}

/** A list of statements: only the last one's exit status is the list's. */
function walkStatements(statements: readonly Statement[], ctx: Ctx, out: WalkSink, state: State): void {
  const last = statements.length - 1;
  statements.forEach((statement, k) => {
    walkStatement(statement, k === last ? ctx : notFailing(ctx), out, state);
  });
}

function walkStatement(statement: Statement, ctx: Ctx, out: WalkSink, state: State): void {
  walkNode(
    statement.command,
    statement.background ? { ...ctx, background: true, failsLine: false } : ctx,
    out,
    state,
  );
}

function walkList(list: CompoundList, ctx: Ctx, out: WalkSink, state: State): void {
  walkStatements(list.commands, ctx, out, state);
}

/** A loop or condition: none of its commands decides the line's exit status on its own. */
function walkListNotFailing(list: CompoundList, ctx: Ctx, out: WalkSink, state: State): void {
  walkStatements(list.commands, notFailing(ctx), out, state);
}

function walkNode(node: PipelineNode | AndOr | CompoundList, ctx: Ctx, out: WalkSink, state: State): void {
  switch (node.type) {
    case "AndOr": {
      // `a && b`: a failure of either fails the list; `a || b`: b's status replaces a's. So a command
      // decides the exit status only when no `||` follows it (scanned from the end: linear time).
      const failing: boolean[] = [];
      let orAfter = false;
      for (let k = node.commands.length - 1; k >= 0; k--) {
        failing[k] = !orAfter;
        if (k > 0 && node.operators[k - 1] === "||") orAfter = true;
      }
      node.commands.forEach((child, k) => {
        walkNode(child, failing[k] ? ctx : notFailing(ctx), out, state);
      });
      return;
    }
    case "Pipeline": {
      const id = state.nextPipeline++;
      const stages = node.commands.length;
      const negated = node.prefixes.some((p) => p.type === "Negation");
      node.commands.forEach((child, stage) => {
        const stdin: Stdin = stage > 0 ? { kind: "pipe" } : ctx.stdin;
        const last = stage === stages - 1;
        walkNode(
          child,
          {
            ...ctx,
            stdin,
            pipeline: { id, stage, stages },
            output: last || ctx.output === "substitution" ? ctx.output : "pipe",
            failsLine: ctx.failsLine && last && !negated,
          },
          out,
          state,
        );
      });
      return;
    }
    case "Command":
      walkCommand(node, ctx, out, state);
      return;
    case "Redirected": {
      const redirects = node.redirects.map((r) => redirectInfo(r, ctx, out, state));
      const stdin = stdinFrom(node.redirects, ctx.stdin);
      // Writes of the whole compound command are checked like a command of their own.
      out.commands.push({
        words: [],
        assignments: [],
        redirects,
        stdin,
        ...placeOf(ctx),
        text: slice(ctx, node),
      });
      walkNode(node.command, { ...ctx, stdin }, out, state);
      return;
    }
    case "CompoundList":
      walkList(node, ctx, out, state);
      return;
    case "If":
      walkListNotFailing(node.clause, ctx, out, state);
      walkList(node.then, ctx, out, state);
      for (const elif of node.elif) {
        walkListNotFailing(elif.clause, ctx, out, state);
        walkList(elif.then, ctx, out, state);
      }
      if (node.else) walkList(node.else, ctx, out, state);
      return;
    case "For":
    case "Select":
      walkWordish(node.name, ctx, out, state);
      for (const word of node.wordlist ?? []) walkWordish(word, ctx, out, state);
      walkListNotFailing(node.body, ctx, out, state);
      return;
    case "ArithmeticFor":
      for (const expr of [node.initialize, node.test, node.update])
        if (expr) walkWordish(expr, ctx, out, state);
      walkListNotFailing(node.body, ctx, out, state);
      return;
    case "While":
      walkListNotFailing(node.clause, ctx, out, state);
      walkListNotFailing(node.body, ctx, out, state);
      return;
    case "Subshell":
    case "BraceGroup":
      walkList(node.body, ctx, out, state);
      return;
    case "Case":
      walkWordish(node.word, ctx, out, state);
      for (const item of node.items) {
        for (const pattern of item.pattern) walkWordish(pattern, ctx, out, state);
        // `;&` and `;;&` go on to run more arms after this one.
        const goesOn = item.terminator === ";&" || item.terminator === ";;&";
        walkList(item.body, goesOn ? notFailing(ctx) : ctx, out, state);
      }
      return;
    case "TestCommand":
      walkWordish(node.expression, ctx, out, state);
      return;
    case "ArithmeticCommand":
      if (node.expression) walkWordish(node.expression, ctx, out, state);
      else if (node.body.trim() !== "")
        out.problems.push({
          kind: "opaque-substitution",
          message: "arithmetic command that could not be parsed",
          text: slice(ctx, node),
        });
      return;
    case "Function": {
      out.problems.push({
        kind: "function-definition",
        message: `defines the shell function ${node.name.value || "(unnamed)"}`,
        text: slice(ctx, node),
        fn: { name: node.name.value, body: slice(ctx, node.body as { pos: number; end: number }) },
      });
      const body = node.body as PipelineNode | CompoundList;
      walkNode(body, { ...ctx, inFunction: true, failsLine: false }, out, state);
      return;
    }
    case "Coproc": {
      const body = node.body as PipelineNode | CompoundList;
      walkNode(body, { ...ctx, background: true, failsLine: false }, out, state);
      return;
    }
    default: {
      const unknown = node as { type: string; pos: number; end: number };
      out.problems.push({
        kind: "unknown-node",
        message: `shell construct "${unknown.type}" that this guard does not know`,
        text: slice(ctx, unknown),
      });
    }
  }
}

function walkCommand(node: Command, ctx: Ctx, out: WalkSink, state: State): void {
  const words: WordInfo[] = [];
  const assignments: AssignmentInfo[] = [];
  const redirects: RedirectInfo[] = [];
  // The shell expands assignment values, words and redirect targets; walk them all for substitutions.
  for (const item of node.prefix) {
    if (item.type === "Assignment") assignments.push(assignmentInfo(item, ctx, out, state));
    else redirects.push(redirectInfo(item, ctx, out, state));
  }
  if (node.name) {
    walkWordish(node.name, ctx, out, state);
    words.push(wordInfo(node.name));
  }
  for (const item of node.suffix) {
    if (item.type === "Word") {
      walkWordish(item, ctx, out, state);
      words.push(wordInfo(item));
    } else if (item.type === "Assignment") {
      // `declare X=1`, `export X=$(...)`: an argument for the shell, an assignment for the builtin.
      const info = assignmentInfo(item, ctx, out, state);
      words.push({
        value: info.value ? `${item.name}=${info.value.value}` : item.text,
        text: item.text,
        dynamic: info.value ? info.value.dynamic : "expansion",
        onlySubstitutions: info.value?.onlySubstitutions ?? false,
        node: undefined,
      });
    } else redirects.push(redirectInfo(item, ctx, out, state));
  }
  out.commands.push({
    words,
    assignments,
    redirects,
    stdin: stdinFrom(node.redirects, ctx.stdin),
    ...placeOf(ctx),
    text: slice(ctx, node),
  });
}

/** The fields of a SimpleCommand that say where in the line it stands. */
function placeOf(
  ctx: Ctx,
): Pick<SimpleCommand, "background" | "inFunction" | "pipeline" | "output" | "failsLine"> {
  const { background, inFunction, pipeline, output, failsLine } = ctx;
  return { background, inFunction, pipeline, output, failsLine };
}

function assignmentInfo(node: Assignment, ctx: Ctx, out: WalkSink, state: State): AssignmentInfo {
  if (node.index) walkWordish(node.index, ctx, out, state);
  if (node.value.type === "ArrayValue") {
    for (const element of node.value.elements) walkWordish(element, ctx, out, state);
    return { name: node.name, value: null, text: node.text };
  }
  walkWordish(node.value, ctx, out, state);
  return { name: node.name, value: wordInfo(node.value), text: node.text };
}

const WRITE_OPERATORS = new Set([">", ">>", ">|", "&>", "&>>", "<>"]);

function redirectInfo(node: Redirection, ctx: Ctx, out: WalkSink, state: State): RedirectInfo {
  const fd = node.descriptor?.type === "FileDescriptor" ? node.descriptor.value : undefined;
  if (node.type === "HereDoc") {
    if (!node.delimiter?.quoted) walkWordish(node.body, ctx, out, state);
    return { operator: node.operator, fd, target: null, writes: false };
  }
  const target = node.target ? wordInfo(node.target) : null;
  if (node.target) walkWordish(node.target, ctx, out, state);
  let writes = WRITE_OPERATORS.has(node.operator);
  // `>&word` duplicates a descriptor when word is a number or "-", and writes a file otherwise.
  if (node.operator === ">&" && target && !/^(\d+|-)$/.test(target.value)) writes = true;
  return { operator: node.operator, fd, target, writes };
}

function stdinFrom(redirects: readonly Redirection[], inherited: Stdin): Stdin {
  let stdin = inherited;
  for (const r of redirects) {
    const fd = r.descriptor?.type === "FileDescriptor" ? r.descriptor.value : undefined;
    if (fd !== undefined && fd !== 0) continue;
    if (r.type === "HereDoc") {
      let code: string | null;
      if (r.delimiter?.quoted) code = r.body.text;
      else if ((r.body.parts ?? []).some((p) => p.type !== "Literal")) code = null;
      else code = unescapeHereDoc(r.body.text);
      stdin = { kind: "text", code, via: "here-document" };
    } else if (r.type === "HereString") {
      const info = r.target ? wordInfo(r.target) : null;
      stdin = {
        kind: "text",
        code: info && info.dynamic === null ? `${info.value}\n` : null,
        via: "here-string",
      };
    } else if (r.operator === "<" || r.operator === "<>") {
      stdin = { kind: "file", target: r.target ? wordInfo(r.target) : null };
    } else if (r.operator === "<&" && fd === 0) {
      stdin = { kind: "file", target: r.target ? wordInfo(r.target) : null };
    }
  }
  return stdin;
}

const SCRIPTED = new Set(["CommandExpansion", "ProcessSubstitution", "ArithmeticCommandExpansion"]);

/** Walk any word-level subtree (words, parameter operations, arithmetic, test expressions, here-doc bodies)
 *  and every script nested in it. */
function walkWordish(
  node: Word | SyntaxNode | ArithmeticExpression,
  ctx: Ctx,
  out: WalkSink,
  state: State,
): void {
  if (SCRIPTED.has(node.type) && (node as { script?: ParsedScript }).script === undefined) {
    out.problems.push({
      kind: "opaque-substitution",
      message: "a substitution whose contents could not be parsed",
      text: (node as { text?: string }).text ?? "",
    });
    return;
  }
  // ${var@P} expands the variable's value like a prompt, running any $(...) in it: code the walk cannot see.
  if (node.type === "ParameterExpansion") {
    const op = (node as { operation?: { type: string; operand?: { value?: string } } }).operation;
    if (op?.type === "Transform" && /P/.test(op.operand?.value ?? ""))
      out.problems.push({
        kind: "prompt-expansion",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax in a message
        message: "${var@P} runs the command substitutions held in the variable",
        text: (node as { text?: string }).text ?? "",
      });
  }
  forEachChild(node as SyntaxNode, (child) => {
    if (child.type === "Script") {
      // A substitution runs in a subshell that shares the stage's standard input.
      walkScript(
        child as ParsedScript,
        { ...ctx, background: false, pipeline: null, output: "substitution", failsLine: false },
        out,
        state,
      );
    } else walkWordish(child, ctx, out, state);
  });
}
