// The pinned Codex CLI, installed at test time from the npm registry into <repo>/.cache/codex/<version>/
// (gitignored; never committed). `@openai/codex` is a small launcher whose native program comes in a
// per-platform optional dependency (`@openai/codex-linux-x64`, an alias of `@openai/codex@<v>-linux-x64`);
// we run that native binary directly, as test/e2e/claude.ts does for Claude Code.
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { installPinned, REPO_ROOT, readVersion } from "../claude.ts";

export const CODEX_VERSION = "0.169.0";
export const CODEX_CACHE = join(REPO_ROOT, ".cache", "codex");

/** The native `codex` binary in an install dir, or null when incomplete or another version. */
export function findCodexBinary(installDir: string, version = CODEX_VERSION): string | null {
  const scope = join(installDir, "node_modules", "@openai");
  if (readVersion(join(scope, "codex", "package.json")) !== version) return null;
  if (!existsSync(scope)) return null;
  for (const dir of readdirSync(scope).filter((d) => d.startsWith("codex-"))) {
    const vendor = join(scope, dir, "vendor");
    if (!existsSync(vendor)) continue;
    for (const triple of readdirSync(vendor)) {
      const bin = join(vendor, triple, "bin", process.platform === "win32" ? "codex.exe" : "codex");
      if (existsSync(bin)) return bin;
    }
  }
  return null;
}

async function install(target: string, version: string): Promise<void> {
  await installPinned(
    target,
    `@openai/codex@${version}`,
    (dir) => findCodexBinary(dir, version),
    "no native binary for this platform was found",
  );
}

let cached: Promise<string> | undefined;

/** Path to the pinned `codex` binary, installing it on first use (about 12 s, 200 MB). */
export function ensureCodex(version = CODEX_VERSION): Promise<string> {
  cached ??= (async () => {
    const dir = join(CODEX_CACHE, version);
    if (!findCodexBinary(dir, version)) {
      mkdirSync(CODEX_CACHE, { recursive: true });
      await install(dir, version);
    }
    const bin = findCodexBinary(dir, version);
    if (!bin) throw new Error(`Codex ${version} is not usable in ${dir}`);
    const { stdout } = await execa(bin, ["--version"], { stdin: "ignore" });
    if (!stdout.includes(version))
      throw new Error(`${bin} --version printed "${stdout}", expected ${version}`);
    return bin;
  })();
  return cached;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(await ensureCodex());
}
