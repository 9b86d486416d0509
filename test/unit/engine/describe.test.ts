import * as assert from 'assert';
import { analyzeText } from '../../../server/src/core/analyze';
import type { NetworkPolicy } from '../../../server/src/core/model/types';
import { describePolicy, describeWorkload } from '../../../server/src/core/policy/engine/describe';
import { compileEngine } from '../../../server/src/core/policy/engine/engine';
import { inputFromYaml } from './helpers';
import { POLICIES, WORKLOADS } from './threeTier';

function policy(text: string, namespace = 'shop') {
  return { policy: analyzeText(text).objects[0] as NetworkPolicy, namespace };
}
const [DB, BACKEND] = POLICIES.split('---\n').map((t) => policy(t));

describe('engine/describe', () => {
  it('says what a policy does per direction, in the words of the brief', () => {
    assert.deepStrictEqual(describePolicy(DB), { ingress: 'Pods app=db in shop accept ingress only from app=backend in shop on TCP 3306; all other ingress to them is denied', notes: [] });
    assert.deepStrictEqual(describePolicy(BACKEND), {
      egress: 'Pods app=backend in shop may send egress only to app=db in shop on TCP port named mysql, or to anywhere on UDP 53, TCP 53; all other egress from them is denied',
      notes: [],
    });
  });

  it('words deny-all, allow-all, namespaces, ipBlocks and ignored rules', () => {
    const p = policy(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: mixed}
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}
    - namespaceSelector: {matchLabels: {team: a}}
      podSelector: {}
    - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
    ports:
    - {port: 80, endPort: 81}
    - protocol: UDP
  egress:
  - {}
`, 'web');
    assert.deepStrictEqual(describePolicy(p), {
      ingress: 'All pods in web accept ingress only from all pods in namespace monitoring or all pods in namespaces team=a or 10.0.0.0/8 except 10.1.0.0/16 on TCP 80-81, all UDP ports; all other ingress to them is denied',
      notes: ['its egress rules are ignored: policyTypes does not include Egress'],
    });
    const deny = policy('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: d}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  policyTypes: [Ingress, Egress]\n  egress: [{}]\n');
    assert.deepStrictEqual(describePolicy(deny), { ingress: 'Pods app=db in shop accept no ingress: all ingress to them is denied', egress: 'Pods app=db in shop may send all egress', notes: [] });
  });

  it('sums up a workload from every policy selecting it', () => {
    const engine = compileEngine(inputFromYaml({ 'w.yaml': WORKLOADS, 'p.yaml': POLICIES }));
    const db = describeWorkload(engine, 'shop/db');
    assert.strictEqual(db.ingress.text, 'shop/db is isolated for ingress by db-policy; it accepts ingress only from app=backend in shop on TCP 3306 (db-policy); all other ingress is denied');
    assert.strictEqual(db.egress.text, 'shop/db is not isolated for egress (no policy selects it): all egress is allowed');
    assert.deepStrictEqual(db.ingress.policies, [{ name: 'db-policy', namespace: 'shop', uri: 'p.yaml' }]);
  });
});
