// One Codex scenario: a scratch dir with its own HOME and CODEX_HOME, a git repo holding the sample pytest
// project (trusted in CODEX_HOME/config.toml), a mock Responses API answering from a script, and the real
// `codex exec` run against it with a clean environment. What the model received is read from the mock's
// request log. Facts: ../shared/reference/codex-hooks.md ("Setup that makes Codex talk only to a local mock").
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { pythonDir, REPO_ROOT, SAMPLE_PROJECT } from "../harness.ts";
import { CODEX_CACHE, ensureCodex } from "./codex-cli.ts";
import {
  type CodexTurn,
  type InputItem,
  itemText,
  type LoggedResponsesRequest,
  type ResponsesBody,
  startResponsesMock,
} from "./responses-mock.ts";

/** Codex refuses to create its helper aliases under a temp dir (see create()); a checkout under /tmp (a CI
 *  clone, say) puts .cache/ there too, so the homes then go under the user's own cache instead. */
const TEMP_ROOTS = [tmpdir(), "/tmp", "/var/tmp"];
const underTemp = (path: string) => TEMP_ROOTS.some((t) => path === t || path.startsWith(`${t}/`));
const CODEX_HOMES = underTemp(CODEX_CACHE)
  ? join(homedir(), ".cache", "run-tests-skill-e2e", "codex-homes")
  : join(CODEX_CACHE, "homes");

export interface CodexRun {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  /** Requests of this run, in order. */
  requests: LoggedResponsesRequest[];
}

export interface CodexRunOptions {
  /** `-s` sandbox mode; default danger-full-access (the hooks are what is under test). */
  sandbox?: "read-only" | "workspace-write" | "danger-full-access" | null;
  bypassHookTrust?: boolean;
  extraArgs?: string[];
  timeoutMs?: number;
}

export class CodexScenario {
  readonly scratch: string;
  readonly home: string;
  readonly codexHome: string;
  readonly project: string;
  /** node's folder, the real python's folder (not a pyenv shim, which needs the real HOME), then the PATH. */
  path = process.env.PATH ?? "/usr/bin:/bin";

  private constructor(scratch: string, codexHome: string) {
    this.scratch = scratch;
    this.home = join(scratch, "home");
    this.codexHome = codexHome;
    this.project = join(scratch, "project");
  }

  /** Scratch dirs, the sample project committed in a fresh git repo, a trusted Codex home. */
  static async create(files: Record<string, string> = SAMPLE_PROJECT): Promise<CodexScenario> {
    // CODEX_HOME outside the temp dirs: there Codex refuses to create its helper aliases, among them the
    // `codex-linux-sandbox` that its bwrap sandbox execs ("Refusing to create helper binaries under temporary
    // dir"), and every sandboxed command fails.
    mkdirSync(CODEX_HOMES, { recursive: true });
    const s = new CodexScenario(
      mkdtempSync(join(tmpdir(), "rts-codex-")),
      mkdtempSync(join(CODEX_HOMES, "h-")),
    );
    for (const d of [s.home, s.codexHome, s.project]) mkdirSync(d, { recursive: true });
    s.path = [dirname(process.execPath), await pythonDir(), s.path].join(":");
    for (const [rel, text] of Object.entries(files)) s.write(rel, text);
    const git = (...args: string[]) => execa("git", args, { cwd: s.project, env: s.gitEnv() });
    await git("init", "-q", "-b", "main");
    await git("add", "-A");
    await git("commit", "-q", "-m", "initial");
    writeFileSync(
      join(s.codexHome, "config.toml"),
      [
        'model = "mock-model"',
        'model_provider = "mock"',
        "",
        "[model_providers.mock]",
        'name = "mock"',
        'base_url = "http://127.0.0.1:9/v1"',
        'env_key = "MOCK_KEY"',
        'wire_api = "responses"',
        "",
        `[projects.${JSON.stringify(s.project)}]`,
        'trust_level = "trusted"',
        "",
      ].join("\n"),
    );
    return s;
  }

  write(rel: string, text: string): void {
    const path = join(this.project, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }

  gitEnv(): NodeJS.ProcessEnv {
    return {
      PATH: this.path,
      HOME: this.home,
      GIT_AUTHOR_NAME: "e2e",
      GIT_AUTHOR_EMAIL: "e2e@example.invalid",
      GIT_COMMITTER_NAME: "e2e",
      GIT_COMMITTER_EMAIL: "e2e@example.invalid",
      GIT_CONFIG_NOSYSTEM: "1",
    };
  }

  /** `run-tests-skill init` from this checkout's sources. */
  async init(...args: string[]): Promise<{ exitCode: number | undefined; stdout: string; stderr: string }> {
    const r = await execa("npx", ["tsx", join(REPO_ROOT, "bin/cli/main.ts"), "init", this.project, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, HOME: this.home },
      reject: false,
      stdin: "ignore",
    });
    return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
  }

  async git(...args: string[]): Promise<string> {
    const r = await execa("git", args, { cwd: this.project, env: this.gitEnv(), reject: false });
    return r.stdout;
  }

  /** One `codex exec` run of `prompt` against a fresh mock answering `script`. */
  async run(prompt: string, script: CodexTurn[], options: CodexRunOptions = {}): Promise<CodexRun> {
    const bin = await ensureCodex();
    const mock = await startResponsesMock(script, join(this.scratch, "requests.jsonl"));
    try {
      const args = [
        "exec",
        ...(options.bypassHookTrust === false ? [] : ["--dangerously-bypass-hook-trust"]),
        "--skip-git-repo-check",
        // No -s when the project's own permission profile is under test: -s selects the older sandbox settings.
        ...(options.sandbox === null ? [] : ["-s", options.sandbox ?? "danger-full-access"]),
        "-c",
        `model_providers.mock.base_url="${mock.url}"`,
        ...(options.extraArgs ?? []),
        prompt,
      ];
      const r = await execa(bin, args, {
        cwd: this.project,
        env: { ...this.gitEnv(), CODEX_HOME: this.codexHome, MOCK_KEY: "mock", TMPDIR: tmpdir() },
        extendEnv: false,
        reject: false,
        stdin: "ignore",
        timeout: options.timeoutMs ?? 90_000,
      });
      return {
        exitCode: r.exitCode,
        stdout: r.stdout,
        stderr: r.stderr,
        requests: mock.requests.filter((q) => q.rule !== "404"),
      };
    } finally {
      await mock.close();
    }
  }

  cleanup(): void {
    if (process.env.RUN_TESTS_SKILL_E2E_KEEP === "1") return;
    rmSync(this.scratch, { recursive: true, force: true });
    rmSync(this.codexHome, { recursive: true, force: true });
  }
}

/** Every input item's text of a request, joined (what the model had in front of it). */
export function requestText(body: ResponsesBody): string {
  return (body.input ?? []).map(itemText).join("\n---\n");
}

/** The function_call_output of the call whose `cmd` was `command`, and the developer messages Codex put
 *  between that call and its output (PostToolUse additionalContext lands there). */
export function callResult(
  body: ResponsesBody,
  command: string,
): { output: string; context: string[] } | null {
  const input = body.input ?? [];
  const at = input.findIndex((item: InputItem) => {
    if (item.type !== "function_call") return false;
    try {
      return (JSON.parse(item.arguments ?? "{}") as { cmd?: string }).cmd === command;
    } catch {
      return false;
    }
  });
  if (at < 0) return null;
  const callId = input[at]?.call_id;
  const context: string[] = [];
  let output = "";
  for (const item of input.slice(at + 1)) {
    if (item.type === "function_call_output" && item.call_id === callId) {
      output = itemText(item);
      break;
    }
    if (item.type === "message" && item.role === "developer") context.push(itemText(item));
  }
  return { output, context };
}
