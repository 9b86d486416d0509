// What a label edit can do for one requirement of a selector, shared by the
// "add label" search and the bounds that let it skip objects unread.
import { METADATA_NAME_LABEL } from '../index/types';
import type { Labels, Requirement } from '../policy/labelSelector';

/** `In` with one value, on a key users may set: the requirements a label edit can satisfy. */
export function fixable(r: Requirement): r is Requirement & { op: 'In' } {
  return r.op === 'In' && r.values.size === 1 && r.key !== METADATA_NAME_LABEL;
}

export function only(r: Requirement & { op: 'In' }): string {
  return r.values.values().next().value as string;
}

/** A requirement met by an object whose label `r.key` is `v` (`undefined`: no such label). */
export function meetsValue(r: Requirement, v: string | undefined): boolean {
  switch (r.op) {
    case 'In':
      return v !== undefined && r.values.has(v);
    case 'NotIn':
      return v === undefined || !r.values.has(v);
    case 'Exists':
      return v !== undefined;
    case 'DoesNotExist':
      return v === undefined;
  }
}

/** A requirement met by the labels (`matches` of one requirement, without a list). */
export function meets(r: Requirement, labels: Labels): boolean {
  return meetsValue(r, labels.get(r.key));
}
