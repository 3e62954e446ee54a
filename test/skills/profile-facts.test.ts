// The tractor profile against tractor's facts (docs/reference/tractor.md, copied into fixtures where a
// list is needed), and the generated JSON Schema's shape.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { profileJsonSchema } from "../../hooks/core/profile/json-schema.ts";
import { loadProfile } from "../../hooks/core/profile/load.ts";
import { referencedTestPaths } from "../../hooks/core/profile/paths.ts";
import type { Profile } from "../../hooks/core/profile/schema.ts";

function tractor(): Profile {
  const loaded = loadProfile("tractor");
  if (!loaded.ok) throw new Error("tractor does not load");
  return loaded.profile;
}

const TREE = readFileSync(
  fileURLToPath(new URL("../fixtures/skills/tractor-tests-3690e43a.txt", import.meta.url)),
  "utf8",
)
  .split("\n")
  .filter((line) => line && !line.startsWith("#"));

/** Not in the tree: a file that is not listed, or a folder no file lives in. */
const missing = (path: string) =>
  path.endsWith("/") ? !TREE.some((t) => t.startsWith(path)) : !TREE.includes(path);

describe("tractor profile facts", () => {
  it("every test path it names exists in tractor's tree at 3690e43a", () => {
    const paths = referencedTestPaths(tractor());
    expect(paths.length).toBeGreaterThan(20);
    const missing = paths.filter((p) =>
      p.endsWith("/") ? !TREE.some((t) => t.startsWith(p)) : !TREE.includes(p),
    );
    expect(missing).toEqual([]);
  });

  it("the path check would have caught the seed's stale paths", () => {
    const stale = { ...tractor(), layout: [{ path: "tests/test_discovery.py", note: "x" }], mapping: [] };
    expect(referencedTestPaths(stale).filter(missing)).toEqual(["tests/test_discovery.py"]);
  });

  it("options mirror tractor._testing.pytest", () => {
    const options = Object.fromEntries(tractor().options.project.map((o) => [o.flag, o]));
    expect(Object.keys(options).sort()).toEqual([
      "--enable-stackscope",
      "--ll",
      "--spawn-backend",
      "--tl",
      "--tpdb",
      "--tpt-proto",
    ]);
    expect(options["--tpt-proto"]).toMatchObject({ values: ["tcp", "uds"], default: "tcp", max_values: 1 });
    expect(options["--spawn-backend"]).toMatchObject({
      values: ["trio", "mp_spawn", "mp_forkserver"],
      default: "trio",
    });
    expect(options["--ll"]?.aliases).toEqual(["--loglevel"]);
    expect(options["--tl"]?.aliases).toEqual(["--tractor-loglevel"]);
    expect(options["--tpdb"]).toMatchObject({ aliases: ["--debug-mode"], requires: ["-s"] });
    expect(tractor().options.closed).toBe(true);
    expect(tractor().options.also_accept).not.toContain("--timeout");
  });

  it("known-flaky entries are repo-relative, with tractor.md §3's params and signatures", () => {
    const flaky = tractor().known_flaky.map((e) => [e.path, e.name, e.params ?? "any", e.signatures]);
    expect(flaky).toEqual([
      [
        "tests/devx/test_debugger.py",
        "test_multi_nested_subactors_error_through_nurseries",
        "any",
        ["pexpect.exceptions.TIMEOUT"],
      ],
      ["tests/test_cancellation.py", "test_cancel_via_SIGINT_other_task", "any", ["trio.TooSlowError"]],
      [
        "tests/test_inter_peer_cancellation.py",
        "test_peer_spawns_and_cancels_service_subactor",
        "any",
        ["trio.TooSlowError"],
      ],
      [
        "tests/test_docs_examples.py",
        "test_example",
        ["we_are_processes.py"],
        ["assert None == 0", "trio.TooSlowError"],
      ],
    ]);
  });

  it("runner, defaults and timeouts", () => {
    const { runner } = tractor();
    expect(runner.base).toBe("python -m pytest");
    expect(runner.default_flags.map((d) => d.flag)).toEqual(["-x", "--tb=short", "--no-header"]);
    expect(runner.timeouts).toEqual({ suite_ms: 600000, file_ms: 120000 });
  });
});

describe("profile.schema.json", () => {
  const schema = JSON.parse(profileJsonSchema()) as {
    if: unknown;
    definitions: { profile: Record<string, unknown>; partialProfile: Record<string, unknown> };
  };

  it("is strict like the valibot schema and requires what it requires", () => {
    const full = schema.definitions.profile as {
      required: string[];
      additionalProperties: boolean;
      properties: { known_flaky: { items: { required: string[]; additionalProperties: boolean } } };
    };
    expect(full.required).toEqual(["skill", "project", "runner", "options", "allowed_tools"]);
    expect(full.additionalProperties).toBe(false);
    expect(full.properties.known_flaky.items.required).toEqual(["path", "name", "signatures", "note"]);
    expect(full.properties.known_flaky.items.additionalProperties).toBe(false);
  });

  it("lets a profile with extends leave anything out", () => {
    expect(schema.if).toEqual({ required: ["extends"] });
    expect(JSON.stringify(schema.definitions.partialProfile)).not.toContain('"required"');
  });
});

describe("JSON text of generated files", () => {
  it("round-trips, one key per line, short plain arrays on one line, long ones one item per line", async () => {
    const { jsonText } = await import("../../hooks/core/profile/json-text.ts");
    const value = {
      a: [1, "x"],
      b: { c: [] },
      d: Array.from({ length: 12 }, (_, i) => `item-number-${i}`),
      e: [{ f: 1 }],
    };
    const text = jsonText(value);
    expect(JSON.parse(text)).toEqual(value);
    expect(text).toContain('  "a": [1, "x"],\n');
    expect(text).toContain('  "d": [\n    "item-number-0",\n');
    expect(text).toContain('  "e": [\n    {\n      "f": 1\n    }\n  ]\n');
    expect(text.endsWith("}\n")).toBe(true);
  });
});
