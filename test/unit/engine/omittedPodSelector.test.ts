// A NetworkPolicy without spec.podSelector (absent, null, or no spec at all)
// is stored as podSelector {}: it selects, and isolates, every pod of its
// namespace, and only of its namespace. The engine, selector resolution and
// the plain-language texts must all agree.
import * as assert from 'assert';
import { analyzeText } from '../../../server/src/core/analyze';
import { policyLenses } from '../../../server/src/core/index/features/codeLens';
import { hoverAt } from '../../../server/src/core/index/features/hover';
import { WorkspaceIndex } from '../../../server/src/core/index/workspaceIndex';
import type { NetworkPolicy } from '../../../server/src/core/model/types';
import { describePolicy, describeWorkload } from '../../../server/src/core/policy/engine/describe';
import { compileEngine } from '../../../server/src/core/policy/engine/engine';
import { computeMatrix, verdictToJson } from '../../../server/src/core/policy/engine/matrix';
import { policiesSelecting, workloadsSelectedBy } from '../../../server/src/core/policy/resolve';
import { inputFromYaml } from './helpers';

const pod = (name: string, ns: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${ns}, labels: {app: ${name}}}\n`;
const PODS = [pod('client', 'ns'), pod('server', 'ns'), pod('peer', 'other')].join('---\n');
const HEAD = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: ns}\n';

/** The same default-deny-ingress, written four ways without a podSelector. */
const WITHOUT_SELECTOR: Record<string, string> = {
  absent: `${HEAD}spec:\n  policyTypes: [Ingress]\n`,
  'empty value': `${HEAD}spec:\n  podSelector:\n  policyTypes: [Ingress]\n`,
  null: `${HEAD}spec:\n  podSelector: null\n`,
  'no spec': HEAD,
};

describe('engine: a policy without podSelector', () => {
  for (const [how, text] of Object.entries(WITHOUT_SELECTOR)) {
    it(`isolates every pod of its namespace, and no other (${how})`, () => {
      const matrix = computeMatrix(inputFromYaml({ 'pods.yaml': PODS, 'p.yaml': text }));
      assert.strictEqual(verdictToJson(matrix.verdict('ns/client', 'ns/server')), 'none');
      assert.strictEqual(verdictToJson(matrix.verdict('ns/server', 'ns/client')), 'none');
      assert.strictEqual(verdictToJson(matrix.verdict('other/peer', 'ns/server')), 'none');
      assert.strictEqual(verdictToJson(matrix.verdict('outside', 'ns/client')), 'none');
      // The other namespace is not selected: open both ways.
      assert.strictEqual(verdictToJson(matrix.verdict('ns/client', 'other/peer')), 'all');
      assert.strictEqual(verdictToJson(matrix.verdict('outside', 'other/peer')), 'all');
    });
  }

  it('matches a written podSelector: {} exactly', () => {
    const written = computeMatrix(inputFromYaml({ 'pods.yaml': PODS, 'p.yaml': `${HEAD}spec:\n  podSelector: {}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: client}}}]\n` }));
    const omitted = computeMatrix(inputFromYaml({ 'pods.yaml': PODS, 'p.yaml': `${HEAD}spec:\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: client}}}]\n` }));
    for (const from of ['ns/client', 'ns/server', 'other/peer', 'outside']) {
      for (const to of ['ns/client', 'ns/server', 'other/peer']) {
        assert.deepStrictEqual(verdictToJson(omitted.verdict(from, to)), verdictToJson(written.verdict(from, to)), `${from} -> ${to}`);
      }
    }
  });

  it('sums up the workloads as isolated by it, and says so in the policy summary', () => {
    const engine = compileEngine(inputFromYaml({ 'pods.yaml': PODS, 'p.yaml': WITHOUT_SELECTOR.absent }));
    const server = [...engine.byKey.keys()].find((k) => k.includes('server'))!;
    assert.deepStrictEqual(describeWorkload(engine, server).ingress.policies.map((p) => p.name), ['p']);
    const policy = { policy: analyzeText(WITHOUT_SELECTOR.absent).objects[0] as NetworkPolicy, namespace: 'ns' };
    assert.deepStrictEqual(describePolicy(policy), {
      ingress: 'All pods in ns accept no ingress: all ingress to them is denied',
      notes: ['its podSelector is omitted: it selects every pod in ns'],
    });
    const nulled = { policy: analyzeText(WITHOUT_SELECTOR.null).objects[0] as NetworkPolicy, namespace: 'ns' };
    assert.deepStrictEqual(describePolicy(nulled).notes, ['its podSelector is null: it selects every pod in ns']);
  });

  for (const [how, text] of Object.entries(WITHOUT_SELECTOR)) {
    it(`selects every workload of its namespace in the index: resolve, lens, hovers (${how})`, () => {
      const index = new WorkspaceIndex({ defaultNamespace: 'default' });
      index.setFile('file:///w/pods.yaml', PODS);
      index.setFile('file:///w/p.yaml', text);
      const [policy] = index.getFile('file:///w/p.yaml')!.policies;
      assert.deepStrictEqual(workloadsSelectedBy(index, policy).map((w) => w.name), ['client', 'server']);
      const [client, server, peer] = index.getFile('file:///w/pods.yaml')!.workloads;
      assert.deepStrictEqual([client, server, peer].map((w) => policiesSelecting(index, w).map((p) => p.name)), [['p'], ['p'], []]);
      const [lens] = policyLenses(index, 'file:///w/p.yaml');
      assert.strictEqual(lens.title, 'selects 2 workloads');
      // Hovering the pod labels names the policy, linked at the spec key (or kind) where the selector would be.
      const labels = PODS.indexOf('app: server');
      const hover = hoverAt(index, 'file:///w/pods.yaml', labels);
      assert.ok(hover && hover.kind === 'workloadLabels');
      assert.deepStrictEqual(hover.selectedBy.map((s) => [s.policy.name, s.path, text.slice(s.selectionRange.start, s.selectionRange.end)]), [
        ['p', 'spec.podSelector', { absent: 'spec', 'no spec': 'NetworkPolicy' }[how] ?? 'podSelector'],
      ]);
    });
  }

  it('hovering the spec key of a policy without podSelector tells what it selects', () => {
    const index = new WorkspaceIndex({ defaultNamespace: 'default' });
    index.setFile('file:///w/pods.yaml', PODS);
    index.setFile('file:///w/p.yaml', WITHOUT_SELECTOR.absent);
    const hover = hoverAt(index, 'file:///w/p.yaml', WITHOUT_SELECTOR.absent.indexOf('spec:') + 1);
    assert.ok(hover && hover.kind === 'podSelector');
    assert.deepStrictEqual([hover.selector, hover.count, hover.namespaces], ['all', 2, ['ns']]);
    // Elsewhere in the spec, no selector hover.
    assert.strictEqual(hoverAt(index, 'file:///w/p.yaml', WITHOUT_SELECTOR.absent.indexOf('Ingress]')), undefined);
  });
});
