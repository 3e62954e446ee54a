// Benchmark (not a test): wall time of one stop-gate invocation (`node <BUNDLE_HOME>/stop-gate.cjs`, as Claude
// Code runs it at every stop, and around every Bash command of the agent's to record what it changed) on a
// repository of tractor's size: ~150 source modules under tractor/, ~50 test modules under tests/, the
// tractor profile installed, a full ledger (~500 runs). Next to a bare `node -e 0`, interleaved, and the
// gate's work measured in-process (a stop: change log, ledger read, decision; a Bash hook: git status).
// Budget (issue 12): the gate's cost, wall time over node's own start, under 150 ms per stop or tool hook.
// Run: npx tsx test/bench/stop-gate.ts [--rounds N] [--json]   (build first: npm run build)

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { BUNDLE_HOME } from "../../bin/build/registration.ts";
import { readTree } from "../../hooks/core/git/tree.ts";
import { compileProfile } from "../../hooks/core/profile/compile.ts";
import { loadProfile } from "../../hooks/core/profile/load.ts";
import { INSTALL_DIR, PROFILE_FILE, STATE_DIR } from "../../hooks/core/state/locate.ts";
import { readChanges } from "../../hooks/gate/agent-changes.ts";
import { decide } from "../../hooks/gate/decide.ts";
import { listTestFiles } from "../../hooks/gate/test-files.ts";
import { LEDGER_FILE, readLedger, serializeEntry } from "../../hooks/results/ledger.ts";
import { childCpuMs, median } from "./measure.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const bundle = join(root, BUNDLE_HOME, "stop-gate.cjs");
export const BUDGET_MS = 150;
const SESSION = "bench-session";

const FOLDERS = [
  "",
  "ipc",
  "msg",
  "runtime",
  "discovery",
  "spawn",
  "devx",
  "devx/debug",
  "trionics",
  "experimental",
];

function write(dir: string, rel: string, text: string): void {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), text);
}

function git(dir: string, ...args: string[]): void {
  const r = spawnSync("git", args, {
    cwd: dir,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "b",
      GIT_AUTHOR_EMAIL: "b@e",
      GIT_COMMITTER_NAME: "b",
      GIT_COMMITTER_EMAIL: "b@e",
    },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
}

function setUp(): string {
  const dir = mkdtempSync(join(tmpdir(), "stop-gate-bench-"));
  const body = "import trio\n\n\n".concat("def f(x):\n    return x\n\n\n".repeat(200));
  for (let i = 0; i < 150; i++)
    write(dir, `tractor/${FOLDERS[i % FOLDERS.length]}/_mod${i}.py`.replace("//", "/"), body);
  for (const f of ["ipc/_chan.py", "_context.py", "msg/types.py", "log.py"]) write(dir, `tractor/${f}`, body);
  for (let i = 0; i < 50; i++)
    write(
      dir,
      `tests/${["", "ipc", "msg", "discovery", "devx"][i % 5]}/test_t${i}.py`.replace("//", "/"),
      body,
    );
  for (const f of ["ipc/test_chan.py", "test_2way.py", "test_local.py"]) write(dir, `tests/${f}`, body);
  write(dir, "docs/README.md", "# docs\n");
  write(dir, ".gitignore", ".claude/\n");
  const loaded = loadProfile("tractor");
  if (!loaded.ok) throw new Error("tractor profile does not load");
  write(dir, join(INSTALL_DIR, PROFILE_FILE), compileProfile(loaded.profile, "tractor"));
  // A full ledger: 500 runs from an hour ago, each with a selection.
  const old = Date.now() - 3_600_000;
  const lines = Array.from({ length: 500 }, (_, k) =>
    serializeEntry({
      v: 1,
      t: new Date(old + k * 1000).toISOString(),
      start: new Date(old + k * 1000 - 500).toISOString(),
      cmd: "python -m pytest tests/ipc/ tests/test_2way.py -x --tb=short --no-header",
      tree: "0123456789abcdef",
      class: k % 3 === 0 ? "real-failure" : "pass",
      evidence: "complete",
      failed: k % 3 === 0 ? [["tests/ipc/test_chan.py::test_x[uds]", "trio.TooSlowError"]] : [],
      passed: [],
      scope: ["tests/ipc", "tests/test_2way.py"],
    }),
  );
  write(dir, join(STATE_DIR, LEDGER_FILE), lines.join(""));
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "bench");
  return dir;
}

function wallMs(args: string[], input: string, env: NodeJS.ProcessEnv): { ms: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync("node", args, { input, env, encoding: "utf8" });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

/** CPU ms (user+sys) of `node <args>` with stdin from a file, from bash's `times` (robust under load,
 *  unlike wall time). */
function cpuMs(args: string[], input: string, env: NodeJS.ProcessEnv, scratch: string): number {
  const file = join(scratch, "stdin.json");
  writeFileSync(file, input);
  const quoted = args.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
  const r = spawnSync("bash", ["-c", `node ${quoted} < '${file}' > /dev/null 2>&1; times`], {
    env,
    encoding: "utf8",
  });
  return childCpuMs(r.stdout);
}

export interface GateBench {
  rounds: number;
  nodeMs: number;
  nodeCpuMs: number;
  /** Wall ms of the process, and of the gate's own work in-process (git status, ledger read, decide). */
  cases: Record<string, { ms: number; cpuMs: number; workMs: number; blocked: boolean }>;
}

/** The work a stop does, in this process: the agent's change log, the ledger, the decision. */
function stopWorkMs(dir: string): number {
  const loaded = loadProfile("tractor");
  if (!loaded.ok) throw new Error("tractor");
  const profile = loaded.profile;
  const t0 = performance.now();
  const changes = readChanges(join(dir, STATE_DIR), SESSION);
  decide({
    profile,
    stopHookActive: false,
    changed: [...changes.keys()],
    lastChange: (p) => changes.get(p) ?? 0,
    testFiles: () => listTestFiles(dir, profile.project.tests_dir),
    ledger: readLedger(join(dir, STATE_DIR)),
  });
  return performance.now() - t0;
}

/** The work of a Bash tool hook, in this process: one `git status` of the tree with a stat per change. */
function treeWorkMs(dir: string): number {
  const t0 = performance.now();
  readTree(dir);
  return performance.now() - t0;
}

export function runBench(rounds: number): GateBench {
  const dir = setUp();
  try {
    const env = { ...process.env, CLAUDE_PROJECT_DIR: dir };
    // Each stop of a new prompt (a repeated stop of one prompt in one state is answered once: see the entry).
    let prompt = 0;
    const stop = () =>
      JSON.stringify({
        session_id: SESSION,
        prompt_id: `bench-prompt-${++prompt}`,
        cwd: dir,
        hook_event_name: "Stop",
        stop_hook_active: false,
      });
    const start = JSON.stringify({
      session_id: SESSION,
      cwd: dir,
      hook_event_name: "SessionStart",
      source: "startup",
    });
    const sessionStart = wallMs([bundle], start, env);
    let toolUse = 0;
    const bash = (event: "PreToolUse" | "PostToolUse", id: string) =>
      JSON.stringify({
        session_id: SESSION,
        cwd: dir,
        hook_event_name: event,
        tool_name: "Bash",
        tool_input: { command: "sed -i ... (bench)" },
        tool_use_id: id,
        ...(event === "PostToolUse" ? { tool_response: { stdout: "" } } : {}),
      });
    const edit = (rel: string) => writeFileSync(join(dir, rel), `# edited ${Date.now()}\n`, { flag: "a" });
    // The agent's edit: the file changes between the gate's PreToolUse and PostToolUse of one Bash call.
    const agent = (change: () => void) => () => {
      const id = `toolu_bench_${++toolUse}`;
      wallMs([bundle], bash("PreToolUse", id), env);
      change();
      wallMs([bundle], bash("PostToolUse", id), env);
    };
    const cases: Array<[string, () => void, boolean]> = [
      ["clean tree", () => {}, false],
      ["a human's edit, no tool call (not the agent's)", () => edit("tractor/_context.py"), false],
      ["docs only", agent(() => edit("docs/README.md")), false],
      ["mapped change, no run (blocks)", agent(() => edit("tractor/ipc/_chan.py")), true],
      [
        "20 changed sources, 4 unmapped (walks tests/)",
        agent(() => {
          for (let i = 0; i < 16; i++)
            edit(`tractor/${FOLDERS[i % FOLDERS.length]}/_mod${i}.py`.replace("//", "/"));
          for (const f of ["_context.py", "msg/types.py", "log.py"]) edit(`tractor/${f}`);
        }),
        true,
      ],
    ];
    const node: number[] = [];
    const nodeCpu: number[] = [];
    const scratch = mkdtempSync(join(tmpdir(), "stop-gate-bench-in-"));
    const out: GateBench["cases"] = {};
    for (const [name, prepare, blocks] of cases) {
      prepare();
      const times: number[] = [];
      const work: number[] = [];
      const cpu: number[] = [];
      let blocked = false;
      for (let i = 0; i < rounds; i++) {
        node.push(wallMs(["-e", "0"], "", env).ms);
        const r = wallMs([bundle], stop(), env);
        times.push(r.ms);
        work.push(stopWorkMs(dir));
        nodeCpu.push(cpuMs(["-e", "0"], "", env, scratch));
        cpu.push(cpuMs([bundle], stop(), env, scratch));
        blocked = r.stdout.includes('"decision":"block"');
      }
      if (blocked !== blocks) throw new Error(`${name}: expected ${blocks ? "a block" : "no block"}`);
      out[`Stop: ${name}`] = { ms: median(times), cpuMs: median(cpu), workMs: median(work), blocked };
    }
    // The cost the recorder adds to every Bash call of the agent's, on the tree as the cases left it (20
    // changed files): PreToolUse (git status, the before-tree written) and PostToolUse (git status, diff,
    // change log appended). They run beside the guard's own PreToolUse handler, not after it.
    for (const event of ["PreToolUse", "PostToolUse"] as const) {
      const times: number[] = [];
      const cpu: number[] = [];
      const work: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const id = `toolu_bench_${++toolUse}`;
        if (event === "PostToolUse") wallMs([bundle], bash("PreToolUse", id), env);
        node.push(wallMs(["-e", "0"], "", env).ms);
        times.push(wallMs([bundle], bash(event, id), env).ms);
        work.push(treeWorkMs(dir));
        nodeCpu.push(cpuMs(["-e", "0"], "", env, scratch));
        const id2 = `toolu_bench_${++toolUse}`;
        if (event === "PostToolUse") wallMs([bundle], bash("PreToolUse", id2), env);
        cpu.push(cpuMs([bundle], bash(event, id2), env, scratch));
      }
      out[`${event} Bash (records the agent's changes)`] = {
        ms: median(times),
        cpuMs: median(cpu),
        workMs: median(work),
        blocked: false,
      };
    }
    out["SessionStart (prunes old state; one run)"] = {
      ms: sessionStart.ms,
      cpuMs: Number.NaN,
      workMs: Number.NaN,
      blocked: false,
    };
    rmSync(scratch, { recursive: true, force: true });
    return { rounds, nodeMs: median(node), nodeCpuMs: median(nodeCpu), cases: out };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: { rounds: { type: "string", default: "15" }, json: { type: "boolean" } },
  });
  const result = runBench(Number(values.rounds));
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else {
    const col = (x: number) => (Number.isNaN(x) ? "" : x.toFixed(1)).padStart(8);
    console.log(
      `stop-gate, median of ${result.rounds}; node -e 0 alone: ${result.nodeMs.toFixed(1)} ms wall, ${result.nodeCpuMs.toFixed(1)} ms CPU`,
    );
    const head = ["wall", "-node", "cpu", "-node", "work"].map((h) => h.padStart(8)).join("");
    console.log(`  ${"case".padEnd(50)}${head}`);
    for (const [name, c] of Object.entries(result.cases))
      console.log(
        `  ${name.padEnd(50)}${col(c.ms)}${col(c.ms - result.nodeMs)}${col(c.cpuMs)}${col(c.cpuMs - result.nodeCpuMs)}${col(c.workMs)}${c.blocked ? "  (blocked)" : ""}`,
      );
    // The budget is the gate's own cost: what a stop adds over starting node (which every hook pays).
    const worst = Math.max(...Object.values(result.cases).map((c) => c.ms - result.nodeMs));
    console.log(
      `budget ${BUDGET_MS} ms over node's start: ${worst <= BUDGET_MS ? "met" : "EXCEEDED"} (worst ${worst.toFixed(1)} ms)`,
    );
    if (worst > BUDGET_MS) process.exitCode = 1;
  }
}
