// Manifests shared by the Service, webhook and quick-fix tests.

/** A Deployment `name` in `namespace`, pods labelled `app: <name>`, one container port. */
export function deploymentWithPort(name: string, namespace: string, portName: string, containerPort: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: main
        ports: [{name: ${portName}, containerPort: ${containerPort}}]
`;
}

/** The web Deployment of namespace shop, listening on 8080 (`http`). */
export const WEB = deploymentWithPort('web', 'shop', 'http', 8080);
