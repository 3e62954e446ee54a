// doctor's Python side with real interpreters (issue 8): the runner resolves, imports pytest (with its version)
// and the project's package, the streaming reporter imports under it; each failure names its fix. An unknown
// Claude Code version is "not checked", never "ok".
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { claudeVersionCheck, type DoctorResult, runDoctor } from "../../bin/install/doctor.ts";
import { runInit } from "../../bin/install/init.ts";
import { formatDoctor, formatInit } from "../../bin/install/present.ts";
import { cleanEnv, gitRepo, removeDir, scratchDir } from "./helpers.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

const ACME = {
  "pyproject.toml": '[project]\nname = "acme"\n',
  "acme/__init__.py": "",
  "tests/test_a.py": "import acme\n\n\ndef test_a():\n    pass\n",
};

async function venvRepo(python: string, system: boolean): Promise<string> {
  const dir = await gitRepo(ACME);
  dirs.push(dir);
  const args = ["-m", "venv", ...(system ? ["--system-site-packages"] : []), ".venv"];
  await execa(python, args, { cwd: dir, env: cleanEnv(), extendEnv: false });
  return dir;
}

function check(result: DoctorResult, title: RegExp) {
  const found = result.checks.find((c) => title.test(c.title));
  if (!found) throw new Error(`no check matching ${title}:\n${formatDoctor(result)}`);
  return found;
}

const env = () => cleanEnv({ PATH: process.env.PATH ?? "/usr/bin:/bin" });

describe("doctor: the Python side", () => {
  it("is green for a detected .venv runner, with pytest's version; red with the fix once the venv is gone", async () => {
    const python3 = (await execa("python3", ["-c", "import sys; print(sys.executable)"])).stdout.trim();
    const dir = await venvRepo(python3, true);
    const init = await runInit({ dir, cwd: dir, now: new Date(), detect: { env: env() } });
    if (!init.ok) throw new Error(formatInit(init));
    const green = await runDoctor({ dir, env: env() });
    expect(check(green, /^runner\.python `\.venv\/bin\/python` resolves$/)).toMatchObject({
      ok: true,
      detail: join(dir, ".venv/bin/python"),
    });
    expect(check(green, /imports pytest$/)).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/^pytest \d+\.\d+\.\d+, Python 3\.\d+\.\d+ at /),
    });
    expect(check(green, /imports acme from this checkout$/).ok).toBe(true);
    expect(check(green, /streaming reporter module imports/).ok).toBe(true);
    expect(green.ok, formatDoctor(green)).toBe(true);

    rmSync(join(dir, ".venv"), { recursive: true, force: true });
    const red = await runDoctor({ dir, env: env() });
    expect(red.ok).toBe(false);
    expect(check(red, /^runner\.python `\.venv\/bin\/python` resolves$/)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/\.venv\/bin\/python does not exist/),
      fix: expect.stringMatching(/python3 -m venv \.venv/),
    });
  }, 120_000);

  it("names pytest missing from the runner, with the pip command", async () => {
    // The system python3 has no pytest (checked: the case must not pass by accident).
    const plain = await execa("/usr/bin/python3", ["-c", "import pytest"], { reject: false });
    expect(plain.exitCode).not.toBe(0);
    const dir = await venvRepo("/usr/bin/python3", false);
    const profile = join(scratchDir("rts-doctor-profile-"), "profile.yaml");
    dirs.push(join(profile, ".."));
    writeFileSync(
      profile,
      "extends: generic\nproject:\n  name: acme\n  package: acme\n  tests_dir: tests\nrunner:\n  python: .venv/bin/python\n",
    );
    const init = await runInit({ dir, cwd: dir, now: new Date(), profile });
    if (!init.ok) throw new Error(formatInit(init));
    const result = await runDoctor({ dir, env: env() });
    expect(check(result, /resolves$/).ok).toBe(true);
    expect(check(result, /imports pytest$/)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/No module named 'pytest'/),
      fix: expect.stringMatching(/^\.venv\/bin\/python -m pip install pytest/),
    });
    expect(formatDoctor(result)).toMatch(/FAIL {2}`\.venv\/bin\/python` imports pytest/);
  }, 120_000);
});

describe("doctor: Claude Code version", () => {
  it("an unknown version is not checked, never ok", () => {
    for (const output of [null, "something else"]) {
      const result: DoctorResult = { ok: true, dir: "/x", checks: [claudeVersionCheck(output)] };
      expect(result.checks[0]?.notChecked).toBe(true);
      const text = formatDoctor(result);
      expect(text).toMatch(/---- {2}Claude Code version: not checked/);
      expect(text).not.toMatch(/\bok\b/);
      expect(text).toMatch(/1 not checked\./);
    }
    expect(claudeVersionCheck("2.1.332 (Claude Code)").notChecked).toBeUndefined();
  });
});
