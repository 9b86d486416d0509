// "Did you mean": the existing label nearest to one a selector asks for.
// Order of preference: a near value of the same key in the selector's own
// namespaces, then a near key (same or near value) there, then the exact
// label in another namespace (a namespace mistake).
//
// Everything goes through the label tables (key -> value -> members), never
// through the members' labels; distances are computed with a cutoff (the
// best score so far), values no label can have are skipped, and a search
// stops after a fixed number of comparisons, so its cost does not grow with
// the number of workloads.
import type { LabelTable } from '../index/labelTable';

/** Label values are at most 63 characters; longer ones exist in no cluster. */
export const MAX_LABEL_VALUE_LENGTH = 63;
/** A key is an optional DNS-subdomain prefix (253) and a name (63). */
export const MAX_LABEL_KEY_LENGTH = 253 + 1 + 63;
/** Comparisons one search may make before it settles for the best so far. */
export const SEARCH_BUDGET = 20000;
/** How many members of a suggested label are kept (for names in messages). */
export const MEMBER_SAMPLE = 64;

// Two rows reused across calls: suggestions compare one word with thousands.
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/** Levenshtein distance; stops early (returns > max) once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (rowA.length <= b.length) {
    rowA = new Int32Array(b.length * 2 + 1);
    rowB = new Int32Array(b.length * 2 + 1);
  }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1));
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[b.length];
}

/**
 * How near `existing` is to `wanted` (an edit distance), or undefined when
 * too far to suggest: within a third of the length (at least 1), or a
 * prefix / case variant (scored by the length difference). Scores above
 * `cutoff` are undefined too (callers pass the best score so far).
 */
export function nearness(wanted: string, existing: string, cutoff = Infinity): number | undefined {
  if (wanted === existing) return 0;
  const limit = Math.max(1, Math.floor(Math.max(wanted.length, existing.length) / 3));
  const d = editDistance(wanted, existing, Math.min(limit, cutoff));
  if (d <= limit && d <= cutoff) return d;
  let score: number | undefined;
  if (wanted.length > 0 && existing.length > wanted.length && existing.slice(0, wanted.length).toLowerCase() === wanted.toLowerCase()) score = existing.length - wanted.length;
  else if (wanted.length === existing.length && wanted.toLowerCase() === existing.toLowerCase()) score = 1;
  return score !== undefined && score <= cutoff ? score : undefined;
}

export function isNear(wanted: string, existing: string): boolean {
  return nearness(wanted, existing) !== undefined;
}

export interface LabelScope<T> {
  /** Namespace name, for messages. */
  name: string;
  table: LabelTable<T>;
  /** Sort key of the scope's members as candidates, every member's (`SelectorPool.rank`): lower first (0 = the policy's own namespace). */
  rank?: number;
  /** How many members the scope has (those without labels included). */
  count?: number;
  /** The scope's members, for searches the tables cannot answer; read lazily and not to the end. */
  list?: () => Iterable<T>;
}

export interface LabelSuggestion<T> {
  key: string;
  value: string;
  /** Some of the objects that carry the suggested label (at most MEMBER_SAMPLE). */
  members: T[];
  /** How many objects carry it. */
  count: number;
  /** Scope (namespace) where it was found. */
  scope: string;
  /** `value`: near value, same key; `key`: near key; `elsewhere`: same or near label in another namespace. */
  how: 'value' | 'key' | 'elsewhere';
}

interface Candidate<T> {
  key: string;
  value: string;
  members: ReadonlySet<T>;
  scope: string;
  score: number;
}

/** Lower score, then more members, then by label, then by scope name. */
function before<T>(a: Candidate<T>, b: Candidate<T>): boolean {
  if (a.score !== b.score) return a.score < b.score;
  if (a.members.size !== b.members.size) return a.members.size > b.members.size;
  const la = a.key + '=' + a.value;
  const lb = b.key + '=' + b.value;
  if (la !== lb) return la < lb;
  return a.scope < b.scope;
}

/** Keeps the best candidate seen and the comparisons left. */
class Search<T> {
  best: Candidate<T> | undefined;
  budget = SEARCH_BUDGET;

  /** The highest score still worth computing. */
  get cutoff(): number {
    return this.best ? this.best.score : Infinity;
  }

  spend(): boolean {
    return this.budget-- > 0;
  }

  offer(c: Candidate<T>): void {
    if (!this.best || before(c, this.best)) this.best = c;
  }
}

function nearValues<T>(search: Search<T>, scopes: LabelScope<T>[], key: string, value: string): void {
  if (value.length > MAX_LABEL_VALUE_LENGTH) return;
  for (const s of scopes) {
    for (const v of s.table.values(key).keys()) {
      if (v === value || v.length > MAX_LABEL_VALUE_LENGTH) continue;
      if (!search.spend()) return;
      const score = nearness(value, v, search.cutoff);
      if (score !== undefined) search.offer({ key, value: v, members: s.table.members(key, v), scope: s.name, score });
    }
  }
}

function nearKeys<T>(search: Search<T>, scopes: LabelScope<T>[], key: string, value: string | undefined): void {
  if (key.length > MAX_LABEL_KEY_LENGTH || (value !== undefined && value.length > MAX_LABEL_VALUE_LENGTH)) return;
  for (const s of scopes) {
    for (const k of s.table.keys()) {
      if (k === key || k.length > MAX_LABEL_KEY_LENGTH) continue;
      if (!search.spend()) return;
      const keyScore = nearness(key, k, search.cutoff);
      if (keyScore === undefined) continue;
      if (value === undefined) {
        // Exists asks for the key only: one candidate per key, its most common value.
        const v = mostCommonValue(s.table, k);
        if (v !== undefined) search.offer({ key: k, value: v.value, members: v.members, scope: s.name, score: keyScore });
        continue;
      }
      const exact = s.table.members(k, value);
      if (exact.size > 0) {
        search.offer({ key: k, value, members: exact, scope: s.name, score: keyScore });
        continue;
      }
      for (const v of s.table.values(k).keys()) {
        if (v.length > MAX_LABEL_VALUE_LENGTH) continue;
        if (!search.spend()) return;
        const valueScore = nearness(value, v, search.cutoff - keyScore);
        if (valueScore !== undefined) search.offer({ key: k, value: v, members: s.table.members(k, v), scope: s.name, score: keyScore + valueScore });
      }
    }
  }
}

function mostCommonValue<T>(table: LabelTable<T>, key: string): { value: string; members: ReadonlySet<T> } | undefined {
  let best: { value: string; members: ReadonlySet<T> } | undefined;
  let budget = SEARCH_BUDGET;
  for (const [value, members] of table.values(key)) {
    if (!best || members.size > best.members.size || (members.size === best.members.size && value < best.value)) best = { value, members };
    if (--budget <= 0) break;
  }
  return best;
}

function sample<T>(members: ReadonlySet<T>): T[] {
  const out: T[] = [];
  for (const m of members) {
    out.push(m);
    if (out.length >= MEMBER_SAMPLE) break;
  }
  return out;
}

function pick<T>(c: Candidate<T> | undefined, how: LabelSuggestion<T>['how']): LabelSuggestion<T> | undefined {
  return c ? { key: c.key, value: c.value, members: sample(c.members), count: c.members.size, scope: c.scope, how } : undefined;
}

/**
 * The nearest existing label to `key=value` (or to the key alone when `value`
 * is undefined, for `Exists`), searching `scopes` first and `others` after
 * (a list, or a function that gives it, called only when the scopes have nothing near).
 */
export function suggestLabel<T>(key: string, value: string | undefined, scopes: LabelScope<T>[], others: LabelScope<T>[] | (() => LabelScope<T>[]) = []): LabelSuggestion<T> | undefined {
  if (value !== undefined) {
    const values = new Search<T>();
    nearValues(values, scopes, key, value);
    if (values.best) return pick(values.best, 'value');
  }
  const keys = new Search<T>();
  nearKeys(keys, scopes, key, value);
  if (keys.best) return pick(keys.best, 'key');
  // Only the exact label elsewhere: near values across every namespace cost too much per keystroke.
  const elsewhere = new Search<T>();
  // Read only when needed: a verdict that read them depends on every namespace.
  for (const s of typeof others === 'function' ? others() : others) {
    if (value !== undefined) {
      const members = s.table.members(key, value);
      if (members.size > 0) elsewhere.offer({ key, value, members, scope: s.name, score: 0 });
    } else {
      const v = mostCommonValue(s.table, key);
      if (v) elsewhere.offer({ key, value: v.value, members: v.members, scope: s.name, score: 0 });
    }
  }
  return pick(elsewhere.best, 'elsewhere');
}

/** Members of the scopes that have `key`, whatever the value: a sample and the count. */
export function membersWithKey<T>(scopes: LabelScope<T>[], key: string): { members: T[]; count: number } {
  const members: T[] = [];
  let count = 0;
  for (const s of scopes) {
    for (const set of s.table.values(key).values()) {
      count += set.size;
      for (const m of set) {
        if (members.length >= MEMBER_SAMPLE) break;
        members.push(m);
      }
    }
  }
  return { members, count };
}

/** Existing values of a key in the scopes, most common first (for "existing values" hints). */
export function existingValues<T>(scopes: LabelScope<T>[], key: string, limit = 5): string[] {
  const counts = new Map<string, number>();
  let budget = SEARCH_BUDGET;
  // Keys such as pod names can have thousands of values: count a bounded number.
  outer: for (const s of scopes) {
    for (const [v, m] of s.table.values(key)) {
      counts.set(v, (counts.get(v) ?? 0) + m.size);
      if (--budget <= 0) break outer;
    }
  }
  const top: [string, number][] = [];
  const first = (a: [string, number], b: [string, number]) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1);
  for (const e of counts) {
    if (top.length === limit && first(e, top[limit - 1]) >= 0) continue;
    top.push(e);
    top.sort(first);
    if (top.length > limit) top.pop();
  }
  return top.map(([v]) => v);
}
