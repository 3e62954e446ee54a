// What init and uninstall share: their options, the result they report, and the small file helpers both use
// (kept apart so that uninstall does not import init, nor init uninstall).
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import type { HostId } from "../../hooks/hosts/host.ts";
import type { DetectOptions } from "./detect.ts";
import { PATHS } from "./layout.ts";
import { type Manifest, parseManifest } from "./manifest.ts";

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
  /** With --sandbox: run the quick check inside the sandbox and outside first (default true). */
  trial?: boolean;
  force?: boolean;
  /** Detect the profile again instead of reusing profile.yaml or the installed profile. */
  redetect?: boolean;
  /** Uninstall: keep state/ and backup/ (and the .gitignore that hides them). */
  keepData?: boolean;
  /** Where a relative --profile path is resolved. */
  cwd: string;
  /** Names the settings backup. */
  now: Date;
  detect?: DetectOptions;
  /** Install into a folder below the git repository's root (claude must then start in that folder). */
  subproject?: boolean;
  /** The agent hosts to install for (default: Claude Code alone). */
  hosts?: HostId[];
}

export type ChangeAction = "create" | "update" | "unchanged" | "remove" | "keep" | "move" | "restore";

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
  /** generated: init writes the skill; own: the repo's own SKILL.md is kept and the hooks work around it. */
  skillMode: "generated" | "own" | null;
  /** The validator's findings on the repo's own skill: advice, not a failure. */
  advice: string[];
  /** The git rule as init states it, with the repo's own asks for git mutations (./git-rule.ts). */
  gitRule: string[];
}

export const textOf = (path: string) => (existsSync(path) ? readFileSync(path, "utf8") : null);
export const rel = (dir: string, path: string) => {
  const r = relative(dir, path);
  return r.startsWith("..") || isAbsolute(r) ? path : r.split("\\").join("/");
};

export function readManifest(dir: string): Manifest | null {
  const text = textOf(join(dir, PATHS.manifest));
  return text === null ? null : parseManifest(text);
}

export function stamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, "-");
}

export function emptyResult(options: InitOptions, mode: InitResult["mode"]): InitResult {
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
    skillMode: null,
    advice: [],
    gitRule: [],
  };
}
