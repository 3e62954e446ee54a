// `--host`: which agent hosts init and doctor serve (hooks/hosts/).
import { HOST_IDS, type HostId } from "../../hooks/hosts/host.ts";
import { UsageError } from "./command.ts";

/** `claude` (the default), `codex`, or `all`. */
export function parseHosts(value: string | undefined): HostId[] {
  if (value === undefined) return ["claude"];
  if (value === "all") return [...HOST_IDS];
  if ((HOST_IDS as readonly string[]).includes(value)) return [value as HostId];
  throw new UsageError(`--host takes ${HOST_IDS.join(", ")} or all, not "${value}"`);
}
