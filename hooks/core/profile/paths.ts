// The test paths a profile refers to (layout, mapping, known-flaky entries, and path-like words in its
// commands), so a check can compare them with a real test tree: stale paths were the seed's most common
// defect (a renamed test module lived on in five places).
import { fileOfNodeId } from "../pytest/node-id.ts";
import type { Profile } from "./schema.ts";

/** Repo-relative paths under the profile's tests folder that the profile names, without ::node-id parts;
 *  folders keep their trailing slash. Sorted, without duplicates. */
export function referencedTestPaths(profile: Profile): string[] {
  const dir = `${profile.project.tests_dir.replace(/\/+$/, "")}/`;
  const paths = new Set<string>();
  const add = (candidate: string) => {
    const path = fileOfNodeId(candidate).replace(/^["']|["']$/g, "");
    if (path.startsWith(dir) && path !== dir && !/[*<>]/.test(path)) paths.add(path);
  };
  for (const entry of profile.layout) add(entry.path);
  for (const row of profile.mapping) row.tests.forEach(add);
  for (const entry of profile.known_flaky) add(entry.path);
  const commands = [
    ...profile.examples.flatMap((e) => (e.command ? [e.command] : [])),
    ...profile.preflight.flatMap((c) => [...c.run, ...c.fix]),
    ...profile.quick_checks.flatMap((c) => c.run),
  ];
  for (const command of commands) command.split(/\s+/).forEach(add);
  return [...paths].sort();
}
