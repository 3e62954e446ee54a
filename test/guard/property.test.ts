// Property tests: random and mutated input never crashes the guard (decide() or the hook process), the hook
// always prints valid JSON or nothing, and a git mutation nested in any supported position is denied.
import * as fc from "fast-check";
import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PreToolUseOutput } from "../../hooks/contract/output.ts";
import { decide } from "../../hooks/guard/decide.ts";
import { guardPolicyFromProfile } from "../../hooks/guard/policy.ts";
import { GIT_SPELLINGS, MUTATIONS, RULE_G_DEFER, RULE_G_DENY, SKILL_ALLOW, SKILL_DENY } from "./corpus.ts";
import { type Layout, makeLayout, preToolUse, runHook, tractorProfile } from "./helpers.ts";

const policy = guardPolicyFromProfile(tractorProfile());
const modes = [
  { skillActive: false, policy },
  { skillActive: true, policy },
  { skillActive: true, policy: null },
];

function noCrash(command: string): void {
  for (const ctx of modes) {
    const d = decide(command, ctx);
    expect(["allow", "deny", "defer"]).toContain(d.decision);
    expect(d.rule, `${JSON.stringify(command)}: ${d.reason}`).not.toBe("internal-error");
    expect(typeof d.reason).toBe("string");
  }
}

const SHELL_CHARS = [..."abcgit -_./=$`'\"\\(){}[]<>|&;!#*?~\n\t%^,:+@0123456789"];
const shellSoup = fc.array(fc.constantFrom(...SHELL_CHARS), { maxLength: 80 }).map((cs) => cs.join(""));
const TOKENS = [
  "git",
  "add",
  ".",
  "commit",
  "-c",
  "x=y",
  "bash",
  "-c",
  "'",
  '"',
  "$(",
  ")",
  "`",
  "|",
  "&&",
  ";",
  "<<",
  "EOF",
  "\n",
  "{",
  "}",
  "(",
  ")",
  "$X",
  "eval",
  "env",
  "xargs",
  "sudo",
  "<(",
  ">",
  ".git/HEAD",
  "python",
  "-m",
  "pytest",
  "-k",
  "a and b",
  "\\",
  "#",
];
const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 30 }).map((ts) => ts.join(" "));
const corpus = [...RULE_G_DENY, ...RULE_G_DEFER, ...SKILL_ALLOW, ...SKILL_DENY].map((c) => c.command);
const mutated = fc
  .tuple(
    fc.constantFrom(...corpus),
    fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom(...SHELL_CHARS)), { maxLength: 6 }),
  )
  .map(([cmd, edits]) => {
    let s = cmd;
    for (const [at, kind, ch] of edits) {
      const i = s.length === 0 ? 0 : at % (s.length + 1);
      if (kind === 0) s = s.slice(0, i) + ch + s.slice(i);
      else if (kind === 1) s = s.slice(0, i) + s.slice(i + 1);
      else if (kind === 2) s = s.slice(0, i) + s.slice(i, i + 5) + s.slice(i);
      else s = s.slice(i) + s.slice(0, i);
    }
    return s;
  });

describe("decide() never crashes", () => {
  it("on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (s) => noCrash(s)),
      { numRuns: 300 },
    );
  });
  it("on shell-character soup", () => {
    fc.assert(
      fc.property(shellSoup, (s) => noCrash(s)),
      { numRuns: 500 },
    );
  });
  it("on token soup", () => {
    fc.assert(
      fc.property(tokenSoup, (s) => noCrash(s)),
      { numRuns: 500 },
    );
  });
  it("on mutated corpus commands", () => {
    fc.assert(
      fc.property(mutated, (s) => noCrash(s)),
      { numRuns: 500 },
    );
  });
  it("on deep nesting", () => {
    fc.assert(
      fc.property(fc.nat(300), fc.constantFrom("(", "$(", "{ ", "`", "<(", '"$('), (n, open) => {
        const close = { "(": ")", "$(": ")", "{ ": "; }", "`": "`", "<(": ")", '"$(': ')"' }[open] as string;
        noCrash(`${open.repeat(n)}git add .${close.repeat(n)}`);
      }),
      { numRuns: 60 },
    );
  });
  it("at the depths that once exhausted the parser's stack (a few hundred nested \"$( )", () => {
    for (const n of [200, 260, 300, 1000]) noCrash(`${'"$('.repeat(n)}git add .${')"'.repeat(n)}`);
  });
});

// --- git mutations in generated positions -------------------------------------------------------------------

const sq = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
const dq = (s: string) => `"${s.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;

/** Constructs that run their inner command (or define it in a function body, which the guard also denies).
 *  `simple`: the construct only takes a simple command (a wrapper program), so it is applied only to one. */
const POSITIONS: { wrap: (m: string) => string; simple?: true; last?: true }[] = [
  { wrap: (m) => `true && ${m}` },
  { wrap: (m) => `false || ${m}` },
  { wrap: (m) => `echo a; ${m}` },
  { wrap: (m) => `echo a\n${m}` },
  { wrap: (m) => `${m} ; echo b` },
  { wrap: (m) => `echo a | ${m}` },
  { wrap: (m) => `${m} | cat` },
  { wrap: (m) => `( ${m} )` },
  { wrap: (m) => `{ ${m}; }` },
  { wrap: (m) => `if true; then ${m}; fi` },
  { wrap: (m) => `while false; do ${m}; done` },
  { wrap: (m) => `for x in a; do ${m}; done` },
  { wrap: (m) => `case a in a) ${m};; esac` },
  { wrap: (m) => `f() { ${m}; }` },
  { wrap: (m) => `echo "$( ${m} )"` },
  { wrap: (m) => `x=$( ${m} )` },
  { wrap: (m) => `cat <(${m})` },
  { wrap: (m) => `echo > >(${m})` },
  { wrap: (m) => `bash -c ${sq(m)}` },
  { wrap: (m) => `sh -c ${dq(m)}` },
  { wrap: (m) => `bash -lc ${sq(m)}` },
  { wrap: (m) => `eval ${sq(m)}` },
  { wrap: (m) => `bash <<'EOF'\n${m}\nEOF` },
  { wrap: (m) => `sh <<< ${sq(m)}` },
  // time and ! are keywords only at the start of a pipeline: group them so they stay there.
  { wrap: (m) => `{ time ${m}\n}` },
  { wrap: (m) => `{ ! ${m}\n}` },
  { wrap: (m) => `watch ${sq(m)}` },
  { wrap: (m) => `su -c ${sq(m)}` },
  { wrap: (m) => `ssh host ${sq(m)}` },
  { wrap: (m) => `trap ${sq(m)} EXIT` },
  { wrap: (m) => `${m} &` },
  { wrap: (m) => `env ${m}`, simple: true },
  { wrap: (m) => `command ${m}`, simple: true },
  { wrap: (m) => `nice -n 5 ${m}`, simple: true },
  { wrap: (m) => `timeout 5 ${m}`, simple: true },
  { wrap: (m) => `nohup ${m}`, simple: true },
  { wrap: (m) => `sudo ${m}`, simple: true },
  { wrap: (m) => `xargs ${m}`, simple: true },
  { wrap: (m) => `uv run ${m}`, simple: true },
  // An assignment prefix keeps the command simple for the shell, but not for a wrapper program
  // (`nice X=1 git` runs a program called X=1), so nothing wraps it further.
  { wrap: (m) => `X=1 ${m}`, simple: true, last: true },
];

const gitMutation = fc
  .tuple(fc.constantFrom(...MUTATIONS), fc.constantFrom(...GIT_SPELLINGS))
  .map(([m, git]) => m.replace(/^git/, () => git));
const nested = fc
  .tuple(gitMutation, fc.array(fc.nat(POSITIONS.length - 1), { minLength: 1, maxLength: 4 }))
  .map(([m, path]) => {
    let command = m;
    let simple = true;
    for (const i of path) {
      const p = POSITIONS[i] as (typeof POSITIONS)[number];
      if (p.simple && !simple) continue;
      command = p.wrap(command);
      simple = p.simple === true && !p.last;
    }
    return command;
  });

describe("a git mutation in any supported position is denied", () => {
  it("in generated nestings, in both modes", () => {
    fc.assert(
      fc.property(nested, (command) => {
        for (const ctx of modes) {
          const d = decide(command, ctx);
          expect(d.decision, `${JSON.stringify(command)} -> ${d.rule}: ${d.reason}`).toBe("deny");
        }
      }),
      { numRuns: 1500 },
    );
  });
  it("next to harmless commands", () => {
    const harmless = fc.constantFrom(
      "ls -la",
      "echo hi",
      "git status",
      "python -m pytest -q",
      "cat README.md",
    );
    fc.assert(
      fc.property(
        harmless,
        nested,
        harmless,
        fc.constantFrom(" && ", "; ", " | ", "\n", " || "),
        (a, m, b, op) => {
          const command = `${a}${op}{ ${m}\n}${op}${b}`;
          expect(decide(command, modes[0] as (typeof modes)[0]).decision, command).toBe("deny");
        },
      ),
      { numRuns: 300 },
    );
  });
});

// --- the hook process ------------------------------------------------------------------------------------

describe("the hook process on random input: exit 0, valid JSON deny or nothing", () => {
  let layout: Layout;
  beforeAll(async () => {
    layout = await makeLayout();
  });
  afterAll(() => layout.cleanup());

  it("random stdin and random commands", async () => {
    const inputs = fc.sample(
      fc.oneof(
        fc.string({ maxLength: 100 }),
        fc.json(),
        shellSoup.map((s) => preToolUse(s)),
        mutated.map((s) => preToolUse(s)),
        nested.map((s) => preToolUse(s)),
      ),
      { numRuns: 40, seed: 42 },
    );
    for (const stdin of inputs) {
      const run = await runHook(layout, "guard", stdin);
      expect(run.exitCode, stdin).toBe(0);
      if (run.stdout !== "") {
        expect(run.stdout.trim().split("\n")).toHaveLength(1);
        expect(() => v.parse(PreToolUseOutput, run.json), stdin).not.toThrow();
      }
    }
  });
});
