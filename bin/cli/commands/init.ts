// `run-tests-skill init`: install the skill, the hooks and their registrations into a project (or remove them).
import { resolve } from "node:path";
import { runInit, runUninstall } from "../../install/init.ts";
import { formatInit, initJson } from "../../install/present.ts";
import { type Command, EXIT, parseCommandArgs, UsageError } from "../command.ts";

export const command: Command = {
  summary: "install the /run-tests skill and its hooks into a project (or --uninstall them)",
  usage: `usage: run-tests-skill init [DIR] [--profile tractor|generic|FILE] [--git-backstop] [--dry-run]
                            [--subproject] [--uninstall] [--force] [--json]

Installs into DIR (default: the current folder):
  .claude/skills/<name>/SKILL.md   the generated skill (and its references/)
  .claude/run-tests-skill/         the hook bundles (bin/), the compiled profile, install.json
  .claude/settings.json            the hook registrations, merged (everything else in it is kept;
                                   the previous file is backed up under .claude/run-tests-skill/backup/)

Without --profile, init detects one: tractor for tractor, otherwise the generic profile filled in from
the repo (test folder, project name, the options in \`pytest --help\`), written to
.claude/run-tests-skill/profile.yaml for you to edit; the next init reads it. It also detects the
interpreter that runs the tests (runner.python): a project venv (.venv, venv, env, py3XX) that imports
pytest and the project, else \`uv run\` for a uv project, else \`python\` or \`python3\` on PATH; where
none can run pytest it refuses with the fix.

DIR must be the root of its git repository (Claude Code reads skills and settings from the folder it
starts in); --subproject installs into a subfolder for sessions started in that subfolder.

options:
  --profile P      tractor, generic, or a profile YAML file
  --git-backstop   also install a git pre-commit hook that refuses commits made from Claude Code
                   (CLAUDECODE=1); an existing pre-commit hook is kept and still runs
  --dry-run        print what would change, with diffs; write nothing
  --subproject     DIR is a subfolder of its git repository and claude will be started there
  --uninstall      remove exactly what init added; files changed since are kept and named
  --force          replace a hand-written SKILL.md of the same name; with --uninstall, remove
                   files changed since init too
  --json           machine-readable result

exit: 0 done, 1 refused (nothing written; each problem is printed with its fix), 2 bad usage`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      profile: { type: "string" },
      "git-backstop": { type: "boolean" },
      "dry-run": { type: "boolean" },
      uninstall: { type: "boolean" },
      subproject: { type: "boolean" },
      force: { type: "boolean" },
      json: { type: "boolean" },
    });
    if (positionals.length > 1)
      throw new UsageError(`expected at most one folder, got ${positionals.length}`);
    if (values.uninstall && (values.profile || values["git-backstop"]))
      throw new UsageError("--uninstall takes no --profile or --git-backstop");
    const options = {
      dir: resolve(io.cwd, positionals[0] ?? "."),
      cwd: io.cwd,
      now: new Date(),
      dryRun: Boolean(values["dry-run"]),
      force: Boolean(values.force),
      gitBackstop: Boolean(values["git-backstop"]),
      subproject: Boolean(values.subproject),
      detect: { env: io.env },
      ...(values.profile ? { profile: values.profile } : {}),
    };
    const result = values.uninstall ? await runUninstall(options) : await runInit(options);
    io.stdout(values.json ? initJson(result) : formatInit(result));
    return result.ok ? EXIT.ok : EXIT.finding;
  },
};
