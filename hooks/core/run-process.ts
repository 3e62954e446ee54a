// Runs a program to completion and collects its output, for the hooks' few child processes (read-only git,
// the reporter's import check). node:child_process directly rather than a process library: the hook bundles
// are copied into every user's repository, and this is all they need of one. Never rejects: a program that
// is missing, fails, times out or floods its output comes back as a result saying so.
import { spawn } from "node:child_process";

export interface RunOptions {
  cwd?: string;
  /** The whole environment of the child (pass {...process.env, ...} to extend ours). */
  env?: NodeJS.ProcessEnv;
  /** Kill the child (SIGTERM) after this many ms. */
  timeoutMs: number;
  /** Kill the child when stdout or stderr grows past this many bytes. Default 1 MB. */
  maxBuffer?: number;
}

export interface RunResult {
  /** undefined when the program never started or was killed by a signal. */
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  /** Anything but a clean exit 0: not started, non-zero exit, signal, timeout, output past maxBuffer. */
  failed: boolean;
  /** The program was not found (ENOENT). */
  missing: boolean;
  timedOut: boolean;
}

export function runProcess(file: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const maxBuffer = options.maxBuffer ?? 1024 * 1024;
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let timedOut = false;
    let overflow = false;
    let settled = false;
    const finish = (exitCode: number | undefined, missing = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({
        exitCode,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        failed: exitCode !== 0 || timedOut || overflow,
        missing,
        timedOut,
      });
    };
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(file, args, {
        cwd: options.cwd,
        env: options.env ?? process.env,
        stdio: ["ignore", "pipe", "pipe"],
        windowsHide: true,
      });
    } catch {
      // spawn throws synchronously for some bad arguments (e.g. a NUL byte); treat it as not started.
      finish(undefined);
      return;
    }
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGTERM");
    }, options.timeoutMs);
    const collect = (chunks: Buffer[], add: (n: number) => number) => (chunk: Buffer) => {
      if (add(chunk.length) > maxBuffer) {
        overflow = true;
        child.kill("SIGTERM");
        return;
      }
      chunks.push(chunk);
    };
    child.stdout?.on(
      "data",
      collect(out, (n) => (outBytes += n)),
    );
    child.stderr?.on(
      "data",
      collect(err, (n) => (errBytes += n)),
    );
    child.on("error", (error: NodeJS.ErrnoException) => finish(undefined, error.code === "ENOENT"));
    child.on("close", (code) => finish(code ?? undefined));
  });
}
