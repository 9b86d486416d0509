// Generates a workspace of about `pods` pods: Deployments spread over
// namespaces and multi-document files, about one NetworkPolicy per ten
// workloads, with realistic labels, selectors and ports. Deterministic.
// Two shapes: `today` (1 to 5 replicas, ingress-only policies) and
// `realistic` (see realistic.ts: one replica mostly, a Service beside each
// Deployment, every policy with the DNS egress rule, one in ten selectors
// misspelt, the misspellings listed).
import * as fs from 'fs';
import * as path from 'path';
import { generateRealistic } from './realistic';

export type Shape = 'today' | 'realistic';

/** A selector the generator misspelt on purpose: what `netpol check` must report. */
export interface Misspelling {
  file: string;
  policy: string;
  namespace: string;
  /** `spec.podSelector` or `spec.ingress[0].from[0].podSelector`. */
  selectorPath: string;
  key: string;
  /** What the selector says, and the value it was meant to say. */
  written: string;
  meant: string;
}

export interface GeneratedWorkspace {
  root: string;
  shape: Shape;
  files: string[];
  pods: number;
  workloads: number;
  policies: number;
  namespaces: number;
  bytes: number;
  services: number;
  misspellings: Misspelling[];
}

export const APPS = ['api', 'web', 'db', 'cache', 'queue', 'worker', 'auth', 'search', 'billing', 'mailer', 'gateway', 'metrics'];
export const TIERS = ['frontend', 'backend', 'database', 'infra'];
export const PORTS: Record<string, [string, number][]> = {
  api: [['http', 8080], ['grpc', 9090]], web: [['http', 80], ['https', 443]], db: [['pg', 5432]], cache: [['redis', 6379]],
  queue: [['amqp', 5672]], worker: [['metrics', 9100]], auth: [['http', 8000]], search: [['http', 9200]], billing: [['http', 8081]],
  mailer: [['smtp', 25]], gateway: [['http', 8443]], metrics: [['prom', 9090]],
};

/** A tiny deterministic PRNG so every run generates the same bytes. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function deployment(name: string, ns: string, app: string, tier: string, team: string, replicas: number): string {
  const ports = PORTS[app].map(([n, p]) => `        - name: ${n}\n          containerPort: ${p}`).join('\n');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
    app: ${app}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${app}
      instance: ${name}
  template:
    metadata:
      labels:
        app: ${app}
        instance: ${name}
        tier: ${tier}
        team: ${team}
    spec:
      containers:
      - name: main
        image: registry.example/${app}:1.0
        ports:
${ports}
`;
}

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
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: ${fromApp}${nsSel}
    ports:
    - protocol: TCP
      port: ${port}
`;
}

export interface GenerateOptions {
  /**
   * Realistic shape: also write a CoreDNS Deployment (kube-system,
   * `k8s-app: kube-dns`), standing in for the cluster model where the index
   * has none.
   */
  coreDns?: boolean;
}

export function generateWorkspace(root: string, pods: number, seed = 42, shape: Shape = 'today', options: GenerateOptions = {}): GeneratedWorkspace {
  if (shape === 'realistic') return generateRealistic(root, pods, seed, options);
  const random = rng(seed);
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  const namespaces = Math.max(2, Math.round(Math.sqrt(pods) / 3));
  const files: string[] = [];
  let bytes = 0;
  let podCount = 0;
  let workloads = 0;
  let policies = 0;
  const write = (rel: string, docs: string[]) => {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const text = docs.join('---\n');
    fs.writeFileSync(file, text);
    files.push(file);
    bytes += Buffer.byteLength(text);
  };
  for (let n = 0; n < namespaces; n++) {
    const ns = `team-${n}`;
    write(`${ns}/namespace.yaml`, [`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels:\n    team: t${n}\n`]);
  }
  let fileIndex = 0;
  while (podCount < pods) {
    const ns = `team-${fileIndex % namespaces}`;
    const docs: string[] = [];
    const policyDocs: string[] = [];
    // 5 to 15 workloads per file, 1 to 5 replicas each.
    const count = 5 + Math.floor(random() * 11);
    for (let i = 0; i < count && podCount < pods; i++) {
      const app = APPS[Math.floor(random() * APPS.length)];
      const replicas = 1 + Math.floor(random() * 5);
      const name = `${app}-${fileIndex}-${i}`;
      docs.push(deployment(name, ns, app, TIERS[Math.floor(random() * TIERS.length)], `t${fileIndex % namespaces}`, replicas));
      podCount += replicas;
      workloads++;
      if (workloads % 10 === 0) {
        const from = APPS[Math.floor(random() * APPS.length)];
        const crossNs = random() < 0.3 ? `team-${Math.floor(random() * namespaces)}` : undefined;
        const [portName, portNumber] = PORTS[app][0];
        policyDocs.push(policy(`allow-${from}-to-${name}`, ns, app, from, crossNs, random() < 0.5 ? portNumber : portName));
        policies++;
      }
    }
    write(`${ns}/apps-${fileIndex}.yaml`, docs);
    if (policyDocs.length) write(`${ns}/policies-${fileIndex}.yaml`, policyDocs);
    fileIndex++;
  }
  return { root, shape, files, pods: podCount, workloads, policies, namespaces, bytes, services: 0, misspellings: [] };
}
