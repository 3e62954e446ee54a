// The suite's sandbox allowances (bin/install/sandbox-allowances.ts): what a profile's `sandbox:` section
// opens, what it never opens, and that init's merge adds them next to the barrier and uninstall takes out
// exactly what it added, byte for byte.

import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { mergeSandbox, removeSandbox } from "../../bin/install/sandbox.ts";
import { planAllowances } from "../../bin/install/sandbox-allowances.ts";
import { SandboxNeeds } from "../../hooks/core/profile/schema.ts";
import { barrierDenyWrite, barrierIn } from "../../hooks/runtime/sandbox-layer.ts";

const DIR = "/work/project";
const HOME = "/home/dev";
const defaults = v.parse(SandboxNeeds, {});

describe("planAllowances", () => {
  it("generic defaults: /tmp writable, unix sockets and local ports allowed", () => {
    expect(planAllowances(defaults, DIR, HOME)).toEqual({
      allowWrite: ["/tmp"],
      network: ["allowAllUnixSockets", "allowLocalBinding"],
      skipped: [],
    });
  });

  it("never opens .git, .claude or a path holding the user's ~/.claude", () => {
    const needs = v.parse(SandboxNeeds, {
      write: [`${DIR}/.git`, `${DIR}/.claude/run-tests-skill`, "/home", "/", "~/.cache/tool", "/tmp"],
      unix_sockets: false,
      local_network: false,
    });
    const planned = planAllowances(needs, DIR, HOME);
    expect(planned.allowWrite).toEqual(["~/.cache/tool", "/tmp"]);
    expect(planned.network).toEqual([]);
    expect(planned.skipped).toHaveLength(4);
    expect(planned.skipped.join("\n")).toMatch(/\.git or \.claude/);
    expect(planned.skipped.join("\n")).toMatch(/could turn the sandbox off/);
  });

  it("the schema refuses relative write paths and glob test ids", () => {
    expect(v.safeParse(SandboxNeeds, { write: ["tmp"] }).success).toBe(false);
    expect(v.safeParse(SandboxNeeds, { incompatible: [{ test: "tests/*.py", why: "x" }] }).success).toBe(
      false,
    );
  });
});

describe("merge and undo with allowances", () => {
  const planned = planAllowances(defaults, DIR, HOME);
  const cases = [
    { name: "no sandbox", text: '{\n  "permissions": {"allow": ["Bash(ls)"]}\n}\n' },
    {
      name: "the user's own allowWrite and a network false",
      text: '{"sandbox": {"filesystem": {"allowWrite": ["/srv/out", "/tmp"]}, "network": {"allowAllUnixSockets": false}}}\n',
    },
  ];
  for (const c of cases) {
    it(`${c.name}: adds the allowances beside .git read-only; uninstall restores the text`, () => {
      const merged = mergeSandbox(c.text, DIR, planned);
      if (!merged.ok) throw new Error(merged.problem);
      const sandbox = JSON.parse(merged.text).sandbox;
      expect(barrierIn({ sandbox }, DIR)).toBe(true);
      expect(sandbox.filesystem.denyWrite).toEqual(barrierDenyWrite(DIR));
      expect(sandbox.filesystem.allowWrite).toContain("/tmp");
      expect(sandbox.network.allowLocalBinding).toBe(true);
      const again = mergeSandbox(merged.text, DIR, planned);
      expect(again.ok && again.changed).toBe(false);
      const undone = removeSandbox(merged.text, merged.baseline);
      expect(undone.ok && undone.text).toBe(c.text);
    });
  }

  it("a value the user set stays theirs: allowAllUnixSockets false is not flipped", () => {
    const merged = mergeSandbox('{"sandbox": {"network": {"allowAllUnixSockets": false}}}', DIR, planned);
    if (!merged.ok) throw new Error(merged.problem);
    expect(JSON.parse(merged.text).sandbox.network.allowAllUnixSockets).toBe(false);
    expect(merged.baseline.allowances?.network).toEqual(["allowLocalBinding"]);
  });

  it("a malformed allowWrite is a problem, not a crash", () => {
    const r = mergeSandbox('{"sandbox": {"filesystem": {"allowWrite": "/tmp"}}}', DIR, planned);
    expect(r.ok).toBe(false);
  });
});
