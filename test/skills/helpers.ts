// Shared helpers for the skills tests: temp folders, profile files, a fake CLI IO, section extraction.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll } from "vitest";

const made: string[] = [];

/** A fresh temp folder, removed when the test file is done. */
export function tempDir(prefix = "rts-skills-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Write files (relative path -> content) under `root`. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

export { type FakeIO, fakeIO } from "../setup/cli-io.ts";

/** The text of the "## N. Title" section of a body (up to the next "## "). */
export function section(body: string, title: string): string {
  const lines = body.split("\n");
  const start = lines.findIndex((line) => new RegExp(`^## \\d+\\. ${title}$`).test(line));
  if (start === -1) throw new Error(`no section "${title}"`);
  const end = lines.findIndex((line, i) => i > start && line.startsWith("## "));
  return lines.slice(start, end === -1 ? undefined : end).join("\n");
}

/** A minimal valid profile as YAML, with optional extra top-level YAML appended. */
export function minimalProfileYaml(extra = ""): string {
  return `skill:
  name: run-tests
  description: "Run the tests. Use when asked to run tests."
  argument_hint: "[path]"
project:
  name: acme
  tests_dir: checks
runner:
  base: python -m pytest
  timeouts:
    suite_ms: 300000
    file_ms: 60000
options: {}
allowed_tools:
  - Bash(python -m pytest *)
  - Read
${extra}`;
}
