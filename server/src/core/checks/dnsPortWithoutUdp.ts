// netpol/dns-port-without-udp: a DNS port (53, 5353, or a port named like
// `dns`) with no protocol means TCP only, and the rule has no UDP entry for
// it: lookups, which go over UDP first, are not allowed by this rule.
import type { Finding } from '../findings';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { compilePort } from '../policy/engine/compile';
import type { IndexCheck } from './check';
import { lower } from './policyFacts';
import { coverageOf, coversName, coversRange, PortCoverage } from './portCoverage';
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
        let udp: PortCoverage | undefined;
        for (const port of rule.ports?.items ?? []) {
          if (port.protocol || !port.port || port.endPort || !isDnsPort(port.port.value)) continue;
          udp ??= coverageOf((rule.ports?.items ?? []).map(compilePort));
          if (hasUdp(udp, port.port.value)) continue;
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
function hasUdp(udp: PortCoverage, v: number | string): boolean {
  if (typeof v === 'number') return coversRange(udp, 'UDP', v, v);
  return coversName(udp, 'UDP', v) || [...DNS_PORTS].some((n) => coversRange(udp, 'UDP', n, n));
}
