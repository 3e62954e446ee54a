// Where a wrapper's grammar (data/wrapper-grammars.ts) is not enough, by program: the exceptions ../wrappers.ts
// peel() applies, as rows. They hold for every table peel() is given (the guard's and the report's).

export interface PeelException {
  /** NAME=VALUE words among the options are assignments for the command (`sudo X=1 cmd`, `cmake -E env`). */
  assignments?: true;
  /** `-N` is an option, not a command (`nice -5 cmd`). */
  numericFlags?: true;
  /** Options after which the command words are joined and run by a shell (`sudo -s`, `sudo -i`). */
  shellOn?: readonly string[];
  /** Options after which the command words are an argv, not a shell string (`watch -x`). */
  shellOff?: readonly string[];
  /** `-I STR`, `-iSTR`, `--replace=STR` name the placeholder the input fills (xargs): such words are computed. */
  replace?: true;
  /** Options whose value is attached or absent, never the next word (`xargs -l`, `xargs -e`). */
  optionalValue?: readonly string[];
  /** The input is appended to the command, which is `echo` when none is given (xargs). */
  appendsInput?: true;
  /** Options whose value is the directory the command runs in (`sudo -D DIR`), for relative write targets. */
  chdir?: readonly string[];
  /** The words are not one plain command line (`cmake -E chdir DIR cmd`): every plausible command is judged. */
  uncertain?: true;
}

export const PEEL_EXCEPTIONS: Record<string, PeelException> = {
  sudo: { assignments: true, shellOn: ["-s", "--shell", "-i", "--login"], chdir: ["-D", "--chdir"] },
  cmake: { assignments: true, uncertain: true },
  nice: { numericFlags: true },
  watch: { shellOff: ["-x", "--exec"] },
  xargs: { replace: true, optionalValue: ["-l", "-e"], appendsInput: true },
};
