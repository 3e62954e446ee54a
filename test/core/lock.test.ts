import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { buildSync } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import {
  acquireLock,
  claimOnce,
  createExclusive,
  safeName,
  takeFile,
  withLock,
} from "../../hooks/core/state/lock.ts";

const run = promisify(execFile);
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "rts-lock-"));
});
const fresh = (name: string) => {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  return d;
};
const age = (path: string, ms: number) => {
  const t = (Date.now() - ms) / 1000;
  utimesSync(path, t, t);
};

describe("claims", () => {
  it("the first claim of a key wins, every later one loses", () => {
    const d = join(fresh("claim"), "claims");
    expect(claimOnce(d, "toolu_1", { nowMs: Date.now(), whenUnwritable: "claimed" })).toBe(true);
    expect(claimOnce(d, "toolu_1", { nowMs: Date.now(), whenUnwritable: "claimed" })).toBe(false);
    expect(claimOnce(d, "toolu_2", { nowMs: Date.now(), whenUnwritable: "claimed" })).toBe(true);
  });
  it("prunes markers older than the limit as a new claim is made", () => {
    const d = fresh("prune");
    claimOnce(d, "old", { nowMs: Date.now(), whenUnwritable: "claimed" });
    age(join(d, "old"), 2 * 3_600_000);
    claimOnce(d, "new", { nowMs: Date.now(), pruneAfterMs: 3_600_000, whenUnwritable: "claimed" });
    expect(readdirSync(d).sort()).toEqual(["new"]);
  });
  it("a folder that cannot be written answers as the caller says", () => {
    const blocked = join(fresh("blocked"), "file");
    writeFileSync(blocked, "not a folder");
    expect(claimOnce(join(blocked, "claims"), "k", { nowMs: 0, whenUnwritable: "claimed" })).toBe(true);
    expect(claimOnce(join(blocked, "claims"), "k", { nowMs: 0, whenUnwritable: "not-claimed" })).toBe(false);
    expect(createExclusive(join(blocked, "x"))).toBe("failed");
  });
  it("a key never leaves its folder", () => {
    expect(safeName("../../etc/passwd")).toBe("______etc_passwd");
    expect(safeName("x".repeat(200))).toHaveLength(120);
    expect(safeName("a.b", 80)).toBe("a_b");
  });
  it("a take hands a file's text to one caller only", () => {
    const file = join(fresh("take"), "run.json");
    writeFileSync(file, "{}");
    expect(takeFile(file)).toBe("{}");
    expect(takeFile(file)).toBeNull();
  });
});

describe("locks", () => {
  it("is held until released", () => {
    const lock = join(fresh("held"), "x.lock");
    const release = acquireLock(lock, { staleMs: 60_000 });
    expect(release).not.toBeNull();
    expect(acquireLock(lock, { staleMs: 60_000 })).toBeNull();
    release?.();
    const again = acquireLock(lock, { staleMs: 60_000 });
    expect(again).not.toBeNull();
    again?.();
  });
  it("takes over a lock older than staleMs (its holder died)", () => {
    const lock = join(fresh("stale"), "x.lock");
    mkdirSync(lock);
    age(lock, 20_000);
    expect(acquireLock(lock, { staleMs: 60_000 })).toBeNull();
    const release = acquireLock(lock, { staleMs: 10_000 });
    expect(release).not.toBeNull();
    release?.();
  });
  it("gives up on a stale lock it cannot remove, without spinning", () => {
    const lock = join(fresh("stuck"), "x.lock");
    mkdirSync(lock);
    writeFileSync(join(lock, "inside"), ""); // rmdir fails: not empty
    age(lock, 20_000);
    expect(acquireLock(lock, { staleMs: 10_000, waitMs: 50 })).toBeNull();
  });
  it("withLock runs or skips when the lock is held, as told", () => {
    const lock = join(fresh("with"), "x.lock");
    const release = acquireLock(lock, { staleMs: 60_000 });
    expect(withLock(lock, { staleMs: 60_000, unlocked: "skip" }, () => 1)).toBeUndefined();
    expect(withLock(lock, { staleMs: 60_000, waitMs: 20, unlocked: "run" }, () => 2)).toBe(2);
    release?.();
    expect(withLock(lock, { staleMs: 60_000, unlocked: "skip" }, () => 3)).toBe(3);
    expect(acquireLock(lock, { staleMs: 60_000 })).not.toBeNull(); // released after fn
  });
});

// Real processes racing: one claim wins, and a read-modify-write under the lock loses no update.
describe("across processes", () => {
  it("one winner per claim; no lost update under the lock", async () => {
    const d = fresh("race");
    const bundle = join(d, "lock.cjs");
    buildSync({
      entryPoints: [join(import.meta.dirname, "../../hooks/core/state/lock.ts")],
      bundle: true,
      platform: "node",
      format: "cjs",
      outfile: bundle,
      logLevel: "silent",
    });
    const counter = join(d, "counter");
    writeFileSync(counter, "0");
    const script = `
      const { claimOnce, withLock } = require(${JSON.stringify(bundle)});
      const fs = require("node:fs");
      const won = claimOnce(${JSON.stringify(join(d, "claims"))}, "same-call", { nowMs: Date.now(), whenUnwritable: "not-claimed" });
      for (let i = 0; i < 25; i++)
        withLock(${JSON.stringify(join(d, "counter.lock"))}, { staleMs: 60_000, waitMs: 30_000, unlocked: "skip" }, () => {
          const n = Number(fs.readFileSync(${JSON.stringify(counter)}, "utf8"));
          fs.writeFileSync(${JSON.stringify(counter)}, String(n + 1));
        });
      process.stdout.write(won ? "won" : "lost");`;
    const results = await Promise.all(Array.from({ length: 6 }, () => run(process.execPath, ["-e", script])));
    const outcomes = results.map((r) => r.stdout);
    expect(outcomes.filter((o) => o === "won")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "lost")).toHaveLength(5);
    expect(readFileSync(counter, "utf8")).toBe("150");
  });
});
