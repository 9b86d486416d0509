// The one shape every analysis reports in. Ranges are offsets into the file's
// text (UTF-16 code units, as JS strings index); the shells convert them to
// line/character with LineIndex, in one place.

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface OffsetRange {
  start: number;
  end: number;
}

export interface Finding {
  /** Stable rule id, e.g. `netpol/invalid-port`. */
  ruleId: string;
  severity: Severity;
  message: string;
  range: OffsetRange;
  /** Optional machine-readable payload for code actions. */
  data?: unknown;
  /** Other places involved (the other policy, the Service, the workload), for relatedInformation. */
  related?: RelatedInfo[];
  /**
   * A workspace finding that depends only on the namespaces its selector
   * looks in and on the workloads that carry the labels its selector
   * requires (what the server's dependency tracking follows): no need to
   * re-check its file after every change elsewhere. Unset: it may depend on
   * anything.
   */
  scoped?: boolean;
}

/** A place in another (or the same) file; offsets into that file's text. */
export interface RelatedInfo {
  uri: string;
  range: OffsetRange;
  message: string;
}

export function finding(ruleId: string, severity: Severity, message: string, range: OffsetRange, data?: unknown): Finding {
  return data === undefined ? { ruleId, severity, message, range } : { ruleId, severity, message, range, data };
}
