// The raw YAML behind a model path. The typed model leaves out what Go would
// decode as a zero value or nil (null items, `podSelector:` with nothing) and
// what has the wrong type; validation needs to tell those cases apart.
import type { Node } from 'yaml';
import type { OffsetRange } from '../../findings';
import { entries, isMap, isScalar, isSeq, items, jsonType, rangeOf, WalkContext } from '../../model/node';
import { isPair, YAMLMap, YAMLSeq } from 'yaml';

export interface RawField {
  /** The value, aliases resolved; null for YAML null. */
  node: Node | null;
  /** Where the value was written. */
  range: OffsetRange;
  /** The key's range, for fields of a map (absent for list items). */
  keyRange?: OffsetRange;
}

export type RawState = 'absent' | 'null' | 'string' | 'number' | 'bool' | 'object' | 'array';

export class RawTree {
  private readonly cache = new Map<string, RawField | undefined>();
  /** Per collection node, its items or its fields by key, built once: a lookup is then O(1), not a scan. */
  private readonly seqItems = new Map<Node, RawField[]>();
  private readonly mapFields = new Map<Node, Map<string, RawField>>();

  constructor(
    private readonly root: Node,
    private readonly ctx: WalkContext,
  ) {}

  /** The field at an API path such as `spec.ingress[0].from[1].ipBlock`; undefined when absent. */
  at(path: string): RawField | undefined {
    if (path === '') return { node: this.root, range: rangeOf(this.root) };
    if (this.cache.has(path)) return this.cache.get(path);
    const found = this.lookup(path);
    this.cache.set(path, found);
    return found;
  }

  /** What is written at a path, as a JSON type, or 'absent'. */
  state(path: string): RawState {
    const f = this.at(path);
    return f ? jsonType(f.node) : 'absent';
  }

  /** A list's items (any type), or [] when absent, null or not a list. */
  list(path: string): readonly RawField[] {
    const f = this.at(path);
    return f && isSeq(f.node) ? this.itemsOf(f.node) : [];
  }

  private lookup(path: string): RawField | undefined {
    const index = /\[(\d+)\]$/.exec(path);
    if (index) {
      const parent = this.at(path.slice(0, index.index));
      if (!parent || !isSeq(parent.node)) return undefined;
      return this.itemsOf(parent.node)[Number(index[1])];
    }
    const dot = path.lastIndexOf('.');
    const parent = this.at(dot < 0 ? '' : path.slice(0, dot));
    if (!parent || !isMap(parent.node)) return undefined;
    return this.fieldsOf(parent.node).get(path.slice(dot + 1));
  }

  private itemsOf(seq: YAMLSeq): RawField[] {
    let out = this.seqItems.get(seq);
    if (!out) this.seqItems.set(seq, (out = items(seq, this.ctx).map((i) => ({ node: i.node, range: i.range }))));
    return out;
  }

  private fieldsOf(map: YAMLMap): Map<string, RawField> {
    let out = this.mapFields.get(map);
    if (!out) {
      out = new Map();
      // The first occurrence, as the model reads it (duplicates are reported apart).
      for (const e of entries(map, this.ctx)) if (!out.has(e.key)) out.set(e.key, { node: e.value, range: e.valueRange, keyRange: e.keyRange });
      this.mapFields.set(map, out);
    }
    return out;
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
