// Skill mode's written-down decisions on forms an allowed-tools pattern covers but the skill must not run
// (hooks/guard/README.md, "Skill-mode decisions"). Each problem names the allowed form.
import type { WordInfo } from "../core/shell/words.ts";

/** A path that leaves the project: absolute, home-relative, or climbing with `..`. */
function outside(path: string): boolean {
  return /^[/~]/.test(path) || path.split(/[/\\]+/).includes("..");
}

/** `-o NAME=VALUE` and `-oNAME=VALUE`, `--opt VALUE` and `--opt=VALUE`: the value of one of `names`, null
 *  when the option ends the line, undefined when `args[i]` is not one of them. */
export function optionValue(
  args: WordInfo[],
  i: number,
  names: readonly string[],
): string | null | undefined {
  const v = (args[i] as WordInfo).value;
  for (const n of names) {
    if (v === n) return args[i + 1]?.value ?? null;
    if (n.startsWith("--") && v.startsWith(`${n}=`)) return v.slice(n.length + 1);
    if (!n.startsWith("--") && v.startsWith(n) && v.length > n.length && !v.startsWith("--"))
      return v.slice(n.length);
  }
  return undefined;
}

/** The arguments of a pytest call in skill mode: plugin loading, configuration from outside the project,
 *  addopts through -o, debuggers that wait for input. */
export function pytestSkillProblem(args: WordInfo[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const v = (args[i] as WordInfo).value;
    if (v === "--") break;
    if (/^--(pdb|trace|pdbcls)(=|$)/.test(v))
      return `\`${v}\` stops at a debugger prompt that waits for input the Bash tool cannot give (the run would hang until its timeout); use \`--tb=long -l\` (--showlocals) to see the failure's state`;
    const plugin = optionValue(args, i, ["-p"]);
    if (plugin !== undefined && plugin !== null && !/^(no:)?[A-Za-z_][\w.]*$/.test(plugin))
      return `\`-p ${plugin}\` is not a plugin module name; \`-p\` takes an installed module (\`-p xdist\`) or \`-p no:NAME\` to disable one, never a file path`;
    const config = optionValue(args, i, ["-c", "--config-file"]);
    if (config && outside(config))
      return `\`${v}\` reads pytest's configuration from outside the project (\`${config}\`), where addopts and plugins are not the project's; use the project's own configuration (omit -c, or name a file inside the project)`;
    const ini = optionValue(args, i, ["-o", "--override-ini"]);
    if (ini && /^\s*addopts\s*=/.test(ini))
      return `\`-o ${ini}\` passes options through addopts, out of sight of these checks; give the options directly on the command line`;
    const rootdir = optionValue(args, i, ["--rootdir"]);
    if (rootdir && outside(rootdir))
      return `\`--rootdir=${rootdir}\` points outside the project (the rootdir decides which conftest.py and ini files load); omit it, or name a folder inside the project`;
  }
  return null;
}

/** `uv sync` in skill mode: `--python` may name a version (3.13, cpython-3.13), not an interpreter path. */
export function uvSyncProblem(words: WordInfo[]): string | null {
  const at = words.findIndex((w) => w.value === "sync");
  if (at < 1 || words[at - 1]?.value !== "uv") return null;
  const args = words.slice(at + 1);
  for (let i = 0; i < args.length; i++) {
    const python = optionValue(args, i, ["--python", "-p"]);
    if (python && /[/\\]/.test(python))
      return `\`uv sync --python ${python}\` builds the environment with an interpreter from a path; name a version instead (\`--python 3.13\`)`;
  }
  return null;
}
