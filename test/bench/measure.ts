// What every benchmark measures with: a process's CPU time (user+sys, which load on a busy machine skews far
// less than wall time) read from bash's `times`, and the median of a series.
import { execa } from "execa";

/** The CPU seconds of bash's children, from the output of `...; times`, in milliseconds. */
export function childCpuMs(timesOutput: string): number {
  const children = timesOutput.trim().split("\n").at(-1) ?? "";
  const secs = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return ((secs[0] ?? 0) + (secs[1] ?? 0)) * 1000;
}

/** CPU milliseconds (user+sys) of `node <args>` with stdin from a file, via bash's `times`. */
export async function cpuMs(nodeArgs: string, stdinFile: string, env: NodeJS.ProcessEnv): Promise<number> {
  const script = `node ${nodeArgs} < ${JSON.stringify(stdinFile)} > /dev/null 2>&1; times`;
  const { stdout } = await execa("bash", ["-c", script], { env });
  return childCpuMs(stdout);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
