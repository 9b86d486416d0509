// "Did you mean": the existing label nearest to one a selector asks for.
// Order of preference: a near value of the same key in the selector's own
// namespaces, then a near key (same or near value) there, then the exact
// label in another namespace (a namespace mistake).
import type { LabelTable } from '../index/labelTable';

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
 * prefix / case variant (scored by the length difference).
 */
export function nearness(wanted: string, existing: string): number | undefined {
  if (wanted === existing) return 0;
  const limit = Math.max(1, Math.floor(Math.max(wanted.length, existing.length) / 3));
  const d = editDistance(wanted, existing, limit);
  if (d <= limit) return d;
  if (wanted.length > 0 && existing.length > wanted.length && existing.slice(0, wanted.length).toLowerCase() === wanted.toLowerCase()) return existing.length - wanted.length;
  if (wanted.length === existing.length && wanted.toLowerCase() === existing.toLowerCase()) return 1;
  return undefined;
}

export function isNear(wanted: string, existing: string): boolean {
  return nearness(wanted, existing) !== undefined;
}

export interface LabelScope<T> {
  /** Namespace name, for messages. */
  name: string;
  table: LabelTable<T>;
}

export interface LabelSuggestion<T> {
  key: string;
  value: string;
  /** Objects that carry the suggested label. */
  members: T[];
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

function best<T>(cands: Candidate<T>[]): Candidate<T> | undefined {
  cands.sort((a, b) => a.score - b.score || b.members.size - a.members.size || (a.key + '=' + a.value < b.key + '=' + b.value ? -1 : 1) || (a.scope < b.scope ? -1 : 1));
  return cands[0];
}

function membersOf<T>(table: LabelTable<T>, key: string, value: string): ReadonlySet<T> {
  return table.members(key, value);
}

function nearValues<T>(scopes: LabelScope<T>[], key: string, value: string): Candidate<T>[] {
  const out: Candidate<T>[] = [];
  for (const s of scopes) {
    for (const v of s.table.values(key).keys()) {
      const score = v === value ? undefined : nearness(value, v);
      if (score !== undefined) out.push({ key, value: v, members: membersOf(s.table, key, v), scope: s.name, score });
    }
  }
  return out;
}

function nearKeys<T>(scopes: LabelScope<T>[], key: string, value: string | undefined): Candidate<T>[] {
  const out: Candidate<T>[] = [];
  for (const s of scopes) {
    for (const k of s.table.keys()) {
      const keyScore = k === key ? undefined : nearness(key, k);
      if (keyScore === undefined) continue;
      for (const v of s.table.values(k).keys()) {
        const valueScore = value === undefined ? 0 : nearness(value, v);
        if (valueScore === undefined) continue;
        out.push({ key: k, value: v, members: membersOf(s.table, k, v), scope: s.name, score: keyScore + valueScore });
      }
    }
  }
  return out;
}

/**
 * The nearest existing label to `key=value` (or to the key alone when `value`
 * is undefined, for `Exists`), searching `scopes` first and `others` after.
 */
export function suggestLabel<T>(key: string, value: string | undefined, scopes: LabelScope<T>[], others: LabelScope<T>[] = []): LabelSuggestion<T> | undefined {
  const pick = (c: Candidate<T> | undefined, how: LabelSuggestion<T>['how']): LabelSuggestion<T> | undefined => (c ? { key: c.key, value: c.value, members: [...c.members], scope: c.scope, how } : undefined);
  if (value !== undefined) {
    const v = pick(best(nearValues(scopes, key, value)), 'value');
    if (v) return v;
  }
  const k = pick(best(nearKeys(scopes, key, value)), 'key');
  if (k) return k;
  if (value !== undefined) {
    const exact = others.filter((s) => s.table.members(key, value).size > 0).map((s) => ({ key, value, members: membersOf(s.table, key, value), scope: s.name, score: 0 }));
    // Only the exact label elsewhere: near values across every namespace cost too much per keystroke.
    return pick(best(exact), 'elsewhere');
  }
  const exactKey = others.filter((s) => s.table.hasKey(key)).flatMap((s) => [...s.table.values(key).keys()].map((v) => ({ key, value: v, members: membersOf(s.table, key, v), scope: s.name, score: 0 })));
  return pick(best(exactKey), 'elsewhere');
}

/** Existing values of a key in the scopes, most common first (for "existing values" hints). */
export function existingValues<T>(scopes: LabelScope<T>[], key: string, limit = 5): string[] {
  const counts = new Map<string, number>();
  for (const s of scopes) for (const [v, m] of s.table.values(key)) counts.set(v, (counts.get(v) ?? 0) + m.size);
  // A bounded selection: keys such as pod names can have thousands of values.
  const top: [string, number][] = [];
  const before = (a: [string, number], b: [string, number]) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1);
  for (const e of counts) {
    if (top.length === limit && before(e, top[limit - 1]) >= 0) continue;
    top.push(e);
    top.sort(before);
    if (top.length > limit) top.pop();
  }
  return top.map(([v]) => v);
}
