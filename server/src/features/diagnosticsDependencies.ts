// Which files' findings can change when some files change. A file's own
// findings depend on its text; a policy file's workspace findings depend on
// the objects of the namespaces its selectors reach (its own namespaces, and
// those its peers' namespaceSelectors match) and on the namespaces and their
// labels. A webhook configuration's depend on the namespaces of the Services
// it calls; a host-network workload's on every policy. So a change re-checks
// the changed files, the checked files reaching a namespace the changed files
// had or have objects in, and every checked file when the namespaces, their
// labels or a kustomization changed. A workload file's workspace findings
// (netpol/workload-not-isolated) depend on which workloads the policies of its
// namespaces select: a change to a policy's namespace, podSelector or
// policyTypes there re-checks it.
// Each file's footprint is kept from the last time it was seen, because the
// index forgets a file's old objects when it changes.
import { isKustomizationPath } from '../core/index/paths';
import type { WorkspaceIndex } from '../core/index/workspaceIndex';
import type { IndexedPolicy } from '../core/index/types';
import { effectivePolicyTypes } from '../core/policy/engine/compile';
import { compileSelector } from '../core/policy/labelSelector';
import { peerNamespaces, selectorSitesOf } from '../core/policy/resolve';
import { yieldToEventLoop } from '../lsp/yieldToEventLoop';
import { hasWorkspaceChecks } from './diagnosticsFindings';

interface Footprint {
  /** Namespaces the file's objects are in (or name). */
  namespaces: string[];
  /** For files with workspace checks: the namespaces their selectors reach; 'all' for `namespaceSelector: {}`. */
  reach?: Set<string> | 'all';
  /** Namespaces of the file's policies. */
  policyNamespaces: string[];
  /** What the file's policies select (namespace, podSelector, policyTypes), as a comparable string. */
  selection: string;
  /** Namespaces of the file's workloads. */
  workloadNamespaces: string[];
}

export type Affected = Set<string> | 'all';

/** Work per slice of a background rebuild before yielding to the event loop. */
const SLICE_MS = 15;

export class DiagnosticsDependencies {
  private readonly footprints = new Map<string, Footprint>();
  /** namespace -> checked files reaching it. */
  private readonly reachers = new Map<string, Set<string>>();
  private readonly reachAll = new Set<string>();
  /** namespace -> files with workloads in it (re-checked when a policy there changes). */
  private readonly workloadFiles = new Map<string, Set<string>>();
  private namespaceKey: string | undefined;

  /**
   * A rebuild of every footprint running in slices (after a change of unknown
   * reach, e.g. the end of an indexing run: at 100k pods recording them all
   * holds the thread for 100 ms or more). Until it completes, `changed` answers 'all'.
   */
  private rebuild: { cancelled: boolean; done: Promise<void> } | undefined;
  /** Whether every file's footprint describes the index as the next `changed` finds it before its change. */
  private complete = true;

  /** Forgets everything and records every file of the index (after a change of unknown reach), now. */
  reset(index: WorkspaceIndex): void {
    this.cancelRebuild();
    this.clear(index);
    for (const uri of index.uris()) this.record(index, uri);
    this.complete = true;
  }

  /** Resolves when no rebuild is running (the footprints are complete, or the index changed and it gave up). */
  async whenRecorded(): Promise<void> {
    while (this.rebuild) await this.rebuild.done;
  }

  /** The files whose findings may differ now that `uris` changed in the index, or 'all'. */
  changed(index: WorkspaceIndex, uris: readonly string[]): Affected {
    if (!this.complete || uris.length === 0 || uris.some(isKustomizationPath)) return this.resetAll(index);
    const key = namespaceSignature(index);
    if (key !== this.namespaceKey) return this.resetAll(index);
    const affected = new Set<string>(uris);
    const namespaces = new Set<string>();
    const policyNamespaces = new Set<string>();
    for (const uri of uris) {
      const before = this.footprints.get(uri);
      this.forget(uri);
      const after = this.record(index, uri);
      for (const f of [before, after]) for (const ns of f?.namespaces ?? []) namespaces.add(ns);
      if (before?.selection !== after?.selection) for (const f of [before, after]) for (const ns of f?.policyNamespaces ?? []) policyNamespaces.add(ns);
    }
    for (const ns of namespaces) for (const uri of this.reachers.get(ns) ?? []) affected.add(uri);
    for (const ns of policyNamespaces) for (const uri of this.workloadFiles.get(ns) ?? []) affected.add(uri);
    for (const uri of this.reachAll) affected.add(uri);
    return affected;
  }

  /** Everything is re-checked; the footprints are recorded again in slices, in the background. */
  private resetAll(index: WorkspaceIndex): 'all' {
    this.cancelRebuild();
    this.clear(index);
    const run = { cancelled: false, done: Promise.resolve() };
    run.done = this.recordAll(index, index.version, run).finally(() => {
      if (this.rebuild === run) this.rebuild = undefined;
    });
    this.rebuild = run;
    return 'all';
  }

  /**
   * Records every file, yielding every SLICE_MS. The index must not change
   * meanwhile (a footprint must describe the state the next `changed` starts
   * from): if it does, the rebuild gives up incomplete, and the next `changed`
   * (which every index change is followed by) answers 'all' and starts another.
   */
  private async recordAll(index: WorkspaceIndex, version: number, run: { cancelled: boolean }): Promise<void> {
    // Not in the turn that answered 'all': that one has its own work (the request or change that led here).
    await yieldToEventLoop();
    let sliceStart = Date.now();
    for (const uri of index.uris()) {
      if (run.cancelled || index.version !== version) return;
      this.record(index, uri);
      if (Date.now() - sliceStart >= SLICE_MS) {
        await yieldToEventLoop();
        sliceStart = Date.now();
      }
    }
    if (!run.cancelled && index.version === version) this.complete = true;
  }

  private cancelRebuild(): void {
    if (this.rebuild) this.rebuild.cancelled = true;
    this.rebuild = undefined;
  }

  private clear(index: WorkspaceIndex): void {
    this.complete = false;
    this.footprints.clear();
    this.reachers.clear();
    this.reachAll.clear();
    this.workloadFiles.clear();
    this.namespaceKey = namespaceSignature(index);
  }

  private record(index: WorkspaceIndex, uri: string): Footprint | undefined {
    const file = index.getFile(uri);
    if (!file) return undefined;
    const footprint: Footprint = {
      namespaces: [...new Set([...file.namedNamespaces, ...file.namespaceObjects.map((n) => n.name)])],
      policyNamespaces: [...new Set(file.policies.map((p) => p.namespace))],
      selection: selectionOf(file.policies),
      workloadNamespaces: [...new Set(file.workloads.map((w) => w.namespace))],
    };
    for (const ns of footprint.workloadNamespaces) setIn(this.workloadFiles, ns).add(uri);
    if (hasWorkspaceChecks(file)) {
      footprint.reach = reachOf(index, file);
      if (footprint.reach === 'all') this.reachAll.add(uri);
      else for (const ns of footprint.reach) setIn(this.reachers, ns).add(uri);
    }
    this.footprints.set(uri, footprint);
    return footprint;
  }

  private forget(uri: string): void {
    const footprint = this.footprints.get(uri);
    const reach = footprint?.reach;
    this.footprints.delete(uri);
    for (const ns of footprint?.workloadNamespaces ?? []) deleteIn(this.workloadFiles, ns, uri);
    if (reach === 'all') this.reachAll.delete(uri);
    else if (reach) for (const ns of reach) deleteIn(this.reachers, ns, uri);
  }
}

function reachOf(index: WorkspaceIndex, file: NonNullable<ReturnType<WorkspaceIndex['getFile']>>): Set<string> | 'all' {
  // A host-network workload is judged by the policies and peers of any namespace that select it.
  if (file.workloads.some((w) => w.workload.hostNetwork)) return 'all';
  const reach = new Set<string>();
  // A webhook's findings depend on the called Service's namespace: its Service, pods and policies.
  for (const c of file.callers) for (const call of c.caller.calls) reach.add(call.service.namespace);
  for (const p of file.policies) {
    reach.add(p.namespace);
    for (const site of selectorSitesOf(p.policy)) {
      if (!site.peer || site.peer.ipBlock) continue;
      const { namespaces, allNamespaces } = peerNamespaces(index, p, site.peer);
      if (allNamespaces) return 'all';
      for (const ns of namespaces) reach.add(ns);
    }
  }
  return reach;
}

/** What decides which workloads the policies isolate, per direction. */
function selectionOf(policies: IndexedPolicy[]): string {
  if (policies.length === 0) return '';
  return JSON.stringify(
    policies.map((p) => [
      p.namespace,
      (compileSelector(p.policy.podSelector) ?? []).map((r) => [r.key, r.op, 'values' in r ? [...r.values].sort() : []]),
      effectivePolicyTypes({ policy: p.policy, namespace: p.namespace }),
    ]),
  );
}

/** The namespaces with their labels: what namespaceSelectors and the namespace list see. */
function namespaceSignature(index: WorkspaceIndex): string {
  return JSON.stringify(index.namespaces().map((n) => [n.name, [...n.labels].sort()]));
}

function deleteIn(map: Map<string, Set<string>>, key: string, member: string): void {
  const set = map.get(key);
  set?.delete(member);
  if (set?.size === 0) map.delete(key);
}

function setIn(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}
