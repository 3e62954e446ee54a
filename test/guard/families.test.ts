// The adversarial corpus per family (./families.ts) through the pure decide(): every mutation denied with a
// run-tests reason in both modes, every read given no decision outside skill mode.
import { describe, expect, it } from "vitest";
import { decide } from "../../hooks/guard/decide.ts";
import { guardPolicyFromProfile } from "../../hooks/guard/policy.ts";
import { BENIGN } from "./benign.ts";
import { FAMILIES } from "./families.ts";
import { tractorProfile } from "./helpers.ts";

const policy = guardPolicyFromProfile(tractorProfile());

for (const [family, { deny, allow }] of Object.entries(FAMILIES)) {
  describe(family, () => {
    it.each(deny)("denied: %j", (command) => {
      for (const ctx of [
        { skillActive: false, policy: null },
        { skillActive: true, policy },
      ]) {
        const d = decide(command, ctx);
        expect(d.decision, `${ctx.skillActive ? "skill" : "outside"}: ${d.rule} ${d.reason}`).toBe("deny");
        expect(d.reason).toMatch(/^run-tests guard: /);
      }
    });
    it.each(allow)("allowed: %j", (command) => {
      const d = decide(command, { skillActive: false, policy: null });
      expect(d.decision, `${d.rule}: ${d.reason}`).toBe("defer");
    });
  });
}

/** Everyday commands the guard still refuses, each with why. Kept empty: a refusal of everyday work is a
 *  defect to fix at its cause (issue 15), not a rate to stay under. */
const KNOWN_FALSE_POSITIVES: ReadonlyMap<string, string> = new Map();

describe("false positives on everyday commands (./benign.ts)", () => {
  it("none of a few hundred everyday commands is refused outside skill mode", () => {
    const distinct = [...new Set(BENIGN)];
    const denied = distinct
      .map((command) => ({ command, d: decide(command, { skillActive: false, policy: null }) }))
      .filter((r) => r.d.decision === "deny" && !KNOWN_FALSE_POSITIVES.has(r.command))
      .map((r) => `${r.command} -> ${r.d.rule}: ${r.d.reason}`);
    console.log(`false positives: ${denied.length} of ${distinct.length} distinct everyday commands`);
    expect(distinct.length).toBeGreaterThanOrEqual(300);
    expect(denied, denied.join("\n")).toEqual([]);
  });
  it("every listed false positive is in the corpus and still refused (a fixed one leaves the list)", () => {
    const stale = [...KNOWN_FALSE_POSITIVES.keys()].filter(
      (command) =>
        !BENIGN.includes(command) ||
        decide(command, { skillActive: false, policy: null }).decision !== "deny",
    );
    expect(stale).toEqual([]);
  });
});
