// doctor's check of the compiled profile's format (skills/profile/format.ts): the hooks read an older format
// through a migration in memory, and refuse a newer one. Either way `init` of the right release fixes it.
import { existsSync, readFileSync } from "node:fs";
import { formatOf, PROFILE_FORMAT } from "../../hooks/core/profile/format.ts";

/** The shape of doctor's Check, declared here so this file does not import doctor.ts (no import circle). */
interface Check {
  title: string;
  ok: boolean;
  detail?: string;
  problem?: string;
  fix?: string;
}

export function profileFormatCheck(file: string, shown: string, reinit: string): Check | null {
  if (!existsSync(file)) return null; // the compiled-profile check already says it is missing
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null; // unreadable: reported by the compiled-profile check
  }
  const title = `compiled profile format (this release: ${PROFILE_FORMAT})`;
  const format = formatOf(json);
  if (format === "invalid")
    return { title, ok: false, problem: `${shown}: "format" is not a whole number`, fix: reinit };
  if (format > PROFILE_FORMAT)
    return {
      title,
      ok: false,
      problem: `${shown} has format ${format}, written by a newer run-tests-skill: these hooks ignore it (the git rule keeps its defaults, /run-tests turns are refused, the stop gate is off)`,
      fix: `update run-tests-skill (npm package or plugin) to the release that wrote it, or ${reinit} with this one`,
    };
  if (format < PROFILE_FORMAT)
    return {
      title,
      ok: false,
      problem: `${shown} has format ${format}, written by an older run-tests-skill: the hooks migrate it in memory on every read`,
      fix: `${reinit} to rewrite it in format ${PROFILE_FORMAT}`,
    };
  return { title, ok: true, detail: `format ${format}` };
}
