import * as assert from 'assert';
import { hoverAt, hoverMarkdown } from '../../../server/src/core/index/features/hover';
import { definitionsAt, referencesAt } from '../../../server/src/core/index/features/navigation';
import { policyLenses } from '../../../server/src/core/index/features/codeLens';
import { completionAt } from '../../../server/src/core/index/features/completion';
import { yamlContextAt } from '../../../server/src/core/index/features/yamlContext';
import { deployment, indexOf, namespaceObj, pod } from './fixtures';

const BACKEND = 'file:///w/backend.yaml';
const FRONTEND = 'file:///w/frontend.yaml';
const NS = 'file:///w/ns.yaml';
const POLICY = 'file:///w/policy.yaml';

const POLICY_TEXT = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: db
  ingress:
  - from:
    - podSelector:
        matchLabels:
          tier: api
    - namespaceSelector:
        matchLabels:
          team: payments
  egress:
  - to:
    - podSelector: {}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny
  namespace: shop
spec:
  podSelector: {matchLabels: {app: nope}}
`;

const FILES = {
  [BACKEND]: deployment('backend', { app: 'backend', tier: 'api' }, 'shop'),
  [FRONTEND]: deployment('frontend', { app: 'frontend', tier: 'web' }, 'shop'),
  'file:///w/db.yaml': pod('db', { app: 'db' }, 'shop'),
  'file:///w/pay.yaml': deployment('pay', { app: 'pay', tier: 'api' }, 'payments'),
  [NS]: namespaceObj('payments', { team: 'payments' }) + '---\n' + namespaceObj('shop', { team: 'shop' }),
  [POLICY]: POLICY_TEXT,
};

function offsetOf(text: string, snippet: string, delta = 0): number {
  const i = text.indexOf(snippet);
  assert.ok(i >= 0, snippet);
  return i + delta;
}

describe('hover data', () => {
  const index = indexOf(FILES);

  it('on the policy podSelector: the count, then the workloads with kind, name, namespace and location', () => {
    const h = hoverAt(index, POLICY, offsetOf(POLICY_TEXT, 'app: db', 2));
    assert.ok(h && h.kind === 'podSelector');
    assert.strictEqual(h.count, 1);
    assert.strictEqual(h.selector, 'app=db');
    assert.deepStrictEqual(h.namespaces, ['shop']);
    const db = FILES['file:///w/db.yaml'];
    assert.deepStrictEqual(h.workloads, [{ uri: 'file:///w/db.yaml', kind: 'Pod', name: 'db', namespace: 'shop', range: { start: 0, end: db.length }, selectionRange: { start: db.indexOf('db'), end: db.indexOf('db') + 2 } }]);
    assert.deepStrictEqual(h.range, { start: offsetOf(POLICY_TEXT, 'podSelector'), end: offsetOf(POLICY_TEXT, '  ingress') });
    const md = hoverMarkdown(h, (uri, r, text) => `[${text}](${uri}#${r.start})`);
    assert.strictEqual(md, `**1 workload** selected by \`app=db\` in namespace \`shop\`\n\n- Pod [db](file:///w/db.yaml#${db.indexOf('db')}) (namespace \`shop\`)`);
  });

  it('on a peer podSelector: the policy namespace', () => {
    const h = hoverAt(index, POLICY, offsetOf(POLICY_TEXT, 'tier: api'));
    assert.ok(h && h.kind === 'podSelector');
    assert.strictEqual(h.role, 'peerPod');
    assert.deepStrictEqual(h.workloads.map((w) => `${w.namespace}/${w.name}`), ['shop/backend']);
    const all = hoverAt(index, POLICY, offsetOf(POLICY_TEXT, 'podSelector: {}', 3));
    assert.ok(all && all.kind === 'podSelector');
    assert.strictEqual(all.count, 3);
    assert.strictEqual(hoverMarkdown(all, (_u, _r, t) => t).split('\n')[0], '**3 workloads** selected by `all` in namespace `shop`');
  });

  it('on a namespaceSelector: the namespaces', () => {
    const h = hoverAt(index, POLICY, offsetOf(POLICY_TEXT, 'team: payments'));
    assert.ok(h && h.kind === 'namespaceSelector');
    assert.strictEqual(h.count, 1);
    assert.deepStrictEqual(h.namespaces.map((n) => [n.name, n.definition?.uri]), [['payments', NS]]);
    assert.strictEqual(hoverMarkdown(h, (_u, _r, t) => `[${t}]`), '**1 namespace** selected by `team=payments`\n\n- [payments]');
  });

  it('on a selector that matches nothing', () => {
    const h = hoverAt(index, POLICY, offsetOf(POLICY_TEXT, 'app: nope'));
    assert.ok(h && h.kind === 'podSelector');
    assert.strictEqual(h.count, 0);
    assert.strictEqual(hoverMarkdown(h, (_u, _r, t) => t), '**No workloads** selected by `app=nope` in namespace `shop`\n');
  });

  it("on a workload's labels: the policies that select it, and the peers naming it", () => {
    const text = FILES[BACKEND];
    const h = hoverAt(index, BACKEND, offsetOf(text, 'tier: api'));
    assert.ok(h && h.kind === 'workloadLabels');
    assert.deepStrictEqual(h.selectedBy, []);
    assert.deepStrictEqual(h.peerOf.map((r) => [r.policy.name, r.direction, r.path]), [
      ['db', 'Ingress', 'spec.ingress[0].from[0].podSelector'],
      ['db', 'Egress', 'spec.egress[0].to[0].podSelector'],
    ]);
    assert.strictEqual(
      hoverMarkdown(h, (_u, _r, t) => t),
      '**Deployment backend**: selected by no policy (not isolated)\n\n\nNamed as a peer by 2 rules:\n- db (namespace `shop`, from)\n- db (namespace `shop`, to)',
    );
    const db = hoverAt(index, 'file:///w/db.yaml', offsetOf(FILES['file:///w/db.yaml'], 'app: db'));
    assert.ok(db && db.kind === 'workloadLabels');
    assert.deepStrictEqual(db.selectedBy.map((r) => [r.policy.name, r.role, r.uri]), [['db', 'policy', POLICY]]);
    assert.strictEqual(hoverAt(index, BACKEND, 0), undefined);
  });
});

describe('navigation data', () => {
  const index = indexOf(FILES);

  it('goes from a selector to the workloads or Namespaces it selects', () => {
    assert.deepStrictEqual(definitionsAt(index, POLICY, offsetOf(POLICY_TEXT, 'tier: api')).map((r) => [r.uri, r.kind, r.name]), [[BACKEND, 'Deployment', 'backend']]);
    assert.deepStrictEqual(definitionsAt(index, POLICY, offsetOf(POLICY_TEXT, 'team: payments')).map((r) => [r.uri, r.kind, r.name]), [[NS, 'Namespace', 'payments']]);
    assert.deepStrictEqual(definitionsAt(index, POLICY, 0), []);
  });

  it('finds the selectors that select a workload, and the namespaceSelectors that match a Namespace', () => {
    const refs = referencesAt(index, 'file:///w/db.yaml', 5);
    assert.deepStrictEqual(refs.map((r) => [r.uri, r.role, r.path, r.range, r.selectionRange]), [
      [POLICY, 'policy', 'spec.podSelector', { start: offsetOf(POLICY_TEXT, 'podSelector'), end: offsetOf(POLICY_TEXT, '  ingress') }, { start: offsetOf(POLICY_TEXT, 'podSelector'), end: offsetOf(POLICY_TEXT, 'podSelector') + 11 }],
      [POLICY, 'peerPod', 'spec.egress[0].to[0].podSelector', { start: offsetOf(POLICY_TEXT, 'podSelector: {}'), end: offsetOf(POLICY_TEXT, 'podSelector: {}') + 15 }, { start: offsetOf(POLICY_TEXT, 'podSelector: {}'), end: offsetOf(POLICY_TEXT, 'podSelector: {}') + 11 }],
    ]);
    const nsText = FILES[NS];
    assert.deepStrictEqual(referencesAt(index, NS, offsetOf(nsText, 'payments')).map((r) => r.path), ['spec.ingress[0].from[1].namespaceSelector']);
    assert.deepStrictEqual(referencesAt(index, NS, offsetOf(nsText, 'name: shop')), []);
  });

  it('counts selected workloads per policy for the code lens', () => {
    assert.deepStrictEqual(policyLenses(index, POLICY).map((l) => [l.title, l.count, l.range.start]), [
      ['selects 1 workload', 1, 0],
      ['selects no workloads', 0, POLICY_TEXT.indexOf('apiVersion', POLICY_TEXT.indexOf('---'))],
    ]);
    const ws = indexOf({ ...FILES, [POLICY]: POLICY_TEXT.replace('app: db', '{}').replace('matchLabels:\n      {}', '{}') });
    assert.strictEqual(policyLenses(ws, POLICY)[0].title, 'selects 3 workloads');
  });
});

describe('completion data', () => {
  const index = indexOf(FILES);

  /** Completion at the `|` of a policy text put in the index. */
  function complete(text: string, files: Record<string, string> = FILES) {
    const offset = text.indexOf('|');
    const ws = indexOf({ ...files, [POLICY]: text.replace('|', '') });
    return completionAt(ws, POLICY, offset);
  }

  const head = (ns = 'shop') => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: ${ns}\nspec:\n`;

  it('offers the label keys of the policy namespace in matchLabels, most used first, even while the YAML is broken', () => {
    const c = complete(head() + '  podSelector:\n    matchLabels:\n      app: db\n      ti|\n');
    assert.ok(c);
    assert.strictEqual(c.context, 'podLabelKey');
    assert.deepStrictEqual(c.namespaces, ['shop']);
    assert.strictEqual(c.prefix, 'ti');
    assert.deepStrictEqual(c.items.map((i) => [i.label, i.insertText, i.detail]), [
      ['app', 'app: ', '3 workloads in shop'],
      ['tier', 'tier: ', '2 workloads in shop'],
    ]);
    assert.strictEqual(c.isIncomplete, false);
  });

  it('offers the values of the key, in block and flow maps', () => {
    const c = complete(head() + '  podSelector:\n    matchLabels:\n      app: b|\n');
    assert.ok(c);
    assert.deepStrictEqual([c.context, c.key, c.replace], ['podLabelValue', 'app', { start: c.replace.start, end: c.replace.start + 1 }]);
    assert.deepStrictEqual(c.items.map((i) => i.label), ['backend', 'db', 'frontend']);
    const f = complete(head() + '  podSelector: {matchLabels: {tier: |}}\n');
    assert.deepStrictEqual(f?.items.map((i) => [i.label, i.detail]), [
      ['api', '1 workload in shop'],
      ['web', '1 workload in shop'],
    ]);
  });

  it('uses the namespaces of a peer namespaceSelector', () => {
    const c = complete(head() + '  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {team: payments}}\n      podSelector:\n        matchLabels:\n          app: |\n');
    assert.deepStrictEqual([c?.namespaces, c?.items.map((i) => i.label)], [['payments'], ['pay']]);
  });

  it('offers namespace labels in a namespaceSelector, keys and values', () => {
    const k = complete(head() + '  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels:\n          |\n');
    assert.deepStrictEqual(k?.items.map((i) => [i.label, i.detail]), [
      // The files' 3 and the cluster model's kube-system, kube-public, kube-node-lease.
      ['kubernetes.io/metadata.name', '6 namespaces'],
      ['team', '2 namespaces'],
    ]);
    assert.strictEqual(k?.context, 'namespaceLabelKey');
    const v = complete(head() + '  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: "|"}}\n');
    assert.deepStrictEqual(v?.items.map((i) => i.insertText), ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'payments', 'shop']);
  });

  it('completes matchExpressions keys, operators and values', () => {
    const base = head() + '  podSelector:\n    matchExpressions:\n';
    assert.deepStrictEqual(complete(base + '    - key: |\n')?.items.map((i) => i.insertText), ['app', 'tier']);
    assert.deepStrictEqual(complete(base + '    - key: tier\n      operator: |\n')?.items.map((i) => i.label), ['In', 'NotIn', 'Exists', 'DoesNotExist']);
    const v = complete(base + '    - key: tier\n      operator: In\n      values:\n      - |\n');
    assert.deepStrictEqual([v?.context, v?.key, v?.items.map((i) => i.label)], ['podLabelValue', 'tier', ['api', 'web']]);
    const flow = complete(head() + '  podSelector: {matchExpressions: [{key: app, operator: In, values: [db, |]}]}\n');
    assert.deepStrictEqual(flow?.items.map((i) => i.label), ['backend', 'db', 'frontend']);
  });

  it('falls back to the namespace written in the text when the document does not parse', () => {
    const c = complete(head('payments') + '  podSelector:\n    matchLabels:\n      app: x\n      ap|\n  bad: [\n');
    assert.deepStrictEqual([c?.namespaces, c?.items.map((i) => i.label)], [['payments'], ['app', 'tier']]);
  });

  it('offers nothing outside selectors', () => {
    assert.strictEqual(complete(head() + '  policyTypes: [|]\n'), undefined);
    assert.strictEqual(complete(head() + '  podSelector: {}\n  ingress:\n  - ports:\n    - port: |\n'), undefined);
    assert.strictEqual(completionAt(index, 'file:///none.yaml', 0), undefined);
  });

  it('reads the cursor context from indentation, compact sequences included', () => {
    const ctx = (s: string) => {
      const c = yamlContextAt(s.replace('|', ''), s.indexOf('|'));
      return c && [c.path.join('.'), c.position, c.key ?? null];
    };
    assert.deepStrictEqual(ctx('spec:\n  ingress:\n  - from:\n    - namespaceSelector: {}\n      podSelector:\n        matchLabels: {app: |}\n'), ['spec.ingress.-.from.-.podSelector.matchLabels', 'value', 'app']);
    assert.deepStrictEqual(ctx('spec:\n ingress:\n - from:\n   - podSelector:\n      matchLabels:\n       ap|\n'), ['spec.ingress.-.from.-.podSelector.matchLabels', 'key', null]);
    assert.deepStrictEqual(ctx('a: 1\n---\nspec:\n  podSelector:\n    matchLabels:\n      # x\n\n      |\n'), ['spec.podSelector.matchLabels', 'key', null]);
    assert.deepStrictEqual(ctx('spec:\n  podSelector:\n    matchLabels:\n      app: x # |\n'), undefined);
  });
});
