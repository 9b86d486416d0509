// The raw YAML behind a model path. The typed model leaves out what Go would
// decode as a zero value or nil (null items, `podSelector:` with nothing) and
// what has the wrong type; validation needs to tell those cases apart.
import type { Node } from 'yaml';
import type { OffsetRange } from '../../findings';
import { entries, Entry, isMap, isScalar, isSeq, items, jsonType, rangeOf, resolve, WalkContext } from '../../model/node';
import { isAlias, isPair, YAMLMap } from 'yaml';

export interface RawField {
  /** The value, aliases resolved; null for YAML null. */
  node: Node | null;
  /** Where the value was written. */
  range: OffsetRange;
  /** The key's range, for fields of a map (absent for list items). */
  keyRange?: OffsetRange;
}

export type RawState = 'absent' | 'null' | 'string' | 'number' | 'bool' | 'object' | 'array';

/** Maps with more keys than this get a key index; smaller ones are scanned (cheaper than a Map each). */
const INDEXED_MAP_SIZE = 16;

export class RawTree {
  /** Fields later lookups start from (see remember). */
  private readonly cache = new Map<string, RawField>();
  private readonly mapIndex = new Map<YAMLMap, Map<string, RawField>>();

  constructor(
    private readonly root: Node,
    private readonly ctx: WalkContext,
  ) {}

  /** The field at an API path such as `spec.ingress[0].from[1].ipBlock`; undefined when absent. O(1) per lookup once its parent is known. */
  at(path: string): RawField | undefined {
    if (path === '') return { node: this.root, range: rangeOf(this.root) };
    return this.cache.get(path) ?? this.lookup(path);
  }

  /**
   * Keeps a field that later lookups start from. Leaves and plain list items
   * are cheap to find again from their parent; keeping one per item would
   * make a long list cost its size in memory that outlives the lookups.
   */
  private remember(path: string, field: RawField, written: unknown): RawField {
    if ((isMap(field.node) || isSeq(field.node)) && (field.keyRange || isAlias(written))) this.cache.set(path, field);
    return field;
  }

  /** What is written at a path, as a JSON type, or 'absent'. */
  state(path: string): RawState {
    const f = this.at(path);
    return f ? jsonType(f.node) : 'absent';
  }

  /** A list's items (any type), or [] when absent, null or not a list. */
  list(path: string): RawField[] {
    const f = this.at(path);
    if (!f || !isSeq(f.node)) return [];
    return items(f.node, this.ctx).map((i) => ({ node: i.node, range: i.range }));
  }

  private lookup(path: string): RawField | undefined {
    const index = /\[(\d+)\]$/.exec(path);
    if (index) {
      const parent = this.at(path.slice(0, index.index));
      if (!parent || !isSeq(parent.node)) return undefined;
      // The one item, not the list rebuilt (a lookup per item would be quadratic).
      const i = Number(index[1]);
      if (i >= parent.node.items.length) return undefined;
      const item = parent.node.items[i];
      // An alias is followed once (alias budget), then remembered.
      return this.remember(path, { node: resolve(item, this.ctx), range: rangeOf(item as Node, rangeOf(parent.node)) }, item);
    }
    const dot = path.lastIndexOf('.');
    const parent = this.at(dot < 0 ? '' : path.slice(0, dot));
    if (!parent || !isMap(parent.node)) return undefined;
    const found = this.field(parent.node, path.slice(dot + 1));
    return found && this.remember(path, found, undefined);
  }

  /** The first occurrence of a key, as the model reads it (duplicates are reported apart). */
  private field(map: YAMLMap, key: string): RawField | undefined {
    const toField = (e: Entry): RawField => ({ node: e.value, range: e.valueRange, keyRange: e.keyRange });
    // A scan follows every alias of the map again: those maps are indexed whatever their size (alias budget).
    if (map.items.length <= INDEXED_MAP_SIZE && !map.items.some((p) => isAlias(p.key) || isAlias(p.value))) {
      const e = entries(map, this.ctx).find((x) => x.key === key);
      return e && toField(e);
    }
    let index = this.mapIndex.get(map);
    if (!index) {
      index = new Map();
      for (const e of entries(map, this.ctx)) if (!index.has(e.key)) index.set(e.key, toField(e));
      this.mapIndex.set(map, index);
    }
    return index.get(key);
  }
}

/**
 * A node's range without the line breaks, blanks and comments a block
 * collection's range carries after its last value, so a finding on a peer
 * underlines just the peer.
 */
export function tightRange(node: Node | null, fallback: OffsetRange): OffsetRange {
  const r = rangeOf(node, fallback);
  if (!isMap(node) && !isSeq(node)) return r;
  if (node.flow || node.items.length === 0) return r;
  const last = node.items[node.items.length - 1] as unknown;
  let end: number;
  if (isPair(last)) {
    const value = last.value as Node | null;
    // `key:` with nothing: the null scalar sits after the blanks; end at the key.
    const empty = !value || (isScalar(value) && value.value === null && !value.source);
    end = empty ? rangeOf(last.key as Node, r).end : tightRange(value, r).end;
  } else {
    end = tightRange(last as Node | null, r).end;
  }
  return { start: r.start, end: Math.min(r.end, Math.max(r.start, end)) };
}

/** Where a field was written, tightened; an alias keeps its own range (not its anchor's). */
export function writtenRange(field: RawField | undefined, fallback: OffsetRange): OffsetRange {
  if (!field) return fallback;
  return field.node?.range?.[0] === field.range.start ? tightRange(field.node, field.range) : field.range;
}
