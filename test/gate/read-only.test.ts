// The recorder skips the tree around commands that cannot change it (hooks/gate/read-only.ts): the list is
// conservative, so every doubt (a writing option, a redirect into a file, an expansion where it matters, an
// unknown program, a line the walk cannot read) reads as "may write".
import { describe, expect, it } from "vitest";
import { readOnlyCommand } from "../../hooks/gate/read-only.ts";

describe("readOnlyCommand", () => {
  it("reading commands, alone, piped, chained, wrapped, in a substitution", () => {
    for (const line of [
      "ls -la",
      "cat pkg/core.py | grep -n def | head -5",
      "cd pkg && ls && wc -l *.py",
      "git status --short",
      "git --no-pager diff HEAD~1 -- pkg/",
      "git -C sub log --oneline -5",
      "rg -n 'def double' pkg",
      "find . -name '*.py' -newer setup.cfg",
      "timeout 5 grep -r TODO pkg 2>/dev/null",
      "echo $(git rev-parse HEAD) > /dev/null",
      "stat -c %Y pkg/core.py; pwd",
    ])
      expect(readOnlyCommand(line), line).toBe(true);
  });

  it("anything that may write the tree, run a program or move HEAD", () => {
    for (const line of [
      "sed -i 's/a/b/' pkg/core.py",
      "cat a.py > b.py",
      "echo x >> notes.txt",
      "ls | tee listing.txt",
      "find . -name '*.pyc' -delete",
      "find . -name x -exec rm {} +",
      "rg --pre ./run.sh x",
      "git diff --output=patch.diff",
      "git checkout -- pkg/core.py",
      "git -c core.pager=./evil log",
      "git stash",
      "python -m pytest tests",
      "python -c 'print(1)'",
      "$EDITOR pkg/core.py",
      "ls $(./make-things.sh)",
      "time -o out.txt ls",
      "nohup ls",
      "f() { touch x; }; f",
      "xargs rm < list.txt",
      "",
    ])
      expect(readOnlyCommand(line), line).toBe(false);
  });
});
