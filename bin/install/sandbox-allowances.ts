// What the suite needs from Claude Code's Bash sandbox (the profile's `sandbox:` section), as the sandbox
// settings `init --sandbox` merges next to the barrier keys, and their exact undo. Measured in the real Claude
// Code 2.1.332 on Linux (README, "What the sandbox forbids"):
//   - 127.0.0.1 TCP/UDP bind and connect work without any key (the sandbox has its own network namespace
//     and loopback); `network.allowLocalBinding` is the macOS switch, ignored on Linux;
//   - AF_UNIX sockets are refused by a seccomp filter (EPERM) anywhere, unless `network.allowAllUnixSockets`
//     (`allowUnixSockets` paths are macOS only: seccomp cannot filter by path);
//   - writes outside the project and Claude Code's temp dir ($TMPDIR) are refused (EROFS) unless the path is
//     in `filesystem.allowWrite`; `denyWrite` wins over it, so `.git` stays read-only under an allowed /tmp;
//   - subprocesses and multiprocessing (fork, spawn) work; the pid namespace is the sandbox's own (no key).
// Allowances never touch denyWrite; a write path inside `.git` or `.claude`, or one holding the user's home
// (where `~/.claude/settings.json` could turn the sandbox off for the next session), is never opened.
import { homedir } from "node:os";
import { isAbsolute, join, relative, resolve } from "node:path";
import * as v from "valibot";
import type { SandboxNeeds } from "../../hooks/core/profile/schema.ts";

/** The keys one install added (kept in install.json so uninstall takes out exactly these). */
export const AddedAllowances = v.object({
  allowWrite: v.array(v.string()),
  network: v.array(v.picklist(["allowAllUnixSockets", "allowLocalBinding"])),
});
export type AddedAllowances = v.InferOutput<typeof AddedAllowances>;

export interface PlannedAllowances {
  allowWrite: string[];
  network: AddedAllowances["network"];
  /** Paths the profile asked for that stay closed, with why. */
  skipped: string[];
}

const within = (path: string, dir: string) => {
  const rel = relative(dir, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
};

/** The settings a profile's needs turn into, minus what would weaken the barrier. */
export function planAllowances(needs: SandboxNeeds, projectDir: string, home = homedir()): PlannedAllowances {
  const project = resolve(projectDir);
  const allowWrite: string[] = [];
  const skipped: string[] = [];
  for (const path of needs.write) {
    const abs = path.startsWith("~/") ? join(resolve(home), path.slice(2)) : resolve(path);
    if (within(abs, join(project, ".git")) || within(abs, join(project, ".claude")))
      skipped.push(`${path}: inside the project's .git or .claude, which stay read-only`);
    else if (within(join(resolve(home), ".claude"), abs))
      skipped.push(`${path}: holds ${home}/.claude, whose settings could turn the sandbox off`);
    else if (!allowWrite.includes(path)) allowWrite.push(path);
  }
  const network: AddedAllowances["network"] = [];
  if (needs.unix_sockets) network.push("allowAllUnixSockets");
  if (needs.local_network) network.push("allowLocalBinding");
  return { allowWrite, network, skipped };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
const isObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** Adds the allowances to a `sandbox` object (a copy); returns what it added, or a problem with the user's
 *  own value. A key the user already set is theirs: `false` stays false (the trial names what fails). */
export function addAllowances(
  sandbox: JsonObject,
  planned: PlannedAllowances,
): { ok: true; sandbox: JsonObject; added: AddedAllowances } | { ok: false; problem: string } {
  const next: JsonObject = { ...sandbox };
  const added: AddedAllowances = { allowWrite: [], network: [] };
  const fs = next.filesystem;
  if (fs !== undefined && !isObject(fs))
    return { ok: false, problem: '"sandbox.filesystem" is not an object' };
  const allow = fs?.allowWrite;
  if (allow !== undefined && !Array.isArray(allow))
    return { ok: false, problem: '"sandbox.filesystem.allowWrite" is not a list' };
  const missing = planned.allowWrite.filter((p) => !(allow ?? []).includes(p));
  if (missing.length > 0) {
    next.filesystem = { ...(fs ?? {}), allowWrite: [...(allow ?? []), ...missing] };
    added.allowWrite = missing;
  }
  const net = next.network;
  if (net !== undefined && !isObject(net))
    return { ok: false, problem: '"sandbox.network" is not an object' };
  const nextNet: JsonObject = { ...(net ?? {}) };
  for (const key of planned.network) {
    if (key in nextNet) continue;
    nextNet[key] = true;
    added.network.push(key);
  }
  if (added.network.length > 0) next.network = nextNet;
  return { ok: true, sandbox: next, added };
}

/** Takes out what addAllowances added (entries the user changed since stay); drops containers it emptied
 *  when they did not exist before. */
export function removeAllowances(
  sandbox: JsonObject,
  added: AddedAllowances,
  before: JsonObject,
): JsonObject {
  const next: JsonObject = { ...sandbox };
  const fs = next.filesystem;
  if (isObject(fs) && Array.isArray(fs.allowWrite) && added.allowWrite.length > 0) {
    const keep = fs.allowWrite.filter((p) => !(typeof p === "string" && added.allowWrite.includes(p)));
    const beforeFs = isObject(before.filesystem) ? before.filesystem : undefined;
    const nextFs: JsonObject = { ...fs, allowWrite: keep };
    if (keep.length === 0 && beforeFs?.allowWrite === undefined) delete nextFs.allowWrite;
    if (Object.keys(nextFs).length === 0 && beforeFs === undefined) delete next.filesystem;
    else next.filesystem = nextFs;
  }
  const net = next.network;
  if (isObject(net) && added.network.length > 0) {
    const nextNet: JsonObject = { ...net };
    for (const key of added.network) if (nextNet[key] === true) delete nextNet[key];
    if (Object.keys(nextNet).length === 0 && before.network === undefined) delete next.network;
    else next.network = nextNet;
  }
  return next;
}
