// Built by bin/build/build.ts: the session-start hook, run from core.br85 (hooks/runtime/bundle-loader.ts); do not edit.
var r=require("./loader.cjs");(0,r.runHook)("session-start",__dirname,require,"core.br85");
