// Installs the pinned Claude Code once before any e2e file runs (reused from .cache/ afterwards), so a slow
// download counts against the setup budget and not against the first scenario.
import { E2E_DISABLED, ensureClaude } from "./claude.ts";
import { ensureCodex } from "./codex/codex-cli.ts";

export default async function setup(): Promise<void> {
  if (E2E_DISABLED) {
    console.warn(
      "run-tests-skill e2e: SKIPPED, RUN_TESTS_SKILL_E2E=0 disables the end-to-end suite (unset it to run)",
    );
    return;
  }
  const started = performance.now();
  const bin = await ensureClaude();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`run-tests-skill e2e: Claude Code at ${bin} (${seconds} s)`);
  // The pinned Codex CLI for codex.e2e.test.ts, the same way (npm registry, .cache/codex/, never committed).
  const codexStarted = performance.now();
  const codex = await ensureCodex();
  console.log(
    `run-tests-skill e2e: Codex at ${codex} (${((performance.now() - codexStarted) / 1000).toFixed(1)} s)`,
  );
}
