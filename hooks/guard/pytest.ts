// pytest invocations in skill mode: recognise every spelling (python -m pytest, py313/bin/python -m pytest,
// pytest, uv run pytest after peeling), and check the options before a run is wasted: project options with a
// fixed set of values (`--tpt-proto tcp|uds`), how many times they may be given, flags they require, and,
// when the profile says its options are closed, options neither pytest nor the project knows.

import type { OptionSpec } from "../core/pytest/gen-options.ts";
import { PYTEST_OPTIONS } from "../core/pytest/options.ts";
import { lookup } from "../core/shell/table.ts";
import { programName, type WordInfo } from "../core/shell/words.ts";
import { INTERPRETERS, interpreterOf, interpreterSource } from "./interpreters.ts";
import type { GuardPolicy } from "./policy.ts";

export interface PytestCall {
  /** The words that make up the runner, e.g. "python -m pytest". */
  runner: string;
  args: WordInfo[];
}

export function pytestCall(words: WordInfo[]): PytestCall | null {
  const first = words[0];
  if (!first) return null;
  const name = programName(first.value);
  if (name === "pytest" || name === "py.test") return { runner: first.value, args: words.slice(1) };
  if (interpreterOf(name) !== "python") return null;
  const { source } = interpreterSource(INTERPRETERS.python as (typeof INTERPRETERS)["python"], words);
  if (source.kind !== "module" || (source.module !== "pytest" && source.module !== "py.test")) return null;
  const runner = words
    .slice(0, words.length - source.args.length)
    .map((w) => w.value)
    .join(" ");
  return { runner, args: source.args };
}

/** Options that name a file or directory pytest writes (or, for --basetemp, deletes first). Checked by name,
 *  before and whatever the option tables say: an option the tables miss (a hidden alias such as `--junitxml`,
 *  a plugin's `--report-log` under open options) must not write into .git/ either. */
const OUTPUT_OPTIONS = new Set([
  "--basetemp",
  "--junit-xml",
  "--junitxml",
  "--log-file",
  "--debug",
  "--rootdir",
  "--report-log",
  "--resultlog",
]);

/**
 * The path an output option names, or null: `--name=value`, or else the next word. pytest's argparse
 * takes the next word for an option whose value is optional too (`--debug out.log`), unless it looks like an
 * option.
 */
function outputValue(name: string, attached: string | null, next: WordInfo | undefined): string | null {
  if (attached !== null) return attached;
  if (!next) return null;
  const optional = lookup(PYTEST_OPTIONS, name)?.arity === "optional";
  return optional && next.value.startsWith("-") ? null : next.value;
}

function pathProblem(option: string, value: string, underGitDir: (p: string) => boolean): string | null {
  if (underGitDir(value)) return `\`${option}\` points into .git/`;
  if (option === "--basetemp") {
    const norm = value.replace(/\/+$/, "");
    if (["", ".", "..", "/", "~"].includes(norm) || /(^|\/)\.\.?$/.test(norm) || /^\/[^/]*$/.test(norm))
      return `\`--basetemp=${value}\` would delete that directory before the run (pytest empties basetemp)`;
  }
  return null;
}

/** An output option of a pytest call that writes into .git/ (`--junitxml=.git/hooks/pre-commit` plants a hook
 *  that runs on the human's next commit), or null. Part of the always-on git rule, in every mode. */
export function pytestOutputIntoGit(args: WordInfo[], underGitDir: (p: string) => boolean): string | null {
  for (let i = 0; i < args.length; i++) {
    const v = (args[i] as WordInfo).value;
    if (v === "--") break;
    // `-o cache_dir=.git/x`, `--override-ini=junit_...=...`: an ini value that is a path into .git/.
    const ini =
      v === "-o" || v === "--override-ini"
        ? args[i + 1]?.value
        : /^-o./.test(v)
          ? v.slice(2)
          : v.startsWith("--override-ini=")
            ? v.slice("--override-ini=".length)
            : undefined;
    if (ini !== undefined) {
      const eq = ini.indexOf("=");
      const value = eq >= 0 ? ini.slice(eq + 1) : "";
      if (value.split(/[\s,]+/).some((part) => part !== "" && underGitDir(part.replace(/^[-\w]+=/, ""))))
        return `\`-o ${ini}\` points into .git/`;
    }
    if (!v.startsWith("--")) continue;
    const eq = v.indexOf("=");
    const name = eq >= 0 ? v.slice(0, eq) : v;
    if (!OUTPUT_OPTIONS.has(name)) continue;
    const value = outputValue(name, eq >= 0 ? v.slice(eq + 1) : null, args[i + 1]);
    if (value !== null && underGitDir(value)) return `\`${name}\` points into .git/ (\`${value}\`)`;
  }
  return null;
}

/** Problems with the options of one pytest call, or null. */
export function pytestOptionProblem(
  args: WordInfo[],
  policy: GuardPolicy,
  underGitDir: (p: string) => boolean,
): string | null {
  const project = new Map<string, GuardPolicy["projectOptions"][number]>();
  for (const option of [...policy.pytestOptions, ...policy.projectOptions]) {
    project.set(option.flag, option);
    for (const alias of option.aliases ?? []) project.set(alias, option);
  }
  const counts = new Map<string, number>();
  const present = new Set<string>();
  let captureOff = false;

  const unknown = (name: string): string | null =>
    policy.optionsClosed
      ? `\`${name}\` is neither a pytest option nor one of this project's options (${knownList(policy)})`
      : null;

  for (let i = 0; i < args.length; i++) {
    const w = args[i] as WordInfo;
    const v = w.value;
    if (v === "--") break;
    if (!v.startsWith("-") || v === "-") continue;
    if (v.startsWith("--")) {
      const eq = v.indexOf("=");
      const name = eq >= 0 ? v.slice(0, eq) : v;
      const attached = eq >= 0 ? v.slice(eq + 1) : null;
      if (OUTPUT_OPTIONS.has(name)) {
        const value = outputValue(name, attached, args[i + 1]);
        const problem = value === null ? null : pathProblem(name, value, underGitDir);
        if (problem) return problem;
      }
      const own = project.get(name);
      if (own) {
        const takesValue = own.value_name !== undefined || own.values !== undefined;
        const value = takesValue ? (attached ?? args[++i]?.value ?? null) : null;
        const problem = projectValueProblem(own, value, counts);
        if (problem) return problem;
        present.add(own.flag);
        continue;
      }
      const spec = lookup(PYTEST_OPTIONS, name);
      if (spec) {
        const value = spec.arity === "value" ? (attached ?? args[++i]?.value ?? null) : attached;
        const problem = pytestValueProblem(name, spec, value, underGitDir);
        if (problem) return problem;
        if (name === "--capture" && value === "no") captureOff = true;
        continue;
      }
      if (policy.alsoAccept.includes(name)) continue;
      const problem = unknown(name);
      if (problem) return problem;
      continue;
    }
    // Short options: a cluster of flags (-xvs), possibly ending in one that takes a value (-rA, -k expr).
    const whole = project.get(v);
    if (whole) {
      const takesValue = whole.value_name !== undefined || whole.values !== undefined;
      const problem = projectValueProblem(whole, takesValue ? (args[++i]?.value ?? null) : null, counts);
      if (problem) return problem;
      present.add(whole.flag);
      if (whole.flag === "-s") captureOff = true;
      continue;
    }
    if (policy.alsoAccept.includes(v)) continue;
    for (let k = 1; k < v.length; k++) {
      const flag = `-${v[k]}`;
      const spec =
        lookup(PYTEST_OPTIONS, flag) ?? (project.has(flag) ? { arity: "flag" as const } : undefined);
      if (!spec) {
        if (policy.alsoAccept.includes(flag)) break;
        const problem = unknown(k === 1 ? v : `${flag} (in ${v})`);
        if (problem) return problem;
        break;
      }
      if (flag === "-s") captureOff = true;
      if (project.has(flag)) present.add((project.get(flag) as { flag: string }).flag);
      if (spec.arity === "value") {
        const rest = v.slice(k + 1);
        const value = rest || args[++i]?.value || null;
        const problem = pytestValueProblem(flag, spec, value, underGitDir);
        if (problem) return problem;
        break;
      }
    }
  }
  for (const flag of present) {
    const option = [...policy.projectOptions, ...policy.pytestOptions].find((o) => o.flag === flag);
    for (const required of option?.requires ?? []) {
      const satisfied =
        required === "-s"
          ? captureOff
          : args.some((a) => a.value === required || a.value.startsWith(`${required}=`));
      if (!satisfied) return `\`${flag}\` needs \`${required}\` in the same run`;
    }
  }
  return null;
}

function projectValueProblem(
  option: GuardPolicy["projectOptions"][number],
  value: string | null,
  counts: Map<string, number>,
): string | null {
  const count = (counts.get(option.flag) ?? 0) + 1;
  counts.set(option.flag, count);
  if (option.max_values !== undefined && count > option.max_values)
    return `\`${option.flag}\` may be given ${option.max_values === 1 ? "only once" : `at most ${option.max_values} times`} per run${option.note ? ` (${option.note})` : ""}`;
  if (option.values && (value === null || !option.values.includes(value)))
    return `\`${option.flag} ${value ?? ""}\`: ${value === null ? "a value is missing" : `"${value}" is not a valid value`}; valid values: ${option.values.join(", ")}${option.note ? ` (${option.note})` : ""}`;
  return null;
}

function pytestValueProblem(
  name: string,
  spec: OptionSpec,
  value: string | null,
  underGitDir: (p: string) => boolean,
): string | null {
  if (spec.choices && value !== null && !spec.choices.includes(value))
    return `\`${name}=${value}\`: valid values are ${spec.choices.join(", ")}`;
  if (value !== null && (name === "-o" || name === "--override-ini")) {
    const m = /^\s*cache_dir\s*=\s*(.*)$/.exec(value);
    if (m && underGitDir(m[1] as string)) return "`cache_dir` inside .git/";
  }
  return null;
}

function knownList(policy: GuardPolicy): string {
  const own = policy.projectOptions.map((o) => o.flag);
  const parts = [
    own.length ? `project options: ${own.join(", ")}` : "",
    policy.alsoAccept.length ? `also accepted: ${policy.alsoAccept.join(", ")}` : "",
  ].filter(Boolean);
  return parts.length ? parts.join("; ") : "no project options are declared";
}
