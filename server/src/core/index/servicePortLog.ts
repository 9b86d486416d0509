// Which Services joined or left a namespace's Services with a port, in
// order, with a stamp: a cache of WorkspaceIndex.servicesWithPort (the
// service-port-not-pod-port table) applies the few changes since it was made
// instead of comparing every Service of the namespace. A file re-set makes
// its Services anew, so in a repository that keeps a Service beside each
// Deployment every workload keystroke is such a change.
import type { IndexedService } from './types';

export interface ServicePortChange {
  svc: IndexedService;
  joined: boolean;
}

/** Changes kept per namespace and port; a cache older than these starts over. */
const KEPT = 64;

interface Log {
  stamp: number;
  /** Oldest first; entry i has stamp `stamps[i]`. */
  changes: ServicePortChange[];
  stamps: number[];
  /** The stamp of the newest change no longer kept (0: none dropped). */
  dropped: number;
}

export class ServicePortLog {
  private readonly logs = new Map<string, Log>();
  private counter = 0;

  record(ns: string, port: number, svc: IndexedService, joined: boolean): void {
    const key = keyOf(ns, port);
    let log = this.logs.get(key);
    if (!log) this.logs.set(key, (log = { stamp: 0, changes: [], stamps: [], dropped: 0 }));
    log.stamp = ++this.counter;
    log.changes.push({ svc, joined });
    log.stamps.push(log.stamp);
    // Trimmed in batches: a cold start's thousands of joins cost no shifting per join.
    if (log.changes.length > 2 * KEPT) {
      const cut = log.changes.length - KEPT;
      log.dropped = log.stamps[cut - 1];
      log.changes = log.changes.slice(cut);
      log.stamps = log.stamps.slice(cut);
    }
  }

  /** Changes whenever a Service with the port joins or leaves the namespace, never back to an earlier value; 0 before any. */
  stamp(ns: string, port: number): number {
    return this.logs.get(keyOf(ns, port))?.stamp ?? 0;
  }

  /** The changes after `stamp` (an earlier `stamp(ns, port)`), oldest first; undefined when some are no longer kept. */
  since(ns: string, port: number, stamp: number): readonly ServicePortChange[] | undefined {
    const log = this.logs.get(keyOf(ns, port));
    if (!log) return stamp === 0 ? [] : undefined;
    if (stamp < log.dropped) return undefined;
    let i = log.stamps.length;
    while (i > 0 && log.stamps[i - 1] > stamp) i--;
    return log.changes.slice(i);
  }
}

function keyOf(ns: string, port: number): string {
  return `${ns}\u0000${port}`;
}
