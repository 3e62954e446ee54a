// tox.ini is read as tox reads it: `;` and `#` comment lines (also between the entries of a multi-line
// envlist), inline ` ;` / ` #` comments and blank lines inside a value. The real case is
// opentelemetry-python's tox.ini, read from its fetched snapshot (RTS_SNAPSHOTS: the folder holding
// `<owner>+<name>/repo` git dirs); its envlist opens with two `;` lines and has more between its entries.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { passesPosargs } from "../../bin/install/repo-notes.ts";
import { detectTestCommands, iniWithoutComments, toxEnvs } from "../../bin/install/test-commands.ts";
import { removeDir, scratchDir, writeFiles } from "./helpers.ts";

const SNAPSHOTS = process.env.RTS_SNAPSHOTS ?? "/work/.mirror";
const OTEL = join(SNAPSHOTS, "open-telemetry+opentelemetry-python", "repo");
const haveOtel = existsSync(OTEL);
if (!haveOtel) console.warn(`tox-ini: the opentelemetry-python case is skipped, no snapshot at ${OTEL}`);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

function repo(files: Record<string, string>): string {
  const dir = scratchDir("rts-tox-");
  dirs.push(dir);
  writeFiles(dir, files);
  return dir;
}

/** Words of a comment that must never be taken for an environment. */
const COMMENT_WORDS = /^(;|#|Environments|organized|intentionally|excluded|from|pypy3\)?)$/;

describe.skipIf(!haveOtel)("opentelemetry-python's real tox.ini", () => {
  it("envlist: every environment, none of the comment words, past the blank lines", async () => {
    const { stdout } = await execa("git", ["--git-dir", OTEL, "show", "HEAD:tox.ini"]);
    // The snapshot's shape, so a later snapshot without it fails here rather than passing for nothing.
    expect(stdout).toMatch(/^envlist =\n\s+; Environments are organized/m);
    const dir = repo({ "tox.ini": stdout });
    const envs = toxEnvs(dir) ?? [];
    expect(envs.filter((e) => COMMENT_WORDS.test(e) || /[;#]/.test(e))).toEqual([]);
    // Entries from the start, the middle (after `;` lines and blank lines) and the end of the list.
    for (const name of [
      "py310-test-opentelemetry-api",
      "py314t-test-opentelemetry-api",
      "pypy3-test-opentelemetry-api",
      "lint-opentelemetry-codegen-json",
      "py311-test-opentelemetry-sdk",
      "benchmark-opentelemetry-sdk",
      "py310-test-opentelemetry-exporter-otlp-combined",
    ])
      expect(envs).toContain(name);
    expect(envs.length).toBeGreaterThan(100);
    // Its [testenv] commands pass {posargs}.
    expect(passesPosargs(dir, "tox")).toBe(true);
    const found = detectTestCommands(dir, "3.11.7");
    expect(found.notes.join("\n")).not.toMatch(/environments ;|Environments, are/);
  });
});

describe("a tox.ini of the same shape", () => {
  // The shape of opentelemetry-python's tox.ini (its [tox] envlist, 2026-12): a value that opens with `;`
  // comment lines, blank lines between groups, `;` lines between entries, an inline comment.
  const SHAPE = [
    "[tox]",
    "envlist =",
    "    ; Environments are organized by individual package, allowing",
    "    ; for specifying supported Python versions per package.",
    "",
    "    py3{10,11}-test-core",
    "    lint-core",
    "",
    "    py3{10,11}-test-extra  ; pypy3 left out on purpose",
    "    # a hash comment line",
    "    benchmark-core",
    "skipsdist = True",
    "",
    "[testenv]",
    "commands =",
    "  ; commands_pre run first",
    "  test-core: pytest tests {posargs}",
    "",
  ].join("\n");

  it("envlist: the entries only", () => {
    expect(toxEnvs(repo({ "tox.ini": SHAPE }))).toEqual([
      "py310-test-core",
      "py311-test-core",
      "lint-core",
      "py310-test-extra",
      "py311-test-extra",
      "benchmark-core",
    ]);
  });

  it("a {posargs} that only a comment names passes nothing", () => {
    const commented = SHAPE.replace(
      "test-core: pytest tests {posargs}",
      "test-core: pytest tests ; {posargs}",
    );
    expect(passesPosargs(repo({ "tox.ini": SHAPE }), "tox")).toBe(true);
    expect(passesPosargs(repo({ "tox.ini": commented }), "tox")).toBe(false);
    const commentLine = SHAPE.replace("test-core: pytest tests {posargs}", "; pytest tests {posargs}");
    expect(passesPosargs(repo({ "tox.ini": commentLine }), "tox")).toBe(false);
  });

  it("iniWithoutComments keeps values, blank lines and an escaped or glued #", () => {
    expect(iniWithoutComments("a = 1 ; one\n; gone\n\nb = x#y\n  # gone too\nc = \\#z")).toBe(
      "a = 1\n\nb = x#y\nc = \\#z",
    );
  });
});
