// Merging our registrations into .claude/settings.json and taking them out again: nothing of the user's is
// lost or reformatted, init twice changes nothing, and uninstall gives back the file byte for byte.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  HOOK_ENTRIES,
  type HookRegistrations,
  hookRegistrations,
  isOurHandler,
  PROJECT_BIN_DIR,
} from "../../bin/build/registration.ts";
import { objectShape, setMember } from "../../bin/install/json-edit.ts";
import {
  mergeRegistrations,
  ourHandlers,
  readSettings,
  removeRegistrations,
} from "../../bin/install/settings.ts";

const reg = (spellings = ["python -m pytest", "pytest"]): HookRegistrations =>
  hookRegistrations({
    binDir: PROJECT_BIN_DIR,
    entries: [...HOOK_ENTRIES],
    skillMatcher: "run-tests",
    pytestSpellings: spellings,
  });

const userHook = { type: "command", command: "echo user-hook" };

function merged(text: string | null, r = reg()) {
  const out = mergeRegistrations(text, r);
  if (!out.ok) throw new Error(out.problem);
  return out;
}

function handlerCount(r: HookRegistrations): number {
  return Object.values(r)
    .flatMap((groups) => groups ?? [])
    .flatMap((g) => g.hooks).length;
}

/** Settings files as people write them. Each must survive init + uninstall byte for byte. */
const BEFORE: Record<string, string> = {
  "empty object": "{}\n",
  "empty object, no newline": "{}",
  "two-space, permissions and env": `${JSON.stringify(
    { permissions: { allow: ["Bash(npm test)"], deny: ["Read(.env)"] }, env: { FOO: "1" } },
    null,
    2,
  )}\n`,
  "four-space indent, unknown keys": `${JSON.stringify(
    { zeta: true, model: "opus", "x-custom": { nested: [1, 2, { a: null }] }, alpha: "last" },
    null,
    4,
  )}\n`,
  "tab indent, no trailing newline": JSON.stringify(
    { permissions: { allow: [] }, statusLine: { type: "command" } },
    null,
    "\t",
  ),
  "odd formatting: inline arrays, three spaces, CRLF":
    '{\r\n   "permissions": { "allow": ["Read", "Grep"], "deny": [] },\r\n   "env": {"A": "b"}\r\n}\r\n',
  "minified on one line": '{"permissions":{"allow":["Read"]},"env":{"X":"1"}}',
  "one line with spaces": '{ "env": { "X": "1" } }\n',
  "user hooks in the same events and matchers": `${JSON.stringify(
    {
      hooks: {
        PreToolUse: [{ matcher: "Bash", hooks: [userHook] }],
        PostToolUse: [{ matcher: "Bash|Edit", hooks: [{ ...userHook, timeout: 5 }] }],
        Stop: [{ hooks: [{ type: "command", command: "notify-send done" }] }],
      },
      permissions: { allow: ["Bash(ls *)"] },
    },
    null,
    2,
  )}\n`,
  "empty hooks object and an empty event list": `${JSON.stringify({ hooks: { PreToolUse: [] }, env: {} }, null, 2)}\n`,
  "hooks object empty": `${JSON.stringify({ hooks: {} }, null, 2)}\n`,
  "hand-formatted hooks, inline groups":
    '{\n  "hooks": {"Stop": [{"hooks": [{"type": "command", "command": "say done"}]}],\n    "PreToolUse": [\n      {"matcher": "Edit", "hooks": [{"type": "command", "command": "fmt"}]}\n    ]},\n  "env": {}\n}\n',
  "keys that look like ours but are not": `${JSON.stringify(
    {
      hooks: {
        SessionStart: [{ hooks: [{ type: "command", command: "node", args: ["/opt/other/bin/x.mjs"] }] }],
      },
    },
    null,
    2,
  )}\n`,
};

describe("mergeRegistrations", () => {
  it("creates a settings file with only our hooks when there is none", () => {
    const out = merged(null);
    expect(out.changed).toBe(true);
    expect(out.baseline).toEqual({ created: true, containers: [], hooksText: null });
    expect(JSON.parse(out.text)).toEqual({ hooks: reg() });
    expect(out.text.endsWith("}\n")).toBe(true);
  });

  for (const [name, before] of Object.entries(BEFORE)) {
    describe(name, () => {
      const out = merged(before);
      const value = JSON.parse(out.text) as Record<string, unknown>;
      const original = JSON.parse(before) as Record<string, unknown>;

      it("keeps every top-level key, in order, and adds hooks", () => {
        const keys = Object.keys(original);
        expect(Object.keys(value).slice(0, keys.length)).toEqual(keys);
        for (const key of keys) if (key !== "hooks") expect(value[key]).toEqual(original[key]);
        expect(ourHandlers(value as never)).toHaveLength(handlerCount(reg()));
      });

      it("leaves the text outside `hooks` byte-identical", () => {
        const shapeBefore = objectShape(before);
        const shapeAfter = objectShape(out.text);
        for (const m of shapeBefore?.members ?? []) {
          if (m.key === "hooks") continue;
          const after = shapeAfter?.members.find((a) => a.key === m.key);
          expect(after && out.text.slice(after.valueStart, after.valueEnd)).toBe(
            before.slice(m.valueStart, m.valueEnd),
          );
        }
        // What follows the closing brace (newline or not, CRLF or LF) is unchanged.
        expect(out.text.slice((shapeAfter?.close ?? 0) + 1)).toBe(
          before.slice((shapeBefore?.close ?? 0) + 1),
        );
      });

      it("uses the file's own indentation and line ends for what it adds", () => {
        const shape = objectShape(before);
        if (!shape) throw new Error("not an object");
        if (shape.eol === "\r\n") expect(out.text.replaceAll("\r\n", "")).not.toContain("\n");
        if (shape.indent === "") expect(out.text.trim()).not.toContain("\n");
        else expect(out.text).toContain(`${shape.eol}${shape.indent}"hooks":`);
      });

      it("keeps the user's handlers, in the same groups, before ours", () => {
        const hooksBefore = (original.hooks ?? {}) as Record<string, unknown[]>;
        const hooksAfter = value.hooks as Record<string, unknown[]>;
        for (const [event, groups] of Object.entries(hooksBefore))
          expect(hooksAfter[event]?.slice(0, groups.length)).toEqual(groups);
      });

      it("changes nothing when run again", () => {
        const again = merged(out.text);
        expect(again.changed).toBe(false);
        expect(again.text).toBe(out.text);
      });

      it("is undone byte for byte by removeRegistrations", () => {
        const removed = removeRegistrations(out.text, out.baseline);
        if (!removed.ok) throw new Error(removed.problem);
        expect(removed.deleteFile).toBe(false);
        expect(removed.removed).toBe(handlerCount(reg()));
        expect(removed.text).toBe(before);
      });
    });
  }

  it("keeps the user's own hook groups in their original text (a minimal diff)", () => {
    const before = BEFORE["hand-formatted hooks, inline groups"] ?? "";
    const out = merged(before);
    expect(out.text).toContain('{"hooks": [{"type": "command", "command": "say done"}]}');
    expect(out.text).toContain('{"matcher": "Edit", "hooks": [{"type": "command", "command": "fmt"}]}');
  });

  it("refreshes our handlers in place when the profile's spellings change, and drops stale ones", () => {
    const first = merged(
      BEFORE["user hooks in the same events and matchers"] ?? "",
      reg(["python -m pytest", "./run-a"]),
    );
    // Spellings that contain "pytest" share the generic rules; one without it gets an exact rule of its own.
    const second = merged(first.text, reg(["python3 -m pytest", "./run-b"]));
    const value = JSON.parse(second.text) as { hooks: Record<string, { hooks: { if?: string }[] }[]> };
    const ifs = ourHandlers(value as never)
      .map((f) => f.handler.if)
      .filter(Boolean);
    expect(new Set(ifs)).toEqual(new Set(["Bash(*pytest*)", "Bash(*py.test*)", "Bash(./run-b *)"]));
    // The user's groups still come first, ours keep their place.
    expect(value.hooks.PreToolUse?.[0]).toEqual({ matcher: "Bash", hooks: [userHook] });
    const removed = removeRegistrations(second.text, first.baseline);
    expect(removed.ok && removed.text).toBe(BEFORE["user hooks in the same events and matchers"]);
  });

  it("takes our handler out of a group the user added their own handler to, and keeps theirs", () => {
    const first = merged("{}\n");
    const value = JSON.parse(first.text) as {
      hooks: { PreToolUse: { matcher: string; hooks: unknown[] }[] };
    };
    value.hooks.PreToolUse[0]?.hooks.push(userHook);
    const edited = `${JSON.stringify(value, null, 2)}\n`;

    const again = merged(edited);
    const after = JSON.parse(again.text) as typeof value;
    const groups = after.hooks.PreToolUse;
    expect(groups.find((g) => g.hooks.some((h) => !isOurHandler(h)))?.hooks).toEqual([userHook]);
    // Ours alone: the Bash guard's group, re-added, the stop gate's recorder and the file tools' group.
    expect(
      groups
        .filter((g) => g.hooks.every(isOurHandler))
        .map((g) => g.matcher)
        .sort(),
    ).toEqual(["Bash", "Bash", "Edit|Write|MultiEdit|NotebookEdit"]);

    const removed = removeRegistrations(again.text, first.baseline);
    if (!removed.ok) throw new Error(removed.problem);
    expect(JSON.parse(removed.text)).toEqual({
      hooks: { PreToolUse: [{ matcher: "Bash", hooks: [userHook] }] },
    });
  });

  it("re-adds a handler the user deleted by hand", () => {
    const first = merged("{}\n");
    const value = JSON.parse(first.text) as { hooks: Record<string, unknown> };
    delete value.hooks.PreToolUse;
    const again = merged(`${JSON.stringify(value, null, 2)}\n`);
    expect(again.changed).toBe(true);
    expect(ourHandlers(JSON.parse(again.text))).toHaveLength(handlerCount(reg()));
  });

  const invalid: Record<string, string> = {
    "not JSON": '{ "permissions": { "allow": [ }',
    "JSON with comments": '{\n  // my settings\n  "env": {}\n}\n',
    "trailing comma": '{ "env": {}, }',
    "an array": "[]",
    "a string": '"settings"',
    "hooks not an object": '{ "hooks": [] }',
    "hooks twice": '{ "hooks": {}, "env": {}, "hooks": {} }',
    empty: "",
  };
  for (const [name, text] of Object.entries(invalid)) {
    it(`refuses ${name}, naming the problem`, () => {
      const out = mergeRegistrations(text, reg());
      expect(out.ok).toBe(false);
      if (!out.ok) expect(out.problem.length).toBeGreaterThan(5);
      const removed = removeRegistrations(text);
      expect(removed.ok).toBe(false);
    });
  }
});

describe("removeRegistrations", () => {
  it("deletes a settings file that init created and that holds nothing else", () => {
    const out = merged(null);
    const removed = removeRegistrations(out.text, out.baseline);
    expect(removed.ok && removed.deleteFile).toBe(true);
  });

  it("copes with a byte-order mark an editor added after init", () => {
    const out = merged(null);
    const removed = removeRegistrations(`\ufeff${out.text}`, out.baseline);
    expect(removed).toMatchObject({ ok: true, removed: expect.any(Number), deleteFile: true });
  });

  it("keeps a file init created when the user has added settings since", () => {
    const out = merged(null);
    const withEnv = setMember(out.text, "env", { A: "1" });
    const removed = removeRegistrations(withEnv, out.baseline);
    if (!removed.ok) throw new Error(removed.problem);
    expect(removed.deleteFile).toBe(false);
    expect(JSON.parse(removed.text)).toEqual({ env: { A: "1" } });
  });

  it("without a baseline removes only our handlers and the containers that held only them", () => {
    const text = merged(BEFORE["user hooks in the same events and matchers"] ?? "").text;
    const removed = removeRegistrations(text);
    expect(removed.ok && removed.text).toBe(BEFORE["user hooks in the same events and matchers"]);
  });

  it("reports nothing removed for a file without our handlers", () => {
    const text = BEFORE["keys that look like ours but are not"] ?? "";
    const removed = removeRegistrations(text);
    expect(removed).toMatchObject({ ok: true, changed: false, removed: 0, text });
  });
});

describe("readSettings", () => {
  it("accepts a byte-order mark", () => {
    expect(readSettings('\ufeff{"env":{}}').kind).toBe("ok");
  });
});

// Any JSON object a person could have written, in any of the usual indentations: init then uninstall gives it
// back exactly, and init is idempotent.
describe("property: merge then remove is the identity", () => {
  const key = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== "hooks" && k !== "__proto__");
  const leaf = fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null));
  const value = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: "small" },
      leaf,
      fc.array(tie("node"), { maxLength: 3 }),
      fc.dictionary(key, tie("node"), { maxKeys: 3 }),
    ),
  })).node;
  const userGroup = fc.record({
    matcher: fc.constantFrom("Bash", "Edit|Write", "Skill", "run-tests"),
    hooks: fc.array(
      fc.record({ type: fc.constant("command"), command: fc.string({ minLength: 1, maxLength: 12 }) }),
      {
        minLength: 1,
        maxLength: 2,
      },
    ),
  });
  const hooks = fc.dictionary(
    fc.constantFrom("PreToolUse", "PostToolUse", "PostToolUseFailure", "Stop", "SessionStart"),
    fc.array(userGroup, { minLength: 1, maxLength: 2 }),
    { maxKeys: 3 },
  );
  const settings = fc.tuple(fc.dictionary(key, value, { maxKeys: 5 }), fc.option(hooks, { nil: undefined }));
  const indent = fc.constantFrom<string | number>(2, 4, "\t", 3, 0);

  it("holds for random settings", () => {
    fc.assert(
      fc.property(settings, indent, fc.boolean(), fc.boolean(), ([rest, userHooks], ind, newline, inline) => {
        const object = userHooks ? { ...rest, hooks: userHooks } : rest;
        let before = JSON.stringify(object, null, ind) + (newline ? "\n" : "");
        // People also write their hooks on one line inside an indented file.
        if (inline && userHooks) before = setMember(before, "hooks", userHooks, JSON.stringify(userHooks));
        const out = merged(before);
        expect(merged(out.text).text).toBe(out.text);
        const removed = removeRegistrations(out.text, out.baseline);
        if (!removed.ok) throw new Error(removed.problem);
        expect(removed.text).toBe(before);
      }),
      { numRuns: 300 },
    );
  });
});
