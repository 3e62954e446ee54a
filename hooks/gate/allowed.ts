// Every command the gate, the report or a hint proposes must be one the skill in force lets through: the
// same guard decision (hooks/guard/decide.ts, skill mode, the skill's own allowed-tools as skill-policy.ts
// resolves them) judges the proposal before anyone sees it. A proposal the guard would refuse is respelled
// with another spelling of pytest the project accepts (tractor's own skill allows `python -m pytest *` while
// the detected runner is `py313/bin/python -m pytest`); when no spelling passes, the caller says so plainly.
import { decide } from "../guard/decide.ts";
import type { GuardPolicy } from "../guard/policy.ts";
import type { Where } from "../guard/runner.ts";

/** Would the guard, in skill mode, let this command run? */
export type Judge = (command: string) => boolean;

export function guardJudge(policy: GuardPolicy, where?: Where): Judge {
  return (command) =>
    decide(command, { skillActive: true, policy, ...(where ? { where } : {}) }).decision === "allow";
}

/** The spellings of pytest to try, the profile's own first; globbed ones (py*\/bin/python) are patterns,
 *  not commands, and are left out. */
export function pytestSpellings(base: string, also: readonly string[] = []): string[] {
  const all = [base, ...also, "python -m pytest", "python3 -m pytest", "pytest"];
  return [...new Set(all.map((s) => s.trim()).filter((s) => s !== "" && !/[*?[]/.test(s)))];
}

const ASSIGNMENTS = /^((?:[A-Za-z_]\w*=\S*\s+)*)/;

export type Spelled = { ok: true; command: string } | { ok: false; command: string };

/**
 * `command` as the guard allows it: unchanged when it passes; else with its pytest spelling (a prefix of
 * the command, after any NAME=VALUE words) replaced by the first of `spellings` that passes. Not a pytest
 * command, or no spelling passes: { ok: false } with the command unchanged.
 */
export function allowedSpelling(command: string, spellings: readonly string[], judge: Judge): Spelled {
  if (judge(command)) return { ok: true, command };
  const env = ASSIGNMENTS.exec(command)?.[1] ?? "";
  const body = command.slice(env.length);
  const current = [...spellings]
    .sort((a, b) => b.length - a.length)
    .find((s) => body === s || body.startsWith(`${s} `));
  if (!current) return { ok: false, command };
  const rest = body.slice(current.length);
  for (const spelling of spellings) {
    if (spelling === current) continue;
    const candidate = `${env}${spelling}${rest}`;
    if (judge(candidate)) return { ok: true, command: candidate };
  }
  // Without the prefixes (a NAME=VALUE the skill does not allow) as a last resort.
  if (env) {
    const bare = allowedSpelling(body, spellings, judge);
    if (bare.ok) return bare;
  }
  return { ok: false, command };
}

/** The plain sentence for a proposal no spelling makes allowed. */
export function notAllowedText(command: string, allowedBash: readonly string[]): string {
  return `The skill in force allows none of the spellings of \`${command}\` (its Bash allowed-tools: ${allowedBash.length > 0 ? allowedBash.join(", ") : "none"}); the user has to run it, or widen the skill's allowed-tools.`;
}
