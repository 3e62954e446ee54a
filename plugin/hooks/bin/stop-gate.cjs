// Built by bin/build/build.ts: the stop-gate hook, run from core.br85 (hooks/runtime/bundle-loader.ts); do not edit.
var r=require("./loader.cjs");(0,r.runHook)("stop-gate",__dirname,require,"core.br85");
