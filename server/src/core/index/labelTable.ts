// key -> value -> members: the inverted index behind label completion,
// "did you mean" suggestions and fast matchLabels lookups. Additions and
// removals cost the member's label count only.
import type { Labels } from '../policy/labelSelector';

/**
 * Two or more members of one key=value. A value only one member has (an
 * `instance` label, a pod name) is stored as the member itself: a Set per
 * workload would cost more than the workload.
 */
class Members<T> extends Set<T> {}

type Slot<T> = T | Members<T>;

function asSet<T>(slot: Slot<T>): ReadonlySet<T> {
  return slot instanceof Members ? slot : new One(slot);
}

/** A read-only set of one member, far lighter than a Set, made when a lone member is read as a set. */
class One<T> implements ReadonlySet<T> {
  constructor(private readonly member: T) {}

  get size(): number {
    return 1;
  }

  has(value: T): boolean {
    return value === this.member;
  }

  *values(): IterableIterator<T> {
    yield this.member;
  }

  keys(): IterableIterator<T> {
    return this.values();
  }

  *entries(): IterableIterator<[T, T]> {
    yield [this.member, this.member];
  }

  [Symbol.iterator](): IterableIterator<T> {
    return this.values();
  }

  forEach(callback: (value: T, value2: T, set: ReadonlySet<T>) => void, thisArg?: unknown): void {
    callback.call(thisArg, this.member, this.member, this);
  }
}

/**
 * One counter for every table: a table made anew (a namespace emptied and
 * filled again) never shows a stamp an older table had.
 */
let lastStamp = 0;

/** The stamp of the latest change to any table (caches spanning many tables check it first). */
export function latestLabelStamp(): number {
  return lastStamp;
}

/** Changes a table remembers the labels of (LabelTable.changedSince). */
const LOG_MAX = 64;
/** Changes remembered across every table (changedAnywhereSince): a keystroke's file may hold many workloads. */
const GLOBAL_LOG_MAX = 256;
/** The labels of the last GLOBAL_LOG_MAX members added to or removed from any table: a ring, `globalChanges` written so far. */
const globalLog: { stamp: number; labels: Labels }[] = new Array(GLOBAL_LOG_MAX);
let globalChanges = 0;
/** The stamp of the latest change the global log no longer holds. */
let globallyForgottenUpTo = 0;

/**
 * The labels of the members added to or removed from any table since
 * `stamp` (latestLabelStamp() then), or undefined when that is no longer
 * known. A cache over every table's members with some labels is still
 * valid when none of these has them.
 */
export function changedAnywhereSince(stamp: number): Labels[] | undefined {
  if (stamp < globallyForgottenUpTo) return undefined;
  const out: Labels[] = [];
  for (let i = globalChanges - 1; i >= Math.max(0, globalChanges - GLOBAL_LOG_MAX); i--) {
    const change = globalLog[i % GLOBAL_LOG_MAX];
    if (change.stamp <= stamp) break;
    out.push(change.labels);
  }
  return out;
}

export class LabelTable<T> {
  private readonly byKey = new Map<string, Map<string, Slot<T>>>();
  private stampValue = ++lastStamp;
  /** The labels of the last LOG_MAX members added or removed, with the stamp each change made. */
  private readonly log: { stamp: number; labels: Labels }[] = [];
  /** The stamp of the latest change the log no longer holds (the table's first stamp until one is dropped). */
  private forgottenUpTo = this.stampValue;

  /** Changes whenever a member is added or removed (even one without labels): caches key on it. */
  get stamp(): number {
    return this.stampValue;
  }

  /**
   * The labels of the members added or removed since the table had `stamp`
   * (one of its own stamps), or undefined when it no longer knows (more than
   * LOG_MAX changes). A cache over the members with some labels is still
   * valid when none of these has them.
   */
  changedSince(stamp: number): Labels[] | undefined {
    if (stamp < this.forgottenUpTo) return undefined;
    const out: Labels[] = [];
    for (const e of this.log) if (e.stamp > stamp) out.push(e.labels);
    return out;
  }

  private logged(labels: Labels): void {
    this.stampValue = ++lastStamp;
    const change = { stamp: this.stampValue, labels };
    this.log.push(change);
    if (this.log.length > LOG_MAX) this.forgottenUpTo = this.log.shift()!.stamp;
    const slot = globalChanges++ % GLOBAL_LOG_MAX;
    if (globalLog[slot]) globallyForgottenUpTo = globalLog[slot].stamp;
    globalLog[slot] = change;
  }

  add(member: T, labels: Labels): void {
    this.logged(labels);
    for (const [k, v] of labels) {
      let values = this.byKey.get(k);
      if (!values) this.byKey.set(k, (values = new Map()));
      const slot = values.get(v);
      if (slot === undefined) values.set(v, member);
      else if (slot instanceof Members) slot.add(member);
      else if (slot !== member) values.set(v, new Members([slot, member]));
    }
  }

  remove(member: T, labels: Labels): void {
    this.logged(labels);
    for (const [k, v] of labels) {
      const values = this.byKey.get(k);
      const slot = values?.get(v);
      if (!values || slot === undefined) continue;
      if (slot instanceof Members) {
        slot.delete(member);
        if (slot.size === 1) values.set(v, slot.values().next().value as T);
        else if (slot.size === 0) values.delete(v);
      } else if (slot === member) values.delete(v);
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
    const values = this.byKey.get(key);
    return values ? new ValuesView(values) : EMPTY;
  }

  members(key: string, value: string): ReadonlySet<T> {
    const slot = this.byKey.get(key)?.get(value);
    return slot === undefined ? EMPTY_SET : asSet(slot);
  }

  /** Members having the key, whatever the value. */
  withKey(key: string): T[] {
    const out: T[] = [];
    for (const slot of this.byKey.get(key)?.values() ?? []) {
      if (slot instanceof Members) for (const m of slot) out.push(m);
      else out.push(slot);
    }
    return out;
  }

  get isEmpty(): boolean {
    return this.byKey.size === 0;
  }
}

/** A read-only view of one key's values that shows every slot as a set. */
class ValuesView<T> implements ReadonlyMap<string, ReadonlySet<T>> {
  constructor(private readonly slots: Map<string, Slot<T>>) {}

  get size(): number {
    return this.slots.size;
  }

  get(value: string): ReadonlySet<T> | undefined {
    const slot = this.slots.get(value);
    return slot === undefined ? undefined : asSet(slot);
  }

  has(value: string): boolean {
    return this.slots.has(value);
  }

  keys(): IterableIterator<string> {
    return this.slots.keys();
  }

  *values(): IterableIterator<ReadonlySet<T>> {
    for (const slot of this.slots.values()) yield asSet(slot);
  }

  *entries(): IterableIterator<[string, ReadonlySet<T>]> {
    for (const [value, slot] of this.slots) yield [value, asSet(slot)];
  }

  [Symbol.iterator](): IterableIterator<[string, ReadonlySet<T>]> {
    return this.entries();
  }

  forEach(callback: (members: ReadonlySet<T>, value: string, map: ReadonlyMap<string, ReadonlySet<T>>) => void, thisArg?: unknown): void {
    for (const [value, slot] of this.slots) callback.call(thisArg, asSet(slot), value, this);
  }
}

const EMPTY: ReadonlyMap<string, ReadonlySet<never>> = new Map();
const EMPTY_SET: ReadonlySet<never> = new Set();
