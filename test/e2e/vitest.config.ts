// The end-to-end suite: the real Claude Code CLI against a mock Messages API. Scenarios run one after another
// (the CLI's start-up is CPU-bound; parallel runs gain nothing on 2 cores and make timings noisy).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    exclude: ["node_modules/**"],
    globalSetup: ["test/e2e/global-setup.ts"],
    fileParallelism: false,
    sequence: { concurrent: false },
    // First use installs Claude Code (about 6 s, more on a slow network); each scenario spawns the CLI.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
