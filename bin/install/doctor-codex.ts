// `doctor --host codex`: is the Codex side of an installation whole? Our registrations in .codex/hooks.json and
// the bundles they run, the skill where Codex reads it, two bundles answering Codex-shaped input (the guard
// denies a commit; the report reads a string output with no exit code), the enforcement tier (Codex fails
// open, so only its sandbox guarantees anything), and which of our hooks Codex has not been told to trust
// (its app server's `hooks/list`, when `codex` is on PATH).
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import {
  CODEX_CONFIG_FILE,
  CODEX_PROFILE_NAME,
  codexSandboxReadOnly,
  hasCodexSandbox,
} from "../../hooks/hosts/codex-sandbox.ts";
import { CODEX_SKILLS_DIR, expectedCodexHandlers } from "../build/codex-registration.ts";
import { bundleName, isOurHandler, presentEntries } from "../build/registration.ts";
import type { Check } from "./check.ts";
import { CODEX_HOOKS_FILE, codexReadOnlyPaths } from "./codex.ts";
import { PATHS } from "./layout.ts";
import { parseManifest, sha256 } from "./manifest.ts";
import { ourHandlers, readSettings } from "./settings.ts";

const textOf = (path: string) => (existsSync(path) ? readFileSync(path, "utf8") : null);

export const CODEX_TIER_TEXT = {
  guaranteed: `guaranteed (Codex's sandbox with the "${CODEX_PROFILE_NAME}" permission profile keeps the install, .git, .codex and .agents read-only)`,
  "best-effort":
    "best effort (Codex runs a command when a hook fails or is missing; `run-tests-skill init --host codex --sandbox` adds the permission profile)",
} as const;

/** Runs a copy of the installed bundle in a scratch project: under Codex a bundle's project is where it is
 *  installed, so the probe's state (the report's claimed tool ids) lands in the scratch copy, not the project. */
async function runBundle(dir: string, entry: string, input: unknown, cwd: string): Promise<string> {
  const bin = join(cwd, PATHS.binDir);
  mkdirSync(bin, { recursive: true });
  // The entry and the chunks it requires beside it (hooks/build.ts).
  for (const file of readdirSync(join(dir, PATHS.binDir)))
    copyFileSync(join(dir, PATHS.binDir, file), join(bin, file));
  if (existsSync(join(dir, PATHS.compiledProfile)))
    copyFileSync(join(dir, PATHS.compiledProfile), join(cwd, PATHS.compiledProfile));
  const r = await execa("node", [join(bin, bundleName(entry)), "--host", "codex"], {
    cwd,
    input: JSON.stringify(input),
    reject: false,
    timeout: 20_000,
    env: { PATH: process.env.PATH },
    extendEnv: false,
  });
  return r.stdout;
}

/** Codex's own list of the project's hooks with their trust status, or null when it cannot be read. */
export async function codexHookTrust(
  dir: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 20_000,
): Promise<{ command: string; trustStatus: string; eventName: string }[] | null> {
  return new Promise((done) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn("codex", ["app-server"], { cwd: dir, env, stdio: ["pipe", "pipe", "ignore"] });
    } catch {
      done(null);
      return;
    }
    let buffer = "";
    const finish = (value: ReturnType<typeof JSON.parse> | null) => {
      clearTimeout(timer);
      child.kill();
      done(value);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    child.on("error", () => finish(null));
    child.stdout?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      for (const line of buffer.split("\n").slice(0, -1)) {
        try {
          const msg = JSON.parse(line) as { id?: number; result?: { data?: { hooks?: unknown[] }[] } };
          if (msg.id === 2) finish((msg.result?.data ?? []).flatMap((d) => d.hooks ?? []));
        } catch {}
      }
      buffer = buffer.slice(buffer.lastIndexOf("\n") + 1);
    });
    const send = (msg: unknown) => child.stdin?.write(`${JSON.stringify(msg)}\n`);
    send({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { clientInfo: { name: "run-tests-skill", version: "1" } },
    });
    send({ jsonrpc: "2.0", method: "initialized" });
    send({ jsonrpc: "2.0", id: 2, method: "hooks/list", params: { cwds: [dir] } });
  });
}

export async function codexChecks(
  dir: string,
  env: NodeJS.ProcessEnv,
  options: { trustTimeoutMs?: number } = {},
): Promise<Check[]> {
  const checks: Check[] = [];
  const reinit = `run \`run-tests-skill init ${dir} --host codex\``;
  const manifest = parseManifest(textOf(join(dir, PATHS.manifest)) ?? "");
  const entries = presentEntries(join(dir, PATHS.binDir));

  // Registrations.
  const read = readSettings(textOf(join(dir, CODEX_HOOKS_FILE)));
  if (read.kind !== "ok") {
    checks.push({
      title: `Codex hook registrations in ${CODEX_HOOKS_FILE}`,
      ok: false,
      problem:
        read.kind === "absent"
          ? `${CODEX_HOOKS_FILE} does not exist`
          : `${CODEX_HOOKS_FILE} is ${read.problem}`,
      fix: read.kind === "absent" ? reinit : `make ${CODEX_HOOKS_FILE} a valid JSON object, then ${reinit}`,
    });
  } else {
    const found = ourHandlers(read.value);
    const missing = expectedCodexHandlers(entries).filter(
      (want) => !found.some((f) => f.event === want.event && f.handler.command === want.command),
    );
    checks.push({
      title: `Codex hook registrations in ${CODEX_HOOKS_FILE}`,
      ok: missing.length === 0 && found.length > 0,
      detail: `${found.length} handler(s) of ours`,
      ...(missing.length > 0 || found.length === 0
        ? {
            problem: `missing or changed: ${missing.map((m) => m.event).join(", ") || "all"}`,
            fix: reinit,
          }
        : {}),
    });
    const bundlesMissing = found
      .map((f) => /"\$d\/([^"]+\.cjs)"/.exec(String(f.handler.command))?.[1])
      .filter((rel): rel is string => typeof rel === "string" && !existsSync(join(dir, rel)));
    checks.push({
      title: "the bundles Codex's hooks run exist",
      ok: bundlesMissing.length === 0,
      ...(bundlesMissing.length > 0
        ? {
            problem: `missing: ${[...new Set(bundlesMissing)].join(", ")} (Codex then runs every command unchecked: it fails open)`,
            fix: reinit,
          }
        : {}),
    });
  }

  // The skill where Codex reads it.
  const skill = manifest?.skill ?? "run-tests";
  const skillRel = `${CODEX_SKILLS_DIR}/${skill}/SKILL.md`;
  const skillText = textOf(join(dir, skillRel));
  const wanted = manifest?.files[skillRel];
  checks.push({
    title: `skill ${skillRel}`,
    ok: skillText !== null && (wanted === undefined || sha256(skillText) === wanted),
    ...(skillText === null
      ? { problem: "Codex finds no run-tests skill", fix: reinit }
      : wanted !== undefined && sha256(skillText) !== wanted
        ? { problem: "changed since init", fix: `${reinit} --force` }
        : {}),
  });

  // Two bundles on Codex-shaped input, in a scratch folder (no state left in the project).
  if (entries.includes("guard") && entries.includes("report")) {
    const scratch = mkdtempSync(join(tmpdir(), "rts-doctor-codex-"));
    try {
      const common = {
        session_id: "doctor",
        turn_id: "doctor",
        transcript_path: null,
        cwd: scratch,
        model: "m",
      };
      const guard = await runBundle(
        dir,
        "guard",
        {
          ...common,
          hook_event_name: "PreToolUse",
          tool_name: "Bash",
          tool_input: { command: "git commit -am x" },
          tool_use_id: "c1",
        },
        scratch,
      );
      checks.push({
        title: "guard denies `git commit` on Codex's input",
        ok: guard.includes('"permissionDecision":"deny"'),
        ...(guard.includes("deny") ? {} : { problem: `answered ${guard.trim() || "nothing"}`, fix: reinit }),
      });
      const report = await runBundle(
        dir,
        "report",
        {
          ...common,
          hook_event_name: "PostToolUse",
          tool_name: "Bash",
          tool_input: { command: "python -m pytest tests/test_x.py -q" },
          tool_use_id: "c2",
          tool_response: "F\nFAILED tests/test_x.py::test_x - assert 0\n1 failed in 0.01s\n",
        },
        scratch,
      );
      checks.push({
        title: "report reads Codex's string output (no exit code)",
        ok: report.includes("real-failure"),
        ...(report.includes("real-failure")
          ? {}
          : { problem: `answered ${report.trim() || "nothing"}`, fix: reinit }),
      });
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  // The tier: Codex fails open, so the sandbox profile is the guarantee.
  const config = textOf(join(dir, CODEX_CONFIG_FILE));
  const profileOn = hasCodexSandbox(config);
  const readOnly = profileOn && config ? codexSandboxReadOnly(config) : [];
  const uncovered = codexReadOnlyPaths(existsSync(join(dir, PATHS.settings))).filter(
    (p) => !readOnly.includes(p),
  );
  const userConfig = textOf(join(env.CODEX_HOME || join(env.HOME || homedir(), ".codex"), "config.toml"));
  const userMode = userConfig ? /^\s*sandbox_mode\s*=\s*"([^"]+)"/m.exec(userConfig)?.[1] : undefined;
  checks.push({
    title: `Codex enforcement: ${CODEX_TIER_TEXT[profileOn && uncovered.length === 0 ? "guaranteed" : "best-effort"]}`,
    ok: !profileOn || (uncovered.length === 0 && userMode === undefined),
    ...(profileOn && uncovered.length > 0
      ? { problem: `the profile leaves ${uncovered.join(", ")} writable`, fix: `${reinit} --sandbox` }
      : profileOn && userMode
        ? {
            problem: `your Codex config sets sandbox_mode = "${userMode}", which replaces the project's permission profile`,
            fix: "remove sandbox_mode from your Codex config.toml (and do not pass -s/--sandbox to codex)",
          }
        : {}),
  });

  // Trust: Codex runs project hooks only once someone trusted them (/hooks in the TUI).
  const trust = await codexHookTrust(dir, env, options.trustTimeoutMs);
  if (trust === null) {
    checks.push({
      title: "Codex trusts our hooks",
      ok: true,
      notChecked: true,
      detail: "`codex app-server` did not answer (is `codex` on PATH?)",
    });
  } else {
    const ours = trust.filter((h) => isOurHandler({ command: h.command }));
    const untrusted = ours.filter((h) => h.trustStatus !== "trusted");
    checks.push({
      title: "Codex trusts our hooks",
      ok: ours.length > 0 && untrusted.length === 0,
      detail: `${ours.length - untrusted.length} of ${ours.length} trusted`,
      ...(untrusted.length > 0 || ours.length === 0
        ? {
            problem:
              ours.length === 0
                ? "Codex lists none of our hooks (is the project trusted in Codex?)"
                : `not trusted: ${untrusted.map((h) => `${h.eventName} (${h.trustStatus})`).join(", ")}; Codex skips them silently`,
            fix: "start `codex` in this project, type /hooks, review and trust the run-tests-skill hooks",
          }
        : {}),
    });
  }
  return checks;
}
