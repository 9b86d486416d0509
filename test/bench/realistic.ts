// The realistic workspace shape: most Deployments run one replica (about as
// many workloads as pods), each has a Service beside it, every policy allows
// DNS egress to CoreDNS (`namespaceSelector: {}` + `k8s-app: kube-dns`), and
// one in ten app selectors is misspelt (a letter doubled), the misspellings
// returned so tests can check that exactly they are reported. Peer selectors
// only name apps that exist in their namespace, so nothing else dangles.
import * as fs from 'fs';
import * as path from 'path';
import { APPS, deployment, GeneratedWorkspace, GenerateOptions, Misspelling, PORTS, rng, TIERS } from './generate';

function service(name: string, ns: string, app: string): string {
  const [portName, port] = PORTS[app][0];
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    app: ${app}
    instance: ${name}
  ports:
  - name: ${portName}
    port: ${port}
    targetPort: ${portName}
`;
}

const DNS_EGRESS = `  egress:
  - to:
    - namespaceSelector: {}
      podSelector:
        matchLabels:
          k8s-app: kube-dns
    ports:
    - {protocol: UDP, port: 53}
    - {protocol: TCP, port: 53}
`;

function policy(name: string, ns: string, app: string, fromApp: string, fromNs: string | undefined, port: number | string): string {
  const nsSel = fromNs ? `\n      namespaceSelector:\n        matchLabels:\n          kubernetes.io/metadata.name: ${fromNs}` : '';
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  podSelector:
    matchLabels:
      app: ${app}
  policyTypes:
  - Ingress
  - Egress
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: ${fromApp}${nsSel}
    ports:
    - protocol: TCP
      port: ${port}
${DNS_EGRESS}`;
}

const COREDNS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
spec:
  replicas: 2
  selector:
    matchLabels:
      k8s-app: kube-dns
  template:
    metadata:
      labels:
        k8s-app: kube-dns
    spec:
      containers:
      - name: coredns
        image: registry.k8s.io/coredns/coredns:v1.11.1
        ports:
        - {name: dns, containerPort: 53, protocol: UDP}
`;

/** A letter doubled: near the meant value, and no app of the generator has it. */
function misspell(app: string): string {
  return app + app[app.length - 1];
}

export function generateRealistic(root: string, pods: number, seed: number, options: GenerateOptions): GeneratedWorkspace {
  const random = rng(seed);
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  const namespaces = Math.max(2, Math.round(Math.sqrt(pods) / 3));
  const files: string[] = [];
  const misspellings: Misspelling[] = [];
  const appsByNs = new Map<string, string[]>();
  let bytes = 0;
  let podCount = 0;
  let workloads = 0;
  let policies = 0;
  let services = 0;
  let selectors = 0;
  const write = (rel: string, docs: string[]) => {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const text = docs.join('---\n');
    fs.writeFileSync(file, text);
    files.push(file);
    bytes += Buffer.byteLength(text);
  };
  /** Every tenth app selector is misspelt. */
  const maybeMisspell = (app: string, file: string, policyName: string, ns: string, selectorPath: string): string => {
    if (++selectors % 10 !== 0) return app;
    const written = misspell(app);
    misspellings.push({ file, policy: policyName, namespace: ns, selectorPath, key: 'app', written, meant: app });
    return written;
  };
  for (let n = 0; n < namespaces; n++) {
    const ns = `team-${n}`;
    write(`${ns}/namespace.yaml`, [`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels:\n    team: t${n}\n`]);
  }
  if (options.coreDns) write('kube-system/coredns.yaml', [COREDNS]);
  let fileIndex = 0;
  while (podCount < pods) {
    const ns = `team-${fileIndex % namespaces}`;
    const docs: string[] = [];
    const policyDocs: string[] = [];
    const policyFile = path.join(root, `${ns}/policies-${fileIndex}.yaml`);
    const count = 5 + Math.floor(random() * 11);
    for (let i = 0; i < count && podCount < pods; i++) {
      const app = APPS[Math.floor(random() * APPS.length)];
      const r = random();
      const replicas = r < 0.85 ? 1 : r < 0.95 ? 2 : 3;
      const name = `${app}-${fileIndex}-${i}`;
      docs.push(deployment(name, ns, app, TIERS[Math.floor(random() * TIERS.length)], `t${fileIndex % namespaces}`, replicas));
      docs.push(service(name, ns, app));
      services++;
      const known = appsByNs.get(ns) ?? [];
      if (!known.includes(app)) appsByNs.set(ns, [...known, app]);
      podCount += replicas;
      workloads++;
      if (workloads % 10 === 0) {
        // The peer names an app that exists in its namespace (maybe another one, already generated).
        const others = [...appsByNs.keys()];
        const fromNs = random() < 0.3 ? others[Math.floor(random() * others.length)] : undefined;
        const pool = appsByNs.get(fromNs ?? ns)!;
        const from = pool[Math.floor(random() * pool.length)];
        const [portName, portNumber] = PORTS[app][0];
        const policyName = `allow-${from}-to-${name}`;
        const own = maybeMisspell(app, policyFile, policyName, ns, 'spec.podSelector');
        const peer = maybeMisspell(from, policyFile, policyName, ns, 'spec.ingress[0].from[0].podSelector');
        policyDocs.push(policy(policyName, ns, own, peer, fromNs, random() < 0.5 ? portNumber : portName));
        policies++;
      }
    }
    write(`${ns}/apps-${fileIndex}.yaml`, docs);
    if (policyDocs.length) write(`${ns}/policies-${fileIndex}.yaml`, policyDocs);
    fileIndex++;
  }
  return { root, shape: 'realistic', files, pods: podCount, workloads, policies, namespaces, bytes, services, misspellings };
}
