// `init`: install the skill, the hook bundles and their registrations into a project, or take them out again.
// Everything is planned first (what each file will hold, whether the settings can be merged, whether a
// hand-written skill is in the way); only a plan without problems is applied, so a refusal writes nothing.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { compileProfile } from "../../hooks/core/profile/compile.ts";
import { tierLine } from "../../hooks/runtime/sandbox-layer.ts";
import {
  bundleFiles,
  bundleName,
  HOOK_ENTRIES,
  type HookEntry,
  hookRegistrations,
  PROJECT_BIN_DIR,
  profileSpellings,
} from "../build/registration.ts";
import {
  applyBackstopSteps,
  type BackstopStep,
  backstopNotes,
  gitHooksDir,
  gitVersion,
  type PlannedHook,
  planBackstopInstall,
} from "./backstop.ts";
import {
  CODEX_CONFIG_FILE as CODEX_CONFIG,
  CODEX_HOOKS_FILE as CODEX_HOOKS,
  type CodexState,
  codexSkillDir,
  planCodexInstall,
} from "./codex.ts";
import { applyConfigEdits, codexTierLine } from "./codex-apply.ts";
import { firstUnwritable, removeEmptyDirs, removeFile, writeAtomic } from "./fsops.ts";
import { gitAsks, gitRuleSection } from "./git-rule.ts";
import { chooseProfile, subprojectProblem } from "./init-profile.ts";
import { INSTALL_GITIGNORE, PACKAGE_BIN_DIR, PATHS } from "./layout.ts";
import { type Backstop, MANIFEST_VERSION, type Manifest, renderManifest, sha256 } from "./manifest.ts";
import { gitGrantNote, gitGrants, ownSkillAdvice } from "./own-skill.ts";
import { backUpReplaced, REPLACED_DIR } from "./replaced.ts";
import {
  type ChangeAction,
  emptyResult,
  type InitOptions,
  type InitResult,
  readManifest,
  rel,
  stamp,
  textOf,
} from "./result.ts";
import { planSandbox } from "./sandbox.ts";
import { planAllowances } from "./sandbox-allowances.ts";
import { describeTrial, runTrial } from "./sandbox-trial.ts";
import { mergeRegistrations, type SettingsBaseline } from "./settings.ts";
import { isGeneratedSkill, renderedSkillErrors, renderSkillFiles } from "./skill.ts";

// The shared types and helpers live in ./result.ts (uninstall uses them too); importers of init keep them here.
export {
  type Change,
  type ChangeAction,
  emptyResult,
  type InitOptions,
  type InitResult,
  type Problem,
  readManifest,
  rel,
  stamp,
  textOf,
} from "./result.ts";

type WriteStep = { rel: string; content: string; mode?: number; bundle?: boolean };

// --- Install -----------------------------------------------------------------------------------------------

/** The hook entries this package has, and every file they need (the entries and the shared chunks). */
function presentBundles(): { entries: HookEntry[]; files: { file: string; text: string }[] } {
  if (!existsSync(PACKAGE_BIN_DIR)) return { entries: [], files: [] };
  const present = new Set(readdirSync(PACKAGE_BIN_DIR));
  const entries = HOOK_ENTRIES.filter((e) => present.has(bundleName(e)));
  const files = bundleFiles(entries)
    .filter((f) => present.has(f))
    .map((file) => ({ file, text: readFileSync(join(PACKAGE_BIN_DIR, file), "utf8") }));
  return { entries, files };
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
  // A host is added to an installation, never swapped: `init --host codex` on a Claude Code install keeps it.
  const hosts = [...new Set([...(previous?.hosts ?? []), ...(options.hosts ?? ["claude"])])];
  const claude = hosts.includes("claude");
  const codex = hosts.includes("codex");

  const outside = await subprojectProblem(dir, options.subproject);
  if (outside) {
    result.problems.push(outside);
    return result;
  }
  if (options.subproject)
    result.notes.push(
      `--subproject: start claude in ${dir} itself; a session started in another folder loads neither this skill nor its hooks`,
    );

  // Without git the install works, but two parts of it cannot: say so once, here.
  if (!options.gitBackstop && (await gitHooksDir(dir)) === null)
    result.notes.push(
      "not a git repository: the stop gate stays off (it finds the session's changes through git) and the git backstop (--git-backstop) cannot be installed; after `git init` the stop gate works, and `init --git-backstop` adds the backstop",
    );

  const choice = await chooseProfile(options, previous);
  if (!choice.ok) {
    result.notes.push(...(choice.notes ?? []));
    result.problems.push(choice.problem);
    return result;
  }
  const { profile, label } = choice.chosen;
  result.notes.push(...choice.chosen.notes);
  result.profile = { source: label, skill: profile.skill.name, detected: choice.chosen.detected };

  // A SKILL.md we did not generate is the maintainers' own skill: kept as it is, unless --force replaces it
  // (backed up; --uninstall puts it back).
  const skillDir = PATHS.skillDir(profile.skill.name);
  const existingSkill = textOf(join(dir, skillDir, "SKILL.md"));
  const ours = (text: string) =>
    isGeneratedSkill(text) || sha256(text) === previous?.files[`${skillDir}/SKILL.md`];
  const foreignSkill = existingSkill !== null && !ours(existingSkill);
  result.skillMode = foreignSkill && !options.force ? "own" : "generated";

  // The files init owns, with their new content.
  const writes: WriteStep[] = [];
  if (result.skillMode === "generated") {
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
    for (const [file, content] of skillFiles) {
      if (claude) writes.push({ rel: `${skillDir}/${file}`, content });
      // Codex reads skills from .agents/skills/ (not .claude/skills/): the same files there.
      if (codex) writes.push({ rel: `${codexSkillDir(profile.skill.name)}/${file}`, content });
    }
    const invalid = renderedSkillErrors(skillFiles, profile);
    if (invalid.length > 0)
      result.problems.push({
        problem: `the skill generated from ${label} fails its own validation:\n${invalid.map((l) => `  ${l}`).join("\n")}`,
        fix: "edit the profile so every command it shows is one its allowed_tools allow (write {{pytest}} and {{python}} for the runner, never a literal interpreter), then run init again",
      });
    result.notes.push(
      foreignSkill
        ? `skill: generated skill; your own ${skillDir}/SKILL.md is replaced (--force) and backed up, and --uninstall puts it back`
        : `skill: generated skill (${[...(claude ? [skillDir] : []), ...(codex ? [codexSkillDir(profile.skill.name)] : [])].map((d) => `${d}/SKILL.md`).join(" and ")} from the profile)`,
    );
  } else {
    result.notes.push(
      `skill: your own skill kept (${skillDir}/SKILL.md was not generated by run-tests-skill and stays as it is); the hooks enforce its allowed-tools in /${profile.skill.name} turns. To replace it with a generated one, run init --force (yours is backed up; --uninstall restores it); to draft a profile from it, run \`run-tests-skill import ${skillDir}/SKILL.md\``,
    );
    result.advice = ownSkillAdvice(join(dir, skillDir), profile);
  }

  const bundles = presentBundles();
  if (bundles.entries.length === 0) {
    result.problems.push({
      problem: `no hook bundles in ${PACKAGE_BIN_DIR}`,
      fix: "run `npm run build` in the run-tests-skill checkout, then init again",
    });
  }
  for (const b of bundles.files)
    writes.push({ rel: `${PATHS.binDir}/${b.file}`, content: b.text, bundle: true });
  writes.push({ rel: PATHS.compiledProfile, content: compileProfile(profile, label) });
  writes.push({ rel: PATHS.gitignore, content: INSTALL_GITIGNORE });
  if (choice.chosen.yaml !== null) writes.push({ rel: PATHS.profileYaml, content: choice.chosen.yaml });

  // Git forms the repo's own permission rules grant: say how the profile could honour them.
  const editableProfile =
    choice.chosen.yaml !== null || existsSync(join(dir, PATHS.profileYaml))
      ? PATHS.profileYaml
      : "your profile";
  const grantNote = gitGrantNote(gitGrants(dir, profile), editableProfile, profile.git?.allow ?? []);
  if (grantNote) result.notes.push(grantNote);
  // The git rule said plainly, with the repo's own instructions that ask for git mutations.
  result.gitRule = gitRuleSection(profile, editableProfile, gitAsks(dir));

  // Settings.
  const settingsPath = join(dir, PATHS.settings);
  const settingsBefore = textOf(settingsPath);
  const reg = hookRegistrations({
    binDir: PROJECT_BIN_DIR,
    entries: claude ? bundles.entries : [],
    skillMatcher: profile.skill.name,
    pytestSpellings: profileSpellings(profile),
  });
  for (const [event, groups] of Object.entries(reg))
    result.registered[event] = (groups ?? []).reduce((n, g) => n + g.hooks.length, 0);
  // For Codex alone, Claude Code's settings stay as they are (an earlier Claude install keeps its handlers).
  let merged: ReturnType<typeof mergeRegistrations> = claude
    ? mergeRegistrations(settingsBefore, reg)
    : {
        ok: true,
        text: settingsBefore ?? "",
        changed: false,
        baseline: { created: false, containers: [], hooksText: null },
      };
  // Layer 2, the .git barrier: merged over the registrations; its problems refuse the whole init.
  let sandbox = previous?.sandbox ?? null;
  if (options.sandbox && claude && merged.ok) {
    const env = options.env ?? process.env;
    const allowances = planAllowances(profile.sandbox, dir, env.HOME ?? homedir());
    const plan = await planSandbox(dir, merged.text, { env, managedDir: options.managedDir, allowances });
    result.problems.push(...plan.problems);
    result.notes.push(...plan.notes);
    if (plan.text !== null) merged = { ...merged, text: plan.text, changed: merged.changed || plan.changed };
    // The trial before the barrier goes on: the quick check inside the sandbox about to be written and outside.
    if (plan.text !== null && plan.problems.length === 0 && options.trial !== false) {
      const settings = (JSON.parse(plan.text) as { sandbox?: unknown }).sandbox;
      result.notes.push(...describeTrial(await runTrial(dir, profile, settings, { env })));
    }
    // A re-init keeps the first baseline (what the user had) and adds what this run added (a new git layout,
    // allowances the profile now declares).
    if (plan.baseline)
      sandbox = sandbox
        ? {
            ...sandbox,
            added: [...new Set([...(sandbox.added ?? [".git"]), ...(plan.baseline.added ?? [])])],
            ...(sandbox.allowances || !plan.baseline.allowances
              ? {}
              : { allowances: plan.baseline.allowances }),
          }
        : plan.baseline;
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
  } else if (claude) {
    baseline ??= merged.baseline;
  }

  // Codex: its hook registrations (.codex/hooks.json) and, with --sandbox, its sandbox profile.
  let codexState: CodexState | null = previous?.codex ?? null;
  const codexPlan = codex
    ? planCodexInstall({
        entries: bundles.entries,
        hooksText: textOf(join(dir, CODEX_HOOKS)),
        configText: textOf(join(dir, CODEX_CONFIG)),
        previous: previous?.codex ?? null,
        sandbox: Boolean(options.sandbox),
        settingsExists: settingsBefore !== null || (claude && merged.ok),
      })
    : null;
  if (codexPlan) {
    result.problems.push(...codexPlan.problems);
    result.notes.push(...codexPlan.notes);
    Object.assign(result.registered, codexPlan.registered);
    codexState = codexPlan.state;
    for (const edit of codexPlan.edits)
      result.changes.push({
        path: edit.rel,
        action: edit.before === null ? "create" : edit.before === edit.after ? "unchanged" : "update",
        detail: edit.detail,
        before: edit.before,
        after: edit.after,
      });
  }

  // Backstop.
  let backstop: Backstop | null = previous?.backstop ?? null;
  let backstopSteps: BackstopStep[] = [];
  if (options.gitBackstop) {
    const hooksDir = await gitHooksDir(dir);
    if (!hooksDir) {
      result.problems.push({
        problem: `${dir} is not inside a git repository, so there are no git hooks to install`,
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
        const entry = (h: PlannedHook) => ({
          hook: rel(dir, h.path),
          chained: h.chained && rel(dir, h.chained),
        });
        const [commitHook, refHook] = plan.hooks as [PlannedHook, PlannedHook];
        backstop = { ...entry(commitHook), refs: entry(refHook) };
        result.notes.push(...backstopNotes(plan.hooks, await gitVersion()));
      }
    }
  } else if (backstop) {
    result.notes.push("the git backstop from an earlier init stays installed (init --uninstall removes it)");
  }

  // What the change list says, file by file. A file that was there before any init is backed up first.
  const newFiles: Record<string, string> = {};
  const replaced: Manifest["replaced"] = { ...(previous?.replaced ?? {}) };
  const toBackUp: string[] = [];
  for (const w of writes) {
    const before = textOf(join(dir, w.rel));
    newFiles[w.rel] = sha256(w.content);
    const action: ChangeAction = before === null ? "create" : before === w.content ? "unchanged" : "update";
    const theirs = before !== null && !(w.rel in (previous?.files ?? {})) && !(w.rel in replaced);
    if (theirs) toBackUp.push(w.rel);
    result.changes.push({
      path: w.rel,
      action,
      ...(theirs ? { detail: `was there before init: backed up to ${REPLACED_DIR}/${w.rel}` } : {}),
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
  if (merged.ok && claude) {
    result.changes.push({
      path: PATHS.settings,
      action: settingsBefore === null ? "create" : merged.changed ? "update" : "unchanged",
      detail: options.sandbox ? "hook registrations, Bash sandbox" : "hook registrations",
      before: settingsBefore,
      after: merged.text,
    });
  }
  const movedAside = new Set(backstopSteps.flatMap((s) => (s.kind === "move" ? [s.from] : [])));
  for (const step of backstopSteps) {
    if (step.kind === "move")
      result.changes.push({ path: rel(dir, step.from), action: "move", detail: `to ${rel(dir, step.to)}` });
    if (step.kind === "write") {
      const before = movedAside.has(step.path) ? null : textOf(step.path);
      result.changes.push({
        path: rel(dir, step.path),
        action: before === null ? "create" : "update",
        detail: "git backstop",
        before,
        after: step.content,
      });
    }
  }

  // A read-only checkout (or hooks folder): one clear problem now, never an error half way through the writes.
  const unwritable = firstUnwritable([
    ...writes.map((w) => join(dir, w.rel)),
    ...(claude ? [settingsPath] : []),
    ...(codexPlan?.edits ?? []).map((e) => join(dir, e.rel)),
    join(dir, PATHS.manifest),
    ...backstopSteps.flatMap((s) => (s.kind === "move" ? [s.from, s.to] : [s.path])),
  ]);
  if (unwritable)
    result.problems.push({
      problem: `${unwritable.path} cannot be written (${unwritable.why})${options.dryRun ? ": the real run would fail" : ""}`,
      fix: "run init where the project can be written (a writable clone or mount, or as the folder's owner)",
    });

  if (result.problems.length > 0) return result;
  result.ok = true;
  if (options.dryRun || !merged.ok) return result;

  // Apply. Settings last but one: the bundles its handlers point at exist before they are registered.
  const createdDirs = missingDirs(dir, [
    ...writes.map((w) => w.rel),
    ...(claude ? [PATHS.settings] : []),
    ...(codexPlan?.edits ?? []).map((e) => e.rel),
  ]);
  for (const file of toBackUp) replaced[file] = backUpReplaced(dir, file);
  // Detecting again over a profile.yaml the user edited keeps their version beside the backups.
  const yamlBefore = textOf(join(dir, PATHS.profileYaml));
  if (
    choice.chosen.yaml !== null &&
    yamlBefore !== null &&
    yamlBefore !== choice.chosen.yaml &&
    !toBackUp.includes(PATHS.profileYaml)
  ) {
    const copy = `${PATHS.backupDir}/profile.yaml.${stamp(options.now)}.bak`;
    writeAtomic(join(dir, copy), yamlBefore);
    result.notes.push(`the previous ${PATHS.profileYaml} is saved as ${copy}`);
  }
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
  // Codex's config files after the bundles they point at; each replaced one is backed up first.
  if (codexPlan) applyConfigEdits(dir, codexPlan.edits, stamp(options.now));
  const manifest: Manifest = {
    version: MANIFEST_VERSION,
    profile:
      options.profile ??
      (choice.chosen.detected
        ? `detected:${choice.chosen.detected}`
        : (choice.chosen.reused ?? PATHS.profileYaml)),
    skill: profile.skill.name,
    files: newFiles,
    settings: baseline,
    backstop,
    sandbox,
    dirs: [...new Set([...(previous?.dirs ?? []), ...createdDirs])].sort(),
    skillMode: result.skillMode,
    replaced,
    hosts,
    codex: codexState,
  };
  if (claude) result.notes.push(tierLine(sandbox ? "guaranteed" : "best-effort"));
  if (codex) result.notes.push(...codexTierLine(codexState));
  const manifestText = renderManifest(manifest);
  if (textOf(join(dir, PATHS.manifest)) !== manifestText)
    writeAtomic(join(dir, PATHS.manifest), manifestText);
  return result;
}

// Uninstall lives beside it (the other half of the same plan-then-apply contract).
export { runUninstall } from "./uninstall.ts";
