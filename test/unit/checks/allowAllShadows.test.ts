import * as assert from 'assert';
import { at, brief, policyText, runRule } from './lintHelpers';

const SHADOWS = 'netpol/allow-all-shadows';

describe('netpol/allow-all-shadows', () => {
  const DENY = policyText(`  podSelector: {}\n  policyTypes: [Ingress]\n`, 'default-deny');
  const API_IN = policyText(`  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: web}}}]\n`, 'api-in');

  it('reports the - {} rule naming the other policies that restrict the same pods, with related information', () => {
    const text = policyText(`  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - {}\n`, 'allow-all');
    const fs = runRule(SHADOWS, text, { 'file:///w/deny.yaml': DENY, 'file:///w/api-in.yaml': API_IN });
    assert.deepStrictEqual(brief(fs), [
      [
        'information',
        'this rule allows all ingress to the pods policy allow-all selects (Deployment api), so the ingress restrictions of api-in, default-deny, which select some of them too, are moot for those pods; narrow the rule (add from or ports) if allowing everything was not meant',
      ],
    ]);
    assert.deepStrictEqual(fs[0].range, at(text, '{}', text.indexOf('ingress')));
    assert.deepStrictEqual(fs[0].related?.map((r) => [r.uri, r.range]), [
      ['file:///w/api-in.yaml', at(API_IN, 'api-in')],
      ['file:///w/deny.yaml', at(DENY, 'default-deny')],
    ]);
  });

  it('stays silent alone, for other directions, for policies on other pods, and for other allow-alls', () => {
    const allowAll = policyText(`  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - {}\n`, 'allow-all');
    assert.deepStrictEqual(runRule(SHADOWS, allowAll), []);
    const egressDeny = policyText(`  podSelector: {}\n  policyTypes: [Egress]\n`, 'egress-deny');
    assert.deepStrictEqual(runRule(SHADOWS, allowAll, { 'file:///w/e.yaml': egressDeny }), []);
    const webOnly = policyText(`  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n`, 'web-deny');
    assert.deepStrictEqual(runRule(SHADOWS, allowAll, { 'file:///w/w.yaml': webOnly }), []);
    const otherAllowAll = policyText(`  podSelector: {}\n  ingress: [{}]\n`, 'all-in');
    assert.deepStrictEqual(runRule(SHADOWS, allowAll, { 'file:///w/o.yaml': otherAllowAll }), []);
    const withPorts = policyText(`  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - ports: [{port: 80}]\n`, 'allow-80');
    assert.deepStrictEqual(runRule(SHADOWS, withPorts, { 'file:///w/deny.yaml': DENY }), []);
    const otherNs = policyText(`  podSelector: {}\n  policyTypes: [Ingress]\n`, 'deny', 'payments');
    assert.deepStrictEqual(runRule(SHADOWS, allowAll, { 'file:///w/d.yaml': otherNs }), []);
  });
});
