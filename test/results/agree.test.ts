// Issue 17 items 3, 6, 7, 8 on recorded real pytest outputs (test/fixtures/recorded, made by record.ts):
// reruns keep the run's flags; the load rule; a listed known-flaky test in its usual shape; spurious hints.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classifyOutput, composeReport } from "../../hooks/results/analyze.ts";
import type { LedgerEntry } from "../../hooks/results/ledger.ts";
import { loadProfile } from "../../skills/profile/load.ts";
import { parseRecorded, RECORDED } from "./helpers.ts";

function profile(name: "tractor" | "generic") {
  const loaded = loadProfile(name);
  if (!loaded.ok) throw new Error(name);
  return loaded.profile;
}

/** A recording through the hook's pipeline, as PostToolUseFailure text (or PostToolUse for exit 0). */
function recorded(name: string, o: { history?: LedgerEntry[]; changed?: string[]; tree?: string } = {}) {
  const { header, text } = parseRecorded(readFileSync(join(RECORDED, `${name}.txt`), "utf8"));
  const p = profile(header.profile === "tractor" ? "tractor" : "generic");
  const exit = Number(header.exit);
  const classified = classifyOutput({
    text: exit === 0 ? text : `Exit code ${exit}\n${text}`,
    fromFailure: exit !== 0,
    command: header.command as string,
    profile: p,
    report: null,
  });
  const composed = composeReport({
    classified,
    profile: p,
    changedFiles: o.changed ?? [],
    tree: o.tree ?? null,
    history: o.history ?? [],
    now: new Date("2026-12-06T12:00:00Z"),
  });
  return { header, classified, c: classified.classification, ...composed };
}

describe("reruns keep the run's flags (item 3)", () => {
  it("tractor-trial (-x --tb=short --no-header -q): the rerun of the timeout-shaped test keeps --tb=short --no-header -q", () => {
    const { text, header } = recorded("tractor-trial");
    expect(header.command).toContain("--tb=short --no-header -q");
    const rerun = /rerun only that test once, alone: `([^`]+)`/.exec(text)?.[1];
    expect(rerun).toBeDefined();
    expect(rerun).toBe(
      "python -m pytest 'tests/test_cancellation.py::test_multierror_fast_nursery[num_subs=25-delays=0.5]' --tb=short --no-header -q",
    );
    // -x, --maxfail and -p no:cacheprovider are the run's choices, not how it prints: left out.
    expect(rerun).not.toMatch(/ -x|--maxfail|cacheprovider/);
  });
});

describe("a listed known-flaky test in its usual shape (item 7)", () => {
  const PEER =
    "tests/test_inter_peer_cancellation.py::test_peer_spawns_and_cancels_service_subactor[0.5-None]";
  it("a group holding a RemoteActorError raised from trio.fail_after matches the entry's trio.TooSlowError", () => {
    const { c } = recorded("tractor-remote-group");
    expect(c.tests.find((t) => t.id === PEER)?.class).toBe("flaky-known");
    expect(c.class).toBe("mixed");
  });

  it("the real failure gets its detail first: its line with the crash line comes before the known-flaky one", () => {
    const { text } = recorded("tractor-remote-group");
    const lines = text.split("\n");
    const real = lines.findIndex((l) =>
      l.startsWith("FAILED tests/test_local.py::test_register_actor - AssertionError"),
    );
    const flaky = lines.findIndex((l) => l.startsWith(`FAILED ${PEER}`));
    expect(real).toBeGreaterThan(0);
    expect(flaky).toBeGreaterThan(real);
    expect(text).toMatch(/Next: Real failure: read tests\/test_local\.py:7/);
    expect(text).not.toMatch(/Real failure: read tests\/test_inter_peer/);
  });
});
