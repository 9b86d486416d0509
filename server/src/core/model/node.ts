// Reading the `yaml` node tree without toJS(): aliases are followed under a
// budget (alias bombs cost nothing), merge keys (`<<`) are honoured, and every
// value keeps the range where the user wrote it.
import { Alias, isAlias, isMap, isScalar, isSeq, Node, Pair, Scalar, YAMLMap, YAMLSeq, Document } from 'yaml';
import { aliasTable, AliasTable } from '../yaml/aliases';
import type { OffsetRange } from '../findings';

export interface WalkContext {
  doc: Document.Parsed;
  /** Alias resolutions left for the object being read (`beginObject` refills it). */
  aliasBudget: number;
  /** Set once a budget ran out, so the caller can say so once. */
  aliasBudgetExceeded?: OffsetRange;
  /** Resolutions left for the whole document, sized by its nodes when the first alias is followed. */
  documentBudget?: number;
  /** Set once the document's budget ran out. */
  documentBudgetExceeded?: OffsetRange;
  /** Aliases met inside the node they name (not followed), with their ranges. */
  aliasCycles: Map<Alias, OffsetRange>;
  /** Each map's entries, merges expanded, read once per document. */
  entriesCache: Map<YAMLMap, Entry[]>;
  /** Alias resolutions that expanding a map's merges costs, for the budget when the expansion is reused. */
  mergeWeights: Map<YAMLMap, number>;
}

/** Alias resolutions per object: a List's items each get their own. */
export const DEFAULT_ALIAS_BUDGET = 10_000;
/** Resolutions per node of the document on top of one object's budget: no real document comes close, a bomb passes it at once. */
const DOCUMENT_BUDGET_PER_NODE = 4;

export function newContext(doc: Document.Parsed): WalkContext {
  return { doc, aliasBudget: DEFAULT_ALIAS_BUDGET, aliasCycles: new Map(), entriesCache: new Map(), mergeWeights: new Map() };
}

/** Starts reading another object of the document: a fresh budget (the document's still bounds the total). */
export function beginObject(ctx: WalkContext): void {
  ctx.aliasBudget = DEFAULT_ALIAS_BUDGET;
  ctx.aliasBudgetExceeded = undefined;
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
    const table = tableOf(ctx);
    if (table.cyclic.has(current)) {
      if (!ctx.aliasCycles.has(current)) ctx.aliasCycles.set(current, rangeOf(current));
      return null;
    }
    if (!charge(ctx, 1, current) || hops++ > 64) return null;
    current = table.targets.get(current) ?? null;
  }
  return current ?? null;
}

/**
 * Takes `n` resolutions from the object's and the document's budgets; false
 * (and the range noted) when one runs short. An object that runs out spends
 * what it had left, no more: one bomb does not use up its neighbours' share.
 */
function charge(ctx: WalkContext, n: number, at: Node): boolean {
  if (ctx.aliasBudget < n) {
    if (ctx.aliasBudget > 0) ctx.documentBudget! -= ctx.aliasBudget;
    ctx.aliasBudget = -1;
    ctx.aliasBudgetExceeded ??= rangeOf(at);
    return false;
  }
  if (ctx.documentBudget! < n) {
    ctx.documentBudget = -1;
    ctx.documentBudgetExceeded ??= rangeOf(at);
    return false;
  }
  ctx.aliasBudget -= n;
  ctx.documentBudget! -= n;
  return true;
}

/** One alias table per document, built on the first alias followed (`yaml`'s own lookup walks the document each time). */
const aliasTables = new WeakMap<Document.Parsed, AliasTable>();

function tableOf(ctx: WalkContext): AliasTable {
  let table = aliasTables.get(ctx.doc);
  if (!table) aliasTables.set(ctx.doc, (table = aliasTable(ctx.doc)));
  ctx.documentBudget ??= DEFAULT_ALIAS_BUDGET + DOCUMENT_BUDGET_PER_NODE * table.nodes;
  return table;
}

function exhausted(ctx: WalkContext): boolean {
  return ctx.aliasBudget < 0 || (ctx.documentBudget ?? 0) < 0;
}

export interface Entry {
  key: string;
  keyRange: OffsetRange;
  /** The value, aliases resolved; null for `key:` with nothing. */
  value: Node | null;
  /** Where the value was written (or the key's end when absent). */
  valueRange: OffsetRange;
  /** True when this entry came from a `<<` merge. */
  merged: boolean;
}

/**
 * An own entry of a map. Its ranges are made when first read: readers ask
 * for the ranges of the few fields they keep, and a document has many
 * pairs, each read while its whole tree is alive (what the young
 * generation's collections copy).
 */
class OwnEntry implements Entry {
  readonly merged = false;
  #keyRange: OffsetRange | undefined;
  #valueRange: OffsetRange | undefined;

  constructor(
    readonly key: string,
    readonly value: Node | null,
    private readonly pair: Pair,
    private readonly map: YAMLMap,
  ) {}

  get keyRange(): OffsetRange {
    return (this.#keyRange ??= rangeOf(this.pair.key as Node, rangeOf(this.map)));
  }

  get valueRange(): OffsetRange {
    if (this.#valueRange) return this.#valueRange;
    const end = this.keyRange.end;
    return (this.#valueRange = this.pair.value ? rangeOf(this.pair.value as Node) : { start: end, end });
  }
}

/**
 * The entries of a map, in order; `<<` merges add the keys not set
 * explicitly (the map's own keys first, then each merged map's, depth
 * first, the first occurrence of a key winning). Computed once per map and
 * document: readers ask for the same maps many times.
 */
export function entries(map: YAMLMap, ctx: WalkContext): Entry[] {
  const cached = ctx.entriesCache.get(map);
  if (cached) return cached;
  const out = hasAliasOrMerge(map) ? expand(map, ctx) : plainEntries(map);
  // A read cut short by the budget is not kept: the next object has its own.
  if (!exhausted(ctx)) ctx.entriesCache.set(map, out);
  return out;
}

/** Whether a key or value of the map is an alias, or a key is `<<` (then `expand` must follow them under the budget). */
function hasAliasOrMerge(map: YAMLMap): boolean {
  for (const item of map.items as Pair[]) {
    const k = item.key as Node | null;
    if (isAlias(k) || isAlias(item.value) || (isScalar(k) && typeof k.value === 'symbol')) return true;
  }
  return false;
}

/** The entries of a map with no alias and no merge: its pairs, in order. */
function plainEntries(map: YAMLMap): Entry[] {
  const pairs = map.items as Pair[];
  const out: Entry[] = new Array(pairs.length);
  for (let i = 0; i < pairs.length; i++) {
    const item = pairs[i];
    const k = item.key as Node | null;
    out[i] = new OwnEntry(isScalar(k) ? scalarText(k) : '', (item.value as Node | null) ?? null, item, map);
  }
  return out;
}

/** A map of the expansion, with the `<<` pair of the map being read that brought it in. */
interface Frame {
  map: YAMLMap;
  via?: { keyRange: OffsetRange; valueRange: OffsetRange };
  /** The node that named it (an alias, usually), for the budget's finding. */
  at?: Node;
  /** Budget left when the map was entered, to learn what expanding it costs. */
  budgetAtEntry: number;
}

/**
 * Iterative depth-first expansion (chains of thousands of merges do not
 * recurse), walking each merged map once: a map met again adds no key, so
 * it is not walked again, but the resolutions walking it would have taken
 * are charged, so merge bombs still run out of budget, in constant time.
 */
function expand(root: YAMLMap, ctx: WalkContext): Entry[] {
  const out: Entry[] = [];
  // Made on the first merge: most maps have none.
  let seen: Set<string> | undefined;
  let visited: Set<YAMLMap> | undefined;
  const pending: (Frame | { done: Frame })[] = [{ map: root, budgetAtEntry: 0 }];
  // Past the budget, aliases resolve to nothing but plain keys are still read.
  while (pending.length > 0) {
    const top = pending.pop()!;
    if ('done' in top) {
      if (!exhausted(ctx)) ctx.mergeWeights.set(top.done.map, top.done.budgetAtEntry - ctx.aliasBudget);
      continue;
    }
    const { map, via } = top;
    if (visited?.has(map)) {
      // Walked already (or being walked: a cycle the alias table did not cut, weight unknown).
      const weight = ctx.mergeWeights.get(map);
      if (weight) charge(ctx, weight, top.at ?? map);
      continue;
    }
    visited?.add(map);
    top.budgetAtEntry = ctx.aliasBudget;
    pending.push({ done: top });
    const sources: Frame[] = [];
    for (const item of map.items as Pair[]) {
      const keyNode = resolve(item.key, ctx);
      const keyRange = rangeOf(item.key as Node, rangeOf(map));
      const valueRange = item.value ? rangeOf(item.value as Node) : { start: keyRange.end, end: keyRange.end };
      if (isScalar(keyNode) && typeof keyNode.value === 'symbol') {
        for (const { source, at } of mergeSources(item.value, ctx)) sources.push({ map: source, via: via ?? { keyRange, valueRange }, at, budgetAtEntry: 0 });
        continue;
      }
      const key = isScalar(keyNode) ? scalarText(keyNode) : '';
      // The map being read keeps every own entry (duplicates are the structure check's to report).
      if (via && seen!.has(key)) continue;
      const value = resolve(item.value, ctx);
      if (via) out.push({ key, keyRange: via.keyRange, value, valueRange: via.valueRange, merged: true });
      else out.push({ key, keyRange, value, valueRange, merged: false });
      seen?.add(key);
    }
    if (sources.length > 0 && !seen) {
      seen = new Set(out.map((e) => e.key));
      visited = new Set([root]);
    }
    // Sources in order: the first pushed is popped last, so push them reversed.
    for (let i = sources.length - 1; i >= 0; i--) pending.push(sources[i]);
  }
  return out;
}

/** The maps a `<<` value merges, each with the node that named it (an alias, usually). */
function mergeSources(value: unknown, ctx: WalkContext): { source: YAMLMap; at: Node }[] {
  const v = resolve(value, ctx);
  if (isMap(v)) return [{ source: v, at: value as Node }];
  if (!isSeq(v)) return [];
  const out: { source: YAMLMap; at: Node }[] = [];
  for (const item of v.items) {
    const n = resolve(item, ctx);
    if (isMap(n)) out.push({ source: n, at: item as Node });
  }
  return out;
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
