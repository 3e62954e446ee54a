// A failure's whole section as evidence: its `E` lines and chained exceptions, where the failure sits
// (the test's own frame, not a library's), and whether a known-flaky signature matches the section rather
// than only its final crash line. Split from ./signature.ts, which reads and matches that final crash.
import { DEFAULT_TIMEOUT_SIGNATURES } from "../core/profile/schema.ts";
import {
  crashMatches,
  GROUP_CONTENT,
  isCancellation,
  isELine,
  isGroupCrash,
  isTimeoutLike,
  leafMatches,
  normalizeSpaces,
  type ParsedSignature,
  parseExceptionLine,
  parseSignature,
  typeMatches,
  withoutCaptured,
} from "./signature.ts";
import type { Crash } from "./types.ts";

const EVIDENCE_MAX_LINES = 80;
const EVIDENCE_MAX_CHARS = 300;
const NATIVE_FRAME = /^\s*File "([^"]+)", line (\d+)/;
const SHORT_FRAME = /^([^\s:"'][^:]*\.py):(\d+):(?: |$)/;

/** What a failure section says beyond its final crash line: every `E` line (an assertion's explanation,
 *  the earlier exceptions of a chain) and the unindented exception lines of a plain traceback. Bounded, so
 *  a huge section costs no more than its first lines. */
export function sectionEvidence(bodyLines: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of withoutCaptured(bodyLines)) {
    if (out.length >= EVIDENCE_MAX_LINES) break;
    const first = raw.charCodeAt(0);
    let text: string | null = null;
    if (isELine(raw)) text = raw.slice(1).trim();
    else if (first === 32 /* space */) {
      // exception-group renderings (`| trio.TooSlowError`) carry the leaves' lines
      if (raw.includes("|")) {
        const m = GROUP_CONTENT.exec(raw);
        if (m && !/^\s/.test(m[1] as string) && parseExceptionLine(m[1] as string)?.type)
          text = (m[1] as string).trim();
      }
    } else if (/^[A-Za-z_]/.test(raw) && parseExceptionLine(raw)?.type) text = raw.trim();
    if (text) out.push(text.length > EVIDENCE_MAX_CHARS ? text.slice(0, EVIDENCE_MAX_CHARS) : text);
  }
  return out;
}

/** Frames that are never the project's own: installed packages (pytest, pluggy, Django, ... live there),
 *  the standard library (`.../lib/python3.11/json/decoder.py`), frozen or generated code. */
const FOREIGN_FRAME = /site-packages|dist-packages|(?:^|\/)lib(?:64)?\/python\d[\d.]*\/|^<|^\.\.\//;

/** Is this traceback path the project's own code? Relative paths are (pytest prints them relative to its
 *  rootdir) unless they climb out of it or run through installed packages; absolute ones (--tb=native,
 *  faulthandler) only under the project's root when it is known, and never in the stdlib or site-packages. */
export function isOwnFrame(path: string, root: string | null = null): boolean {
  if (FOREIGN_FRAME.test(path)) return false;
  if (!path.startsWith("/")) return true;
  if (!root) return true;
  const base = root.endsWith("/") ? root : `${root}/`;
  return path.startsWith(base);
}

/** An absolute path under the root, made relative to it (the form pytest prints); others unchanged. */
export function relativeToRoot(path: string, root: string | null): string {
  if (!root || !path.startsWith("/")) return path;
  const base = root.endsWith("/") ? root : `${root}/`;
  return path.startsWith(base) ? path.slice(base.length) : path;
}

/** The installed distribution a frame's path belongs to (its top folder under site-packages). */
const INSTALLED_PACKAGE = /(?:site|dist)-packages\/([A-Za-z_]\w*)/;

/** Where the failure happened, as `path:line`: the deepest frame of the section in the project's own code
 *  (isOwnFrame), made relative to the root. `own: false` when the section names frames but none is the
 *  project's (the failure is raised entirely in the stdlib, pytest or an installed package); null when it
 *  names no frame at all. `installed`: the installed package of the deepest frame in one, if any. */
export function failureLocation(
  bodyLines: readonly string[],
  root: string | null = null,
): { where: string | null; foreignOnly: boolean; installed: string | null } | null {
  let own: string | null = null;
  let installed: string | null = null;
  let any = false;
  for (const raw of withoutCaptured(bodyLines)) {
    const m = raw.startsWith(" ")
      ? raw.startsWith("  File ")
        ? NATIVE_FRAME.exec(raw)
        : null
      : raw.startsWith("E ")
        ? null
        : SHORT_FRAME.exec(raw);
    if (!m) continue;
    any = true;
    const path = m[1] as string;
    if (isOwnFrame(path, root)) own = `${relativeToRoot(path, root)}:${m[2]}`;
    else installed = INSTALLED_PACKAGE.exec(path)?.[1] ?? installed;
  }
  if (!any) return null;
  return { where: own, foreignOnly: own === null, installed: own === null ? installed : null };
}

/** Exception-type tokens in free text (`TooSlowError()`, `trio.TooSlowError`, `isinstance(x, pexpect.TIMEOUT)`). */
const TYPE_TOKEN = /(?<![\w.])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(?![\w])/g;

function textMentions(signature: ParsedSignature, line: string): boolean {
  if (signature.kind === "fragment")
    return line.includes(signature.anchor) && normalizeSpaces(line).includes(signature.normalized);
  const last = signature.segments[signature.segments.length - 1] as string;
  if (!line.includes(last)) return false;
  for (const m of line.matchAll(TYPE_TOKEN)) {
    const token = m[1] as string;
    if (token.endsWith(last) && typeMatches(signature, token)) return true;
  }
  return false;
}

/** Does a signature match anywhere in a test's failure: the final crash (group rule included), or, when
 *  that crash is not an exception group, any line of the section's evidence, qualified or not
 *  (`trio.TooSlowError` matches `isinstance(TooSlowError(), KeyboardInterrupt)` on a later `E` line). A
 *  group's verdict is its leaves' alone: one timeout among other errors must not excuse the others. */
export function failureMatches(
  signature: string,
  crash: Crash | null | undefined,
  evidence: readonly string[] = [],
): boolean {
  if (crashMatches(signature, crash)) return true;
  const parsed = parseSignature(signature);
  if (crash?.leaves && crash.leaves.length > 0 && isGroupCrash(crash))
    return boxedChainMatches(parsed, crash, evidence);
  return evidence.some((line) => textMentions(parsed, line));
}

/** Errors that carry an exception raised elsewhere (another actor, process or task) and print its chain:
 *  tractor's RemoteActorError boxes the subactor's error. Their own type says nothing about the cause. */
const BOXING_ERRORS = /(?:^|\.)RemoteActorError$/;

/** The whole chain of a group (issue 17 item 7): every leaf that is not a cancellation matches the signature
 *  itself or boxes an error, and the group's traceback shows the signature as an exception of the chain
 *  (`trio.TooSlowError` from the service's `trio.fail_after`). One unrelated leaf still fails the match. */
function boxedChainMatches(parsed: ParsedSignature, crash: Crash, evidence: readonly string[]): boolean {
  if (crash.incomplete) return false;
  const relevant = (crash.leaves ?? []).filter((leaf) => !isCancellation(leaf));
  if (relevant.length === 0) return false;
  const boxed = relevant.filter((leaf) => !leafMatches(parsed, leaf));
  if (boxed.length === 0 || !boxed.every((leaf) => BOXING_ERRORS.test(leaf.type ?? ""))) return false;
  return evidence.some((line) => {
    const chained = parseExceptionLine(line);
    return chained?.type != null && !BOXING_ERRORS.test(chained.type) && leafMatches(parsed, chained);
  });
}

const wordPatterns = new Map<readonly string[], RegExp>();

/** One pattern of the words any of these signatures needs (a type's last name, a fragment's anchor). */
function timeoutWords(signatures: readonly string[]): RegExp {
  let re = wordPatterns.get(signatures);
  if (!re) {
    const words = signatures.map((sig) => {
      const p = parseSignature(sig);
      return p.kind === "type" ? (p.segments[p.segments.length - 1] as string) : p.anchor;
    });
    re = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"));
    if (wordPatterns.size < 50) wordPatterns.set(signatures, re);
  }
  return re;
}

/** Timeout-shaped, looking at the whole failure: the final crash, or (for a crash that is not a group) an
 *  exception of its chain, e.g. `pytest.fail("hung")` raised while handling a TooSlowError. Mentions inside
 *  an assertion's text do not count here (only a listed known-flaky entry may rely on them). */
export function failureIsTimeoutLike(
  crash: Crash | null | undefined,
  evidence: readonly string[] = [],
  signatures: readonly string[] = DEFAULT_TIMEOUT_SIGNATURES,
): boolean {
  if (isTimeoutLike(crash, signatures)) return true;
  if (crash?.leaves && crash.leaves.length > 0 && isGroupCrash(crash)) return false;
  const words = timeoutWords(signatures);
  for (const line of evidence) {
    if (!words.test(line)) continue; // no signature's key word: cannot match, skip the parse
    const chained = parseExceptionLine(line);
    if (chained?.type && chained.type !== "AssertionError" && isTimeoutLike(chained, signatures)) return true;
  }
  return false;
}
