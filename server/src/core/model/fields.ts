// Small typed readers over a map node, shared by the object extractors.
// Wrong-typed values are simply absent here: the structure check reports them.
import { Node, YAMLMap } from 'yaml';
import type { OffsetRange } from '../findings';
import { entries, Entry, isMap, isScalar, isSeq, isStringScalar, items, rangeOf, scalarText, WalkContext } from './node';
import type { LabelEntry, Located, LocatedList } from './types';

/** A map's fields by key, the first entry of a key winning (as a decoder of the map reads it). */
export interface Fields {
  get(key: string): Entry | undefined;
  has(key: string): boolean;
}

/** Above this many entries a key lookup goes through a Map, made on the first lookup. */
const SCANNED_FIELDS = 12;

/**
 * Over the map's (cached) entries: readers look up a few keys of small
 * maps, where a scan costs less than building a Map for each map read.
 */
class FieldList implements Fields {
  private byKey: Map<string, Entry> | undefined;

  constructor(private readonly list: readonly Entry[]) {}

  get(key: string): Entry | undefined {
    const list = this.list;
    if (list.length <= SCANNED_FIELDS) {
      for (let i = 0; i < list.length; i++) if (list[i].key === key) return list[i];
      return undefined;
    }
    if (!this.byKey) {
      this.byKey = new Map();
      for (const e of list) if (!this.byKey.has(e.key)) this.byKey.set(e.key, e);
    }
    return this.byKey.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }
}

export function fieldsOf(map: YAMLMap, ctx: WalkContext): Fields {
  return new FieldList(entries(map, ctx));
}

export function str(e: Entry | undefined, path: string): Located<string> | undefined {
  if (!e || !isStringScalar(e.value)) return undefined;
  return { value: scalarText(e.value), range: e.valueRange, path };
}

export function int(e: Entry | undefined, path: string): Located<number> | undefined {
  if (!e || !isScalar(e.value) || typeof e.value.value !== 'number' || !Number.isInteger(e.value.value)) return undefined;
  return { value: e.value.value, range: e.valueRange, path };
}

export function intOrString(e: Entry | undefined, path: string): Located<number | string> | undefined {
  return int(e, path) ?? str(e, path);
}

export function mapOf(e: Entry | undefined): YAMLMap | undefined {
  return e && isMap(e.value) ? e.value : undefined;
}

/** A list field: each item that is a map is handed to `read` with its path. */
export function listOf<T>(e: Entry | undefined, path: string, ctx: WalkContext, read: (map: YAMLMap, range: OffsetRange, path: string) => T): LocatedList<T> | undefined {
  if (!e || !isSeq(e.value)) return undefined;
  const out: T[] = [];
  items(e.value, ctx).forEach((item, i) => {
    if (isMap(item.node)) out.push(read(item.node, item.range, `${path}[${i}]`));
  });
  return { range: e.valueRange, path, items: out };
}

export function stringList(e: Entry | undefined, path: string, ctx: WalkContext): LocatedList<Located<string>> | undefined {
  if (!e || !isSeq(e.value)) return undefined;
  const out: Located<string>[] = [];
  items(e.value, ctx).forEach((item, i) => {
    if (isStringScalar(item.node)) out.push({ value: scalarText(item.node), range: item.range, path: `${path}[${i}]` });
  });
  return { range: e.valueRange, path, items: out };
}

/**
 * `map[string]string` fields such as labels and matchLabels. A key written
 * twice keeps its last value only, as Go's lenient decoding of a map does
 * (the structure check reports the duplicate), so nothing downstream sees it twice.
 */
export function labelMap(e: Entry | undefined, path: string, ctx: WalkContext): LocatedList<LabelEntry> | undefined {
  const map = mapOf(e);
  if (!e || !map) return undefined;
  const byKey = new Map<string, LabelEntry>();
  for (const le of entries(map, ctx)) {
    if (!isStringScalar(le.value)) continue;
    // Re-inserted, so the entries stay in the order of the values that count.
    byKey.delete(le.key);
    byKey.set(le.key, {
      key: { value: le.key, range: le.keyRange, path },
      value: { value: scalarText(le.value), range: le.valueRange, path },
    });
  }
  return { range: e.valueRange, path, items: [...byKey.values()] };
}

export function nodeRange(node: Node | null, fallback: OffsetRange): OffsetRange {
  return rangeOf(node, fallback);
}
