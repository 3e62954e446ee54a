// `init`: install the skill, the hook bundles and their registrations into a project, or take them out again.
// Everything is planned first (what each file will hold, whether the settings can be merged, whether a
// hand-written skill is in the way); only a plan without problems is applied, so a refusal writes nothing.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import {
  BUNDLE_EXT,
  bundleName,
  HOOK_ENTRIES,
  hookRegistrations,
  PROJECT_BIN_DIR,
  profileSpellings,
} from "../../hooks/registration.ts";
import { readCompiledProfile } from "../../hooks/runtime/profile.ts";
import { compileProfile } from "../../skills/profile/compile.ts";
import {
  formatProfileErrors,
  isBuiltin,
  type Loaded,
  loadProfile,
  loadProfileText,
} from "../../skills/profile/load.ts";
import type { Profile } from "../../skills/profile/schema.ts";
import {
  applyBackstopSteps,
  type BackstopStep,
  gitHooksDir,
  planBackstopInstall,
  planBackstopRemoval,
} from "./backstop.ts";
import { type DetectOptions, detectProfile } from "./detect.ts";
import { removeEmptyDirs, removeFile, writeAtomic } from "./fsops.ts";
import { INSTALL_GITIGNORE, PACKAGE_BIN_DIR, PATHS } from "./layout.ts";
import {
  type Backstop,
  MANIFEST_VERSION,
  type Manifest,
  parseManifest,
  renderManifest,
  sha256,
} from "./manifest.ts";
import { planSandbox, removeSandbox } from "./sandbox.ts";
import { mergeRegistrations, removeRegistrations, type SettingsBaseline } from "./settings.ts";
import { isGeneratedSkill, renderSkillFiles } from "./skill.ts";

export interface InitOptions {
  /** The project root (absolute). */
  dir: string;
  /** tractor, generic or a profile file (relative to cwd); absent: detect. */
  profile?: string;
  gitBackstop?: boolean;
  /** Also merge Claude Code's Bash sandbox with .git read-only into the settings (bin/install/sandbox.ts). */
  sandbox?: boolean;
  /** For --sandbox: PATH (bwrap, socat) and HOME (the user's settings); absent: process.env. */
  env?: NodeJS.ProcessEnv;
  /** For --sandbox: where managed settings live (absent: /etc/claude-code). */
  managedDir?: string;
  dryRun?: boolean;
  force?: boolean;
  /** Where a relative --profile path is resolved. */
  cwd: string;
  /** Names the settings backup. */
  now: Date;
  detect?: DetectOptions;
}

export type ChangeAction = "create" | "update" | "unchanged" | "remove" | "keep" | "move";

export interface Change {
  /** Project-relative (or absolute, outside the project) path. */
  path: string;
  action: ChangeAction;
  /** Why, or where to: "moved to ...", "changed since init: kept". */
  detail?: string;
  /** Text before and after, for --dry-run's diff (null: no file). Left out for the JSON output. */
  before?: string | null;
  after?: string | null;
  /** A bundle: summarised, never diffed. */
  bundle?: boolean;
}

export interface Problem {
  problem: string;
  fix: string;
}

export interface InitResult {
  ok: boolean;
  mode: "install" | "uninstall";
  dir: string;
  dryRun: boolean;
  profile: { source: string; skill: string; detected: "tractor" | "generic" | null } | null;
  notes: string[];
  changes: Change[];
  problems: Problem[];
  /** Where the previous settings.json was copied before it was rewritten. */
  backup: string | null;
  /** Registered handlers per event (install only). */
  registered: Record<string, number>;
}

type WriteStep = { rel: string; content: string; mode?: number; bundle?: boolean };

const textOf = (path: string) => (existsSync(path) ? readFileSync(path, "utf8") : null);
const rel = (dir: string, path: string) => {
  const r = relative(dir, path);
  return r.startsWith("..") || isAbsolute(r) ? path : r.split("\\").join("/");
};

function readManifest(dir: string): Manifest | null {
  const text = textOf(join(dir, PATHS.manifest));
  return text === null ? null : parseManifest(text);
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, "-");
}

function emptyResult(options: InitOptions, mode: InitResult["mode"]): InitResult {
  return {
    ok: false,
    mode,
    dir: options.dir,
    dryRun: Boolean(options.dryRun),
    profile: null,
    notes: [],
    changes: [],
    problems: [],
    backup: null,
    registered: {},
  };
}

// --- Profile -----------------------------------------------------------------------------------------------

interface ChosenProfile {
  profile: Profile;
  /** Shown in the generated files' marker and stored as the compiled profile's source. */
  label: string;
  /** profile.yaml to write (detection), or null. */
  yaml: string | null;
  detected: "tractor" | "generic" | null;
  notes: string[];
}

async function chooseProfile(
  options: InitOptions,
): Promise<{ ok: true; chosen: ChosenProfile } | { ok: false; problem: Problem }> {
  const fail = (loaded: Extract<Loaded, { ok: false }>, fix: string) => ({
    ok: false as const,
    problem: { problem: `the profile does not load:\n${formatProfileErrors(loaded.errors)}`, fix },
  });
  if (options.profile) {
    const loaded = loadProfile(options.profile, options.cwd);
    if (!loaded.ok) return fail(loaded, "correct the profile file named above, then run init again");
    // The label appears in the generated SKILL.md's marker line: a built-in's name, a path inside the
    // project, or (for a file elsewhere) just its name, so no machine-specific path lands in the repo.
    const file = resolve(options.cwd, options.profile);
    const inside = rel(options.dir, file);
    const label = isBuiltin(options.profile)
      ? `the built-in ${options.profile} profile`
      : inside === file
        ? basename(file)
        : inside;
    return { ok: true, chosen: { profile: loaded.profile, label, yaml: null, detected: null, notes: [] } };
  }
  const yamlPath = join(options.dir, PATHS.profileYaml);
  if (existsSync(yamlPath)) {
    // A profile an earlier init filled in (and the user may have edited) wins over detecting again.
    const loaded = loadProfile(yamlPath, options.dir);
    if (!loaded.ok)
      return fail(loaded, `correct ${PATHS.profileYaml} (or delete it to detect the profile again)`);
    return {
      ok: true,
      chosen: {
        profile: loaded.profile,
        label: PATHS.profileYaml,
        yaml: null,
        detected: null,
        notes: [`using ${PATHS.profileYaml} from an earlier init (delete it to detect the profile again)`],
      },
    };
  }
  // Re-running init on an installation keeps the profile it was installed with.
  const compiledPath = join(options.dir, PATHS.compiledProfile);
  const compiled = existsSync(compiledPath) ? readCompiledProfile(compiledPath) : null;
  if (compiled?.ok) {
    const source = (JSON.parse(readFileSync(compiledPath, "utf8")) as { source?: unknown }).source;
    return {
      ok: true,
      chosen: {
        profile: compiled.profile,
        label: typeof source === "string" ? source : PATHS.compiledProfile,
        yaml: null,
        detected: null,
        notes: [`using the installed profile (${PATHS.compiledProfile}); pass --profile to choose another`],
      },
    };
  }
  const detection = await detectProfile(options.dir, options.detect);
  const loaded = loadProfileText(detection.yaml, yamlPath);
  if (!loaded.ok) return fail(loaded, "pass --profile generic, then edit the written profile.yaml");
  return {
    ok: true,
    chosen: {
      profile: loaded.profile,
      label: PATHS.profileYaml,
      yaml: detection.yaml,
      detected: detection.kind,
      notes: detection.notes,
    },
  };
}

// --- Install -----------------------------------------------------------------------------------------------

function presentBundles(): { name: string; text: string }[] {
  if (!existsSync(PACKAGE_BIN_DIR)) return [];
  const files = new Set(readdirSync(PACKAGE_BIN_DIR));
  return HOOK_ENTRIES.filter((e) => files.has(bundleName(e))).map((e) => ({
    name: e,
    text: readFileSync(join(PACKAGE_BIN_DIR, bundleName(e)), "utf8"),
  }));
}

/** Folders that writing `rels` would create, outermost first. */
function missingDirs(dir: string, rels: readonly string[]): string[] {
  const missing = new Set<string>();
  for (const r of rels) {
    let at = dirname(join(dir, r));
    while (at.startsWith(dir) && at !== dir && !existsSync(at)) {
      missing.add(rel(dir, at));
      at = dirname(at);
    }
  }
  return [...missing].sort((a, b) => a.length - b.length);
}

export async function runInit(options: InitOptions): Promise<InitResult> {
  const result = emptyResult(options, "install");
  const { dir } = options;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    result.problems.push({ problem: `${dir} is not a folder`, fix: "pass the project's root folder" });
    return result;
  }
  const previous = readManifest(dir);

  const choice = await chooseProfile(options);
  if (!choice.ok) {
    result.problems.push(choice.problem);
    return result;
  }
  const { profile, label } = choice.chosen;
  result.notes.push(...choice.chosen.notes);
  result.profile = { source: label, skill: profile.skill.name, detected: choice.chosen.detected };

  // The files init owns, with their new content.
  const writes: WriteStep[] = [];
  const skillDir = PATHS.skillDir(profile.skill.name);
  let skillFiles: Map<string, string>;
  try {
    skillFiles = await renderSkillFiles(profile, label);
  } catch (error) {
    result.problems.push({
      problem: `the skill could not be generated: ${(error as Error).message}`,
      fix: "run `run-tests-skill generate --profile <the same profile>` to see the error",
    });
    return result;
  }
  for (const [file, content] of skillFiles) writes.push({ rel: `${skillDir}/${file}`, content });

  const bundles = presentBundles();
  if (bundles.length === 0) {
    result.problems.push({
      problem: `no hook bundles in ${PACKAGE_BIN_DIR}`,
      fix: "run `npm run build` in the run-tests-skill checkout, then init again",
    });
  }
  for (const b of bundles)
    writes.push({ rel: `${PATHS.binDir}/${bundleName(b.name)}`, content: b.text, bundle: true });
  writes.push({ rel: PATHS.compiledProfile, content: compileProfile(profile, label) });
  writes.push({ rel: PATHS.gitignore, content: INSTALL_GITIGNORE });
  if (choice.chosen.yaml !== null) writes.push({ rel: PATHS.profileYaml, content: choice.chosen.yaml });

  // Never clobber a hand-written skill.
  const skillMd = join(dir, skillDir, "SKILL.md");
  const existingSkill = textOf(skillMd);
  const ours = (text: string) =>
    isGeneratedSkill(text) || sha256(text) === previous?.files[`${skillDir}/SKILL.md`];
  if (existingSkill !== null && !ours(existingSkill)) {
    if (options.force) result.notes.push(`${skillDir}/SKILL.md was written by hand; replaced it (--force)`);
    else
      result.problems.push({
        problem: `${skillDir}/SKILL.md exists and was not generated by run-tests-skill`,
        fix: `move it away, name the skill differently in a profile (skill.name), or run init with --force to replace it`,
      });
  }

  // Settings.
  const settingsPath = join(dir, PATHS.settings);
  const settingsBefore = textOf(settingsPath);
  const reg = hookRegistrations({
    binDir: PROJECT_BIN_DIR,
    entries: bundles.map((b) => b.name),
    skillMatcher: profile.skill.name,
    pytestSpellings: profileSpellings(profile),
  });
  for (const [event, groups] of Object.entries(reg))
    result.registered[event] = (groups ?? []).reduce((n, g) => n + g.hooks.length, 0);
  let merged = mergeRegistrations(settingsBefore, reg);
  // Layer 2, the .git barrier: merged over the registrations; its problems refuse the whole init.
  let sandbox = previous?.sandbox ?? null;
  if (options.sandbox && merged.ok) {
    const env = options.env ?? process.env;
    const plan = await planSandbox(dir, merged.text, { env, managedDir: options.managedDir });
    result.problems.push(...plan.problems);
    result.notes.push(...plan.notes);
    if (plan.text !== null) merged = { ...merged, text: plan.text, changed: merged.changed || plan.changed };
    sandbox ??= plan.baseline;
  } else if (sandbox) {
    result.notes.push(
      "the Bash sandbox from an earlier init --sandbox stays on (init --uninstall removes it)",
    );
  }
  let baseline: SettingsBaseline | null = previous?.settings ?? null;
  if (!merged.ok) {
    result.problems.push({
      problem: `${PATHS.settings} cannot be merged: ${merged.problem}`,
      fix: `make ${PATHS.settings} a valid JSON object by hand, then run init again (nothing was written)`,
    });
  } else {
    baseline ??= merged.baseline;
  }

  // Backstop.
  let backstop: Backstop | null = previous?.backstop ?? null;
  let backstopSteps: BackstopStep[] = [];
  if (options.gitBackstop) {
    const hooksDir = await gitHooksDir(dir);
    if (!hooksDir) {
      result.problems.push({
        problem: `${dir} is not inside a git repository, so there is no pre-commit hook to install`,
        fix: "run init without --git-backstop, or run `git init` first",
      });
    } else {
      const plan = planBackstopInstall(hooksDir);
      if (!plan.ok)
        result.problems.push({
          problem: plan.problem,
          fix: "move one of the two away, then run init --git-backstop again",
        });
      else {
        backstopSteps = plan.steps;
        backstop = { hook: rel(dir, plan.hook), chained: plan.chained && rel(dir, plan.chained) };
        if (plan.chained && !plan.already)
          result.notes.push(`the existing pre-commit hook is kept and runs after the backstop`);
      }
    }
  } else if (backstop) {
    result.notes.push("the git backstop from an earlier init stays installed (init --uninstall removes it)");
  }

  // What the change list says, file by file.
  const newFiles: Record<string, string> = {};
  for (const w of writes) {
    const before = textOf(join(dir, w.rel));
    newFiles[w.rel] = sha256(w.content);
    const action: ChangeAction = before === null ? "create" : before === w.content ? "unchanged" : "update";
    result.changes.push({
      path: w.rel,
      action,
      before,
      after: w.content,
      ...(w.bundle ? { bundle: true } : {}),
    });
  }
  // A profile.yaml an earlier init wrote and this run only read stays listed (and stays the user's to edit).
  const earlierYaml = previous?.files[PATHS.profileYaml];
  if (choice.chosen.yaml === null && earlierYaml && !options.profile)
    newFiles[PATHS.profileYaml] = earlierYaml;
  // Files an earlier init wrote that this one no longer does (another skill name, a dropped reference file).
  const removals: string[] = [];
  for (const [file, hash] of Object.entries(previous?.files ?? {})) {
    if (file in newFiles) continue;
    const text = textOf(join(dir, file));
    if (text === null) continue;
    if (sha256(text) === hash || options.force) {
      removals.push(file);
      result.changes.push({
        path: file,
        action: "remove",
        detail: "no longer generated",
        before: text,
        after: null,
      });
    } else {
      result.changes.push({
        path: file,
        action: "keep",
        detail: "no longer generated, but changed since init",
      });
    }
  }
  if (merged.ok) {
    result.changes.push({
      path: PATHS.settings,
      action: settingsBefore === null ? "create" : merged.changed ? "update" : "unchanged",
      detail: options.sandbox ? "hook registrations, Bash sandbox" : "hook registrations",
      before: settingsBefore,
      after: merged.text,
    });
  }
  const movesAside = backstopSteps.some((s) => s.kind === "move");
  for (const step of backstopSteps) {
    if (step.kind === "move")
      result.changes.push({ path: rel(dir, step.from), action: "move", detail: `to ${rel(dir, step.to)}` });
    if (step.kind === "write") {
      const before = movesAside ? null : textOf(step.path);
      result.changes.push({
        path: rel(dir, step.path),
        action: before === null ? "create" : "update",
        detail: "git backstop",
        before,
        after: step.content,
      });
    }
  }

  if (result.problems.length > 0) return result;
  result.ok = true;
  if (options.dryRun || !merged.ok) return result;

  // Apply. Settings last but one: the bundles its handlers point at exist before they are registered.
  const createdDirs = missingDirs(dir, [...writes.map((w) => w.rel), PATHS.settings]);
  for (const w of writes) {
    const path = join(dir, w.rel);
    if (textOf(path) !== w.content) writeAtomic(path, w.content, w.mode);
  }
  for (const file of removals) removeFile(join(dir, file));
  removeEmptyDirs(removals.map((f) => dirname(join(dir, f))));
  applyBackstopSteps(backstopSteps);
  if (merged.changed) {
    if (settingsBefore !== null) {
      const backup = join(dir, PATHS.backupDir, `settings.json.${stamp(options.now)}.bak`);
      writeAtomic(backup, settingsBefore);
      result.backup = rel(dir, backup);
    }
    writeAtomic(settingsPath, merged.text);
  }
  const manifest: Manifest = {
    version: MANIFEST_VERSION,
    profile:
      options.profile ?? (choice.chosen.detected ? `detected:${choice.chosen.detected}` : PATHS.profileYaml),
    skill: profile.skill.name,
    files: newFiles,
    settings: baseline,
    backstop,
    sandbox,
    dirs: [...new Set([...(previous?.dirs ?? []), ...createdDirs])].sort(),
  };
  const manifestText = renderManifest(manifest);
  if (textOf(join(dir, PATHS.manifest)) !== manifestText)
    writeAtomic(join(dir, PATHS.manifest), manifestText);
  return result;
}

// --- Uninstall ---------------------------------------------------------------------------------------------

/** Without a manifest: the files init writes whose names alone say they are ours. */
function recognisableFiles(dir: string): string[] {
  const files = [
    ...HOOK_ENTRIES.map((e) => `${PATHS.binDir}/${bundleName(e)}`),
    PATHS.compiledProfile,
    PATHS.gitignore,
  ];
  const skillsDir = join(dir, ".claude", "skills");
  if (existsSync(skillsDir)) {
    for (const name of readdirSync(skillsDir)) {
      const text = textOf(join(skillsDir, name, "SKILL.md"));
      if (text !== null && isGeneratedSkill(text)) files.push(`${PATHS.skillDir(name)}/SKILL.md`);
    }
  }
  return files.filter((f) => existsSync(join(dir, f)));
}

export async function runUninstall(options: InitOptions): Promise<InitResult> {
  const result = emptyResult(options, "uninstall");
  const { dir } = options;
  const manifest = readManifest(dir);
  if (!manifest) result.notes.push(`no ${PATHS.manifest}: removing what is recognisably ours`);

  // Settings first: if they cannot be edited, nothing else is touched (a handler left pointing at a removed
  // guard bundle would block every Bash call, since the guard is registered with onFailure "block").
  const settingsPath = join(dir, PATHS.settings);
  const settingsBefore = textOf(settingsPath);
  let settingsAfter: string | null | undefined; // undefined: untouched; null: delete
  if (settingsBefore !== null) {
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

  // Files.
  const removals: string[] = [];
  const entries: [string, string | null][] = manifest
    ? Object.entries(manifest.files)
    : recognisableFiles(dir).map((f) => [f, null]);
  for (const [file, hash] of entries) {
    const text = textOf(join(dir, file));
    if (text === null) continue;
    if (hash === null || sha256(text) === hash || options.force) {
      removals.push(file);
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
        detail: "changed since init (remove it by hand, or use --force)",
      });
    }
  }

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
  const kept = [PATHS.stateDir, PATHS.backupDir].filter((d) => existsSync(join(dir, d)));
  if (kept.length > 0)
    result.notes.push(
      `kept ${kept.join(" and ")} (your data: skill-turn and flaky-test state, settings backups)`,
    );

  result.ok = true;
  if (options.dryRun) return result;

  if (settingsAfter === null) {
    // init created the file and nothing but our handlers is in it: no backup needed to undo that.
    removeFile(settingsPath);
  } else if (settingsAfter !== undefined && settingsBefore !== null) {
    const backup = join(dir, PATHS.backupDir, `settings.json.${stamp(options.now)}.bak`);
    writeAtomic(backup, settingsBefore);
    result.backup = rel(dir, backup);
    writeAtomic(settingsPath, settingsAfter);
  }
  for (const file of removals) removeFile(join(dir, file));
  applyBackstopSteps(backstopSteps);
  removeFile(manifestPath);
  const dirs = [...(manifest?.dirs ?? []), ...removals.map((f) => dirname(f))].map((d) => join(dir, d));
  removeEmptyDirs([...new Set(dirs)].filter((d) => d !== dir && d.startsWith(dir)));
  return result;
}
