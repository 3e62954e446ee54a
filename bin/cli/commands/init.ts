// `run-tests-skill init`: install the skill, the hooks and their registrations into a project (or remove them).
import { resolve } from "node:path";
import { runInit, runUninstall } from "../../install/init.ts";
import { formatInit, initJson } from "../../install/present.ts";
import { type Command, EXIT, parseCommandArgs, UsageError } from "../command.ts";
import { parseHosts } from "../hosts.ts";

export const command: Command = {
  summary: "install the /run-tests skill and its hooks into a project (or --uninstall them)",
  usage: `usage: run-tests-skill init [DIR] [--profile tractor|generic|FILE] [--git-backstop] [--sandbox]
                            [--dry-run] [--subproject] [--redetect] [--uninstall [--keep-data]] [--force]
                            [--diff] [--json] [--host claude|codex|all]

Installs into DIR (default: the current folder):
  .claude/skills/<name>/SKILL.md   the generated skill (and its references/)
  .claude/run-tests-skill/         the hook bundles (bin/), the compiled profile, install.json
  .claude/settings.json            the hook registrations, merged (everything else in it is kept;
                                   the previous file is backed up under .claude/run-tests-skill/backup/)

Without --profile, init detects one: tractor for tractor, otherwise the generic profile filled in from
the repo (test folder, project name, the options in \`pytest --help\`), written to
.claude/run-tests-skill/profile.yaml for you to edit; the next init reads it (--redetect, or deleting it,
detects again). It also detects the interpreter that runs the tests (runner.python): a project venv
(.venv, venv, env, py3XX) that imports pytest and the project, else \`uv run\` for a uv project, else
\`python\` or \`python3\` on PATH; where none can run pytest it refuses with the fix.

DIR must be the root of its git repository (Claude Code reads skills and settings from the folder it
starts in); --subproject installs into a subfolder for sessions started in that subfolder.

A SKILL.md in the skill folder that run-tests-skill did not generate is your own skill: init keeps it
byte for byte, installs the hooks around it (in /run-tests turns the guard enforces its allowed-tools),
and prints the validator's findings on it as advice. --force replaces it with a generated one; the
original is backed up and --uninstall restores it. \`run-tests-skill import SKILL.md\` drafts a profile
from it.

The guard refuses git mutations (commit, merge, fetch, stash, ...) in every turn, not only in /run-tests
turns. init says so, and prints the lines of AGENTS.md, CLAUDE.md and the repo's own skills that ask the agent
for them; git.allow in the profile lets named forms through, \`git: { enforce: false }\` turns the rule off
for this repository outside /run-tests turns. init never sets either by itself.

options:
  --profile P      tractor, generic, or a profile YAML file
  --host H         claude (default), codex or all. codex: the skill in .agents/skills/<name>/, the
                   hooks in .codex/hooks.json (merged, backed up), the same bundles and profile;
                   with --sandbox, a permission profile in .codex/config.toml that keeps the install
                   read-only inside Codex's sandbox. A host is added to an install, never swapped;
                   with --uninstall, only that host's part is removed
  --git-backstop   also install a git pre-commit hook that refuses commits made from Claude Code
                   (CLAUDECODE=1); an existing pre-commit hook is kept and still runs
  --sandbox        also turn on Claude Code's Bash sandbox with .git read-only (sandbox.enabled,
                   failIfUnavailable, allowUnsandboxedCommands false, .git in filesystem.denyWrite),
                   merged with your own sandbox settings; refused unless bubblewrap and socat are
                   installed and work, and no settings file lets git run outside the sandbox
  --dry-run        print what would change (each file with its size or lines added and removed);
                   write nothing
  --diff, --verbose  with --dry-run: also print each change's full diff
  --subproject     DIR is a subfolder of its git repository and claude will be started there
  --uninstall      remove exactly what init and the hooks added, put back what init replaced; files
                   changed since are kept and named
  --redetect       detect the profile again (ignore profile.yaml and the installed profile)
  --force          replace a hand-written SKILL.md of the same name (backed up; --uninstall restores
                   it); with --uninstall, remove files changed since init too
  --keep-data      with --uninstall: keep state/ and backup/ (and the .gitignore that hides them);
                   without it they are removed too
  --json           machine-readable result

exit: 0 done, 1 refused (nothing written; each problem is printed with its fix), 2 bad usage`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      profile: { type: "string" },
      "git-backstop": { type: "boolean" },
      sandbox: { type: "boolean" },
      "dry-run": { type: "boolean" },
      uninstall: { type: "boolean" },
      subproject: { type: "boolean" },
      force: { type: "boolean" },
      redetect: { type: "boolean" },
      "keep-data": { type: "boolean" },
      json: { type: "boolean" },
      diff: { type: "boolean" },
      verbose: { type: "boolean" },
      host: { type: "string" },
    });
    // Unset means the default for init (Claude Code) and every installed host for --uninstall.
    const hosts = values.host === undefined ? undefined : parseHosts(values.host);
    if (positionals.length > 1)
      throw new UsageError(`expected at most one folder, got ${positionals.length}`);
    if (values.uninstall && (values.profile || values["git-backstop"] || values.sandbox))
      throw new UsageError("--uninstall takes no --profile, --git-backstop or --sandbox");
    if (values.uninstall && values.redetect) throw new UsageError("--uninstall takes no --redetect");
    if ((values.diff || values.verbose) && !values["dry-run"])
      throw new UsageError("--diff and --verbose go with --dry-run");
    if (values["keep-data"] && !values.uninstall) throw new UsageError("--keep-data goes with --uninstall");
    if (values.redetect && values.profile)
      throw new UsageError("--redetect detects the profile; it takes no --profile");
    const options = {
      dir: resolve(io.cwd, positionals[0] ?? "."),
      cwd: io.cwd,
      now: new Date(),
      dryRun: Boolean(values["dry-run"]),
      force: Boolean(values.force),
      gitBackstop: Boolean(values["git-backstop"]),
      subproject: Boolean(values.subproject),
      detect: { env: io.env },
      redetect: Boolean(values.redetect),
      keepData: Boolean(values["keep-data"]),
      sandbox: Boolean(values.sandbox),
      env: io.env,
      ...(hosts ? { hosts } : {}),
      ...(values.profile ? { profile: values.profile } : {}),
    };
    let result: Awaited<ReturnType<typeof runInit>>;
    try {
      result = values.uninstall ? await runUninstall(options) : await runInit(options);
    } catch (error) {
      // The plan checks what it will write; a file system that fails anyway (full disk, a race) gets one
      // line naming the path, never a stack trace.
      const fsError = error as NodeJS.ErrnoException;
      if (typeof fsError.code !== "string" || typeof fsError.path !== "string") throw error;
      io.stderr(
        `run-tests-skill init: stopped: ${fsError.syscall ?? "access"} ${fsError.path} failed (${fsError.code}); run \`run-tests-skill doctor\` to see what is in place\n`,
      );
      return EXIT.finding;
    }
    io.stdout(
      values.json ? initJson(result) : formatInit(result, { diff: Boolean(values.diff || values.verbose) }),
    );
    return result.ok ? EXIT.ok : EXIT.finding;
  },
};
