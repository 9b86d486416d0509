// The incremental diagnostics cache (DiagnosticsDependencies deciding which
// files an edit can affect, DiagnosticsResults re-checking only those) must
// always show what a recomputation of every file shows: a missed dependency
// leaves a stale warning, or a missing one, in a file nobody re-checked.
// diagnosticsDependencies.test.ts checks that on one hand-made workspace;
// here on random small workspaces (a few namespaces, Namespace objects or
// only implied ones, the cluster DNS from the files or only the cluster
// model's, Deployments, StatefulSets and Pods with named and numbered ports
// and hostNetwork, Services, NetworkPolicies with every kind of selector,
// peer and port, typos that make selectors match nothing and suggest a
// label, a webhook calling a Service) after random edits of every kind
// (labels, ports, names, namespaces, hostNetwork, the DNS pods, Service
// selectors and ports, policies, namespace labels, files deleted, re-added,
// added and copied, two files in one change), with every rule on (the
// opt-in ones too) and with the default rules.
// The harness updates the cache as the server does (workspaceDiagnostics.ts:
// the index, `changed`, `invalidate` + `invalidateWordedByOthers` or
// `invalidateAll`, a pass over the dirty files, the background recording
// after 'all'), compares every file after every edit with a recomputation on
// the same index, and at the end with a new index of the same texts (no
// check cache carried over). Seeded (mulberry32): a failure names the seed
// and the edits; DEPS_EQUIV_SEED=n replays one workspace, DEPS_EQUIV_WORKSPACES
// and DEPS_EQUIV_EDITS run more. It prints how many files an edit re-checked
// on average, to see what narrower dependencies save (not asserted).
import * as assert from 'assert';
import { INDEX_CHECKS } from '../../server/src/core/checks';
import { WorkspaceIndex } from '../../server/src/core/index/workspaceIndex';
import type { RuleLevel } from '../../server/src/core/config/types';
import { DiagnosticsDependencies } from '../../server/src/features/diagnosticsDependencies';
import { findingsOf } from '../../server/src/features/diagnosticsFindings';
import { ComputedDiagnostics, DiagnosticsResults } from '../../server/src/features/diagnosticsResults';
import { toDiagnostics } from '../../server/src/lsp/toDiagnostic';
import { rng as mulberry32 } from './randomEdits';

const WORKSPACES = Number(process.env.DEPS_EQUIV_WORKSPACES ?? 30);
const EDITS = Number(process.env.DEPS_EQUIV_EDITS ?? 25);
/** DEPS_EQUIV_SEED=n runs only workspace n (to replay a failure). */
const ONLY_SEED = process.env.DEPS_EQUIV_SEED === undefined ? undefined : Number(process.env.DEPS_EQUIV_SEED);

// ---------------------------------------------------------------- random

type Random = () => number;

class Dice {
  constructor(readonly random: Random) {}
  chance(p: number): boolean {
    return this.random() < p;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.random() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.random() * xs.length)];
  }
  /** One of `choices` by weight. */
  weighted<T>(choices: readonly (readonly [number, T])[]): T {
    const total = choices.reduce((s, [w]) => s + w, 0);
    let r = this.random() * total;
    for (const [w, c] of choices) if ((r -= w) < 0) return c;
    return choices[choices.length - 1][1];
  }
}

// ---------------------------------------------------------------- the model of a workspace

type Labels = Record<string, string>;
type Protocol = 'TCP' | 'UDP';
interface Expression {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}
interface Selector {
  matchLabels?: Labels;
  matchExpressions?: Expression[];
}
interface NamespaceObject {
  kind: 'Namespace';
  name: string;
  labels: Labels;
}
interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: Protocol;
}
interface WorkloadObject {
  kind: 'Deployment' | 'StatefulSet' | 'Pod';
  name: string;
  /** Omitted: the default namespace. */
  namespace?: string;
  labels: Labels;
  hostNetwork: boolean;
  ports: ContainerPort[];
}
interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: Protocol;
}
interface ServiceObject {
  kind: 'Service';
  name: string;
  namespace?: string;
  selector: Labels;
  ports: ServicePort[];
}
interface Peer {
  namespaceSelector?: Selector;
  podSelector?: Selector;
  ipBlock?: { cidr: string; except?: string[] };
}
interface PolicyPort {
  protocol?: Protocol;
  port?: number | string;
  endPort?: number;
}
interface Rule {
  /** Omitted: no `from`/`to` (every peer). */
  peers?: Peer[];
  ports?: PolicyPort[];
}
interface PolicyObject {
  kind: 'NetworkPolicy';
  name: string;
  namespace?: string;
  /** Omitted rarely (invalid, but written). */
  podSelector?: Selector;
  policyTypes?: ('Ingress' | 'Egress')[];
  ingress?: Rule[];
  egress?: Rule[];
}
interface WebhookObject {
  kind: 'ValidatingWebhookConfiguration';
  name: string;
  failurePolicy: 'Fail' | 'Ignore';
  service: { namespace: string; name: string; port?: number };
}
type K8sObject = NamespaceObject | WorkloadObject | ServiceObject | PolicyObject | WebhookObject;

interface Workspace {
  /** uri -> the objects of the file, one document each. */
  files: Map<string, K8sObject[]>;
  /** Files deleted by an edit, to re-add. */
  deleted: Map<string, K8sObject[]>;
  namespaces: string[];
  counter: number;
}

const NAMESPACE_POOL = ['shop', 'billing', 'ops', 'data', 'edge'];
const APPS = ['api', 'web', 'db'];
const TIERS = ['front', 'back'];
const TEAMS = ['a', 'b'];
/** What selectors ask for: the workloads' labels, and typos of them. */
const SELECTOR_LABELS: readonly (readonly [number, [string, string]])[] = [
  [3, ['app', 'api']],
  [3, ['app', 'web']],
  [2, ['app', 'db']],
  [2, ['tier', 'front']],
  [2, ['tier', 'back']],
  [1, ['team', 'a']],
  [1, ['team', 'b']],
  [1, ['k8s-app', 'kube-dns']],
  [1, ['app', 'apii']],
  [1, ['app', 'webb']],
  [1, ['tier', 'frnt']],
  [1, ['k8s-app', 'kube-dnss']],
];
const CONTAINER_PORTS: readonly ContainerPort[] = [
  { name: 'http', containerPort: 8080 },
  { name: 'http', containerPort: 80 },
  { name: 'metrics', containerPort: 9090 },
  { name: 'dns', containerPort: 53, protocol: 'UDP' },
  { name: 'https', containerPort: 8443 },
  { containerPort: 3306 },
  { containerPort: 8080, protocol: 'TCP' },
];
const SERVICE_PORTS: readonly ServicePort[] = [
  { port: 80, targetPort: 8080 },
  { port: 80, targetPort: 'http' },
  { port: 8080 },
  { port: 53, protocol: 'UDP', targetPort: 'dns' },
  { port: 443, targetPort: 'https' },
  { port: 3306, targetPort: 3306 },
  { port: 9090, targetPort: 'metrics' },
  { port: 80, targetPort: 'htp' },
];
const POLICY_PORTS: readonly (PolicyPort[] | undefined)[] = [
  undefined,
  [{ port: 80 }],
  [{ protocol: 'TCP', port: 8080 }],
  [{ port: 'http' }],
  [{ protocol: 'UDP', port: 'dns' }],
  [{ port: 3306 }],
  [{ port: 8000, endPort: 8100 }],
  [{ protocol: 'UDP', port: 53 }],
  [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
  [{ port: 'metrics' }, { port: 443 }],
  // No protocol: TCP only (netpol/dns-port-without-udp).
  [{ port: 53 }],
];

const clone = <T>(x: T): T => (x === undefined ? x : (JSON.parse(JSON.stringify(x)) as T));
const uriOf = (dir: string, name: string) => `file:///ws/${dir}/${name}.yaml`;

function workloadLabels(d: Dice): Labels {
  const labels: Labels = {};
  if (d.chance(0.9)) labels.app = d.pick(APPS);
  if (d.chance(0.6)) labels.tier = d.pick(TIERS);
  if (d.chance(0.4)) labels.team = d.pick(TEAMS);
  if (d.chance(0.04)) labels['k8s-app'] = 'kube-dns';
  return labels;
}

function containerPorts(d: Dice): ContainerPort[] {
  const ports: ContainerPort[] = [];
  for (let i = d.int(0, 2); i > 0; i--) {
    const p = clone(d.pick(CONTAINER_PORTS));
    if (!ports.some((q) => q.containerPort === p.containerPort || (p.name && q.name === p.name))) ports.push(p);
  }
  return ports;
}

function newWorkload(d: Dice, ws: Workspace, namespace: string | undefined): WorkloadObject {
  return {
    kind: d.weighted([[8, 'Deployment'], [1, 'StatefulSet'], [1, 'Pod']] as const),
    name: `${d.pick(APPS)}-${ws.counter++}`,
    namespace,
    labels: workloadLabels(d),
    hostNetwork: d.chance(0.04),
    ports: containerPorts(d),
  };
}

function selectorLabels(d: Dice, n: number): Labels {
  const labels: Labels = {};
  for (let i = 0; i < n; i++) {
    const [k, v] = d.weighted(SELECTOR_LABELS);
    labels[k] = v;
  }
  return labels;
}

function newService(d: Dice, ws: Workspace, namespace: string | undefined): ServiceObject {
  const ports: ServicePort[] = [];
  for (let i = d.int(1, 2); i > 0; i--) {
    const p = clone(d.pick(SERVICE_PORTS));
    if (!ports.some((q) => q.port === p.port)) ports.push(p);
  }
  if (ports.length > 1) ports.forEach((p, i) => (p.name = `p${i}`));
  return { kind: 'Service', name: `svc-${ws.counter++}`, namespace, selector: selectorLabels(d, d.int(1, 2)), ports };
}

function podSelector(d: Dice): Selector {
  return d.weighted<() => Selector>([
    [3, () => ({})],
    [4, () => ({ matchLabels: selectorLabels(d, d.int(1, 2)) })],
    [3, () => ({ matchExpressions: [expression(d)] })],
    [1, () => ({ matchLabels: selectorLabels(d, 1), matchExpressions: [expression(d)] })],
  ])();
}

function expression(d: Dice): Expression {
  const [key, value] = d.weighted(SELECTOR_LABELS);
  const operator = d.pick(['In', 'NotIn', 'Exists', 'DoesNotExist'] as const);
  if (operator === 'Exists' || operator === 'DoesNotExist') return { key, operator };
  const values = [value];
  if (d.chance(0.3)) values.push(d.pick(key === 'app' ? APPS : key === 'tier' ? TIERS : TEAMS));
  return { key, operator, values: [...new Set(values)] };
}

function namespaceSelector(d: Dice, ws: Workspace): Selector {
  return d.weighted<() => Selector>([
    [3, () => ({})],
    [2, () => ({ matchLabels: { env: d.pick(['prod', 'dev', 'staging']) } })],
    [2, () => ({ matchLabels: { 'kubernetes.io/metadata.name': d.pick([...ws.namespaces, 'nowhere']) } })],
    [1, () => ({ matchExpressions: [{ key: 'env', operator: d.pick(['In', 'NotIn'] as const), values: [d.pick(['prod', 'dev'])] }] })],
  ])();
}

const DNS_PEER = (typo = false): Peer => ({ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': typo ? 'kube-dnss' : 'kube-dns' } } });

function rule(d: Dice, ws: Workspace, direction: 'ingress' | 'egress'): Rule {
  return d.weighted<() => Rule>([
    // The common DNS rule, whole, UDP only, or with a typo.
    [direction === 'egress' ? 4 : 0, () => ({ peers: [DNS_PEER(d.chance(0.15))], ports: clone(d.pick([...POLICY_PORTS.slice(7, 9), ...POLICY_PORTS.slice(7, 9), POLICY_PORTS[10]])) })],
    [2, () => ({ peers: [{ namespaceSelector: namespaceSelector(d, ws), podSelector: podSelector(d) }], ports: clone(d.pick(POLICY_PORTS)) })],
    [1, () => ({ peers: [{ namespaceSelector: namespaceSelector(d, ws) }], ports: clone(d.pick(POLICY_PORTS)) })],
    [3, () => ({ peers: [{ podSelector: podSelector(d) }], ports: clone(d.pick(POLICY_PORTS)) })],
    // OR, not AND: two elements.
    [1, () => ({ peers: [{ namespaceSelector: {} }, { podSelector: { matchLabels: selectorLabels(d, 1) } }], ports: clone(d.pick(POLICY_PORTS)) })],
    [1, () => ({ peers: [{ ipBlock: d.chance(0.5) ? { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } : { cidr: '0.0.0.0/0' } }], ports: clone(d.pick(POLICY_PORTS)) })],
    [1, () => ({ ports: clone(d.pick(POLICY_PORTS)) })],
    [0.5, () => ({})],
  ])();
}

function newPolicy(d: Dice, ws: Workspace, namespace: string | undefined): PolicyObject {
  const p: PolicyObject = { kind: 'NetworkPolicy', name: `np-${ws.counter++}`, namespace };
  if (d.chance(0.95)) p.podSelector = podSelector(d);
  if (d.chance(0.6)) p.policyTypes = d.pick([['Ingress'], ['Egress'], ['Ingress', 'Egress']] as const).slice();
  if (d.chance(0.6)) p.ingress = Array.from({ length: d.int(0, 2) }, () => rule(d, ws, 'ingress'));
  if (d.chance(0.6)) p.egress = Array.from({ length: d.int(0, 2) }, () => rule(d, ws, 'egress'));
  return p;
}

function namespaceObject(d: Dice, name: string): NamespaceObject {
  const labels: Labels = {};
  if (d.chance(0.8)) labels.env = d.pick(['prod', 'dev']);
  if (d.chance(0.3)) labels.team = d.pick(TEAMS);
  return { kind: 'Namespace', name, labels };
}

const COREDNS_PORTS: ContainerPort[] = [
  { name: 'dns', containerPort: 53, protocol: 'UDP' },
  { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
];

function randomWorkspace(d: Dice): Workspace {
  const chosen = NAMESPACE_POOL.filter(() => d.chance(0.55)).slice(0, 4);
  while (chosen.length < 2) chosen.push(NAMESPACE_POOL.filter((n) => !chosen.includes(n))[0]);
  const withKubeSystem = d.chance(0.7);
  const ws: Workspace = { files: new Map(), deleted: new Map(), namespaces: withKubeSystem ? [...chosen, 'kube-system'] : chosen, counter: 0 };
  const add = (dir: string, objects: K8sObject[]) => ws.files.set(uriOf(dir, `f${ws.counter++}`), objects);
  if (withKubeSystem) {
    // The cluster DNS from the files (replacing the model's CoreDNS, or beside it), or only the model's.
    if (d.chance(0.6)) {
      const name = d.chance(0.7) ? 'coredns' : 'dns-custom';
      add('kube-system', [{ kind: 'Deployment', name, namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, hostNetwork: false, ports: clone(COREDNS_PORTS) }]);
    }
    if (d.chance(0.5)) {
      add('kube-system', [{ kind: 'Service', name: 'kube-dns', namespace: 'kube-system', selector: { 'k8s-app': 'kube-dns' }, ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }, { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 }] }]);
    }
    if (d.chance(0.2)) add('kube-system', [namespaceObject(d, 'kube-system')]);
  }
  for (const ns of chosen) {
    // Sometimes a Namespace object (with labels), sometimes only implied by metadata.namespace.
    if (d.chance(0.55)) add(ns, [namespaceObject(d, ns)]);
    for (let i = d.int(2, 5); i > 0; i--) {
      const objects: K8sObject[] = [newWorkload(d, ws, ns)];
      if (d.chance(0.25)) objects.push(newWorkload(d, ws, ns));
      if (d.chance(0.25)) objects.push(newService(d, ws, ns));
      add(ns, objects);
    }
    for (let i = d.int(0, 2); i > 0; i--) add(ns, [newService(d, ws, ns)]);
    for (let i = d.int(1, 3); i > 0; i--) add(ns, Array.from({ length: d.chance(0.3) ? 2 : 1 }, () => newPolicy(d, ws, ns)));
  }
  // Objects without metadata.namespace (the default namespace), now and then.
  if (d.chance(0.3)) add('default', [newWorkload(d, ws, undefined), ...(d.chance(0.5) ? [newPolicy(d, ws, undefined)] : [])]);
  if (d.chance(0.4)) {
    if (d.chance(0.6)) {
      // A webhook server whose Service reaches its pods (else the webhook's check has nothing to say).
      const ns = d.pick(chosen);
      const server = newWorkload(d, ws, ns);
      server.ports = [{ name: 'https', containerPort: 8443 }];
      server.labels.app ??= 'api';
      add(ns, [server, { kind: 'Service', name: `hooks-${ws.counter++}`, namespace: ns, selector: { app: server.labels.app }, ports: [{ port: 443, targetPort: d.pick(['https', 8443]) }] }]);
    }
    const services = allObjects(ws).filter((o): o is ServiceObject => o.kind === 'Service');
    const target = services.length > 0 && d.chance(0.85) ? (services.find((x) => x.name.startsWith('hooks-')) ?? d.pick(services)) : { name: 'missing', namespace: d.pick(chosen) };
    const call: WebhookObject['service'] = { namespace: target.namespace ?? 'default', name: target.name };
    if (d.chance(0.2)) call.port = 443;
    add('hooks', [{ kind: 'ValidatingWebhookConfiguration', name: `hook-${ws.counter++}`, failurePolicy: d.pick(['Fail', 'Ignore'] as const), service: call }]);
    // A default-deny of ingress where the Service is (which locks the API server out), sometimes with a rule.
    if (d.chance(0.6)) {
      const lock: PolicyObject = { kind: 'NetworkPolicy', name: `lock-${ws.counter++}`, namespace: call.namespace, podSelector: {}, policyTypes: ['Ingress'] };
      if (d.chance(0.4)) lock.ingress = [rule(d, ws, 'ingress')];
      add(call.namespace, [lock]);
    }
  }
  // A policy defined twice (same namespace and name, another file).
  if (d.chance(0.15)) {
    const policies = allObjects(ws).filter(isPolicy);
    if (policies.length > 0) add('copies', [clone(d.pick(policies))]);
  }
  return ws;
}

function allObjects(ws: Workspace): K8sObject[] {
  return [...ws.files.values()].flat();
}

// ---------------------------------------------------------------- YAML

function renderObject(o: K8sObject): Record<string, unknown> {
  const metadata = (name: string, namespace: string | undefined, labels?: Labels) => ({ name, namespace, labels });
  switch (o.kind) {
    case 'Namespace':
      return { apiVersion: 'v1', kind: 'Namespace', metadata: metadata(o.name, undefined, Object.keys(o.labels).length > 0 ? o.labels : undefined) };
    case 'Service':
      return { apiVersion: 'v1', kind: 'Service', metadata: metadata(o.name, o.namespace), spec: { selector: o.selector, ports: o.ports } };
    case 'NetworkPolicy': {
      const rules = (rs: Rule[] | undefined, peerKey: 'from' | 'to') => rs?.map((r) => ({ [peerKey]: r.peers, ports: r.ports }));
      return {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: metadata(o.name, o.namespace),
        spec: { podSelector: o.podSelector, policyTypes: o.policyTypes, ingress: rules(o.ingress, 'from'), egress: rules(o.egress, 'to') },
      };
    }
    case 'ValidatingWebhookConfiguration':
      return {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingWebhookConfiguration',
        metadata: { name: o.name },
        webhooks: [{ name: `${o.name}.example.com`, failurePolicy: o.failurePolicy, sideEffects: 'None', admissionReviewVersions: ['v1'], clientConfig: { service: o.service } }],
      };
    default: {
      const podSpec = { hostNetwork: o.hostNetwork || undefined, containers: [{ name: 'main', image: 'example/app', ports: o.ports.length > 0 ? o.ports : undefined }] };
      if (o.kind === 'Pod') return { apiVersion: 'v1', kind: 'Pod', metadata: metadata(o.name, o.namespace, o.labels), spec: podSpec };
      return {
        apiVersion: 'apps/v1',
        kind: o.kind,
        metadata: metadata(o.name, o.namespace),
        spec: { selector: { matchLabels: o.labels }, template: { metadata: { labels: o.labels }, spec: podSpec } },
      };
    }
  }
}

function scalar(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = String(v);
  return /^[A-Za-z][A-Za-z0-9./_-]*$/.test(s) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(s) ? s : JSON.stringify(s);
}

const isInline = (v: unknown) => typeof v !== 'object' || v === null || (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0);
const inline = (v: unknown) => (Array.isArray(v) ? '[]' : typeof v === 'object' && v !== null ? '{}' : scalar(v));

/** Block YAML of a mapping; undefined values are left out. */
function yamlLines(value: Record<string, unknown>, indent: string): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (isInline(v)) out.push(`${indent}${scalar(k)}: ${inline(v)}`);
    else if (Array.isArray(v)) out.push(`${indent}${scalar(k)}:`, ...listLines(v, `${indent}  `));
    else out.push(`${indent}${scalar(k)}:`, ...yamlLines(v as Record<string, unknown>, `${indent}  `));
  }
  return out;
}

function listLines(items: unknown[], indent: string): string[] {
  const out: string[] = [];
  for (const item of items) {
    if (isInline(item)) out.push(`${indent}- ${inline(item)}`);
    else {
      const inner = yamlLines(item as Record<string, unknown>, `${indent}  `);
      if (inner.length === 0) out.push(`${indent}- {}`);
      else out.push(`${indent}- ${inner[0].slice(indent.length + 2)}`, ...inner.slice(1));
    }
  }
  return out;
}

function fileText(objects: K8sObject[]): string {
  return objects.map((o) => `${yamlLines(renderObject(o), '').join('\n')}\n`).join('---\n');
}

// ---------------------------------------------------------------- edits

interface Edit {
  uri: string;
  /** What the edit did, for the failure message. */
  what: string;
}

const short = (uri: string) => uri.replace('file:///ws/', '');

type Located<T> = { uri: string; object: T };

function located<T extends K8sObject>(ws: Workspace, is: (o: K8sObject) => o is T): Located<T>[] {
  const out: Located<T>[] = [];
  for (const [uri, objects] of ws.files) for (const object of objects) if (is(object)) out.push({ uri, object });
  return out;
}

const isWorkload = (o: K8sObject): o is WorkloadObject => o.kind === 'Deployment' || o.kind === 'StatefulSet' || o.kind === 'Pod';
const isService = (o: K8sObject): o is ServiceObject => o.kind === 'Service';
const isPolicy = (o: K8sObject): o is PolicyObject => o.kind === 'NetworkPolicy';
const isNamespace = (o: K8sObject): o is NamespaceObject => o.kind === 'Namespace';
const isWebhook = (o: K8sObject): o is WebhookObject => o.kind === 'ValidatingWebhookConfiguration';

type Editor = (d: Dice, ws: Workspace) => Edit | undefined;

function onOne<T extends K8sObject>(is: (o: K8sObject) => o is T, change: (d: Dice, ws: Workspace, o: T) => string): Editor {
  return (d, ws) => {
    const targets = located(ws, is);
    if (targets.length === 0) return undefined;
    const { uri, object } = d.pick(targets);
    return { uri, what: `${short(uri)} ${object.kind} ${object.name}: ${change(d, ws, object)}` };
  };
}

const workloadLabelsEdit = onOne(isWorkload, (d, _ws, w) => {
  const keys = Object.keys(w.labels);
  return d.weighted<() => string>([
    [2, () => {
      const key = d.pick(['app', 'tier', 'team', 'k8s-app', 'role']);
      const value = key === 'k8s-app' ? 'kube-dns' : key === 'role' ? 'x' : d.pick(key === 'app' ? APPS : key === 'tier' ? TIERS : TEAMS);
      w.labels[key] = value;
      return `label ${key}=${value}`;
    }],
    [1, () => {
      if (keys.length === 0) return 'no label to drop';
      const key = d.pick(keys);
      delete w.labels[key];
      return `drop label ${key}`;
    }],
    [1, () => {
      if (keys.length === 0) return 'no label to rename';
      const key = d.pick(keys);
      const to = d.pick(['app', 'tier', 'team', 'k8s-app', 'ap'].filter((k) => k !== key));
      w.labels[to] = w.labels[key];
      delete w.labels[key];
      return `rename label ${key} -> ${to}`;
    }],
    [1, () => {
      w.labels['k8s-app'] = w.labels['k8s-app'] ? 'kube-dnss' : 'kube-dns';
      return `k8s-app=${w.labels['k8s-app']}`;
    }],
  ])();
});

const hostNetworkEdit = onOne(isWorkload, (_d, _ws, w) => {
  w.hostNetwork = !w.hostNetwork;
  return `hostNetwork ${w.hostNetwork}`;
});

const containerPortEdit = onOne(isWorkload, (d, _ws, w) =>
  d.weighted<() => string>([
    [1, () => {
      const p = clone(d.pick(CONTAINER_PORTS));
      w.ports = w.ports.filter((q) => q.containerPort !== p.containerPort && (!p.name || q.name !== p.name));
      w.ports.push(p);
      return `add port ${p.name ?? ''}:${p.containerPort}`;
    }],
    [1, () => {
      if (w.ports.length === 0) return 'no port to remove';
      const p = w.ports.splice(d.int(0, w.ports.length - 1), 1)[0];
      return `remove port ${p.name ?? ''}:${p.containerPort}`;
    }],
    [1, () => {
      if (w.ports.length === 0) return 'no port to renumber';
      const p = d.pick(w.ports);
      p.containerPort = d.pick([80, 8080, 8081, 53, 9090, 3306].filter((n) => !w.ports.some((q) => q.containerPort === n)));
      return `port ${p.name ?? ''} -> ${p.containerPort}`;
    }],
    [1, () => {
      if (w.ports.length === 0) return 'no port to rename';
      const p = d.pick(w.ports);
      const name = d.pick(['http', 'web', 'metrics', 'dns', undefined].filter((n) => n !== p.name && !w.ports.some((q) => q.name === n)));
      if (name === undefined) delete p.name;
      else p.name = name;
      return `port ${p.containerPort} named ${name}`;
    }],
    [0.5, () => {
      if (w.ports.length === 0) return 'no port';
      const p = d.pick(w.ports);
      p.protocol = p.protocol === 'UDP' ? 'TCP' : 'UDP';
      return `port ${p.containerPort} ${p.protocol}`;
    }],
  ])(),
);

const moveEdit = (is: (o: K8sObject) => o is WorkloadObject | ServiceObject | PolicyObject) =>
  onOne(is, (d, ws, o) => {
    const to = d.chance(0.1) ? undefined : d.pick(ws.namespaces.filter((n) => n !== o.namespace));
    o.namespace = to;
    return `move to namespace ${to ?? '(default)'}`;
  });

const renameEdit = onOne(isWorkload, (d, ws, w) => {
  w.name = `${d.pick(APPS)}-${ws.counter++}`;
  return `rename to ${w.name}`;
});

const deleteFileEdit: Editor = (d, ws) => {
  if (ws.files.size < 3) return undefined;
  const uri = d.pick([...ws.files.keys()]);
  ws.deleted.set(uri, ws.files.get(uri)!);
  ws.files.delete(uri);
  return { uri, what: `delete ${short(uri)}` };
};

const readdFileEdit: Editor = (d, ws) => {
  if (ws.deleted.size === 0) return undefined;
  const uri = d.pick([...ws.deleted.keys()]);
  ws.files.set(uri, ws.deleted.get(uri)!);
  ws.deleted.delete(uri);
  return { uri, what: `re-add ${short(uri)}` };
};

const addFileEdit: Editor = (d, ws) => {
  const ns = d.pick(ws.namespaces);
  const objects: K8sObject[] = [newWorkload(d, ws, ns)];
  if (d.chance(0.2)) objects.push(newService(d, ws, ns));
  if (d.chance(0.2)) objects.push(newPolicy(d, ws, ns));
  const uri = uriOf(ns, `new-${ws.counter++}`);
  ws.files.set(uri, objects);
  return { uri, what: `add ${short(uri)} (${objects.map((o) => `${o.kind} ${o.name}`).join(', ')})` };
};

const serviceSelectorEdit = onOne(isService, (d, _ws, s) => {
  s.selector = d.chance(0.2) ? {} : selectorLabels(d, d.int(1, 2));
  return `selector ${JSON.stringify(s.selector)}`;
});

const servicePortEdit = onOne(isService, (d, _ws, s) => {
  const p = d.pick(s.ports);
  return d.weighted<() => string>([
    [2, () => {
      p.targetPort = d.pick([undefined, 8080, 80, 'http', 'metrics', 'dns', 'htp', 9090]);
      if (p.targetPort === undefined) delete p.targetPort;
      return `port ${p.port} targetPort ${p.targetPort}`;
    }],
    [1, () => {
      p.port = d.pick([80, 8080, 443, 53, 3306].filter((n) => !s.ports.some((q) => q.port === n)));
      return `port -> ${p.port}`;
    }],
    [0.5, () => {
      p.protocol = p.protocol === 'UDP' ? 'TCP' : 'UDP';
      return `port ${p.port} ${p.protocol}`;
    }],
  ])();
});

const policyEdit = onOne(isPolicy, (d, ws, p) =>
  d.weighted<() => string>([
    [2, () => {
      p.podSelector = d.chance(0.05) ? undefined : podSelector(d);
      return `podSelector ${JSON.stringify(p.podSelector)}`;
    }],
    [1, () => {
      p.policyTypes = d.pick([undefined, ['Ingress'], ['Egress'], ['Ingress', 'Egress']] as const)?.slice();
      return `policyTypes ${JSON.stringify(p.policyTypes)}`;
    }],
    [2, () => {
      const rules = [...(p.ingress ?? []), ...(p.egress ?? [])];
      if (rules.length === 0) return 'no rule for ports';
      const r = d.pick(rules);
      r.ports = clone(d.pick(POLICY_PORTS));
      return `rule ports ${JSON.stringify(r.ports)}`;
    }],
    [2, () => {
      const direction = d.pick(['ingress', 'egress'] as const);
      const rules = (p[direction] ??= []);
      if (rules.length > 0 && d.chance(0.4)) {
        rules.splice(d.int(0, rules.length - 1), 1);
        return `drop a ${direction} rule`;
      }
      const r = rule(d, ws, direction);
      if (rules.length > 0 && d.chance(0.5)) rules[d.int(0, rules.length - 1)] = r;
      else rules.push(r);
      return `${direction} rule ${JSON.stringify(r)}`;
    }],
    [1, () => {
      const rules = [...(p.ingress ?? []), ...(p.egress ?? [])].filter((r) => r.peers?.some((x) => x.podSelector || x.namespaceSelector));
      if (rules.length === 0) return 'no peer to edit';
      const peer = d.pick(d.pick(rules).peers!.filter((x) => x.podSelector || x.namespaceSelector));
      if (d.chance(0.5)) peer.podSelector = podSelector(d);
      else peer.namespaceSelector = namespaceSelector(d, ws);
      return `peer ${JSON.stringify(peer)}`;
    }],
  ])(),
);

/** A policy copied into a new file (netpol/duplicate-policy in both). */
const copyPolicyEdit: Editor = (d, ws) => {
  const policies = located(ws, isPolicy);
  if (policies.length === 0) return undefined;
  const { uri: from, object } = d.pick(policies);
  const uri = uriOf('copies', `copy-${ws.counter++}`);
  ws.files.set(uri, [clone(object)]);
  return { uri, what: `add ${short(uri)}: a copy of NetworkPolicy ${object.name} of ${short(from)}` };
};

const namespaceEdit: Editor = (d, ws) => {
  const objects = located(ws, isNamespace);
  if (objects.length > 0 && d.chance(0.75)) {
    const { uri, object } = d.pick(objects);
    const env = d.pick(['prod', 'dev', 'staging', undefined]);
    if (env === undefined) delete object.labels.env;
    else object.labels.env = env;
    return { uri, what: `${short(uri)} Namespace ${object.name}: env=${env}` };
  }
  const without = ws.namespaces.filter((n) => !objects.some((o) => o.object.name === n));
  if (without.length === 0) return undefined;
  const ns = d.pick(without);
  const uri = uriOf(ns, `namespace-${ws.counter++}`);
  ws.files.set(uri, [namespaceObject(d, ns)]);
  return { uri, what: `add ${short(uri)} Namespace ${ns}` };
};

/**
 * The cluster DNS pods: the kube-system workloads carrying the model's DNS
 * labels, a file's `coredns` replacing the model's: labels, name, ports, or a
 * CoreDNS file added.
 */
const dnsEdit: Editor = (d, ws) => {
  const targets = located(ws, isWorkload).filter((t) => t.object.namespace === 'kube-system');
  if (targets.length === 0 || d.chance(0.15)) {
    const uri = uriOf('kube-system', `coredns-${ws.counter++}`);
    const name = d.chance(0.7) ? 'coredns' : `dns-${ws.counter++}`;
    ws.files.set(uri, [{ kind: 'Deployment', name, namespace: 'kube-system', labels: d.chance(0.8) ? { 'k8s-app': 'kube-dns' } : {}, hostNetwork: false, ports: clone(COREDNS_PORTS) }]);
    return { uri, what: `add ${short(uri)} (Deployment kube-system/${name})` };
  }
  const { uri, object: w } = d.pick(targets);
  const what = d.weighted<() => string>([
    [2, () => {
      if (w.labels['k8s-app'] === 'kube-dns') delete w.labels['k8s-app'];
      else w.labels['k8s-app'] = 'kube-dns';
      return `k8s-app ${w.labels['k8s-app'] ?? 'dropped'}`;
    }],
    [1, () => {
      w.name = w.name === 'coredns' ? `dns-${ws.counter++}` : 'coredns';
      return `rename to ${w.name}`;
    }],
    [1, () => {
      w.ports = d.pick([COREDNS_PORTS, COREDNS_PORTS.slice(0, 1), COREDNS_PORTS.slice(1), []]).map((p) => ({ ...p }));
      return `ports ${JSON.stringify(w.ports)}`;
    }],
  ])();
  return { uri, what: `${short(uri)} DNS ${w.kind} ${w.name}: ${what}` };
};

const webhookEdit = onOne(isWebhook, (d, ws, h) => {
  const services = located(ws, isService).map((s) => s.object);
  if (services.length > 0 && d.chance(0.6)) {
    const s = d.pick(services);
    h.service = { namespace: s.namespace ?? 'default', name: s.name };
  } else h.failurePolicy = h.failurePolicy === 'Fail' ? 'Ignore' : 'Fail';
  return `calls ${h.service.namespace}/${h.service.name}, ${h.failurePolicy}`;
});

const EDITORS: readonly (readonly [number, Editor])[] = [
  [4, workloadLabelsEdit],
  [1, hostNetworkEdit],
  [2, containerPortEdit],
  [1, moveEdit(isWorkload)],
  [0.5, moveEdit((o): o is ServiceObject | PolicyObject => isService(o) || isPolicy(o))],
  [0.5, renameEdit],
  [1, deleteFileEdit],
  [1, readdFileEdit],
  [1, addFileEdit],
  [1.5, serviceSelectorEdit],
  [1.5, servicePortEdit],
  [4, policyEdit],
  [0.3, copyPolicyEdit],
  [1, namespaceEdit],
  [0.5, webhookEdit],
  [1, dnsEdit],
];

function randomEdit(d: Dice, ws: Workspace): Edit {
  for (;;) {
    const edit = d.weighted(EDITORS)(d, ws);
    if (edit) return edit;
  }
}

// ---------------------------------------------------------------- the harness

type Rules = Readonly<Record<string, RuleLevel>>;

/** Every workspace check on, the opt-in ones (netpol/workload-not-isolated) at their default severity. */
const ALL_RULES: Rules = Object.fromEntries(INDEX_CHECKS.filter((c) => c.offByDefault).map((c) => [c.id, c.defaultSeverity]));

/** The incremental cache over an index, updated as the server updates it. */
function harness(files: Map<string, K8sObject[]>, rules: Rules) {
  const index = new WorkspaceIndex();
  for (const [uri, objects] of files) index.setFile(uri, fileText(objects));
  const linesOf = (other: string) => index.getFile(other)?.analysis.parsed.lines;
  const compute = (u: string): ComputedDiagnostics | undefined => {
    const r = findingsOf(index, u, { rules, workspaceChecks: true });
    return r && { diagnostics: toDiagnostics(r.findings, r.file.analysis.parsed.lines, linesOf), dependsOnOthers: r.fromWorkspaceChecks };
  };
  const results = new DiagnosticsResults(compute);
  const dependencies = new DiagnosticsDependencies();
  dependencies.reset(index);
  for (const u of index.uris()) results.get(u);
  const stats = { edits: 0, rechecked: 0, all: 0 };
  /** The files in the order they were last set: the order the index's tables list their objects in (for fromScratch). */
  const order = new Set(index.uris());

  /** Sets (or removes) the files, then updates the cache: the dependencies, the invalidation, a pass over the dirty files. */
  const apply = async (changes: { uri: string; objects: K8sObject[] | undefined }[]): Promise<void> => {
    for (const { uri, objects } of changes) {
      order.delete(uri);
      if (objects) {
        index.setFile(uri, fileText(objects));
        order.add(uri);
      } else index.removeFile(uri);
    }
    const affected = dependencies.changed(index, changes.map((c) => c.uri));
    if (affected === 'all') {
      results.invalidateAll();
      stats.all++;
    } else {
      results.invalidate(affected);
      results.invalidateWordedByOthers();
    }
    const before = results.recomputations;
    for (const u of new Set([...index.uris(), ...results.uris(), ...results.dirtyUris()])) if (results.isDirty(u)) results.get(u);
    stats.edits++;
    stats.rechecked += results.recomputations - before;
    // After a change of unknown reach the footprints are recorded in the background: the server's next edit comes after.
    await dependencies.whenRecorded();
  };

  const key = (c: ComputedDiagnostics | undefined) => (c ? JSON.stringify({ diagnostics: c.diagnostics, dependsOnOthers: c.dependsOnOthers }) : 'none');
  const cached = () => new Map(index.uris().sort().map((u) => [u, key(results.peek(u))]));
  const fresh = () => new Map(index.uris().sort().map((u) => [u, key(compute(u))]));
  return { index, results, apply, cached, fresh, stats, order };
}

/** The diagnostics of every file of a new index of the same texts (no cache of any kind carried over). */
function fromScratch(index: WorkspaceIndex, order: Iterable<string>, rules: Rules): Map<string, string> {
  const other = new WorkspaceIndex();
  for (const u of order) other.setFile(u, index.getFile(u)!.text);
  const linesOf = (u: string) => other.getFile(u)?.analysis.parsed.lines;
  return new Map(
    other.uris().sort().map((u) => {
      const r = findingsOf(other, u, { rules, workspaceChecks: true })!;
      return [u, JSON.stringify({ diagnostics: toDiagnostics(r.findings, r.file.analysis.parsed.lines, linesOf), dependsOnOthers: r.fromWorkspaceChecks })];
    }),
  );
}

const WORKLOAD_NAME = /\b(Deployment|StatefulSet|DaemonSet|ReplicaSet|Job|CronJob|Pod) [\w./-]+/g;

/** Each file's diagnostics with the workloads their messages name (and their related places) left out. */
function namesLeftOut(files: Map<string, string>): Map<string, string> {
  const loose = (s: string) => {
    if (s === 'none') return s;
    const c = JSON.parse(s) as { diagnostics: { message: string; relatedInformation?: unknown }[]; dependsOnOthers: boolean };
    const diagnostics = c.diagnostics.map((x) => ({ ...x, message: x.message.replace(WORKLOAD_NAME, '…'), relatedInformation: undefined }));
    return JSON.stringify({ diagnostics, dependsOnOthers: c.dependsOnOthers });
  };
  return new Map([...files].map(([u, s]) => [u, loose(s)]));
}

/** The first file whose cached and fresh diagnostics differ, described. */
function firstDifference(cached: Map<string, string>, fresh: Map<string, string>): string | undefined {
  for (const u of new Set([...cached.keys(), ...fresh.keys()])) {
    const c = cached.get(u);
    const f = fresh.get(u);
    if (c === f) continue;
    const messages = (s: string | undefined) => (s && s !== 'none' ? (JSON.parse(s) as { diagnostics: { code: string; message: string }[] }).diagnostics.map((x) => `${x.code}: ${x.message}`) : [s ?? 'absent']);
    const cm = messages(c);
    const fm = messages(f);
    const stale = cm.filter((m) => !fm.includes(m));
    const missing = fm.filter((m) => !cm.includes(m));
    return `${short(u)}:\n  cached, not fresh: ${JSON.stringify(stale)}\n  fresh, not cached: ${JSON.stringify(missing)}${stale.length + missing.length === 0 ? '\n  (same messages: ranges, related information, order or dependsOnOthers differ)' : ''}`;
  }
  return undefined;
}

interface Coverage {
  rules: Map<string, number>;
  didYouMean: number;
  policies: number;
  workloads: number;
  services: number;
  callers: number;
  namespaceObjects: number;
}

async function runVariant(name: string, rules: Rules, coverage: Coverage) {
  const stats = { edits: 0, rechecked: 0, all: 0, files: 0, otherNames: 0 };
  const seeds = ONLY_SEED !== undefined ? [ONLY_SEED] : Array.from({ length: WORKSPACES }, (_, i) => i + 1);
  for (const seed of seeds) {
    const d = new Dice(mulberry32(seed));
    const ws = randomWorkspace(d);
    const h = harness(ws.files, rules);
    coverage.policies += h.index.allPolicies().length;
    coverage.workloads += h.index.allWorkloads().filter((w) => w.cluster === undefined).length;
    for (const u of h.index.uris()) {
      const f = h.index.getFile(u)!;
      coverage.services += f.services.length;
      coverage.callers += f.callers.length;
      coverage.namespaceObjects += f.namespaceObjects.length;
    }
    const log: string[] = [];
    const context = () => `${name}: seed ${seed} (DEPS_EQUIV_SEED=${seed}), after edits:\n${log.map((e, i) => `  ${i + 1}. ${e}`).join('\n')}`;
    const note = (fresh: Map<string, string>) => {
      for (const s of fresh.values()) {
        if (s === 'none') continue;
        for (const x of (JSON.parse(s) as { diagnostics: { code: string; message: string }[] }).diagnostics) {
          coverage.rules.set(x.code, (coverage.rules.get(x.code) ?? 0) + 1);
          if (x.message.includes('did you mean')) coverage.didYouMean++;
        }
      }
    };
    const initial = h.fresh();
    assert.deepStrictEqual(h.cached(), initial, `${name}: seed ${seed}, before any edit`);
    note(initial);
    for (let step = 0; step < EDITS; step++) {
      // Now and then two files in one change (a save of several files, a branch switch).
      const edits = [randomEdit(d, ws)];
      if (d.chance(0.15)) {
        const second = randomEdit(d, ws);
        if (second.uri !== edits[0].uri) edits.push(second);
      }
      log.push(edits.map((e) => e.what).join(' + '));
      await h.apply(edits.map((e) => ({ uri: e.uri, objects: ws.files.get(e.uri) })));
      assert.deepStrictEqual(h.results.dirtyUris(), [], context());
      assert.deepStrictEqual([...h.results.uris()].filter((u) => !h.index.getFile(u)), [], `results kept for removed files; ${context()}`);
      const cached = h.cached();
      const fresh = h.fresh();
      const difference = firstDifference(cached, fresh);
      assert.ok(difference === undefined, `the cache differs from a recomputation: ${difference}\n${context()}`);
      note(fresh);
    }
    // And the same as a new index of the same texts (no check cache carried over the edits). Some
    // messages name the first few workloads of a namespace or rule in the index's order, which
    // depends on the order of past edits: where the texts differ, they must differ only there.
    const final = h.cached();
    const scratch = fromScratch(h.index, h.order, rules);
    if (firstDifference(final, scratch) !== undefined) {
      const difference = firstDifference(namesLeftOut(final), namesLeftOut(scratch));
      assert.ok(difference === undefined, `the cache differs from a new index of the same files: ${difference}\n${context()}`);
      stats.otherNames++;
    }
    stats.edits += h.stats.edits;
    stats.rechecked += h.stats.rechecked;
    stats.all += h.stats.all;
    stats.files += h.index.fileCount;
  }
  const perEdit = stats.rechecked / stats.edits;
  const files = stats.files / seeds.length;
  // eslint-disable-next-line no-console
  console.log(
    `      ${name}: ${seeds.length} workspaces x ${EDITS} edits, ~${files.toFixed(0)} files each: ${perEdit.toFixed(1)} files re-checked per edit on average (${((100 * perEdit) / files).toFixed(0)}%), ${stats.all} of ${stats.edits} edits re-checked everything; a new index named other workloads in ${stats.otherNames} of ${seeds.length} workspaces`,
  );
}

function emptyCoverage(): Coverage {
  return { rules: new Map(), didYouMean: 0, policies: 0, workloads: 0, services: 0, callers: 0, namespaceObjects: 0 };
}

/** What the generator must make the index and the checks see, else the comparison proves little. */
function assertCovered(c: Coverage, expected: string[]) {
  const summary = JSON.stringify({ ...c, rules: Object.fromEntries(c.rules) });
  assert.ok(c.policies > 0 && c.workloads > 0 && c.services > 0 && c.callers > 0 && c.namespaceObjects > 0, summary);
  for (const id of expected) assert.ok((c.rules.get(id) ?? 0) > 0, `${id} never fired: ${summary}`);
  assert.ok(c.didYouMean > 0, `no "did you mean": ${summary}`);
}

const FIRING = ['netpol/duplicate-policy', 'netpol/dns-port-without-udp', 'netpol/selector-matches-nothing', 'netpol/dns-egress-blocked', 'netpol/service-port-not-pod-port', 'netpol/named-port-undefined', 'netpol/host-network-pod', 'netpol/webhook-ingress-blocked', 'netpol/peers-or-not-and'];

describe('diagnostics cache and dependencies: equal to a recomputation after random edits', function () {
  this.timeout(120000);

  it('with every rule on (workload-not-isolated too)', async () => {
    assert.ok(Object.keys(ALL_RULES).includes('netpol/workload-not-isolated'), JSON.stringify(ALL_RULES));
    const coverage = emptyCoverage();
    await runVariant('all rules', ALL_RULES, coverage);
    if (ONLY_SEED === undefined) assertCovered(coverage, [...FIRING, 'netpol/workload-not-isolated']);
  });

  it('with the default rules', async () => {
    const coverage = emptyCoverage();
    await runVariant('default rules', {}, coverage);
    if (ONLY_SEED === undefined) {
      assertCovered(coverage, FIRING);
      assert.ok(!coverage.rules.has('netpol/workload-not-isolated'));
    }
  });

  it('re-checks a policy that isolates egress when the cluster DNS pods change (the smallest case the random edits found)', async () => {
    // dns-egress-blocked reads the DNS pods (kube-system, k8s-app=kube-dns) for every policy
    // that isolates egress, whether or not its peers reach kube-system.
    const deny: PolicyObject = { kind: 'NetworkPolicy', name: 'deny-egress', namespace: 'shop', podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Egress'] };
    const coredns: WorkloadObject = { kind: 'Deployment', name: 'coredns', namespace: 'kube-system', labels: { app: 'dns' }, hostNetwork: false, ports: clone(COREDNS_PORTS) };
    const files = new Map<string, K8sObject[]>([
      [uriOf('kube-system', 'coredns'), [coredns]],
      [uriOf('shop', 'app'), [{ kind: 'Deployment', name: 'db', namespace: 'shop', labels: { app: 'db' }, hostNetwork: false, ports: [] }]],
      [uriOf('shop', 'deny'), [deny]],
    ]);
    const h = harness(files, {});
    // The file's coredns replaces the model's and lacks its label: no DNS pods, nothing to say.
    assert.deepStrictEqual(h.cached(), h.fresh());
    assert.doesNotMatch(h.fresh().get(uriOf('shop', 'deny'))!, /dns-egress-blocked/);
    coredns.labels = { 'k8s-app': 'kube-dns' };
    await h.apply([{ uri: uriOf('kube-system', 'coredns'), objects: [coredns] }]);
    assert.match(h.fresh().get(uriOf('shop', 'deny'))!, /dns-egress-blocked/);
    const difference = firstDifference(h.cached(), h.fresh());
    assert.ok(difference === undefined, `the cache differs from a recomputation after coredns gained k8s-app=kube-dns: ${difference}`);
  });
});
