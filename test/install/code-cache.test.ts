// The hooks' V8 code cache (hooks/runtime/bundle-loader.ts), on a real `init` install in scratch git repos:
// the installed guard program run as Claude Code runs it. What must hold: a second call runs the cached code;
// a changed bundle of the same length never runs the old cache; a corrupt or unwritable cache only means a
// normal compile; the cache stays out of git and `--uninstall` leaves nothing of it.
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as zlib from "node:zlib";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { encodeCore } from "../../bin/build/core-bundle.ts";
import { runDoctor } from "../../bin/install/doctor.ts";
import { type InitOptions, runInit, runUninstall } from "../../bin/install/init.ts";
import { PATHS } from "../../bin/install/layout.ts";
import { formatInit } from "../../bin/install/present.ts";
import { CORE_FILE, decodeCore, GUARD_FILE } from "../../hooks/runtime/bundle-loader.ts";
import { cleanEnv, git, scratchRepos, snapshot } from "./helpers.ts";

const repo = scratchRepos();
const NOW = new Date("2026-12-07T12:00:00Z");
const REASON = "was not run";
/** The same length as REASON: a cached source or bundle edited with it differs only there. */
const EDITED = "WAS NOT RUN";

async function installed(): Promise<string> {
  const dir = await repo();
  const options: InitOptions = { dir, cwd: dir, now: NOW, profile: "generic" };
  const result = await runInit(options);
  if (!result.ok) throw new Error(formatInit(result));
  // The loader records the bundle's stamp only for a file that has not changed for a moment (racy-clean
  // guard); an install made a moment ago is hashed on every call until then, which is right but slower.
  return dir;
}

const bin = (dir: string) => join(dir, PATHS.binDir);
const cacheRoot = (dir: string) => join(dir, PATHS.codeCache);

/** The one cache folder of the current bundle, and its files. */
function cacheFolder(dir: string): { path: string; files: string[] } {
  const folders = readdirSync(cacheRoot(dir), { withFileTypes: true }).filter((e) => e.isDirectory());
  expect(folders.map((f) => f.name)).toHaveLength(1);
  const path = join(cacheRoot(dir), (folders[0] as { name: string }).name);
  return { path, files: readdirSync(path).sort() };
}

/** The installed guard on `git add .` (denied outside a skill turn): its stdout. */
async function guard(dir: string, env: Record<string, string> = {}): Promise<string> {
  const r = await execa("node", [join(bin(dir), "guard.cjs")], {
    input: JSON.stringify({
      session_id: "cache-test",
      cwd: dir,
      prompt_id: "p1",
      permission_mode: "default",
      hook_event_name: "PreToolUse",
      tool_name: "Bash",
      tool_input: { command: "git add .", description: "stage" },
      tool_use_id: "toolu_1",
    }),
    env: cleanEnv({ CLAUDE_PROJECT_DIR: dir, ...env }),
    extendEnv: false,
    reject: false,
  });
  expect(r.exitCode, r.stderr).toBe(0);
  expect(r.stdout).toContain('"permissionDecision":"deny"');
  return r.stdout;
}

/** Replaces `from` by `to` (same length) in a file, in place. */
function editInPlace(file: string, from: string, to: string): void {
  const text = readFileSync(file, "latin1");
  expect(text).toContain(from);
  writeFileSync(file, text.replaceAll(from, to), "latin1");
}

describe("the hooks' code cache", () => {
  it("is written by the first call and used by the second (the cached compiled code runs)", async () => {
    const dir = await installed();
    expect(existsSync(cacheRoot(dir))).toBe(false);
    await guard(dir);
    const { path, files } = cacheFolder(dir);
    expect(files).toEqual([`guard-${process.version}-${process.arch}.v8`, "wrapped.cjs"]);
    // Proof that the second call runs V8's cached code, not a compile of the source: the cached source is
    // edited (same length, so V8 accepts the cache), yet the reason comes out as the first call compiled it.
    editInPlace(join(path, "wrapped.cjs"), REASON, EDITED);
    const out = await guard(dir);
    expect(out).toContain(REASON);
    expect(out).not.toContain(EDITED);
    // Without the code cache, the (edited) cached source is what runs: the source cache is used too.
    rmSync(join(path, `guard-${process.version}-${process.arch}.v8`));
    expect(await guard(dir)).toContain(EDITED);
  });

  it("never runs the old cache for a changed bundle of the same length", async () => {
    const dir = await installed();
    await guard(dir);
    // Until the loader has recorded the bundle's stamp (see bundleKey), it hashes the file on every call; the
    // case that matters is the recorded stamp, so call until it is there (each call is evidence, no sleep).
    const stampFile = join(cacheRoot(dir), "guard.stamp");
    for (let i = 0; i < 30 && !existsSync(stampFile); i++) await guard(dir);
    expect(existsSync(stampFile)).toBe(true);
    const old = cacheFolder(dir).path;
    // A new bundle whose guard says EDITED, padded to the old file's exact length, written in place.
    const file = join(bin(dir), GUARD_FILE);
    const before = readFileSync(file, "latin1");
    const source = decodeCore(before, zlib).replaceAll(REASON, EDITED);
    const encoded = encodeCore(source);
    const [header = "", body = ""] = [
      encoded.slice(0, encoded.indexOf("\n")),
      encoded.slice(encoded.indexOf("\n")),
    ];
    const pad = before.length - encoded.length;
    expect(pad, "the test's padding room in the header line").toBeGreaterThan(-header.length + 10);
    const changed = pad >= 0 ? `${header}${" ".repeat(pad)}${body}` : `${header.slice(0, pad)}${body}`;
    expect(changed.length).toBe(before.length);
    writeFileSync(file, changed, "latin1");
    expect(await guard(dir)).toContain(EDITED);
    expect(cacheFolder(dir).path).not.toBe(old);
    expect(existsSync(old)).toBe(false);
  });

  it("falls back to a normal compile when the cache is corrupt, and repairs it", async () => {
    const dir = await installed();
    await guard(dir);
    const { path } = cacheFolder(dir);
    const code = join(path, `guard-${process.version}-${process.arch}.v8`);
    writeFileSync(code, "not a code cache");
    expect(await guard(dir)).toContain(REASON);
    expect(statSync(code).size).toBeGreaterThan(1000);
    writeFileSync(join(path, "wrapped.cjs"), "this is ) not JavaScript");
    expect(await guard(dir)).toContain(REASON);
    expect(readFileSync(join(path, "wrapped.cjs"), "latin1")).toContain(REASON);
    // JavaScript that parses but is not a wrapped module (an unwrapped source, as an older loader kept it).
    const wrapped = readFileSync(join(path, "wrapped.cjs"), "latin1");
    writeFileSync(
      join(path, "wrapped.cjs"),
      wrapped.slice(wrapped.indexOf("{") + 1, wrapped.lastIndexOf("}")),
    );
    expect(await guard(dir)).toContain(REASON);
    expect(readFileSync(join(path, "wrapped.cjs"), "latin1")).toBe(wrapped);
    writeFileSync(join(cacheRoot(dir), "guard.stamp"), "\u0000garbage");
    expect(await guard(dir)).toContain(REASON);
    // A stamp that matches but names a folder outside the cache is not followed.
    const st = statSync(join(bin(dir), GUARD_FILE), { bigint: true });
    const stamp = `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
    writeFileSync(join(cacheRoot(dir), "guard.stamp"), `${stamp} ../../escape`);
    expect(await guard(dir)).toContain(REASON);
    expect(existsSync(join(dir, ".claude", "escape"))).toBe(false);
  });

  it("works without a writable cache folder (a read-only install), and when turned off", async () => {
    const dir = await installed();
    // A file where the folder would be: nothing can be created under it, for root too.
    writeFileSync(cacheRoot(dir), "");
    expect(await guard(dir)).toContain(REASON);
    expect(await guard(dir)).toContain(REASON);
    expect(statSync(cacheRoot(dir)).isFile()).toBe(true);
    rmSync(cacheRoot(dir));
    if (process.getuid?.() !== 0) {
      chmodSync(join(dir, PATHS.installDir), 0o555);
      try {
        expect(await guard(dir)).toContain(REASON);
        expect(existsSync(cacheRoot(dir))).toBe(false);
      } finally {
        chmodSync(join(dir, PATHS.installDir), 0o755);
      }
    }
    expect(await guard(dir, { RUN_TESTS_SKILL_CODE_CACHE: "0" })).toContain(REASON);
    expect(existsSync(cacheRoot(dir))).toBe(false);
  });

  it("survives hooks writing it at once: every call answers, one good cache is left", async () => {
    const dir = await installed();
    const outs = await Promise.all([1, 2, 3, 4].map(() => guard(dir)));
    for (const out of outs) expect(out).toContain(REASON);
    const { files } = cacheFolder(dir);
    expect(files).toEqual([`guard-${process.version}-${process.arch}.v8`, "wrapped.cjs"]);
    expect(await guard(dir)).toContain(REASON);
  });

  it("is not touched by a report call that is no run; a run takes the pipeline from the shared bundle", async () => {
    const dir = await installed();
    const report = async (input: object) => {
      const r = await execa("node", [join(bin(dir), "report.cjs")], {
        input: JSON.stringify({ session_id: "cache-test", cwd: dir, prompt_id: "p1", ...input }),
        env: cleanEnv({ CLAUDE_PROJECT_DIR: dir }),
        extendEnv: false,
        reject: false,
      });
      expect(r.exitCode, r.stderr).toBe(0);
    };
    await report({ hook_event_name: "UserPromptSubmit", prompt: "hello" });
    // The report's own program decided that alone: the shared bundle was not even read.
    expect(existsSync(cacheRoot(dir))).toBe(false);
    await report({
      hook_event_name: "PostToolUse",
      tool_name: "Bash",
      tool_input: { command: "grep -rn pytest tests/", description: "look" },
      tool_response: { stdout: "tests/conftest.py:3:import pytest\n", stderr: "", interrupted: false },
      tool_use_id: "toolu_1",
    });
    expect(cacheFolder(dir).files).toEqual([
      `report-pipeline-${process.version}-${process.arch}.v8`,
      "wrapped.cjs",
    ]);
  });

  it("keeps the guard's bundle and the shared one apart: a new shared bundle leaves the guard's cache", async () => {
    const dir = await installed();
    const run = async () => {
      const r = await execa("node", [join(bin(dir), "stop-gate.cjs")], {
        input: JSON.stringify({
          session_id: "cache-test",
          cwd: dir,
          prompt_id: "p1",
          permission_mode: "default",
          hook_event_name: "Stop",
          stop_hook_active: false,
        }),
        env: cleanEnv({ CLAUDE_PROJECT_DIR: dir }),
        extendEnv: false,
        reject: false,
      });
      expect(r.exitCode, r.stderr).toBe(0);
    };
    expect(await guard(dir)).toContain(REASON);
    await run();
    const folders = () =>
      readdirSync(cacheRoot(dir), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort();
    const [core = "", guardFolder = ""] = folders();
    expect(core).toMatch(/^core-/);
    expect(guardFolder).toMatch(/^guard-/);
    // The same code under another header line: another fingerprint, so a new folder for the shared bundle.
    const shared = join(bin(dir), CORE_FILE);
    writeFileSync(shared, readFileSync(shared, "latin1").replace("// Built", "// Rebuilt"), "latin1");
    await run();
    const after = folders();
    expect(after).toContain(guardFolder);
    expect(after.filter((f) => f.startsWith("core-"))).toHaveLength(1);
    expect(after).not.toContain(core);
  });

  it("doctor shows its size apart from the install's, and --uninstall --keep-data removes it too", async () => {
    const dir = await installed();
    const hookFiles = async () =>
      (await runDoctor({ dir, env: cleanEnv() })).checks.find((c) => c.title.startsWith("hook files"));
    const before = await hookFiles();
    expect(before?.ok).toBe(true);
    expect(before?.detail).not.toContain("code cache");
    await guard(dir);
    const after = await hookFiles();
    expect(after?.ok).toBe(true);
    expect(after?.detail).toMatch(
      new RegExp(`; code cache [1-9]\\d* KB in ${PATHS.codeCache} \\(written by the hooks, not counted\\)$`),
    );
    // The install's own figure is the same as before the cache existed.
    expect(after?.detail?.split(";")[0]).toBe(before?.detail);
    const kept = await runUninstall({ dir, cwd: dir, now: NOW, keepData: true });
    expect(kept.ok).toBe(true);
    expect(kept.changes.find((c) => c.path === `${PATHS.codeCache}/`)).toMatchObject({ action: "remove" });
    expect(existsSync(cacheRoot(dir))).toBe(false);
  });

  it("stays out of git, and --uninstall leaves nothing of it", async () => {
    const dir = await repo();
    const before = snapshot(dir);
    const result = await runInit({ dir, cwd: dir, now: NOW, profile: "generic" });
    expect(result.ok).toBe(true);
    const status = async () => (await git(dir, ["status", "--porcelain", "-uall"])).stdout;
    const installStatus = await status();
    await guard(dir);
    expect(existsSync(cacheRoot(dir))).toBe(true);
    // What git sees is what init wrote: the cache ignores itself.
    expect(await status()).toBe(installStatus);
    const removed = await runUninstall({ dir, cwd: dir, now: NOW });
    expect(removed.ok).toBe(true);
    expect(removed.changes.find((c) => c.path === `${PATHS.codeCache}/`)).toMatchObject({ action: "remove" });
    expect(existsSync(join(dir, PATHS.installDir))).toBe(false);
    expect(snapshot(dir)).toEqual(before);
  });
});
