// The built-in parts of the cluster model: the namespaces every cluster has
// and the cluster DNS presets. Values are what the upstream manifests set
// (CoreDNS keeps the `k8s-app: kube-dns` label of the old kube-dns; the
// OpenShift DNS operator's `dns-default` DaemonSet serves 5353 behind the
// service's DNAT; NodeLocal DNSCache listens on a link-local node address).
import type { ClusterDns, ClusterNamespace, DnsPreset } from './types';

/** Namespaces the API server creates in every cluster. */
export const DEFAULT_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export const DEFAULT_DNS_PRESET = 'coredns' satisfies DnsPreset;

/** The address NodeLocal DNSCache binds on every node. */
export const NODELOCAL_DNS_IP = '169.254.20.10';

const COREDNS: ClusterDns = {
  namespace: 'kube-system',
  labels: { 'k8s-app': 'kube-dns' },
  ports: [
    { name: 'dns', port: 53, protocol: 'UDP' },
    { name: 'dns-tcp', port: 53, protocol: 'TCP' },
    { name: 'metrics', port: 9153, protocol: 'TCP' },
  ],
  workloadName: 'coredns',
  workloadKind: 'Deployment',
};

const OPENSHIFT: ClusterDns = {
  namespace: 'openshift-dns',
  labels: { 'dns.operator.openshift.io/daemonset-dns': 'default' },
  ports: [
    { name: 'dns', port: 5353, protocol: 'UDP' },
    { name: 'dns-tcp', port: 5353, protocol: 'TCP' },
    { name: 'metrics', port: 9154, protocol: 'TCP' },
  ],
  workloadName: 'dns-default',
  workloadKind: 'DaemonSet',
};

export const DNS_PRESETS: Readonly<Record<Exclude<DnsPreset, 'none'>, ClusterDns>> = {
  coredns: COREDNS,
  openshift: OPENSHIFT,
  // The cache forwards to the CoreDNS pods, which pods may also reach directly.
  nodelocal: { ...COREDNS, ip: NODELOCAL_DNS_IP },
};

/** Every name `.netpol.yaml` may give as `cluster.dns`, in the order messages list them. */
export const DNS_PRESET_NAMES: readonly DnsPreset[] = [...(Object.keys(DNS_PRESETS) as Exclude<DnsPreset, 'none'>[]), 'none'];

/** A name `.netpol.yaml` may give as `cluster.dns`. */
export function isDnsPreset(value: unknown): value is DnsPreset {
  return value === 'none' || isDnsPresetWithPods(value);
}

export function isDnsPresetWithPods(value: unknown): value is Exclude<DnsPreset, 'none'> {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(DNS_PRESETS, value);
}

/** A fresh copy, so that callers may change what they get. */
export function dnsPreset(name: Exclude<DnsPreset, 'none'>): ClusterDns {
  const p = DNS_PRESETS[name];
  return { ...p, labels: { ...p.labels }, ports: p.ports.map((x) => ({ ...x })) };
}

export function defaultNamespaces(): ClusterNamespace[] {
  return DEFAULT_NAMESPACES.map((name) => ({ name }));
}
