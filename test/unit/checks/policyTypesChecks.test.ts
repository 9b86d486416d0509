import * as assert from 'assert';
import type { PolicyFixData } from '../../../server/src/core/checks/policyFixData';
import { at, brief, policyText, POLICY, runRule } from './lintHelpers';

const IGNORED = 'netpol/ignored-rules';
const EGRESS_ONLY = 'netpol/egress-only-denies-ingress';
const EMPTY_EGRESS = 'netpol/empty-egress-ignored';

describe('netpol/ignored-rules', () => {
  it('reports egress rules of a policy whose policyTypes lacks Egress, at the egress key, with the fix data', () => {
    const text = policyText(`  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress]
  ingress:
  - {}
  egress:
  - to:
    - podSelector: {matchLabels: {app: db}}
`);
    const fs = runRule(IGNORED, text);
    assert.deepStrictEqual(brief(fs), [
      ['warning', 'the egress rule is ignored: policyTypes [Ingress] lacks Egress, so policy p does not govern egress of the pods it selects (Deployment api); add Egress to policyTypes, or delete the egress rules'],
    ]);
    assert.deepStrictEqual(fs[0].range, at(text, 'egress'));
    assert.deepStrictEqual(fs[0].related, [{ uri: POLICY, range: at(text, 'policyTypes'), message: 'policyTypes of p lacks Egress' }]);
    const data = fs[0].data as PolicyFixData;
    assert.deepStrictEqual(data.fix, { kind: 'policyTypes', add: ['Egress'] });
    assert.strictEqual(data.path, 'spec.egress');
  });

  it('reports ingress rules under policyTypes [Egress]', () => {
    const text = policyText(`  podSelector: {}
  policyTypes:
  - Egress
  ingress:
  - from: [{podSelector: {}}]
  - from: [{podSelector: {matchLabels: {app: web}}}]
  egress: [{}]
`);
    const fs = runRule(IGNORED, text);
    assert.strictEqual(fs.length, 1);
    assert.match(fs[0].message, /^the 2 ingress rules are ignored: policyTypes \[Egress\] lacks Ingress, .*\(Deployment api, Deployment db, Deployment web\)/);
    assert.deepStrictEqual(fs[0].range, at(text, 'ingress'));
  });

  it('stays silent without policyTypes, with an empty policyTypes, with both types, and for empty rule lists', () => {
    for (const spec of [
      `  podSelector: {}\n  egress:\n  - to: [{podSelector: {}}]\n`,
      `  podSelector: {}\n  policyTypes: []\n  egress:\n  - to: [{podSelector: {}}]\n`,
      `  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  ingress: [{}]\n  egress: [{}]\n`,
      `  podSelector: {}\n  policyTypes: [Ingress]\n  egress: []\n`,
      `  podSelector: {}\n  policyTypes: [Ingress]\n  egress:\n`,
    ]) {
      assert.deepStrictEqual(runRule(IGNORED, policyText(spec)), [], spec);
    }
  });
});

describe('netpol/egress-only-denies-ingress', () => {
  it('warns that an egress policy without policyTypes denies all ingress, naming the pods', () => {
    const text = policyText(`  podSelector: {matchLabels: {tier: back}}
  egress:
  - to: [{podSelector: {matchLabels: {app: db}}}]
`);
    const fs = runRule(EGRESS_ONLY, text);
    assert.deepStrictEqual(brief(fs), [
      [
        'warning',
        'policyTypes is not set, so this egress policy p also isolates the pods it selects (Deployment api, Deployment db) for ingress, and it has no ingress rule: all ingress to them is denied. Set policyTypes: [Egress] if only egress was meant (or add ingress rules)',
      ],
    ]);
    assert.deepStrictEqual(fs[0].range, at(text, 'egress'));
    assert.deepStrictEqual((fs[0].data as PolicyFixData).fix, { kind: 'policyTypes', add: ['Egress'] });
  });

  it('also fires with ingress: [] and with policyTypes: []', () => {
    for (const extra of ['  ingress: []\n', '  policyTypes: []\n']) {
      const fs = runRule(EGRESS_ONLY, policyText(`  podSelector: {matchLabels: {app: api}}\n${extra}  egress:\n  - {}\n`));
      assert.strictEqual(fs.length, 1, extra);
      assert.strictEqual(fs[0].severity, 'warning');
    }
  });

  it('is information when other policies admit ingress to every selected pod, with related information', () => {
    const other = policyText(`  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: web}}}]\n`, 'api-in');
    const text = policyText(`  podSelector: {matchLabels: {app: api}}\n  egress:\n  - {}\n`);
    const fs = runRule(EGRESS_ONLY, text, { 'file:///w/other.yaml': other });
    assert.strictEqual(fs.length, 1);
    assert.strictEqual(fs[0].severity, 'information');
    assert.match(fs[0].message, /ingress to them is what api-in admits/);
    assert.deepStrictEqual(fs[0].related, [{ uri: 'file:///w/other.yaml', range: at(other, 'api-in'), message: 'api-in admits ingress to these pods' }]);
  });

  it('stays a warning when another policy covers only some of the pods', () => {
    const other = policyText(`  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - {}\n`, 'api-in');
    const fs = runRule(EGRESS_ONLY, policyText(`  podSelector: {matchLabels: {tier: back}}\n  egress:\n  - {}\n`), { 'file:///w/other.yaml': other });
    assert.strictEqual(fs[0].severity, 'warning');
  });

  it('stays silent with policyTypes written, with ingress rules, and without egress rules', () => {
    for (const spec of [
      `  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{}]\n`,
      `  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  egress: [{}]\n`,
      `  podSelector: {}\n  ingress: [{}]\n  egress: [{}]\n`,
      `  podSelector: {}\n  egress: []\n`,
      `  podSelector: {}\n`,
    ]) {
      assert.deepStrictEqual(runRule(EGRESS_ONLY, policyText(spec)), [], spec);
    }
  });
});

describe('netpol/empty-egress-ignored', () => {
  it('warns on egress: [] written without policyTypes, at the key', () => {
    const text = policyText(`  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from: [{podSelector: {}}]\n  egress: []\n`);
    const fs = runRule(EMPTY_EGRESS, text);
    assert.deepStrictEqual(brief(fs), [
      [
        'warning',
        'egress: [] does not deny egress: without policyTypes, Egress is added only when egress has rules, so policy p leaves egress of its pods (Deployment web) open unless another policy governs it. Set policyTypes: [Ingress, Egress] to deny all egress, or delete egress: []',
      ],
    ]);
    assert.deepStrictEqual(fs[0].range, at(text, 'egress'));
    assert.deepStrictEqual((fs[0].data as PolicyFixData).fix, { kind: 'policyTypes', add: ['Ingress', 'Egress'] });
  });

  it('also fires in flow style and with policyTypes: []', () => {
    assert.strictEqual(runRule(EMPTY_EGRESS, policyText(`  {podSelector: {}, egress: [ ]}\n`)).length, 1);
    assert.strictEqual(runRule(EMPTY_EGRESS, policyText(`  podSelector: {}\n  policyTypes: []\n  egress: []\n`)).length, 1);
  });

  it('stays silent for egress absent or null, with policyTypes, and with egress rules', () => {
    for (const spec of [
      `  podSelector: {}\n`,
      `  podSelector: {}\n  egress:\n`,
      `  podSelector: {}\n  egress: ~\n`,
      `  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  egress: []\n`,
      `  podSelector: {}\n  policyTypes: [Ingress]\n  egress: []\n`,
      `  podSelector: {}\n  egress: [{}]\n`,
    ]) {
      assert.deepStrictEqual(runRule(EMPTY_EGRESS, policyText(spec)), [], spec);
    }
  });
});
