// `run-tests-skill doctor`: check an installation, and say how to fix each problem.
import { resolve } from "node:path";
import { runDoctor } from "../../install/doctor.ts";
import { codexChecks } from "../../install/doctor-codex.ts";
import { formatDoctor } from "../../install/present.ts";
import { type Command, EXIT, parseCommandArgs, UsageError } from "../command.ts";
import { parseHosts } from "../hosts.ts";

export const command: Command = {
  summary: "check an installation: registrations, hook files, node, SKILL.md, each hook's answer",
  usage: `usage: run-tests-skill doctor [DIR] [--json] [--host claude|codex|all]

Checks the installation in DIR (default: the current folder): the hook registrations in
.claude/settings.json and the files they run, node (>= 20) on PATH, the SKILL.md is fresh for its
profile and valid, each hook answers a sample input within its time budget (run in a scratch folder),
the git backstop if one was installed, and Claude Code's version if \`claude\` is on PATH.

With --host codex (or all): the Codex side too: our handlers in .codex/hooks.json and the bundles they
run, the skill in .agents/skills/, the guard and the report on Codex-shaped input, the enforcement tier
(the permission profile in .codex/config.toml), and which of our hooks Codex does not trust yet
(through \`codex app-server\`, when \`codex\` is on PATH).

options:
  --host H  claude (default), codex or all
  --json   machine-readable result: {"ok", "dir", "checks": [{"title","ok","detail?","problem?","fix?"}]}

exit: 0 all checks pass, 1 a problem was found (each is printed with its fix), 2 bad usage`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      json: { type: "boolean" },
      host: { type: "string" },
    });
    const hosts = parseHosts(values.host);
    if (positionals.length > 1)
      throw new UsageError(`expected at most one folder, got ${positionals.length}`);
    const dir = resolve(io.cwd, positionals[0] ?? ".");
    const result = hosts.includes("claude")
      ? await runDoctor({ dir, env: io.env })
      : { ok: true, dir, checks: [] };
    if (hosts.includes("codex")) {
      result.checks.push(...(await codexChecks(dir, io.env)));
      result.ok = result.checks.every((c) => c.ok);
    }
    io.stdout(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatDoctor(result));
    return result.ok ? EXIT.ok : EXIT.finding;
  },
};
