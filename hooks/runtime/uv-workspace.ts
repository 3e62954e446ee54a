// The uv workspace a folder belongs to: the nearest folder above it whose pyproject.toml has a
// `[tool.uv.workspace]` listing it. Its root's `.venv` (and uv.lock) serve every member package, so both
// `init`'s detection (bin/install/interpreter.ts) and the plugin route's guess (hooks/runtime/guess-runner.ts)
// take it as a candidate. File reads only (fits in a hook).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { globMatches, PATH_GLOB } from "../core/glob.ts";

/** Globs of a uv workspace's `members`/`exclude` (one path segment per `*`). */
function memberMatches(glob: string, path: string): boolean {
  return globMatches(glob.replace(/\/+$/, ""), path, PATH_GLOB);
}

function tomlList(body: string, key: string): string[] {
  const m = new RegExp(`^\\s*${key}\\s*=\\s*\\[([^\\]]*)\\]`, "m").exec(body);
  return m ? [...(m[1] as string).matchAll(/"([^"]*)"|'([^']*)'/g)].map((x) => x[1] ?? x[2] ?? "") : [];
}

/**
 * The uv workspace `dir` is a member of: the nearest folder above it whose pyproject.toml has a
 * `[tool.uv.workspace]` that lists it (members globs, not excluded). null when there is none.
 */
export function uvWorkspaceRoot(dir: string): string | null {
  let at = dirname(dir);
  for (let depth = 0; depth < 8 && at !== dirname(at); depth++, at = dirname(at)) {
    const file = join(at, "pyproject.toml");
    if (existsSync(file)) {
      const text = readFileSync(file, "utf8").replaceAll("\r\n", "\n");
      const start = text.search(/^\[tool\.uv\.workspace\]\s*$/m);
      if (start >= 0) {
        const rest = text.slice(start).split("\n").slice(1);
        const end = rest.findIndex((l) => /^\s*\[/.test(l));
        const body = rest.slice(0, end < 0 ? undefined : end).join("\n");
        const member = relative(at, dir).split(sep).join("/");
        const listed = tomlList(body, "members").some((g) => memberMatches(g, member));
        const excluded = tomlList(body, "exclude").some((g) => memberMatches(g, member));
        return listed && !excluded ? at : null;
      }
    }
    if (existsSync(join(at, ".git"))) break;
  }
  return null;
}
