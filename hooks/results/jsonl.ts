// JSON lines as the results core reads them: the reporter's records and the flaky ledger. Both files are
// appended to while others may read them, so a line may be torn (a killed run, a read from mid-file).

/** The objects of a JSON-lines text that `accept` recognises. Lines that do not start with "{" (the
 *  partial first line of a tail read) or do not parse (a torn last line) are skipped. */
export function parseJsonLines<T>(text: string, accept: (value: unknown) => value is T): T[] {
  const out: T[] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith("{")) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    if (accept(value)) out.push(value);
  }
  return out;
}
