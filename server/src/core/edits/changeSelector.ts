// "Change selector to app=backend": replace one key or value of a selector,
// keeping the quote style it was written in.
import type { OffsetRange } from '../findings';
import type { TextEdit } from './text';
import { formatScalarLike } from './yamlScalar';

export function changeScalarEdit(text: string, range: OffsetRange, newValue: string): TextEdit {
  return { range, newText: formatScalarLike(newValue, text.slice(range.start, range.end)) };
}
