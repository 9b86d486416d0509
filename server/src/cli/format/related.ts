// A finding's related places (Finding.related) as the formats print them:
// the other input file, 1-based line and column, and what is there. Places
// outside the input files (the cluster model) are left out.
import type { Finding } from '../../core/findings';
import type { Range } from '../../core/yaml/lineIndex';
import type { CheckedFile, RelatedFile } from '../analyzeFiles';

export interface RelatedPlace {
  file: RelatedFile;
  range: Range;
  message: string;
}

export function relatedPlaces(file: CheckedFile, f: Finding): RelatedPlace[] {
  const out: RelatedPlace[] = [];
  for (const r of f.related ?? []) {
    const other = file.locate?.(r.uri);
    if (other) out.push({ file: other, range: other.lines.rangeOf(r.range), message: r.message });
  }
  return out;
}
