// Runs that did not test the code: the environment or the command is wrong (issue 16 item 3). Each shape
// is recognised from one failure's crash (a test, a collection error, or the error that stopped pytest
// before its session) and yields a cause: a short label for the test line and the fix, which names what
// to install, set or allow and never points into site-packages or the standard library. Pure; the
// run-wide clues (pytest's warnings naming unknown ini options and marks) come from a scan of the text
// that runs only when a cause needs them.
import { fileOfNodeId } from "../core/pytest/node-id.ts";
import { lastSegment, missingModule } from "./signature.ts";
import type { Crash, EnvironmentCause, PreSessionError, TestRecord } from "./types.ts";

// The cause's shape is declared with the records that carry it (./types.ts).
export type { EnvironmentCause, EnvironmentKind } from "./types.ts";

/** What pytest's own warnings and errors say about the environment, anywhere in the text. */
export interface EnvironmentClues {
  /** `Unknown config option: x` (PytestConfigWarning or `ERROR:` under --strict-config). */
  unknownIniOptions: string[];
  /** `Unknown pytest.mark.x` (PytestUnknownMarkWarning). */
  unknownMarks: string[];
  /** pytest 8.0-8.3 skipped `async def` tests with a warning instead of failing them. */
  asyncSkipped: boolean;
}

export const NO_CLUES: EnvironmentClues = { unknownIniOptions: [], unknownMarks: [], asyncSkipped: false };

// ---- data: which package provides an ini key, a command-line option, a mark --------------------

/** ini keys that well-known plugins register (an unknown one means the plugin is not installed). */
export const INI_OPTION_PLUGINS: Record<string, string> = {
  asyncio_mode: "pytest-asyncio",
  asyncio_default_fixture_loop_scope: "pytest-asyncio",
  asyncio_default_test_loop_scope: "pytest-asyncio",
  trio_mode: "pytest-trio",
  trio_run: "pytest-trio",
  timeout: "pytest-timeout",
  timeout_method: "pytest-timeout",
  timeout_func_only: "pytest-timeout",
  DJANGO_SETTINGS_MODULE: "pytest-django",
  DJANGO_CONFIGURATION: "pytest-django",
  django_find_project: "pytest-django",
  env: "pytest-env",
  reruns: "pytest-rerunfailures",
  reruns_delay: "pytest-rerunfailures",
  mock_use_standalone_module: "pytest-mock",
  qt_api: "pytest-qt",
  looponfailroots: "pytest-xdist",
  rsyncdirs: "pytest-xdist",
  bdd_features_base_dir: "pytest-bdd",
  mypy_ini_file: "pytest-mypy",
  flake8_max_line_length: "pytest-flake8",
  randomly_seed: "pytest-randomly",
  datadir: "pytest-datadir",
  benchmark_min_rounds: "pytest-benchmark",
};

/** Command-line options of well-known plugins, by the option's own spelling (prefix up to `=`). */
export const CLI_OPTION_PLUGINS: Array<[RegExp, string]> = [
  [/^--(?:no-)?cov(?:-|=|$)/, "pytest-cov"],
  [
    /^(?:-n|--numprocesses|--dist|--maxprocesses|--max-worker-restart|--looponfail|-f)(?:=|$)/,
    "pytest-xdist",
  ],
  [/^--timeout(?:-method|_method)?(?:=|$)/, "pytest-timeout"],
  [/^--(?:only-)?reruns?(?:-delay)?(?:=|$)/, "pytest-rerunfailures"],
  [/^--benchmark-/, "pytest-benchmark"],
  [/^--asyncio-mode(?:=|$)/, "pytest-asyncio"],
  [/^--(?:ds|dc|reuse-db|create-db|nomigrations|migrations|no-migrations)(?:=|$)/, "pytest-django"],
  [/^--hypothesis-/, "hypothesis"],
  [/^--randomly-|^-p=?randomly$/, "pytest-randomly"],
  [/^--html(?:=|$)|^--self-contained-html$/, "pytest-html"],
  [/^--json-report/, "pytest-json-report"],
  [/^--mypy$/, "pytest-mypy"],
  [/^--flake8$/, "pytest-flake8"],
  [/^--(?:record-mode|block-network|disable-recording)(?:=|$)/, "pytest-recording"],
  [/^--snapshot-update$/, "syrupy"],
  [/^--force-flaky$|^--max-runs(?:=|$)/, "flaky"],
  [/^--count(?:=|$)/, "pytest-repeat"],
  [/^--env(?:=|$)/, "pytest-env"],
];

/** Marks that name the async plugin a suite uses. */
const ASYNC_MARK_PLUGINS: Record<string, string> = {
  asyncio: "pytest-asyncio",
  anyio: "anyio (its pytest plugin)",
  trio: "pytest-trio",
  tornado: "pytest-tornasync",
  twisted: "pytest-twisted",
};

const ASYNC_INI_PLUGINS = ["asyncio_mode", "asyncio_default_fixture_loop_scope", "trio_mode"];

// ---- the text scan (lazy) --------------------------------------------------------------------------

const UNKNOWN_INI = /Unknown config option: (\S+)/g;
const UNKNOWN_MARK = /Unknown pytest\.mark\.(\w+)/g;

/** The run-wide clues, from the whole text. Called at most once per run, and only when a cause needs it. */
export function environmentClues(text: string): EnvironmentClues {
  const unknownIniOptions = new Set<string>();
  const unknownMarks = new Set<string>();
  if (text.includes("Unknown config option"))
    for (const m of text.matchAll(UNKNOWN_INI)) unknownIniOptions.add(m[1] as string);
  if (text.includes("Unknown pytest.mark."))
    for (const m of text.matchAll(UNKNOWN_MARK)) unknownMarks.add(m[1] as string);
  return {
    unknownIniOptions: [...unknownIniOptions],
    unknownMarks: [...unknownMarks],
    asyncSkipped: /async def functions are not natively supported and have been skipped/.test(text),
  };
}

// ---- causes ----------------------------------------------------------------------------------------

const DO_NOT_CHANGE = "not a code problem: do not change the code for it";

function crashText(crash: Crash | null | undefined): string {
  if (!crash) return "";
  return crash.type ? `${crash.type}: ${crash.message}` : crash.message;
}

/** The async plugin the suite asks for (its ini keys, its marks), or the usual choices. */
export function asyncPluginFix(clues: EnvironmentClues): string {
  const fromIni = clues.unknownIniOptions.filter((k) => ASYNC_INI_PLUGINS.includes(k));
  const fromMarks = clues.unknownMarks.filter((m) => ASYNC_MARK_PLUGINS[m]);
  const named = [
    ...new Set([
      ...fromIni.map((k) => INI_OPTION_PLUGINS[k] as string),
      ...fromMarks.map((m) => ASYNC_MARK_PLUGINS[m] as string),
    ]),
  ];
  const why = [
    ...fromIni.map((k) => `its config sets \`${k}\``),
    ...fromMarks.map((m) => `its tests use \`@pytest.mark.${m}\``),
  ];
  return named.length > 0
    ? `install ${named.join(" and ")} into the interpreter that runs pytest (${why.join(", ")})`
    : "install the async plugin the project uses (pytest-asyncio, anyio or pytest-trio: see its test dependencies and markers) into the interpreter that runs pytest";
}

/** The plugin that owns a command-line option, when it is a well-known one. */
export function pluginForOption(option: string): string | null {
  for (const [pattern, plugin] of CLI_OPTION_PLUGINS) if (pattern.test(option)) return plugin;
  return null;
}

function installFor(module: string, projectPackage: string | null): EnvironmentCause {
  const top = module.split(".")[0] as string;
  if (projectPackage && top === projectPackage.split(".")[0])
    return {
      kind: "project-not-installed",
      label: `project package \`${top}\` not importable`,
      fix: `install the project into the interpreter that runs pytest: \`<that python> -m pip install -e .\``,
    };
  return {
    kind: "missing-module",
    label: `module \`${top}\` not installed`,
    fix: `install the package that provides \`${top}\` (the project's test dependencies) into the interpreter that runs pytest`,
  };
}

/** A sandbox refusal, from the crash line alone. */
function sandboxCause(crash: Crash): EnvironmentCause | null {
  const text = crashText(crash);
  const allowance =
    "allow it in the profile's `sandbox:` section and re-run `run-tests-skill init --sandbox`; these tests may pass outside the sandbox";
  if (/\[Errno 1\] Operation not permitted/.test(text))
    return {
      kind: "sandbox-denied",
      label: "EPERM: the sandbox denied the operation (a socket bind/connect)",
      fix: allowance,
    };
  const rofs = /\[Errno 30\] Read-only file system(?:: '([^']*)')?/.exec(text);
  if (rofs)
    return {
      kind: "sandbox-denied",
      label: `read-only file system${rofs[1] ? ` at ${rofs[1]}` : ""} (a write outside the project)`,
      fix: allowance,
    };
  if (crash.type && lastSegment(crash.type) === "NoSuchProcess")
    return {
      kind: "sandbox-denied",
      label: "a pid the sandbox cannot see (its own pid namespace)",
      fix: `${allowance}; a test that looks up processes outside the sandbox cannot pass inside it (mark it sandbox-incompatible)`,
    };
  return null;
}

/** A failing or erroring test's environment cause, or null when it may be the code's fault. */
export function testEnvironmentCause(
  record: TestRecord,
  projectPackage: string | null,
  clues: () => EnvironmentClues,
): EnvironmentCause | null {
  const crash = record.crash;
  if (!crash) return null;
  if (isAsyncUnsupported(crash))
    return { kind: "async-plugin", label: "no async plugin", fix: asyncPluginFix(clues()) };
  const type = crash.type ? lastSegment(crash.type) : "";
  if (type === "ImproperlyConfigured")
    return {
      kind: "framework-config",
      label: "Django settings not configured",
      fix: "point Django at the project's settings: `DJANGO_SETTINGS_MODULE=<package>.settings` in the environment, or pytest-django's `--ds=<package>.settings` / `DJANGO_SETTINGS_MODULE` ini key (pytest-django must be installed for those)",
    };
  if (type === "UsageError") return pluginOptionCause(crash.message);
  // A setup that failed with no frame of the project's own (only installed code ran): a plugin's fixture
  // rejected its configuration before the test started.
  const plugin =
    record.outcome === "error" && record.phase === "setup"
      ? (record.installedFrame ?? installedPackageOf(record.location))
      : null;
  if (plugin && plugin !== "_pytest" && plugin !== "pytest")
    return {
      kind: "plugin-option",
      label: `setup failed inside the installed \`${plugin}\` before the test ran`,
      fix: `check the options the project sets for \`${plugin}\` (pytest config, command line) against the message: ${crashText(crash).slice(0, 160)}`,
    };
  if (type === "ModuleNotFoundError" || (type === "ImportError" && /No module named/.test(crash.message))) {
    const module = missingModule(crash);
    if (!module) return null;
    const own = installFor(module, projectPackage);
    if (own.kind === "project-not-installed") return own;
    // A module the project's own code imports by name at run time (a plugin or extension registry): its
    // entry points exist only once the project is installed.
    const loader = record.location?.split(":")[0] ?? "";
    const testFile = fileOfNodeId(record.id);
    if (loader && loader !== testFile && !module.includes(".") && isProjectPath(loader))
      return {
        kind: "project-not-installed",
        label: `\`${module}\` imported by name from ${record.location}`,
        fix: "install the project into the interpreter that runs pytest (`<that python> -m pip install -e .`): what its code loads by name (entry points, extensions) exists only once it is installed",
      };
    return own;
  }
  return sandboxCause(crash);
}

const ASYNC_UNSUPPORTED = "async def functions are not natively supported";

/** pytest fails such a test without a traceback (pytrace=False), so often only the summary line's
 *  80-column cut of the message is there: a long enough prefix counts. */
function isAsyncUnsupported(crash: Crash): boolean {
  if (crash.message.includes(ASYNC_UNSUPPORTED)) return true;
  if (crash.incomplete !== true || !crash.message.startsWith("async def")) return false;
  const cut = crash.message.replace(/\s*(?:\.\.\.|…)$/, "").trim();
  return cut.length >= 12 && ASYNC_UNSUPPORTED.startsWith(cut);
}

function isProjectPath(path: string): boolean {
  return !path.startsWith("/") && !path.startsWith("<") && !/site-packages|dist-packages/.test(path);
}

function pluginOptionCause(message: string): EnvironmentCause {
  return {
    kind: "plugin-option",
    label: "a plugin's option has a bad value",
    fix: `fix the option's value in the pytest config or the command: ${message.trim().replace(/\.$/, "")}`,
  };
}

/** The installed distribution a site-packages path belongs to (its top folder), or null. */
export function installedPackageOf(location: string | undefined): string | null {
  return /(?:site|dist)-packages\/([A-Za-z_][\w]*)/.exec(location ?? "")?.[1] ?? null;
}

/** A collection error's environment cause (a plugin's option error, the project's own package missing);
 *  other import errors of a test module stay import errors. */
export function collectionEnvironmentCause(
  crash: Crash | null,
  projectPackage: string | null,
): EnvironmentCause | null {
  if (!crash) return null;
  const type = crash.type ? lastSegment(crash.type) : "";
  if (type === "UsageError") return pluginOptionCause(crash.message);
  if (type === "ImproperlyConfigured" || isAsyncUnsupported(crash))
    return testEnvironmentCause({ id: "", outcome: "error", crash }, projectPackage, () => NO_CLUES);
  const module = missingModule(crash);
  if (module && projectPackage) {
    const cause = installFor(module, projectPackage);
    if (cause.kind === "project-not-installed") return cause;
  }
  return sandboxCause(crash);
}

/** The error that stopped pytest before its session: a usage error, a conftest or `-p` plugin importing
 *  a module that is not installed, an unknown ini option turned into an error. */
export function preSessionEnvironmentCause(
  pre: PreSessionError,
  projectPackage: string | null,
): EnvironmentCause | null {
  const message = pre.crash?.message ?? pre.subject;
  const unknownIni = /Unknown config option: (\S+)/.exec(`${message}\n${pre.subject}`);
  if (unknownIni) {
    const key = unknownIni[1] as string;
    const plugin = INI_OPTION_PLUGINS[key];
    return {
      kind: "unknown-ini",
      label: `unknown ini option \`${key}\``,
      fix: plugin
        ? `install ${plugin}, which provides the \`${key}\` ini option, into the interpreter that runs pytest`
        : `install the plugin that provides the \`${key}\` ini option, or remove the key from the pytest config`,
    };
  }
  if (pre.kind === "runner-missing")
    return {
      kind: "runner-missing",
      label: `\`${pre.subject}\` was not found (exit 127, command not found): the runner is missing, no test ran`,
      fix: `install \`${pre.subject}\` on this machine, or run pytest with the project's interpreter as the skill writes it`,
    };
  if (pre.kind === "usage") return usageCause(message);
  if (pre.kind === "plugin" && pre.subject === "run_tests_skill_reporter")
    return {
      kind: "missing-module",
      label: "run-tests-skill's own reporter plugin could not be imported in this environment",
      fix: "prefix the command with `PYTEST_ADDOPTS=` to run pytest without it (a tool such as tox passed PYTEST_ADDOPTS on but not PYTHONPATH)",
    };
  if (pre.kind === "conftest" || pre.kind === "plugin") {
    const module = missingModule(pre.crash);
    if (!module || !/No module named/.test(message)) return null;
    const cause = installFor(module, projectPackage);
    const where = pre.kind === "conftest" ? `conftest ${pre.subject}` : `plugin \`${pre.subject}\``;
    return {
      ...cause,
      label: `${where} imports \`${module}\`, which is not installed`,
      fix:
        cause.kind === "project-not-installed"
          ? cause.fix
          : `install the package that provides \`${module.split(".")[0]}\` (a test dependency ${pre.kind === "conftest" ? "the conftest" : "the plugin"} imports) into the interpreter that runs pytest`,
    };
  }
  return null;
}

/** pytest's usage error (exit 4): the option, plugin or value to fix. */
export function usageCause(detail: string): EnvironmentCause {
  const unrecognized = /unrecognized arguments: (.+)$/.exec(detail);
  if (unrecognized) {
    const options = (unrecognized[1] as string).split(/\s+/).filter((a) => a.startsWith("-"));
    const plugins = [...new Set(options.map(pluginForOption).filter((p): p is string => p !== null))];
    return {
      kind: "usage",
      label: `unrecognized option${options.length === 1 ? "" : "s"} ${options.join(" ")}`,
      fix:
        plugins.length > 0
          ? `install ${plugins.join(" and ")} (which provides ${options.join(" ")}) into the interpreter that runs pytest, or drop the option${options.length === 1 ? "" : "s"}`
          : `drop or correct ${options.join(" ") || "the option"}: no installed plugin provides it`,
    };
  }
  const choice = /argument (\S+): invalid choice: '([^']*)' \(choose from (.+)\)/.exec(detail);
  if (choice)
    return {
      kind: "usage",
      label: `bad value '${choice[2]}' for ${choice[1]}`,
      fix: `use one of the values pytest lists for ${choice[1]}: ${choice[3]}`,
    };
  const notFound = /^file or directory not found: (.+)$/.exec(detail);
  if (notFound)
    return {
      kind: "usage",
      label: `path not found: ${notFound[1]}`,
      fix: `correct the path in the command (${notFound[1]} does not exist from the directory pytest ran in)`,
    };
  const required = /Missing required plugins: (.+)$/.exec(detail);
  if (required)
    return {
      kind: "usage",
      label: "required plugins missing",
      fix: `install ${required[1]} into the interpreter that runs pytest (the config's \`required_plugins\`)`,
    };
  return { kind: "usage", label: "usage error", fix: `correct the command or config: ${detail}` };
}

/** The sentence a next step ends with for every environment cause. */
export const ENVIRONMENT_NOT_CODE = DO_NOT_CHANGE;
