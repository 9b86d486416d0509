// A selector's finding range: from its key to the end of its value, so that
// it overlaps whatever `netpol/selector-matches-nothing` reports on it (the
// key, or a requirement inside), and the more specific rule replaces it.
import type { OffsetRange } from '../findings';
import type { LabelSelector } from '../model/types';

export function selectorRange(sel: LabelSelector): OffsetRange {
  return { start: sel.keyRange.start, end: Math.max(sel.keyRange.end, sel.range.end) };
}
