// A kustomization's top-level `namespace:` gives a namespace to the objects
// of its folder that do not name one.
import { isMap, isScalar } from 'yaml';
import type { ParsedFile } from '../yaml/parse';

export function kustomizationNamespace(parsed: ParsedFile): string | undefined {
  for (const d of parsed.documents) {
    if (d.hasErrors || !isMap(d.doc.contents)) continue;
    const value = d.doc.contents.get('namespace', true);
    if (isScalar(value) && typeof value.value === 'string' && value.value !== '') return value.value;
  }
  return undefined;
}
