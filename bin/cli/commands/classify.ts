// `run-tests-skill classify`: the post-run hook's classifier on saved pytest output, or on a saved hook
// input (PostToolUse / PostToolUseFailure JSON). The class is data, so any class exits 0.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import * as v from "valibot";
import {
  classifyOutput,
  composeReport,
  FALLBACK_PROFILE,
  type OutputInput,
  type ResultsProfile,
  toJson,
} from "../../../hooks/results/analyze.ts";
import { eventText, PostBashInput } from "../../../hooks/results/event.ts";
import { readPersistedOutput } from "../../../hooks/results/gather.ts";
import { type Command, EXIT, parseCommandArgs, UsageError } from "../command.ts";
import { chooseProfile, sayProfile } from "../profile-choice.ts";

export const command: Command = {
  summary: "classify a pytest run from its output or a saved hook input",
  usage: `usage: run-tests-skill classify [--json] [--profile FILE|NAME] [--command CMD] [--exit-code N] [FILE|-]

Reads pytest's output (or a PostToolUse / PostToolUseFailure hook input as JSON; detected by its
hook_event_name) from FILE, or from stdin when FILE is - or absent, and prints the report the post-run
hook would give: the class (pass, real-failure, flaky-known, flaky-likely, import-error,
collection-error, environment-error, interrupted, mixed), the counts, each failing test with its crash
line, next steps.

options:
  --profile FILE|NAME  the profile for the known-flaky list, mapping and hints: a YAML file or a built-in
                       name (tractor, generic); default: the profile installed in this repository,
                       else none (stderr names the one used)
  --command CMD        the command that produced plain-text output (flags such as -x, pipes); for a hook
                       input the command comes from the input
  --exit-code N        pytest's exit code for plain-text output (e.g. to accept a -qq run as a pass)
  --json               {"class","counts":{passed,failed,errors,skipped,xfailed,xpassed},
                        "tests":[{"id","outcome","class","signature"}],"evidence","next":[...], ...};
                       an error that stopped pytest before its session is "stopped_before", not a test

exit: 0 classified (whatever the class), 1 the input could not be read, 2 bad usage`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      json: { type: "boolean" },
      profile: { type: "string" },
      command: { type: "string" },
      "exit-code": { type: "string" },
    });
    if (positionals.length > 1)
      throw new UsageError(`expected at most one input file, got ${positionals.length}`);
    const exitCodeArg = values["exit-code"];
    if (exitCodeArg !== undefined && !/^\d{1,3}$/.test(exitCodeArg))
      throw new UsageError(`--exit-code must be a number, got "${exitCodeArg}"`);

    const choice = chooseProfile(values.profile, io.cwd, null);
    if (!choice.ok) {
      io.stderr(`run-tests-skill classify: ${choice.problem}\n`);
      return EXIT.usage;
    }
    sayProfile(io, "classify", choice);
    const profile: { value: ResultsProfile } = { value: choice.profile ?? FALLBACK_PROFILE };

    const source = positionals[0] ?? "-";
    let raw: string;
    try {
      raw = source === "-" ? await io.readStdin() : readFileSync(resolve(io.cwd, source), "utf8");
    } catch (error) {
      io.stderr(`run-tests-skill classify: cannot read ${source}: ${(error as Error).message}\n`);
      return EXIT.finding;
    }
    // Empty output with a known exit code still says something (`-p no:terminal` prints nothing).
    if (raw.trim() === "" && exitCodeArg === undefined) {
      io.stderr(`run-tests-skill classify: ${source === "-" ? "stdin" : source} is empty\n`);
      return EXIT.finding;
    }

    const input = toOutputInput(raw, values.command ?? null, exitCodeArg);
    if (!input.ok) {
      io.stderr(`run-tests-skill classify: ${input.problem}\n`);
      return EXIT.finding;
    }
    const classified = classifyOutput({ ...input.value, profile: profile.value, report: null });
    const composed = composeReport({
      classified,
      profile: profile.value,
      changedFiles: [],
      tree: null,
      history: [],
      now: new Date(),
    });
    io.stdout(
      values.json ? `${JSON.stringify(toJson(classified, composed.next), null, 2)}\n` : `${composed.text}\n`,
    );
    return EXIT.ok;
  },
};

type Result<T> = { ok: true; value: T } | { ok: false; problem: string };

/** A hook input (JSON with hook_event_name) or plain pytest output. */
function toOutputInput(
  raw: string,
  commandArg: string | null,
  exitCodeArg: string | undefined,
): Result<Omit<OutputInput, "profile" | "report">> {
  const trimmed = raw.trimStart();
  if (trimmed.startsWith("{")) {
    let json: unknown = null;
    try {
      json = JSON.parse(trimmed);
    } catch {
      // not JSON after all: pytest output that starts with "{" is treated as text below
    }
    if (json && typeof json === "object" && "hook_event_name" in json) {
      const parsed = v.safeParse(PostBashInput, json);
      if (!parsed.success)
        return { ok: false, problem: "the JSON is not a PostToolUse/PostToolUseFailure hook input for Bash" };
      const event = eventText(parsed.output, readPersistedOutput);
      if (!event.ok) return { ok: false, problem: `nothing to classify: ${event.skip}` };
      return { ok: true, value: event.input };
    }
  }
  if (exitCodeArg !== undefined)
    return {
      ok: true,
      value: { text: raw, fromFailure: false, command: commandArg, knownExitCode: Number(exitCodeArg) },
    };
  return { ok: true, value: { text: raw, fromFailure: false, command: commandArg, benignNonZero: true } };
}
