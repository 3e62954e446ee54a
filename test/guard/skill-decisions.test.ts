// Skill mode's written-down decisions (hooks/guard/README.md, "Skill-mode decisions"), with the tractor
// profile: each denied form gets a reason naming the allowed form; the allowed neighbours stay allowed.
import { describe, expect, it } from "vitest";
import { decide } from "../../hooks/guard/decide.ts";
import { guardPolicyFromProfile } from "../../hooks/guard/policy.ts";
import { tractorProfile } from "./helpers.ts";

const inSkill = { skillActive: true, policy: guardPolicyFromProfile(tractorProfile()) };

const DENIED: [command: string, rule: string, reason: RegExp][] = [
  ["python -m pytest -p /tmp/evil.py", "skill-decision", /takes an installed module/],
  ["python -m pytest -p../plug", "skill-decision", /never a file path/],
  ["python -m pytest -c /tmp/evil.ini", "skill-decision", /outside the project/],
  ["python -m pytest --config-file=../other/pytest.ini", "skill-decision", /outside the project/],
  ["python -m pytest -o addopts=-pevil", "skill-decision", /give the options directly/],
  ["python -m pytest --override-ini='addopts=--rootdir=/tmp'", "skill-decision", /give the options directly/],
  ["python -m pytest --rootdir=/tmp", "skill-decision", /name a folder inside the project/],
  ["python -m pytest --rootdir ../x", "skill-decision", /name a folder inside the project/],
  ["python -m pytest --pdb", "skill-decision", /--tb=long -l/],
  ["python -m pytest -x --trace", "skill-decision", /waits for input/],
  ["python -m pytest --pdbcls=IPython.terminal.debugger:Pdb", "skill-decision", /debugger prompt/],
  [
    "py../../tmp/bin/python -m pytest -q",
    "skill-allowlist",
    /Run pytest with the project.s runner: `python -m pytest -q`/,
  ],
  ["py313/../../../tmp/evil/bin/python -m pytest -q", "skill-allowlist", /allowed-tools/],
  ["UV_PROJECT_ENVIRONMENT=py../../x uv sync", "skill-allowlist", /allowed-tools/],
  ["UV_PROJECT_ENVIRONMENT=py313 uv sync --python /tmp/evil/python", "skill-decision", /--python 3\.13/],
  ["UV_PROJECT_ENVIRONMENT=py313 uv sync --python=./other/bin/python", "skill-decision", /name a version/],
];

const ALLOWED = [
  "python -m pytest -p no:cacheprovider",
  "python -m pytest -p xdist",
  "python -m pytest -c pytest.ini",
  "python -m pytest -o cache_dir=/tmp/pc",
  "python -m pytest --rootdir=.",
  "python -m pytest --tb=long -l",
  "py313/bin/python -m pytest -q",
  "UV_PROJECT_ENVIRONMENT=py313 uv sync",
  "UV_PROJECT_ENVIRONMENT=py313 uv sync --python 3.13",
];

describe("skill-mode decisions", () => {
  it.each(DENIED)("%j is denied (%s)", (command, rule, reason) => {
    const d = decide(command, inSkill);
    expect(d, d.reason).toMatchObject({ decision: "deny", rule });
    expect(d.reason).toMatch(reason);
  });
  it.each(ALLOWED)("%j is allowed", (command) => {
    const d = decide(command, inSkill);
    expect(d.decision, d.reason).toBe("allow");
  });
});
