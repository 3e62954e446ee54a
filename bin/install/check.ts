// One line of `doctor`'s answer: shared by doctor.ts and its Python side (doctor-python.ts), which would
// otherwise import each other.
export interface Check {
  /** What was checked, e.g. "hook guard answers a sample input". */
  title: string;
  ok: boolean;
  /** Facts found (a version, a time). */
  detail?: string;
  problem?: string;
  fix?: string;
  /** Nothing could be checked (e.g. no `claude` on PATH): shown as "not checked", never as ok; not a failure. */
  notChecked?: boolean;
}
