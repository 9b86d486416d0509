// Property tests: random small workspaces (2-3 namespaces, a few pods with
// labels from a small alphabet, random policies) checked against a naive
// per-pod reference written here from networkpolicy-semantics.md section 3.
import * as assert from 'assert';
import * as fc from 'fast-check';
import * as ipaddr from 'ipaddr.js';
import { isAllowed } from '../../../server/src/core/policy/engine/engine';
import { computeMatrix } from '../../../server/src/core/policy/engine/matrix';
import { contains, isEmpty, isSubset, PROTOCOLS, Protocol } from '../../../server/src/core/policy/engine/portSet';
import { inputFromYaml } from './helpers';

type Dir = 'Ingress' | 'Egress';
type Labels = Record<string, string>;
interface Sel {
  matchLabels?: Labels;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}
interface Port {
  protocol?: Protocol;
  port?: number | string;
  endPort?: number;
}
type Peer = { podSelector?: Sel; namespaceSelector?: Sel } | { ipBlock: { cidr: string; except?: string[] } };
interface Rule {
  ports?: Port[];
  peers?: Peer[];
}
interface Policy {
  ns: string;
  name: string;
  podSelector: Sel;
  policyTypes?: Dir[];
  ingress?: Rule[];
  egress?: Rule[];
}
interface Pod {
  ns: string;
  name: string;
  labels: Labels;
  ports: { name?: string; containerPort: number; protocol: Protocol }[];
  ips: string[];
}
interface Ns {
  name: string;
  labels: Labels;
  defined: boolean;
}
interface Workspace {
  namespaces: Ns[];
  pods: Pod[];
  policies: Policy[];
}

// ---- generators -------------------------------------------------------------

const NS_NAMES = ['n1', 'n2', 'n3'];
const KEYS = ['app', 'tier'];
const VALUES = ['a', 'b', 'c'];
const PORT_NUMBERS = [53, 80, 81, 443];
const PORT_NAMES = ['http', 'dns', 'web'];
const POD_IPS = ['10.0.0.1', '10.0.0.2', '10.0.0.5', '10.0.0.6'];
const CIDRS = ['10.0.0.0/29', '10.0.0.0/30', '10.0.0.4/30', '10.0.0.2/32', '0.0.0.0/0', '192.168.0.0/16', '10.0.0.5/24'];
const EXCEPTS = ['10.0.0.1/32', '10.0.0.0/31', '10.0.0.4/31', '192.168.1.0/24'];
const PROBE_IPS = ['10.0.0.1', '10.0.0.3', '10.0.0.6', '192.168.1.1', '192.168.2.2', '8.8.8.8'];
/** One address in every region the generated CIDRs and excepts cut the address space into. */
const REGION_IPS = [...Array.from({ length: 10 }, (_, i) => `10.0.0.${i}`), '192.168.1.1', '192.168.2.2', '8.8.8.8'];
const PROBES: { protocol: Protocol; port: number }[] = [
  ...[53, 80, 81, 82, 443].map((port) => ({ protocol: 'TCP' as const, port })),
  { protocol: 'UDP', port: 53 },
  { protocol: 'UDP', port: 80 },
  { protocol: 'SCTP', port: 81 },
];

const labelsArb = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 2 });
const protocolArb = fc.constantFrom<Protocol>(...PROTOCOLS);

const selectorArb: fc.Arbitrary<Sel> = fc.record(
  {
    matchLabels: fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 1 }),
    matchExpressions: fc.array(
      fc.oneof(
        fc.record({ key: fc.constantFrom(...KEYS), operator: fc.constantFrom<'In' | 'NotIn'>('In', 'NotIn'), values: fc.uniqueArray(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 2 }) }),
        fc.record({ key: fc.constantFrom(...KEYS), operator: fc.constantFrom<'Exists' | 'DoesNotExist'>('Exists', 'DoesNotExist') }),
      ),
      { maxLength: 1 },
    ),
  },
  { requiredKeys: [] },
);
const nsSelectorArb: fc.Arbitrary<Sel> = fc.oneof(
  fc.constant({}),
  fc.record({ matchLabels: fc.record({ env: fc.constantFrom('a', 'b') }) }),
  fc.record({ matchLabels: fc.record({ 'kubernetes.io/metadata.name': fc.constantFrom(...NS_NAMES) }) }),
  fc.record({ matchExpressions: fc.constant([{ key: 'kubernetes.io/metadata.name', operator: 'NotIn' as const, values: ['n1'] }]) }),
);

const portArb: fc.Arbitrary<Port> = fc.oneof(
  fc.record({ protocol: protocolArb }, { requiredKeys: [] }),
  fc.record({ protocol: protocolArb, port: fc.constantFrom(...PORT_NUMBERS) }, { requiredKeys: ['port'] }),
  fc.record({ protocol: protocolArb, port: fc.constantFrom(53, 80), endPort: fc.constantFrom(80, 81, 443) }, { requiredKeys: ['port', 'endPort'] }),
  fc.record({ protocol: protocolArb, port: fc.constantFrom(...PORT_NAMES, 'nope') }, { requiredKeys: ['port'] }),
);

const peerArb: fc.Arbitrary<Peer> = fc.oneof(
  fc.record({ podSelector: selectorArb }),
  fc.record({ namespaceSelector: nsSelectorArb }),
  fc.record({ podSelector: selectorArb, namespaceSelector: nsSelectorArb }),
  fc.record({ ipBlock: fc.record({ cidr: fc.constantFrom(...CIDRS), except: fc.uniqueArray(fc.constantFrom(...EXCEPTS), { maxLength: 2 }) }, { requiredKeys: ['cidr'] }) }),
);

const ruleArb: fc.Arbitrary<Rule> = fc.record({ ports: fc.array(portArb, { maxLength: 2 }), peers: fc.array(peerArb, { maxLength: 2 }) }, { requiredKeys: [] });
const rulesArb = fc.option(fc.array(ruleArb, { maxLength: 2 }), { nil: undefined });

const policyArb = (i: number): fc.Arbitrary<Policy> =>
  fc.record({
    ns: fc.constantFrom(...NS_NAMES),
    name: fc.constant(`p${i}`),
    podSelector: selectorArb,
    policyTypes: fc.option(fc.constantFrom<Dir[]>(['Ingress'], ['Egress'], ['Ingress', 'Egress']), { nil: undefined }),
    ingress: rulesArb,
    egress: rulesArb,
  });

const podArb = (i: number): fc.Arbitrary<Pod> =>
  fc.record({
    ns: fc.constantFrom(...NS_NAMES),
    name: fc.constant(`w${i}`),
    labels: labelsArb,
    ports: fc.array(fc.record({ name: fc.option(fc.constantFrom(...PORT_NAMES), { nil: undefined }), containerPort: fc.constantFrom(...PORT_NUMBERS), protocol: protocolArb }), { maxLength: 3 }),
    ips: fc.oneof(fc.constant([] as string[]), fc.constantFrom(...POD_IPS).map((ip) => [ip])),
  });

const workspaceArb: fc.Arbitrary<Workspace> = fc
  .record({
    nsCount: fc.integer({ min: 2, max: 3 }),
    nsLabels: fc.array(fc.record({ env: fc.constantFrom('a', 'b') }, { requiredKeys: [] }), { minLength: 3, maxLength: 3 }),
    defined: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
    podCount: fc.integer({ min: 1, max: 5 }),
    policyCount: fc.integer({ min: 0, max: 4 }),
  })
  .chain(({ nsCount, nsLabels, defined, podCount, policyCount }) => {
    const names = NS_NAMES.slice(0, nsCount);
    const inNs = <T extends { ns: string }>(a: fc.Arbitrary<T>) => a.map((x) => ({ ...x, ns: names.includes(x.ns) ? x.ns : names[0] }));
    return fc.record({
      namespaces: fc.constant(names.map((name, i) => ({ name, labels: nsLabels[i], defined: defined[i] }))),
      pods: fc.tuple(...Array.from({ length: podCount }, (_, i) => inNs(podArb(i)))),
      policies: policyCount === 0 ? fc.constant([] as Policy[]) : fc.tuple(...Array.from({ length: policyCount }, (_, i) => inNs(policyArb(i)))),
    });
  });

// ---- YAML (JSON is YAML, and quoting keeps YAML 1.1 booleans away) -------------

function toYaml(ws: Workspace): string {
  const docs: unknown[] = [];
  for (const ns of ws.namespaces) if (ns.defined) docs.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns.name, labels: ns.labels } });
  for (const p of ws.pods) {
    docs.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: p.name, namespace: p.ns, labels: p.labels },
      spec: { containers: [{ name: 'c', ports: p.ports.map((cp) => ({ ...(cp.name ? { name: cp.name } : {}), containerPort: cp.containerPort, protocol: cp.protocol })) }] },
      status: { podIPs: p.ips.map((ip) => ({ ip })) },
    });
  }
  for (const p of ws.policies) {
    const rule = (r: Rule, peerField: string) => ({ ...(r.ports ? { ports: r.ports } : {}), ...(r.peers ? { [peerField]: r.peers } : {}) });
    docs.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: p.name, namespace: p.ns },
      spec: {
        podSelector: p.podSelector,
        ...(p.policyTypes ? { policyTypes: p.policyTypes } : {}),
        ...(p.ingress ? { ingress: p.ingress.map((r) => rule(r, 'from')) } : {}),
        ...(p.egress ? { egress: p.egress.map((r) => rule(r, 'to')) } : {}),
      },
    });
  }
  return docs.map((d) => JSON.stringify(d)).join('\n---\n');
}

// ---- the naive reference ------------------------------------------------------

type Ep = { pod: Pod } | { ip: string };

function refSelector(sel: Sel | undefined, labels: Labels): boolean {
  if (!sel) return true;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    if (e.operator === 'In' && !(has && e.values!.includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && e.values!.includes(labels[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

function refInBlock(ip: string, block: { cidr: string; except?: string[] }): boolean {
  const addr = ipaddr.parse(ip);
  const inside = (cidr: string) => addr.match(ipaddr.parseCIDR(cidr));
  return inside(block.cidr) && !(block.except ?? []).some(inside);
}

function nsLabels(ws: Workspace, name: string): Labels {
  const ns = ws.namespaces.find((n) => n.name === name);
  return { ...(ns?.defined ? ns.labels : {}), 'kubernetes.io/metadata.name': name };
}

function refTypes(p: Policy): Dir[] {
  if (p.policyTypes && p.policyTypes.length > 0) return p.policyTypes;
  return p.egress && p.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

function refPeer(ws: Workspace, peer: Peer, policyNs: string, other: Ep, ipBlockMatchesPods: boolean): boolean {
  if ('ipBlock' in peer) {
    if ('ip' in other) return refInBlock(other.ip, peer.ipBlock);
    return ipBlockMatchesPods && other.pod.ips.some((ip) => refInBlock(ip, peer.ipBlock));
  }
  if (!('pod' in other)) return false;
  const nsOk = peer.namespaceSelector ? refSelector(peer.namespaceSelector, nsLabels(ws, other.pod.ns)) : other.pod.ns === policyNs;
  return nsOk && refSelector(peer.podSelector, other.pod.labels);
}

function refPort(p: Port, dst: Ep, protocol: Protocol, port: number): boolean {
  if ((p.protocol ?? 'TCP') !== protocol) return false;
  if (p.port === undefined) return true;
  if (typeof p.port === 'number') return p.endPort === undefined ? port === p.port : p.port <= port && port <= p.endPort;
  return 'pod' in dst && dst.pod.ports.some((cp) => cp.name === p.port && cp.containerPort === port && cp.protocol === protocol);
}

function refDirection(ws: Workspace, dir: Dir, src: Ep, dst: Ep, protocol: Protocol, port: number, ipBlockMatchesPods: boolean): boolean {
  const self = dir === 'Egress' ? src : dst;
  const other = dir === 'Egress' ? dst : src;
  if (!('pod' in self)) return true;
  const selecting = ws.policies.filter((p) => p.ns === self.pod.ns && refSelector(p.podSelector, self.pod.labels) && refTypes(p).includes(dir));
  if (selecting.length === 0) return true;
  return selecting.some((p) =>
    ((dir === 'Ingress' ? p.ingress : p.egress) ?? []).some(
      (r) => (!r.peers || r.peers.length === 0 || r.peers.some((peer) => refPeer(ws, peer, p.ns, other, ipBlockMatchesPods))) && (!r.ports || r.ports.length === 0 || r.ports.some((pp) => refPort(pp, dst, protocol, port))),
    ),
  );
}

function refAllowed(ws: Workspace, src: Ep, dst: Ep, protocol: Protocol, port: number, ipBlockMatchesPods = true): boolean {
  if ('pod' in src && 'pod' in dst && src.pod === dst.pod) return true;
  return refDirection(ws, 'Egress', src, dst, protocol, port, ipBlockMatchesPods) && refDirection(ws, 'Ingress', src, dst, protocol, port, ipBlockMatchesPods);
}

// ---- properties ---------------------------------------------------------------

const key = (p: Pod) => `${p.ns}/${p.name}`;
const RUNS = { numRuns: 100 };

describe('engine properties (fast-check)', () => {
  it('equals the naive per-pod reference on pods, IPs, protocols and ports', () => {
    fc.assert(
      fc.property(workspaceArb, fc.boolean(), (ws, ipBlockMatchesPodIPs) => {
        const input = inputFromYaml({ 'ws.yaml': toYaml(ws) });
        const matrix = computeMatrix(input, { ipBlockMatchesPodIPs });
        const eps: Ep[] = [...ws.pods.map((pod) => ({ pod })), ...PROBE_IPS.map((ip) => ({ ip }))];
        const name = (e: Ep) => ('pod' in e ? key(e.pod) : e.ip);
        for (const src of eps) {
          for (const dst of eps) {
            if ('ip' in src && 'ip' in dst) continue;
            for (const { protocol, port } of PROBES) {
              const expected = refAllowed(ws, src, dst, protocol, port, ipBlockMatchesPodIPs);
              const got = 'pod' in src && 'pod' in dst ? contains(matrix.ports(name(src), name(dst)), protocol, port) : isAllowed(input, name(src), name(dst), { protocol, port }, { ipBlockMatchesPodIPs });
              assert.strictEqual(got, expected, `${name(src)} -> ${name(dst)} ${protocol} ${port}\n${toYaml(ws)}`);
            }
          }
        }
        // "outside": some address that is no pod's IP would be allowed.
        const outsideIPs = REGION_IPS.filter((ip) => !ws.pods.some((p) => p.ips.includes(ip)));
        for (const pod of ws.pods) {
          for (const { protocol, port } of PROBES) {
            const out = outsideIPs.some((ip) => refAllowed(ws, { pod }, { ip }, protocol, port, ipBlockMatchesPodIPs));
            const inn = outsideIPs.some((ip) => refAllowed(ws, { ip }, { pod }, protocol, port, ipBlockMatchesPodIPs));
            assert.strictEqual(contains(matrix.ports(key(pod), 'outside'), protocol, port), out, `${key(pod)} -> outside ${protocol} ${port}`);
            assert.strictEqual(contains(matrix.ports('outside', key(pod)), protocol, port), inn, `outside -> ${key(pod)} ${protocol} ${port}`);
          }
        }
      }),
      RUNS,
    );
  });

  it('adding an allow rule to a direction a policy governs never removes a connection', () => {
    fc.assert(
      fc.property(workspaceArb, fc.nat(), fc.constantFrom<Dir>('Ingress', 'Egress'), ruleArb, (ws, which, dir, rule) => {
        fc.pre(ws.policies.length > 0);
        const target = ws.policies[which % ws.policies.length];
        const types = refTypes(target);
        fc.pre(types.includes(dir));
        // Pin the policy types first: adding an egress rule must not switch Egress on.
        const pinned: Workspace = { ...ws, policies: ws.policies.map((p) => (p === target ? { ...p, policyTypes: types } : p)) };
        const field = dir === 'Ingress' ? 'ingress' : 'egress';
        const grown: Workspace = { ...ws, policies: pinned.policies.map((p) => (p.name === target.name ? { ...p, [field]: [...(p[field] ?? []), rule] } : p)) };
        const before = computeMatrix(inputFromYaml({ 'ws.yaml': toYaml(pinned) }));
        const after = computeMatrix(inputFromYaml({ 'ws.yaml': toYaml(grown) }));
        for (const from of before.endpoints) {
          for (const to of before.endpoints) {
            assert.ok(isSubset(before.ports(from.key, to.key), after.ports(from.key, to.key)), `${from.key} -> ${to.key}`);
          }
        }
      }),
      RUNS,
    );
  });

  it('a policy with no rules for a direction denies it for the pods it alone selects (except themselves)', () => {
    fc.assert(
      fc.property(workspaceArb, selectorArb, fc.constantFrom<Dir>('Ingress', 'Egress'), fc.nat(2), (ws, podSelector, dir, ns) => {
        const deny: Policy = { ns: ws.namespaces[ns % ws.namespaces.length].name, name: 'deny', podSelector, policyTypes: [dir] };
        const withDeny: Workspace = { ...ws, policies: [...ws.policies, deny] };
        const matrix = computeMatrix(inputFromYaml({ 'ws.yaml': toYaml(withDeny) }));
        const alone = ws.pods.filter((p) => p.ns === deny.ns && refSelector(podSelector, p.labels) && !ws.policies.some((q) => q.ns === p.ns && refSelector(q.podSelector, p.labels) && refTypes(q).includes(dir)));
        for (const pod of alone) {
          for (const other of matrix.endpoints) {
            if (other.key === key(pod)) continue;
            const ports = dir === 'Egress' ? matrix.ports(key(pod), other.key) : matrix.ports(other.key, key(pod));
            assert.ok(isEmpty(ports), `${dir} ${key(pod)} / ${other.key}`);
          }
          assert.ok(!isEmpty(matrix.ports(key(pod), key(pod))));
        }
      }),
      RUNS,
    );
  });
});
