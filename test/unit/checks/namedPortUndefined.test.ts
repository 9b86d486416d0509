// netpol/named-port-undefined: names defined by no destination container
// (ingress: the selected pods; egress: the peers' pods), the same name with
// another protocol, sidecar ports, ipBlock-only egress, open scopes.
import * as assert from 'assert';
import { runIndexChecks } from '../../../server/src/core/checks';
import { indexOf } from '../index/fixtures';

const RULE = 'netpol/named-port-undefined';
const POLICY = 'file:///w/policy.yaml';

function app(name: string, ns: string, ports: string, extra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}}
spec:
  template:
    metadata:
      labels: {app: ${name}}
    spec:${extra}
      containers:
      - name: main
        ports: ${ports}
`;
}

const WORKLOADS: Record<string, string> = {
  'file:///w/api.yaml': app('api', 'shop', '[{name: http, containerPort: 8080}, {name: stats, containerPort: 8125, protocol: UDP}]'),
  'file:///w/db.yaml': app('db', 'shop', '[{name: pg, containerPort: 5432}]', `
      initContainers:
      - name: exporter
        restartPolicy: Always
        ports: [{name: metrics, containerPort: 9187}]
      - name: migrate
        ports: [{name: migrate, containerPort: 1}]`),
};

function policy(spec: string): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n${spec}`;
}

function run(spec: string, files: Record<string, string> = WORKLOADS) {
  const text = policy(spec);
  const index = indexOf({ ...files, [POLICY]: text });
  return runIndexChecks(index, POLICY)
    .filter((f) => f.ruleId === RULE)
    .map((f) => ({ severity: f.severity, at: text.slice(f.range.start, f.range.end), message: f.message }));
}

describe('netpol/named-port-undefined', () => {
  it('fires on an ingress named port no selected pod defines, naming the pods', () => {
    const [f, ...rest] = run('  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - ports: [{port: web}]\n');
    assert.deepStrictEqual(rest, []);
    assert.strictEqual(f.severity, 'warning');
    assert.strictEqual(f.at, 'web');
    assert.match(f.message, /named port "web" \(TCP\) is defined by no container of the pods this policy selects \(Deployment shop\/api\)/);
    assert.match(f.message, /Name a container port "web"/);
  });

  it('is silent when a selected pod defines it (containers, or a sidecar)', () => {
    assert.deepStrictEqual(run('  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - ports: [{port: http}]\n'), []);
    assert.deepStrictEqual(run('  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - ports: [{port: metrics}]\n'), []);
    // One of several selected pods defining it is enough: the rule applies to that one.
    assert.deepStrictEqual(run('  podSelector: {}\n  ingress:\n  - ports: [{port: pg}]\n'), []);
  });

  it('a plain init container\'s port does not count', () => {
    const [f] = run('  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - ports: [{port: migrate}]\n');
    assert.strictEqual(f.severity, 'warning');
  });

  it('says when the name exists with another protocol', () => {
    const [f] = run('  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - ports: [{port: stats}]\n');
    assert.match(f.message, /named port "stats" is TCP \(no protocol given\) here, but Deployment shop\/api defines it only for UDP/);
    assert.match(f.message, /Add protocol: UDP/);
    assert.deepStrictEqual(run('  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - ports: [{port: stats, protocol: UDP}]\n'), []);
  });

  it('egress: judged against the peers\' pods, not the selected ones', () => {
    const [f] = run('  podSelector: {matchLabels: {app: api}}\n  egress:\n  - to: [{podSelector: {matchLabels: {app: db}}}]\n    ports: [{port: http}]\n');
    assert.match(f.message, /the pods this rule allows traffic to \(Deployment shop\/db\)/);
    assert.deepStrictEqual(run('  podSelector: {matchLabels: {app: api}}\n  egress:\n  - to: [{podSelector: {matchLabels: {app: db}}}]\n    ports: [{port: pg}]\n'), []);
  });

  it('egress to ipBlocks only can never match a named port', () => {
    const [f] = run('  podSelector: {}\n  egress:\n  - to: [{ipBlock: {cidr: 10.0.0.0/8}}]\n    ports: [{port: pg}]\n');
    assert.strictEqual(f.severity, 'warning');
    assert.match(f.message, /only ipBlocks/);
  });

  it('open scopes (namespaces without workloads in the workspace, namespaceSelector: {}) are information', () => {
    const [f] = run('  podSelector: {}\n  egress:\n  - to: [{namespaceSelector: {}, podSelector: {matchLabels: {app: db}}}]\n    ports: [{port: nope}]\n');
    assert.strictEqual(f.severity, 'information');
    assert.match(f.message, /pods outside the workspace may define it/);
    const [g] = run('  podSelector: {}\n  egress:\n  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-public}}}]\n    ports: [{port: nope}]\n');
    assert.strictEqual(g.severity, 'information');
    const [h] = run('  podSelector: {}\n  egress:\n  - ports: [{port: nope}]\n');
    assert.strictEqual(h.severity, 'information');
    assert.deepStrictEqual(run('  podSelector: {}\n  egress:\n  - ports: [{port: pg}]\n'), []);
  });

  it('the cluster DNS pods define dns for UDP: a TCP "dns" port says so', () => {
    const [f] = run('  podSelector: {}\n  egress:\n  - to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n    ports: [{port: dns}]\n');
    assert.match(f.message, /cluster DNS defines it only for UDP/);
    assert.deepStrictEqual(run('  podSelector: {}\n  egress:\n  - to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n    ports: [{port: dns, protocol: UDP}, {port: dns-tcp}]\n'), []);
  });

  it('silent when the selector matches nothing (its own finding says so), and for rules policyTypes ignores', () => {
    assert.deepStrictEqual(run('  podSelector: {matchLabels: {app: ghost}}\n  ingress:\n  - ports: [{port: web}]\n'), []);
    assert.deepStrictEqual(run('  podSelector: {}\n  policyTypes: [Ingress]\n  egress:\n  - to: [{podSelector: {}}]\n    ports: [{port: web}]\n'), []);
  });
});
