#!/usr/bin/env node
// Development entry: runs the TypeScript CLI sources through tsx, so a checkout needs no build step to try a
// change (the tests drive the CLI through this file). The published package's `bin` is the prebuilt
// plugin/cli/run-tests-skill.cjs (`npm run build`), which needs neither tsx nor any other dependency.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
