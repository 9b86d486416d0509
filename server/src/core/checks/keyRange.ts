// The range of a mapping key written just before a value we know the range
// of (`policyTypes:` before its list): the model keeps value ranges, and a
// finding about "this key" reads better on the key than on a whole list.
import type { OffsetRange } from '../findings';

/** How far back the key may be (comments between key and value are short). */
const LOOK_BACK = 400;

/** The key's range, or `undefined` when it is not found right before `valueStart`. */
export function keyRangeBefore(text: string, valueStart: number, key: string): OffsetRange | undefined {
  const from = Math.max(0, valueStart - LOOK_BACK);
  const before = text.slice(from, valueStart);
  const re = new RegExp(`(?<![\\w.-])(["']?)${key}\\1[ \\t]*:`, 'g');
  let last: RegExpExecArray | null = null;
  for (let m = re.exec(before); m; m = re.exec(before)) last = m;
  if (!last) return undefined;
  // Only blanks and comments may lie between the key's colon and the value.
  if (!/^(?:\s|#[^\r\n]*)*$/.test(before.slice(last.index + last[0].length))) return undefined;
  const start = from + last.index;
  return { start, end: start + last[0].replace(/[ \t]*:$/, '').length };
}
