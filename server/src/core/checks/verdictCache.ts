// Verdicts per selector, cached per index until the label tables they were
// read from change: a keystroke in one namespace recomputes only the
// selectors whose scope includes it, and the many policies that share a
// selector (every policy's DNS egress rule) share one verdict. A verdict
// that depends only on which members a selector matches (`matchedBy`)
// survives changes whose members it matches neither before nor after: a
// label edit in a namespace of 70 policies then recomputes the few
// selectors of the edited workload's labels, not every one; one that still
// has the member it matched (`holds`) is not even looked at again.
import type { LabelTable } from '../index/labelTable';
import { changedAnywhereSince, latestLabelStamp } from '../index/labelTable';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { matches, Requirement } from '../policy/labelSelector';
import type { Labels } from '../policy/labelSelector';

/** Tables a verdict was read from, with their stamps then. */
export interface VerdictDeps {
  /** Namespaces whose pod tables were read. */
  namespaces: readonly string[];
  /** The verdict also read other namespaces (hints): any label change anywhere makes it stale. */
  anyTable: boolean;
  /** `namespaceSelector: {}`: valid while the namespace list is the same. */
  namespaceList?: unknown;
  /** The verdict follows from which members these requirements match, in the tables read (every table with `anyTable`), and nothing else. */
  matchedBy?: readonly Requirement[];
  /** The verdict holds while this is true, whatever else changed (a matching selector: the member it matched is still there). */
  holds?: () => boolean;
}

interface Entry<V> {
  value: V;
  tables: { ns: string; table: LabelTable<unknown>; stamp: number }[];
  anyTable: boolean;
  namespaceList?: unknown;
  matchedBy?: readonly Requirement[];
  holds?: () => boolean;
  /** The global stamp when last found valid: nothing changed since means valid. */
  checkedAt: number;
}

/** Entries kept per index; past this the cache starts over (selectors are far fewer in practice). */
const MAX_ENTRIES = 50000;

export class VerdictCache<V> {
  private readonly byIndex = new WeakMap<WorkspaceIndex, Map<string, Entry<V>>>();

  get(index: WorkspaceIndex, key: string, compute: () => { value: V; deps: VerdictDeps }): V {
    let entries = this.byIndex.get(index);
    if (!entries) this.byIndex.set(index, (entries = new Map()));
    const hit = entries.get(key);
    if (hit && this.valid(index, hit)) return hit.value;
    const { value, deps } = compute();
    if (entries.size >= MAX_ENTRIES) entries.clear();
    entries.set(key, {
      value,
      tables: deps.namespaces.map((ns) => {
        const table = index.podLabels(ns) as LabelTable<unknown>;
        return { ns, table, stamp: table.stamp };
      }),
      anyTable: deps.anyTable,
      namespaceList: deps.namespaceList,
      matchedBy: deps.matchedBy,
      holds: deps.holds,
      checkedAt: latestLabelStamp(),
    });
    return value;
  }

  /** Forgets the index's verdicts (benchmarks and tests measure cold work with it). */
  clear(index: WorkspaceIndex): void {
    this.byIndex.delete(index);
  }

  private valid(index: WorkspaceIndex, e: Entry<V>): boolean {
    if (e.namespaceList !== undefined && e.namespaceList !== index.namespaces()) return false;
    const now = latestLabelStamp();
    if (e.checkedAt === now) return true;
    if (e.holds?.()) {
      // Stamps moved on too: when it no longer holds, only the changes after now are looked at.
      for (const t of e.tables) if (index.podLabels(t.ns) === t.table) t.stamp = t.table.stamp;
      e.checkedAt = now;
      return true;
    }
    if (e.anyTable) {
      if (!untouched(e.matchedBy, changedAnywhereSince(e.checkedAt))) return false;
    } else {
      for (const t of e.tables) {
        // A namespace's table is made anew when it gains its first workload: compare identity too.
        if (index.podLabels(t.ns) !== t.table) return false;
        if (t.table.stamp === t.stamp) continue;
        if (!untouched(e.matchedBy, t.table.changedSince(t.stamp))) return false;
        t.stamp = t.table.stamp;
      }
    }
    e.checkedAt = now;
    return true;
  }
}

/** Whether the changes (labels of members added or removed; undefined: unknown) leave the members `reqs` matches as they were. */
function untouched(reqs: readonly Requirement[] | undefined, changed: Labels[] | undefined): boolean {
  if (!reqs || !changed) return false;
  for (const labels of changed) if (matches(reqs, labels)) return false;
  return true;
}

const signatures = new WeakMap<readonly Requirement[], string>();

/** A selector's requirements as a key; kept per array (compiled and located selectors are shared, frozen arrays). */
export function selectorSignature(reqs: readonly Requirement[]): string {
  // Only a frozen array cannot change under its key.
  if (!Object.isFrozen(reqs)) return signatureOf(reqs);
  let s = signatures.get(reqs);
  if (s === undefined) signatures.set(reqs, (s = signatureOf(reqs)));
  return s;
}

function signatureOf(reqs: readonly Requirement[]): string {
  return reqs.map((r) => `${r.key}\u0001${r.op}${'values' in r ? `\u0001${[...r.values].join('\u0002')}` : ''}`).join('\u0003');
}
