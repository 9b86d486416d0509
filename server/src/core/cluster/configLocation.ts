// Where the config file declares a cluster workload (`cluster.workloads[2]`),
// read from the file's YAML tree, so links land on the entry as it is now
// written rather than on offsets remembered from an older text.
import { isNode } from 'yaml';
import type { OffsetRange } from '../findings';
import type { ParsedFile } from '../yaml/parse';

export interface ConfigEntryLocation {
  /** The whole entry. */
  range: OffsetRange;
  /** Its `name` (or `workloadName`) value, else the entry. */
  selectionRange: OffsetRange;
}

export function configEntryLocation(parsed: ParsedFile | undefined, path: readonly (string | number)[]): ConfigEntryLocation | undefined {
  const doc = parsed?.documents[0]?.doc;
  if (!doc) return undefined;
  let node: unknown;
  try {
    node = doc.getIn(path, true);
  } catch {
    // A config of the wrong shape (a scalar where a map belongs): nowhere to point.
    return undefined;
  }
  if (!isNode(node) || !node.range) return undefined;
  const range = { start: node.range[0], end: node.range[1] };
  const name = doc.getIn([...path, 'name'], true) ?? doc.getIn([...path, 'workloadName'], true);
  const selectionRange = isNode(name) && name.range ? { start: name.range[0], end: name.range[1] } : range;
  return { range, selectionRange };
}
