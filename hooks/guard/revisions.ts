// Output that can only be revisions: `git log --format=%H`, `git rev-list`, `git merge-base`. A computed git
// argument made of such output is a revision, never an option (`--output=...` cannot appear in it), so
// `git show $(git log -1 --format=%H)` and `git log --format=%H | xargs git show --stat` are reads.

/** Options of log/show/rev-list that add text other than revisions to the output (diffs, stats, paths). */
const EXTRA_OUTPUT =
  /^(-p|-u|--patch|--stat|--numstat|--shortstat|--name-only|--name-status|--raw|--summary|--dirstat|--compact-summary|--objects|--objects-edge|--header|--graph|--decorate|--source|--notes|--show-signature|--show-notes|-m|--cc|--pretty|--oneline|--children|--left-right|--boundary|--timestamp|--walk-reflogs|-g)(=|$)/;
/** A format made of hash placeholders only (`%H`, `%h`, `%T`, `%t`, `%P`, `%p`), spaces and newlines. */
const HASH_FORMAT = /^--(format|pretty)=(format:|tformat:)?((%[HhTtPp]|%n|\s)+)$/;

export type PipeContent = "revisions" | "oneline" | null;

/** What `git <values...>` prints, as far as a later argument cares: revisions only, `--oneline` lines
 *  (a hash, then a subject anyone can write), or anything. */
export function gitPrints(values: readonly string[]): PipeContent {
  const sub = values.find((v) => !v.startsWith("-"));
  const options = values.filter((v) => v.startsWith("-"));
  switch (sub) {
    case "merge-base":
      return "revisions";
    case "rev-list":
      return options.some((o) => EXTRA_OUTPUT.test(o) || (/^--format=/.test(o) && !HASH_FORMAT.test(o)))
        ? null
        : "revisions";
    case "log":
    case "show":
    case "whatchanged": {
      if (sub !== "log" && !options.some((o) => o === "-s" || o === "--no-patch")) return null;
      if (options.includes("--oneline") && !options.some((o) => o !== "--oneline" && EXTRA_OUTPUT.test(o)))
        return "oneline";
      const format = options.some((o) => HASH_FORMAT.test(o));
      return format && !options.some((o) => EXTRA_OUTPUT.test(o) && !HASH_FORMAT.test(o))
        ? "revisions"
        : null;
    }
    default:
      return null;
  }
}

/** What a later pipeline stage passes on: line filters keep revisions; `cut -d' ' -f1` and
 *  `awk '{print $1}'` take the hash of `--oneline` lines; anything else may print anything. */
export function stageKeeps(name: string, values: readonly string[], before: PipeContent): PipeContent {
  if (before === null) return null;
  if (["head", "tail", "sort", "uniq", "tac", "grep"].includes(name)) return before;
  const firstField =
    (name === "cut" && values.some((v) => /^-f\s*1$|^--fields=1$/.test(v) || v === "-f1")) ||
    (/^[gm]?awk$/.test(name) && values.some((v) => /^\{\s*print\s+\$1\s*\}$/.test(v.trim())));
  if (firstField) return "revisions";
  return null;
}
