// An in-memory CliIO for running CLI commands in-process: what they print is collected on `out` and `err`.
import type { CliIO } from "../../bin/cli/command.ts";

export interface FakeIO extends CliIO {
  out: string;
  err: string;
}

export function fakeIO(cwd: string, stdin = "", env: NodeJS.ProcessEnv = {}): FakeIO {
  const io: FakeIO = {
    out: "",
    err: "",
    stdout: (text) => {
      io.out += text;
    },
    stderr: (text) => {
      io.err += text;
    },
    readStdin: async () => stdin,
    cwd,
    env,
  };
  return io;
}
