// The pinned Claude Code CLI, installed at test time into <repo>/.cache/claude-code/<version>/ (gitignored:
// the package is proprietary and must never be committed or vendored).
//
// Since ~2.1.120 `@anthropic-ai/claude-code` is a thin wrapper whose real program is a native binary in a
// per-platform optional dependency (`@anthropic-ai/claude-code-linux-x64`, ...). The wrapper's postinstall
// links that binary over bin/claude.exe, but npm 11 may skip install scripts ("npm warn install-scripts").
// We therefore install with --ignore-scripts on purpose, so the result never depends on npm's script policy,
// and run the platform binary directly.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";

export const CLAUDE_CODE_VERSION = "2.1.332";
export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const CACHE_ROOT = join(REPO_ROOT, ".cache", "claude-code");

/** The suite runs by default; RUN_TESTS_SKILL_E2E=0 disables it (and the install) explicitly. */
export const E2E_DISABLED = process.env.RUN_TESTS_SKILL_E2E === "0";

const WRAPPER = "@anthropic-ai/claude-code";

/** The platform package's suffix, as the wrapper package names its optional dependencies. */
export function platformKey(): string {
  const cpu = process.arch;
  if (process.platform === "linux") {
    // glibc builds report the runtime glibc version; musl (Alpine) builds do not.
    const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)
      ?.header;
    return `linux-${cpu}${header?.glibcVersionRuntime === undefined ? "-musl" : ""}`;
  }
  return `${process.platform}-${cpu}`;
}

function binaryName(): string {
  return process.platform === "win32" ? "claude.exe" : "claude";
}

export function readVersion(packageJson: string): string | null {
  try {
    return (JSON.parse(readFileSync(packageJson, "utf8")) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

/** The native binary inside an install dir, or null when the install is incomplete or another version. */
export function findBinary(installDir: string, version = CLAUDE_CODE_VERSION): string | null {
  const scope = join(installDir, "node_modules", "@anthropic-ai");
  if (readVersion(join(scope, "claude-code", "package.json")) !== version) return null;
  const preferred = `claude-code-${platformKey()}`;
  const candidates = existsSync(scope)
    ? [preferred, ...readdirSync(scope).filter((d) => d.startsWith("claude-code-") && d !== preferred)]
    : [];
  for (const dir of candidates) {
    const bin = join(scope, dir, binaryName());
    if (existsSync(bin) && readVersion(join(scope, dir, "package.json")) === version) return bin;
  }
  return null;
}

/**
 * `npm install <spec>` beside `target`, renamed into place only once `binaryIn` finds the native program in
 * it, so an interrupted install never looks complete. Shared by the pinned agent CLIs (Claude Code, Codex).
 */
export async function installPinned(
  target: string,
  spec: string,
  binaryIn: (dir: string) => string | null,
  missing: string,
): Promise<void> {
  const staging = `${target}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  // Formatted the way biome formats JSON: npm keeps the file's style, and `biome check .` walks .cache/ too.
  writeFileSync(join(staging, "package.json"), `${JSON.stringify({ private: true }, null, 2)}\n`);
  await execa(
    "npm",
    ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--save-exact", "--loglevel=error", spec],
    { cwd: staging, stdin: "ignore" },
  );
  if (!binaryIn(staging)) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`npm installed ${spec} but ${missing}`);
  }
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
}

async function install(target: string, version: string): Promise<void> {
  await installPinned(
    target,
    `${WRAPPER}@${version}`,
    (dir) => findBinary(dir, version),
    `no native binary for ${platformKey()} was found (optional dependency @anthropic-ai/claude-code-${platformKey()} missing?)`,
  );
}

let cached: Promise<string> | undefined;

/**
 * Path to the `claude` executable of the pinned version, installing it on first use (about 6 s and 400 MB
 * from the npm registry). An existing install of the same version is reused.
 */
export function ensureClaude(version = CLAUDE_CODE_VERSION): Promise<string> {
  cached ??= (async () => {
    const dir = join(CACHE_ROOT, version);
    let bin = findBinary(dir, version);
    if (!bin) {
      mkdirSync(CACHE_ROOT, { recursive: true });
      await install(dir, version);
      bin = findBinary(dir, version);
    }
    if (!bin) throw new Error(`Claude Code ${version} is not usable in ${dir}`);
    const { stdout } = await execa(bin, ["--version"], {
      env: { DISABLE_AUTOUPDATER: "1" },
      stdin: "ignore",
    });
    if (!stdout.startsWith(`${version} `))
      throw new Error(`${bin} --version printed "${stdout}", expected ${version}`);
    return bin;
  })();
  return cached;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(await ensureClaude());
}
