// Small manifest builders shared by the index, selector and check tests.
import { WorkspaceIndex } from '../../../server/src/core/index/workspaceIndex';

export function deployment(name: string, labels: Record<string, string>, namespace?: string): string {
  const ns = namespace ? `\n  namespace: ${namespace}` : '';
  const l = Object.entries(labels)
    .map(([k, v]) => `\n        ${k}: ${v}`)
    .join('');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}${ns}
spec:
  template:
    metadata:
      labels:${l || ' {}'}
    spec:
      containers:
      - name: main
        image: nginx
`;
}

export function pod(name: string, labels: Record<string, string>, namespace?: string): string {
  const ns = namespace ? `\n  namespace: ${namespace}` : '';
  const l = Object.entries(labels)
    .map(([k, v]) => `\n    ${k}: ${v}`)
    .join('');
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}${ns}
  labels:${l || ' {}'}
spec:
  containers: []
`;
}

export function namespaceObj(name: string, labels: Record<string, string> = {}): string {
  const l = Object.entries(labels)
    .map(([k, v]) => `\n    ${k}: ${v}`)
    .join('');
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}${l ? `\n  labels:${l}` : ''}
`;
}

/**
 * An index over `{uri: text}`, analysed in key order, with the built-in
 * cluster model (kube-system, CoreDNS, ...) unless `clusterModel` is false.
 */
export function indexOf(files: Record<string, string>, defaultNamespace?: string, options: { clusterModel?: false } = {}): WorkspaceIndex {
  const index = new WorkspaceIndex({ defaultNamespace, clusterModel: options.clusterModel });
  for (const [uri, text] of Object.entries(files)) index.setFile(uri, text);
  return index;
}
