import * as assert from 'assert';
import type { PolicyFixData } from '../../../server/src/core/checks/policyFixData';
import { at, brief, policyText, runRule } from './lintHelpers';

const DNS = 'netpol/dns-port-without-udp';

function egress(ports: string): string {
  return policyText(`  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - ports:\n${ports}`);
}

describe('netpol/dns-port-without-udp', () => {
  it('warns on port 53 without protocol, at the port value, with the fix data', () => {
    const text = egress(`    - port: 53\n`);
    const fs = runRule(DNS, text);
    assert.deepStrictEqual(brief(fs), [
      ['warning', 'port 53 has no protocol, so this egress rule allows TCP only and DNS lookups (UDP first) are not allowed; add an entry {port: 53, protocol: UDP} next to it (keep TCP for large answers)'],
    ]);
    assert.deepStrictEqual(fs[0].range, at(text, '53'));
    assert.deepStrictEqual((fs[0].data as PolicyFixData).fix, { kind: 'udpPort', portPath: 'spec.egress[0].ports[0]' });
  });

  it('warns on 5353 and on named ports like dns, in ingress rules too', () => {
    assert.strictEqual(runRule(DNS, egress(`    - port: 5353\n`)).length, 1);
    assert.match(runRule(DNS, egress(`    - port: dns-tcp\n`))[0].message, /^named port dns-tcp has no protocol/);
    const ingress = policyText(`  podSelector: {}\n  ingress:\n  - ports:\n    - port: 53\n`);
    assert.match(runRule(DNS, ingress)[0].message, /this ingress rule/);
  });

  it('stays silent with a UDP entry for the port (same port, a range, all UDP ports), explicit protocols, other ports', () => {
    for (const ports of [
      `    - port: 53\n    - port: 53\n      protocol: UDP\n`,
      `    - {port: 53, protocol: UDP}\n    - port: 53\n`,
      `    - port: 53\n    - {port: 1, endPort: 100, protocol: UDP}\n`,
      `    - port: 53\n    - protocol: UDP\n`,
      `    - port: dns\n    - {port: 53, protocol: UDP}\n`,
      `    - port: dns\n    - {port: dns, protocol: UDP}\n`,
      `    - {port: 53, protocol: TCP}\n`,
      `    - {port: 53, protocol: UDP}\n`,
      `    - port: 80\n`,
      `    - {port: 50, endPort: 60}\n`,
    ]) {
      assert.deepStrictEqual(runRule(DNS, egress(ports)), [], ports);
    }
  });

  it('does not count a UDP entry of another rule', () => {
    const text = policyText(`  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - ports: [{port: 53}]\n  - ports: [{port: 53, protocol: UDP}]\n`);
    assert.strictEqual(runRule(DNS, text).length, 1);
  });
});
