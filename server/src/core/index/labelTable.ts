// key -> value -> members: the inverted index behind label completion,
// "did you mean" suggestions and fast matchLabels lookups. Additions and
// removals cost the member's label count only.
import type { Labels } from '../policy/labelSelector';

export class LabelTable<T> {
  private readonly byKey = new Map<string, Map<string, Set<T>>>();

  add(member: T, labels: Labels): void {
    for (const [k, v] of labels) {
      let values = this.byKey.get(k);
      if (!values) this.byKey.set(k, (values = new Map()));
      let members = values.get(v);
      if (!members) values.set(v, (members = new Set()));
      members.add(member);
    }
  }

  remove(member: T, labels: Labels): void {
    for (const [k, v] of labels) {
      const values = this.byKey.get(k);
      const members = values?.get(v);
      if (!values || !members) continue;
      members.delete(member);
      if (members.size === 0) values.delete(v);
      if (values.size === 0) this.byKey.delete(k);
    }
  }

  keys(): IterableIterator<string> {
    return this.byKey.keys();
  }

  hasKey(key: string): boolean {
    return this.byKey.has(key);
  }

  /** Values of a key with their members (empty map when the key is unknown). */
  values(key: string): ReadonlyMap<string, ReadonlySet<T>> {
    return this.byKey.get(key) ?? EMPTY;
  }

  members(key: string, value: string): ReadonlySet<T> {
    return this.byKey.get(key)?.get(value) ?? EMPTY_SET;
  }

  /** Members having the key, whatever the value. */
  withKey(key: string): T[] {
    const out: T[] = [];
    for (const set of this.values(key).values()) for (const m of set) out.push(m);
    return out;
  }

  get isEmpty(): boolean {
    return this.byKey.size === 0;
  }
}

const EMPTY: ReadonlyMap<string, ReadonlySet<never>> = new Map();
const EMPTY_SET: ReadonlySet<never> = new Set();
