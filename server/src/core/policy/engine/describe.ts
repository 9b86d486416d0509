// Plain words for policies: what a policy does per direction (hover over a
// policy), and what a workload may do in the end (hover over a workload).
import type { Direction } from '../../model/types';
import { CompiledSelector, describeSelector } from '../labelSelector';
import { CompiledPeer, CompiledPolicy, CompiledPort, CompiledRule, compilePolicy } from './compile';
import type { Engine } from './engine';
import type { EnginePolicy } from './input';
import { METADATA_NAME_LABEL } from './input';
import { formatRange, toRanges } from './portSet';

export function podsPhrase(selector: CompiledSelector, namespace: string): string {
  if (selector === null) return `No pods (invalid selector) in ${namespace}`;
  return selector.length === 0 ? `All pods in ${namespace}` : `Pods ${describeSelector(selector)} in ${namespace}`;
}

function namespacesPhrase(selector: CompiledSelector): string {
  if (selector === null) return 'no namespace (invalid selector)';
  if (selector.length === 0) return 'all namespaces';
  const only = selector[0];
  if (selector.length === 1 && only.key === METADATA_NAME_LABEL && only.op === 'In' && only.values.size === 1) return `namespace ${[...only.values][0]}`;
  return `namespaces ${describeSelector(selector)}`;
}

export function peerPhrase(peer: CompiledPeer, policyNamespace: string): string {
  const m = peer.matcher;
  switch (m.kind) {
    case 'invalid':
      return `nothing (invalid peer: ${m.why})`;
    case 'ipBlock':
      return m.except.length === 0 ? m.cidr : `${m.cidr} except ${m.except.join(', ')}`;
    case 'pods': {
      const where = m.namespaceSelector === undefined ? policyNamespace : namespacesPhrase(m.namespaceSelector);
      if (m.podSelector === null) return `no pods (invalid selector) in ${where}`;
      return m.podSelector.length === 0 ? `all pods in ${where}` : `${describeSelector(m.podSelector)} in ${where}`;
    }
  }
}

export function portPhrase(port: CompiledPort): string {
  const m = port.matcher;
  switch (m.kind) {
    case 'invalid':
      return `no port (invalid: ${m.why})`;
    case 'named':
      return `${m.protocol} port named ${m.name}`;
    case 'numeric': {
      const r = toRanges(m.ports)[0];
      return r.from === 1 && r.to === 65535 ? `all ${r.protocol} ports` : formatRange(r);
    }
  }
}

/** `from app=backend in shop on TCP 3306`; `from anywhere`, `on any port` for the empty lists. */
export function rulePhrase(rule: CompiledRule): string {
  const fromTo = rule.direction === 'Ingress' ? 'from' : 'to';
  const peers = rule.peers === null ? 'anywhere' : rule.peers.map((p) => peerPhrase(p, rule.policy.namespace)).join(' or ');
  const ports = rule.ports === null ? '' : ` on ${rule.ports.map(portPhrase).join(', ')}`;
  return `${fromTo} ${peers}${ports}`;
}

function allowsEverything(rule: CompiledRule): boolean {
  return rule.peers === null && rule.ports === null;
}

export interface PolicySummary {
  /** Undefined when the policy does not govern the direction. */
  ingress?: string;
  egress?: string;
  /** e.g. "its egress rules are ignored: policyTypes does not include Egress". */
  notes: string[];
}

/** What one policy does, per direction, in plain words. */
export function describePolicy(policy: EnginePolicy | CompiledPolicy): PolicySummary {
  const p = 'rules' in policy ? policy : compilePolicy(policy);
  const pods = podsPhrase(p.podSelector, p.namespace);
  const out: PolicySummary = { notes: [] };
  // Absent or null: `{}`, which the hover should not leave implicit.
  if (p.source.policy.podSelector?.omitted) out.notes.push(`its podSelector is ${p.source.policy.podSelector.omitted === 'null' ? 'null' : 'omitted'}: it selects every pod in ${p.namespace}`);
  for (const d of ['Ingress', 'Egress'] as const) {
    const word = d.toLowerCase();
    if (p.ignoredRules[d] > 0) out.notes.push(`its ${word} rules are ignored: policyTypes does not include ${d}`);
    if (!p.affects[d]) continue;
    const text = directionSentence(pods, d, p.rules[d]);
    if (d === 'Ingress') out.ingress = text;
    else out.egress = text;
  }
  return out;
}

function directionSentence(subject: string, d: Direction, rules: CompiledRule[]): string {
  const word = d.toLowerCase();
  const verb = d === 'Ingress' ? 'accept' : 'may send';
  const tail = d === 'Ingress' ? `all other ingress to them is denied` : `all other egress from them is denied`;
  if (rules.length === 0) return `${subject} ${verb} no ${word}: all ${word} ${d === 'Ingress' ? 'to' : 'from'} them is denied`;
  if (rules.some(allowsEverything)) return `${subject} ${verb} all ${word}`;
  return `${subject} ${verb} ${word} only ${rules.map(rulePhrase).join(', or ')}; ${tail}`;
}

export interface WorkloadDirectionSummary {
  isolated: boolean;
  policies: { name: string; namespace: string; uri?: string }[];
  text: string;
}

/** The effective ingress and egress of one workload: the union of every policy selecting it. */
export function describeWorkload(engine: Engine, workloadKey: string): { ingress: WorkloadDirectionSummary; egress: WorkloadDirectionSummary } {
  const w = engine.byKey.get(workloadKey);
  if (!w) throw new Error(`unknown workload "${workloadKey}"`);
  const cls = engine.classOf.get(w.id)!;
  const label = engine.labels.get(w.id)!;
  const one = (d: Direction): WorkloadDirectionSummary => {
    const word = d.toLowerCase();
    const sel = cls.selection[d];
    const policies = sel.policies.map((p) => ({ name: p.name, namespace: p.namespace, uri: p.uri }));
    if (policies.length === 0) return { isolated: false, policies, text: `${label} is not isolated for ${word} (no policy selects it): all ${word} is allowed` };
    const by = `isolated for ${word} by ${sel.policies.map((p) => p.name).join(', ')}`;
    const verb = d === 'Ingress' ? 'accepts' : 'may send';
    if (sel.rules.length === 0) return { isolated: true, policies, text: `${label} is ${by}; it ${verb} no ${word}` };
    if (sel.rules.some(allowsEverything)) return { isolated: true, policies, text: `${label} is ${by}; it ${verb} all ${word}` };
    const parts = sel.rules.map((r) => `${rulePhrase(r)} (${r.policy.name})`);
    return { isolated: true, policies, text: `${label} is ${by}; it ${verb} ${word} only ${parts.join(', or ')}; all other ${word} is denied` };
  };
  return { ingress: one('Ingress'), egress: one('Egress') };
}
