// The cluster model's workloads as the index holds workloads: typed objects
// like those read from files, so every lookup (selectors, label tables, the
// engine) takes them without a special case. They have no text: ranges are
// empty at offset 0, and `node` is null. Their uri is CLUSTER_MODEL_URI, or
// the config file's when it declares them (features then find the entry).
import type { OffsetRange } from '../findings';
import { CLUSTER_MODEL_URI, ClusterModel, ClusterWorkload } from '../cluster/types';
import type { ContainerPort, LabelEntry, Located, Workload, WorkloadKind } from '../model/types';
import type { IndexedWorkload } from './types';

const NOWHERE: OffsetRange = Object.freeze({ start: 0, end: 0 }) as OffsetRange;

function located<T>(value: T, path: string): Located<T> {
  return { value, range: NOWHERE, path };
}

function workloadObject(w: ClusterWorkload): Workload {
  const kind = (w.kind ?? 'Deployment') as WorkloadKind;
  const podLabelsPath = kind === 'Pod' ? 'metadata.labels' : kind === 'CronJob' ? 'spec.jobTemplate.spec.template.metadata.labels' : 'spec.template.metadata.labels';
  const podLabels: LabelEntry[] = Object.entries(w.labels ?? {}).map(([k, v]) => ({ key: located(k, `${podLabelsPath}.${k}`), value: located(v, `${podLabelsPath}.${k}`) }));
  const ports: ContainerPort[] = (w.ports ?? []).map((p) => {
    const port: ContainerPort = { containerPort: p.port, protocol: p.protocol ?? 'TCP', range: NOWHERE };
    if (p.name) port.name = p.name;
    return port;
  });
  return {
    kind,
    apiVersion: kind === 'Pod' ? 'v1' : kind === 'Job' || kind === 'CronJob' ? 'batch/v1' : 'apps/v1',
    range: NOWHERE,
    kindRange: NOWHERE,
    docIndex: 0,
    metadata: { name: located(w.name, 'metadata.name'), namespace: located(w.namespace, 'metadata.namespace'), range: NOWHERE },
    // No YAML tree: nothing can be edited or walked here.
    node: null as unknown as Workload['node'],
    podLabels,
    podLabelsAt: { path: podLabelsPath },
    ports,
    podIPs: [],
  };
}

/** Ids `${CLUSTER_MODEL_URI}#<position in the model>`, as files' objects are numbered; no file has that uri. */
export function clusterWorkloadsOf(model: ClusterModel, configUri?: string): IndexedWorkload[] {
  return model.workloads.map((w, i) => {
    const cluster: IndexedWorkload['cluster'] = { description: w.description ?? 'cluster model' };
    if (w.configPath) cluster.configPath = w.configPath;
    return {
      id: `${CLUSTER_MODEL_URI}#${i}`,
      uri: configUri && w.configPath ? configUri : CLUSTER_MODEL_URI,
      workload: workloadObject(w),
      namespace: w.namespace,
      labels: new Map(Object.entries(w.labels ?? {})),
      name: w.name,
      cluster,
    };
  });
}
