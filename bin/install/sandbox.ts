// `init --sandbox`: layer 2 of the git rule. Claude Code's own Bash sandbox (bubblewrap on Linux) with `.git`
// in `filesystem.denyWrite` makes `.git` read-only for every Bash call and its children, whatever script,
// Makefile or conftest the guard cannot read (field-trials §2). This module plans that install:
//   - the settings merge into the project's `sandbox` object (merged key by key, never replaced; the user's
//     other entries stay) and its exact undo from the baseline kept in install.json;
//   - the tools check: bwrap and socat on PATH and the bubblewrap trial Claude Code itself runs, because with
//     `failIfUnavailable` a sandbox that cannot start stops Claude Code from starting;
//   - the holes: every settings file a session reads is searched for what takes a call out of the sandbox
//     (`excludedCommands` that can run git) or turns it off.
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { basename, join } from "node:path";
import * as v from "valibot";
import {
  barrierDenyWrite,
  barrierState,
  SANDBOX_SETTINGS,
  settingsPath,
  TIER_TEXT,
  uncovered,
} from "../../hooks/runtime/sandbox-layer.ts";
import { objectShape, setMember } from "./json-edit.ts";
import {
  AddedAllowances,
  addAllowances,
  type PlannedAllowances,
  removeAllowances,
} from "./sandbox-allowances.ts";
import { runSandboxed } from "./sandbox-run.ts";

import { findTools, type Problem, type ToolsFound, toolsProblem } from "./sandbox-tools.ts";

// bubblewrap, socat and the trial Claude Code runs: ./sandbox-tools.ts (re-exported for its importers).
export {
  BWRAP_TRIAL,
  findTools,
  onPath,
  type Problem,
  type ToolsFound,
  toolsProblem,
} from "./sandbox-tools.ts";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
const isObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === "object" && !Array.isArray(value);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What the project's `sandbox` setting held before init added ours (kept in install.json for uninstall). */
export const SandboxBaseline = v.object({
  /** The parsed `sandbox` value before init (null: there was none). */
  before: v.nullable(v.record(v.string(), v.unknown())),
  /** Its exact text, put back verbatim when what remains after uninstall equals it. */
  text: v.nullable(v.string()),
  /** The denyWrite entries init added (absent in installs made before the protected set: `.git` alone). */
  added: v.optional(v.array(v.string())),
  /** The suite's allowances this install added (bin/install/sandbox-allowances.ts); absent: none. */
  allowances: v.optional(AddedAllowances),
});
export type SandboxBaseline = v.InferOutput<typeof SandboxBaseline>;

// --- Settings merge ----------------------------------------------------------------------------------------

export type SandboxMerge =
  | { ok: true; text: string; changed: boolean; baseline: SandboxBaseline }
  | { ok: false; problem: string };

function sandboxMember(text: string): { value: Json | undefined; raw: string | null } | { problem: string } {
  const shape = objectShape(text);
  if (!shape) return { problem: "the top level is not a JSON object" };
  const members = shape.members.filter((m) => m.key === "sandbox");
  if (members.length > 1) return { problem: 'the key "sandbox" appears more than once' };
  const m = members[0];
  if (!m) return { value: undefined, raw: null };
  if (!isObject(m.node.value)) return { problem: '"sandbox" is not an object' };
  return { value: m.node.value as Json, raw: text.slice(m.valueStart, m.valueEnd) };
}

/** Adds our sandbox settings to settings text (valid JSON). Running it on its own output changes nothing. */
export function mergeSandbox(text: string, projectDir: string, allowances?: PlannedAllowances): SandboxMerge {
  const found = sandboxMember(text);
  if ("problem" in found) return { ok: false, problem: found.problem };
  const before = (found.value ?? null) as JsonObject | null;
  const next: JsonObject = { ...(before ?? {}) };
  next.enabled = SANDBOX_SETTINGS.enabled;
  next.failIfUnavailable = SANDBOX_SETTINGS.failIfUnavailable;
  next.allowUnsandboxedCommands = SANDBOX_SETTINGS.allowUnsandboxedCommands;
  const fs = before?.filesystem;
  if (fs !== undefined && !isObject(fs))
    return { ok: false, problem: '"sandbox.filesystem" is not an object' };
  const deny = fs?.denyWrite;
  if (deny !== undefined && !Array.isArray(deny))
    return { ok: false, problem: '"sandbox.filesystem.denyWrite" is not a list' };
  // Each path the barrier needs that no entry covers yet is added; the user's entries stay as they are.
  const added = uncovered(barrierDenyWrite(projectDir), deny ?? [], projectDir);
  if (added.length > 0) next.filesystem = { ...(fs ?? {}), denyWrite: [...(deny ?? []), ...added] };
  let merged = next;
  let opened: AddedAllowances | undefined;
  if (allowances) {
    const result = addAllowances(next, allowances);
    if (!result.ok) return result;
    merged = result.sandbox;
    if (result.added.allowWrite.length + result.added.network.length > 0) opened = result.added;
  }
  const baseline: SandboxBaseline = {
    before,
    text: found.raw,
    added,
    ...(opened ? { allowances: opened } : {}),
  };
  if (before && same(before, merged)) return { ok: true, text, changed: false, baseline };
  const out = setMember(text, "sandbox", merged);
  return { ok: true, text: out, changed: out !== text, baseline };
}

const OUR_KEYS = ["enabled", "failIfUnavailable", "allowUnsandboxedCommands"] as const;

/** Takes out what mergeSandbox added (a value the user changed since is theirs and stays). */
export function removeSandbox(
  text: string,
  baseline: SandboxBaseline,
): { ok: true; text: string; changed: boolean } | { ok: false; problem: string } {
  const found = sandboxMember(text);
  if ("problem" in found) return { ok: false, problem: found.problem };
  if (found.value === undefined) return { ok: true, text, changed: false };
  const current = found.value as JsonObject;
  const before = (baseline.before ?? {}) as JsonObject;
  const next: JsonObject = baseline.allowances
    ? removeAllowances(current, baseline.allowances, before)
    : { ...current };
  for (const key of OUR_KEYS) {
    if (next[key] !== SANDBOX_SETTINGS[key]) continue; // changed by the user since: theirs now
    if (key in before) next[key] = before[key] as Json;
    else delete next[key];
  }
  const fs = next.filesystem;
  const beforeFs = isObject(before.filesystem) ? before.filesystem : undefined;
  const beforeDeny = Array.isArray(beforeFs?.denyWrite) ? beforeFs.denyWrite : undefined;
  // The entries init added (recorded at install; older installs added `.git` alone), each taken out once,
  // from the end: an equal entry the user had before stays.
  const added = (baseline.added ?? [".git"]).filter((e) => !(beforeDeny ?? []).includes(e));
  if (isObject(fs) && Array.isArray(fs.denyWrite) && added.length > 0) {
    const deny = [...fs.denyWrite];
    for (const entry of added) {
      const ours = deny.lastIndexOf(entry);
      if (ours >= 0) deny.splice(ours, 1);
    }
    const nextFs: JsonObject = { ...fs, denyWrite: deny };
    if (deny.length === 0 && beforeDeny === undefined) delete nextFs.denyWrite;
    if (Object.keys(nextFs).length === 0 && beforeFs === undefined) delete next.filesystem;
    else next.filesystem = nextFs;
  }
  if (same(next, current)) return { ok: true, text, changed: false };
  const drop = baseline.before === null && Object.keys(next).length === 0;
  const restore = baseline.text !== null && same(next, baseline.before) ? baseline.text : undefined;
  return { ok: true, text: setMember(text, "sandbox", drop ? undefined : next, restore), changed: true };
}

// --- Holes: what takes a call out of the sandbox, or turns it off -------------------------------------------

/** Programs an `excludedCommands` entry must not name: they run git, or run code that can run git. Data. */
const GIT_PROGRAMS = ["git", "gh", "hub", "tig", "lazygit", "gitk", "git-lfs", "pre-commit"];
const CODE_PROGRAMS = [
  // shells
  ...["sh", "bash", "zsh", "dash", "ksh", "mksh", "fish", "csh", "tcsh", "busybox", "eval", "exec", "source"],
  // interpreters
  ...["node", "nodejs", "deno", "bun", "perl", "ruby", "php", "lua", "luajit", "tclsh", "wish", "Rscript"],
  ...["julia", "awk", "gawk", "mawk", "nawk", "sed", "jq", "osascript", "expect", "sqlite3"],
  // build, task and test runners (they run the project's own code)
  ...["make", "gmake", "cmake", "ninja", "just", "rake", "task", "invoke", "meson", "scons", "bazel"],
  ...["pytest", "py.test", "tox", "nox", "uv", "uvx", "poetry", "pipenv", "hatch", "pdm", "pip", "pipx"],
  ...["npm", "npx", "pnpm", "yarn", "cargo", "go", "mvn", "gradle", "ant", "dotnet"],
  // programs that run another command
  ...["env", "sudo", "doas", "su", "nice", "nohup", "timeout", "time", "xargs", "watch", "setsid", "stdbuf"],
  ...["flock", "chroot", "faketime", "parallel", "find", "fd", "script", "unbuffer", "command", "builtin"],
  ...["strace", "ltrace", "valgrind", "gdb", "lldb", "vim", "vi", "nvim", "ex", "emacs", "tmux", "screen"],
  // containers and remote shells run outside the sandbox altogether
  ...["docker", "podman", "nerdctl", "kubectl", "ssh", "rsync", "tar"],
];
const VERSIONED = /^(python|pypy|pip|perl|ruby|php|lua|node)[\d.]*$/;

export type ExcludedRisk = { program: string; kind: "git" | "code" | "any" };

/** Why an `excludedCommands` entry (Bash permission-rule syntax, e.g. "git commit:*") can reach `.git`, or null. */
export function excludedCommandRisk(entry: string): ExcludedRisk | null {
  const words = entry.trim().split(/\s+/);
  // Leading assignments (`FOO=1 make`) are not the program.
  const first = words.find((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) ?? "";
  const word = first.replace(/:\*?$/, ""); // "make:*" is the prefix form of "make"
  if (word === "" || /[*?[\]{}$`]/.test(word)) return { program: first || entry, kind: "any" };
  const program = basename(word);
  if (GIT_PROGRAMS.includes(program) || program.startsWith("git-")) return { program, kind: "git" };
  if (CODE_PROGRAMS.includes(program) || VERSIONED.test(program)) return { program, kind: "code" };
  return null;
}

export type SettingsScope = "managed" | "local" | "project" | "user";

export interface SettingsSource {
  scope: SettingsScope;
  /** Shown in messages: a project-relative path or an absolute one. */
  label: string;
  /** The parsed file (null: absent or unreadable; Claude Code ignores an invalid file). */
  value: unknown;
}

export interface Hole {
  /** "hole": the barrier would not hold (init refuses); "warning": worth knowing, not a hole in `.git`. */
  severity: "hole" | "warning";
  problem: string;
  fix: string;
}

const KIND_TEXT: Record<ExcludedRisk["kind"], string> = {
  git: "runs git",
  code: "runs code that can run git",
  any: "matches any program, git included",
};

/** Scopes whose value beats the project's settings.json (Claude Code's precedence). */
const OVERRIDES_PROJECT: ReadonlySet<SettingsScope> = new Set(["managed", "local"]);

/** Everything in the session's settings files that would let a Bash call write `.git` despite the barrier. */
export function sandboxHoles(sources: readonly SettingsSource[]): Hole[] {
  const holes: Hole[] = [];
  for (const { scope, label, value } of sources) {
    const sandbox = isObject(value) && isObject(value.sandbox) ? value.sandbox : null;
    if (!sandbox) continue;
    const admin = scope === "managed" ? " (managed settings: ask your administrator)" : "";
    const excluded = Array.isArray(sandbox.excludedCommands) ? sandbox.excludedCommands : [];
    const risky = excluded.flatMap((e) => {
      const risk = typeof e === "string" ? excludedCommandRisk(e) : null;
      return risk ? [`"${e}" (${KIND_TEXT[risk.kind]})`] : [];
    });
    if (risky.length > 0)
      holes.push({
        severity: "hole",
        problem: `${label} lists sandbox.excludedCommands that run outside the sandbox, where .git is writable: ${risky.join(", ")}`,
        fix: `remove ${risky.length === 1 ? "that entry" : "those entries"} from sandbox.excludedCommands in ${label}${admin}`,
      });
    if (OVERRIDES_PROJECT.has(scope) && sandbox.enabled === false)
      holes.push({
        severity: "hole",
        problem: `${label} sets sandbox.enabled to false, which turns the sandbox off over the project's settings`,
        fix: `remove "enabled": false from the sandbox settings in ${label}${admin}`,
      });
    if (OVERRIDES_PROJECT.has(scope) && sandbox.allowUnsandboxedCommands === true)
      holes.push({
        severity: "hole",
        problem: `${label} sets sandbox.allowUnsandboxedCommands to true, so a call can ask to run outside the sandbox (dangerouslyDisableSandbox)`,
        fix: `remove "allowUnsandboxedCommands" from ${label}${admin}`,
      });
    const fs = isObject(sandbox.filesystem) ? sandbox.filesystem : null;
    if (fs?.disabled === true)
      holes.push({
        severity: "hole",
        problem: `${label} sets sandbox.filesystem.disabled, which drops every write rule, .git's included`,
        fix: `remove "disabled" from sandbox.filesystem in ${label}${admin}`,
      });
    if (sandbox.allowNestedUserNamespaces === true)
      holes.push({
        severity: "hole",
        problem: `${label} sets sandbox.allowNestedUserNamespaces, which lets a sandboxed command undo the read-only binds`,
        fix: `remove "allowNestedUserNamespaces" from ${label}${admin}`,
      });
    if (sandbox.autoAllowBashIfSandboxed === true)
      holes.push({
        severity: "warning",
        problem: `${label} sets sandbox.autoAllowBashIfSandboxed: every sandboxed Bash call then runs without asking you (the guard still runs first)`,
        fix: `remove "autoAllowBashIfSandboxed" from ${label} unless you want that; init --sandbox never sets it`,
      });
  }
  return holes;
}

function readJsonFile(path: string): unknown {
  try {
    const text = readFileSync(path, "utf8");
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return null;
  }
}

export const MANAGED_DIR = "/etc/claude-code";

export interface SourceOptions {
  env: NodeJS.ProcessEnv;
  /** Where managed settings live (tests point it at a scratch folder). */
  managedDir?: string;
  /** The project's settings.json text to judge instead of the file (init judges what it is about to write). */
  projectText?: string | null;
}

/** The settings files a Claude Code session in `dir` reads, parsed. */
export function settingsSources(dir: string, options: SourceOptions): SettingsSource[] {
  const managedDir = options.managedDir ?? MANAGED_DIR;
  const managed = [join(managedDir, "managed-settings.json")];
  const dropIns = join(managedDir, "managed-settings.d");
  if (existsSync(dropIns))
    for (const name of readdirSync(dropIns).sort())
      if (name.endsWith(".json")) managed.push(join(dropIns, name));
  const configDir = options.env.CLAUDE_CONFIG_DIR || join(options.env.HOME || homedir(), ".claude");
  const project = join(dir, ".claude", "settings.json");
  let projectValue: unknown = readJsonFile(project);
  if (options.projectText !== undefined) {
    try {
      projectValue = options.projectText === null ? null : JSON.parse(options.projectText);
    } catch {
      projectValue = null;
    }
  }
  return [
    ...managed.map((path) => ({ scope: "managed" as const, label: path, value: readJsonFile(path) })),
    {
      scope: "local",
      label: ".claude/settings.local.json",
      value: readJsonFile(join(dir, ".claude", "settings.local.json")),
    },
    { scope: "project", label: ".claude/settings.json", value: projectValue },
    {
      scope: "user",
      label: join(configDir, "settings.json"),
      value: readJsonFile(join(configDir, "settings.json")),
    },
  ];
}

// --- Plan for init, checks for doctor -----------------------------------------------------------------------

export interface SandboxPlan {
  problems: Problem[];
  notes: string[];
  /** The settings text with ours merged in (null: not merged, see problems). */
  text: string | null;
  changed: boolean;
  baseline: SandboxBaseline | null;
}

/**
 * What `init --sandbox` would do to `settingsText` (the project's settings.json after the hook merge). Refuses
 * (problems) when the tools are missing, bubblewrap cannot start, or a settings file opens a hole.
 */
export async function planSandbox(
  dir: string,
  settingsText: string,
  options: {
    env: NodeJS.ProcessEnv;
    managedDir?: string;
    tools?: ToolsFound;
    /** What the suite needs opened (the profile's `sandbox:` section, already planned). */
    allowances?: PlannedAllowances;
  },
): Promise<SandboxPlan> {
  const plan: SandboxPlan = { problems: [], notes: [], text: null, changed: false, baseline: null };
  const tools = options.tools ?? (await findTools(options.env));
  const toolIssue = toolsProblem(tools);
  if (toolIssue) plan.problems.push(toolIssue);
  for (const skipped of options.allowances?.skipped ?? [])
    plan.notes.push(`sandbox.write path not opened: ${skipped}`);
  if (options.allowances?.network.includes("allowAllUnixSockets"))
    for (const socket of daemonSockets(options.env))
      plan.notes.push(
        `sandbox.unix_sockets opens every unix socket on this machine, including ${socket}: a process that can use it can act outside the sandbox (a container mounting the repository, for one). Set \`sandbox: { unix_sockets: false }\` in the profile if the suite does not need unix sockets`,
      );
  const merged = mergeSandbox(settingsText, dir, options.allowances);
  if (!merged.ok) {
    plan.problems.push({
      problem: `.claude/settings.json cannot take the sandbox settings: ${merged.problem}`,
      fix: 'correct "sandbox" in .claude/settings.json by hand, then run init --sandbox again (nothing was written)',
    });
    return plan;
  }
  const sources = settingsSources(dir, { ...options, projectText: merged.text });
  for (const hole of sandboxHoles(sources)) {
    if (hole.severity === "hole")
      plan.problems.push({ problem: `the .git barrier would have a hole: ${hole.problem}`, fix: hole.fix });
    else plan.notes.push(`${hole.problem} (${hole.fix})`);
  }
  Object.assign(plan, { text: merged.text, changed: merged.changed, baseline: merged.baseline });
  return plan;
}

/** Sockets of daemons that act for their caller outside any sandbox (container engines), found on this
 *  machine. Data; the list names the usual places only. */
const DAEMON_SOCKETS = ["/var/run/docker.sock", "/run/docker.sock", "/run/podman/podman.sock"];

function daemonSockets(env: NodeJS.ProcessEnv): string[] {
  const runtime = env.XDG_RUNTIME_DIR;
  const candidates = [
    ...DAEMON_SOCKETS,
    ...(runtime ? [join(runtime, "docker.sock"), join(runtime, "podman", "podman.sock")] : []),
  ];
  return [...new Set(candidates)].filter((path) => {
    try {
      return statSync(path).isSocket();
    } catch {
      return false;
    }
  });
}

export interface LayerCheck {
  title: string;
  ok: boolean;
  detail?: string;
  problem?: string;
  fix?: string;
}

/** A write attempt that changes nothing when it succeeds: `: >>` opens a file for appending (no byte written,
 *  no mtime change); in a directory a fresh probe file is made and removed. Prints `writable <path>` for each
 *  path the sandbox let it write. */
export function writeProbeScript(paths: readonly { path: string; kind: "dir" | "file" }[]): string {
  const q = (p: string) => `'${p.replace(/'/g, "'\\''")}'`;
  return paths
    .map(({ path, kind }) =>
      kind === "dir"
        ? `if ( : >> ${q(`${path}/.rts-write-probe`)} ) 2>/dev/null; then rm -f ${q(`${path}/.rts-write-probe`)}; echo writable ${q(path)}; fi`
        : `if ( : >> ${q(path)} ) 2>/dev/null; then echo writable ${q(path)}; fi`,
    )
    .join("\n");
}

/** doctor: proves each path of the barrier read-only by a real write attempt inside the sandbox the project's
 *  settings describe (Claude Code's sandbox engine, bin/install/sandbox-run.ts). */
export async function proveReadOnly(dir: string, sandbox: Record<string, unknown>): Promise<LayerCheck> {
  const title = "each protected path refuses a write inside the sandbox (a real sandboxed write attempt)";
  const paths = barrierDenyWrite(dir).map((entry) => {
    const path = settingsPath(entry, dir);
    let kind: "dir" | "file" = "file";
    try {
      kind = statSync(path).isDirectory() ? "dir" : "file";
    } catch {}
    return { entry, path, kind, existed: existsSync(path) };
  });
  const run = await runSandboxed(dir, sandbox, ["sh", "-c", writeProbeScript(paths)], { timeoutMs: 30_000 });
  // A probe that created a missing file has proved it writable; take the file away again.
  const writable = paths.filter((p) => run.stdout.includes(`writable ${p.path}\n`));
  for (const p of writable) if (!p.existed) rmSync(p.path, { force: true });
  if (run.exitCode !== 0)
    return {
      title,
      ok: false,
      problem: `the sandbox did not run the probe (exit ${run.exitCode}): ${run.stderr.trim().slice(0, 300)}`,
      fix: "run `run-tests-skill init --sandbox` to see why the sandbox cannot start here",
    };
  if (writable.length > 0)
    return {
      title,
      ok: false,
      problem: `writable from inside the sandbox: ${writable.map((p) => p.entry).join(", ")}`,
      fix: `run \`run-tests-skill init ${dir} --sandbox\` (it adds them to sandbox.filesystem.denyWrite)`,
    };
  return {
    title,
    ok: true,
    detail: `${paths.length} paths read-only: ${paths.map((p) => p.entry).join(", ")}`,
  };
}

/** doctor: is the barrier on, can it start, and what holes do the settings files leave? */
export async function sandboxChecks(
  dir: string,
  options: { env: NodeJS.ProcessEnv; installed: boolean; managedDir?: string; prove?: boolean },
): Promise<LayerCheck[]> {
  const title = "Bash sandbox barrier: everything enforcement depends on read-only (layer 2)";
  const sources = settingsSources(dir, options);
  const project = sources.find((s) => s.scope === "project")?.value;
  const state = barrierState(project, dir);
  const tier: LayerCheck = {
    title: "git rule enforcement",
    ok: true,
    detail: TIER_TEXT[state.on ? "guaranteed" : "best-effort"],
  };
  if (!state.on && !options.installed) return [tier];
  const reinit = `run \`run-tests-skill init ${dir} --sandbox\``;
  if (!state.on)
    return [
      tier,
      {
        title,
        ok: false,
        problem: state.sandboxOff
          ? ".claude/settings.json no longer turns the sandbox on (sandbox.enabled true, allowUnsandboxedCommands false)"
          : `sandbox.filesystem.denyWrite in .claude/settings.json does not cover ${state.missing.join(", ")} (the git layout may have changed since init)`,
        fix: `${reinit}, or \`init --uninstall\` to drop it knowingly`,
      },
    ];
  const checks: LayerCheck[] = [tier];
  const holes = sandboxHoles(sources);
  const real = holes.filter((h) => h.severity === "hole");
  checks.push(
    real.length > 0
      ? {
          title,
          ok: false,
          problem: real.map((h) => h.problem).join("; "),
          fix: real.map((h) => h.fix).join("; "),
        }
      : { title, ok: true, detail: "on, no holes found in the settings files" },
  );
  for (const w of holes.filter((h) => h.severity === "warning"))
    checks.push({ title: "sandbox approval stays with you", ok: true, detail: `${w.problem} (${w.fix})` });
  const issue = toolsProblem(await findTools(options.env));
  checks.push(
    issue
      ? {
          title: "the sandbox can start (bubblewrap, socat)",
          ok: false,
          problem: issue.problem,
          fix: issue.fix,
        }
      : { title: "the sandbox can start (bubblewrap, socat)", ok: true },
  );
  const sandbox = isObject(project) && isObject(project.sandbox) ? project.sandbox : {};
  if (!issue && options.prove !== false && process.platform === "linux")
    checks.push(await proveReadOnly(dir, sandbox));
  return checks;
}
