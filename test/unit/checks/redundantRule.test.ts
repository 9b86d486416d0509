import * as assert from 'assert';
import { at, brief, policyText, runRule } from './lintHelpers';

const REDUNDANT = 'netpol/redundant-rule';

describe('netpol/redundant-rule', () => {
  function ingress(rules: string): string {
    return policyText(`  podSelector: {matchLabels: {app: db}}\n  ingress:\n${rules}`);
  }

  it('reports the later of two identical rules, on its first line, pointing at the other', () => {
    const text = ingress(`  - from: [{podSelector: {matchLabels: {app: api}}}]\n  - from: [{podSelector: {matchLabels: {app: api}}}]\n`);
    const fs = runRule(REDUNDANT, text);
    assert.deepStrictEqual(brief(fs), [
      ['information', 'this ingress rule (spec.ingress[1]) is redundant: spec.ingress[0] of policy p already allows all its peers on all its ports; delete it, or change it if it was meant to allow something else'],
    ]);
    const second = text.lastIndexOf('from:');
    assert.deepStrictEqual(fs[0].range, { start: second, end: text.indexOf('\n', second) });
    assert.strictEqual(fs[0].related?.[0].message, 'spec.ingress[0] covers it');
  });

  it('proves containment: narrower selectors, ports in a range, a CIDR inside another, a rule without ports or peers', () => {
    for (const rules of [
      `  - from: [{podSelector: {matchLabels: {app: api, tier: back}}}]\n  - from: [{podSelector: {matchLabels: {app: api}}}]\n`,
      `  - from: [{podSelector: {matchLabels: {app: api}}}]\n    ports: [{port: 80}]\n  - from: [{podSelector: {matchLabels: {app: api}}}]\n    ports: [{port: 1, endPort: 1000, protocol: TCP}]\n`,
      `  - from: [{ipBlock: {cidr: 10.1.0.0/16}}]\n  - from: [{ipBlock: {cidr: 10.0.0.0/8}}]\n`,
      `  - from: [{podSelector: {matchLabels: {app: api}}}]\n    ports: [{port: 80}]\n  - ports: [{port: 80}]\n`,
      `  - from: [{namespaceSelector: {matchLabels: {team: shop}}, podSelector: {matchLabels: {app: api}}}]\n  - from: [{namespaceSelector: {}}]\n`,
      `  - from: [{podSelector: {matchLabels: {app: api}}}]\n  - from: [{namespaceSelector: {}}]\n`,
      `  - from: [{podSelector: {matchExpressions: [{key: app, operator: In, values: [api]}]}}]\n  - from: [{podSelector: {matchExpressions: [{key: app, operator: In, values: [api, web]}]}}]\n`,
    ]) {
      const fs = runRule(REDUNDANT, ingress(rules));
      assert.strictEqual(fs.length, 1, rules);
      assert.match(fs[0].message, /^this ingress rule \(spec\.ingress\[0\]\) is redundant/, rules);
    }
  });

  it('reports each rule another one covers', () => {
    const text = ingress(`  - from: [{ipBlock: {cidr: 10.1.0.0/16}}]\n  - ports: [{port: 80}, {port: 81}]\n    from: [{ipBlock: {cidr: 10.1.0.0/16}}]\n  - from: [{ipBlock: {cidr: 10.0.0.0/8}}]\n`);
    assert.deepStrictEqual(
      runRule(REDUNDANT, text).map((f) => f.message.slice(0, 40)),
      ['this ingress rule (spec.ingress[0]) is r', 'this ingress rule (spec.ingress[1]) is r'],
    );
  });

  it('stays silent when containment is not proved or not true', () => {
    for (const rules of [
      `  - from: [{podSelector: {matchLabels: {app: api}}}]\n  - from: [{podSelector: {matchLabels: {app: web}}}]\n`,
      `  - from: [{podSelector: {matchLabels: {app: api}}}]\n    ports: [{port: 80}]\n  - from: [{podSelector: {matchLabels: {app: api}}}]\n    ports: [{port: 80, protocol: UDP}]\n`,
      `  - from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]\n  - from: [{ipBlock: {cidr: 10.1.0.0/16}}]\n`,
      `  - from: [{podSelector: {matchLabels: {app: api}}}]\n  - from: [{namespaceSelector: {matchLabels: {team: shop}}}]\n`,
      `  - from: [{namespaceSelector: {matchLabels: {team: shop}}}]\n  - from: [{podSelector: {}}]\n`,
      `  - from: [{ipBlock: {cidr: 10.0.0.1/32}}]\n  - from: [{podSelector: {}}]\n`,
      `  - ports: [{port: http}]\n  - ports: [{port: 80}]\n`,
      `  - {}\n  - from: [{podSelector: {matchLabels: {app: api}}}]\n`,
      `  - from: [{podSelector: {matchLabels: {app: api}}}]\n`,
    ]) {
      assert.deepStrictEqual(runRule(REDUNDANT, ingress(rules)), [], rules);
    }
  });

  it('ignores rules of a direction policyTypes leaves out', () => {
    const text = policyText(`  podSelector: {}\n  policyTypes: [Ingress]\n  egress:\n  - to: [{podSelector: {}}]\n  - to: [{podSelector: {}}]\n`);
    assert.deepStrictEqual(runRule(REDUNDANT, text), []);
  });
});
