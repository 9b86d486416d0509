// The connectivity diff on engine inputs built from YAML: rows, deltas,
// widen/narrow flags, responsible rules, workload notes, ipBlock pieces.
import * as assert from 'assert';
import { deltaText, diffConnectivity, DiffRow, portsText, subtractPorts } from '../../../server/src/core/diff';
import { ALL_PORTS, EMPTY_PORTS, portRange, union } from '../../../server/src/core/policy/engine';
import { inputFromYaml } from '../engine/helpers';
import { APPS, dbPolicy } from './manifests';

function summary(rows: DiffRow[]): string[] {
  return rows.map((r) => `${r.change} ${r.from.key} -> ${r.to.key} ${deltaText(r.gained, r.lost)}${r.widens ? ' W' : ''}${r.narrows ? ' N' : ''}`);
}

describe('diffConnectivity', () => {
  it('a policy edit that lets the frontend reach the database is exactly that row, with the head rule', () => {
    const base = inputFromYaml({ 'apps.yaml': APPS, 'db.yaml': dbPolicy('backend') });
    const head = inputFromYaml({ 'apps.yaml': APPS, 'db.yaml': dbPolicy('frontend') });
    const diff = diffConnectivity(base, head);
    assert.deepStrictEqual(summary(diff.rows), ['added shop/frontend -> shop/db +TCP 3306 W']);
    const [row] = diff.rows;
    assert.deepStrictEqual(row.rules.map((r) => [r.side, r.direction, r.policy, r.path, r.uri]), [['head', 'Ingress', 'db-ingress', 'spec.ingress[0]', 'db.yaml']]);
    assert.deepStrictEqual(row.open, [{ side: 'head', direction: 'Egress' }]);
  });

  it('identical inputs, and a file renamed, give no rows', () => {
    const base = inputFromYaml({ 'apps.yaml': APPS, 'db.yaml': dbPolicy('frontend') });
    assert.deepStrictEqual(diffConnectivity(base, base).rows, []);
    const moved = inputFromYaml({ 'elsewhere/apps.yaml': APPS, 'policies/db-policy.yaml': dbPolicy('frontend') });
    assert.deepStrictEqual(diffConnectivity(base, moved).rows, []);
  });

  it('changed ports are a changed row that both widens and narrows, blaming head and base rules', () => {
    const base = inputFromYaml({ 'apps.yaml': APPS, 'db.yaml': dbPolicy('frontend', ['{port: 3306}', '{port: 53, protocol: UDP}']) });
    const head = inputFromYaml({ 'apps.yaml': APPS, 'db.yaml': dbPolicy('frontend', ['{port: 3306}', '{port: 8080}']) });
    const diff = diffConnectivity(base, head);
    assert.deepStrictEqual(summary(diff.rows), ['changed shop/frontend -> shop/db +TCP 8080 -UDP 53 W N']);
    assert.deepStrictEqual(diff.rows[0].rules.map((r) => [r.side, portsText(r.ports)]), [['head', 'TCP 8080'], ['base', 'UDP 53']]);
  });

  it('a workload on one side only is marked, with the connections it gained or lost', () => {
    const base = inputFromYaml({ 'apps.yaml': APPS, 'db.yaml': dbPolicy('frontend') });
    const extra = `
apiVersion: v1
kind: Pod
metadata: {name: batch, namespace: shop, labels: {app: frontend}}
`;
    const head = inputFromYaml({ 'apps.yaml': APPS, 'db.yaml': dbPolicy('frontend'), 'batch.yaml': extra });
    const diff = diffConnectivity(base, head);
    assert.deepStrictEqual(diff.workloadsAdded, ['shop/batch']);
    assert.ok(diff.rows.length > 0);
    for (const r of diff.rows) {
      assert.ok(r.from.key === 'shop/batch' || r.to.key === 'shop/batch', `${r.from.key} -> ${r.to.key}`);
      assert.strictEqual(r.change, 'added');
      assert.strictEqual((r.from.key === 'shop/batch' ? r.from : r.to).note, 'workload added');
    }
    assert.ok(summary(diff.rows).includes('added shop/batch -> shop/db +TCP 3306 W'));
    const back = diffConnectivity(head, base);
    assert.deepStrictEqual(back.workloadsRemoved, ['shop/batch']);
    assert.ok(back.rows.every((r) => r.change === 'removed' && r.narrows && !r.widens));
  });

  it('a renamed label shows the connections the workload lost', () => {
    const renamed = APPS.replace('labels: {app: frontend}', 'labels: {app: web}');
    const base = inputFromYaml({ 'apps.yaml': APPS, 'db.yaml': dbPolicy('frontend') });
    const head = inputFromYaml({ 'apps.yaml': renamed, 'db.yaml': dbPolicy('frontend') });
    const diff = diffConnectivity(base, head);
    assert.deepStrictEqual(summary(diff.rows), ['removed shop/frontend -> shop/db -TCP 3306 N']);
    assert.deepStrictEqual(diff.rows[0].rules.map((r) => [r.side, r.policy]), [['base', 'db-ingress']]);
  });

  it('ipBlocks are cut into common pieces on both sides', () => {
    const egress = (to: string) => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: out, namespace: shop}
spec:
  podSelector: {matchLabels: {app: frontend}}
  policyTypes: [Egress]
  egress:
  - to: [${to}]
`;
    const base = inputFromYaml({ 'apps.yaml': APPS, 'out.yaml': egress('{ipBlock: {cidr: 10.0.0.0/8}}') });
    const head = inputFromYaml({ 'apps.yaml': APPS, 'out.yaml': egress('{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}, {ipBlock: {cidr: 192.168.0.0/24}}') });
    const rows = summary(diffConnectivity(base, head).rows).filter((r) => r.includes('shop/frontend ->'));
    assert.deepStrictEqual(rows, ['removed shop/frontend -> 10.1.0.0/16 -all N', 'added shop/frontend -> 192.168.0.0/24 +all W']);
  });

  it('rows are sorted: workloads by key, then outside, then pieces', () => {
    const base = inputFromYaml({ 'apps.yaml': APPS, 'db.yaml': dbPolicy('frontend') });
    const head = inputFromYaml({ 'apps.yaml': APPS });
    const keys = diffConnectivity(base, head).rows.map((r) => `${r.from.key}>${r.to.key}`);
    assert.deepStrictEqual(keys, [...keys].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1)));
    assert.ok(keys.includes('outside>shop/db') && keys.includes('shop/frontend>shop/db'));
  });
});

function rank(pair: string): number {
  return pair.startsWith('outside') ? 1 : 0;
}

describe('port deltas', () => {
  it('subtracts intervals exactly', () => {
    const a = union(portRange('TCP', 80, 90), portRange('UDP', 53, 53));
    assert.strictEqual(portsText(subtractPorts(a, portRange('TCP', 85, 85))), 'TCP 80-84, TCP 86-90, UDP 53');
    assert.strictEqual(portsText(subtractPorts(ALL_PORTS, a)), 'TCP 1-79, TCP 91-65535, UDP 1-52, UDP 54-65535, SCTP 1-65535');
    assert.strictEqual(portsText(subtractPorts(a, ALL_PORTS)), 'none');
    assert.strictEqual(deltaText(ALL_PORTS, EMPTY_PORTS), '+all');
    assert.strictEqual(deltaText(portRange('TCP', 8080, 8080), portRange('UDP', 53, 53)), '+TCP 8080 -UDP 53');
  });
});
