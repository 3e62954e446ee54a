// The dispatcher: command lookup, --help, and the exit codes shared by every subcommand.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { CLI_BUNDLE } from "../../bin/build/build.ts";
import { main } from "../../bin/cli/main.ts";
import { fakeIO } from "../setup/cli-io.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = fakeIO(process.cwd(), "", process.env);
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

describe("run-tests-skill dispatcher", () => {
  it("lists the commands with --help (exit 0) and without a command (exit 2)", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    for (const name of ["generate", "validate", "explain", "classify", "flaky", "init", "doctor"])
      expect(help.out).toContain(`  ${name} `);
    expect((await run([])).code).toBe(2);
  });

  it("prints the package's version with --version and -V, from the sources and from the prebuilt CLI", async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    for (const flag of ["--version", "-V"]) {
      const r = await run([flag]);
      expect(r).toEqual({ code: 0, out: `${version}\n`, err: "" });
    }
    // The published bin is the prebuilt bundle: the version is inlined at build time, no package.json read.
    const built = await execa("node", [join(ROOT, CLI_BUNDLE), "--version"], {
      reject: false,
    });
    expect(built.exitCode).toBe(0);
    expect(built.stdout).toBe(version);
  });

  it("refuses an unknown command with exit 2", async () => {
    const r = await run(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown command "frobnicate"');
  });

  it("answers a command's --help from its usage, but not a --help after --", async () => {
    const help = await run(["explain", "--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^usage: run-tests-skill explain/);
    const operand = await run(["explain", "--json", "--", "git", "commit", "--help"]);
    expect(operand.out).not.toMatch(/^usage:/);
    expect(JSON.parse(operand.out)).toMatchObject({ decision: "defer" });
  });

  it("turns a bad option into exit 2 with the usage", async () => {
    const r = await run(["explain", "--no-such-option", "--", "ls"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("usage: run-tests-skill explain");
  });
});
