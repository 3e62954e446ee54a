// The passes `import` makes over a finished draft: what the draft's own allowed-tools cover (the guard judges
// it, as it would in a skill turn), and the runner spelled once as placeholders.
import * as v from "valibot";
import { PYTEST_PLACEHOLDER, PYTHON_PLACEHOLDER, pythonOfPytest } from "../../hooks/core/profile/runner.ts";
import { Profile, type ProfileInput } from "../../hooks/core/profile/schema.ts";
import { decide } from "../../hooks/guard/decide.ts";
import { guardPolicyFromProfile } from "../../hooks/guard/policy.ts";

/** The draft's guard policy, or null when the draft does not validate (the caller reports why). */
export function policyOf(draft: ProfileInput) {
  const parsed = v.safeParse(Profile, draft);
  return parsed.success ? guardPolicyFromProfile(parsed.output) : null;
}

/**
 * Every generated section runs the base command (`--lf`, a rerun of some ids): a skill whose allowed-tools do
 * not cover it would fail its own validation, so its rule is added, and said.
 */
export function allowBase(draft: ProfileInput, unmapped: string[]): void {
  const policy = policyOf(draft);
  const base = draft.runner.base ?? "python -m pytest";
  if (!policy || decide(`${base} -q`, { skillActive: true, policy }).decision !== "deny") return;
  draft.allowed_tools = [...draft.allowed_tools, `Bash(${base} *)`];
  unmapped.push(
    `allowed-tools: added Bash(${base} *): the skill runs its base command \`${base}\`, which its allowed-tools did not cover`,
  );
}

/**
 * Commands the skill's own allowed-tools do not cover (a pipe into `tail` the list never allowed, say) would
 * be denied by the guard and refused by the generator: they are left out and listed, never rewritten.
 */
export function dropDenied(draft: ProfileInput, unmapped: string[]): void {
  const parsed = v.safeParse(Profile, draft);
  if (!parsed.success) return; // the caller reports why the draft does not validate
  const policy = guardPolicyFromProfile(parsed.output);
  const allowed = (where: string) => (command: string) => {
    if (command.startsWith("# ")) return true;
    const d = decide(command, { skillActive: true, policy });
    if (d.decision !== "deny") return true;
    unmapped.push(
      `${where}: \`${command}\` left out: the skill's own allowed-tools do not cover it (${d.rule})`,
    );
    return false;
  };
  draft.preflight = (draft.preflight ?? [])
    .map((c) => ({ ...c, run: c.run.filter(allowed(`pre-flight "${c.title}"`)) }))
    .filter((c) => c.run.length > 0);
  draft.quick_checks = (draft.quick_checks ?? [])
    .map((q) => ({ ...q, run: q.run.filter(allowed(`quick check "${q.title}"`)) }))
    .filter((q) => q.run.length > 0);
  draft.examples = (draft.examples ?? []).filter((e) => !e.command || allowed("example")(e.command));
}

/**
 * The runner spelled once (hooks/core/profile/runner.ts): every command and allowed-tools entry that starts with
 * the base command or its interpreter writes `{{pytest}}` / `{{python}}` instead, and `runner` keeps only
 * the interpreter, so a maintainer who changes it (to `.venv/bin/python`, say) changes every command.
 */
export function spellRunnerOnce(draft: ProfileInput): void {
  const base = draft.runner.base;
  if (!base) return;
  const python = pythonOfPytest(base);
  const swap = (text: string): string => {
    if (text === base || text.startsWith(`${base} `))
      return `${PYTEST_PLACEHOLDER}${text.slice(base.length)}`;
    if (python && (text === python || text.startsWith(`${python} `)))
      return `${PYTHON_PLACEHOLDER}${text.slice(python.length)}`;
    return text;
  };
  const tool = (entry: string): string => {
    const m = /^Bash\((.*)\)$/s.exec(entry);
    return m ? `Bash(${swap(m[1] as string)})` : entry;
  };
  for (const e of draft.examples ?? []) if (e.command) e.command = swap(e.command);
  for (const c of draft.preflight ?? []) {
    c.run = c.run.map(swap);
    if (c.fix) c.fix = c.fix.map(swap);
  }
  for (const q of draft.quick_checks ?? []) q.run = q.run.map(swap);
  if (draft.path_resolution?.commands)
    draft.path_resolution.commands = draft.path_resolution.commands.map(swap);
  draft.allowed_tools = draft.allowed_tools.map(tool);
  const { base: _base, ...rest } = draft.runner;
  // Default base `{{python}} -m pytest`: keep `base` only when the skill's base command is something else.
  draft.runner =
    python && base === `${python} -m pytest`
      ? { ...rest, python }
      : { ...rest, ...(python ? { python } : {}), base };
}
