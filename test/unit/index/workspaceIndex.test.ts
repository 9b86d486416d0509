import * as assert from 'assert';
import { analyzeText, AnalyzeOptions } from '../../../server/src/core/analyze';
import { WorkspaceIndex } from '../../../server/src/core/index/workspaceIndex';
import { engineInputFrom } from '../../../server/src/core/index/engineInput';
import { deployment, indexOf as indexWithModel, namespaceObj, pod } from './fixtures';

/** These tests are about what files contribute: no cluster model (see clusterModel.test.ts). */
function indexOf(files: Record<string, string>, defaultNamespace?: string): WorkspaceIndex {
  return indexWithModel(files, defaultNamespace, { clusterModel: false });
}

function names(ws: Iterable<{ name: string }>): string[] {
  return [...ws].map((w) => w.name).sort();
}

function countingIndex(defaultNamespace?: string): { index: WorkspaceIndex; calls: string[] } {
  const calls: string[] = [];
  const index = new WorkspaceIndex({
    defaultNamespace,
    clusterModel: false,
    analyze: (text: string, options: AnalyzeOptions) => {
      calls.push(options.path ?? '?');
      return analyzeText(text, options);
    },
  });
  return { index, calls };
}

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
  namespace: shop
spec:
  podSelector: {matchLabels: {app: db}}
`;

describe('WorkspaceIndex', () => {
  it('indexes workloads, policies and namespaces of several files, by namespace', () => {
    const index = indexOf({
      'file:///w/a.yaml': deployment('web', { app: 'web' }, 'shop') + '---\n' + pod('db', { app: 'db', tier: 'data' }, 'shop'),
      'file:///w/b.yaml': deployment('other', { app: 'web' }),
      'file:///w/p.yaml': POLICY,
      'file:///w/ns.yaml': namespaceObj('shop', { team: 'shop' }),
    });
    assert.deepStrictEqual(names(index.workloadsIn('shop').values()), ['db', 'web']);
    assert.deepStrictEqual(names(index.workloadsIn('default').values()), ['other']);
    assert.deepStrictEqual(names(index.policiesIn('shop').values()), ['db']);
    assert.strictEqual(index.workloadCountIn('nowhere'), 0);
    assert.deepStrictEqual(
      index.namespaces().map((n) => [n.name, Object.fromEntries(n.labels), n.definitions.map((d) => d.uri)]),
      [
        ['default', { 'kubernetes.io/metadata.name': 'default' }, []],
        ['shop', { team: 'shop', 'kubernetes.io/metadata.name': 'shop' }, ['file:///w/ns.yaml']],
      ],
    );
    const table = index.podLabels('shop');
    assert.deepStrictEqual([...table.keys()].sort(), ['app', 'tier']);
    assert.deepStrictEqual([...table.values('app').keys()].sort(), ['db', 'web']);
    assert.deepStrictEqual(names(table.members('app', 'db')), ['db']);
  });

  it('gives objects without a namespace the kustomization namespace of their folder, else the default', () => {
    const index = indexOf({
      'file:///w/app/kustomization.yaml': 'resources: [web.yaml]\nnamespace: shop\n',
      'file:///w/app/web.yaml': deployment('web', { app: 'web' }) + '---\n' + deployment('pinned', { app: 'p' }, 'other'),
      'file:///w/app/sub/deep.yaml': deployment('deep', { app: 'deep' }),
      'file:///w/lone.yaml': deployment('lone', { app: 'lone' }),
    }, 'fallback');
    assert.deepStrictEqual(names(index.workloadsIn('shop').values()), ['web']);
    assert.deepStrictEqual(names(index.workloadsIn('other').values()), ['pinned']);
    assert.deepStrictEqual(names(index.workloadsIn('fallback').values()), ['deep', 'lone']);
    assert.deepStrictEqual(index.namespaces().map((n) => n.name), ['fallback', 'other', 'shop']);
  });

  it('moves a folder\'s objects when its kustomization appears, changes or goes, without re-analysing them', () => {
    const { index, calls } = countingIndex();
    index.setFile('file:///w/app/web.yaml', deployment('web', { app: 'web' }));
    index.setFile('file:///w/app/Kustomization', 'namespace: shop\n');
    assert.deepStrictEqual(names(index.workloadsIn('shop').values()), ['web']);
    assert.strictEqual(index.workloadCountIn('default'), 0);
    index.setFile('file:///w/app/Kustomization', 'namespace: store\n');
    assert.deepStrictEqual(names(index.workloadsIn('store').values()), ['web']);
    assert.strictEqual(index.workloadCountIn('shop'), 0);
    index.removeFile('file:///w/app/Kustomization');
    assert.deepStrictEqual(names(index.workloadsIn('default').values()), ['web']);
    assert.deepStrictEqual(calls, ['file:///w/app/web.yaml', 'file:///w/app/Kustomization', 'file:///w/app/Kustomization']);
    assert.deepStrictEqual(index.namespaces().map((n) => n.name), ['default']);
  });

  it('re-analyses only the changed file, and nothing when the text is the same', () => {
    const { index, calls } = countingIndex();
    index.setFile('file:///w/a.yaml', deployment('a', { app: 'a' }));
    index.setFile('file:///w/b.yaml', deployment('b', { app: 'b' }));
    const v = index.version;
    index.setFile('file:///w/a.yaml', deployment('a', { app: 'a' }));
    assert.strictEqual(index.version, v);
    index.setFile('file:///w/a.yaml', deployment('a', { app: 'a2' }));
    assert.deepStrictEqual(calls, ['file:///w/a.yaml', 'file:///w/b.yaml', 'file:///w/a.yaml']);
    assert.ok(index.version > v);
    assert.deepStrictEqual([...index.podLabels('default').values('app').keys()].sort(), ['a2', 'b']);
    index.setFile('file:///w/a.yaml', deployment('a', { app: 'a2' }), { strictCidr: false });
    assert.strictEqual(calls.length, 4, 'other options re-analyse');
  });

  it('removing a file updates every lookup', () => {
    const index = indexOf({
      'file:///w/a.yaml': deployment('a', { app: 'a' }, 'shop') + '---\n' + namespaceObj('shop', { team: 'x' }),
      'file:///w/p.yaml': POLICY,
    });
    index.removeFile('file:///w/a.yaml');
    assert.strictEqual(index.workloadCountIn('shop'), 0);
    assert.ok(index.podLabels('shop').isEmpty);
    assert.deepStrictEqual(index.allWorkloads(), []);
    // The policy still names shop; the Namespace object's label is gone.
    assert.deepStrictEqual(Object.fromEntries(index.namespace('shop')!.labels), { 'kubernetes.io/metadata.name': 'shop' });
    index.removeFile('file:///w/p.yaml');
    assert.deepStrictEqual(index.namespaces().map((n) => n.name), ['default']);
    assert.deepStrictEqual(index.uris(), []);
    index.removeFile('file:///w/never.yaml');
  });

  it('indexes List items', () => {
    const text = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: one, namespace: shop, labels: {app: one}}
- apiVersion: apps/v1
  kind: StatefulSet
  metadata: {name: two, namespace: shop}
  spec:
    template:
      metadata: {labels: {app: two}}
- apiVersion: v1
  kind: Namespace
  metadata: {name: shop, labels: {team: s}}
`;
    const index = indexOf({ 'file:///w/list.yaml': text });
    assert.deepStrictEqual(index.allWorkloads().map((w) => [w.workload.kind, w.name, w.namespace, Object.fromEntries(w.labels)]).sort(), [
      ['Pod', 'one', 'shop', { app: 'one' }],
      ['StatefulSet', 'two', 'shop', { app: 'two' }],
    ]);
    assert.strictEqual(index.namespace('shop')!.labels.get('team'), 's');
  });

  it('changes the default namespace without re-analysing', () => {
    const { index, calls } = countingIndex();
    index.setFile('file:///w/a.yaml', deployment('a', { app: 'a' }));
    index.setDefaultNamespace('prod');
    assert.strictEqual(index.workloadCountIn('prod'), 1);
    assert.strictEqual(index.workloadCountIn('default'), 0);
    assert.deepStrictEqual(index.namespaces().map((n) => n.name), ['prod']);
    assert.strictEqual(calls.length, 1);
  });

  it('keeps two files with the same object apart, and the first Namespace definition by uri gives the labels', () => {
    const index = indexOf({
      'file:///w/b.yaml': namespaceObj('shop', { team: 'b' }),
      'file:///w/a.yaml': namespaceObj('shop', { team: 'a' }),
      'file:///w/x.yaml': pod('p', { app: 'p' }),
      'file:///w/y.yaml': pod('p', { app: 'p' }),
    });
    assert.strictEqual(index.namespace('shop')!.labels.get('team'), 'a');
    assert.strictEqual(index.namespace('shop')!.definitions.length, 2);
    assert.strictEqual(index.workloadCountIn('default'), 2);
  });

  it('feeds the engine: namespaces with labels, workloads and policies with their namespaces', () => {
    const index = indexOf({
      'file:///w/a.yaml': deployment('web', { app: 'web' }, 'shop'),
      'file:///w/p.yaml': POLICY,
    });
    const input = engineInputFrom(index);
    assert.deepStrictEqual(input.namespaces.map((n) => [n.name, [...n.labels]]), [
      ['default', [['kubernetes.io/metadata.name', 'default']]],
      ['shop', [['kubernetes.io/metadata.name', 'shop']]],
    ]);
    assert.deepStrictEqual(input.workloads.map((w) => [w.id, w.kind, w.name, w.namespace, [...w.labels], w.uri, w.ports.length, w.podIPs]), [
      ['file:///w/a.yaml#0', 'Deployment', 'web', 'shop', [['app', 'web']], 'file:///w/a.yaml', 0, []],
    ]);
    assert.deepStrictEqual(input.policies.map((p) => [p.policy.metadata.name?.value, p.namespace, p.uri]), [['db', 'shop', 'file:///w/p.yaml']]);
  });
});
