// Compiles the parser before the first request: the first analysis in a
// fresh process takes 40-100 ms whatever the text's size (V8 compiles the
// YAML parser and the checks on first use), and run at `initialize` that
// time is spent while the client waits for the server anyway, instead of in
// front of the first hover or the first file indexed. Not counted as an
// analysis (netpol/internal/stats): nothing keeps its result.
import { analyzeText } from '../core/analyze';

const SAMPLE = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    team: web
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
        tier: backend
    spec:
      containers:
        - name: api
          image: example/api:1
          ports:
            - name: http
              containerPort: 8080
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-ingress
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: api
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              team: web
          podSelector:
            matchExpressions:
              - { key: app, operator: In, values: [web] }
        - ipBlock:
            cidr: 10.0.0.0/8
            except: [10.1.0.0/16]
      ports:
        - port: http
          protocol: TCP
  egress:
    - to:
        - podSelector: {}
      ports:
        - port: 53
          protocol: UDP
`;

/** Analyses a small sample once (its result is dropped). Never throws. */
export function warmUpAnalysis(): void {
  try {
    analyzeText(SAMPLE, { path: 'warm-up.yaml' });
  } catch {
    // Only time was to be gained.
  }
}
