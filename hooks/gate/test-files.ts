// The test modules under the tests folder, repo-relative: a bounded walk of one folder (no git call), asked
// for only when a changed file has no mapping row.
import { readdirSync } from "node:fs";
import { join } from "node:path";

const TEST_MODULE = /^(?:test_.*|.*_test)\.py$/;
const MAX_ENTRIES = 20_000;

export function listTestFiles(root: string, testsDir: string): string[] {
  const base = testsDir.replace(/^\.\//, "").replace(/\/+$/, "");
  const out: string[] = [];
  const queue = [base];
  let seen = 0;
  while (queue.length > 0 && seen < MAX_ENTRIES) {
    const rel = queue.shift() as string;
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      seen++;
      if (e.name.startsWith(".") || e.name === "__pycache__" || e.name === "node_modules") continue;
      const path = rel && rel !== "." ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) queue.push(path);
      else if (TEST_MODULE.test(e.name)) out.push(path);
    }
  }
  return out.sort();
}
