// One end-to-end scenario: a scratch dir with its own HOME, a git repo holding a small pytest project, the
// bundle installed into it (by `run-tests-skill init`, as a plugin, or by a test's own setup), a mock Messages
// API answering from a script, and the real `claude -p` run against it with a clean environment.
//
// What the model received is read from the mock's request log (the next request after a tool call); the
// CLI's stream-json output is kept for evidence that hooks ran (`--include-hook-events`).
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { PLUGIN_RELEASE_DIR } from "../../bin/build/registration.ts";
import { ensureClaude, REPO_ROOT } from "./claude.ts";
import {
  type LoggedRequest,
  type MessagesBody,
  type MockServer,
  type RequestMessage,
  type ScriptTurn,
  startMockApi,
} from "./mock-api/server.ts";

export { REPO_ROOT };

/** The sample project: one passing file, one failing file, one test that fails like a known flaky one. */
export const SAMPLE_PROJECT: Record<string, string> = {
  "tests/__init__.py": "",
  "tests/test_pass.py": [
    "def test_addition():",
    "    assert 1 + 1 == 2",
    "",
    "",
    "def test_upper():",
    '    assert "abc".upper() == "ABC"',
    "",
  ].join("\n"),
  "tests/test_fail.py": [
    "def test_ok():",
    "    assert True",
    "",
    "",
    "def test_broken_sum():",
    "    assert sum([1, 2, 3]) == 7",
    "",
  ].join("\n"),
  // Deterministic "flaky" shape: a trio deadline that always expires, i.e. the crash is trio.TooSlowError.
  "tests/test_flaky.py": [
    "import trio",
    "",
    "",
    "def test_slow_handshake():",
    "    async def main():",
    "        with trio.fail_after(0.01):",
    "            await trio.sleep(1)",
    "",
    "    trio.run(main)",
    "",
  ].join("\n"),
  "app.py": "VALUE = 1\n",
  ".gitignore": "__pycache__/\n.pytest_cache/\n",
};

/** A user profile for the sample project: the generic profile plus one known-flaky entry. */
export const SAMPLE_PROFILE = [
  "extends: generic",
  "project:",
  "  name: e2e-sample",
  "  tests_dir: tests",
  "known_flaky:",
  "  - path: tests/test_flaky.py",
  "    name: test_slow_handshake",
  "    signatures: [trio.TooSlowError]",
  "    note: the handshake deadline is tight on loaded CI machines",
  "",
].join("\n");

export type Install =
  | { kind: "init"; profile?: string }
  /** `--plugin-dir`: the checkout's plugin folder (the developer's loop), or another folder. */
  | { kind: "plugin"; pluginDir?: string }
  /** `claude plugin marketplace add` + `plugin install --scope project`, from a copy of the checkout's files. */
  | { kind: "marketplace" }
  | { kind: "none" }
  | { kind: "custom"; setup: (projectDir: string, scratch: string) => void | Promise<void> };

export interface RunOptions {
  /** --allowedTools value(s); omitted: no permission flag at all. */
  allowedTools?: string;
  /** Add --continue (a new prompt in the same conversation, new prompt_id). */
  continue?: boolean;
  extraArgs?: string[];
  timeoutMs?: number;
}

export interface StreamEvent {
  type: string;
  subtype?: string;
  [key: string]: unknown;
}

export interface ToolResult {
  toolUseId: string;
  toolName: string | undefined;
  input: Record<string, unknown> | undefined;
  text: string;
  isError: boolean;
}

export interface RunResult {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  events: StreamEvent[];
  /** Main-loop requests made during this run, in order. */
  requests: LoggedRequest[];
  /** The last main-loop request: what the model was told after the last tool call of the run. */
  last: MessagesBody;
  durationMs: number;
}

export const CLI = join(REPO_ROOT, "bin", "run-tests-skill.mjs");

let pythonBinDir: Promise<string> | undefined;
/** The real interpreter's folder (a pyenv shim may depend on variables `env -i` drops). */
export function pythonDir(): Promise<string> {
  pythonBinDir ??= execa("python", ["-c", "import os, sys; print(os.path.dirname(sys.executable))"]).then(
    (r) => r.stdout.trim(),
  );
  return pythonBinDir;
}

/** git as the scenario's user: the scratch HOME, so no personal ~/.gitconfig (hooks, templates) applies. */
async function git(cwd: string, home: string, args: string[]): Promise<string> {
  const { stdout } = await execa("git", args, { cwd, env: { HOME: home, GIT_CONFIG_NOSYSTEM: "1" } });
  return stdout;
}

export class Scenario {
  readonly scratch: string;
  readonly home: string;
  readonly project: string;
  readonly tmp: string;
  readonly logFile: string;
  mock!: MockServer;
  claude!: string;
  private pluginDir: string | undefined;
  private runs = 0;

  private constructor(scratch: string) {
    this.scratch = scratch;
    this.home = join(scratch, "home");
    this.project = join(scratch, "proj");
    this.tmp = join(scratch, "t");
    this.logFile = join(scratch, "requests.jsonl");
  }

  static async create(options: {
    install: Install;
    script?: ScriptTurn[];
    files?: Record<string, string>;
    /** Where the scratch dir goes (default: the system temp dir); a scenario whose sandbox opens /tmp puts
     *  HOME elsewhere so that home stays outside what the sandbox lets it write. */
    scratchRoot?: string;
  }) {
    // Short path on purpose: Claude Code puts a socket under CLAUDE_CODE_TMPDIR (103-byte limit).
    const s = new Scenario(mkdtempSync(join(options.scratchRoot ?? tmpdir(), "rts-e2e-")));
    try {
      for (const dir of [s.home, s.project, s.tmp]) mkdirSync(dir, { recursive: true });
      s.claude = await ensureClaude();
      await s.writeProject({ ...SAMPLE_PROJECT, ...options.files });
      s.mock = await startMockApi({ script: options.script ?? [], logFile: s.logFile });
      await s.install(options.install);
      return s;
    } catch (error) {
      await s.close();
      throw error;
    }
  }

  private async writeProject(files: Record<string, string>): Promise<void> {
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(dirname(join(this.project, rel)), { recursive: true });
      writeFileSync(join(this.project, rel), text);
    }
    await this.git(["init", "-q", "-b", "main"]);
    await this.git(["config", "user.name", "E2E Tester"]);
    await this.git(["config", "user.email", "e2e@example.invalid"]);
    await this.git(["config", "commit.gpgsign", "false"]);
    await this.git(["add", "-A"]);
    await this.git(["commit", "-q", "-m", "sample project"]);
  }

  private async install(install: Install): Promise<void> {
    if (install.kind === "init") {
      const profileFile = join(this.scratch, "profile.yaml");
      writeFileSync(profileFile, install.profile ?? SAMPLE_PROFILE);
      const r = await execa("node", [CLI, "init", this.project, "--profile", profileFile], {
        cwd: this.project,
        reject: false,
        stdin: "ignore",
      });
      if (r.exitCode !== 0)
        throw new Error(`run-tests-skill init failed (exit ${r.exitCode}):\n${r.stdout}\n${r.stderr}`);
      // The install is part of the user's repo state; commit it so later "nothing committed" checks are exact.
      await this.git(["add", "-A"]);
      await this.git(["commit", "-q", "-m", "install run-tests-skill"]);
    } else if (install.kind === "marketplace") {
      await this.installFromMarketplace();
    } else if (install.kind === "plugin") {
      this.pluginDir = install.pluginDir ?? join(REPO_ROOT, PLUGIN_RELEASE_DIR);
    } else if (install.kind === "custom") {
      await install.setup(this.project, this.scratch);
    }
  }

  /** Where `plugin install` put the plugin (from Claude Code's installed_plugins.json). */
  installedPluginPath: string | undefined;
  /** The marketplace copy the plugin was installed from. */
  marketplaceDir: string | undefined;

  /**
   * Installs the plugin the way a user does from the repository: the marketplace is a copy of what a clone
   * would hold (tracked files and new ones git does not ignore: no node_modules, no .cache), added with
   * `claude plugin marketplace add`, then `claude plugin install <plugin>@<marketplace> --scope project`.
   */
  private async installFromMarketplace(): Promise<void> {
    const source = join(this.scratch, "marketplace");
    this.marketplaceDir = source;
    const { stdout } = await execa("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
      cwd: REPO_ROOT,
    });
    for (const rel of stdout.split("\0").filter(Boolean)) {
      if (!existsSync(join(REPO_ROOT, rel))) continue; // deleted in the working tree
      mkdirSync(dirname(join(source, rel)), { recursive: true });
      copyFileSync(join(REPO_ROOT, rel), join(source, rel));
    }
    const manifest = JSON.parse(readFileSync(join(source, ".claude-plugin", "marketplace.json"), "utf8")) as {
      name: string;
      plugins: Array<{ name: string }>;
    };
    const id = `${manifest.plugins[0]?.name}@${manifest.name}`;
    for (const args of [
      ["plugin", "marketplace", "add", source],
      ["plugin", "install", id, "--scope", "project"],
    ]) {
      const r = await this.cli(args, { timeoutMs: 120_000 });
      if (r.exitCode !== 0)
        throw new Error(`claude ${args.join(" ")} failed (exit ${r.exitCode}):\n${r.output}`);
    }
    const installed = JSON.parse(
      readFileSync(join(this.home, ".claude", "plugins", "installed_plugins.json"), "utf8"),
    ) as { plugins: Record<string, Array<{ installPath: string }>> };
    this.installedPluginPath = installed.plugins[id]?.[0]?.installPath;
    await this.git(["add", "-A"]);
    await this.git(["commit", "-q", "-m", "enable the run-tests-skill plugin"]);
  }

  /** Runs `claude -p PROMPT` with a clean environment, sequentially after any earlier run. */
  async run(prompt: string, script: ScriptTurn[] | undefined, options: RunOptions = {}): Promise<RunResult> {
    if (script) this.mock.setScript(script);
    this.runs += 1;
    const before = this.mock.requests.length;
    const args = ["-p", prompt, "--output-format", "stream-json", "--verbose", "--include-hook-events"];
    if (options.continue) args.push("--continue");
    if (options.allowedTools !== undefined) args.push("--allowedTools", options.allowedTools);
    if (this.pluginDir) args.push("--plugin-dir", this.pluginDir);
    args.push(...(options.extraArgs ?? []));
    const started = performance.now();
    const r = await execa(this.claude, args, {
      cwd: this.project,
      extendEnv: false, // env -i: nothing of a parent Claude Code (CLAUDECODE, CLAUDE_*) leaks in
      env: await this.env(),
      stdin: "ignore",
      reject: false,
      timeout: options.timeoutMs ?? 90_000,
      forceKillAfterDelay: 2_000,
    });
    const durationMs = performance.now() - started;
    const stdout = String(r.stdout ?? "");
    const stderr = String(r.stderr ?? "");
    writeFileSync(join(this.scratch, `stream-${this.runs}.jsonl`), stdout);
    writeFileSync(join(this.scratch, `stderr-${this.runs}.txt`), stderr);
    const events = parseStream(stdout);
    const requests = this.mock.requests.slice(before).filter((q) => q.rule.startsWith("main:"));
    const lastRequest = requests.at(-1);
    if (!lastRequest) {
      throw new Error(
        `claude made no main-loop request (exit ${r.exitCode}${r.timedOut ? ", timed out" : ""}).\n` +
          `stderr: ${stderr.slice(0, 2000)}\nstdout: ${stdout.slice(0, 2000)}\nscratch: ${this.scratch}`,
      );
    }
    return {
      exitCode: r.exitCode,
      stdout,
      stderr,
      events,
      requests,
      last: lastRequest.body as MessagesBody,
      durationMs,
    };
  }

  /** Any other `claude` invocation (e.g. `plugin validate`) with the same clean environment. */
  async cli(args: string[], options: { cwd?: string; timeoutMs?: number } = {}) {
    const r = await execa(this.claude, args, {
      cwd: options.cwd ?? this.project,
      extendEnv: false,
      env: await this.env(),
      stdin: "ignore",
      reject: false,
      all: true,
      timeout: options.timeoutMs ?? 60_000,
    });
    return { exitCode: r.exitCode, output: String(r.all ?? "") };
  }

  /** PATH for claude (and so for its hooks and Bash calls) when a scenario needs a particular one, e.g. a
   *  python3-only machine; unset: node's folder, the real python's folder, then the test's PATH. */
  path: string | undefined;

  private async env(): Promise<Record<string, string>> {
    const path =
      this.path ??
      [dirname(process.execPath), await pythonDir(), process.env.PATH ?? "/usr/bin:/bin"].join(":");
    return {
      PATH: path,
      HOME: this.home,
      TERM: "dumb",
      LANG: "C.UTF-8",
      ANTHROPIC_BASE_URL: this.mock.url,
      ANTHROPIC_API_KEY: "dummy",
      DISABLE_AUTOUPDATER: "1",
      DISABLE_TELEMETRY: "1",
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
      CLAUDE_CODE_TMPDIR: this.tmp,
    };
  }

  git(args: string[]): Promise<string> {
    return git(this.project, this.home, args);
  }

  /** HEAD, the staged tree and the index entries: equal snapshots mean nothing was committed or staged. */
  async gitState(): Promise<{ head: string; commits: string; index: string; staged: string }> {
    return {
      head: await this.git(["rev-parse", "HEAD"]),
      commits: await this.git(["rev-list", "--count", "--all"]),
      index: await this.git(["ls-files", "--stage"]),
      staged: await this.git(["diff", "--cached", "--name-status"]),
    };
  }

  readProjectFile(rel: string): string {
    return readFileSync(join(this.project, rel), "utf8");
  }

  writeProjectFile(rel: string, text: string): void {
    writeFileSync(join(this.project, rel), text);
  }

  async close(options: { keep?: boolean } = {}): Promise<void> {
    await this.mock?.close();
    if (!options.keep && process.env.RUN_TESTS_SKILL_E2E_KEEP !== "1")
      rmSync(this.scratch, { recursive: true, force: true });
  }
}

export function parseStream(stdout: string): StreamEvent[] {
  const events: StreamEvent[] = [];
  for (const line of stdout.split("\n")) {
    if (!line.trim().startsWith("{")) continue;
    try {
      events.push(JSON.parse(line) as StreamEvent);
    } catch {
      // a partial last line after a kill: ignore
    }
  }
  return events;
}

// ---- reading what the model received ------------------------------------------------------------------

function blocksOf(message: RequestMessage): Array<{ type: string; [key: string]: unknown }> {
  return typeof message.content === "string" ? [{ type: "text", text: message.content }] : message.content;
}

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content))
    return content
      .map((b) => (b && typeof b === "object" && "text" in b ? String((b as { text: unknown }).text) : ""))
      .join("\n");
  return "";
}

/** Every tool_result in the request, joined with the tool_use it answers. */
export function toolResults(body: MessagesBody): ToolResult[] {
  const uses = new Map<string, { name: string; input: Record<string, unknown> }>();
  const results: ToolResult[] = [];
  for (const message of body.messages ?? []) {
    for (const block of blocksOf(message)) {
      if (block.type === "tool_use")
        uses.set(String(block.id), {
          name: String(block.name),
          input: (block.input ?? {}) as Record<string, unknown>,
        });
      if (block.type === "tool_result") {
        const id = String(block.tool_use_id);
        results.push({
          toolUseId: id,
          toolName: uses.get(id)?.name,
          input: uses.get(id)?.input,
          text: contentText(block.content),
          isError: block.is_error === true,
        });
      }
    }
  }
  return results;
}

/** The result of the Bash call whose command equals `command` (the last one, if it ran twice). */
export function bashResult(body: MessagesBody, command: string): ToolResult {
  const found = toolResults(body).filter((r) => r.toolName === "Bash" && r.input?.command === command);
  const result = found.at(-1);
  if (!result) throw new Error(`no tool_result for Bash command ${JSON.stringify(command)} in the request`);
  return result;
}

/**
 * Text the CLI added for the model outside tool results: `role:"system"` messages (hook feedback, on 2.1.332)
 * and `<system-reminder>` text blocks inside user messages (another container seen for the same feedback).
 */
export function systemTexts(body: MessagesBody): string[] {
  const out: string[] = [];
  for (const message of body.messages ?? []) {
    if (message.role === "system") out.push(contentText(message.content));
    else if (message.role === "user")
      for (const block of blocksOf(message))
        if (block.type === "text" && String(block.text).includes("<system-reminder>"))
          out.push(String(block.text));
  }
  return out;
}

/**
 * What the CLI told the model right after one tool call: the texts that follow its tool_result up to the next
 * assistant message (role:"system" messages, or text blocks next to the tool_result in the same user message).
 */
export function feedbackFor(body: MessagesBody, toolUseId: string): string[] {
  const messages = body.messages ?? [];
  const at = messages.findIndex((m) =>
    blocksOf(m).some((b) => b.type === "tool_result" && b.tool_use_id === toolUseId),
  );
  if (at < 0) throw new Error(`no tool_result ${toolUseId} in the request`);
  const out: string[] = [];
  for (const block of blocksOf(messages[at] as RequestMessage))
    if (block.type === "text") out.push(String(block.text));
  for (const message of messages.slice(at + 1)) {
    if (message.role === "assistant") break;
    if (message.role === "system") out.push(contentText(message.content));
    else for (const block of blocksOf(message)) if (block.type === "text") out.push(String(block.text));
  }
  return out;
}

/** The additionalContext a hook gave for `event` right after one tool call, or undefined. */
export function contextFor(
  body: MessagesBody,
  toolUseId: string,
  event: string,
  tool = "Bash",
): string | undefined {
  const prefix = `${event}:${tool} hook additional context: `;
  const text = feedbackFor(body, toolUseId).find((t) => t.includes(prefix));
  return text === undefined ? undefined : text.slice(text.indexOf(prefix) + prefix.length);
}

/** The additionalContext texts a hook gave for `event` ("PostToolUse", "PostToolUseFailure"), in order. */
export function hookContexts(body: MessagesBody, event: string, tool = "Bash"): string[] {
  const prefix = `${event}:${tool} hook additional context: `;
  const out: string[] = [];
  for (const text of systemTexts(body)) {
    let at = text.indexOf(prefix);
    while (at >= 0) {
      const start = at + prefix.length;
      const next = text.indexOf(`:${tool} hook `, start);
      // Up to the next hook feedback prefix, if several were merged into one container.
      const end = next >= 0 ? text.lastIndexOf("\n", next) : -1;
      out.push(text.slice(start, end > start ? end : undefined).replace(/\n<\/system-reminder>\s*$/, ""));
      at = text.indexOf(prefix, start);
    }
  }
  return out;
}

/** All user-visible text of the first user message (the prompt, or the expanded slash command). */
export function firstUserText(body: MessagesBody): string {
  const first = (body.messages ?? []).find((m) => m.role === "user");
  return first
    ? blocksOf(first)
        .map((b) => (b.type === "text" ? String(b.text) : ""))
        .join("\n")
    : "";
}

/** Every text in every message (for a "does the model see X anywhere" check). */
export function allText(body: MessagesBody): string {
  return (body.messages ?? [])
    .flatMap((m) =>
      blocksOf(m).map((b) => (b.type === "tool_result" ? contentText(b.content) : String(b.text ?? ""))),
    )
    .join("\n");
}

// ---- evidence that hooks ran (stream-json with --include-hook-events) -----------------------------------

export interface HookEvent {
  subtype: string;
  hookEvent: string | undefined;
  hookName: string | undefined;
  raw: StreamEvent;
}

export function hookEvents(events: StreamEvent[]): HookEvent[] {
  return events
    .filter((e) => e.type === "system" && typeof e.subtype === "string" && e.subtype.startsWith("hook_"))
    .map((e) => ({
      subtype: String(e.subtype),
      hookEvent: typeof e.hook_event === "string" ? e.hook_event : undefined,
      hookName: typeof e.hook_name === "string" ? e.hook_name : undefined,
      raw: e,
    }));
}

export function bashScript(...commands: string[]): ScriptTurn[] {
  return commands.map((command) => ({
    tool_use: { name: "Bash", input: { command, description: "e2e step" } },
  }));
}
