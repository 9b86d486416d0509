// The manifests the diff tests edit: a frontend and a database in `shop`, and
// the database's ingress policy, whose one rule starts on line 8.

export const APPS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, namespace: shop}
spec:
  template:
    metadata: {labels: {app: frontend}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: shop}
spec:
  template:
    metadata: {labels: {app: db}}
`;

/** `db-ingress`: pods labelled app=`from` may reach the database on `ports` (YAML port entries). */
export function dbPolicy(from: string, ports: readonly string[] = ['{port: 3306}']): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-ingress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector: {matchLabels: {app: ${from}}}
    ports:
${ports.map((p) => `    - ${p}\n`).join('')}`;
}
