// Entry of the prebuilt CLI (plugin/cli/run-tests-skill.cjs, see bin/build/build.ts): runs the CLI however
// node was started. main.ts's own "am I the script node started" check cannot serve here: npm links a
// package's bin as a symlink, so node's script path and the module's real path differ.
import { main } from "./main.ts";

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
