// Benchmark (not a test): what the stop gate's recorder costs each Bash call of the agent's. Around every
// Bash call Claude Code runs `node <BUNDLE_HOME>/stop-gate.cjs` twice (PreToolUse: a `git status` of the tree,
// written as the command's before-tree; PostToolUse: a second `git status`, the difference appended to the
// session's change log). Measured on a small repository (60 files) and a large one (5,000 files in 250
// folders, generated; and, when its snapshot is present, opentelemetry-python's real tree), each with a clean
// index (git's racy-clean window passed and the index refreshed once, as in a repository the user works in):
//   - the two hook processes, wall and CPU (user+sys of node and its git child, from bash's `times`), next
//     to a bare `node -e 0`;
//   - the `git status` the recorder runs, alone, as it is run (STATUS_ARGS) and with cheaper variants;
//   - for a read-only command (`ls`, `git diff`), which the recorder skips: the same two hooks.
// Run: npx tsx test/bench/recorder.ts [--rounds N] [--json]   (build first: npm run build)
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { BUNDLE_HOME } from "../../bin/build/registration.ts";
import { READ_ONLY, STATUS_ARGS } from "../../hooks/core/git/status.ts";
import { compileProfile } from "../../hooks/core/profile/compile.ts";
import { loadProfile } from "../../hooks/core/profile/load.ts";
import { INSTALL_DIR, PROFILE_FILE } from "../../hooks/core/state/locate.ts";
import { childCpuMs, median } from "./measure.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const bundle = join(root, BUNDLE_HOME, "stop-gate.cjs");
const SESSION = "bench-recorder";
/** What the recorder may add to one Bash call (both hooks, over node's own start) on a large repo. */
export const BUDGET_MS = 20;
const OTEL = join(
  process.env.RTS_SNAPSHOTS ?? "/work/.mirror",
  "open-telemetry+opentelemetry-python",
  "repo",
);

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: "b",
  GIT_AUTHOR_EMAIL: "b@e",
  GIT_COMMITTER_NAME: "b",
  GIT_COMMITTER_EMAIL: "b@e",
};

function git(dir: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd: dir, env: gitEnv, encoding: "utf8", maxBuffer: 64 << 20 });
}

function write(dir: string, rel: string, text: string): void {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), text);
}

/** A repository with `files` Python files in folders of 20, the generic profile installed (.claude/ ignored),
 *  committed, and its index clean: every file's mtime set an hour back and the index refreshed, so no file
 *  is "racily clean" (git would re-read those on every status that may not rewrite the index). */
function generated(files: number): string {
  const dir = mkdtempSync(join(tmpdir(), "recorder-bench-"));
  const body = "def f(x):\n    return x\n".repeat(20);
  for (let i = 0; i < files; i++) write(dir, `pkg/d${Math.floor(i / 20)}/m${i}.py`, body);
  return finish(dir);
}

/** opentelemetry-python's tree at its snapshot's HEAD (git archive), committed as one commit. */
function fromSnapshot(): string | null {
  if (!existsSync(OTEL)) return null;
  const dir = mkdtempSync(join(tmpdir(), "recorder-bench-otel-"));
  spawnSync("sh", ["-c", `git --git-dir='${OTEL}' archive HEAD | tar -x -C '${dir}'`]);
  return finish(dir);
}

function finish(dir: string): string {
  write(dir, ".gitignore", ".claude/\n");
  const loaded = loadProfile("generic");
  if (!loaded.ok) throw new Error("generic profile does not load");
  write(dir, join(INSTALL_DIR, PROFILE_FILE), compileProfile(loaded.profile, "generic"));
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "bench");
  const past = new Date(Date.now() - 3_600_000);
  for (const rel of git(dir, "ls-files", "-z").split("\0").filter(Boolean))
    utimesSync(join(dir, rel), past, past);
  git(dir, "update-index", "--refresh", "-q");
  return dir;
}

function fileCount(dir: string): number {
  return git(dir, "ls-files", "-z").split("\0").filter(Boolean).length;
}

function wallMs(args: string[], input: string, env: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  const r = spawnSync(args[0] as string, args.slice(1), { input, env, encoding: "utf8" });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(" ")}: exit ${r.status}: ${r.stderr}`);
  return ms;
}

/** CPU ms (user+sys) of a command and its children, with stdin from a file, from bash's `times`. */
function cpuMs(args: string[], input: string, env: NodeJS.ProcessEnv, scratch: string): number {
  const file = join(scratch, "stdin.json");
  writeFileSync(file, input);
  const quoted = args.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
  const r = spawnSync("bash", ["-c", `${quoted} < '${file}' > /dev/null 2>&1; times`], {
    env,
    encoding: "utf8",
  });
  return childCpuMs(r.stdout);
}

export interface Row {
  wallMs: number;
  cpuMs: number;
}

export interface RepoResult {
  files: number;
  /** Both hooks of one Bash call that changes a file, and of a read-only one (skipped). */
  bashCall: Row;
  readOnlyCall: Row;
  /** The status alone, per variant of its arguments. */
  status: Record<string, Row>;
}

export interface RecorderBench {
  rounds: number;
  node: Row;
  repos: Record<string, RepoResult>;
}

const STATUS_VARIANTS: Record<string, string[]> = {
  "as run (STATUS_ARGS)": [...STATUS_ARGS],
  "--untracked-files=no (misses new files)": STATUS_ARGS.map((a) =>
    a === "--untracked-files=all" ? "--untracked-files=no" : a,
  ),
};

function benchRepo(dir: string, rounds: number, scratch: string): RepoResult {
  const env = { ...process.env, CLAUDE_PROJECT_DIR: dir };
  let id = 0;
  const hook = (event: "PreToolUse" | "PostToolUse", toolUseId: string, command: string) =>
    JSON.stringify({
      session_id: SESSION,
      cwd: dir,
      hook_event_name: event,
      tool_name: "Bash",
      tool_input: { command },
      tool_use_id: toolUseId,
      ...(event === "PostToolUse" ? { tool_response: { stdout: "" } } : {}),
    });
  const call = (command: string, measure: "wall" | "cpu"): number => {
    const toolUse = `toolu_bench_${++id}`;
    let total = 0;
    for (const event of ["PreToolUse", "PostToolUse"] as const) {
      const input = hook(event, toolUse, command);
      total +=
        measure === "wall"
          ? wallMs(["node", bundle], input, env)
          : cpuMs(["node", bundle], input, env, scratch);
    }
    return total;
  };
  const series = (f: (measure: "wall" | "cpu") => number): Row => {
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < rounds; i++) {
      wall.push(f("wall"));
      cpu.push(f("cpu"));
    }
    return { wallMs: median(wall), cpuMs: median(cpu) };
  };
  const status: Record<string, Row> = {};
  for (const [name, args] of Object.entries(STATUS_VARIANTS)) {
    const argv = ["git", ...READ_ONLY, "-C", dir, ...args];
    status[name] = series((m) =>
      m === "wall" ? wallMs(argv, "", { ...env, GIT_OPTIONAL_LOCKS: "0" }) : cpuMs(argv, "", env, scratch),
    );
  }
  return {
    files: fileCount(dir),
    bashCall: series((m) => call("sed -i 's/x/y/' pkg/notes.txt", m)),
    readOnlyCall: series((m) => call("ls -la && git diff --stat", m)),
    status,
  };
}

export function runBench(rounds: number): RecorderBench {
  const scratch = mkdtempSync(join(tmpdir(), "recorder-bench-in-"));
  const repos: RecorderBench["repos"] = {};
  const node = (() => {
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < rounds * 2; i++) {
      wall.push(wallMs(["node", "-e", "0"], "", process.env));
      cpu.push(cpuMs(["node", "-e", "0"], "", process.env, scratch));
    }
    return { wallMs: median(wall), cpuMs: median(cpu) };
  })();
  const made: Array<[string, () => string | null]> = [
    ["small (60 files)", () => generated(60)],
    ["large (5,000 files)", () => generated(5000)],
    ["opentelemetry-python snapshot", fromSnapshot],
  ];
  try {
    for (const [name, make] of made) {
      const dir = make();
      if (!dir) continue;
      try {
        repos[name] = benchRepo(dir, rounds, scratch);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { rounds, node, repos };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: { rounds: { type: "string", default: "11" }, json: { type: "boolean" } },
  });
  const result = runBench(Number(values.rounds));
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else {
    const n = result.node;
    const f = (x: number) => x.toFixed(1).padStart(8);
    console.log(
      `stop-gate recorder, median of ${result.rounds}; node -e 0: ${n.wallMs.toFixed(1)} ms wall, ${n.cpuMs.toFixed(1)} ms CPU; load ${(
        spawnSync("cat", ["/proc/loadavg"], { encoding: "utf8" }).stdout ?? ""
      )
        .split(" ")
        .slice(0, 3)
        .join(" ")}`,
    );
    console.log(
      `  ${"".padEnd(58)}${["wall", "-2 node", "cpu", "-2 node"].map((h) => h.padStart(8)).join("")}`,
    );
    let worst = 0;
    for (const [name, r] of Object.entries(result.repos)) {
      console.log(`${name}: ${r.files} tracked files`);
      const row = (label: string, x: Row, nodes: number) =>
        console.log(
          `  ${label.padEnd(58)}${f(x.wallMs)}${f(x.wallMs - nodes * n.wallMs)}${f(x.cpuMs)}${f(x.cpuMs - nodes * n.cpuMs)}`,
        );
      row("Bash call that writes (PreToolUse + PostToolUse)", r.bashCall, 2);
      row("read-only Bash call (PreToolUse + PostToolUse)", r.readOnlyCall, 2);
      for (const [variant, x] of Object.entries(r.status)) row(`git status ${variant}`, x, 0);
      if (!name.startsWith("small")) worst = Math.max(worst, r.bashCall.wallMs - 2 * n.wallMs);
    }
    console.log(
      `recorder over node's start, per Bash call on the large repos: worst ${worst.toFixed(1)} ms wall (budget ${BUDGET_MS} ms: ${worst <= BUDGET_MS ? "met" : "exceeded"})`,
    );
  }
}
