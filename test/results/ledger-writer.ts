// Helper process for ledger.test.ts: appends N ledger entries to a state dir as fast as it can, so several
// of these running at once exercise concurrent appends. Usage: tsx ledger-writer.ts <stateDir> <n> <tag> <pad>
import { appendLedger, type LedgerEntry } from "../../hooks/results/ledger.ts";

const [stateDir, n, tag, pad] = process.argv.slice(2);
for (let i = 0; i < Number(n); i++) {
  const entry: LedgerEntry = {
    v: 1,
    t: new Date().toISOString(),
    cmd: `python -m pytest ${tag}`,
    tree: "t1",
    class: "real-failure",
    evidence: "complete",
    failed: [[`tests/test_${tag}.py::test_${i}`, "x".repeat(Number(pad))]],
    passed: [],
  };
  appendLedger(stateDir as string, entry);
}
