// Reads what a pod-making object gives its pods: labels, container ports
// (those of `containers` and of sidecars, the restartable init containers:
// Kubernetes resolves named ports against both) and `hostNetwork`.
import { isScalar, YAMLMap } from 'yaml';
import { Entry, isMap, isSeq, isStringScalar, items, scalarText, WalkContext } from './node';
import { fieldsOf, int, labelMap, str, Fields } from './fields';
import type { ContainerPort, ObjectBase, OwnerReference, Workload, WorkloadKind } from './types';

/** Path from the object root to the pod template, per kind (Pod: the object itself). */
const TEMPLATE_PATH: Record<WorkloadKind, string[]> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  DeploymentConfig: ['spec', 'template'],
};

export function readWorkload(base: ObjectBase, fields: Fields, ctx: WalkContext): Workload | undefined {
  const kind = base.kind as WorkloadKind;
  let current: Fields | undefined = fields;
  for (const step of TEMPLATE_PATH[kind]) {
    const next: Entry | undefined = current?.get(step);
    current = next && isMap(next.value) ? fieldsOf(next.value, ctx) : undefined;
  }
  const prefix = TEMPLATE_PATH[kind].join('.');
  const at = (p: string) => (prefix ? `${prefix}.${p}` : p);
  const metaEntry = current?.get('metadata');
  const meta = metaEntry && isMap(metaEntry.value) ? fieldsOf(metaEntry.value, ctx) : undefined;
  const labelsEntry = meta?.get('labels');
  const labels = labelMap(labelsEntry, at('metadata.labels'), ctx);
  const specEntry = current?.get('spec');
  const spec = specEntry && isMap(specEntry.value) ? fieldsOf(specEntry.value, ctx) : undefined;
  const statusEntry = kind === 'Pod' ? fields.get('status') : undefined;
  return {
    ...base,
    kind,
    podLabels: labels?.items ?? [],
    podLabelsAt: {
      path: at('metadata.labels'),
      labels: labelsEntry && isMap(labelsEntry.value) ? labelsEntry.valueRange : undefined,
      metadata: metaEntry && isMap(metaEntry.value) ? metaEntry.valueRange : undefined,
    },
    ports: spec ? [...containerPorts(spec.get('containers'), ctx, false), ...containerPorts(spec.get('initContainers'), ctx, true)] : [],
    ...hostNetworkOf(spec?.get('hostNetwork'), at('spec.hostNetwork')),
    podIPs: statusEntry && isMap(statusEntry.value) ? podIPs(statusEntry.value, ctx) : [],
    ...ownerOf(fields, ctx),
  };
}

/** The controlling owner reference, else the first with a kind and a name. */
function ownerOf(fields: Fields, ctx: WalkContext): { owner?: OwnerReference } {
  const meta = fields.get('metadata');
  const refs = meta && isMap(meta.value) ? fieldsOf(meta.value, ctx).get('ownerReferences') : undefined;
  if (!refs || !isSeq(refs.value)) return {};
  let first: OwnerReference | undefined;
  for (const item of items(refs.value, ctx)) {
    if (!isMap(item.node)) continue;
    const f = fieldsOf(item.node, ctx);
    const kind = str(f.get('kind'), 'kind')?.value;
    const name = str(f.get('name'), 'name')?.value;
    if (!kind || !name) continue;
    const controller = f.get('controller');
    if (controller && isScalar(controller.value) && controller.value.value === true) return { owner: { kind, name } };
    first ??= { kind, name };
  }
  return first ? { owner: first } : {};
}

/** Set only for `hostNetwork: true` (a boolean; anything else is the structure check's business). */
function hostNetworkOf(e: Entry | undefined, path: string): { hostNetwork?: Workload['hostNetwork'] } {
  if (!e || !isScalar(e.value) || e.value.value !== true) return {};
  return { hostNetwork: { keyRange: e.keyRange, range: e.valueRange, path } };
}

/** Ports of `containers`; of `initContainers` (`init`), only those of sidecars (`restartPolicy: Always`): the others exit before the pod serves. */
function containerPorts(e: Entry | undefined, ctx: WalkContext, init: boolean): ContainerPort[] {
  if (!e || !isSeq(e.value)) return [];
  const out: ContainerPort[] = [];
  for (const container of items(e.value, ctx)) {
    if (!isMap(container.node)) continue;
    const cf = fieldsOf(container.node, ctx);
    if (init && str(cf.get('restartPolicy'), 'restartPolicy')?.value !== 'Always') continue;
    const ports = cf.get('ports');
    if (!ports || !isSeq(ports.value)) continue;
    for (const p of items(ports.value, ctx)) {
      if (!isMap(p.node)) continue;
      const f = fieldsOf(p.node, ctx);
      const number = int(f.get('containerPort'), 'containerPort');
      if (!number) continue;
      const port: ContainerPort = { name: str(f.get('name'), 'name')?.value, containerPort: number.value, protocol: str(f.get('protocol'), 'protocol')?.value ?? 'TCP', range: p.range };
      if (init) port.sidecar = true;
      out.push(port);
    }
  }
  return out;
}

function podIPs(status: YAMLMap, ctx: WalkContext): string[] {
  const f = fieldsOf(status, ctx);
  const out = new Set<string>();
  const single = str(f.get('podIP'), 'status.podIP');
  if (single) out.add(single.value);
  const list = f.get('podIPs');
  if (list && isSeq(list.value)) {
    for (const item of items(list.value, ctx)) {
      if (!isMap(item.node)) continue;
      const ip = fieldsOf(item.node, ctx).get('ip');
      if (ip && isStringScalar(ip.value)) out.add(scalarText(ip.value));
    }
  }
  return [...out];
}
