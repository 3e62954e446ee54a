// `init --uninstall --host H` on an installation that serves more hosts: take out what init added for H alone
// (its registrations, its sandbox settings, its copy of the skill) and keep the shared parts (bundles, profile,
// state) and every other host. Uninstalling the last host is the full uninstall (./uninstall.ts).
import { join } from "node:path";
import type { HostId } from "../../hooks/hosts/host.ts";
import {
  CODEX_CONFIG_FILE,
  CODEX_HOOKS_FILE,
  type ConfigEdit,
  codexSkillDir,
  planCodexUninstall,
} from "./codex.ts";
import { applyConfigEdits } from "./codex-apply.ts";
import { removeEmptyDirs, removeFile, writeAtomic } from "./fsops.ts";
import { PATHS } from "./layout.ts";
import { type Manifest, renderManifest, sha256 } from "./manifest.ts";
import { type InitOptions, type InitResult, textOf } from "./result.ts";
import { removeSandbox } from "./sandbox.ts";
import { removeRegistrations } from "./settings.ts";

/** The files of one host's skill copy, by their folder prefix. */
function skillPrefix(host: HostId, skill: string): string {
  return `${host === "codex" ? codexSkillDir(skill) : PATHS.skillDir(skill)}/`;
}

export function uninstallHosts(
  options: InitOptions,
  manifest: Manifest,
  remove: readonly HostId[],
  result: InitResult,
): InitResult {
  const { dir } = options;
  const edits: ConfigEdit[] = [];
  let next: Manifest = { ...manifest, hosts: manifest.hosts.filter((h) => !remove.includes(h)) };
  if (remove.includes("codex")) {
    const plan = planCodexUninstall({
      hooksText: textOf(join(dir, CODEX_HOOKS_FILE)),
      configText: textOf(join(dir, CODEX_CONFIG_FILE)),
      state: manifest.codex ?? null,
    });
    result.problems.push(...plan.problems);
    edits.push(...plan.edits);
    next = { ...next, codex: null };
  }
  if (remove.includes("claude")) {
    const before = textOf(join(dir, PATHS.settings));
    if (before !== null) {
      const undo = manifest.sandbox ? removeSandbox(before, manifest.sandbox) : null;
      const unsandboxed = undo?.ok ? undo : null;
      const removed =
        undo && !undo.ok
          ? undo
          : removeRegistrations(unsandboxed?.text ?? before, manifest.settings ?? undefined);
      if (!removed.ok)
        result.problems.push({
          problem: `${PATHS.settings} cannot be edited: ${removed.problem}`,
          fix: `make ${PATHS.settings} a valid JSON object by hand, then run init --uninstall --host claude again`,
        });
      else if (removed.changed || unsandboxed?.changed)
        edits.push({
          rel: PATHS.settings,
          before,
          after: "deleteFile" in removed && removed.deleteFile ? null : removed.text,
          detail: "Claude Code hook handlers removed",
        });
    }
    next = { ...next, settings: null, sandbox: null };
  }
  if (result.problems.length > 0) return result;

  const files = { ...manifest.files };
  const removals: string[] = [];
  for (const host of remove) {
    const prefix = skillPrefix(host, manifest.skill);
    for (const [file, hash] of Object.entries(manifest.files)) {
      if (!file.startsWith(prefix)) continue;
      delete files[file];
      const text = textOf(join(dir, file));
      if (text === null) continue;
      if (sha256(text) === hash || options.force) {
        removals.push(file);
        result.changes.push({ path: file, action: "remove", before: text, after: null });
      } else result.changes.push({ path: file, action: "keep", detail: "changed since init" });
    }
  }
  for (const edit of edits)
    result.changes.push({
      path: edit.rel,
      action: edit.after === null ? "remove" : "update",
      detail: edit.detail,
      before: edit.before,
      after: edit.after,
    });
  result.notes.push(
    `removed the ${remove.join(" and ")} host; still installed for ${next.hosts.join(" and ")}`,
  );
  result.ok = true;
  if (options.dryRun) return result;
  applyConfigEdits(dir, edits, null);
  for (const file of removals) removeFile(join(dir, file));
  // Folders init created for this host's files (.agents/skills/<name>, .codex, ...), deepest first.
  const hostDirs = (manifest.dirs ?? [])
    .filter((d) =>
      remove.some((h) =>
        h === "codex" ? d.startsWith(".agents") || d.startsWith(".codex") : d.startsWith(".claude/skills"),
      ),
    )
    .map((d) => join(dir, d));
  removeEmptyDirs([
    ...removals.map((f) => join(dir, f, "..")),
    ...edits.filter((e) => e.after === null).map((e) => join(dir, e.rel, "..")),
    ...hostDirs,
  ]);
  next = { ...next, dirs: (manifest.dirs ?? []).filter((d) => !hostDirs.includes(join(dir, d))) };
  writeAtomic(join(dir, PATHS.manifest), renderManifest({ ...next, files }));
  return result;
}
