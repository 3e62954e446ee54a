// Where `init` puts things in a project (the "init" layout of hooks/core/state/locate.ts), and where it takes
// them from in this package. Paths in a project are relative to its root, with forward slashes.
import { join } from "node:path";
import { PACKAGE_LAYOUT, PACKAGE_ROOT } from "../../hooks/core/package-root.ts";
import { INSTALL_DIR, PROFILE_FILE } from "../../hooks/core/state/locate.ts";
import { REPORT_SPOOL_DIR } from "../../hooks/core/state/protected.ts";
import { CACHE_DIR } from "../../hooks/runtime/bundle-loader.ts";
import { BUNDLE_HOME } from "../build/registration.ts";

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
  /** The hooks' V8 code cache (hooks/runtime/bundle-loader.ts): written by the hooks, not by init, so not in
   *  the manifest; derived data, removed by every --uninstall (--keep-data too). */
  codeCache: `${INSTALL}/${CACHE_DIR}`,
  /** The streaming reporter's spool (written from inside the sandbox, outside the protected set). */
  reportSpool: REPORT_SPOOL_DIR,
  skillDir: (name: string) => `.claude/skills/${name}`,
} as const;

export { PACKAGE_ROOT };
/** The prebuilt hook bundles that init copies (their one home: plugin/hooks/bin, seen as hooks/bin from the
 *  prebuilt CLI, which runs in the plugin folder's layout; see hooks/core/package-root.ts). */
export const PACKAGE_BIN_DIR = join(PACKAGE_ROOT, PACKAGE_LAYOUT === "plugin" ? "hooks/bin" : BUNDLE_HOME);

/** State (skill turns, flaky ledger) and backups are local data: never committed; --uninstall removes them
 *  unless --keep-data. */
export const INSTALL_GITIGNORE =
  "# Written by run-tests-skill init: runtime state and backups stay local.\nstate/\nbackup/\n";

/** What the .gitignore becomes after `--uninstall --keep-data`: only local data is left, all of it ignored. */
export const KEPT_DATA_GITIGNORE =
  "# Left by run-tests-skill init --uninstall --keep-data: local data only, none of it for git.\n*\n";
