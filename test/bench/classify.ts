// Benchmark: classifying 1, 5 and 10 MB of pytest output (normalise + parse + classify + render), the
// whole pipeline the post-run hook runs on a persisted Bash output. Prints the median of five runs per
// size and ms per MB, which should stay flat (linear growth).
// Run: npx tsx test/bench/classify.ts [sizes in MB...]
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { classifyOutput, composeReport, FALLBACK_PROFILE } from "../../hooks/results/analyze.ts";

/** Synthetic but format-true pytest output of about `bytes` bytes: progress lines, FAILURES sections with
 *  chained trio tracebacks and exception groups, captured output, a short summary and the stats line. */
export function syntheticOutput(bytes: number): string {
  const parts: string[] = [
    "============================= test session starts ==============================",
    "platform linux -- Python 3.11.7, pytest-9.0.3, pluggy-1.6.0",
    "rootdir: /home/user/proj",
    "collected 100000 items",
    "",
  ];
  let size = parts.join("\n").length;
  const failures: string[] = [];
  const summary: string[] = [];
  let i = 0;
  const target = bytes * 0.3;
  while (size < target) {
    const line = `tests/test_module_${i % 400}.py ${".".repeat(50)}F.s${".".repeat(10)} [ ${(i % 100).toString().padStart(2)}%]`;
    parts.push(line);
    size += line.length + 1;
    i++;
  }
  parts.push("", "=================================== FAILURES ===================================");
  let k = 0;
  while (size < bytes * 0.97) {
    const id = `tests/test_module_${k % 400}.py::TestCase::test_case_${k}[param-${k % 7}]`;
    const block =
      k % 3 === 0
        ? [
            `_____________________ TestCase.test_case_${k}[param-${k % 7}] ______________________`,
            `tests/test_module_${k % 400}.py:${k % 300}: in test_case_${k}`,
            "    trio.run(main)",
            "E   trio.Cancelled: Cancelled",
            "",
            "During handling of the above exception, another exception occurred:",
            `tests/test_module_${k % 400}.py:12: in main`,
            "E   trio.TooSlowError",
            "----------------------------- Captured stdout call -----------------------------",
            "log line ".repeat(20),
          ]
        : k % 3 === 1
          ? [
              `_____________________ TestCase.test_case_${k}[param-${k % 7}] ______________________`,
              "  + Exception Group Traceback (most recent call last):",
              '  |   File "/home/user/proj/tests/x.py", line 40, in test_x',
              "  | ExceptionGroup: Exceptions from Trio nursery (2 sub-exceptions)",
              "  +-+---------------- 1 ----------------",
              "    | trio.TooSlowError",
              "    +---------------- 2 ----------------",
              "    | ValueError: remote actor failed",
              "    +------------------------------------",
            ]
          : [
              `_____________________ TestCase.test_case_${k}[param-${k % 7}] ______________________`,
              "",
              "    def test_case(self):",
              ">       assert compute() == 3",
              "E       assert 2 == 3",
              "E        +  where 2 = compute()",
              "",
              `tests/test_module_${k % 400}.py:${k % 300}: AssertionError`,
            ];
    failures.push(...block);
    summary.push(`FAILED ${id}${k % 3 === 2 ? " - assert 2 == 3" : ""}`);
    size += block.join("\n").length + id.length + 10;
    k++;
  }
  return [
    ...parts,
    ...failures,
    "=========================== short test summary info ============================",
    ...summary,
    `================ ${k} failed, ${i * 60} passed, ${i} skipped in 900.12s (0:15:00) ================`,
  ].join("\n");
}

function timeOnce(text: string): number {
  const started = performance.now();
  const classified = classifyOutput({
    text: `Exit code 1\n${text}`,
    fromFailure: true,
    command: "python -m pytest tests/ -q",
    profile: FALLBACK_PROFILE,
    report: null,
  });
  composeReport({
    classified,
    profile: FALLBACK_PROFILE,
    changedFiles: [],
    tree: null,
    history: [],
    now: new Date(),
  });
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export function bench(
  sizesMb: number[],
): Array<{ mb: number; ms: number; msPerMb: number; failures: number }> {
  timeOnce(syntheticOutput(256 * 1024)); // warm-up (JIT)
  return sizesMb.map((mb) => {
    const text = syntheticOutput(mb * 1024 * 1024);
    const ms = median(Array.from({ length: 5 }, () => timeOnce(text)));
    const failures = (text.match(/^FAILED /gm) ?? []).length;
    return { mb, ms: Math.round(ms), msPerMb: Math.round((ms / mb) * 10) / 10, failures };
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  const rows = bench(sizes.length > 0 ? sizes : [1, 5, 10]);
  console.log("size   time     per MB   failing tests");
  for (const r of rows)
    console.log(
      `${`${r.mb} MB`.padEnd(6)} ${`${r.ms} ms`.padEnd(8)} ${`${r.msPerMb} ms`.padEnd(8)} ${r.failures}`,
    );
}
