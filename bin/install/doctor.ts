// `doctor`: is an installation whole and working? Each check names what it looked at; each problem comes with
// the command or edit that fixes it. Hooks are probed by running the installed bundles on sample inputs, in a
// scratch project folder so the probes leave no state (skill turns, flaky ledger) in the real one.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { execa } from "execa";
import { readCompiledProfile } from "../../hooks/core/profile/compiled.ts";
import { loadProfile } from "../../hooks/core/profile/load.ts";
import { barrierIn } from "../../hooks/runtime/sandbox-layer.ts";
import {
  BUNDLE_EXT,
  bundleFiles,
  bundleName,
  type CommandHandler,
  HOOK_ENTRIES,
  type HookEntry,
  handlerBundle,
  hookRegistrations,
  PROJECT_BIN_DIR,
  profileSpellings,
  SHARED_FILES,
} from "../build/registration.ts";
import { BACKSTOP_HOOKS, findBackstopHooks } from "./backstop.ts";
import type { Check } from "./check.ts";
import { profileFormatCheck } from "./doctor-format.ts";
import { probeHook, probes } from "./doctor-probes.ts";
import { pythonChecks } from "./doctor-python.ts";
import { gitRuleChecks } from "./git-rule.ts";
import { PACKAGE_BIN_DIR, PATHS } from "./layout.ts";
import { parseManifest } from "./manifest.ts";
import { ownSkillAdvice } from "./own-skill.ts";
import { sandboxChecks } from "./sandbox.ts";
import { trialCheck } from "./sandbox-trial.ts";
import { ourHandlers, readSettings } from "./settings.ts";
import { renderSkillFiles, skillErrors } from "./skill.ts";

export const MIN_NODE_MAJOR = 20;
const LOCAL_SETTINGS = ".claude/settings.local.json";
/** Exec-form handlers (`command` + `args`) need this Claude Code version; 2.1.332 is the one verified. */
export const MIN_CLAUDE = "2.1.139";
export const VERIFIED_CLAUDE = "2.1.332";

export type { Check } from "./check.ts";

export interface DoctorResult {
  ok: boolean;
  dir: string;
  checks: Check[];
}

export interface DoctorOptions {
  dir: string;
  /** PATH and the rest of the environment for finding node and claude. */
  env: NodeJS.ProcessEnv;
  /** Where managed settings live, for the sandbox layer's checks (absent: /etc/claude-code). */
  managedDir?: string;
}

const textOf = (path: string) => (existsSync(path) ? readFileSync(path, "utf8") : null);

function versionAtLeast(version: string, min: string): boolean {
  const a = version.split(".").map(Number);
  const b = min.split(".").map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

/** The bundle path a registered handler runs, with ${CLAUDE_PROJECT_DIR} resolved. */
function bundlePath(dir: string, handler: { args?: unknown; command?: unknown }): string | null {
  const first = handlerBundle(handler);
  if (first === null) return null;
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the Claude Code placeholder, resolved here
  return first.replaceAll("${CLAUDE_PROJECT_DIR}", dir).replaceAll("$CLAUDE_PROJECT_DIR", dir);
}

function sameHandler(a: Record<string, unknown>, b: CommandHandler): boolean {
  return (
    a.command === b.command &&
    JSON.stringify(a.args) === JSON.stringify(b.args) &&
    (a.if ?? null) === (b.if ?? null) &&
    a.onFailure === b.onFailure
  );
}

/** The check for `claude --version`'s output (null: not installed). */
export function claudeVersionCheck(output: string | null): Check {
  const title = "Claude Code version";
  if (output === null) return { title, ok: true, notChecked: true, detail: "`claude` not on PATH" };
  const version = /(\d+\.\d+\.\d+)/.exec(output)?.[1];
  if (!version)
    return {
      title,
      ok: true,
      notChecked: true,
      detail: `unrecognised \`claude --version\` output: ${output.trim().slice(0, 60)}`,
    };
  if (!versionAtLeast(version, MIN_CLAUDE))
    return {
      title,
      ok: false,
      problem: `Claude Code ${version} predates exec-form hook handlers (${MIN_CLAUDE}), so these hooks do not run`,
      fix: `update Claude Code (run-tests-skill is verified with ${VERIFIED_CLAUDE})`,
    };
  const verified =
    version === VERIFIED_CLAUDE ? " (the verified version)" : ` (verified with ${VERIFIED_CLAUDE})`;
  return { title, ok: true, detail: `${version}${verified}` };
}

/** The project settings' `sandbox` object (undefined when absent or unreadable). */
function readProjectSandbox(dir: string): unknown {
  try {
    return (JSON.parse(textOf(join(dir, PATHS.settings)) ?? "{}") as { sandbox?: unknown }).sandbox;
  } catch {
    return undefined;
  }
}

/** Files in the install's bin folder: the hook programs and the bundle they share, and their size (and the
 *  size of the hooks' code cache beside it, which is not part of the install). A file of an older layout
 *  (the shared chunks, one self-contained bundle per hook) is named, with the way to the new one. */
/** Bytes of the files under `dir` (0 when it does not exist). */
function treeBytes(dir: string): number {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .reduce((sum, e) => sum + statSync(join(e.parentPath ?? e.path, e.name)).size, 0);
  } catch {
    return 0;
  }
}

export function installShapeCheck(dir: string, entries: readonly HookEntry[]): Check {
  const binDir = join(dir, PATHS.binDir);
  const expected = new Set(bundleFiles(entries));
  const present = readdirSync(binDir).filter(
    (f) => f.endsWith(BUNDLE_EXT) || (SHARED_FILES as readonly string[]).includes(f),
  );
  const missing = [...expected].filter((f) => !present.includes(f));
  const extra = present.filter((f) => !expected.has(f));
  const bytes = present.reduce((sum, f) => sum + statSync(join(binDir, f)).size, 0);
  const title = "hook files: the hook programs, their loader and the bundles they run";
  const cache = treeBytes(join(dir, PATHS.codeCache));
  const detail = `${present.length} files, ${Math.round(bytes / 1024)} KB in ${PATHS.binDir}${
    cache > 0
      ? `; code cache ${Math.round(cache / 1024)} KB in ${PATHS.codeCache} (written by the hooks, not counted)`
      : ""
  }`;
  if (missing.length === 0 && extra.length === 0) return { title, ok: true, detail };
  return {
    title,
    ok: false,
    problem: [
      missing.length > 0 ? `missing: ${missing.join(", ")} (the hooks that load them fail)` : "",
      extra.length > 0 ? `not of this version: ${extra.join(", ")}` : "",
    ]
      .filter(Boolean)
      .join("; "),
    fix: `run-tests-skill init ${dir} (it writes this version's files; --uninstall first removes leftovers)`,
  };
}

// --- Doctor -----------------------------------------------------------------------------------------------

export async function runDoctor(options: DoctorOptions): Promise<DoctorResult> {
  const { dir, env } = options;
  const checks: Check[] = [];
  const add = (check: Check) => checks.push(check);
  const reinit = `run \`run-tests-skill init ${dir}\``;

  // Installed at all?
  const manifest = (() => {
    const text = textOf(join(dir, PATHS.manifest));
    return text === null ? null : parseManifest(text);
  })();
  const compiled = readCompiledProfile(
    existsSync(join(dir, PATHS.compiledProfile)) ? join(dir, PATHS.compiledProfile) : null,
  );
  if (!compiled.ok) {
    add({
      title: `compiled profile ${PATHS.compiledProfile}`,
      ok: false,
      problem: manifest
        ? compiled.problem
        : `run-tests-skill is not installed in ${dir} (${compiled.problem})`,
      fix: reinit,
    });
  } else {
    add({
      title: `compiled profile ${PATHS.compiledProfile}`,
      ok: true,
      detail: `skill ${compiled.profile.skill.name}`,
    });
  }
  const formatCheck = profileFormatCheck(join(dir, PATHS.compiledProfile), PATHS.compiledProfile, reinit);
  if (formatCheck) add(formatCheck);
  const profile = compiled.ok ? compiled.profile : null;
  const source = (() => {
    try {
      const json = JSON.parse(textOf(join(dir, PATHS.compiledProfile)) ?? "{}") as { source?: unknown };
      return typeof json.source === "string" ? json.source : null;
    } catch {
      return null;
    }
  })();

  // The editable profile.yaml and the compiled one agree?
  const yamlPath = join(dir, PATHS.profileYaml);
  if (profile && existsSync(yamlPath) && source === PATHS.profileYaml) {
    const loaded = loadProfile(yamlPath, dir);
    if (!loaded.ok)
      add({
        title: `${PATHS.profileYaml} loads`,
        ok: false,
        problem: loaded.errors.map((e) => `${e.field || "(file)"}: ${e.message}`).join("; "),
        fix: `correct ${PATHS.profileYaml}, then ${reinit}`,
      });
    else if (JSON.stringify(loaded.profile) !== JSON.stringify(profile))
      add({
        title: `${PATHS.profileYaml} matches the installed profile`,
        ok: false,
        problem: `${PATHS.profileYaml} was edited after init; the hooks and the skill still use the old profile`,
        fix: `${reinit} (it reads ${PATHS.profileYaml})`,
      });
    else add({ title: `${PATHS.profileYaml} matches the installed profile`, ok: true });
  }

  // Settings and registrations.
  const installedBundles = existsSync(join(dir, PATHS.binDir))
    ? HOOK_ENTRIES.filter((e) => existsSync(join(dir, PATHS.binDir, bundleName(e))))
    : [];
  const expectedBundles = HOOK_ENTRIES.filter(
    (e) => installedBundles.includes(e) || Boolean(manifest?.files[`${PATHS.binDir}/${bundleName(e)}`]),
  );
  const settingsText = textOf(join(dir, PATHS.settings));
  const settings = readSettings(settingsText);
  if (settings.kind === "invalid") {
    add({
      title: `${PATHS.settings} is valid`,
      ok: false,
      problem: `${PATHS.settings} is ${settings.problem}; Claude Code ignores an invalid settings file, so none of its hooks run`,
      fix: `repair ${PATHS.settings} by hand (a backup from init is in ${PATHS.backupDir}/), then ${reinit}`,
    });
  } else if (profile) {
    const value = settings.kind === "ok" ? settings.value : {};
    const local = readSettings(textOf(join(dir, LOCAL_SETTINGS)));
    for (const [file, object] of [
      [PATHS.settings, value],
      [LOCAL_SETTINGS, local.kind === "ok" ? local.value : {}],
    ] as const) {
      if (object.disableAllHooks === true)
        add({
          title: "hooks are enabled",
          ok: false,
          problem: `${file} sets "disableAllHooks": true, so no hook runs`,
          fix: `remove "disableAllHooks" from ${file}`,
        });
    }
    const expected = hookRegistrations({
      binDir: PROJECT_BIN_DIR,
      entries: expectedBundles,
      skillMatcher: profile.skill.name,
      pytestSpellings: profileSpellings(profile),
    });
    const found = ourHandlers(value);
    const missing: string[] = [];
    let total = 0;
    for (const [event, groups] of Object.entries(expected)) {
      for (const group of groups ?? []) {
        for (const h of group.hooks) {
          total++;
          const hit = found.some(
            (f) => f.event === event && f.matcher === group.matcher && sameHandler(f.handler, h),
          );
          if (!hit)
            missing.push(
              `${event}${group.matcher ? `[${group.matcher}]` : ""} ${handlerBundle(h)?.split("/").pop()}${h.if ? ` if ${h.if}` : ""}`,
            );
        }
      }
    }
    if (missing.length > 0)
      add({
        title: `hook registrations in ${PATHS.settings}`,
        ok: false,
        problem: `${missing.length} of ${total} registrations missing or changed: ${missing.join("; ")}`,
        fix: `${reinit} (it adds them back and keeps everything else in the file)`,
      });
    else add({ title: `hook registrations in ${PATHS.settings}`, ok: true, detail: `${total} handlers` });
    const extra = found.filter((f) => {
      const groups = expected[f.event as keyof typeof expected] ?? [];
      return !groups.some((g) => g.matcher === f.matcher && g.hooks.some((h) => sameHandler(f.handler, h)));
    });
    if (extra.length > 0)
      add({
        title: "no stale registrations",
        ok: false,
        problem: `${extra.length} handler(s) of ours that this profile does not register (${extra.map((f) => `${f.event} ${JSON.stringify(f.handler.args)}`).join("; ")})`,
        fix: `${reinit} (it removes them)`,
      });
    // Every handler of ours must run a file that exists.
    const dangling = found.filter((f) => {
      const path = bundlePath(dir, f.handler);
      return path !== null && !existsSync(path);
    });
    if (dangling.length > 0) {
      const guardGone = dangling.some((f) => bundlePath(dir, f.handler)?.endsWith(`/${bundleName("guard")}`));
      add({
        title: "registered hook files exist",
        ok: false,
        problem: `missing: ${[...new Set(dangling.map((f) => bundlePath(dir, f.handler)))].join(", ")}${guardGone ? ' (the guard is registered with onFailure "block", so every Bash call is now blocked)' : ""}`,
        fix: reinit,
      });
    } else if (found.length > 0) add({ title: "registered hook files exist", ok: true });
  }

  // Installed bundles are this version's.
  const stale =
    installedBundles.length === 0
      ? []
      : bundleFiles(installedBundles).filter((file) => {
          const mine = textOf(join(PACKAGE_BIN_DIR, file));
          return mine !== null && mine !== textOf(join(dir, PATHS.binDir, file));
        });
  if (stale.length > 0)
    add({
      title: "hook bundles match this run-tests-skill",
      ok: false,
      problem: `${stale.map((file) => `${PATHS.binDir}/${file}`).join(", ")} differ from this version's (or are missing)`,
      fix: reinit,
    });

  // The Python side: the runner's interpreter, pytest, the project's package, the streaming reporter.
  if (profile) for (const check of await pythonChecks(dir, profile, env)) add(check);

  // The skill: present, fresh for its profile, valid.
  if (profile) {
    const skillDir = join(dir, PATHS.skillDir(profile.skill.name));
    const skillMd = join(skillDir, "SKILL.md");
    if (!existsSync(skillMd)) {
      add({
        title: `${PATHS.skillDir(profile.skill.name)}/SKILL.md`,
        ok: false,
        problem: "missing",
        fix: reinit,
      });
    } else if (manifest?.skillMode === "own") {
      // The repo's own skill: never "stale" (we do not generate it); the validator's findings are advice.
      const advice = ownSkillAdvice(skillDir, profile);
      add({
        title: "your own SKILL.md (kept by init; the guard enforces its allowed-tools)",
        ok: true,
        detail:
          advice.length === 0
            ? "no validator findings"
            : `${advice.length} validator finding(s) as advice; run \`run-tests-skill validate ${PATHS.skillDir(profile.skill.name)}\``,
      });
    } else {
      const files = await renderSkillFiles(profile, source ?? PATHS.profileYaml);
      const stalePaths = [...files].filter(([f, text]) => textOf(join(skillDir, f)) !== text).map(([f]) => f);
      if (stalePaths.length > 0)
        add({
          title: "SKILL.md is fresh for its profile",
          ok: false,
          problem: `${stalePaths.map((f) => `${PATHS.skillDir(profile.skill.name)}/${f}`).join(", ")} ${stalePaths.length === 1 ? "differs" : "differ"} from what the profile generates (edited by hand, or generated by another version)`,
          fix: `${reinit} to regenerate (put lasting changes in the profile, not in SKILL.md)`,
        });
      else add({ title: "SKILL.md is fresh for its profile", ok: true });
      const findings = skillErrors(skillDir, profile);
      if (findings.length > 0)
        add({
          title: "SKILL.md is valid",
          ok: false,
          problem: findings.join("; "),
          fix: `${reinit}; if the finding stays, correct the profile`,
        });
      else add({ title: "SKILL.md is valid", ok: true });
    }
  }

  // The stop gate: say what it does, and whether this profile has it on.
  if (profile && installedBundles.includes("stop-gate"))
    add({
      title: "stop gate",
      ok: true,
      detail: profile.stop_gate
        ? "on: before the agent ends a turn, it asks once for the mapped tests of any source changed in the session that no pytest run covered since (`stop_gate: false` in the profile turns it off)"
        : "off (`stop_gate: false` in the profile)",
    });
  // The git rule's state (git.enforce) and the forms the maintainers allow (git.allow): shown, so nobody is
  // surprised by them.
  if (profile) for (const check of gitRuleChecks(profile, Boolean(manifest?.backstop))) add(check);

  // node on PATH (the hooks run `node` from the PATH Claude Code was started with). Without it the
  // registered handlers step aside (hooks/registration.ts, STEP_ASIDE_SCRIPT): no session is blocked, but
  // nothing of ours is enforced either, except a barrier Claude Code's own sandbox holds.
  const node = await execa("node", ["--version"], { env, extendEnv: false, reject: false });
  const nodeVersion = node.exitCode === 0 ? node.stdout.trim().replace(/^v/, "") : null;
  const barrierOn = barrierIn({ sandbox: readProjectSandbox(dir) }, dir);
  const withoutNode = `the hooks step aside in every session (its start says so once; Bash and file tools are never blocked by them): no git rule, no /run-tests mode, no test report, no stop gate. ${barrierOn ? "The sandbox barrier is on here and still makes .git read-only for sandboxed commands." : "No sandbox barrier is on here (init --sandbox), so nothing keeps git writes out."}`;
  if (!nodeVersion)
    add({
      title: "node on PATH",
      ok: false,
      problem: `\`node\` was not found on PATH: ${withoutNode}`,
      fix: `install Node.js ${MIN_NODE_MAJOR} or newer (on the PATH Claude Code is started with)`,
    });
  else if (Number(nodeVersion.split(".")[0]) < MIN_NODE_MAJOR)
    add({
      title: "node on PATH",
      ok: false,
      problem: `node ${nodeVersion} is too old`,
      fix: `install Node.js ${MIN_NODE_MAJOR} or newer`,
    });
  else add({ title: "node on PATH", ok: true, detail: `v${nodeVersion}` });

  // What the install adds to the repository: the entries, the shared chunks they load, nothing else.
  if (installedBundles.length > 0) add(installShapeCheck(dir, installedBundles));

  // Each hook answers.
  if (profile && installedBundles.length > 0 && nodeVersion) {
    const scratch = mkdtempSync(join(tmpdir(), "run-tests-skill-doctor-"));
    try {
      const samples = probes(profile, scratch);
      const expected = hookRegistrations({
        binDir: join(dir, PATHS.binDir),
        entries: installedBundles,
        skillMatcher: profile.skill.name,
        pytestSpellings: profileSpellings(profile),
      });
      for (const entry of installedBundles) {
        const registered = Object.values(expected)
          .flatMap((groups) => groups ?? [])
          .flatMap((g) => g.hooks)
          .find((h) => handlerBundle(h)?.endsWith(`/${bundleName(entry)}`));
        // The handler as Claude Code starts it (sh, then node), so a broken start is seen here too.
        const command = registered
          ? { program: registered.command, args: registered.args }
          : { program: "node", args: [join(dir, PATHS.binDir, bundleName(entry))] };
        add(await probeHook(dir, entry, command, samples[entry], scratch, env));
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  // The git backstop, when init installed one: each hook in place (or behind the pre-commit framework's hook).
  if (manifest?.backstop) {
    const found = findBackstopHooks(dirname(resolve(dir, manifest.backstop.hook)));
    for (const hook of BACKSTOP_HOOKS) {
      const at = found[hook];
      add(
        at
          ? { title: `git backstop (${hook})`, ok: true, detail: relative(dir, at) }
          : {
              title: `git backstop (${hook})`,
              ok: false,
              problem: `the ${hook} backstop is not in ${relative(dir, dirname(resolve(dir, manifest.backstop.hook)))} (removed, or replaced by another tool)`,
              // Addressed to the human: the backstop exists to stop an agent from changing git's hooks.
              fix: `ask the human to run, in their own terminal (not from Claude Code): run-tests-skill init ${dir} --git-backstop`,
            },
      );
    }
  }

  // Layer 2, the Bash sandbox's .git barrier: on or off, whether it can start, the holes the settings leave.
  for (const check of await sandboxChecks(dir, {
    env,
    installed: Boolean(manifest?.sandbox),
    managedDir: options.managedDir,
  }))
    add(check);
  const projectSandbox = readProjectSandbox(dir);
  if (profile && barrierIn({ sandbox: projectSandbox }, dir))
    add(await trialCheck(dir, profile, projectSandbox, env));

  // Claude Code, when installed.
  const claude = await execa("claude", ["--version"], {
    env,
    extendEnv: false,
    reject: false,
    timeout: 15_000,
  });
  add(claudeVersionCheck(claude.exitCode === 0 ? claude.stdout : null));

  return { ok: checks.every((c) => c.ok), dir, checks };
}
