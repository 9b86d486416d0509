// Resolves the cluster model from the config: the built-in namespaces (or the
// config's list), the DNS preset (or a full description), and the workloads
// the user declares. Every namespace a workload or the DNS lives in exists.
// Input comes from a user's file: entries of the wrong shape are left out,
// never thrown on.
import { METADATA_NAME_LABEL } from '../index/types';
import { DEFAULT_DNS_PRESET, defaultNamespaces, dnsPreset, isDnsPresetWithPods } from './presets';
import type { ClusterConfig, ClusterDns, ClusterModel, ClusterNamespace, ClusterPort, ClusterWorkload, LabelMap } from './types';

export const DNS_DESCRIPTION = 'cluster DNS';
export const DECLARED_DESCRIPTION = 'declared in .netpol.yaml';

export function buildClusterModel(config?: ClusterConfig): ClusterModel {
  const c: Partial<ClusterConfig> = isObject(config) ? config : {};
  const namespaces = new NamespaceList();
  for (const n of Array.isArray(c.namespaces) ? c.namespaces : defaultNamespaces()) namespaces.add(n);
  for (const n of Array.isArray(c.extraNamespaces) ? c.extraNamespaces : []) namespaces.add(n);

  const dns = resolveDns(c.dns);
  const workloads: ClusterWorkload[] = [];
  if (dns) {
    namespaces.add({ name: dns.namespace });
    const w: ClusterWorkload = { name: dns.workloadName, namespace: dns.namespace, kind: dns.workloadKind ?? 'Deployment', labels: { ...dns.labels }, ports: dns.ports.map((p) => ({ ...p })), description: DNS_DESCRIPTION };
    if (isObject(c.dns)) w.configPath = ['cluster', 'dns'];
    workloads.push(w);
  }
  (Array.isArray(c.workloads) ? c.workloads : []).forEach((w, i) => {
    const workload = normaliseWorkload(w);
    if (!workload) return;
    workload.configPath = ['cluster', 'workloads', i];
    namespaces.add({ name: workload.namespace });
    workloads.push(workload);
  });
  const model: ClusterModel = { namespaces: namespaces.list(), workloads };
  if (dns) model.dns = dns;
  return model;
}

function resolveDns(dns: unknown): ClusterDns | undefined {
  if (dns === undefined || dns === null) return dnsPreset(DEFAULT_DNS_PRESET);
  if (dns === 'none') return undefined;
  if (isDnsPresetWithPods(dns)) return dnsPreset(dns);
  if (!isObject(dns)) return dnsPreset(DEFAULT_DNS_PRESET);
  const d = dns as Partial<ClusterDns>;
  const namespace = nonEmptyString(d.namespace) ?? 'kube-system';
  const out: ClusterDns = {
    namespace,
    labels: labelMap(d.labels),
    ports: portList(d.ports) ?? dnsPreset('coredns').ports,
    workloadName: nonEmptyString(d.workloadName) ?? 'cluster-dns',
    workloadKind: nonEmptyString(d.workloadKind) ?? 'Deployment',
  };
  const ip = nonEmptyString(d.ip);
  if (ip) out.ip = ip;
  return out;
}

function normaliseWorkload(w: unknown): ClusterWorkload | undefined {
  if (!isObject(w)) return undefined;
  const x = w as Partial<ClusterWorkload>;
  const name = nonEmptyString(x.name);
  const namespace = nonEmptyString(x.namespace);
  if (!name || !namespace) return undefined;
  const out: ClusterWorkload = { name, namespace, kind: nonEmptyString(x.kind) ?? 'Deployment', labels: labelMap(x.labels), description: nonEmptyString(x.description) ?? DECLARED_DESCRIPTION };
  const ports = portList(x.ports);
  if (ports) out.ports = ports;
  return out;
}

/** Namespaces by name, in first-seen order; a later entry adds (and overrides) labels. */
class NamespaceList {
  private readonly byName = new Map<string, LabelMap>();

  add(n: unknown): void {
    if (!isObject(n)) return;
    const name = nonEmptyString((n as Partial<ClusterNamespace>).name);
    if (!name) return;
    const labels = { ...this.byName.get(name), ...labelMap((n as Partial<ClusterNamespace>).labels) };
    // The API server sets this label on every namespace, overriding any value written.
    labels[METADATA_NAME_LABEL] = name;
    this.byName.set(name, labels);
  }

  list(): ClusterNamespace[] {
    return [...this.byName].map(([name, labels]) => ({ name, labels }));
  }
}

/** String values kept; numbers and booleans as YAML would print them; anything else left out. */
function labelMap(value: unknown): LabelMap {
  const out: LabelMap = {};
  if (!isObject(value)) return out;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  }
  return out;
}

function portList(value: unknown): ClusterPort[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: ClusterPort[] = [];
  for (const p of value) {
    if (!isObject(p)) continue;
    const x = p as Partial<ClusterPort>;
    if (typeof x.port !== 'number' || !Number.isInteger(x.port) || x.port < 1 || x.port > 65535) continue;
    const port: ClusterPort = { port: x.port, protocol: typeof x.protocol === 'string' && x.protocol ? x.protocol.toUpperCase() : 'TCP' };
    const name = nonEmptyString(x.name);
    if (name) port.name = name;
    out.push(port);
  }
  return out;
}

function isObject(v: unknown): v is object {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonEmptyString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
