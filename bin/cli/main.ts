// `run-tests-skill <command> [...]`: dispatches to bin/cli/commands/<command>.ts.
import { fileURLToPath } from "node:url";
import { readStdin } from "../../hooks/contract/io.ts";
// The package's own version, read at build time: esbuild inlines the JSON into the prebuilt CLI.
import packageJson from "../../package.json" with { type: "json" };
import { type CliIO, type Command, EXIT, UsageError } from "./command.ts";

const COMMANDS = [
  "generate",
  "validate",
  "explain",
  "classify",
  "flaky",
  "init",
  "doctor",
  "import",
  "log",
] as const;
type CommandName = (typeof COMMANDS)[number];

export const VERSION: string = packageJson.version;

async function load(name: CommandName): Promise<Command> {
  const mod = (await import(`./commands/${name}.ts`)) as { command: Command };
  return mod.command;
}

function isCommandName(name: string): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name);
}

async function overview(): Promise<string> {
  const lines = ["usage: run-tests-skill <command> [options]", "", "commands:"];
  for (const name of COMMANDS) {
    const summary = await load(name)
      .then((c) => c.summary)
      .catch(() => "(not available)");
    lines.push(`  ${name.padEnd(10)} ${summary}`);
  }
  lines.push(
    "",
    "Run `run-tests-skill <command> --help` for a command's options; `run-tests-skill --version` for the version.",
  );
  return `${lines.join("\n")}\n`;
}

export function processIO(): CliIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: () => readStdin(process.stdin),
    cwd: process.cwd(),
    env: process.env,
  };
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--version" || name === "-V" || name === "version") {
    io.stdout(`${VERSION}\n`);
    return EXIT.ok;
  }
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(await overview());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (!isCommandName(name)) {
    io.stderr(`run-tests-skill: unknown command "${name}"\n${await overview()}`);
    return EXIT.usage;
  }
  const command = await load(name);
  // After `--` everything is an operand (`explain -- git commit --help` explains that command).
  const end = rest.indexOf("--");
  const options = end === -1 ? rest : rest.slice(0, end);
  if (options.includes("--help") || options.includes("-h")) {
    io.stdout(`${command.usage.trimEnd()}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`run-tests-skill ${name}: ${error.message}\n\n${command.usage.trimEnd()}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
