// The git backstop (guard-policy.md §9): a pre-commit hook that refuses a commit made from inside a Claude Code
// session (CLAUDECODE=1 in the environment). It is the one check that also sees shell aliases, scripts and
// anything else the Bash guard cannot read. It chains: a pre-commit hook already in place (in .git/hooks or
// in core.hooksPath) is moved aside and called by ours, and moved back on uninstall, byte for byte.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { moveFile, removeFile, writeAtomic } from "./fsops.ts";

export const BACKSTOP_MARK = "# run-tests-skill git backstop";
/** The name the user's own hook gets while ours stands in front of it. */
export const CHAINED_NAME = "pre-commit.before-run-tests-skill";

export function backstopScript(): string {
  return `#!/bin/sh
${BACKSTOP_MARK}: installed by \`run-tests-skill init --git-backstop\`, removed by
# \`run-tests-skill init --uninstall\`. Claude Code sets CLAUDECODE=1 for every command it runs; a commit made
# with it set comes from the agent, whatever alias or script it went through.
if [ "\${CLAUDECODE:-}" = "1" ]; then
  echo "run-tests-skill: commit refused: this commit comes from a Claude Code session (CLAUDECODE=1)." >&2
  echo "The human drives git add and git commit: leave the changes unstaged for review, then commit from" >&2
  echo "your own terminal (suggest a message with /commit-msg)." >&2
  exit 1
fi
# Chain to the project's own pre-commit hook, if there was one. Like git, skip it when it is not executable.
chained="$(dirname "$0")/${CHAINED_NAME}"
if [ -f "$chained" ] && [ -x "$chained" ]; then
  exec "$chained" "$@"
fi
exit 0
`;
}

export function isBackstop(text: string): boolean {
  return text.includes(BACKSTOP_MARK);
}

/** The folder git runs hooks from (honours core.hooksPath and worktrees), or null outside a git repo. */
export async function gitHooksDir(dir: string): Promise<string | null> {
  const result = await execa("git", ["rev-parse", "--git-path", "hooks"], { cwd: dir, reject: false });
  if (result.exitCode !== 0) return null;
  return resolve(dir, result.stdout.trim());
}

export type BackstopStep =
  | { kind: "write"; path: string; content: string; mode: number }
  | { kind: "move"; from: string; to: string }
  | { kind: "remove"; path: string };

export type BackstopPlan =
  | { ok: true; hook: string; chained: string | null; steps: BackstopStep[]; already: boolean }
  | { ok: false; problem: string };

export function planBackstopInstall(hooksDir: string): BackstopPlan {
  const hook = join(hooksDir, "pre-commit");
  const chained = join(hooksDir, CHAINED_NAME);
  const existing = existsSync(hook) ? readFileSync(hook, "utf8") : null;
  if (existing !== null && isBackstop(existing)) {
    // Already ours: refresh the script text only (the chained hook, if any, stays where it is).
    const steps: BackstopStep[] =
      existing === backstopScript()
        ? []
        : [{ kind: "write", path: hook, content: backstopScript(), mode: 0o755 }];
    return { ok: true, hook, chained: existsSync(chained) ? chained : null, steps, already: true };
  }
  if (existing !== null && existsSync(chained)) {
    return {
      ok: false,
      problem: `${hook} exists and so does ${chained} (a copy from an earlier install?); the backstop would have to replace one of them`,
    };
  }
  const steps: BackstopStep[] = [];
  if (existing !== null) steps.push({ kind: "move", from: hook, to: chained });
  steps.push({ kind: "write", path: hook, content: backstopScript(), mode: 0o755 });
  return { ok: true, hook, chained: existing !== null ? chained : null, steps, already: false };
}

export type BackstopRemoval = { steps: BackstopStep[]; notes: string[] };

export function planBackstopRemoval(hooksDir: string): BackstopRemoval {
  const hook = join(hooksDir, "pre-commit");
  const chained = join(hooksDir, CHAINED_NAME);
  const text = existsSync(hook) ? readFileSync(hook, "utf8") : null;
  if (text === null || !isBackstop(text)) {
    const notes =
      text === null
        ? existsSync(chained)
          ? [`${hook} is gone; left ${chained} where it is`]
          : []
        : [`${hook} is not the backstop any more (changed by hand?); left it alone`];
    return { steps: [], notes };
  }
  const steps: BackstopStep[] = [{ kind: "remove", path: hook }];
  if (existsSync(chained)) steps.push({ kind: "move", from: chained, to: hook });
  return { steps, notes: [] };
}

export function applyBackstopSteps(steps: readonly BackstopStep[]): void {
  for (const step of steps) {
    if (step.kind === "write") writeAtomic(step.path, step.content, step.mode);
    else if (step.kind === "move") moveFile(step.from, step.to);
    else removeFile(step.path);
  }
}
