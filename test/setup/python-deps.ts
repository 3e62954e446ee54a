// Vitest global setup: the pytest plugins some fixture projects need (pytest-xdist, pytest-timeout) are
// installed into a private folder (.cache/pydeps) instead of the user's Python, so `npm test` needs nothing
// installed by hand and never changes the machine's environment. Tests that need them put the folder on
// PYTHONPATH (see pythonDepsEnv in test/setup/python.ts).
// When pip's index cannot be reached (offline, no cache yet) nothing is thrown: the suite runs, and the tests
// that need a plugin skip themselves with the reason (HAS_XDIST / HAS_TIMEOUT_PLUGIN in test/results/helpers.ts,
// `ctx.skip(condition, note)`), after one notice here that says what is missing and why.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { PYDEPS_DIR } from "./python.ts";

const PACKAGES = ["pytest-xdist", "execnet", "pytest-timeout"];

export default async function setup(): Promise<void> {
  if (existsSync(join(PYDEPS_DIR, "xdist")) && existsSync(join(PYDEPS_DIR, "pytest_timeout.py"))) return;
  mkdirSync(PYDEPS_DIR, { recursive: true });
  // --no-deps: pytest itself comes from the machine; fail fast instead of retrying unreachable indexes.
  const result = await execa(
    "python3",
    ["-m", "pip", "install", "--quiet", "--no-deps", "--target", PYDEPS_DIR, ...PACKAGES],
    { reject: false, env: { PIP_RETRIES: "0", PIP_TIMEOUT: "5", PIP_DISABLE_PIP_VERSION_CHECK: "1" } },
  );
  if (result.exitCode !== 0) {
    const why = (result.stderr || result.stdout || `exit ${result.exitCode}`).trim().split("\n").slice(-3);
    process.stderr.write(
      [
        "",
        `test setup: could not install ${PACKAGES.join(", ")} into ${PYDEPS_DIR} (pip's index unreachable?):`,
        ...why.map((line) => `  ${line}`),
        "  The tests that need pytest-xdist or pytest-timeout are skipped (each says so); the rest run.",
        "",
      ].join("\n"),
    );
  }
}
