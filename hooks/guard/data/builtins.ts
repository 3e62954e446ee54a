// Shell builtins the engine judges, and the text tools with their own command languages, as rows: the
// program name and what kind of thing it does. The judgement of each kind is in ../builtins.ts.
//   eval       runs its words as shell code
//   source     runs a file (`source`, `.`): followed when the line wrote it, refused when it cannot be read
//   trap       runs its first word as shell code later
//   alias      defines aliases: their text is judged now and followed when the line uses them
//   rebinds    runs or rebinds commands with one option (`risky`: an option prefix, or "always")
//   assigns    assigns variables (export, declare, ...): sensitive names and prompt strings are judged
//   chdir      changes the directory later relative write targets are taken in
//   shopt      may turn dotglob on (then `*` matches .git)
//   multicall  a multi-call binary: its first word is the program it runs
// Text tools: awk and sed programs are checked for what runs commands or writes files.

export type BuiltinRow =
  | { kind: "eval" | "source" | "trap" | "alias" | "chdir" | "shopt" | "multicall" }
  | { kind: "rebinds"; risky: string | "always" }
  | { kind: "assigns" /** `export NAME` without a value still marks the name. */; bareNames?: true };

export const BUILTINS: Record<string, BuiltinRow> = {
  eval: { kind: "eval" },
  source: { kind: "source" },
  ".": { kind: "source" },
  trap: { kind: "trap" },
  alias: { kind: "alias" },
  hash: { kind: "rebinds", risky: "-p" },
  enable: { kind: "rebinds", risky: "-f" },
  bind: { kind: "rebinds", risky: "-x" },
  complete: { kind: "rebinds", risky: "-C" },
  compgen: { kind: "rebinds", risky: "-C" },
  mapfile: { kind: "rebinds", risky: "-C" },
  readarray: { kind: "rebinds", risky: "-C" },
  fc: { kind: "rebinds", risky: "always" },
  export: { kind: "assigns", bareNames: true },
  declare: { kind: "assigns" },
  typeset: { kind: "assigns" },
  readonly: { kind: "assigns" },
  local: { kind: "assigns" },
  cd: { kind: "chdir" },
  pushd: { kind: "chdir" },
  shopt: { kind: "shopt" },
  busybox: { kind: "multicall" },
  toybox: { kind: "multicall" },
};

export type TextTool = "awk" | "sed";

export const TEXT_TOOLS: Record<string, TextTool> = {
  awk: "awk",
  gawk: "awk",
  mawk: "awk",
  nawk: "awk",
  sed: "sed",
  gsed: "sed",
};
