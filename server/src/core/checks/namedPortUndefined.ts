// netpol/named-port-undefined: a rule's named port that no container of the
// destination pods defines (with the rule's protocol, TCP when omitted)
// matches nothing, so the rule allows nothing on it (semantics 3.9). Looked
// up through the index's port-name table: the workloads that define the
// name, never every destination pod. Destinations we cannot see (open
// scopes) make it information; an egress rule with only ipBlock peers can
// never match a named port.
import { finding, Finding, Severity } from '../findings';
import type { IndexedWorkload } from '../index/types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { NetworkPolicyPort } from '../model/types';
import type { IndexCheck } from './check';
import { describeWorkloads, destinations, RuleDestinations, rulePortsOfFile, someDestinations } from './ruleDestinations';

const ID = 'netpol/named-port-undefined';
const NAMED = 3;

export const namedPortUndefined: IndexCheck = {
  id: ID,
  defaultSeverity: 'warning',
  doc: 'A named port in a rule that no container (nor sidecar) of the destination pods defines with that protocol: the rule allows nothing on it.',
  run(index, uri) {
    const out: Finding[] = [];
    for (const { port, matcher, destinations } of rulePortsOfFile(index, uri)) {
      if (matcher.kind !== 'named') continue;
      const f = judge(index, port, matcher.name, matcher.protocol, destinations());
      if (f) out.push(f);
    }
    return out;
  },
};

function judge(index: WorkspaceIndex, port: NetworkPolicyPort, name: string, protocol: string, dest: RuleDestinations): Finding | undefined {
  const at = port.port!.range;
  if (dest.onlyIpBlocks) {
    return finding(ID, 'warning', `named port "${name}" can never match here: this egress rule's destinations are only ipBlocks, and a named port is looked up in the destination pod's containers, never for an address. Use the port number.`, at);
  }
  const others = new Set<string>();
  const definers: IndexedWorkload[] = [];
  for (const w of definersOf(index, dest, name)) {
    const protocols = w.workload.ports.filter((p) => p.name === name).map((p) => p.protocol);
    if (protocols.includes(protocol)) return undefined;
    for (const p of protocols) others.add(p);
    if (definers.length < NAMED) definers.push(w);
  }
  const severity: Severity = dest.open ? 'information' : 'warning';
  const unseen = dest.open ? ' (pods outside the workspace may define it)' : '';
  const protocolText = port.protocol ? protocol : `${protocol} (no protocol given)`;
  if (others.size > 0) {
    const list = [...others].sort();
    return finding(ID, severity, `named port "${name}" is ${protocolText} here, but ${describeWorkloads(definers)} define${definers.length === 1 ? 's' : ''} it only for ${list.join(' and ')}${unseen}: the rule allows nothing on it. Add protocol: ${list[0]} to this port.`, at);
  }
  if (dest.everything) {
    return finding(ID, 'information', `named port "${name}" (${protocol}) is defined by no container of any workload in the workspace${unseen}: this egress rule allows nothing on it unless some pod names a container port "${name}".`, at);
  }
  const pods = someDestinations(index, dest, NAMED + 1);
  // No destination pod at all: the selector's own finding says so.
  if (pods.length === 0 && !dest.open) return undefined;
  const whose = dest.direction === 'Ingress' ? 'the pods this policy selects' : 'the pods this rule allows traffic to';
  const named = pods.length > 0 ? ` (${describeWorkloads(pods.slice(0, NAMED), pods.length > NAMED)})` : '';
  return finding(ID, severity, `named port "${name}" (${protocol}) is defined by no container of ${whose}${named}${unseen}: the rule allows nothing on it. Name a container port "${name}" in those pods, or use the port number.`, at);
}

/**
 * Workloads among the destinations that name a container port `name` (any
 * protocol): the smaller of the port-name table's set and the selectors'
 * label candidates is walked, so a common name costs no more than the
 * destinations and a rare one no more than its definers.
 */
function* definersOf(index: WorkspaceIndex, dest: RuleDestinations, name: string): Iterable<IndexedWorkload> {
  if (dest.everything) {
    for (const ns of index.namespacesWithPortName(name)) yield* index.workloadsWithPortName(ns, name);
    return;
  }
  yield* destinations(index, dest, (ns) => index.workloadsWithPortName(ns, name));
}
