// Which tests cover a changed file (hooks/gate/resolve.ts): the tractor profile's own mapping rows, the
// generic name convention, and which paths count as sources at all.
import { describe, expect, it } from "vitest";
import { loadProfile } from "../../hooks/core/profile/load.ts";
import type { Profile } from "../../hooks/core/profile/schema.ts";
import {
  conventionalNames,
  type GateLayout,
  kindOf,
  mappedRoots,
  resolveTests,
} from "../../hooks/gate/resolve.ts";

function profile(name: string): Profile {
  const loaded = loadProfile(name);
  if (!loaded.ok) throw new Error(name);
  return loaded.profile;
}

const tractor = profile("tractor");
const TRACTOR: GateLayout = {
  testsDir: tractor.project.tests_dir,
  mapping: tractor.mapping,
  package: tractor.project.package,
};
/** A slice of tractor's real test tree (tests/ at the commit the profile was written against). */
const TRACTOR_TESTS = [
  "tests/devx/test_debugger.py",
  "tests/discovery/test_multi_program.py",
  "tests/discovery/test_registrar.py",
  "tests/ipc/test_chan.py",
  "tests/ipc/test_server.py",
  "tests/msg/test_ext_types_msgspec.py",
  "tests/test_2way.py",
  "tests/test_cancellation.py",
  "tests/test_clustering.py",
  "tests/test_local.py",
  "tests/test_rpc.py",
  "tests/test_trioisms.py",
];

describe("tractor profile rows", () => {
  it("has the rows these cases rely on", () => {
    expect(tractor.mapping.length).toBeGreaterThan(5);
    expect(mappedRoots(TRACTOR)).toEqual(expect.arrayContaining(["tractor/", "src/tractor/"]));
  });

  it.each([
    // [changed file, via, tests]
    ["tractor/ipc/_chan.py", "mapping", ["tests/ipc/", "tests/test_2way.py"]],
    ["tractor/ipc/_server.py", "mapping", ["tests/ipc/", "tests/test_2way.py"]],
    [
      "tractor/_context.py",
      "mapping",
      ["tests/test_context_stream_semantics.py", "tests/test_advanced_streaming.py"],
    ],
    [
      "tractor/discovery/_registry.py",
      "mapping",
      ["tests/discovery/test_registrar.py", "tests/discovery/test_multi_program.py", "tests/test_local.py"],
    ],
    ["tractor/msg/types.py", "mapping", ["tests/msg/"]],
    // Two rows name _runtime.py's neighbours; _portal.py is in one row only.
    ["tractor/runtime/_portal.py", "mapping", ["tests/test_rpc.py", "tests/test_cancellation.py"]],
    // No row: the module's name (leading underscore dropped) finds its test file.
    ["tractor/trionics/_clustering.py", "name", ["tests/test_clustering.py"]],
    ["tractor/_trioisms.py", "name", ["tests/test_trioisms.py"]],
    // No row, no name: nothing (the gate asks for the quick check).
    ["tractor/log.py", "none", []],
  ] as const)("%s -> %s %j", (file, via, tests) => {
    const r = resolveTests(file, TRACTOR, TRACTOR_TESTS);
    expect(r.via).toBe(via);
    expect(r.tests).toEqual(tests);
  });

  it("a row's note comes along", () => {
    expect(resolveTests("tractor/ipc/_chan.py", TRACTOR, TRACTOR_TESTS).note).toBe(
      "_chan, _server, _transport",
    );
  });

  it("the test tree is not read when a row matches", () => {
    let asked = 0;
    resolveTests("tractor/ipc/_chan.py", TRACTOR, () => {
      asked++;
      return TRACTOR_TESTS;
    });
    expect(asked).toBe(0);
  });

  it.each([
    ["tractor/ipc/_chan.py", "source"],
    ["tractor/_root.py", "source"],
    ["src/tractor/_root.py", "source"],
    ["tests/ipc/test_chan.py", "test"],
    ["tests/conftest.py", "test"],
    ["tractor/conftest.py", "test"],
    ["docs/README.rst", "other"],
    ["tractor/README.md", "other"],
    ["examples/full_fledged_streaming_service.py", "other"], // outside the mapped roots
    ["setup.py", "other"],
    ["pyproject.toml", "other"],
  ] as const)("%s is %s", (path, kind) => {
    expect(kindOf(path, TRACTOR)).toBe(kind);
  });
});

describe("generic name convention (no mapping)", () => {
  const GENERIC: GateLayout = { testsDir: "tests", mapping: [], package: "pkg" };
  const NO_ROOTS: GateLayout = { testsDir: "tests", mapping: [] };
  const TESTS = [
    "tests/test_core.py",
    "tests/io/test_reader.py",
    "tests/io/test_core.py",
    "tests/net/test_socket_ops.py",
    "tests/test_init_pkg.py",
    "tests/test_utils/test_text.py",
    "tests/test_utils/test_paths.py",
    "tests/io/test_buffers/test_ring.py",
    "tests/test_buffers/test_ring.py",
  ];

  it.each([
    // [layout, file, via, tests]
    // Only the nearest of two files with the module's name: the tests folder itself for a top module,
    [GENERIC, "pkg/core.py", "name", ["tests/test_core.py"]],
    // the folder that mirrors pkg/io/ for pkg/io/core.py.
    [GENERIC, "pkg/io/core.py", "name", ["tests/io/test_core.py"]],
    [GENERIC, "pkg/io/_reader.py", "name", ["tests/io/test_reader.py"]],
    // A folder of tests named after the module: tests/test_utils/ for utils.py (and _utils.py).
    [GENERIC, "pkg/utils.py", "name", ["tests/test_utils/"]],
    [GENERIC, "pkg/_utils.py", "name", ["tests/test_utils/"]],
    // The nearest such folder: the one in the mirrored folder for pkg/io/buffers.py.
    [GENERIC, "pkg/io/buffers.py", "name", ["tests/io/test_buffers/"]],
    [GENERIC, "pkg/buffers.py", "name", ["tests/test_buffers/"]],
    // No test named after it: the mirrored test folder.
    [GENERIC, "pkg/net/socket.py", "folder", ["tests/net/"]],
    [GENERIC, "pkg/net/deep/socket.py", "folder", ["tests/net/"]],
    // Neither: nothing.
    [GENERIC, "pkg/cli.py", "none", []],
    // A package's __init__ goes by the package's name.
    [GENERIC, "pkg/io/__init__.py", "folder", ["tests/io/"]],
    // No roots known: the top folder is taken as the package.
    [NO_ROOTS, "lib/io/_reader.py", "name", ["tests/io/test_reader.py"]],
    [NO_ROOTS, "app.py", "none", []],
  ] as const)("%#: %s", (layout, file, via, tests) => {
    const r = resolveTests(file, layout, TESTS);
    expect({ via: r.via, tests: r.tests }).toEqual({ via, tests });
  });

  it.each([
    ["pkg/core.py", ["test_core.py"]],
    ["pkg/_core.py", ["test__core.py", "test_core.py"]],
    ["pkg/io/__init__.py", ["test_io.py"]],
    ["pkg/_speedups.pyx", ["test__speedups.py", "test_speedups.py"]],
  ])("%s is tested by %j", (file, names) => {
    expect(conventionalNames(file)).toEqual(names);
  });

  it.each([
    [GENERIC, "pkg/core.py", "source"],
    [GENERIC, "tools/gen.py", "other"],
    [NO_ROOTS, "lib/gen.py", "source"],
    [NO_ROOTS, "tests/test_core.py", "test"],
    [NO_ROOTS, "lib/core_test.py", "test"],
    [NO_ROOTS, "CHANGELOG.md", "other"],
    // No roots known: docs, examples, scripts and build files are not the project's code.
    [NO_ROOTS, "docs/conf.py", "other"],
    [NO_ROOTS, "examples/demo.py", "other"],
    [NO_ROOTS, "scripts/release.py", "other"],
    [NO_ROOTS, ".github/scripts/x.py", "other"],
    [NO_ROOTS, "setup.py", "other"],
    [NO_ROOTS, "noxfile.py", "other"],
    [NO_ROOTS, "src/lib/setup.py", "source"],
  ] as const)("%#: %s is %s", (layout, path, kind) => {
    expect(kindOf(path, layout)).toBe(kind);
  });
});
