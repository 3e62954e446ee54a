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

describe("false positives on everyday commands (./benign.ts)", () => {
  it("under 1% of a few hundred everyday commands are denied outside skill mode", () => {
    const denied = BENIGN.map((command) => ({
      command,
      d: decide(command, { skillActive: false, policy: null }),
    }))
      .filter((r) => r.d.decision === "deny")
      .map((r) => `${r.command} -> ${r.d.rule}`);
    const rate = denied.length / BENIGN.length;
    console.log(`false positives: ${denied.length} of ${BENIGN.length} (${(rate * 100).toFixed(2)}%)`);
    expect(BENIGN.length).toBeGreaterThanOrEqual(300);
    expect(rate, denied.join("\n")).toBeLessThan(0.01);
  });
});
