// Programs that create, change or delete files, as rows: which of their words name what they write (the
// destinations only: reading `.git` is allowed). ../targets.ts reads each kind:
//   copy        the last operand or `-t DIR` (plus backup/partial/log files); `links`: the program makes its
//               sources writable under another name, so every operand is a target (always, or with an option
//               matching the pattern); `removesSources`: an option that deletes the sources too
//   tar         the archive when creating; the `-C` directory and the members when extracting
//   zip/unzip   the archive (or, with -m, every operand) / the `-d` directory and the members
//   assignment  `of=FILE` words (dd)
//   options     only the values of the listed options (sort -o, curl -o, wget -O)
//   compressor  every operand, unless it writes to stdout or only lists/tests (then `-o`)
//   operands    every operand, and the value of any `--opt=value` (the default for any writer)

export type WriteTarget =
  | { kind: "copy"; valued: readonly string[]; links?: "always" | RegExp; removesSources?: RegExp }
  | { kind: "tar" | "zip" | "unzip" | "compressor" | "operands" }
  | { kind: "assignment"; prefix: string }
  | { kind: "options"; options: readonly string[] };

/** Options of cp, install and ln that take a value (not a file to write). */
const COPY_VALUED = ["-S", "--suffix", "-m", "--mode", "-o", "--owner", "-g", "--group"];
const RSYNC_VALUED = ["-e", "--rsh", "--rsync-path", "-f", "--filter", "--exclude", "--include", "-T"].concat(
  ["--temp-dir", "--partial-dir", "--backup-dir", "--log-file", "--password-file"],
);
const OPERANDS: WriteTarget = { kind: "operands" };
const COMPRESSOR: WriteTarget = { kind: "compressor" };

export const WRITE_TARGETS: Record<string, WriteTarget> = {
  tee: OPERANDS,
  cp: { kind: "copy", valued: COPY_VALUED, links: /^(-[A-Za-z]*[ls][A-Za-z]*|--link|--symbolic-link)$/ },
  mv: OPERANDS,
  install: { kind: "copy", valued: COPY_VALUED },
  ln: { kind: "copy", valued: COPY_VALUED, links: "always" },
  dd: { kind: "assignment", prefix: "of=" },
  truncate: OPERANDS,
  rm: OPERANDS,
  rmdir: OPERANDS,
  unlink: OPERANDS,
  shred: OPERANDS,
  touch: OPERANDS,
  mkdir: OPERANDS,
  chmod: OPERANDS,
  chown: OPERANDS,
  chgrp: OPERANDS,
  rsync: { kind: "copy", valued: RSYNC_VALUED, removesSources: /^--remove-source-files$/ },
  tar: { kind: "tar" },
  unzip: { kind: "unzip" },
  patch: OPERANDS,
  curl: {
    kind: "options",
    options: [
      "-o",
      "--output",
      "--output-dir",
      "-c",
      "--cookie-jar",
      "-D",
      "--dump-header",
      "--trace",
    ].concat(["--trace-ascii", "--stderr"]),
  },
  wget: {
    kind: "options",
    options: ["-O", "--output-document", "-P", "--directory-prefix", "-o", "--output-file", "-a"].concat([
      "--append-output",
    ]),
  },
  ed: OPERANDS,
  ex: OPERANDS,
  vi: OPERANDS,
  vim: OPERANDS,
  nvim: OPERANDS,
  nano: OPERANDS,
  emacs: OPERANDS,
  setfacl: OPERANDS,
  chattr: OPERANDS,
  mknod: OPERANDS,
  mkfifo: OPERANDS,
  split: OPERANDS,
  csplit: OPERANDS,
  sort: { kind: "options", options: ["-o", "--output"] },
  cpio: OPERANDS,
  zip: { kind: "zip" },
  gzip: COMPRESSOR,
  gunzip: COMPRESSOR,
  bzip2: COMPRESSOR,
  xz: COMPRESSOR,
  zstd: COMPRESSOR,
  mktemp: OPERANDS,
  sponge: OPERANDS,
};
