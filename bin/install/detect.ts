// Which profile fits a project when `init` is given none: tractor when the target is tractor, otherwise the
// generic profile filled in from the repo itself (project name, test folder, the project's own pytest
// options). Reading the repo's files is pure text work below; the one process is the project's own
// `python -m pytest --help`, run with a timeout, whose failure only means fewer facts.
import { existsSync, readdirSync, readFileSync, rmdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { execa } from "execa";
import { stringify } from "yaml";
import { loadProfile } from "../../hooks/core/profile/load.ts";
import { GENERIC_TIMEOUT_SIGNATURES, type ProjectOption } from "../../hooks/core/profile/schema.ts";
import { type DetectedRunner, detectRunner, onPath } from "./interpreter.ts";
import { nestedTestFolders } from "./repo-notes.ts";
import { type RepoNotesInput, repoNotes } from "./repo-notes-profile.ts";
import { detectTestCommands } from "./test-commands.ts";

// --- pytest --help --------------------------------------------------------------------------------------

export interface DetectedOption {
  flag: string;
  aliases: string[];
  purpose: string;
  value_name?: string;
  values?: string[];
}

/**
 * The options under pytest's "Custom options:" heading (those a conftest or plugin registers with
 * parser.addoption outside a named group). argparse shows `--flag={a,b}` for a fixed set of values,
 * `--flag=NAME` for a free value and a bare `--flag` for a switch.
 */
export function parseCustomOptions(help: string): DetectedOption[] {
  const lines = help.replaceAll("\r\n", "\n").split("\n");
  const start = lines.findIndex((l) => /^custom options:\s*$/i.test(l.trim()));
  if (start < 0) return [];
  const options: DetectedOption[] = [];
  let current: { spec: string; help: string[] } | null = null;
  const flush = () => {
    if (current) {
      const option = parseOptionSpec(current.spec, current.help.join(" "));
      if (option) options.push(option);
    }
    current = null;
  };
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === "" || !/^\s/.test(line)) break;
    if (/^ {1,3}-/.test(line)) {
      flush();
      const [spec = "", ...rest] = line.trim().split(/\s{2,}/);
      current = { spec, help: rest.length > 0 ? [rest.join(" ")] : [] };
    } else if (current) {
      current.help.push(line.trim());
    }
  }
  flush();
  return options;
}

function parseOptionSpec(spec: string, help: string): DetectedOption | null {
  const forms = spec.split(/,\s+/).map((form) => /^(--?[A-Za-z0-9][\w-]*)(?:[= ](\S.*))?$/.exec(form.trim()));
  if (forms.length === 0 || forms.some((m) => m === null)) return null;
  const parsed = forms as RegExpExecArray[];
  // The long spelling names the option; the others are aliases.
  const main = parsed.find((m) => m[1]?.startsWith("--")) ?? parsed[0];
  if (!main?.[1]) return null;
  const meta = parsed.map((m) => m[2]).find((m) => m !== undefined);
  const choices =
    meta && /^\{[^{}]+\}$/.test(meta) ? meta.slice(1, -1).split(",").filter(Boolean) : undefined;
  const purpose = help.replace(/\s+/g, " ").trim();
  const option: DetectedOption = {
    flag: main[1],
    aliases: parsed.map((m) => m[1] as string).filter((f) => f !== main[1]),
    purpose: purpose || "a project option (its help text is empty)",
  };
  if (choices) option.values = choices;
  else if (meta) option.value_name = meta.toLowerCase().replace(/[^a-z0-9_-]/g, "") || "value";
  return option;
}

// --- Project files ----------------------------------------------------------------------------------------

/** The text of one `[section]` of an INI or TOML file (up to the next section header). */
export function section(text: string, name: string): string | null {
  const lines = text.replaceAll("\r\n", "\n").split("\n");
  const header = lines.findIndex((l) => l.trim() === `[${name}]`);
  if (header < 0) return null;
  const end = lines.findIndex((l, i) => i > header && /^\s*\[[^\]]+\]\s*$/.test(l));
  return lines.slice(header + 1, end < 0 ? undefined : end).join("\n");
}

/** A `key = value` from a section; INI continuation lines (indented) are joined. */
function sectionValue(body: string, key: string): string | null {
  const lines = body.split("\n");
  const at = lines.findIndex((l) => new RegExp(`^\\s*${key}\\s*[=:]`).test(l));
  if (at < 0) return null;
  const first = (lines[at] as string).replace(/^[^=:]*[=:]/, "").trim();
  const more: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (!/^\s+\S/.test(line) || /^\s*[\w.-]+\s*=/.test(line)) break;
    more.push(line.trim());
  }
  return [first, ...more].join(" ").trim();
}

/** Values of a TOML string, a TOML array of strings, or a whitespace-separated INI list. */
function listOf(raw: string): string[] {
  const quoted = [...raw.matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2] ?? "");
  if (quoted.length > 0) return quoted.filter(Boolean);
  return raw.split(/[\s,]+/).filter(Boolean);
}

export interface ProjectFiles {
  pyproject?: string;
  pytestIni?: string;
  setupCfg?: string;
  toxIni?: string;
}

/** pytest's own precedence: pytest.ini, pyproject.toml, tox.ini, setup.cfg (first that configures pytest). */
export function configuredTestpaths(files: ProjectFiles): { paths: string[]; from: string } | null {
  const config = pytestSection(files);
  // The first file with a pytest section is the config file, whether or not it sets testpaths.
  const raw = config ? sectionValue(config.body, "testpaths") : null;
  return config && raw ? { paths: listOf(raw), from: config.from } : null;
}

/** The config file pytest reads (its precedence) and that file's pytest section, or null. */
export function pytestSection(files: ProjectFiles): { body: string; from: string } | null {
  const sources: [string, string | undefined, string][] = [
    ["pytest.ini", files.pytestIni, "pytest"],
    ["pyproject.toml", files.pyproject, "tool.pytest.ini_options"],
    ["tox.ini", files.toxIni, "pytest"],
    ["setup.cfg", files.setupCfg, "tool:pytest"],
  ];
  for (const [from, text, name] of sources) {
    const body = text ? section(text, name) : null;
    if (body !== null) return { body, from };
  }
  return null;
}

/** The folders pytest's `pythonpath` ini setting puts on sys.path (relative to the project), e.g. ["src"]. */
export function configuredPythonPath(files: ProjectFiles): string[] {
  const found = pytestSection(files);
  const raw = found ? sectionValue(found.body, "pythonpath") : null;
  return raw ? listOf(raw) : [];
}

export function projectName(files: ProjectFiles): string | null {
  const fromToml = files.pyproject ? section(files.pyproject, "project") : null;
  const fromPoetry = files.pyproject ? section(files.pyproject, "tool.poetry") : null;
  const fromCfg = files.setupCfg ? section(files.setupCfg, "metadata") : null;
  for (const body of [fromToml, fromPoetry, fromCfg]) {
    const raw = body ? sectionValue(body, "name") : null;
    const name = raw ? (listOf(raw)[0] ?? null) : null;
    if (name) return name;
  }
  return null;
}

// --- Detection -------------------------------------------------------------------------------------------

export interface Detection {
  kind: "tractor" | "generic";
  /** The profile YAML to write to .claude/run-tests-skill/profile.yaml (extends a built-in). */
  yaml: string;
  /** What was found and how, one line each, for the person running init. */
  notes: string[];
  /** Set when nothing here can run pytest: init refuses, writes nothing and shows the fix. */
  problem?: { problem: string; fix: string };
}

const isDir = (path: string) => existsSync(path) && statSync(path).isDirectory();
const readIf = (path: string) => (existsSync(path) ? readFileSync(path, "utf8") : undefined);

export function readProjectFiles(dir: string): ProjectFiles {
  return {
    pyproject: readIf(join(dir, "pyproject.toml")),
    pytestIni: readIf(join(dir, "pytest.ini")),
    setupCfg: readIf(join(dir, "setup.cfg")),
    toxIni: readIf(join(dir, "tox.ini")),
  };
}

export function isTractor(dir: string, files: ProjectFiles): boolean {
  if (projectName(files)?.toLowerCase() === "tractor") return true;
  return existsSync(join(dir, "tractor", "__init__.py")) && isDir(join(dir, "tests"));
}

/** The project's import package: its name as a folder (flat or src layout), else the one package under
 *  src/. undefined when there is none to check. */
export function projectPackage(dir: string, name: string): string | undefined {
  const pkgName = name.toLowerCase().replace(/[-.]/g, "_");
  if ([pkgName, `src/${pkgName}`].some((p) => existsSync(join(dir, p, "__init__.py")))) return pkgName;
  const underSrc = isDir(join(dir, "src"))
    ? readdirSync(join(dir, "src")).filter(
        (n) => /^[A-Za-z_]\w*$/.test(n) && existsSync(join(dir, "src", n, "__init__.py")),
      )
    : [];
  return underSrc.length === 1 ? underSrc[0] : undefined;
}

export type HelpRun =
  | { ok: true; stdout: string; python: string; leftovers?: string[] }
  | { ok: false; why: string; leftovers?: string[] };

/**
 * Runs `run` and takes away the empty folders it left at the top of `dir` (pytest plugins create some at
 * start-up, e.g. pytest-benchmark's .benchmarks/); anything else it created is named, never deleted.
 */
async function withoutLitter(dir: string, run: () => Promise<HelpRun>): Promise<HelpRun> {
  const before = new Set(readdirSync(dir));
  const result = await run();
  const leftovers = tidy(dir, before);
  return leftovers.length > 0 ? { ...result, leftovers } : result;
}

/** Takes away the empty folders that appeared at the top of `dir` since `before`; names the rest. */
function tidy(dir: string, before: Set<string>): string[] {
  const leftovers: string[] = [];
  for (const name of readdirSync(dir)) {
    if (before.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory() && readdirSync(path).length === 0) rmdirSync(path);
    else leftovers.push(name);
  }
  return leftovers;
}

/** `<runner> -m pytest --help` in the project, as the project itself would run it. `python` is the argv that
 *  runs the detected interpreter (see interpreter.ts), `label` its spelling in messages. */
export async function runPytestHelp(
  dir: string,
  testsDir: string,
  timeoutMs = 30_000,
  python: string[] = ["python3"],
  label = python.join(" "),
  env: NodeJS.ProcessEnv = process.env,
): Promise<HelpRun> {
  return withoutLitter(dir, () => pytestHelp(dir, testsDir, timeoutMs, python, label, env));
}

async function pytestHelp(
  dir: string,
  testsDir: string,
  timeoutMs: number,
  python: string[],
  label: string,
  env: NodeJS.ProcessEnv,
): Promise<HelpRun> {
  const [file = "python3", ...pre] = python;
  // No cache folder either: --help should leave the project as it found it.
  const args = [
    ...pre,
    "-m",
    "pytest",
    "-p",
    "no:cacheprovider",
    ...(isDir(join(dir, testsDir)) ? [testsDir] : []),
    "--help",
  ];
  const result = await execa(file, args, {
    cwd: dir,
    timeout: timeoutMs,
    reject: false,
    stdin: "ignore",
    extendEnv: false,
    // Wide lines: one help text per line, nothing wrapped mid-choice.
    env: { ...env, COLUMNS: "1000", PYTEST_ADDOPTS: "", PYTHONDONTWRITEBYTECODE: "1" },
  });
  if (result.exitCode === 0) return { ok: true, stdout: result.stdout, python: label };
  if (result.timedOut)
    return { ok: false, why: `\`${label} -m pytest --help\` did not finish in ${timeoutMs / 1000} s` };
  const last = `${result.stderr}\n${result.stdout}`.trim().split("\n").pop() ?? "";
  return {
    ok: false,
    why: `\`${label} -m pytest --help\` exited ${result.exitCode ?? "?"}${last ? `: ${last.slice(0, 200)}` : ""}`,
  };
}

export interface DetectOptions {
  /** Run the project's pytest for its options (tests may turn this off or inject a result). */
  pytestHelp?: (dir: string, testsDir: string, python: string[], label: string) => Promise<HelpRun>;
  /** The environment the project's interpreters are looked up in and run with (PATH above all). */
  env?: NodeJS.ProcessEnv;
  /** Collect the tests and time a quiet run of the suite for the examples and timeouts (default: yes);
   *  false reads the test files instead and keeps the default timeouts. */
  measure?: boolean;
}

const RUNNER_NOTE = [
  "# runner: the interpreter init found running pytest here; change it and every command of the skill follows.",
  "# runner.commands: the repository's own test commands (tox, nox, hatch, make, uv): the skill may run each with",
  "# any arguments (after `--`: pytest's). Set runner.base to one of them to make it the skill's base command.",
].join("\n");

/** The `runner:` section of a detected profile. */
function runnerSection(runner: DetectedRunner): Record<string, string> {
  return { ...runner };
}

export async function detectProfile(dir: string, options: DetectOptions = {}): Promise<Detection> {
  const files = readProjectFiles(dir);
  const env = options.env ?? process.env;
  if (isTractor(dir, files)) {
    const found = await detectRunner(dir, {
      env,
      pkg: "tractor",
      pythonPath: configuredPythonPath(files).map((p) => join(dir, p)),
    });
    const notes = ["this is tractor: using the tractor profile", ...found.notes];
    if (!found.ok)
      return { kind: "tractor", yaml: "", notes, problem: { problem: found.problem, fix: found.fix } };
    const header = [
      "# The tractor profile, as detected by `run-tests-skill init`. Override any part of it here, then run",
      "# `run-tests-skill init --profile .claude/run-tests-skill/profile.yaml`.",
      RUNNER_NOTE,
    ].join("\n");
    const doc = { extends: "tractor", runner: runnerSection(found.runner) };
    return { kind: "tractor", yaml: `${header}\n${stringify(doc, { lineWidth: 0 })}`, notes };
  }
  const notes: string[] = [];
  const name = projectName(files) ?? basename(dir);
  notes.push(
    `project name: ${name}${projectName(files) ? "" : " (the folder's name; no pyproject.toml or setup.cfg name)"}`,
  );

  const pkg = projectPackage(dir, name);
  if (pkg) notes.push(`package: ${pkg}`);

  const pythonPath = configuredPythonPath(files);
  if (pythonPath.length > 0)
    notes.push(`pytest's pythonpath: ${pythonPath.join(", ")} (on sys.path for the interpreter checks too)`);
  // The proof may collect the tests (--collect-only), which runs the project's conftest.py.
  const before = new Set(readdirSync(dir));
  const found = await detectRunner(dir, {
    env,
    ...(pkg ? { pkg } : {}),
    pythonPath: pythonPath.map((p) => join(dir, p)),
  });
  notes.push(...found.notes);
  const collectLitter = tidy(dir, before);
  if (collectLitter.length > 0)
    notes.push(`the project's pytest created ${collectLitter.join(", ")} while collecting its tests`);
  if (!found.ok)
    return { kind: "generic", yaml: "", notes, problem: { problem: found.problem, fix: found.fix } };

  const own = detectTestCommands(dir, found.pythonVersion);
  notes.push(...own.notes);
  // Nothing here imports the checkout, but the repository's own tox/nox builds an environment that does.
  const ownBase = found.proven
    ? undefined
    : own.commands.find((c) => /^(tox|nox) /.test(c) && onPath(c.split(" ")[0] as string, env));
  if (ownBase)
    notes.push(`runner: \`${ownBase}\`, the repository's own command (no interpreter here proves itself)`);

  const configured = configuredTestpaths(files);
  const folder =
    configured?.paths.find((p) => isDir(join(dir, p))) ?? ["tests", "test"].find((p) => isDir(join(dir, p)));
  // A monorepo root (a uv workspace, say) has its tests in each package: <pkg>/tests, not a root tests/.
  // A uv workspace's root tests/ often holds only helper packages with tests of their own.
  const workspace = /^\[tool\.uv\.workspace\]/m.test(files.pyproject ?? "");
  const nested = configured || (folder && !workspace) ? [] : nestedTestFolders(dir);
  const testsDir = (nested.length > 0 ? "." : (folder ?? "tests")).replace(/(.)\/+$/, "$1");
  notes.push(
    configured && folder && configured.paths.includes(folder)
      ? `test folder: ${testsDir} (testpaths in ${configured.from})`
      : nested.length > 0
        ? `test folders: ${nested.join(", ")} (${folder ? "a uv workspace" : "no tests/ at the root"}: each package has its own)`
        : folder
          ? `test folder: ${testsDir}`
          : "test folder: none found; assuming tests/",
  );

  const help = await (
    options.pytestHelp ?? ((d, t, py, label) => runPytestHelp(d, t, 30_000, py, label, env))
  )(dir, testsDir, found.argv, found.label);
  let projectOptions: ProjectOption[] = [];
  if (help.ok) {
    projectOptions = parseCustomOptions(help.stdout).map((o) => ({ ...o, requires: [] }));
    // pytest prints its help even when a conftest fails to import, with a warning at the end.
    const broken = /could not load initial conftests: (\S+)/.exec(help.stdout);
    if (broken)
      notes.push(`warning: pytest could not load ${broken[1]}, so its options (if any) are missing`);
    notes.push(
      projectOptions.length > 0
        ? `project pytest options (from \`${help.python} -m pytest --help\`): ${projectOptions.map((o) => o.flag).join(", ")}`
        : `no project pytest options in \`${help.python} -m pytest --help\``,
    );
  } else {
    notes.push(`project pytest options: not read (${help.why}); the profile lists none`);
  }
  if (help.leftovers)
    notes.push(`the project's pytest created ${help.leftovers.join(", ")} while printing its help`);

  const generic = loadProfile("generic");
  if (!generic.ok) throw new Error("the built-in generic profile does not load");
  const doc: Record<string, unknown> = {
    extends: "generic",
    project: { name, ...(pkg ? { package: pkg } : {}), tests_dir: testsDir },
    runner: {
      ...runnerSection(found.runner),
      ...(ownBase ? { base: ownBase } : {}),
      ...(own.commands.length > 0 ? { commands: own.commands } : {}),
    },
  };
  if (projectOptions.length > 0) {
    doc.options = {
      project: projectOptions.map(({ requires: _r, aliases, ...o }) => ({
        ...o,
        ...(aliases.length > 0 ? { aliases } : {}),
      })),
    };
  }
  const facts = await repoNotes({
    dir,
    env,
    argv: found.argv,
    label: found.label,
    testsDir,
    nested,
    config: pytestSection(files),
    ownCommands: own.commands,
    measure: options.measure !== false && !ownBase,
  } satisfies RepoNotesInput);
  notes.push(...facts.notes);
  Object.assign(doc, facts.doc);
  if (facts.timeouts) (doc.runner as Record<string, unknown>).timeouts = facts.timeouts;
  if (facts.libraries.length > 0)
    doc.timeout_signatures = [...facts.libraries, ...GENERIC_TIMEOUT_SIGNATURES];
  if (testsDir !== "tests" && nested.length === 0) {
    // The generic profile's prose and commands say tests/; say this project's folder instead.
    const fixed = { ...generic.profile } as Record<string, unknown>;
    for (const key of Object.keys(fixed)) {
      if (["extends", "skill", "project", "runner", "options", "allowed_tools"].includes(key)) continue;
      if (key in doc) continue; // filled in from the repo already
      const json = JSON.stringify(fixed[key]);
      if (json?.includes("tests/")) doc[key] = JSON.parse(json.replaceAll("tests/", `${testsDir}/`));
    }
  }
  const header = [
    `# Filled in by \`run-tests-skill init\` from what the repo says about itself (it extends the built-in`,
    "# generic profile). Edit it, then run `run-tests-skill init --profile .claude/run-tests-skill/profile.yaml`.",
    RUNNER_NOTE,
  ].join("\n");
  return { kind: "generic", yaml: `${header}\n${stringify(doc, { lineWidth: 0 })}`, notes };
}
