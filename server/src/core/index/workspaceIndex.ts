// The workspace index: one cached analysis per file (keyed by uri + text), and
// lookup tables kept up to date incrementally. Setting a file removes that
// file's old contribution from the tables and adds the new one, so a
// keystroke costs the analysis of one file plus the size of its objects,
// never a pass over the workspace. Pure: the LSP layer feeds it texts.
import { analyzeText, AnalyzeOptions, FileAnalysis } from '../analyze';
import type { ParsedFile } from '../yaml/parse';
import { buildClusterModel } from '../cluster/build';
import type { ClusterModel } from '../cluster/types';
import type { Labels } from '../policy/labelSelector';
import { clusterWorkloadsOf } from './clusterWorkloads';
import { compactAnalysis, compactObjectAt, isCompact, podLabelMap, StringPool } from './compactAnalysis';
import { sameOptions, TreeCache } from './treeCache';
import type { K8sObject } from '../model/types';
import { isNamespace, isNetworkPolicy, isService, isServiceCaller, isWorkload } from '../model/types';
import { kustomizationNamespace } from './kustomization';
import { LabelTable } from './labelTable';
import { ServicePortChange, ServicePortLog } from './servicePortLog';
import { folderOf, isKustomizationPath } from './paths';
import { IndexedNamespaceObject, IndexedPolicy, IndexedService, IndexedServiceCaller, IndexedWorkload, METADATA_NAME_LABEL, NamespaceInfo } from './types';

export interface WorkspaceIndexOptions {
  /** `netpol.defaultNamespace`: where objects without a namespace land. Default `default`. */
  defaultNamespace?: string;
  /** The per-file analysis; injectable so tests can count calls. */
  analyze?: (text: string, options: AnalyzeOptions) => FileAnalysis;
  /**
   * What exists in the cluster besides the files (see setClusterModel).
   * Default: the built-in model (the four namespaces every cluster has and
   * CoreDNS). `false`: nothing, for tests about the files' objects alone.
   */
  clusterModel?: ClusterModel | false;
}

const NO_CLUSTER_MODEL: ClusterModel = Object.freeze({ namespaces: [], workloads: [] }) as ClusterModel;

/** A cluster workload, and how many workloads of the files have its namespace and name (any kind): those replace it. */
interface ClusterEntry {
  workload: IndexedWorkload;
  shadows: number;
}

function clusterKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** Full analyses (YAML trees included) kept for the files most recently set or asked for. */
const TREE_CACHE_SIZE = 8;

/** One file as the index holds it. */
export interface IndexedFile {
  uri: string;
  text: string;
  options: AnalyzeOptions;
  /**
   * Compact: no YAML tree is retained. `analysis.parsed.documents` and each
   * object's `node` are lazy and re-analyse the file when read; prefer
   * `index.fullAnalysis(uri)` when a feature needs the tree.
   */
  analysis: FileAnalysis;
  /** The `namespace:` of a kustomization file. */
  kustomizationNamespace?: string;
  workloads: IndexedWorkload[];
  policies: IndexedPolicy[];
  namespaceObjects: IndexedNamespaceObject[];
  services: IndexedService[];
  /** Webhook configurations and APIServices. */
  callers: IndexedServiceCaller[];
  /** Namespaces this file's objects name (with repeats), for the namespace list. */
  namedNamespaces: string[];
}

const EMPTY_WORKLOADS: ReadonlyMap<string, IndexedWorkload> = new Map();
const EMPTY_POLICIES: ReadonlyMap<string, IndexedPolicy> = new Map();
const EMPTY_SERVICES: ReadonlyMap<string, IndexedService> = new Map();
const EMPTY_SET: ReadonlySet<never> = new Set();
const EMPTY_COUNTS: ReadonlyMap<string, number> = new Map();

export class WorkspaceIndex {
  private readonly analyze: (text: string, options: AnalyzeOptions) => FileAnalysis;
  private defaultNs: string;
  private readonly files = new Map<string, IndexedFile>();
  private readonly trees = new TreeCache(TREE_CACHE_SIZE);
  private readonly strings = new StringPool();
  private readonly urisByFolder = new Map<string, Set<string>>();
  /** folder -> kustomization uri -> namespace. */
  private readonly kustomizations = new Map<string, Map<string, string>>();
  private readonly workloadsByNs = new Map<string, Map<string, IndexedWorkload>>();
  private readonly podLabelsByNs = new Map<string, LabelTable<IndexedWorkload>>();
  private readonly policiesByNs = new Map<string, Map<string, IndexedPolicy>>();
  private readonly workloadsById = new Map<string, IndexedWorkload>();
  private readonly policiesById = new Map<string, IndexedPolicy>();
  /** `namespace/name` -> policies of that name (more than one is netpol/duplicate-policy). */
  private readonly policiesByName = new Map<string, Map<string, IndexedPolicy>>();
  private readonly namespaceObjects = new Map<string, Map<string, IndexedNamespaceObject>>();
  /** namespace -> container port name -> workloads defining it (any protocol). */
  private readonly portNamesByNs = new Map<string, Map<string, Set<IndexedWorkload>>>();
  private readonly servicesByNs = new Map<string, Map<string, IndexedService>>();
  /** namespace -> Service `port` -> Services exposing it. */
  private readonly servicesByPort = new Map<string, Map<number, Set<IndexedService>>>();
  /** Service port -> namespace -> how many (Service, port entry) pairs name it. */
  private readonly serviceNamespacesByPort = new Map<number, Map<string, number>>();
  /** Services joining and leaving each namespace's Services with a port. */
  private readonly servicePortLog = new ServicePortLog();
  private readonly namedCounts = new Map<string, number>();
  private model: ClusterModel = NO_CLUSTER_MODEL;
  /** Cluster workloads by namespace/name; in the tables while no file workload shadows them. */
  private readonly clusterEntries = new Map<string, ClusterEntry>();
  /** The model's namespaces (those of its workloads included) with the model's labels. */
  private clusterNamespaces = new Map<string, Labels>();
  /** Derived lazily from the namespace maps above; namespaces are few. */
  private nsCache: { list: NamespaceInfo[]; byName: Map<string, NamespaceInfo>; labels: LabelTable<NamespaceInfo> } | undefined;
  private versionCounter = 0;
  private workloadNamespacesCounter = 0;

  constructor(options: WorkspaceIndexOptions = {}) {
    this.analyze = options.analyze ?? analyzeText;
    this.defaultNs = options.defaultNamespace || 'default';
    this.setClusterModel(options.clusterModel === false ? NO_CLUSTER_MODEL : options.clusterModel ?? buildClusterModel());
  }

  /** Increments on every change; features may cache on it. */
  get version(): number {
    return this.versionCounter;
  }

  /** Increments when a namespace gains its first workload or loses its last: caches of "which namespaces have workloads" key on it, not on every edit. */
  get workloadNamespacesVersion(): number {
    return this.workloadNamespacesCounter;
  }

  get defaultNamespace(): string {
    return this.defaultNs;
  }

  /**
   * Replaces the cluster model (what exists outside the repository). Its
   * workloads join the tables like the files' (a workload of the files with
   * the same namespace and name replaces one), its namespaces join the
   * namespace list (a Namespace object of the files gives the labels).
   * `configUri`: the config file that declared it; workloads it declares
   * carry that uri, for links.
   */
  setClusterModel(model: ClusterModel, configUri?: string): void {
    for (const e of this.clusterEntries.values()) if (e.shadows === 0) this.removeWorkload(e.workload);
    this.clusterEntries.clear();
    this.model = model;
    this.clusterNamespaces = new Map();
    for (const n of model.namespaces) this.clusterNamespaces.set(n.name, new Map(Object.entries(n.labels ?? {})));
    for (const w of clusterWorkloadsOf(model, configUri)) {
      const key = clusterKey(w.namespace, w.name);
      // Two entries with one name: the first is the one the cluster has.
      if (this.clusterEntries.has(key)) continue;
      if (!this.clusterNamespaces.has(w.namespace)) this.clusterNamespaces.set(w.namespace, new Map());
      let shadows = 0;
      for (const other of this.workloadsIn(w.namespace).values()) if (other.name === w.name) shadows++;
      this.clusterEntries.set(key, { workload: w, shadows });
      if (shadows === 0) this.addWorkload(w);
    }
    this.nsCache = undefined;
    this.changed();
  }

  /** The cluster model in effect (the built-in one unless replaced). */
  get clusterModel(): ClusterModel {
    return this.model;
  }

  /** The cluster model's workloads the index holds (those no file workload replaces), in model order. */
  clusterWorkloads(): IndexedWorkload[] {
    return [...this.clusterEntries.values()].filter((e) => e.shadows === 0).map((e) => e.workload);
  }

  /** Changes the default namespace; re-derives every file's tables (no re-analysis). */
  setDefaultNamespace(ns: string): void {
    const next = ns || 'default';
    if (next === this.defaultNs) return;
    this.defaultNs = next;
    for (const f of this.files.values()) this.rederive(f);
    this.changed();
  }

  /**
   * Sets a file's text. Re-analyses only when the text or options differ from
   * the cached ones. Returns the file as indexed.
   */
  setFile(uri: string, text: string, options: AnalyzeOptions = {}): IndexedFile {
    return this.install(uri, text, options, () => this.analyze(text, { ...options, path: options.path ?? uri }), false);
  }

  /**
   * Sets a file from an analysis made elsewhere (a worker thread, or the
   * editor's cache of an open document) of exactly this text and options, so
   * the file is not parsed again. Objects may lack their `node`: the tree is
   * re-made on demand. `keepTree`: the analysis holds its YAML trees and the
   * file is being edited; they answer the next `fullAnalysis(uri)`.
   */
  setFileAnalysed(uri: string, text: string, options: AnalyzeOptions, analysis: FileAnalysis, keepTree = false): IndexedFile {
    return this.install(uri, text, options, () => analysis, keepTree);
  }

  /**
   * Compacts objects of this text and options one by one, ahead of
   * `setFileAnalysed` (which then keeps them): lets a caller spread the work
   * of a large file over several turns of its event loop.
   */
  compactorFor(uri: string, text: string, options: AnalyzeOptions): (object: K8sObject, position: number) => K8sObject {
    const source = () => this.treeFor(uri, text, options);
    return (object, position) => compactObjectAt(object, position, source, this.strings);
  }

  /** Whether the file is indexed with exactly this text and options (setting it again would change nothing). */
  hasFile(uri: string, text: string, options: AnalyzeOptions): boolean {
    const f = this.files.get(uri);
    return f !== undefined && f.text === text && sameOptions(f.options, options);
  }

  private install(uri: string, text: string, options: AnalyzeOptions, analyze: () => FileAnalysis, keepTree: boolean): IndexedFile {
    const old = this.files.get(uri);
    if (old && old.text === text && sameOptions(old.options, options)) {
      if (keepTree && !this.trees.get(uri, text, options)) this.keepTree(uri, text, options, analyze());
      return old;
    }
    // Not cached here: trees kept across files survive young-generation
    // collections and make indexing pay for copying them. The tree is
    // re-made on demand, for one file, when a feature asks for it.
    const full = analyze();
    this.trees.delete(uri);
    if (keepTree) this.keepTree(uri, text, options, full);
    const analysis = compactAnalysis(full, () => this.treeFor(uri, text, options), this.strings);
    if (old) this.removeContribution(old);
    const file: IndexedFile = { uri, text, options, analysis, workloads: [], policies: [], namespaceObjects: [], services: [], callers: [], namedNamespaces: [] };
    const folder = folderOf(uri);
    this.files.set(uri, file);
    let folderUris = this.urisByFolder.get(folder);
    if (!folderUris) this.urisByFolder.set(folder, (folderUris = new Set()));
    folderUris.add(uri);
    const kustomizationChanged = isKustomizationPath(uri) && this.setKustomization(folder, uri, kustomizationNamespace(full.parsed));
    file.kustomizationNamespace = this.kustomizations.get(folder)?.get(uri);
    this.derive(file);
    this.addContribution(file);
    if (kustomizationChanged) this.rederiveFolder(folder, uri);
    this.changed();
    return file;
  }

  removeFile(uri: string): void {
    const file = this.files.get(uri);
    if (!file) return;
    this.removeContribution(file);
    this.files.delete(uri);
    this.trees.delete(uri);
    const folder = folderOf(uri);
    const folderUris = this.urisByFolder.get(folder);
    folderUris?.delete(uri);
    if (folderUris?.size === 0) this.urisByFolder.delete(folder);
    if (isKustomizationPath(uri) && this.setKustomization(folder, uri, undefined)) this.rederiveFolder(folder, uri);
    this.changed();
  }

  getFile(uri: string): IndexedFile | undefined {
    return this.files.get(uri);
  }

  /**
   * The file's analysis with its YAML trees (`parsed.documents`, each
   * object's `node`), for features that edit or walk the tree. Re-analyses
   * the file unless it is among the few cached; objects are at the same
   * positions as in `getFile(uri).analysis.objects`.
   */
  fullAnalysis(uri: string): FileAnalysis | undefined {
    const f = this.files.get(uri);
    return f && this.treeFor(uri, f.text, f.options);
  }

  /** The file's parsed YAML documents (see `fullAnalysis`). */
  treeOf(uri: string): ParsedFile | undefined {
    return this.fullAnalysis(uri)?.parsed;
  }

  uris(): string[] {
    return [...this.files.keys()];
  }

  get fileCount(): number {
    return this.files.size;
  }

  // ---- lookups ----

  /** The namespace an object of this file lands in. */
  namespaceFor(uri: string, object: K8sObject): string {
    return object.metadata.namespace?.value || this.folderNamespace(folderOf(uri)) || this.defaultNs;
  }

  /** The namespace of an object of this file that does not name one (kustomization, else default). */
  implicitNamespaceFor(uri: string): string {
    return this.folderNamespace(folderOf(uri)) || this.defaultNs;
  }

  /** Workloads of a namespace, keyed by id (a live view: do not keep it across changes). */
  workloadsIn(ns: string): ReadonlyMap<string, IndexedWorkload> {
    return this.workloadsByNs.get(ns) ?? EMPTY_WORKLOADS;
  }

  workloadCountIn(ns: string): number {
    return this.workloadsByNs.get(ns)?.size ?? 0;
  }

  /** Workloads the files define (the cluster model's left out): zero for a policies-only folder. */
  fileWorkloadCount(): number {
    let model = 0;
    for (const e of this.clusterEntries.values()) if (e.shadows === 0) model++;
    return this.workloadsById.size - model;
  }

  /** Whether the files define a workload in the namespace (the cluster model's do not count). */
  filesDefineWorkloadsIn(ns: string): boolean {
    // Cluster-model workloads are few: this stops at the first workload of a file.
    for (const w of this.workloadsIn(ns).values()) if (!w.cluster) return true;
    return false;
  }

  /** Namespaces that have at least one workload (the cluster model's included). */
  workloadNamespaces(): string[] {
    return [...this.workloadsByNs.keys()];
  }

  /** Pod label key -> value -> workloads, for one namespace. */
  podLabels(ns: string): LabelTable<IndexedWorkload> {
    return this.podLabelsByNs.get(ns) ?? EMPTY_TABLE;
  }

  allWorkloads(): IndexedWorkload[] {
    return [...this.workloadsById.values()];
  }

  workload(id: string): IndexedWorkload | undefined {
    return this.workloadsById.get(id);
  }

  /** Workloads of a namespace with a container port (containers and sidecars) of this name, any protocol. */
  workloadsWithPortName(ns: string, name: string): ReadonlySet<IndexedWorkload> {
    return this.portNamesByNs.get(ns)?.get(name) ?? EMPTY_SET;
  }

  /** Namespaces where some workload names a container port `name`. */
  namespacesWithPortName(name: string): string[] {
    const out: string[] = [];
    for (const [ns, names] of this.portNamesByNs) if (names.has(name)) out.push(ns);
    return out;
  }

  /** Services of a namespace, keyed by id (a live view). */
  servicesIn(ns: string): ReadonlyMap<string, IndexedService> {
    return this.servicesByNs.get(ns) ?? EMPTY_SERVICES;
  }

  /** Services of a namespace with a port whose `port` is this number. */
  servicesWithPort(ns: string, port: number): ReadonlySet<IndexedService> {
    return this.servicesByPort.get(ns)?.get(port) ?? EMPTY_SET;
  }

  /**
   * Changes whenever a Service with the port joins or leaves the namespace
   * (never back to an earlier value): a cache of servicesWithPort(ns, port)
   * checks it, then applies servicePortChangesSince.
   */
  servicesWithPortStamp(ns: string, port: number): number {
    return this.servicePortLog.stamp(ns, port);
  }

  /** The Services that joined or left servicesWithPort(ns, port) after a stamp, in order; undefined when too many to keep. */
  servicePortChangesSince(ns: string, port: number, stamp: number): readonly ServicePortChange[] | undefined {
    return this.servicePortLog.since(ns, port, stamp);
  }

  /** Namespaces with a Service that has the port, with how many entries (a lint asks these few, not every namespace in a rule's scope). */
  namespacesWithServicePort(port: number): ReadonlyMap<string, number> {
    return this.serviceNamespacesByPort.get(port) ?? EMPTY_COUNTS;
  }

  policiesIn(ns: string): ReadonlyMap<string, IndexedPolicy> {
    return this.policiesByNs.get(ns) ?? EMPTY_POLICIES;
  }

  /** The policies named `name` in `ns` (one, unless the workspace defines it twice). */
  policiesNamed(ns: string, name: string): ReadonlyMap<string, IndexedPolicy> {
    return this.policiesByName.get(policyKey(ns, name)) ?? EMPTY_POLICIES;
  }

  allPolicies(): IndexedPolicy[] {
    return [...this.policiesById.values()];
  }

  policy(id: string): IndexedPolicy | undefined {
    return this.policiesById.get(id);
  }

  /** Every namespace: defined, named by an object, in the cluster model, or the default one; sorted by name. */
  namespaces(): NamespaceInfo[] {
    return this.namespaceState().list;
  }

  namespace(name: string): NamespaceInfo | undefined {
    return this.namespaceState().byName.get(name);
  }

  /** Namespace label key -> value -> namespaces (automatic name label included). */
  namespaceLabels(): LabelTable<NamespaceInfo> {
    return this.namespaceState().labels;
  }

  // ---- internals ----

  private treeFor(uri: string, text: string, options: AnalyzeOptions): FileAnalysis {
    return this.trees.get(uri, text, options) ?? this.trees.put(uri, text, options, this.analyze(text, { ...options, path: options.path ?? uri }));
  }

  /** Only a full analysis (trees included) may answer for the tree: a compact one would ask itself. */
  private keepTree(uri: string, text: string, options: AnalyzeOptions, full: FileAnalysis): void {
    if (!isCompact(full.parsed) && full.objects.every((o) => o.node)) this.trees.put(uri, text, options, full);
  }

  private changed(): void {
    this.versionCounter++;
  }

  private folderNamespace(folder: string): string | undefined {
    const k = this.kustomizations.get(folder);
    if (!k || k.size === 0) return undefined;
    // Two kustomization files in one folder: the first by name decides, deterministically.
    const first = [...k.keys()].sort()[0];
    return k.get(first);
  }

  /** Returns whether the folder's effective kustomization namespace changed. */
  private setKustomization(folder: string, uri: string, ns: string | undefined): boolean {
    const before = this.folderNamespace(folder);
    let k = this.kustomizations.get(folder);
    if (ns === undefined) {
      k?.delete(uri);
      if (k?.size === 0) this.kustomizations.delete(folder);
    } else {
      if (!k) this.kustomizations.set(folder, (k = new Map()));
      k.set(uri, ns);
    }
    return before !== this.folderNamespace(folder);
  }

  private rederiveFolder(folder: string, except: string): void {
    for (const uri of this.urisByFolder.get(folder) ?? []) {
      const f = this.files.get(uri);
      if (f && uri !== except) this.rederive(f);
    }
  }

  private rederive(file: IndexedFile): void {
    this.removeContribution(file);
    this.derive(file);
    this.addContribution(file);
  }

  /** Fills the file's indexed objects from its analysis and the current namespaces. */
  private derive(file: IndexedFile): void {
    file.workloads = [];
    file.policies = [];
    file.namespaceObjects = [];
    file.services = [];
    file.callers = [];
    file.namedNamespaces = file.kustomizationNamespace ? [file.kustomizationNamespace] : [];
    // A kustomization describes a build, not objects.
    if (isKustomizationPath(file.uri)) return;
    file.analysis.objects.forEach((object, i) => {
      const id = `${file.uri}#${i}`;
      const name = object.metadata.name?.value ?? '';
      if (isNamespace(object)) {
        if (name) file.namespaceObjects.push({ id, uri: file.uri, object, name });
        return;
      }
      // Cluster-scoped: no namespace of their own.
      if (isServiceCaller(object)) {
        file.callers.push({ id, uri: file.uri, caller: object, name });
        return;
      }
      const namespace = this.namespaceFor(file.uri, object);
      if (isService(object)) {
        const selector = object.selector && new Map(object.selector.items.map((e) => [e.key.value, e.value.value] as const));
        file.services.push({ id, uri: file.uri, service: object, namespace, name, ...(selector ? { selector } : {}) });
        file.namedNamespaces.push(namespace);
      } else if (isWorkload(object)) {
        const labels = podLabelMap(object);
        file.workloads.push({ id, uri: file.uri, workload: object, namespace, labels, name });
        file.namedNamespaces.push(namespace);
      } else if (isNetworkPolicy(object)) {
        file.policies.push({ id, uri: file.uri, policy: object, namespace, name });
        file.namedNamespaces.push(namespace);
      } else if (object.metadata.namespace?.value) {
        file.namedNamespaces.push(object.metadata.namespace.value);
      }
    });
  }

  private addWorkload(w: IndexedWorkload): void {
    if (!this.workloadsByNs.has(w.namespace)) this.workloadNamespacesCounter++;
    mapIn(this.workloadsByNs, w.namespace).set(w.id, w);
    let table = this.podLabelsByNs.get(w.namespace);
    if (!table) this.podLabelsByNs.set(w.namespace, (table = new LabelTable()));
    table.add(w, w.labels);
    this.workloadsById.set(w.id, w);
    for (const name of portNamesOf(w)) setIn(mapIn(this.portNamesByNs, w.namespace), name).add(w);
  }

  private removeWorkload(w: IndexedWorkload): void {
    deleteIn(this.workloadsByNs, w.namespace, w.id);
    if (!this.workloadsByNs.has(w.namespace)) this.workloadNamespacesCounter++;
    const table = this.podLabelsByNs.get(w.namespace);
    table?.remove(w, w.labels);
    if (table?.isEmpty && !this.workloadsByNs.has(w.namespace)) this.podLabelsByNs.delete(w.namespace);
    this.workloadsById.delete(w.id);
    const names = this.portNamesByNs.get(w.namespace);
    for (const name of portNamesOf(w)) {
      const set = names?.get(name);
      set?.delete(w);
      if (set?.size === 0) names!.delete(name);
    }
    if (names?.size === 0) this.portNamesByNs.delete(w.namespace);
  }

  private addService(s: IndexedService): void {
    mapIn(this.servicesByNs, s.namespace).set(s.id, s);
    for (const p of s.service.ports) {
      this.servicePortLog.record(s.namespace, p.port.value, s, true);
      setIn(mapIn(this.servicesByPort, s.namespace), p.port.value).add(s);
      let counts = this.serviceNamespacesByPort.get(p.port.value);
      if (!counts) this.serviceNamespacesByPort.set(p.port.value, (counts = new Map()));
      counts.set(s.namespace, (counts.get(s.namespace) ?? 0) + 1);
    }
  }

  private removeService(s: IndexedService): void {
    deleteIn(this.servicesByNs, s.namespace, s.id);
    const byPort = this.servicesByPort.get(s.namespace);
    for (const p of s.service.ports) {
      this.servicePortLog.record(s.namespace, p.port.value, s, false);
      const counts = this.serviceNamespacesByPort.get(p.port.value);
      const n = (counts?.get(s.namespace) ?? 0) - 1;
      if (n > 0) counts!.set(s.namespace, n);
      else counts?.delete(s.namespace);
      if (counts?.size === 0) this.serviceNamespacesByPort.delete(p.port.value);
      const set = byPort?.get(p.port.value);
      set?.delete(s);
      if (set?.size === 0) byPort!.delete(p.port.value);
    }
    if (byPort?.size === 0) this.servicesByPort.delete(s.namespace);
  }

  private addContribution(file: IndexedFile): void {
    for (const w of file.workloads) {
      this.addWorkload(w);
      const shadowed = this.clusterEntries.get(clusterKey(w.namespace, w.name));
      if (shadowed && shadowed.shadows++ === 0) this.removeWorkload(shadowed.workload);
    }
    for (const s of file.services) this.addService(s);
    for (const p of file.policies) {
      mapIn(this.policiesByNs, p.namespace).set(p.id, p);
      mapIn(this.policiesByName, policyKey(p.namespace, p.name)).set(p.id, p);
      this.policiesById.set(p.id, p);
    }
    for (const n of file.namespaceObjects) {
      mapIn(this.namespaceObjects, n.name).set(n.id, n);
      this.nsCache = undefined;
    }
    for (const ns of file.namedNamespaces) {
      const c = this.namedCounts.get(ns) ?? 0;
      this.namedCounts.set(ns, c + 1);
      if (c === 0) this.nsCache = undefined;
    }
  }

  private removeContribution(file: IndexedFile): void {
    for (const w of file.workloads) {
      this.removeWorkload(w);
      const shadowed = this.clusterEntries.get(clusterKey(w.namespace, w.name));
      if (shadowed && --shadowed.shadows === 0) this.addWorkload(shadowed.workload);
    }
    for (const s of file.services) this.removeService(s);
    for (const p of file.policies) {
      deleteIn(this.policiesByNs, p.namespace, p.id);
      deleteIn(this.policiesByName, policyKey(p.namespace, p.name), p.id);
      this.policiesById.delete(p.id);
    }
    for (const n of file.namespaceObjects) {
      deleteIn(this.namespaceObjects, n.name, n.id);
      this.nsCache = undefined;
    }
    for (const ns of file.namedNamespaces) {
      const c = (this.namedCounts.get(ns) ?? 1) - 1;
      if (c <= 0) {
        this.namedCounts.delete(ns);
        this.nsCache = undefined;
      } else this.namedCounts.set(ns, c);
    }
  }

  private namespaceState(): NonNullable<WorkspaceIndex['nsCache']> {
    if (this.nsCache) return this.nsCache;
    const names = new Set<string>([this.defaultNs, ...this.namedCounts.keys(), ...this.namespaceObjects.keys(), ...this.clusterNamespaces.keys()]);
    const list: NamespaceInfo[] = [];
    const byName = new Map<string, NamespaceInfo>();
    const labels = new LabelTable<NamespaceInfo>();
    for (const name of [...names].sort()) {
      const definitions = [...(this.namespaceObjects.get(name)?.values() ?? [])].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.id < b.id ? -1 : 1));
      const l = new Map<string, string>();
      const model = this.clusterNamespaces.get(name);
      // A Namespace object of the files says what the cluster's namespace looks like, labels included.
      if (definitions[0]) for (const e of definitions[0].object.metadata.labels?.items ?? []) l.set(e.key.value, e.value.value);
      else for (const [k, v] of model ?? []) l.set(k, v);
      // The API server sets this label on every namespace, overriding any value written.
      l.set(METADATA_NAME_LABEL, name);
      const info: NamespaceInfo = { name, labels: l, definitions };
      if (model) info.cluster = true;
      list.push(info);
      byName.set(name, info);
      labels.add(info, l);
    }
    this.nsCache = { list, byName, labels };
    return this.nsCache;
  }
}

const EMPTY_TABLE = new LabelTable<IndexedWorkload>();

function policyKey(ns: string, name: string): string {
  return `${ns}/${name}`;
}

function mapIn<K, V>(outer: Map<string, Map<K, V>>, key: string): Map<K, V> {
  let inner = outer.get(key);
  if (!inner) outer.set(key, (inner = new Map()));
  return inner;
}

function setIn<K, V>(outer: Map<K, Set<V>>, key: K): Set<V> {
  let inner = outer.get(key);
  if (!inner) outer.set(key, (inner = new Set()));
  return inner;
}

/** The distinct container port names of a workload. */
function portNamesOf(w: IndexedWorkload): Set<string> {
  const names = new Set<string>();
  for (const p of w.workload.ports) if (p.name) names.add(p.name);
  return names;
}

function deleteIn<V>(outer: Map<string, Map<string, V>>, key: string, id: string): void {
  const inner = outer.get(key);
  if (!inner) return;
  inner.delete(id);
  if (inner.size === 0) outer.delete(key);
}
