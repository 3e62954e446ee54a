// doctor's Python side: the profile's runner resolves to an interpreter, that interpreter imports pytest (its
// version is shown) and the project's package FROM THIS CHECKOUT (an installed copy in site-packages is a
// FAIL: the tests would test that copy), and the streaming reporter module imports under it (else the report
// falls back to pytest's text). The same proof as init's detection (interpreter.ts): the project's pytest
// `pythonpath` folders are on sys.path as pytest puts them, and a package that does not import at all is
// judged by `--collect-only`. One probe process, run in the project folder with the reporter module on
// PYTHONPATH from a scratch folder, so nothing is written into the project.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Profile } from "../../hooks/core/profile/schema.ts";
import { REPORTER_SOURCE } from "../../hooks/results/reporter/source.ts";
import { REPORTER_MODULE } from "../../hooks/results/structured.ts";
import type { Check } from "./check.ts";
import { configuredPythonPath, readProjectFiles } from "./detect.ts";
import {
  collectOnly,
  detectRunner,
  type ModuleImport,
  probeInterpreter,
  provenance,
  resolveInterpreter,
} from "./interpreter.ts";
import { PATHS } from "./layout.ts";

export async function pythonChecks(dir: string, profile: Profile, env: NodeJS.ProcessEnv): Promise<Check[]> {
  const { python } = profile.runner;
  const edit = `set runner.python in ${PATHS.profileYaml} to the interpreter that runs the tests, then run \`run-tests-skill init ${dir}\``;
  const resolved = resolveInterpreter(python, dir, env);
  const title = `runner.python \`${python}\` resolves`;
  if (!resolved.ok)
    return [
      {
        title,
        ok: false,
        problem: `${resolved.why}, so every pytest command of the skill fails`,
        fix: `create it (e.g. python3 -m venv .venv && .venv/bin/python -m pip install pytest), or ${edit}`,
      },
    ];
  const checks: Check[] = [{ title, ok: true, detail: resolved.file }];

  const scratch = mkdtempSync(join(tmpdir(), "run-tests-skill-doctor-py-"));
  try {
    writeFileSync(join(scratch, `${REPORTER_MODULE}.py`), REPORTER_SOURCE);
    const pkg = profile.project.package;
    const iniPath = configuredPythonPath(readProjectFiles(dir)).map((p) => join(dir, p));
    const probe = await probeInterpreter(resolved.argv, ["pytest", ...(pkg ? [pkg] : []), REPORTER_MODULE], {
      cwd: dir,
      env,
      pythonPath: [scratch, ...iniPath],
    });
    if (!probe.ran) {
      checks.push({
        title: `\`${python}\` runs`,
        ok: false,
        problem: `it did not run a one-line Python check (${probe.why})`,
        fix: `run \`${python} -c "import pytest"\` in ${dir} to see why, or ${edit}`,
      });
      return checks;
    }
    const imports = (name: string) => probe.modules[name] ?? { ok: false, error: "not checked" };
    const pytest = imports("pytest");
    checks.push(
      pytest.ok
        ? {
            title: `\`${python}\` imports pytest`,
            ok: true,
            detail: `pytest ${pytest.version}, Python ${probe.python} at ${probe.executable}`,
          }
        : {
            title: `\`${python}\` imports pytest`,
            ok: false,
            problem: `${pytest.error} (Python ${probe.python} at ${probe.executable})`,
            fix: `${python} -m pip install pytest, or ${edit}`,
          },
    );
    if (pkg && pytest.ok)
      checks.push(await packageCheck(dir, profile, env, resolved.argv, imports(pkg), iniPath));
    const reporter = imports(REPORTER_MODULE);
    checks.push(
      reporter.ok
        ? { title: "the streaming reporter module imports under the runner", ok: true }
        : {
            title: "the streaming reporter module imports under the runner",
            ok: false,
            problem: `${reporter.error}: the session-start hook leaves it off and reports fall back to pytest's text (no record of a killed run)`,
            fix: pytest.ok
              ? "report this as a bug in run-tests-skill, with the error above"
              : `${python} -m pip install pytest`,
          },
    );
    return checks;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Whether the runner tests this checkout: its `pkg` comes from the project, not from an installed copy. */
async function packageCheck(
  dir: string,
  profile: Profile,
  env: NodeJS.ProcessEnv,
  argv: string[],
  found: ModuleImport,
  iniPath: string[],
): Promise<Check> {
  const { python } = profile.runner;
  const pkg = profile.project.package as string;
  const title = `\`${python}\` imports ${pkg} from this checkout`;
  const from = provenance(found, dir);
  if (from.kind === "checkout") return { title, ok: true, detail: found.file ?? "" };
  // A better interpreter, when there is one here: the same search as init's.
  const better = async () => {
    const detected = await detectRunner(dir, { env, pkg, pythonPath: iniPath });
    if (!detected.ok || !detected.proven || detected.label === python) return null;
    return detected.label;
  };
  const edit = (label: string) =>
    `set runner.python in ${PATHS.profileYaml} to \`${label}\` (it imports this checkout), then run \`run-tests-skill init ${dir}\``;
  if (from.kind === "installed") {
    const other = await better();
    return {
      title,
      ok: false,
      problem: `it imports ${pkg}${found.version ? ` ${found.version}` : ""} from ${from.file}, an installed copy, not this checkout: the tests would test that copy (or fail to load their conftest.py)`,
      fix: other ? edit(other) : `install this checkout into it (${python} -m pip install -e .)`,
    };
  }
  // The package does not import on its own: the tests may still set up their path (conftest.py, rootdir).
  const collected = await collectOnly(argv, { cwd: dir, env });
  if (collected.ok)
    return {
      title: `\`${python}\` collects the tests`,
      ok: true,
      detail: `${pkg} does not import on its own (${found.error ?? "no file"}), but \`--collect-only\` collects without errors: ${collected.summary}`,
    };
  const other = await better();
  return {
    title,
    ok: false,
    problem: `${found.error ?? "not importable"}, and \`--collect-only\` fails (${collected.why}): tests that import ${pkg} fail at collection`,
    fix: other ? edit(other) : `install the project into that interpreter (${python} -m pip install -e .)`,
  };
}
