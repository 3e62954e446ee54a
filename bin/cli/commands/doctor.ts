// `run-tests-skill doctor`: check an installation, and say how to fix each problem.
import { resolve } from "node:path";
import { runDoctor } from "../../install/doctor.ts";
import { formatDoctor } from "../../install/present.ts";
import { type Command, EXIT, parseCommandArgs, UsageError } from "../command.ts";

export const command: Command = {
  summary: "check an installation: registrations, hook files, node, SKILL.md, each hook's answer",
  usage: `usage: run-tests-skill doctor [DIR] [--json]

Checks the installation in DIR (default: the current folder): the hook registrations in
.claude/settings.json and the files they run, node (>= 20) on PATH, the SKILL.md is fresh for its
profile and valid, each hook answers a sample input within its time budget (run in a scratch folder),
the git backstop if one was installed, and Claude Code's version if \`claude\` is on PATH.

options:
  --json   machine-readable result: {"ok", "dir", "checks": [{"title","ok","detail?","problem?","fix?"}]}

exit: 0 all checks pass, 1 a problem was found (each is printed with its fix), 2 bad usage`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: "boolean" } });
    if (positionals.length > 1)
      throw new UsageError(`expected at most one folder, got ${positionals.length}`);
    const result = await runDoctor({ dir: resolve(io.cwd, positionals[0] ?? "."), env: io.env });
    io.stdout(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatDoctor(result));
    return result.ok ? EXIT.ok : EXIT.finding;
  },
};
