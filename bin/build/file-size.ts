// `npm run check`'s file-size rule: no TypeScript source outside test/ longer than MAX_LINES (data tables
// included). A file past it is split along its seam; the few that cannot be yet are listed below with why.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PACKAGE_ROOT } from "../../hooks/core/package-root.ts";

export const MAX_LINES = 600;

/** Files allowed past the limit for now, each with the reason (none today). */
export const OVER_LIMIT_ALLOWED: Record<string, string> = {
  "hooks/guard/git.ts":
    "the git rules become table rows in issue 18 item 2 (the guard's rule registry), which splits it",
};

export function lineCount(text: string): number {
  return text.length === 0 ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

/** The tracked TypeScript sources outside test/ that are over the limit and not allowed: [path, lines]. */
export function oversized(root = PACKAGE_ROOT, allowed = OVER_LIMIT_ALLOWED): Array<[string, number]> {
  const files = execFileSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "*.ts"],
    {
      cwd: root,
      encoding: "utf8",
    },
  )
    .split("\0")
    .filter((f) => f !== "" && !f.startsWith("test/") && !Object.hasOwn(allowed, f));
  const over: Array<[string, number]> = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(`${root}${file}`, "utf8");
    } catch {
      continue; // listed by git but deleted in the work tree
    }
    const lines = lineCount(text);
    if (lines > MAX_LINES) over.push([file, lines]);
  }
  return over;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const over = oversized();
  for (const [file, lines] of over)
    console.error(`TOO LONG: ${file} has ${lines} lines (limit ${MAX_LINES}): split it along its seam`);
  if (over.length > 0) process.exitCode = 1;
  else console.log(`file size: every source outside test/ within ${MAX_LINES} lines`);
}
