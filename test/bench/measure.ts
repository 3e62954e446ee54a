// What every benchmark measures with: a process's CPU time (user+sys, which load on a busy machine skews far
// less than wall time) read from bash's `times`, and the median of a series.
import { execa } from "execa";

/** The CPU seconds of bash's children, from the output of `...; times`, in milliseconds. */
export function childCpuMs(timesOutput: string): number {
  const children = timesOutput.trim().split("\n").at(-1) ?? "";
  const secs = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return ((secs[0] ?? 0) + (secs[1] ?? 0)) * 1000;
}

/** CPU milliseconds (user+sys) of `node <args>` with stdin from a file, via bash's `times`. stdout goes to
 *  /dev/null, or with `stdout: "pipe"` into a pipe to `cat` (as a hook's host reads it; a stream to a pipe costs
 *  differently): `cat`'s share is then in every sample alike. */
export async function cpuMs(
  nodeArgs: string,
  stdinFile: string,
  env: NodeJS.ProcessEnv,
  { stdout = "null" }: { stdout?: "null" | "pipe" } = {},
): Promise<number> {
  const sink = stdout === "pipe" ? "2>/dev/null | cat > /dev/null" : "> /dev/null 2>&1";
  const script = `node ${nodeArgs} < ${JSON.stringify(stdinFile)} ${sink}; times`;
  const times = await execa("bash", ["-c", script], { env });
  return childCpuMs(times.stdout);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
