// netpol/dns-port-without-udp: a DNS port (53, 5353, or a port named like
// `dns`) with no protocol means TCP only, and the rule has no UDP entry for
// it: lookups, which go over UDP first, are not allowed by this rule.
import type { Finding } from '../findings';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { NetworkPolicyPort, NetworkPolicyRule } from '../model/types';
import { compilePort } from '../policy/engine/compile';
import { contains } from '../policy/engine/portSet';
import type { IndexCheck } from './check';
import { lower } from './policyFacts';
import { policyFixData } from './policyFixData';
import { policiesOfFile } from './selectorScopes';

const CHECK_ID = 'netpol/dns-port-without-udp';
const SEVERITY = 'warning' as const;
const DNS_PORTS = new Set([53, 5353]);

export const dnsPortWithoutUdp: IndexCheck = {
  id: CHECK_ID,
  defaultSeverity: SEVERITY,
  doc:
    'A DNS port (53, 5353, or a name like dns) without a protocol, so TCP only, and no UDP entry for it in the rule. ' +
    'DNS lookups go over UDP first, so this rule does not allow them. ' +
    'Fix: add a UDP entry for the port (keeping TCP, which DNS needs for large answers).',
  run(index: WorkspaceIndex, uri: string): Finding[] {
    const out: Finding[] = [];
    for (const p of policiesOfFile(index, uri)) {
      for (const rule of [...(p.policy.ingress?.items ?? []), ...(p.policy.egress?.items ?? [])]) {
        for (const port of rule.ports?.items ?? []) {
          if (port.protocol || !port.port || port.endPort || !isDnsPort(port.port.value) || hasUdp(rule, port.port.value)) continue;
          const v = port.port.value;
          const what = typeof v === 'number' ? `port ${v}` : `named port ${v}`;
          out.push({
            ruleId: CHECK_ID,
            severity: SEVERITY,
            message:
              `${what} has no protocol, so this ${lower(rule.direction)} rule allows TCP only and DNS lookups (UDP first) are not allowed; ` +
              `add an entry {port: ${v}, protocol: UDP} next to it (keep TCP for large answers)`,
            range: port.port.range,
            data: policyFixData(p, port.path, { kind: 'udpPort', portPath: port.path }),
          });
        }
      }
    }
    return out;
  },
};

function isDnsPort(v: number | string): boolean {
  return typeof v === 'number' ? DNS_PORTS.has(v) : /dns/.test(v);
}

/** The rule has a UDP entry covering that port (the same name, a range around the number, every UDP port; for a name, UDP 53 or 5353 too). */
function hasUdp(rule: NetworkPolicyRule, v: number | string): boolean {
  return (rule.ports?.items ?? []).some((q: NetworkPolicyPort) => {
    const m = compilePort(q);
    if (m.kind === 'invalid' || m.protocol !== 'UDP') return false;
    if (m.kind === 'named') return m.name === v;
    return typeof v === 'number' ? contains(m.ports, 'UDP', v) : [...DNS_PORTS].some((n) => contains(m.ports, 'UDP', n));
  });
}
