// The agent hosts our hooks run under, at the contract edge: how hook input arrives, how the project is found,
// what a host lacks. Every hook entry turns its host's input into the one shape the core reads (Claude Code's,
// hooks/contract/input.ts) here and nowhere else; the core never asks which host it serves.
//
// A bundle learns its host from its command line (`--host codex`): Codex runs a registration's `command` as a
// shell string, so the argument is part of it (hooks/hosts/codex.ts renders it). No argument: Claude Code,
// whose registrations (hooks/registration.ts) stay exactly as they were.
import { adaptCodexInput, projectOfBundle } from "./codex.ts";

export const HOST_IDS = ["claude", "codex"] as const;
export type HostId = (typeof HOST_IDS)[number];
export const HOST_ARG = "--host";

export interface Host {
  id: HostId;
  /** What the product is called in messages. */
  label: string;
  /** The host's hook input, rewritten into the shape the core reads (Claude Code's). Pure. */
  adaptInput(input: Record<string, unknown>): Record<string, unknown>;
  /** The project folder when the host does not say it (Claude Code sets CLAUDE_PROJECT_DIR). */
  projectDir(bundleDir: string): string | null;
}

const CLAUDE: Host = {
  id: "claude",
  label: "Claude Code",
  adaptInput: (input) => input,
  projectDir: () => null,
};

export const CODEX: Host = {
  id: "codex",
  label: "Codex",
  adaptInput: (input) =>
    input !== null && typeof input === "object" && !Array.isArray(input) ? adaptCodexInput(input) : input,
  projectDir: projectOfBundle,
};

export const HOSTS: Record<HostId, Host> = { claude: CLAUDE, codex: CODEX };

/** The host named on a bundle's command line; Claude Code when none (or an unknown one) is named. */
export function hostFromArgv(argv: readonly string[]): Host {
  const at = argv.indexOf(HOST_ARG);
  const name = at >= 0 ? argv[at + 1] : undefined;
  return name && Object.hasOwn(HOSTS, name) ? HOSTS[name as HostId] : CLAUDE;
}

/** The host of the running hook process. */
export function currentHost(): Host {
  return hostFromArgv(process.argv);
}
