// The lints' quick fixes on real texts: block and flow style, CRLF,
// comments. Each fix verifies (verifyFix), keeps every byte outside its edit,
// and the finding is gone once it is applied.
import * as assert from 'assert';
import { runIndexChecks } from '../../../server/src/core/checks';
import { peerQuickFixes } from '../../../server/src/core/edits/peerFixes';
import { applyEdits } from '../../../server/src/core/edits/text';
import { verifyFix } from '../../../server/src/core/edits/verifyFix';
import { deployment, indexOf, namespaceObj } from '../index/fixtures';

const POLICY = 'file:///w/policy.yaml';
const WORKSPACE = {
  'file:///w/api.yaml': deployment('api', { app: 'api' }, 'shop'),
  'file:///w/web.yaml': deployment('web', { app: 'web' }, 'frontend'),
  'file:///w/ns.yaml': namespaceObj('frontend', { team: 'web' }),
};

function crlf(s: string): string {
  return s.replace(/\n/g, '\r\n');
}

/** Applies the first fix of the rule's finding; returns the new text (checked: verified, outside bytes kept, finding gone). */
function applyFix(text: string, ruleId: string, title?: RegExp): string {
  const index = indexOf({ ...WORKSPACE, [POLICY]: text });
  const findings = runIndexChecks(index, POLICY).filter((f) => f.ruleId === ruleId);
  assert.strictEqual(findings.length, 1, `one ${ruleId} finding in:\n${text}\ngot ${JSON.stringify(runIndexChecks(index, POLICY).map((f) => f.ruleId))}`);
  const fixes = peerQuickFixes(index, ruleId, findings[0].data).filter((f) => !title || title.test(f.title));
  assert.ok(fixes.length >= 1, 'a fix is offered');
  const fix = fixes[0];
  assert.strictEqual(verifyFix(index.fullAnalysis(POLICY)!, fix, {}), undefined);
  const after = applyEdits(text, fix.edits);
  // Bytes outside the edit are identical.
  const e = fix.edits[0];
  assert.strictEqual(after.slice(0, e.range.start), text.slice(0, e.range.start));
  assert.strictEqual(after.slice(e.range.start + e.newText.length), text.slice(e.range.end));
  if (text.includes('\r\n')) assert.ok(!/[^\r]\n/.test(after), 'CRLF kept');
  index.setFile(POLICY, after);
  assert.deepStrictEqual(runIndexChecks(index, POLICY).filter((f) => f.ruleId === ruleId), [], `finding gone after:\n${after}`);
  return after;
}

const HEAD = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n';

describe('quick fix: add the DNS egress rule', () => {
  it('appends a block rule to a block egress list, in its indentation (compact sequences)', () => {
    const text = HEAD + '  podSelector:\n    matchLabels:\n      app: api\n  policyTypes:\n  - Egress\n  egress:\n  - to:\n    - podSelector:\n        matchLabels:\n          app: api\n    ports:\n    - port: 80 # http\n# trailing comment\n';
    const after = applyFix(text, 'netpol/dns-egress-blocked');
    assert.ok(after.includes('    - port: 80 # http\n  - to:\n    - namespaceSelector:\n        matchLabels:\n          kubernetes.io/metadata.name: kube-system\n      podSelector:\n        matchLabels:\n          k8s-app: kube-dns\n    ports:\n    - protocol: UDP\n      port: 53\n    - protocol: TCP\n      port: 53\n# trailing comment\n'), after);
  });

  it('follows indented sequences and 4-space steps, with CRLF', () => {
    const text = crlf('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n    name: p\n    namespace: shop\nspec:\n    podSelector:\n        matchLabels:\n            app: api\n    policyTypes:\n        - Egress\n');
    const after = applyFix(text, 'netpol/dns-egress-blocked');
    assert.ok(after.endsWith(crlf('        - Egress\n    egress:\n        - to:\n              - namespaceSelector:\n                    matchLabels:\n                        kubernetes.io/metadata.name: kube-system\n                podSelector:\n                    matchLabels:\n                        k8s-app: kube-dns\n          ports:\n              - protocol: UDP\n                port: 53\n              - protocol: TCP\n                port: 53\n')), JSON.stringify(after));
  });

  it('writes flow text into a flow egress list, empty or not', () => {
    const empty = HEAD + '  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Egress]\n  egress: []\n';
    const after = applyFix(empty, 'netpol/dns-egress-blocked');
    assert.ok(after.includes('  egress: [{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]}]\n'), after);
    const one = HEAD + '  podSelector: {}\n  egress: [{ports: [{port: 443}]}]  # https only\n';
    assert.ok(applyFix(one, 'netpol/dns-egress-blocked').includes('egress: [{ports: [{port: 443}]}, {to: [{namespaceSelector'));
  });

  it('fixes the TCP-only case too (the rule adds both protocols)', () => {
    const text = HEAD + '  podSelector: {}\n  egress:\n  - ports:\n    - protocol: UDP\n      port: 53\n';
    applyFix(text, 'netpol/dns-egress-blocked');
  });
});

describe('quick fix: add a namespaceSelector to a pod-only peer', () => {
  it('block style, keeping the comment', () => {
    const text = HEAD + '  podSelector:\n    matchLabels:\n      app: api\n  ingress:\n  - from:\n    - podSelector: # the web pods\n        matchLabels:\n          app: web\n';
    const after = applyFix(text, 'netpol/peer-selector-wrong-namespace');
    assert.ok(after.includes('    - namespaceSelector:\n        matchLabels:\n          kubernetes.io/metadata.name: frontend\n      podSelector: # the web pods\n'), after);
  });

  it('flow style, CRLF', () => {
    const text = crlf(HEAD + '  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: web}}}]\n');
    const after = applyFix(text, 'netpol/peer-selector-wrong-namespace');
    assert.ok(after.includes('from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: frontend}}, podSelector: {matchLabels: {app: web}}}]\r\n'), after);
  });
});

describe('quick fix: set metadata.namespace', () => {
  const spec = 'spec:\n  podSelector:\n    matchLabels:\n      app: web\n  ingress:\n  - {}\n';
  it('adds it after the name when missing', () => {
    const after = applyFix('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p # web\n  labels: {a: b}\n' + spec, 'netpol/policy-selects-other-namespace');
    assert.ok(after.includes('  name: p # web\n  namespace: frontend\n  labels: {a: b}\n'), after);
  });

  it('changes it when present, keeping quotes; flow metadata', () => {
    assert.ok(applyFix(HEAD.replace('namespace: shop', "namespace: 'shop'") + spec.slice(6), 'netpol/policy-selects-other-namespace').includes("namespace: 'frontend'"));
    const flowMeta = crlf('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\n' + spec);
    assert.ok(applyFix(flowMeta, 'netpol/policy-selects-other-namespace').includes('metadata: {name: p, namespace: frontend}\r\n'));
  });

  it('offers no namespace that already has a policy of that name (applying it would replace that policy)', () => {
    const text = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n' + spec;
    const other = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: frontend}\nspec: {podSelector: {}}\n';
    const index = indexOf({ ...WORKSPACE, 'file:///w/other.yaml': other, [POLICY]: text });
    const findings = runIndexChecks(index, POLICY).filter((f) => f.ruleId === 'netpol/policy-selects-other-namespace');
    assert.strictEqual(findings.length, 1);
    assert.deepStrictEqual(peerQuickFixes(index, 'netpol/policy-selects-other-namespace', findings[0].data).map((f) => f.title), []);
    // Under another name it moves.
    const renamed = indexOf({ ...WORKSPACE, 'file:///w/other.yaml': other.replace('name: p,', 'name: q,'), [POLICY]: text });
    const [f] = runIndexChecks(renamed, POLICY).filter((x) => x.ruleId === 'netpol/policy-selects-other-namespace');
    assert.deepStrictEqual(peerQuickFixes(renamed, 'netpol/policy-selects-other-namespace', f.data).map((x) => x.title), ['Set metadata.namespace to frontend']);
  });
});

describe('quick fix: merge OR peers into one AND peer', () => {
  it('block style: the second item joins the first, comments kept', () => {
    const text = HEAD + '  podSelector:\n    matchLabels:\n      app: api\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels:\n          team: web\n    # the web pods\n    - podSelector:\n        matchLabels:\n          app: web\n';
    const after = applyFix(text, 'netpol/peers-or-not-and');
    assert.ok(after.includes('          team: web\n    # the web pods\n      podSelector:\n'), after);
  });

  it('pod peer first, CRLF', () => {
    const text = crlf(HEAD + '  podSelector: {}\n  ingress:\n  - from:\n    - podSelector:\n        matchLabels:\n          app: web\n    - namespaceSelector:\n        matchLabels:\n          team: web\n');
    applyFix(text, 'netpol/peers-or-not-and');
  });

  it('flow style in a flow list and in a block list', () => {
    const flow = HEAD + '  podSelector: {}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {team: web}}}, {podSelector: {matchLabels: {app: web}}}]\n';
    assert.ok(applyFix(flow, 'netpol/peers-or-not-and').includes('from: [{namespaceSelector: {matchLabels: {team: web}}, podSelector: {matchLabels: {app: web}}}]\n'));
    const mixed = HEAD + '  podSelector: {}\n  ingress:\n  - from:\n    - {namespaceSelector: {matchLabels: {team: web}}}\n    - {podSelector: {matchLabels: {app: web}}}\n';
    assert.ok(applyFix(mixed, 'netpol/peers-or-not-and').includes('    - {namespaceSelector: {matchLabels: {team: web}}, podSelector: {matchLabels: {app: web}}}\n'));
  });

  it('offers nothing when the peers are not neighbours', () => {
    const text = HEAD + '  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels:\n          team: web\n    - ipBlock:\n        cidr: 10.0.0.0/8\n    - podSelector:\n        matchLabels:\n          app: web\n';
    const index = indexOf({ ...WORKSPACE, [POLICY]: text });
    const f = runIndexChecks(index, POLICY).find((x) => x.ruleId === 'netpol/peers-or-not-and')!;
    assert.ok(f);
    assert.deepStrictEqual(peerQuickFixes(index, f.ruleId, f.data), []);
  });
});
