// Rules with thousands of ports must not cost thousands squared: the lints
// that compare ports build each rule's coverage once (portCoverage.ts).
import * as assert from 'assert';
import type { Finding } from '../../../server/src/core/findings';
import { runIndexChecks } from '../../../server/src/core/checks';
import { indexOf } from '../index/fixtures';
import { policyText, POLICY, WORKSPACE } from './lintHelpers';

/** The findings of one rule and the time the checks took (parsing and indexing left out). */
function timed(text: string, ruleId: string): { findings: Finding[]; ms: number } {
  const index = indexOf({ ...WORKSPACE, [POLICY]: text });
  const t = Date.now();
  const findings = runIndexChecks(index, POLICY).filter((f) => f.ruleId === ruleId);
  return { findings, ms: Date.now() - t };
}

function twoRules(ports: (i: number, rule: number) => string, n: number): string {
  const rules = [0, 1].map((r) => `  - ports:\n${Array.from({ length: n }, (_, i) => `    - ${ports(i, r)}\n`).join('')}`).join('');
  return policyText(`  podSelector: {}\n  ingress:\n${rules}`);
}

describe('lint rules on rules with thousands of ports', function () {
  this.timeout(60000);

  it('dns-port-without-udp: 10,000 DNS ports without protocol in two rules', () => {
    const { findings, ms } = timed(twoRules(() => 'port: 53', 5000), 'netpol/dns-port-without-udp');
    assert.strictEqual(findings.length, 10000);
    assert.ok(ms < 3000, `${ms} ms`);
  });

  it('redundant-rule: two rules of 900 distinct ports each, the second inside the first', () => {
    const text = twoRules((i, r) => `port: ${r === 0 ? 1 + i * 2 : 1 + ((i * 2) % 1000)}`, 900);
    const { findings, ms } = timed(text, 'netpol/redundant-rule');
    assert.ok(ms < 3000, `${ms} ms`);
    assert.strictEqual(findings.length, 1);
  });
});
