// doctor's Python side: the profile's runner resolves to an interpreter, that interpreter imports pytest (its
// version is shown) and the project's package, and the streaming reporter module imports under it (else the
// report falls back to pytest's text). One probe process (interpreter.ts), run in the project folder with
// the reporter module on PYTHONPATH from a scratch folder, so nothing is written into the project.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPORTER_SOURCE } from "../../hooks/results/reporter/source.ts";
import { REPORTER_MODULE } from "../../hooks/results/structured.ts";
import type { Profile } from "../../skills/profile/schema.ts";
import type { Check } from "./doctor.ts";
import { probeInterpreter, resolveInterpreter } from "./interpreter.ts";
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
    const probe = await probeInterpreter(resolved.argv, ["pytest", ...(pkg ? [pkg] : []), REPORTER_MODULE], {
      cwd: dir,
      env,
      pythonPath: scratch,
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
    if (pkg) {
      const found = imports(pkg);
      checks.push(
        found.ok
          ? { title: `\`${python}\` imports the project's package ${pkg}`, ok: true }
          : {
              title: `\`${python}\` imports the project's package ${pkg}`,
              ok: false,
              problem: `${found.error}: tests that import ${pkg} fail at collection`,
              fix: `install the project into that interpreter (${python} -m pip install -e .), or ${edit}`,
            },
      );
    }
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
