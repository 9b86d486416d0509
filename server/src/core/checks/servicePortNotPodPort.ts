// netpol/service-port-not-pod-port: a numeric rule port that is the `port`
// of a Service in front of the destination pods, while the Service sends it
// to another targetPort and the pods do not listen on it. Policies are
// enforced on the pod's port, after the Service's DNAT (calico #8049), so
// the rule does not admit the Service's traffic. Services are found through
// the index's table of Service ports per namespace (only the entries that
// may send the port elsewhere, servicePortSuspects.ts), pods through the
// Service's selector. Silent when the rule lists the targetPort as well
// (AWS VPC CNI users list both).
import { finding, Finding } from '../findings';
import type { IndexedPolicy, IndexedService, IndexedWorkload } from '../index/types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { NetworkPolicyPort, NetworkPolicyRule, ServicePort } from '../model/types';
import { compilePort } from '../policy/engine/compile';
import { contains, Protocol } from '../policy/engine/portSet';
import { byWorkloadOrder } from '../policy/resolve';
import type { IndexCheck } from './check';
import { describeWorkloads, isDestination, RuleDestinations, rulePortsOfFile } from './ruleDestinations';
import { suspectServicePorts } from './servicePortSuspects';

export const SERVICE_PORT_RULE = 'netpol/service-port-not-pod-port';
const NAMED = 3;

/** What the quick fix needs: which port of which policy, and what to write instead. */
export interface ServicePortFindingData {
  policy: { uri: string; name: string; namespace: string };
  /** API path of the rule's port entry, e.g. `spec.ingress[0].ports[1]`. */
  portPath: string;
  from: number;
  /** The Service's targetPort: a number or a container port name. */
  to: number | string;
  service: { namespace: string; name: string };
}

export const servicePortNotPodPort: IndexCheck = {
  id: SERVICE_PORT_RULE,
  defaultSeverity: 'warning',
  doc: "A rule port that is a Service's port, not its pods' (the Service's targetPort differs): policies match the pod's port after DNAT, so the rule does not admit the Service's traffic.",
  run(index, uri) {
    const out: Finding[] = [];
    for (const { policy, rule, port, matcher, destinations } of rulePortsOfFile(index, uri)) {
      if (matcher.kind !== 'numeric' || typeof port.port?.value !== 'number' || port.endPort) continue;
      // No Service anywhere has the port (the DNS rule's 53, most often): nothing to resolve.
      if (index.namespacesWithServicePort(port.port.value).size === 0) continue;
      const dest = destinations();
      if (dest.scopes.length === 0) continue;
      const f = judge(index, policy, rule, port, port.port.value, matcher.protocol, dest);
      if (f) out.push(f);
    }
    return out;
  },
};

function judge(index: WorkspaceIndex, policy: IndexedPolicy, rule: NetworkPolicyRule, port: NetworkPolicyPort, n: number, protocol: Protocol, dest: RuleDestinations): Finding | undefined {
  for (const ns of namespacesToAsk(index, n, dest)) {
    // Only the entries that may send N elsewhere (most send it to a pod port N): that table is made once, not per rule port.
    for (const { svc, sp, pods: first } of suspectServicePorts(index, ns, n, protocol)) {
      const pods = first.filter((w) => isDestination(dest, w));
      if (pods.length === 0) continue;
      // A pod that listens on N itself: the rule means that pod.
      if (pods.some((w) => w.workload.ports.some((p) => p.containerPort === n && p.protocol === protocol))) continue;
      const targets = targetNumbers(sp, pods, protocol);
      if (targets.has(n) || listsTarget(rule, sp, targets, protocol)) continue;
      return report(policy, port, n, svc, sp, pods.sort(byWorkloadOrder), targets);
    }
  }
  return undefined;
}

/** The namespaces of the scopes that have a Service with the port, in name order; walked from the scopes' side (a rule names a few, the port may be in every namespace). */
function namespacesToAsk(index: WorkspaceIndex, n: number, dest: RuleDestinations): string[] {
  const withPort = index.namespacesWithServicePort(n);
  const out = new Set<string>();
  for (const s of dest.scopes) for (const ns of s.namespaces) if (withPort.has(ns)) out.add(ns);
  return [...out].sort();
}

/** The pod ports the targetPort stands for: the number, or what the name resolves to on each pod. */
function targetNumbers(sp: ServicePort, pods: IndexedWorkload[], protocol: string): Set<number> {
  const t = sp.targetPort.value;
  if (typeof t === 'number') return new Set([t]);
  const out = new Set<number>();
  for (const w of pods) for (const p of w.workload.ports) if (p.name === t && p.protocol === protocol) out.add(p.containerPort);
  return out;
}

/** The same rule lists the targetPort too (by number, or the same name). */
function listsTarget(rule: NetworkPolicyRule, sp: ServicePort, targets: Set<number>, protocol: Protocol): boolean {
  for (const other of rule.ports?.items ?? []) {
    const m = compilePort(other);
    if (m.kind === 'named' && m.protocol === protocol && m.name === sp.targetPort.value) return true;
    if (m.kind === 'numeric' && [...targets].some((t) => contains(m.ports, protocol, t))) return true;
  }
  return false;
}

function report(policy: IndexedPolicy, port: NetworkPolicyPort, n: number, svc: IndexedService, sp: ServicePort, pods: IndexedWorkload[], targets: Set<number>): Finding {
  const t = sp.targetPort.value;
  const resolved = typeof t === 'string' && targets.size > 0 ? ` (${[...targets].sort((a, b) => a - b).join(', ')})` : '';
  const target = typeof t === 'number' ? `targetPort ${t}` : `targetPort "${t}"${resolved}`;
  const who = describeWorkloads(pods.slice(0, NAMED), pods.length > NAMED);
  const message = `port ${n} is the port of Service ${svc.namespace}/${svc.name}, not of its pods: the Service sends it to ${target} of ${who}, and policies match the pod's port after that translation (DNAT), so this rule does not allow the Service's traffic. Use port ${t} (the targetPort).`;
  const data: ServicePortFindingData = { policy: { uri: policy.uri, name: policy.name, namespace: policy.namespace }, portPath: port.path, from: n, to: t, service: { namespace: svc.namespace, name: svc.name } };
  const f = finding(SERVICE_PORT_RULE, 'warning', message, port.port!.range, data);
  f.related = [{ uri: svc.uri, range: sp.targetPort.range, message: `Service ${svc.name} sends port ${n} to ${target}` }];
  return f;
}

export function isServicePortFindingData(d: unknown): d is ServicePortFindingData {
  const x = d as ServicePortFindingData | undefined;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof x.policy === 'object' &&
    x.policy !== null &&
    typeof x.policy.uri === 'string' &&
    typeof x.portPath === 'string' &&
    typeof x.from === 'number' &&
    (typeof x.to === 'number' || typeof x.to === 'string')
  );
}


