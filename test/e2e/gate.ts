// The suite runs by default (it installs the pinned Claude Code on first use). It is skipped, visibly, only
// when explicitly disabled with RUN_TESTS_SKILL_E2E=0 (e.g. on a machine without registry access).
import { describe } from "vitest";
import { E2E_DISABLED } from "./claude.ts";

export { E2E_DISABLED };

export const SKIP_NOTE = "SKIPPED: RUN_TESTS_SKILL_E2E=0 disables the end-to-end suite (unset it to run)";

/** `describe`, or a skipped describe whose name says why, when the suite is disabled. */
export function e2eDescribe(name: string, fn: () => void): void {
  if (E2E_DISABLED) describe.skip(`${name} [${SKIP_NOTE}]`, fn);
  else describe(name, fn);
}
