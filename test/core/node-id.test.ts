import { describe, expect, it } from "vitest";
import {
  fileOfNodeId,
  headerTitleOf,
  isNodeId,
  isRerunnableId,
  joinNodeId,
  mapNodeIdFile,
  nodeIdWithin,
  nodePartOfTitle,
  parseNodeId,
  splitNodeId,
  testNameOf,
  withoutParams,
} from "../../hooks/core/pytest/node-id.ts";

describe("parseNodeId", () => {
  it("splits file, class path, function and params", () => {
    expect(parseNodeId("tests/test_x.py::TestA::TestB::test_c[1-2]")).toEqual({
      file: "tests/test_x.py",
      classes: ["TestA", "TestB"],
      function: "test_c",
      params: "1-2",
    });
    expect(parseNodeId("tests/test_x.py::test_c")).toEqual({
      file: "tests/test_x.py",
      classes: [],
      function: "test_c",
      params: null,
    });
  });
  it("keeps ::, dots and brackets inside the parameters", () => {
    const id = "t.py::TestA::test_x[a::b.c[0]]";
    expect(parseNodeId(id)).toEqual({
      file: "t.py",
      classes: ["TestA"],
      function: "test_x",
      params: "a::b.c[0]",
    });
    expect(splitNodeId(id)).toEqual({ file: "t.py", name: "TestA::test_x", params: "a::b.c[0]" });
    expect(testNameOf(id)).toBe("test_x");
    expect(withoutParams(id)).toBe("t.py::TestA::test_x");
    expect(headerTitleOf(id)).toBe("TestA.test_x[a::b.c[0]]");
  });
  it("reads a bare path as a file with no test", () => {
    expect(isNodeId("tests/test_x.py")).toBe(false);
    expect(splitNodeId("tests/test_x.py")).toEqual({ file: "", name: "tests/test_x.py", params: null });
    expect(fileOfNodeId("tests/test_x.py")).toBe("tests/test_x.py");
    expect(fileOfNodeId("tests/test_x.py::test_a")).toBe("tests/test_x.py");
    expect(headerTitleOf("tests/test_x.py")).toBe("tests/test_x.py");
  });
  it("an unclosed bracket runs to the end", () => {
    expect(splitNodeId("t.py::test[abc").params).toBe("abc");
  });
});

describe("building and comparing ids", () => {
  it("joins parts and maps the file part", () => {
    expect(joinNodeId("t.py", "TestA::test_b")).toBe("t.py::TestA::test_b");
    expect(joinNodeId("t.py", "test_b", "1|2")).toBe("t.py::test_b[1|2]");
    expect(mapNodeIdFile("t.py::A::b[x::y]", (f) => `sub/${f}`)).toBe("sub/t.py::A::b[x::y]");
    expect(mapNodeIdFile("tests", (f) => `sub/${f}`)).toBe("sub/tests");
  });
  it("says which ids a target selects", () => {
    expect(nodeIdWithin("tests/t.py::test_a[1]", "tests")).toBe(true);
    expect(nodeIdWithin("tests/t.py::test_a[1]", "tests/t.py")).toBe(true);
    expect(nodeIdWithin("tests/t.py::test_a[1]", "tests/t.py::test_a")).toBe(true);
    expect(nodeIdWithin("tests/t.py::test_ab", "tests/t.py::test_a")).toBe(false);
    expect(nodeIdWithin("tests2/t.py::test_a", "tests")).toBe(false);
  });
  it("round-trips a header title", () => {
    for (const id of ["t.py::TestA::test_b[a.b]", "t.py::test_b", "t.py::A::B::c"])
      expect(`t.py::${nodePartOfTitle(headerTitleOf(id))}`).toBe(id);
  });
  it("tells ids pytest can select again", () => {
    expect(isRerunnableId("t.py::test_a[1]")).toBe(true);
    expect(isRerunnableId("t.py")).toBe(false);
    expect(isRerunnableId("t.py::test_a[<Foo object at 0x7f00abcd>]")).toBe(false);
    expect(isRerunnableId("t.py::test_a\nx")).toBe(false);
  });
});
