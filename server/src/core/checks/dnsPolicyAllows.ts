// Per egress policy of a namespace: whether its own egress rules let a pod
// it selects reach the cluster DNS on UDP and on TCP. A pod's egress is the
// union of the egress rules of the policies selecting it, and a port set
// union contains a port when one of its parts does, so a pod may reach the
// DNS when one of its policies says so: these answers per policy decide
// every pod without a connectivity engine over the namespace's workloads.
// The rules are matched against the DNS pods (and the DNS address) by the
// engine itself, compiled over the DNS pods alone.
import type { ClusterDns } from '../cluster/types';
import type { IndexedPolicy, IndexedWorkload } from '../index/types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { engineWorkloadOf } from '../index/engineInput';
import { compileEngine, contains, EMPTY_PORTS, Endpoint, matchingPeer, parseAddress, PortSet, rulePorts, union, workloadEndpoint } from '../policy/engine';

export interface DnsAllows {
  udp: boolean;
  tcp: boolean;
}

/** The DNS ports policies see (after DNAT): UDP and TCP. */
export function dnsPorts(dns: ClusterDns): { udp: number; tcp: number } {
  const of = (protocol: string) => dns.ports.find((p) => (p.protocol ?? 'TCP') === protocol && /dns/.test(p.name ?? 'dns'))?.port ?? dns.ports.find((p) => (p.protocol ?? 'TCP') === protocol)?.port ?? 53;
  return { udp: of('UDP'), tcp: of('TCP') };
}

/**
 * By position in `policies` (egress policies of `namespace`); `undefined`
 * when there is nothing to reach (no DNS pod and no DNS address).
 */
export function dnsAllowsOfPolicies(index: WorkspaceIndex, namespace: string, dns: ClusterDns, dnsWorkloads: readonly IndexedWorkload[], policies: readonly IndexedPolicy[]): DnsAllows[] | undefined {
  const nsInfo = (name: string) => index.namespace(name) ?? { name, labels: new Map([['kubernetes.io/metadata.name', name]]) };
  const dnsEngineWorkloads = dnsWorkloads.map(engineWorkloadOf);
  const engine = compileEngine({
    namespaces: [...new Set([namespace, dns.namespace])].map((n) => ({ name: n, labels: nsInfo(n).labels })),
    workloads: dnsEngineWorkloads,
    policies: policies.map((p) => ({ policy: p.policy, namespace: p.namespace, uri: p.uri })),
  });
  const destinations: Endpoint[] = dnsEngineWorkloads.map((w) => workloadEndpoint(engine, w));
  const ip = dns.ip && parseAddress(dns.ip);
  if (ip) destinations.push({ kind: 'ip', address: ip, label: dns.ip! });
  if (destinations.length === 0) return undefined;
  const ports = dnsPorts(dns);
  return engine.policies.map((p) => {
    // What directionPorts adds up for a pod this policy selects, restricted to this policy's rules.
    let allowed: PortSet = EMPTY_PORTS;
    for (const d of destinations) for (const rule of p.rules.Egress) if (matchingPeer(rule, d) !== undefined) allowed = union(allowed, rulePorts(rule, d));
    return { udp: contains(allowed, 'UDP', ports.udp), tcp: contains(allowed, 'TCP', ports.tcp) };
  });
}
