// Reading the `yaml` node tree without toJS(): aliases are followed under a
// budget (alias bombs cost nothing), merge keys (`<<`) are honoured, and every
// value keeps the range where the user wrote it.
import { Alias, isAlias, isMap, isScalar, isSeq, Node, Pair, Scalar, YAMLMap, YAMLSeq, Document } from 'yaml';
import { aliasTargets } from '../yaml/aliases';
import type { OffsetRange } from '../findings';

export interface WalkContext {
  doc: Document.Parsed;
  /** Alias resolutions left; each object gets its own budget. */
  aliasBudget: number;
  /** Set once the budget ran out, so the caller can say so once. */
  aliasBudgetExceeded?: OffsetRange;
}

export const DEFAULT_ALIAS_BUDGET = 10_000;

export function newContext(doc: Document.Parsed): WalkContext {
  return { doc, aliasBudget: DEFAULT_ALIAS_BUDGET };
}

/** A node as the user wrote it, plus the node it stands for (aliases resolved). */
export interface Ref {
  node: Node | null;
  /** Where the user wrote it (an alias's own range, not its anchor's). */
  range: OffsetRange;
}

export function rangeOf(node: Node | null | undefined, fallback: OffsetRange = { start: 0, end: 0 }): OffsetRange {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : fallback;
}

/** Follows aliases (bounded). Returns null for nulls, cycles and exhausted budgets. */
export function resolve(node: unknown, ctx: WalkContext): Node | null {
  let current = node as Node | null;
  let hops = 0;
  while (current && isAlias(current)) {
    if (ctx.aliasBudget-- <= 0 || hops++ > 64) {
      ctx.aliasBudgetExceeded ??= rangeOf(current);
      return null;
    }
    current = aliasTarget(current, ctx.doc) ?? null;
  }
  return current ?? null;
}

/** One alias table per document, built on the first alias followed (`yaml`'s own lookup walks the document each time). */
const aliasTables = new WeakMap<Document.Parsed, Map<Alias, Node | undefined>>();

function aliasTarget(alias: Alias, doc: Document.Parsed): Node | undefined {
  let table = aliasTables.get(doc);
  if (!table) aliasTables.set(doc, (table = aliasTargets(doc)));
  return table.get(alias);
}

export interface Entry {
  key: string;
  keyRange: OffsetRange;
  /** The value, aliases resolved; null for `key:` with nothing. */
  value: Node | null;
  /** Where the value was written (or the key's end when absent). */
  valueRange: OffsetRange;
  /** The pair's whole range, key to value end. */
  pairRange: OffsetRange;
  /** True when this entry came from a `<<` merge. */
  merged: boolean;
}

/** The entries of a map, in order; `<<` merges add the keys not set explicitly. */
export function entries(map: YAMLMap, ctx: WalkContext): Entry[] {
  const out: Entry[] = [];
  const merges: Entry[] = [];
  for (const item of map.items as Pair[]) {
    const keyNode = resolve(item.key, ctx);
    const keyRange = rangeOf(item.key as Node, rangeOf(map));
    const key = isScalar(keyNode) ? scalarText(keyNode) : '';
    const valueRange = item.value ? rangeOf(item.value as Node) : { start: keyRange.end, end: keyRange.end };
    if (isScalar(keyNode) && typeof keyNode.value === 'symbol') {
      for (const source of mergeSources(item.value, ctx)) {
        for (const e of entries(source, ctx)) merges.push({ ...e, keyRange, valueRange, pairRange: { start: keyRange.start, end: valueRange.end }, merged: true });
      }
      continue;
    }
    const value = resolve(item.value, ctx);
    out.push({ key, keyRange, value, valueRange, pairRange: { start: keyRange.start, end: Math.max(keyRange.end, valueRange.end) }, merged: false });
  }
  const own = new Set(out.map((e) => e.key));
  for (const m of merges) {
    if (!own.has(m.key)) {
      own.add(m.key);
      out.push(m);
    }
  }
  return out;
}

function mergeSources(value: unknown, ctx: WalkContext): YAMLMap[] {
  const v = resolve(value, ctx);
  if (isMap(v)) return [v];
  if (isSeq(v)) return v.items.map((i) => resolve(i, ctx)).filter((n): n is YAMLMap => isMap(n));
  return [];
}

export function items(seq: YAMLSeq, ctx: WalkContext): Ref[] {
  return seq.items.map((item) => ({ node: resolve(item, ctx), range: rangeOf(item as Node, rangeOf(seq)) }));
}

/** The string a scalar stands for (timestamps keep their source text). */
export function scalarText(s: Scalar): string {
  const v = s.value;
  if (typeof v === 'string') return v;
  if (v instanceof Date) return s.source ?? v.toISOString();
  if (v === null || v === undefined) return '';
  return s.source ?? String(v);
}

/** JSON type name of a node, as Go's encoding/json reports it. */
export function jsonType(node: Node | null): 'string' | 'number' | 'bool' | 'object' | 'array' | 'null' {
  if (node === null) return 'null';
  if (isMap(node)) return 'object';
  if (isSeq(node)) return 'array';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'number' || typeof v === 'bigint') return 'number';
    if (typeof v === 'boolean') return 'bool';
    return 'string';
  }
  return 'null';
}

export function isStringScalar(node: Node | null): node is Scalar {
  return isScalar(node) && (typeof node.value === 'string' || node.value instanceof Date);
}

export function getEntry(map: YAMLMap, key: string, ctx: WalkContext): Entry | undefined {
  return entries(map, ctx).find((e) => e.key === key);
}

export { isMap, isSeq, isScalar };
