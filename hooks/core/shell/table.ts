// Data tables are plain objects keyed by words from the command line, so `__proto__` or `constructor` must
// not find Object.prototype: every lookup goes through lookup().
export function lookup<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
