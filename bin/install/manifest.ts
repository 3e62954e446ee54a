// install.json: what `init` wrote (each file with a hash of its content) and what it found before (the
// settings baseline, the git hook it chained). `--uninstall` works from it, so it removes exactly what init
// added; a file changed since is kept and named. Without a manifest, uninstall falls back to what it can
// recognise as ours (generated marker, bundle paths, the backstop's marker line).
import { createHash } from "node:crypto";
import * as v from "valibot";
import { HOST_IDS } from "../../hooks/hosts/host.ts";
import { CodexState } from "./codex.ts";
import { SandboxBaseline } from "./sandbox.ts";

export const MANIFEST_VERSION = 1;

const Baseline = v.object({
  created: v.boolean(),
  containers: v.array(v.string()),
  hooksText: v.optional(v.nullable(v.string()), null),
});

const InstalledHook = v.object({
  /** The installed hook, relative to the project when inside it, else absolute. */
  hook: v.string(),
  /** Where the user's own hook was moved so ours can call it (null: there was none). */
  chained: v.nullable(v.string()),
});

const Backstop = v.object({
  ...InstalledHook.entries,
  /** The reference-transaction hook (absent in manifests written before it was added). */
  refs: v.optional(v.nullable(InstalledHook), null),
});

export const Manifest = v.object({
  version: v.literal(MANIFEST_VERSION),
  /** Profile reference as given (tractor, generic, a file) or "detected:<kind>". */
  profile: v.string(),
  skill: v.string(),
  /** Project-relative path -> sha256 of the content written. */
  files: v.record(v.string(), v.string()),
  settings: v.nullable(Baseline),
  backstop: v.nullable(Backstop),
  /** What the project's `sandbox` setting held before `init --sandbox` (null: no sandbox install). */
  sandbox: v.optional(v.nullable(SandboxBaseline), null),
  /** Folders init created (project-relative): removed again when uninstall leaves them empty. */
  dirs: v.optional(v.array(v.string()), []),
  /** "own": the skill folder holds a SKILL.md we did not generate; init keeps it and never writes there. */
  skillMode: v.optional(v.picklist(["generated", "own"]), "generated"),
  /** Files that were there before init replaced them (project-relative) -> where the original was copied
   *  (project-relative, under backup/) and its sha256: uninstall puts each one back byte for byte. */
  replaced: v.optional(v.record(v.string(), v.object({ backup: v.string(), sha256: v.string() })), {}),
  /** The agent hosts installed for (hooks/hosts/); manifests written before hosts existed: Claude Code. */
  hosts: v.optional(v.array(v.picklist(HOST_IDS)), ["claude"]),
  /** What init added to Codex's config files, and what they held before (null: not installed for Codex). */
  codex: v.optional(v.nullable(CodexState), null),
});
export type Manifest = v.InferOutput<typeof Manifest>;
export type Backstop = v.InferOutput<typeof Backstop>;

export function sha256(text: string | Uint8Array): string {
  return createHash("sha256").update(text).digest("hex");
}

export function parseManifest(text: string): Manifest | null {
  try {
    const result = v.safeParse(Manifest, JSON.parse(text));
    return result.success ? result.output : null;
  } catch {
    return null;
  }
}

export function renderManifest(manifest: Manifest): string {
  const files = Object.fromEntries(Object.entries(manifest.files).sort(([a], [b]) => a.localeCompare(b)));
  return `${JSON.stringify({ ...manifest, files }, null, 2)}\n`;
}
