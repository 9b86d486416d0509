// netpol/dns-egress-blocked answers from one question per policy and the
// policies selecting each workload (dnsReachability.ts), not from an engine
// over the namespace's workloads. The engine-based computation it replaced
// is kept here as the reference: on random workspaces (policies of every
// kind: DNS rules whole or cut, named and ranged ports, ipBlocks, rules
// without peers, `- {}`, empty, invalid and shared selectors, policies in
// the DNS namespace), both give the same gaps for every namespace, cold and
// after edits that let the cache reuse some policies' answers.
import * as assert from 'assert';
import { clusterDnsOf, dnsWorkloadsOf } from '../../../server/src/core/cluster/queries';
import type { ClusterDns } from '../../../server/src/core/cluster/types';
import { dnsGapsIn, dnsPorts, PolicyDnsGaps } from '../../../server/src/core/checks/dnsReachability';
import { clearCheckCaches } from '../../../server/src/core/checks/clearCaches';
import { engineWorkloadOf } from '../../../server/src/core/index/engineInput';
import type { IndexedPolicy } from '../../../server/src/core/index/types';
import { WorkspaceIndex } from '../../../server/src/core/index/workspaceIndex';
import { compileEngine, contains, directionPorts, effectivePolicyTypes, EMPTY_PORTS, Endpoint, EngineWorkload, parseAddress, PortSet, union, workloadEndpoint } from '../../../server/src/core/policy/engine';

/** The replaced computation: an engine over the namespace's workloads and the DNS pods, asked per class. */
function engineGaps(index: WorkspaceIndex, namespace: string): Map<string, PolicyDnsGaps> {
  const dns = clusterDnsOf(index) as ClusterDns;
  const policies: IndexedPolicy[] = [...index.policiesIn(namespace).values()].filter((p) => effectivePolicyTypes({ policy: p.policy, namespace: p.namespace }).Egress);
  const gaps = new Map<string, PolicyDnsGaps>();
  if (policies.length === 0 || index.workloadCountIn(namespace) === 0) return gaps;
  const dnsWorkloads = dnsWorkloadsOf(index);
  const workloads: EngineWorkload[] = [...index.workloadsIn(namespace).values()].map(engineWorkloadOf);
  const own = new Set(workloads.map((w) => w.id));
  const dnsEngineWorkloads = dnsWorkloads.map(engineWorkloadOf);
  for (const w of dnsEngineWorkloads) if (!own.has(w.id)) workloads.push(w);
  const nsInfo = (name: string) => index.namespace(name) ?? { name, labels: new Map([['kubernetes.io/metadata.name', name]]) };
  const engine = compileEngine({
    namespaces: [...new Set([namespace, dns.namespace])].map((n) => ({ name: n, labels: nsInfo(n).labels })),
    workloads,
    policies: policies.map((p) => ({ policy: p.policy, namespace: p.namespace, uri: p.uri })),
  });
  const destinations: Endpoint[] = dnsEngineWorkloads.map((w) => workloadEndpoint(engine, w));
  const ip = dns.ip && parseAddress(dns.ip);
  if (ip) destinations.push({ kind: 'ip', address: ip, label: dns.ip! });
  if (destinations.length === 0) return gaps;
  const ports = dnsPorts(dns);
  const dnsIds = new Set(dnsWorkloads.map((w) => w.id));
  for (const cls of engine.classes) {
    if (cls.namespace !== namespace || cls.selection.Egress.policies.length === 0) continue;
    const members = cls.workloads.filter((w) => !dnsIds.has(w.id));
    if (members.length === 0) continue;
    const source = workloadEndpoint(engine, members[0]);
    let allowed: PortSet = EMPTY_PORTS;
    for (const d of destinations) allowed = union(allowed, directionPorts('Egress', source, d));
    const udp = contains(allowed, 'UDP', ports.udp);
    const tcp = contains(allowed, 'TCP', ports.tcp);
    if (udp && tcp) continue;
    for (const p of cls.selection.Egress.policies) {
      const id = policies[p.index].id;
      let g = gaps.get(id);
      if (!g) gaps.set(id, (g = { udp: { count: 0, names: [] }, tcpOnly: { count: 0, names: [] } }));
      const into = udp ? g.tcpOnly : g.udp;
      into.count += members.length;
      into.names = [...into.names, ...members.map((w) => w.name || '(unnamed)').sort().slice(0, 3)].sort().slice(0, 3);
    }
  }
  return gaps;
}

const APPS = ['api', 'web', 'db'];
const TIERS = ['front', 'back'];

function workload(name: string, ns: string, app: string, tier: string, dnsPort: boolean): string {
  const ports = dnsPort ? '\n        ports:\n        - {name: dns, containerPort: 53, protocol: UDP}' : '';
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector:\n    matchLabels: {app: ${app}}\n  template:\n    metadata:\n      labels: {app: ${app}, tier: ${tier}}\n    spec:\n      containers:\n      - name: c\n        image: x${ports}\n`;
}

const SELECTORS = ['{}', '{matchLabels: {app: api}}', '{matchLabels: {app: web}}', '{matchLabels: {app: db, tier: back}}', '{matchExpressions: [{key: tier, operator: In, values: [front]}]}', '{matchExpressions: [{key: app, operator: In}]}', '{matchLabels: {k8s-app: kube-dns}}'];
const EGRESS = [
  '  - to:\n    - namespaceSelector: {}\n      podSelector: {matchLabels: {k8s-app: kube-dns}}\n    ports:\n    - {protocol: UDP, port: 53}\n    - {protocol: TCP, port: 53}\n',
  '  - to:\n    - namespaceSelector: {}\n      podSelector: {matchLabels: {k8s-app: kube-dns}}\n    ports:\n    - {protocol: UDP, port: 53}\n',
  '  - to:\n    - namespaceSelector: {}\n    ports:\n    - {protocol: TCP, port: 53}\n',
  '  - to:\n    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}\n    ports:\n    - {protocol: UDP, port: dns}\n',
  '  - ports:\n    - {protocol: UDP, port: 50, endPort: 60}\n',
  '  - to:\n    - ipBlock: {cidr: 0.0.0.0/0}\n',
  '  - to:\n    - podSelector: {matchLabels: {app: db}}\n',
  '  - {}\n',
  '  - ports:\n    - {protocol: UDP, port: 5353}\n',
];

function randomWorkspace(seed: number): Map<string, string> {
  let s = seed;
  const random = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const files = new Map<string, string>();
  files.set('/ws/kube-system/coredns.yaml', workload('coredns', 'kube-system', 'coredns', 'infra', true).replace('{app: coredns, tier: infra}', '{k8s-app: kube-dns}').replace('{app: coredns}', '{k8s-app: kube-dns}'));
  for (const ns of ['a', 'b', 'kube-system']) {
    const docs: string[] = [];
    for (let i = 0; i < 3 + Math.floor(random() * 8); i++) docs.push(workload(`${pick(APPS)}-${i}`, ns, pick(APPS), pick(TIERS), false));
    files.set(`/ws/${ns}/apps.yaml`, docs.join('---\n'));
    const policies: string[] = [];
    for (let i = 0; i < 1 + Math.floor(random() * 6); i++) {
      const types = pick(['  policyTypes: [Egress]\n', '  policyTypes: [Ingress]\n', '', '  policyTypes: [Ingress, Egress]\n']);
      const rules = Array.from({ length: Math.floor(random() * 3) }, () => pick(EGRESS)).join('');
      policies.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p${i}\n  namespace: ${ns}\nspec:\n  podSelector: ${pick(SELECTORS)}\n${types}${rules ? `  egress:\n${rules}` : ''}`);
    }
    files.set(`/ws/${ns}/policies.yaml`, policies.join('---\n'));
  }
  return files;
}

describe('dns-egress-blocked: the answers per policy give the engine per class of pods its gaps', () => {
  it('on random workspaces, every namespace has the gaps the engine over its workloads gives', () => {
    let withGaps = 0;
    let withoutGaps = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const index = new WorkspaceIndex();
      for (const [uri, text] of randomWorkspace(seed)) index.setFile(uri, text);
      clearCheckCaches(index);
      for (const ns of ['a', 'b', 'kube-system']) {
        const expected = engineGaps(index, ns);
        const actual = dnsGapsIn(index, ns);
        const sorted = (m: Map<string, PolicyDnsGaps>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));
        assert.deepStrictEqual(sorted(actual), sorted(expected), `seed ${seed}, namespace ${ns}`);
        for (const g of expected.values()) (g.udp.count > 0 || g.tcpOnly.count > 0 ? withGaps++ : withoutGaps++);
        if (expected.size === 0) withoutGaps++;
      }
    }
    // Both kinds of answer occur (else the comparison proves little).
    assert.ok(withGaps > 20 && withoutGaps > 20, `${withGaps} policies with gaps, ${withoutGaps} namespaces or policies without`);
  });

  it('after random edits (one policy, the workloads of a namespace, the DNS pods, a file removed), the warm answer is the cold one', () => {
    const sorted = (m: Map<string, PolicyDnsGaps>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));
    let reused = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const index = new WorkspaceIndex();
      // One file per policy, so an edit to one leaves the others' objects (and their cached answers) in place.
      const files = new Map<string, string>();
      for (const [uri, text] of randomWorkspace(seed)) {
        if (!uri.endsWith('/policies.yaml')) files.set(uri, text);
        else text.split('---\n').forEach((doc, i) => files.set(uri.replace('policies.yaml', `policy-${i}.yaml`), doc));
      }
      for (const [uri, text] of files) index.setFile(uri, text);
      const other = randomWorkspace(seed + 1000);
      const replacements = [...other].flatMap(([uri, text]) => (uri.endsWith('/policies.yaml') ? text.split('---\n').map((doc) => ({ uri, doc })) : []));
      let r = seed;
      const random = () => (r = (r * 1103515245 + 12345) % 2147483648) / 2147483648;
      const policyUris = [...files.keys()].filter((u) => u.includes('/policy-'));
      for (let step = 0; step < 12; step++) {
        for (const ns of ['a', 'b', 'kube-system']) dnsGapsIn(index, ns);
        const kind = Math.floor(random() * 4);
        const target = policyUris[Math.floor(random() * policyUris.length)];
        if (kind === 0 || kind === 3) {
          const next = replacements[Math.floor(random() * replacements.length)].doc;
          // The replacement keeps the target's namespace (its folder).
          index.setFile(target, next.replace(/namespace: \S+/, `namespace: ${target.split('/')[2]}`));
          if (kind === 3) index.removeFile(policyUris[Math.floor(random() * policyUris.length)]);
        } else if (kind === 1) {
          const ns = ['a', 'b', 'kube-system'][Math.floor(random() * 3)];
          index.setFile(`/ws/${ns}/apps.yaml`, other.get(`/ws/${ns}/apps.yaml`)!.replace(/-(\d+)\n/g, `-$1-${step}\n`));
        } else {
          const coredns = files.get('/ws/kube-system/coredns.yaml')!;
          index.setFile('/ws/kube-system/coredns.yaml', step % 2 ? coredns.replace('protocol: UDP', 'protocol: TCP') : coredns);
        }
        for (const ns of ['a', 'b', 'kube-system']) {
          const expected = engineGaps(index, ns);
          assert.deepStrictEqual(sorted(dnsGapsIn(index, ns)), sorted(expected), `seed ${seed}, step ${step} (edit ${kind}), namespace ${ns}`);
        }
        if (kind === 0) reused++;
      }
    }
    assert.ok(reused > 50, `${reused} single-policy edits`);
  });

  it('after label edits in single workloads (one file each), the warm answer is the cold one', () => {
    const sorted = (m: Map<string, PolicyDnsGaps>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));
    let edits = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const index = new WorkspaceIndex();
      // One file per workload: an edit changes one workload's labels, and the selectors it cannot enter or leave keep their workloads.
      const workloadUris: string[] = [];
      for (const [uri, text] of randomWorkspace(seed)) {
        if (!uri.endsWith('/apps.yaml')) index.setFile(uri, text);
        else
          text.split('---\n').forEach((doc, i) => {
            const one = uri.replace('apps.yaml', `app-${i}.yaml`);
            index.setFile(one, doc);
            workloadUris.push(one);
          });
      }
      let r = seed * 7;
      const random = () => (r = (r * 1103515245 + 12345) % 2147483648) / 2147483648;
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
      for (let step = 0; step < 15; step++) {
        for (const ns of ['a', 'b', 'kube-system']) dnsGapsIn(index, ns);
        // Now and then several at once, one of them the DNS pods' label.
        for (let k = random() < 0.2 ? 4 : 1; k > 0; k--) {
          const uri = pick(workloadUris);
          const ns = uri.split('/')[2];
          const labels = random() < 0.1 ? '{k8s-app: kube-dns}' : `{app: ${pick(APPS)}, tier: ${pick(TIERS)}}`;
          if (random() < 0.1) index.removeFile(uri);
          else index.setFile(uri, workload(`w-${uri.split('app-')[1]}`, ns, 'x', 'y', random() < 0.2).replace('{app: x, tier: y}', labels));
          edits++;
        }
        for (const ns of ['a', 'b', 'kube-system']) {
          const warm = sorted(dnsGapsIn(index, ns));
          assert.deepStrictEqual(warm, sorted(engineGaps(index, ns)), `seed ${seed}, step ${step}, namespace ${ns}`);
          clearCheckCaches(index);
          assert.deepStrictEqual(warm, sorted(dnsGapsIn(index, ns)), `seed ${seed}, step ${step}, namespace ${ns}: cold`);
        }
      }
    }
    assert.ok(edits > 600, `${edits} workload edits`);
  });
});
