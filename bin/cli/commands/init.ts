// `run-tests-skill init`: install the skill, the hooks and their registrations into a project (or remove them).
import { resolve } from "node:path";
import { runInit, runUninstall } from "../../install/init.ts";
import { formatInit, initJson } from "../../install/present.ts";
import { type Command, EXIT, parseCommandArgs, UsageError } from "../command.ts";

export const command: Command = {
  summary: "install the /run-tests skill and its hooks into a project (or --uninstall them)",
  usage: `usage: run-tests-skill init [DIR] [--profile tractor|generic|FILE] [--git-backstop] [--sandbox]
                            [--dry-run] [--uninstall] [--force] [--json]

Installs into DIR (default: the current folder):
  .claude/skills/<name>/SKILL.md   the generated skill (and its references/)
  .claude/run-tests-skill/         the hook bundles (bin/), the compiled profile, install.json
  .claude/settings.json            the hook registrations, merged (everything else in it is kept;
                                   the previous file is backed up under .claude/run-tests-skill/backup/)

Without --profile, init detects one: tractor for tractor, otherwise the generic profile filled in from
the repo (test folder, project name, the options in \`python -m pytest --help\`), written to
.claude/run-tests-skill/profile.yaml for you to edit; the next init reads it.

options:
  --profile P      tractor, generic, or a profile YAML file
  --git-backstop   also install a git pre-commit hook that refuses commits made from Claude Code
                   (CLAUDECODE=1); an existing pre-commit hook is kept and still runs
  --sandbox        also turn on Claude Code's Bash sandbox with .git read-only (sandbox.enabled,
                   failIfUnavailable, allowUnsandboxedCommands false, .git in filesystem.denyWrite),
                   merged with your own sandbox settings; refused unless bubblewrap and socat are
                   installed and work, and no settings file lets git run outside the sandbox
  --dry-run        print what would change, with diffs; write nothing
  --uninstall      remove exactly what init added; files changed since are kept and named
  --force          replace a hand-written SKILL.md of the same name; with --uninstall, remove
                   files changed since init too
  --json           machine-readable result

exit: 0 done, 1 refused (nothing written; each problem is printed with its fix), 2 bad usage`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      profile: { type: "string" },
      "git-backstop": { type: "boolean" },
      sandbox: { type: "boolean" },
      "dry-run": { type: "boolean" },
      uninstall: { type: "boolean" },
      force: { type: "boolean" },
      json: { type: "boolean" },
    });
    if (positionals.length > 1)
      throw new UsageError(`expected at most one folder, got ${positionals.length}`);
    if (values.uninstall && (values.profile || values["git-backstop"] || values.sandbox))
      throw new UsageError("--uninstall takes no --profile, --git-backstop or --sandbox");
    const options = {
      dir: resolve(io.cwd, positionals[0] ?? "."),
      cwd: io.cwd,
      now: new Date(),
      dryRun: Boolean(values["dry-run"]),
      force: Boolean(values.force),
      gitBackstop: Boolean(values["git-backstop"]),
      sandbox: Boolean(values.sandbox),
      env: io.env,
      ...(values.profile ? { profile: values.profile } : {}),
    };
    const result = values.uninstall ? await runUninstall(options) : await runInit(options);
    io.stdout(values.json ? initJson(result) : formatInit(result));
    return result.ok ? EXIT.ok : EXIT.finding;
  },
};
