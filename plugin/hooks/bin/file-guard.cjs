// Built by bin/build/build.ts: the file-guard hook, run from core.br85 (hooks/runtime/bundle-loader.ts); do not edit.
var r=require("./loader.cjs");(0,r.runHook)("file-guard",__dirname,require,"core.br85");
