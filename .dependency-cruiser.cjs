// The layers, declared once and enforced by `npm run check` (npx depcruise bin hooks skills).
// ARCHITECTURE.md draws them. Each folder may import only from folders listed BEFORE it; hooks/core/ is the
// pure domain at the bottom and imports nothing of ours above it. Tests (test/) may import anything; nothing
// outside test/ imports test/. Type-only imports count too (a type is a dependency a reader must follow).
/** Lowest first. */
const LAYERS = [
  "hooks/hosts", // the agent hosts' differences at the contract edge (input shapes, project dir): pure, imports nothing of ours
  "hooks/core", // the domain: profile, shell front end, pytest options, state folder, git, package root
  "hooks/contract", // the hook events' input and output schemas
  "hooks/guard", // the Bash and file guards' judgement
  "skills/generator", // SKILL.md from a profile
  "hooks/runtime", // what the hook entries share: skill turns, the sandbox settings layer, runner guesses
  "skills/validator", // a SKILL.md checked against its profile and the guard
  "skills/importer", // a profile drafted from a hand-written SKILL.md
  "hooks/results", // the report: pytest's output classified, the ledger
  "hooks/gate", // the stop gate: the ledger and the tree, judged at Stop
  "hooks/entry", // the hook programs: stdin -> one decision -> one JSON object
  "bin/build", // packaging: bundles, registrations, generated artifacts
  "bin/install", // init, uninstall, doctor: the installer library
  "bin/cli", // the command line
];

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const under = (dirs) => `^(${dirs.map(escapeRegExp).join("|")})/`;

module.exports = {
  forbidden: [
    ...LAYERS.map((layer, i) => ({
      name: `layer-${layer.replace("/", "-")}`,
      comment: `${layer} imports only from the layers below it (${LAYERS.slice(0, i).join(", ") || "none"})`,
      severity: "error",
      from: { path: under([layer]) },
      to: { path: under(LAYERS.slice(i + 1)) },
    })),
    {
      name: "no-circular",
      comment: "no import circle anywhere",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "not-to-test",
      comment: "nothing outside test/ imports from test/",
      severity: "error",
      from: { pathNot: "^test/" },
      to: { path: "^test/" },
    },
    {
      name: "unlayered",
      comment: "every source folder is in LAYERS (a new folder is placed there, on purpose)",
      severity: "error",
      from: { path: "^(bin|hooks|skills)/", pathNot: `${under(LAYERS)}|^bin/run-tests-skill\\.mjs$` },
      to: { path: "^(bin|hooks|skills)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|plugin/hooks/bin|plugin/cli)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".mjs", ".cjs", ".js", ".json"] },
  },
};
