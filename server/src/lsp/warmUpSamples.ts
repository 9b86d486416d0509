// The synthetic workspace the analysis worker analyses as it starts
// (lsp/analysisWorker.ts): every kind the index keeps and every field the
// model reads, so V8 compiles the paths real files take.

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
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  selector:
    app: api
  ports:
    - name: http
      port: 80
      targetPort: http
`;

/** The sample of round `i`: names and labels changed, so the index installs a new file with new label values. */
export function sampleOf(i: number): string {
  return SAMPLE.replace(/\b(api|shop|web)\b/g, `$1-${i % 16}`).replace(/replicas: 2/, `replicas: ${1 + (i % 3)}`);
}
