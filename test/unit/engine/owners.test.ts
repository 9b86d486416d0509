// Cluster dumps grouped by owner (owners.ts): the model reads ownerReferences,
// chains resolve through the dump, absent ReplicaSets by their hash suffix,
// differing labels split with stable names, manifests stay as they are.
import * as assert from 'assert';
import { parseYamlFile } from '../../../server/src/core/yaml/parse';
import { extractObjects } from '../../../server/src/core/model/extract';
import { isWorkload } from '../../../server/src/core/model/types';
import { engineInputFromObjects } from '../../../server/src/core/policy/engine/input';
import { groupByOwner } from '../../../server/src/core/policy/engine/owners';
import { labelWorkloads } from '../../../server/src/core/policy/engine/workloadKeys';

const owned = (kind: string, name: string, owner?: [string, string], labels: Record<string, string> = {}, controller = true) =>
  [
    `apiVersion: ${kind === 'Pod' ? 'v1' : kind === 'Job' || kind === 'CronJob' ? 'batch/v1' : 'apps/v1'}`,
    `kind: ${kind}`,
    'metadata:',
    `  name: ${name}`,
    '  namespace: shop',
    ...(kind === 'Pod' ? [`  labels: {${Object.entries(labels).map(([k, v]) => `${k}: ${v}`).join(', ')}}`] : []),
    ...(owner ? ['  ownerReferences:', `  - {apiVersion: apps/v1, kind: ${owner[0]}, name: ${owner[1]}, controller: ${controller}, uid: x}`] : []),
    ...(kind === 'Pod' ? [] : kind === 'CronJob' ? ['spec: {jobTemplate: {spec: {template: {metadata: {labels: {app: t}}}}}}'] : [`spec: {template: {metadata: {labels: {${Object.entries(labels).map(([k, v]) => `${k}: ${v}`).join(', ')}}}}}`]),
    '',
  ].join('\n');

function keys(...docs: string[]): { keys: string[]; pods: Record<string, number>; byKey: Map<string, unknown> } {
  const objects = extractObjects(parseYamlFile(docs.join('---\n'))).objects.map((object) => ({ object, uri: 'dump.yaml' }));
  const grouped = groupByOwner(engineInputFromObjects(objects).workloads);
  const { labels, byKey } = labelWorkloads(grouped);
  const pods: Record<string, number> = {};
  for (const w of grouped) if (w.pods) pods[labels.get(w.id)!] = w.pods.names.length;
  return { keys: grouped.map((w) => labels.get(w.id)!), pods, byKey };
}

describe('engine/owners (cluster dumps)', () => {
  it('reads the controlling owner reference, else the first', () => {
    const objects = extractObjects(parseYamlFile([owned('Pod', 'a', ['ReplicaSet', 'rs']), owned('Pod', 'b', ['Job', 'j'], {}, false), owned('Pod', 'c')].join('---\n'))).objects.filter(isWorkload);
    assert.deepStrictEqual(objects.map((o) => o.owner), [{ kind: 'ReplicaSet', name: 'rs' }, { kind: 'Job', name: 'j' }, undefined]);
  });

  it('groups Pod -> ReplicaSet -> Deployment into one endpoint named after the Deployment', () => {
    const r = keys(
      owned('Deployment', 'web', undefined, { app: 'web' }),
      owned('ReplicaSet', 'web-7d4b9c', ['Deployment', 'web'], { app: 'web', 'pod-template-hash': '7d4b9c' }),
      ...['x1', 'x2', 'x3'].map((s) => owned('Pod', `web-7d4b9c-${s}`, ['ReplicaSet', 'web-7d4b9c'], { app: 'web', 'pod-template-hash': '7d4b9c' })),
    );
    assert.deepStrictEqual(r.keys, ['shop/web[Deployment]']);
    assert.deepStrictEqual(r.pods, { 'shop/web[Deployment]': 3 });
    assert.strictEqual(r.byKey.get('shop/web-7d4b9c-x2'), r.byKey.get('shop/web[Deployment]'));
  });

  it('puts pods of a ReplicaSet absent from the dump under the Deployment its hash suffix names', () => {
    const r = keys(...['a', 'b'].map((s) => owned('Pod', `api-5f6g-${s}`, ['ReplicaSet', 'api-5f6g'], { app: 'api', 'pod-template-hash': '5f6g' })), owned('Pod', 'odd-x', ['ReplicaSet', 'odd'], { app: 'odd' }));
    assert.deepStrictEqual(r.keys, ['shop/api[Deployment]', 'shop/odd[ReplicaSet]']);
  });

  it('puts pods of an absent OpenShift ReplicationController <dc>-<n> under the DeploymentConfig their deploymentconfig label names', () => {
    const pod = (name: string, rc: string, labels: Record<string, string>) => owned('Pod', name, ['ReplicationController', rc], labels);
    const r = keys(
      pod('billing-3-a', 'billing-3', { app: 'billing', deploymentconfig: 'billing' }),
      pod('billing-3-b', 'billing-3', { app: 'billing', deploymentconfig: 'billing' }),
      // Not `<label>-<digits>`: the controller stays as named.
      pod('cache-blue-x', 'cache-blue', { app: 'cache', deploymentconfig: 'cache' }),
      pod('plain-1-y', 'plain-1', { app: 'plain' }),
    );
    assert.deepStrictEqual(r.keys, ['shop/billing[DeploymentConfig]', 'shop/cache-blue[ReplicationController]', 'shop/plain-1[ReplicationController]']);
    assert.deepStrictEqual(r.pods['shop/billing[DeploymentConfig]'], 2);
  });

  it('groups StatefulSet pods despite their per-pod name labels', () => {
    const r = keys(...[0, 1].map((i) => owned('Pod', `db-${i}`, ['StatefulSet', 'db'], { app: 'db', 'statefulset.kubernetes.io/pod-name': `db-${i}` })));
    assert.deepStrictEqual(r.pods, { 'shop/db[StatefulSet]': 2 });
  });

  it('resolves Pod -> Job -> CronJob, and a lone Job', () => {
    const r = keys(owned('CronJob', 'nightly'), owned('Job', 'nightly-2900', ['CronJob', 'nightly'], { app: 't' }), owned('Pod', 'nightly-2900-q', ['Job', 'nightly-2900'], { app: 't' }), owned('Pod', 'once-z', ['Job', 'once'], { app: 'o' }));
    assert.deepStrictEqual(r.keys, ['shop/nightly[CronJob]', 'shop/once[Job]']);
  });

  it('splits pods of one owner whose labels differ, named by the differing labels', () => {
    const docs = [owned('Pod', 'w-1', ['StatefulSet', 'w'], { app: 'w', version: 'v1' }), owned('Pod', 'w-2', ['StatefulSet', 'w'], { app: 'w', version: 'v2' }), owned('Pod', 'w-3', ['StatefulSet', 'w'], { app: 'w' })];
    const r = keys(...docs);
    assert.deepStrictEqual(r.keys, ['shop/w[StatefulSet]{version=v1}', 'shop/w[StatefulSet]{version=v2}', 'shop/w[StatefulSet]{!version}']);
    assert.deepStrictEqual(keys(...docs.reverse()).keys.sort(), [...r.keys].sort(), 'the names do not depend on document order');
  });

  it('leaves manifests without owner references as they are', () => {
    const objects = extractObjects(parseYamlFile([owned('Deployment', 'web', undefined, { app: 'web' }), owned('Pod', 'p', undefined, { app: 'p' })].join('---\n'))).objects.map((object) => ({ object, uri: 'm.yaml' }));
    const workloads = engineInputFromObjects(objects).workloads;
    assert.strictEqual(groupByOwner(workloads), workloads);
    assert.deepStrictEqual([...labelWorkloads(workloads).labels.values()], ['shop/web', 'shop/p']);
  });
});
