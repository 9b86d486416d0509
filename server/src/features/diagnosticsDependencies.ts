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
// Pods of other namespaces: a pod selector can only match (or stop
// matching) a workload that has, or had, the labels it requires (one of its
// `In` pairs, or its `Exists` key: the file's Interest). So a peer of every
// namespace that requires a label (`namespaceSelector: {}` with the DNS
// rule's podSelector) does not make its file reach every namespace: a
// workload edit reaches it when the workload has (or had) those labels, and
// so does a Service with one of the rule's ports, or a workload in a
// namespace with such a Service (service-port-not-pod-port looks at a
// Service's first pods, whatever their labels); webhooks and namespaces
// reach it always. A file in the cluster DNS's namespace reaches every file
// with a policy isolating egress (dns-egress-blocked asks which pods are the
// cluster DNS: the model's, or the files' that replace it). A
// selector that matches nothing in its own scope follows its labels
// elsewhere too (peer-selector-wrong-namespace says where they are); whether
// it matches is recorded again each time its file is re-checked. Its
// selector-matches-nothing finding is `scoped` (core/findings.ts) when its
// suggestion read only the scope; other workspace findings make the file
// re-checked on every change (DiagnosticsResults.invalidateWordedByOthers).
// Without these, at 100k pods in the realistic bench shape a workload edit
// re-checked 7,231 policy files; now 95.
// Each file's footprint is kept from the last time it was seen, because the
// index forgets a file's old objects when it changes.
import { isKustomizationPath } from '../core/index/paths';
import type { WorkspaceIndex } from '../core/index/workspaceIndex';
import type { IndexedPolicy } from '../core/index/types';
import { effectivePolicyTypes } from '../core/policy/engine/compile';
import { anyWorkloadMatches } from '../core/checks/anyWorkloadMatches';
import { compileSelector, labelPairKey, Requirement } from '../core/policy/labelSelector';
import type { LabelSelector } from '../core/model/types';
import { peerNamespaces, selectorSitesOf } from '../core/policy/resolve';
import { yieldToEventLoop } from '../lsp/yieldToEventLoop';
import { hasWorkspaceChecks } from './diagnosticsFindings';

interface Footprint {
  /** Namespaces the file's objects are in (or name). */
  namespaces: string[];
  /** For files with workspace checks: the namespaces their selectors reach; 'all' for `namespaceSelector: {}` without a required label. */
  reach?: Set<string> | 'all';
  /** Set when the file has a peer of every namespace that requires a label (such a peer does not widen `reach`): the numeric ports of its rules. */
  keyedPorts?: Set<number>;
  /** The labels its pod selectors require (Interest): a workload anywhere gaining or losing one may change its findings. */
  interest?: Interest;
  /** Labels (`key\0value`) and label keys of the file's workloads. */
  labelPairs: Set<string>;
  labelKeys: Set<string>;
  /** Ports of the file's Services. */
  servicePorts: Set<number>;
  /** Whether the file holds webhooks or namespaces: it reaches every keyed file. */
  reachesKeyed: boolean;
  /** Whether one of the file's policies isolates egress: its DNS findings depend on which pods are the cluster DNS. */
  egress: boolean;
  /** Namespaces of the file's policies. */
  policyNamespaces: string[];
  /** What the file's policies select (namespace, podSelector, policyTypes), as a comparable string. */
  selection: string;
  /** Namespaces of the file's workloads. */
  workloadNamespaces: string[];
}

export type Affected = Set<string> | 'all';

/**
 * Per pod selector, one requirement every pod it matches satisfies: the
 * pairs of `key In (values)` (matchLabels), or the key of `Exists`. A
 * workload without such a label can neither match the selector nor stop
 * matching it. `any`: a selector without one (`{}`, NotIn only).
 */
interface Interest {
  pairs: Set<string>;
  keys: Set<string>;
  any: boolean;
}

/** Work per slice of a background rebuild before yielding to the event loop. */
const SLICE_MS = 15;

export class DiagnosticsDependencies {
  private readonly footprints = new Map<string, Footprint>();
  /** namespace -> checked files reaching it. */
  private readonly reachers = new Map<string, Set<string>>();
  private readonly reachAll = new Set<string>();
  /** Files with keyed peers (Footprint.keyedPorts), and by rule port. */
  private readonly keyedFiles = new Set<string>();
  private readonly keyedByPort = new Map<number, Set<string>>();
  /** Files by the labels their selectors require (Footprint.interest). */
  private readonly byPair = new Map<string, Set<string>>();
  private readonly byKey = new Map<string, Set<string>>();
  private readonly anyWorkload = new Set<string>();
  /** Files with a policy isolating egress (Footprint.egress). */
  private readonly egressFiles = new Set<string>();
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
    const workloadNamespaces = new Set<string>();
    const labelKeys = new Set<string>();
    const labelPairs = new Set<string>();
    const servicePorts = new Set<number>();
    let reachesKeyed = false;
    for (const uri of uris) {
      const before = this.footprints.get(uri);
      this.forget(uri);
      const after = this.record(index, uri);
      for (const f of [before, after]) {
        if (!f) continue;
        for (const ns of f.namespaces) namespaces.add(ns);
        for (const ns of f.workloadNamespaces) workloadNamespaces.add(ns);
        for (const k of f.labelKeys) labelKeys.add(k);
        for (const pair of f.labelPairs) labelPairs.add(pair);
        for (const p of f.servicePorts) servicePorts.add(p);
        if (f.reachesKeyed) reachesKeyed = true;
      }
      if (before?.selection !== after?.selection) for (const f of [before, after]) for (const ns of f?.policyNamespaces ?? []) policyNamespaces.add(ns);
    }
    for (const ns of namespaces) for (const uri of this.reachers.get(ns) ?? []) affected.add(uri);
    for (const ns of policyNamespaces) for (const uri of this.workloadFiles.get(ns) ?? []) affected.add(uri);
    for (const uri of this.reachAll) affected.add(uri);
    const dnsNamespace = index.clusterModel.dns?.namespace;
    // Which pods are the cluster DNS (the model's, or the files' that replace it or carry its labels) decides dns-egress-blocked.
    const dnsTouched = dnsNamespace !== undefined && namespaces.has(dnsNamespace);
    if (dnsTouched) for (const uri of this.egressFiles) affected.add(uri);
    if (reachesKeyed || dnsTouched) for (const uri of this.keyedFiles) affected.add(uri);
    else this.addKeyedReached(index, servicePorts, workloadNamespaces, affected);
    for (const pair of labelPairs) for (const uri of this.byPair.get(pair) ?? []) affected.add(uri);
    for (const k of labelKeys) for (const uri of this.byKey.get(k) ?? []) affected.add(uri);
    if (workloadNamespaces.size > 0) for (const uri of this.anyWorkload) affected.add(uri);
    // Whether a selector matches in its scope decides its interest: it may have changed for the files re-checked.
    const edited = new Set(uris);
    for (const uri of affected) {
      if (edited.has(uri) || !this.footprints.get(uri)?.policyNamespaces.length) continue;
      this.forget(uri);
      this.record(index, uri);
    }
    return affected;
  }

  /** Keyed files a change of workloads and Services reaches through a rule port: a Service with it changed, or one in the workloads' namespace. */
  private addKeyedReached(index: WorkspaceIndex, servicePorts: Set<number>, workloadNamespaces: Set<string>, affected: Set<string>): void {
    for (const [port, files] of this.keyedByPort) {
      const withPort = index.namespacesWithServicePort(port);
      if (!servicePorts.has(port) && ![...workloadNamespaces].some((ns) => withPort.has(ns))) continue;
      for (const uri of files) affected.add(uri);
    }
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
    this.keyedFiles.clear();
    this.keyedByPort.clear();
    this.byPair.clear();
    this.byKey.clear();
    this.anyWorkload.clear();
    this.egressFiles.clear();
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
      labelPairs: new Set(file.workloads.flatMap((w) => [...w.labels].map(([k, v]) => labelPairKey(k, v)))),
      labelKeys: new Set(file.workloads.flatMap((w) => [...w.labels.keys()])),
      servicePorts: new Set(file.services.flatMap((s) => s.service.ports.map((p) => p.port.value))),
      reachesKeyed: file.callers.length > 0 || file.namespaceObjects.length > 0,
      egress: file.policies.some((p) => effectivePolicyTypes({ policy: p.policy, namespace: p.namespace }).Egress),
    };
    for (const ns of footprint.workloadNamespaces) setIn(this.workloadFiles, ns).add(uri);
    if (footprint.egress) this.egressFiles.add(uri);
    if (hasWorkspaceChecks(file)) {
      const { reach, keyedPorts, interest } = reachOf(index, file);
      footprint.reach = reach;
      if (reach === 'all') this.reachAll.add(uri);
      else for (const ns of reach) setIn(this.reachers, ns).add(uri);
      if (reach !== 'all' && keyedPorts) {
        footprint.keyedPorts = keyedPorts;
        this.keyedFiles.add(uri);
        for (const p of keyedPorts) setIn(this.keyedByPort, p).add(uri);
      }
      if (reach !== 'all' && interest) {
        footprint.interest = interest;
        for (const pair of interest.pairs) setIn(this.byPair, pair).add(uri);
        for (const k of interest.keys) setIn(this.byKey, k).add(uri);
        if (interest.any) this.anyWorkload.add(uri);
      }
    }
    this.footprints.set(uri, footprint);
    return footprint;
  }

  private forget(uri: string): void {
    const footprint = this.footprints.get(uri);
    const reach = footprint?.reach;
    this.footprints.delete(uri);
    this.egressFiles.delete(uri);
    for (const ns of footprint?.workloadNamespaces ?? []) deleteIn(this.workloadFiles, ns, uri);
    if (reach === 'all') this.reachAll.delete(uri);
    else if (reach) for (const ns of reach) deleteIn(this.reachers, ns, uri);
    const keyedPorts = footprint?.keyedPorts;
    if (keyedPorts) {
      this.keyedFiles.delete(uri);
      for (const p of keyedPorts) deleteIn(this.keyedByPort, p, uri);
    }
    const interest = footprint?.interest;
    if (interest) {
      for (const pair of interest.pairs) deleteIn(this.byPair, pair, uri);
      for (const k of interest.keys) deleteIn(this.byKey, k, uri);
      this.anyWorkload.delete(uri);
    }
  }
}

function reachOf(index: WorkspaceIndex, file: NonNullable<ReturnType<WorkspaceIndex['getFile']>>): Pick<Footprint, 'keyedPorts' | 'interest'> & { reach: Set<string> | 'all' } {
  // A host-network workload is judged by the policies and peers of any namespace that select it.
  if (file.workloads.some((w) => w.workload.hostNetwork)) return { reach: 'all' };
  const reach = new Set<string>();
  let keyedPorts: Set<number> | undefined;
  const interest = emptyInterest();
  /** A selector that matches nothing in its scope may match elsewhere (peer-selector-wrong-namespace, policy-selects-other-namespace). */
  const followIfUnmatched = (selector: LabelSelector, namespaces: string[]) => {
    const compiled = compileSelector(selector);
    if (compiled !== null && !anyWorkloadMatches(index, namespaces, compiled)) addInterest(interest, required(compiled));
  };
  // A webhook's findings depend on the called Service's namespace: its Service, pods and policies.
  for (const c of file.callers) for (const call of c.caller.calls) reach.add(call.service.namespace);
  for (const p of file.policies) {
    reach.add(p.namespace);
    for (const site of selectorSitesOf(p.policy)) {
      const peer = site.peer;
      if (peer?.ipBlock) continue;
      // A peer with a namespaceSelector is judged once, at that selector.
      if (site.role === 'peerPod' && peer!.namespaceSelector) continue;
      if (site.role !== 'peerNamespace') {
        followIfUnmatched(site.selector, [p.namespace]);
        continue;
      }
      const { namespaces, allNamespaces } = peerNamespaces(index, p, peer!);
      if (!allNamespaces) {
        for (const ns of namespaces) reach.add(ns);
        if (peer!.podSelector) followIfUnmatched(peer!.podSelector, namespaces);
        continue;
      }
      // Every namespace: the workloads with the labels its podSelector requires, or every pod of every namespace.
      const compiled = peer!.podSelector ? compileSelector(peer!.podSelector) : [];
      if (compiled !== null) {
        const label = required(compiled);
        if (label === 'any') return { reach: 'all' };
        addInterest(interest, label);
      }
      keyedPorts ??= new Set();
      for (const port of site.rule?.ports?.items ?? []) if (typeof port.port?.value === 'number') keyedPorts.add(port.port.value);
    }
  }
  const following = interest.any || interest.pairs.size > 0 || interest.keys.size > 0;
  return { reach, keyedPorts, interest: following ? interest : undefined };
}

function emptyInterest(): Interest {
  return { pairs: new Set(), keys: new Set(), any: false };
}

/** A requirement every pod the selector matches satisfies: its first `In` (the pairs), else its first `Exists` (the key), else 'any'. */
function required(compiled: Requirement[]): { pairs: string[] } | { key: string } | 'any' {
  for (const r of compiled) if (r.op === 'In' && r.values.size > 0) return { pairs: [...r.values].map((v) => labelPairKey(r.key, v)) };
  for (const r of compiled) if (r.op === 'Exists') return { key: r.key };
  return 'any';
}

function addInterest(into: Interest, label: ReturnType<typeof required>): void {
  if (label === 'any') into.any = true;
  else if ('key' in label) into.keys.add(label.key);
  else for (const pair of label.pairs) into.pairs.add(pair);
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

function deleteIn<K>(map: Map<K, Set<string>>, key: K, member: string): void {
  const set = map.get(key);
  set?.delete(member);
  if (set?.size === 0) map.delete(key);
}

function setIn<K>(map: Map<K, Set<string>>, key: K): Set<string> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}
