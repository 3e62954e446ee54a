// Where `init` puts things in a project (the "init" layout of hooks/runtime/locate.ts), and where it takes
// them from in this package. Paths in a project are relative to its root, with forward slashes.
import { join } from "node:path";
import { BUNDLE_HOME } from "../../hooks/registration.ts";
import { INSTALL_DIR, PROFILE_FILE } from "../../hooks/runtime/locate.ts";
import { PACKAGE_ROOT } from "../package-root.ts";

const posix = (path: string) => path.replaceAll("\\", "/");

export const INSTALL = posix(INSTALL_DIR); // .claude/run-tests-skill
export const PATHS = {
  settings: ".claude/settings.json",
  installDir: INSTALL,
  binDir: `${INSTALL}/bin`,
  compiledProfile: `${INSTALL}/${PROFILE_FILE}`,
  /** The filled-in profile a user can edit and pass back with --profile. */
  profileYaml: `${INSTALL}/profile.yaml`,
  /** What init wrote, with content hashes, and what it found before (for an exact --uninstall). */
  manifest: `${INSTALL}/install.json`,
  gitignore: `${INSTALL}/.gitignore`,
  backupDir: `${INSTALL}/backup`,
  stateDir: `${INSTALL}/state`,
  skillDir: (name: string) => `.claude/skills/${name}`,
} as const;

export { PACKAGE_ROOT };
/** The prebuilt hook bundles that init copies (their one home in this package). */
export const PACKAGE_BIN_DIR = join(PACKAGE_ROOT, BUNDLE_HOME);

/** State (skill turns, flaky ledger) and backups are the user's data: never committed, never removed. */
export const INSTALL_GITIGNORE =
  "# Written by run-tests-skill init: runtime state and backups stay local.\nstate/\nbackup/\n";
