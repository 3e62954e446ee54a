// The shell walk collects every simple command in every position, and reports what it cannot see into.
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  MAX_SYNTAX_DEPTH,
  nestingDepth,
  walkParsed,
  walkPlain,
  walkSource,
} from "../../hooks/core/shell/walk.ts";
import { programName, unescapeHereDoc, wordInfo } from "../../hooks/core/shell/words.ts";

const names = (src: string) => walkSource(src).commands.map((c) => c.words.map((w) => w.value).join(" "));

describe("walk", () => {
  it("finds commands in substitutions everywhere", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell text, not a JS template
    const found = names('a=$(b) c "$(d)" > "$(e)" <(f) ${x:-$(g)} $(( $(h) ))');
    for (const n of ["b", "d", "e", "f", "g", "h"]) expect(found).toContain(n);
  });
  it("walks compound commands and function bodies", () => {
    const found = names(
      "if a; then b; elif c; then d; else e; fi; while f; do g; done; case x in y) h;; esac; i() { j; }",
    );
    expect(found).toEqual(expect.arrayContaining(["a", "b", "c", "d", "e", "f", "g", "h", "j"]));
    expect(walkSource("i() { j; }").problems[0]?.kind).toBe("function-definition");
  });
  it("pipelines: later stages read a pipe", () => {
    const cmds = walkSource("a | b | c").commands;
    expect(cmds.map((c) => c.stdin.kind)).toEqual(["inherit", "pipe", "pipe"]);
    expect(cmds.map((c) => c.pipeline?.stage)).toEqual([0, 1, 2]);
  });
  it("where each command's output goes, and whether its failure fails the line (for the report hook)", () => {
    const facts = (src: string) =>
      walkSource(src).commands.map((c) => [c.words.map((w) => w.value).join(" "), c.output, c.failsLine]);
    expect(facts("cd x && pytest")).toEqual([
      ["cd x", "line", true],
      ["pytest", "line", true],
    ]);
    expect(facts("pytest | tail -5")).toEqual([
      ["pytest", "pipe", false],
      ["tail -5", "line", true],
    ]);
    expect(facts("pytest || true")).toEqual([
      ["pytest", "line", false],
      ["true", "line", true],
    ]);
    expect(facts("pytest; echo done")).toEqual([
      ["pytest", "line", false],
      ["echo done", "line", true],
    ]);
    expect(facts("echo $(pytest)")).toEqual([
      ["pytest", "substitution", false],
      ["echo $(pytest)", "line", true],
    ]);
    expect(facts("(cat x | pytest) | tail")[1]).toEqual(["pytest", "pipe", false]);
    expect(facts("! pytest")).toEqual([["pytest", "line", false]]);
    expect(facts("pytest &")).toEqual([["pytest", "line", false]]);
  });
  it("refuses to walk a line nested deeper than the parser's stack allows, as a parse problem", () => {
    expect(nestingDepth("a $(b (c) { d; }) e")).toBe(2);
    const deep = `${'"$('.repeat(300)}git add .${')"'.repeat(300)}`;
    const walked = walkSource(deep);
    expect(walked.commands).toEqual([]);
    expect(walked.problems).toEqual([
      expect.objectContaining({
        kind: "parse-error",
        message: `nested more than ${MAX_SYNTAX_DEPTH} levels deep`,
      }),
    ]);
    const ok = `${"$(".repeat(MAX_SYNTAX_DEPTH)}ls${")".repeat(MAX_SYNTAX_DEPTH)}`;
    expect(walkSource(ok).problems).toEqual([]);
  });
  it("here-documents: quoted bodies are data, unquoted bodies expand", () => {
    expect(names("cat <<'EOF'\n$(x)\nEOF")).toEqual(["cat"]);
    expect(names("cat <<EOF\n$(x)\nEOF")).toEqual(["x", "cat"]);
    const [sh] = walkSource("sh <<EOF\necho \\$(y)\nEOF").commands;
    expect(sh?.stdin).toEqual({ kind: "text", code: "echo $(y)\n", via: "here-document" });
    const [dyn] = walkSource("sh <<EOF\n$X\nEOF").commands;
    expect(dyn?.stdin).toMatchObject({ kind: "text", code: null });
  });
  it("background, redirects and assignments", () => {
    const [c] = walkSource("X=1 cmd a >> out 2>&1 &").commands;
    expect(c?.background).toBe(true);
    expect(c?.assignments.map((a) => a.name)).toEqual(["X"]);
    expect(c?.redirects.map((r) => [r.operator, r.target?.value, r.writes])).toEqual([
      [">>", "out", true],
      [">&", "1", false],
    ]);
  });
  it("parse errors are problems", () => {
    expect(walkSource("echo $(").problems.map((p) => p.kind)).toContain("parse-error");
    expect(walkSource("a &&").problems.length).toBeGreaterThan(0);
  });
});

describe("words", () => {
  const word = (src: string) => {
    // Substitutions are collected before the command that holds them: take the last one. The parser's walk,
    // since only it keeps the syntax nodes.
    const c = walkParsed(src).commands.at(-1);
    const w = c?.words[0]?.node;
    if (!w) throw new Error("no word");
    return wordInfo(w);
  };
  it("quote removal, ANSI-C and continuations give the static value", () => {
    for (const src of ["git", "g\\it", '"g"it', "g''it", "$'\\x67\\x69\\x74'", "gi\\\nt"]) {
      expect(word(src)).toMatchObject({ value: "git", dynamic: null });
    }
  });
  it("computed words are flagged", () => {
    expect(word("$G").dynamic).toBe("expansion");
    expect(word("$(x)").dynamic).toBe("substitution");
    expect(word('"$(x)"').dynamic).toBe("substitution");
    expect(word("gi?").dynamic).toBe("glob");
    expect(word("{a,b}").dynamic).toBe("brace");
    expect(word("~/bin/git").dynamic).toBe("tilde");
    expect(word('$"git"').dynamic).toBe("locale");
  });
  it("program names", () => {
    expect(programName("/usr/bin/git")).toBe("git");
    expect(programName("GIT.EXE")).toBe("git");
    expect(programName("py313/bin/python")).toBe("python");
  });
  it("here-document unescaping", () => {
    expect(unescapeHereDoc("a \\$b \\` \\\\ \\x \\\nc")).toBe("a $b ` \\ \\x c");
  });
});

describe("the plain-line shortcut agrees with the parser", () => {
  const plainWord = fc
    .array(fc.constantFrom(..."abgitXY_019./:=,+@%^-"), { minLength: 1, maxLength: 8 })
    .map((cs) => cs.join(""));
  const tricky = fc.constantFrom(
    ..."if then else elif fi case esac for select while until do done in function time coproc".split(" "),
    ..."a=b a+=b x= _=1 1=a = == - . : %1 ^x @ git add status -c --x=y".split(" "),
  );
  const plainLine = fc
    .array(fc.oneof(plainWord, tricky), { minLength: 1, maxLength: 8 })
    .map((ws) => ws.join(" "));
  const shape = (r: ReturnType<typeof walkParsed>) =>
    r.commands.map((c) => ({
      words: c.words.map((w) => [w.value, w.dynamic]),
      assignments: c.assignments.map((a) => [a.name, a.value?.value, a.value?.dynamic]),
      redirects: c.redirects.length,
      stdin: c.stdin.kind,
      background: c.background,
      text: c.text,
    }));
  it("on random plain lines (when it applies, the result is the parser's)", () => {
    fc.assert(
      fc.property(plainLine, (line) => {
        const plain = walkPlain(line);
        const parsed = walkParsed(line);
        if (plain === null) return;
        expect(parsed.problems, line).toEqual([]);
        expect(shape(plain), line).toEqual(shape(parsed));
      }),
      { numRuns: 2000 },
    );
  });
  it("does not apply to anything with quotes, expansions, operators, reserved words or extra spaces", () => {
    for (const line of [
      "git 'add'",
      "echo $x",
      "a && b",
      "a | b",
      "a  b",
      " a",
      "if true",
      "time git",
      "a > f",
      "a # c",
      "~/x",
      "a*",
      "{a,b}",
      "a\\ b",
      "a;b",
    ])
      expect(walkPlain(line), line).toBeNull();
    expect(walkPlain("X=1 Y=a=b git status")?.commands[0]?.assignments.map((a) => a.name)).toEqual([
      "X",
      "Y",
    ]);
  });
});
