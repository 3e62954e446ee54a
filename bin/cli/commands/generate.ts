// `run-tests-skill generate`: render the skill (and this package's other generated files) from a profile, or,
// with --check, say which committed files are stale. Nothing is written when the profile is broken or the
// rendered skill fails validation.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { createTwoFilesPatch } from "diff";
import { formatProfileErrors } from "../../../hooks/core/profile/load.ts";
import {
  REFERENCES_DIR,
  SKILL_FILE,
  SKILL_FORMATS,
  type SkillFormat,
} from "../../../hooks/core/profile/skill-md.ts";
import { type Finding, validateSkillFiles } from "../../../skills/validator/validate.ts";
import {
  type Artifact,
  generatedArtifacts,
  loadOrThrow,
  PACKAGE_ROOT,
  PLUGIN_PROFILE,
  ProfileLoadError,
  pluginSkillDir,
  profileLabel,
  skillFiles,
} from "../../build/artifacts.ts";
import { type CliIO, type Command, EXIT, parseCommandArgs, UsageError } from "../command.ts";

type Status = "written" | "unchanged" | "stale" | "missing" | "extra" | "removed";

interface FileResult {
  path: string;
  status: Status;
  diff?: string;
}

/** A reference file we generated earlier carries the marker; only those are ever removed. */
const MARKER_PREFIX = "<!-- Generated from ";

function readOrNull(file: string): string | null {
  return existsSync(file) ? readFileSync(file, "utf8") : null;
}

/** Generated reference files on disk that the current rendering no longer produces. */
function leftovers(root: string, skillDir: string, wanted: readonly Artifact[]): string[] {
  const dir = join(root, skillDir, REFERENCES_DIR);
  if (!existsSync(dir)) return [];
  const wantedPaths = new Set(wanted.map((a) => a.path));
  return readdirSync(dir)
    .map((name) => `${skillDir}/${REFERENCES_DIR}/${name}`)
    .filter(
      (path) => !wantedPaths.has(path) && (readOrNull(join(root, path)) ?? "").startsWith(MARKER_PREFIX),
    );
}

function diffOf(path: string, before: string | null, after: string): string {
  return createTwoFilesPatch(
    `a/${path}`,
    `b/${path}`,
    before ?? "",
    after,
    before === null ? "(missing)" : "committed",
    "generated",
  );
}

function plan(root: string, skillDir: string, artifacts: readonly Artifact[]): FileResult[] {
  const results: FileResult[] = artifacts.map(({ path, content }) => {
    const before = readOrNull(join(root, path));
    if (before === content) return { path, status: "unchanged" };
    return { path, status: before === null ? "missing" : "stale", diff: diffOf(path, before, content) };
  });
  for (const path of leftovers(root, skillDir, artifacts)) {
    results.push({ path, status: "extra", diff: diffOf(path, readOrNull(join(root, path)), "") });
  }
  return results;
}

function apply(root: string, artifacts: readonly Artifact[], results: FileResult[]): FileResult[] {
  const byPath = new Map(artifacts.map((a) => [a.path, a.content]));
  return results.map((result) => {
    const target = join(root, result.path);
    if (result.status === "extra") {
      rmSync(target);
      return { path: result.path, status: "removed" };
    }
    if (result.status === "unchanged") return { path: result.path, status: "unchanged" };
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, byPath.get(result.path) ?? "");
    return { path: result.path, status: "written" };
  });
}

function formatFinding(f: Finding, file: string): string {
  return `${f.file ?? file}${f.line ? `:${f.line}` : ""}: ${f.severity} [${f.rule}] ${f.message}`;
}

function report(
  io: CliIO,
  json: boolean,
  payload: Record<string, unknown>,
  lines: string[],
  toStderr = false,
): void {
  if (json) io.stdout(`${JSON.stringify(payload, null, 2)}\n`);
  else if (lines.length > 0) (toStderr ? io.stderr : io.stdout)(`${lines.join("\n")}\n`);
}

export const command: Command = {
  summary: "render SKILL.md (and the other generated files) from a profile; --check for staleness",
  usage: `usage: run-tests-skill generate [--profile FILE|NAME] [--format claude-code|portable] [--out DIR]
                                [--check] [--root DIR] [--json]

Without --out, writes this package's generated files from the profile (default: the plugin's,
${PLUGIN_PROFILE}, the generic profile for repositories with no profile installed):
  plugin/skills/<name>/SKILL.md (+ references/)   the plugin's skill
  plugin/hooks/profile.json                the compiled profile the plugin's hooks read
  plugin/hooks/hooks.json, plugin/.claude-plugin/plugin.json
                                           the plugin's hook registrations and manifest
  plugin/profiles/, README.md, LICENSE     the rest of the plugin folder (the bundles are built there)
  .claude/run-tests-skill.settings-fragment.json   the registrations init merges, for reference
  skills/profiles/profile.schema.json      the profile's JSON Schema, for editors
  examples/<profile>/<name>/SKILL.md       each built-in profile's skill, as init installs it
With --out DIR, writes only the skill folder, as DIR/<name>/SKILL.md (+ references/).

The rendered skill is validated before anything is written (see \`run-tests-skill validate --help\`).

options:
  --profile P   tractor, generic, or a profile YAML file (may extend a built-in one)
  --format F    claude-code (default: Claude Code keys, comma-separated allowed-tools) or portable
                (the six Agent Skills keys only, space-separated allowed-tools)
  --out DIR     write the skill folder into DIR instead of this package
  --check       write nothing; print a unified diff of every stale file; exit 1 if any is stale
  --root DIR    the checkout whose generated files to write or check (default: this package)
  --json        machine-readable result

exit: 0 written or fresh, 1 stale files or a broken profile (one error per problem, nothing written),
      2 bad usage`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      profile: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      check: { type: "boolean" },
      root: { type: "string" },
      json: { type: "boolean" },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
    const format = (values.format ?? "claude-code") as SkillFormat;
    if (!SKILL_FORMATS.includes(format)) {
      throw new UsageError(`--format must be ${SKILL_FORMATS.join(" or ")}, not ${values.format}`);
    }
    if (values.out && values.root) throw new UsageError("--out and --root exclude each other");
    // The installed package ships the built files only: its own generated files are not there to rewrite.
    if (!values.out && !values.root && !existsSync(join(PACKAGE_ROOT, "skills", "generator")))
      throw new UsageError(
        "without --out, generate rewrites a run-tests-skill checkout's own files, and this is an installed package: pass --out DIR (or use `init` to install into a project)",
      );
    const json = Boolean(values.json);
    const ref = values.profile ?? PLUGIN_PROFILE;

    let profile: ReturnType<typeof loadOrThrow>;
    let artifacts: Artifact[];
    let root: string;
    let skillDir: string;
    try {
      profile = loadOrThrow(ref, values.profile ? io.cwd : PACKAGE_ROOT);
      if (values.out) {
        root = resolve(io.cwd, values.out);
        skillDir = profile.skill.name;
        const label = profileLabel(ref, io.cwd);
        artifacts = [...skillFiles(profile, format, label)].map(([path, content]) => ({
          path: `${skillDir}/${path}`,
          content,
        }));
      } else {
        root = values.root ? resolve(io.cwd, values.root) : PACKAGE_ROOT;
        skillDir = pluginSkillDir(profile.skill.name);
        artifacts = await generatedArtifacts({ profile: ref, format, cwd: io.cwd });
      }
    } catch (error) {
      if (!(error instanceof ProfileLoadError)) throw error;
      report(io, json, { ok: false, errors: error.errors }, [formatProfileErrors(error.errors)], true);
      return EXIT.finding;
    }

    // Never write a skill that fails its own validation (e.g. an example command the allowed-tools refuse).
    const prefix = `${skillDir}/`;
    const files = new Map(
      artifacts.filter((a) => a.path.startsWith(prefix)).map((a) => [a.path.slice(prefix.length), a.content]),
    );
    const findings = validateSkillFiles({ dirName: profile.skill.name, files }, { format, profile }).findings;
    const errors = findings.filter((f) => f.severity === "error");
    const findingLines = findings.map((f) => formatFinding(f, `${skillDir}/${SKILL_FILE}`));
    if (errors.length > 0) {
      report(
        io,
        json,
        { ok: false, findings },
        [`the skill rendered from ${ref} fails validation; nothing written:`, ...findingLines],
        true,
      );
      return EXIT.finding;
    }
    if (findingLines.length > 0 && !json) io.stderr(`${findingLines.join("\n")}\n`);

    const planned = plan(root, skillDir, artifacts);
    const shown = (path: string) => relative(io.cwd, join(root, path)) || path;
    if (values.check) {
      const stale = planned.filter((r) => r.status !== "unchanged");
      const lines = stale.flatMap((r) => [`${r.status}: ${shown(r.path)}`, r.diff ?? ""]);
      lines.push(
        stale.length === 0
          ? `${planned.length} generated file(s) up to date`
          : `${stale.length} of ${planned.length} generated file(s) stale; run \`run-tests-skill generate\``,
      );
      report(io, json, { ok: stale.length === 0, mode: "check", findings, files: planned }, lines);
      return stale.length === 0 ? EXIT.ok : EXIT.finding;
    }
    const done = apply(root, artifacts, planned);
    report(
      io,
      json,
      { ok: true, mode: "write", findings, files: done },
      done.map((r) => `${r.status}: ${shown(r.path)}`),
    );
    return EXIT.ok;
  },
};
