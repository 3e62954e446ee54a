// Built by bin/build/build.ts: the skill-turn hook, run from core.br85 (hooks/runtime/bundle-loader.ts); do not edit.
var r=require("./loader.cjs");(0,r.runHook)("skill-turn",__dirname,require,"core.br85");
