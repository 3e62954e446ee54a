// The one definition of "the command that runs these tests", for every command we propose (the report's
// reruns, the stop gate's "run these tests", a quick check): the run being repeated as it was typed (its
// wrappers such as `timeout 20`, its NAME=VALUE words, its runner: `uv run pytest`, `tox -e py312 --`), then
// the arguments; judged by the skill in force before anyone sees it, with the guard's own skill-mode decision
// (hooks/guard/decide.ts, the skill's allowed-tools as hooks/runtime/skill-policy.ts resolves them). A
// proposal the guard would refuse is respelled: first another runner the project accepts (tractor's own
// skill allows `python -m pytest *` while the detected runner is `py313/bin/python -m pytest`), keeping the
// wrappers; then without the NAME=VALUE words and executors (`env X=1`), keeping the wrappers Claude Code
// strips before matching (`timeout 20`: the bound stays); then bare. When nothing passes, the caller says so.
import { decide } from "../guard/decide.ts";
import type { GuardPolicy } from "../guard/policy.ts";
import type { Where } from "../guard/runner.ts";

/** Would the guard, in skill mode, let this command run? */
export type Judge = (command: string) => boolean;

export function guardJudge(policy: GuardPolicy, where?: Where): Judge {
  return (command) =>
    decide(command, { skillActive: true, policy, ...(where ? { where } : {}) }).decision === "allow";
}

/** The skill in force, as far as a proposal needs it. */
export interface SkillInForce {
  judge: Judge;
  /** Runners that take pytest's arguments after them, the project's own first (pytestSpellings). */
  spellings: readonly string[];
  /** The skill's Bash allowed-tools, named when no spelling of a proposal is allowed. */
  allowedBash: readonly string[];
  /** The project's interpreter as the skill writes it (runner.python), for a `-c` check. */
  python?: string;
}

/** A runner takes pytest's arguments when it is a pytest spelling (`… pytest`, `… -m pytest`) or ends with
 *  `--` (tox, nox posargs); `make test` or `hatch run test` would not pass a node id on. */
function takesPytestArgs(spelling: string): boolean {
  return /(?:^|[\s/])(?:pytest|py\.test)$/.test(spelling) || /\s--$/.test(spelling);
}

/** The runners to try, the profile's own first; globbed ones (py*\/bin/python) are patterns, not commands,
 *  and are left out, and so are commands that do not hand their arguments to pytest. */
export function pytestSpellings(base: string, also: readonly string[] = []): string[] {
  const all = [base, ...also, "python -m pytest", "python3 -m pytest", "pytest"];
  return [
    ...new Set(all.map((s) => s.trim()).filter((s) => s !== "" && !/[*?[]/.test(s) && takesPytestArgs(s))),
  ];
}

/** A word in front of the runner as the run had it: `PYTHONPATH=src` (assignment), `timeout 20`
 *  (transparent: Claude Code strips it before matching), `env CI=1` (executor: the rule must name it). */
export interface PrefixPart {
  text: string;
  kind: "assignment" | "transparent" | "executor";
}

/** How a run was typed: what stood before the runner, and the runner itself. */
export interface RunShape {
  prefix: readonly PrefixPart[];
  runner: string;
}

export type Spelled = { ok: true; command: string } | { ok: false; command: string };

const line = (prefix: readonly PrefixPart[], runner: string, args: readonly string[]) =>
  [...prefix.map((p) => p.text), runner, ...args].join(" ");

/**
 * THE command that runs `args` (shell words, already quoted) the way `shape` ran, as the skill in force
 * allows it (see the head of this file for the order of the respellings). Without a skill: as built.
 */
export function proposeRun(
  shape: RunShape,
  args: readonly string[],
  skill?: Pick<SkillInForce, "judge" | "spellings"> | null,
): Spelled {
  const asRun = line(shape.prefix, shape.runner, args);
  if (!skill) return { ok: true, command: asRun };
  const prefixes = [shape.prefix, shape.prefix.filter((p) => p.kind === "transparent"), []];
  const runners = [...new Set([shape.runner, ...skill.spellings])];
  const tried = new Set<string>();
  for (const prefix of prefixes)
    for (const runner of runners) {
      const command = line(prefix, runner, args);
      if (tried.has(command)) continue;
      tried.add(command);
      if (skill.judge(command)) return { ok: true, command };
    }
  return { ok: false, command: asRun };
}

const ASSIGNMENTS = /^((?:[A-Za-z_]\w*=\S*\s+)*)/;

/**
 * A command written as text (a profile's quick check, the gate's built command) as the skill in force allows
 * it: its NAME=VALUE words and its runner (the longest of `spellings` it starts with) are read off, the rest
 * are the arguments, and proposeRun respells it. A line that starts with none of the spellings is judged as
 * it is.
 */
export function allowedSpelling(command: string, spellings: readonly string[], judge: Judge): Spelled {
  if (judge(command)) return { ok: true, command };
  const env = ASSIGNMENTS.exec(command)?.[1] ?? "";
  const body = command.slice(env.length);
  const runner = [...spellings]
    .sort((a, b) => b.length - a.length)
    .find((s) => body === s || body.startsWith(`${s} `));
  if (!runner) return { ok: false, command };
  const prefix = env
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((text): PrefixPart => ({ text, kind: "assignment" }));
  const rest = body.slice(runner.length).trim();
  const spelled = proposeRun({ prefix, runner }, rest ? [rest] : [], { judge, spellings });
  return spelled.ok ? spelled : { ok: false, command };
}

/** The plain sentence for a proposal no spelling makes allowed. */
export function notAllowedText(command: string, allowedBash: readonly string[]): string {
  return `The skill in force allows none of the spellings of \`${command}\` (its Bash allowed-tools: ${allowedBash.length > 0 ? allowedBash.join(", ") : "none"}); the user has to run it, or widen the skill's allowed-tools.`;
}
