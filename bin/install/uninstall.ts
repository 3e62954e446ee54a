// `init --uninstall`: take out what init and the hooks added, put back what init replaced. Works from
// install.json (exact: hashes say what is still ours); without it, from what is recognisably ours. Settings
// are edited first: if they cannot be, nothing else is touched.
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { BUNDLE_EXT, bundleFiles } from "../build/registration.ts";
import { applyBackstopSteps, type BackstopStep, gitHooksDir, planBackstopRemoval } from "./backstop.ts";
import { CODEX_CONFIG_FILE, CODEX_HOOKS_FILE, codexSkillDir, planCodexUninstall } from "./codex.ts";
import { applyConfigEdits } from "./codex-apply.ts";
import { removeEmptyDirs, removeFile, writeAtomic } from "./fsops.ts";
import { KEPT_DATA_GITIGNORE, PATHS } from "./layout.ts";
import { sha256 } from "./manifest.ts";
import { backupState, dataDirs, type ReplacedEntry, removeTree, restoreReplaced } from "./replaced.ts";
import {
  emptyResult,
  type InitOptions,
  type InitResult,
  readManifest,
  rel,
  stamp,
  textOf,
} from "./result.ts";
import { removeSandbox } from "./sandbox.ts";
import { removeRegistrations } from "./settings.ts";
import { isGeneratedSkill } from "./skill.ts";
import { uninstallHosts } from "./uninstall-host.ts";

/** Without a manifest: the files init writes whose names alone say they are ours. */
function recognisableFiles(dir: string): string[] {
  const files = [...bundleFiles().map((f) => `${PATHS.binDir}/${f}`), PATHS.compiledProfile, PATHS.gitignore];
  for (const [skillsDir, skillDir] of [
    [join(dir, ".claude", "skills"), PATHS.skillDir],
    [join(dir, ".agents", "skills"), codexSkillDir],
  ] as const) {
    if (!existsSync(skillsDir)) continue;
    for (const name of readdirSync(skillsDir)) {
      const text = textOf(join(skillsDir, name, "SKILL.md"));
      if (text !== null && isGeneratedSkill(text)) files.push(`${skillDir(name)}/SKILL.md`);
    }
  }
  return files.filter((f) => existsSync(join(dir, f)));
}

export async function runUninstall(options: InitOptions): Promise<InitResult> {
  const result = emptyResult(options, "uninstall");
  const { dir } = options;
  const manifest = readManifest(dir);
  if (!manifest) result.notes.push(`no ${PATHS.manifest}: removing what is recognisably ours`);
  // `--host H` on an install that serves other hosts too: only H's part goes.
  const removeHosts =
    options.hosts && manifest ? manifest.hosts.filter((h) => options.hosts?.includes(h)) : [];
  if (manifest && options.hosts && manifest.hosts.some((h) => !options.hosts?.includes(h))) {
    if (removeHosts.length === 0) {
      result.notes.push(`not installed for ${options.hosts.join(" and ")}: nothing to remove`);
      result.ok = true;
      return result;
    }
    return uninstallHosts(options, manifest, removeHosts, result);
  }

  // Settings first: if they cannot be edited, nothing else is touched (a handler left pointing at a removed
  // guard bundle would block every Bash call, since the guard is registered with onFailure "block").
  const settingsPath = join(dir, PATHS.settings);
  const settingsBefore = textOf(settingsPath);
  let settingsAfter: string | null | undefined; // undefined: untouched; null: delete
  if (settingsBefore !== null) {
    // The sandbox settings (layer 2) first, then our hook handlers.
    const undo = manifest?.sandbox ? removeSandbox(settingsBefore, manifest.sandbox) : null;
    const unsandboxed = undo?.ok ? undo : null;
    const removed =
      undo && !undo.ok
        ? undo
        : removeRegistrations(unsandboxed?.text ?? settingsBefore, manifest?.settings ?? undefined);
    if (!removed.ok) {
      result.problems.push({
        problem: `${PATHS.settings} cannot be edited: ${removed.problem}`,
        fix: `make ${PATHS.settings} a valid JSON object by hand, then run init --uninstall again (nothing was removed)`,
      });
      return result;
    }
    if (removed.changed || unsandboxed?.changed) {
      settingsAfter = removed.deleteFile ? null : removed.text;
      result.changes.push({
        path: PATHS.settings,
        action: removed.deleteFile ? "remove" : "update",
        detail: `${removed.removed} hook handler(s) removed${unsandboxed?.changed ? ", Bash sandbox settings removed" : ""}`,
        before: settingsBefore,
        after: settingsAfter,
      });
    }
  }

  // Codex's config files: our handlers out of .codex/hooks.json, our profile out of .codex/config.toml.
  const codexPlan = planCodexUninstall({
    hooksText: textOf(join(dir, CODEX_HOOKS_FILE)),
    configText: textOf(join(dir, CODEX_CONFIG_FILE)),
    state: manifest?.codex ?? null,
  });
  if (codexPlan.problems.length > 0) {
    result.problems.push(...codexPlan.problems);
    return result;
  }
  for (const edit of codexPlan.edits)
    result.changes.push({
      path: edit.rel,
      action: edit.after === null ? "remove" : "update",
      detail: edit.detail,
      before: edit.before,
      after: edit.after,
    });

  // Files.
  const removals: string[] = [];
  const restores: [string, ReplacedEntry][] = [];
  const replaced = manifest?.replaced ?? {};
  const keepData = Boolean(options.keepData);
  let keptIgnore = false;
  const entries: [string, string | null][] = manifest
    ? Object.entries(manifest.files)
    : recognisableFiles(dir).map((f) => [f, null]);
  for (const [file, hash] of entries) {
    const text = textOf(join(dir, file));
    const original = replaced[file];
    const backupProblem = original ? backupState(dir, original) : null;
    if (original && backupProblem) {
      // Never take a file away without the one it replaced to put back (a clone without backup/, say).
      result.changes.push({
        path: file,
        action: "keep",
        detail: `the file from before init cannot be restored (${original.backup} is ${backupProblem}); kept as it is`,
      });
      continue;
    }
    if (text === null) {
      if (original) restores.push([file, original]);
      continue;
    }
    if (file === PATHS.gitignore && keepData && dataDirs(dir).length > 0) {
      keptIgnore = true;
      result.changes.push({
        path: file,
        action: "keep",
        detail: "--keep-data: now ignores the whole folder, so the kept data stays out of git",
      });
      continue;
    }
    if (hash === null || sha256(text) === hash || options.force) {
      removals.push(file);
      if (original) {
        restores.push([file, original]); // listed once, as restored
        continue;
      }
      result.changes.push({
        path: file,
        action: "remove",
        before: text,
        after: null,
        bundle: file.endsWith(BUNDLE_EXT),
      });
    } else {
      result.changes.push({
        path: file,
        action: "keep",
        detail: `changed since init (remove it by hand, or use --force)${original ? `; the file from before init stays in ${original.backup}` : ""}`,
      });
    }
  }
  for (const [file, original] of restores)
    result.changes.push({
      path: file,
      action: "restore",
      detail: `the file from before init, from ${original.backup}`,
    });

  // Backstop.
  let backstopSteps: BackstopStep[] = [];
  const hooksDir = manifest?.backstop
    ? dirname(resolve(dir, manifest.backstop.hook))
    : await gitHooksDir(dir);
  if (hooksDir) {
    const plan = planBackstopRemoval(hooksDir);
    backstopSteps = plan.steps;
    result.notes.push(...plan.notes);
    for (const step of plan.steps) {
      if (step.kind === "remove")
        result.changes.push({ path: rel(dir, step.path), action: "remove", detail: "git backstop" });
      if (step.kind === "move")
        result.changes.push({
          path: rel(dir, step.from),
          action: "move",
          detail: `back to ${rel(dir, step.to)}`,
        });
    }
  }

  const manifestPath = join(dir, PATHS.manifest);
  if (existsSync(manifestPath)) result.changes.push({ path: PATHS.manifest, action: "remove" });
  // The hooks' runtime data and the backups: init's doing, so removed with it unless --keep-data.
  const data = dataDirs(dir);
  const what: Record<string, string> = {
    [PATHS.stateDir]: "skill turns, reports, flaky ledger",
    [PATHS.backupDir]: "settings backups, files init replaced",
    [PATHS.reportSpool]: "streaming pytest reports",
  };
  for (const d of data)
    result.changes.push({
      path: `${d.path}/`,
      action: keepData ? "keep" : "remove",
      detail: `${d.files} file(s): ${what[d.path]}${keepData ? "; --keep-data" : ""}`,
    });

  if (existsSync(join(dir, PATHS.codeCache)))
    result.changes.push({
      path: `${PATHS.codeCache}/`,
      action: "remove",
      detail: "the hooks' V8 code cache (derived; the hooks wrote it, not init)",
    });

  result.ok = true;
  if (options.dryRun) return result;

  if (settingsAfter === null) {
    // init created the file and nothing but our handlers is in it: no backup needed to undo that.
    removeFile(settingsPath);
  } else if (settingsAfter !== undefined && settingsBefore !== null) {
    if (keepData) {
      const backup = join(dir, PATHS.backupDir, `settings.json.${stamp(options.now)}.bak`);
      writeAtomic(backup, settingsBefore);
      result.backup = rel(dir, backup);
    }
    writeAtomic(settingsPath, settingsAfter);
  }
  // Backups only with --keep-data: without it the backup folder goes away with the rest.
  applyConfigEdits(dir, codexPlan.edits, keepData ? stamp(options.now) : null);
  for (const file of removals) removeFile(join(dir, file));
  for (const [file, original] of restores) {
    const outcome = restoreReplaced(dir, file, original);
    if (outcome !== "restored") {
      const change = result.changes.find((c) => c.path === file && c.action === "restore");
      if (change)
        Object.assign(change, {
          action: "keep",
          detail: `not restored: ${original.backup} is ${outcome === "backup-missing" ? "gone" : "changed since init"}`,
        });
    }
  }
  applyBackstopSteps(backstopSteps);
  removeFile(manifestPath);
  if (!keepData) for (const d of data) removeTree(join(dir, d.path));
  removeTree(join(dir, PATHS.codeCache));
  if (keptIgnore) writeAtomic(join(dir, PATHS.gitignore), KEPT_DATA_GITIGNORE);
  const dirs = [
    ...(manifest?.dirs ?? []),
    ...removals.map((f) => dirname(f)),
    ...codexPlan.edits.filter((e) => e.after === null).map((e) => dirname(e.rel)),
  ].map((d) => join(dir, d));
  removeEmptyDirs([...new Set(dirs)].filter((d) => d !== dir && d.startsWith(dir)));
  return result;
}
