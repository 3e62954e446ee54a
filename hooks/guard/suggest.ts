// What the reasons suggest instead, and which computed git arguments are harmless revisions: helpers of the
// engine (./analyse.ts).

import { programName, type WordInfo } from "../core/shell/words.ts";
import type { Env, Invocation } from "./engine.ts";
import { GIT_REV_PRODUCERS } from "./git.ts";
import { interpreterOf } from "./interpreters.ts";
import { allowedHere as allowedHereFor, firstMatch } from "./matcher.ts";
import type { PytestCall } from "./pytest.ts";
import { gitPrints } from "./revisions.ts";

/** `$(git merge-base a b)` and friends: a computed git argument that can only be a revision or a path. */
export function revWord(w: WordInfo): boolean {
  if (!w.onlySubstitutions || !w.node?.parts) return false;
  const subs: { script?: { commands: readonly unknown[] } }[] = [];
  const collect = (parts: readonly { type: string }[]) => {
    for (const p of parts) {
      if (p.type === "CommandExpansion") subs.push(p as never);
      else if (p.type === "DoubleQuoted") collect((p as unknown as { parts: { type: string }[] }).parts);
    }
  };
  collect(w.node.parts);
  return (
    subs.length > 0 &&
    subs.every((s) => {
      const statements = s.script?.commands ?? [];
      if (statements.length !== 1) return false;
      const command = (
        statements[0] as {
          command?: {
            type: string;
            name?: { value: string; parts?: unknown };
            suffix: { type: string; value?: string; parts?: unknown }[];
          };
        }
      ).command;
      if (command?.type !== "Command" || !command.name || command.name.parts) return false;
      if (programName(command.name.value) !== "git") return false;
      const sub = command.suffix.find((x) => x.type === "Word" && !(x.value ?? "").startsWith("-"));
      if (sub && !sub.parts && GIT_REV_PRODUCERS.has(sub.value ?? "")) return true;
      // `$(git log -1 --format=%H)`: log with a hash-only format prints revisions too.
      if (command.suffix.some((x) => x.type !== "Word" || (x.parts && /[$`]/.test(x.value ?? ""))))
        return false;
      return gitPrints(command.suffix.map((x) => x.value ?? "")) === "revisions";
    })
  );
}

export function allowedHere(env: Env): string {
  return allowedHereFor(env.policy?.allowedTools ?? []);
}

/** What to do instead of an uncovered command: the allowed spelling of the same intent, when there is one. */
export function suggestion(inv: Invocation, env: Env, call: PytestCall | null): string {
  const name = programName((inv.words[0] as WordInfo).value);
  const policy = env.policy;
  if (call && policy) {
    const args = call.args.map((w) =>
      /^[\w@%+=:,./-]+$/.test(w.value) ? w.value : `'${w.value.replace(/'/g, `'\\''`)}'`,
    );
    const candidate = [...policy.runnerBase.split(" "), ...args.map(String)];
    if (firstMatch(env.patterns, candidate))
      return `Run pytest with the project's runner: \`${[policy.runnerBase, ...args].join(" ")}\`. ${allowedHere(env)}`;
  } else if (policy && interpreterOf(name) === "python") {
    // Another interpreter than the project's (`python` where the project's is .venv/bin/python): the same
    // words under the project's interpreter, when the skill allows that.
    const args = inv.words.slice(1).map((w) => w.value);
    const candidate = [...policy.runnerPython.split(" "), ...args];
    if (firstMatch(env.patterns, candidate)) {
      const shown = args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`));
      return `Use the project's interpreter: \`${[policy.runnerPython, ...shown].join(" ")}\`. ${allowedHere(env)}`;
    }
  }
  if (name === "cd" || name === "pushd")
    return `Stay in the current directory and pass paths relative to it instead of changing directory. ${allowedHere(env)}`;
  if (
    inv.assignments.length > 0 &&
    !inv.assignments.every((a) => policy?.allowedTools.some((t) => t.includes(`${a.name}=`)))
  )
    return `Drop the variable assignment${inv.assignments.length > 1 ? "s" : ""} (${inv.assignments.map((a) => a.name).join(", ")}). ${allowedHere(env)}`;
  return allowedHere(env);
}
