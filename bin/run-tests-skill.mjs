#!/usr/bin/env node
// CLI shim: runs the TypeScript CLI through tsx, so a checkout needs no build step for the CLI.
// (The hooks, which run on every tool call, are prebuilt bundles under hooks/bin and never use this.)
import { register } from "tsx/esm/api";

register();
const { main } = await import("./cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
