// "Did you mean": the existing label nearest to one a selector asks for.
// Order of preference: a near value of the same key in the selector's own
// namespaces, then a near key (same or near value) there, then the exact
// label in another namespace, then a near value of the same key elsewhere.
import type { LabelTable } from '../index/labelTable';

/** Levenshtein distance; stops early (returns > max) once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** Near enough to suggest: a third of the length (at least 1) or a prefix/case variant. */
export function isNear(wanted: string, existing: string): boolean {
  if (wanted === existing) return true;
  if (wanted.length > 0 && existing.toLowerCase().startsWith(wanted.toLowerCase())) return true;
  if (wanted.toLowerCase() === existing.toLowerCase()) return true;
  const limit = Math.max(1, Math.floor(Math.max(wanted.length, existing.length) / 3));
  return editDistance(wanted, existing, limit) <= limit;
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
  members: T[];
  scope: string;
  score: number;
}

function best<T>(cands: Candidate<T>[]): Candidate<T> | undefined {
  cands.sort((a, b) => a.score - b.score || b.members.length - a.members.length || (a.key + '=' + a.value < b.key + '=' + b.value ? -1 : 1) || (a.scope < b.scope ? -1 : 1));
  return cands[0];
}

function membersOf<T>(table: LabelTable<T>, key: string, value: string): T[] {
  return [...table.members(key, value)];
}

function nearValues<T>(scopes: LabelScope<T>[], key: string, value: string): Candidate<T>[] {
  const out: Candidate<T>[] = [];
  for (const s of scopes) {
    for (const v of s.table.values(key).keys()) {
      if (v !== value && isNear(value, v)) out.push({ key, value: v, members: membersOf(s.table, key, v), scope: s.name, score: editDistance(value, v) });
    }
  }
  return out;
}

function nearKeys<T>(scopes: LabelScope<T>[], key: string, value: string | undefined): Candidate<T>[] {
  const out: Candidate<T>[] = [];
  for (const s of scopes) {
    for (const k of s.table.keys()) {
      if (k === key || !isNear(key, k)) continue;
      const keyScore = editDistance(key, k);
      for (const v of s.table.values(k).keys()) {
        if (value !== undefined && v !== value && !isNear(value, v)) continue;
        out.push({ key: k, value: v, members: membersOf(s.table, k, v), scope: s.name, score: keyScore + (value === undefined ? 0 : editDistance(value, v)) });
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
  const pick = (c: Candidate<T> | undefined, how: LabelSuggestion<T>['how']): LabelSuggestion<T> | undefined => (c ? { key: c.key, value: c.value, members: c.members, scope: c.scope, how } : undefined);
  if (value !== undefined) {
    const v = pick(best(nearValues(scopes, key, value)), 'value');
    if (v) return v;
  }
  const k = pick(best(nearKeys(scopes, key, value)), 'key');
  if (k) return k;
  if (value !== undefined) {
    const exact = others.filter((s) => s.table.members(key, value).size > 0).map((s) => ({ key, value, members: membersOf(s.table, key, value), scope: s.name, score: 0 }));
    return pick(best([...exact, ...nearValues(others, key, value)]), 'elsewhere');
  }
  const exactKey = others.filter((s) => s.table.hasKey(key)).flatMap((s) => [...s.table.values(key).keys()].map((v) => ({ key, value: v, members: membersOf(s.table, key, v), scope: s.name, score: 0 })));
  return pick(best(exactKey), 'elsewhere');
}

/** Existing values of a key in the scopes, most common first (for "existing values" hints). */
export function existingValues<T>(scopes: LabelScope<T>[], key: string, limit = 5): string[] {
  const counts = new Map<string, number>();
  for (const s of scopes) for (const [v, m] of s.table.values(key)) counts.set(v, (counts.get(v) ?? 0) + m.size);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([v]) => v);
}
