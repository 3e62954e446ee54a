// The generated SKILL.md's few lines on the Bash sandbox (`init --sandbox`): what it forbids, as measured in
// Claude Code 2.1.332 (README, "What the sandbox forbids"), what the profile opened (its `sandbox:` section),
// and the sandbox-incompatible tests: deselected in the agent's runs, named for the human to run.
import type { Profile } from "../../hooks/core/profile/schema.ts";
import type { Section } from "./markdown.ts";
import { code, codes, table } from "./markdown.ts";

/** `--deselect` flags for the profile's sandbox-incompatible tests (one per entry). */
export function deselectFlags(profile: Profile): string[] {
  return profile.sandbox.incompatible.map((e) => `--deselect ${e.test}`);
}

export function sandboxSection(profile: Profile): Section {
  const needs = profile.sandbox;
  const writes = needs.write.length > 0 ? `, except ${codes(needs.write)}` : "";
  const lines = [
    `When ${code(".claude/settings.json")} turns the Bash sandbox on, every Bash call and its children run in it:`,
    "",
    `- ${code(".git")} and ${code(".claude")} are read-only; writes outside the project and ${code("$TMPDIR")} fail with ${code("Read-only file system")}${writes}.`,
    `- No network beyond the sandbox's own loopback (${code("127.0.0.1")} works); unix sockets are ${needs.unix_sockets ? "allowed" : `refused (${code("Operation not permitted")})`}.`,
    `- Its own pid namespace: processes started outside the run are invisible (${code("NoSuchProcess")}).`,
    "- A failure with one of these errors is the sandbox, not the code: say so and do not debug the code for it.",
  ];
  if (needs.incompatible.length > 0) {
    const flags = deselectFlags(profile).join(" ");
    lines.push(
      "",
      `Sandbox-incompatible tests: add ${code(flags)} to every pytest command while the sandbox is on, and name them to the user to run outside it:`,
      "",
      ...table(
        ["Test", "Why"],
        needs.incompatible.map((e) => [code(e.test), e.why]),
      ),
    );
  }
  return { id: "sandbox", title: "The Bash sandbox", lines };
}
