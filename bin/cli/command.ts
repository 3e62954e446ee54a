// The contract every subcommand implements. Exit codes are shared: 0 success, 1 a finding (stale file,
// invalid skill, denied command, ...), 2 bad usage. `--help` is answered by the dispatcher from `usage`.
import { type ParseArgsConfig, parseArgs } from "node:util";

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface Command {
  summary: string;
  usage: string;
  run(argv: string[], io: CliIO): Promise<number>;
}

export const EXIT = { ok: 0, finding: 1, usage: 2 } as const;

/** Thrown for bad usage; the dispatcher prints the message and the usage, and exits 2. */
export class UsageError extends Error {}

/** node:util parseArgs with strict checking, turning its errors into UsageError. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig["options"]>>(
  argv: string[],
  options: T,
  allowPositionals = true,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
