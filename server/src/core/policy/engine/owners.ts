// Cluster dumps: pods (and ReplicaSets, Jobs) carry ownerReferences. Users
// think in controllers, so pods become one endpoint per (top controller,
// distinct labels): `ns/web[Deployment]`, `ns/web[Deployment]{version=v2}`
// when the owner's pods differ. Chains resolve through the objects in the
// input (Pod -> ReplicaSet -> Deployment, Pod -> Job -> CronJob); a ReplicaSet
// absent from the dump named `<deployment>-<pod-template-hash>` goes under its
// Deployment (netpol-analyzer keeps `ns/<deployment>-<hash>[ReplicaSet]`; users
// know the Deployment's name, not the hash). A controller object in the input and
// its pods are one workload: the pods' labels, the controller's name. Inputs
// without owner references come out unchanged (same array).
import type { EngineWorkload } from './input';

/** Labels that name one pod; they do not split a group unless a policy selects on them. */
export const PER_POD_LABELS = ['statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index', 'batch.kubernetes.io/job-completion-index'];
const HASH_LABEL = 'pod-template-hash';
/** Set by OpenShift on the pods of a DeploymentConfig's ReplicationControllers (`<dc>-<version>`). */
const DEPLOYMENT_CONFIG_LABEL = 'deploymentconfig';

interface Top {
  kind: string;
  name: string;
}

/** `selectedKeys`: label keys some policy selector names (per-pod labels then split). */
export function groupByOwner(workloads: readonly EngineWorkload[], selectedKeys: ReadonlySet<string> = new Set()): readonly EngineWorkload[] {
  if (!workloads.some((w) => w.owner)) return workloads;
  const byName = new Map<string, EngineWorkload>();
  for (const w of workloads) if (w.kind !== 'Pod') byName.set(`${w.namespace}/${w.kind}/${w.name}`, w);
  const topOf = (w: EngineWorkload): Top | undefined => {
    let owner = w.owner;
    let current = w;
    let top: Top | undefined;
    for (let depth = 0; owner && depth < 8; depth++) {
      top = owner;
      const parent = byName.get(`${w.namespace}/${owner.kind}/${owner.name}`);
      if (!parent) {
        top = absentOwner(owner, current);
        break;
      }
      current = parent;
      owner = parent.owner;
    }
    return top;
  };
  const ignored = PER_POD_LABELS.filter((k) => !selectedKeys.has(k));
  // Families by top controller; members that are pods, and controller objects.
  const families = new Map<string, { top: Top; namespace: string; pods: EngineWorkload[]; controllers: EngineWorkload[] }>();
  const familyOf = new Map<EngineWorkload, string>();
  for (const w of workloads) {
    const top = topOf(w) ?? (w.kind === 'Pod' ? undefined : { kind: w.kind, name: w.name });
    if (!top) continue;
    const key = `${w.namespace}/${top.kind}/${top.name}`;
    let f = families.get(key);
    if (!f) families.set(key, (f = { top, namespace: w.namespace, pods: [], controllers: [] }));
    (w.kind === 'Pod' ? f.pods : f.controllers).push(w);
    familyOf.set(w, key);
  }
  const replaced = new Map<EngineWorkload, EngineWorkload | null>();
  for (const f of families.values()) {
    if (f.pods.length === 0 && f.controllers.every((c) => !c.owner)) continue; // a manifest's controller: as today
    const members = f.pods.length > 0 ? f.pods : f.controllers;
    const home = f.controllers.find((c) => c.kind === f.top.kind && c.name === f.top.name);
    const groups = new Map<string, EngineWorkload[]>();
    for (const m of members) {
      const key = signature(m.labels, ignored);
      groups.set(key, [...(groups.get(key) ?? []), m]);
    }
    const suffixes = distinguishing([...groups.values()].map((g) => g[0].labels), ignored);
    let i = 0;
    for (const group of groups.values()) {
      const first = group[0];
      const labels = new Map([...first.labels].filter(([k]) => !ignored.includes(k)));
      const endpoint: EngineWorkload = {
        id: first.id,
        kind: f.top.kind,
        name: f.top.name,
        namespace: f.namespace,
        labels,
        ports: uniquePorts(group),
        podIPs: [...new Set(group.flatMap((g) => g.podIPs))],
        uri: home?.uri ?? first.uri,
        range: home?.range ?? first.range,
        pods: { names: f.pods.length > 0 ? group.map((g) => g.name).sort() : [], suffix: groups.size > 1 ? suffixes[i] : undefined },
      };
      replaced.set(first, endpoint);
      for (const other of group.slice(1)) replaced.set(other, null);
      i++;
    }
    for (const c of f.controllers) if (!replaced.has(c)) replaced.set(c, null);
  }
  const out: EngineWorkload[] = [];
  for (const w of workloads) {
    const r = replaced.get(w);
    if (r === undefined) out.push(w);
    else if (r) out.push(r);
  }
  return out;
}

/**
 * An owner not in the input: a ReplicaSet `<name>-<hash>` whose pods carry that
 * hash is a Deployment's; an OpenShift ReplicationController `<name>-<n>`
 * whose pods carry `deploymentconfig: <name>` is that DeploymentConfig's.
 */
function absentOwner(owner: Top, child: EngineWorkload): Top {
  const hash = child.labels.get(HASH_LABEL);
  if (owner.kind === 'ReplicaSet' && hash && owner.name.endsWith(`-${hash}`)) return { kind: 'Deployment', name: owner.name.slice(0, -hash.length - 1) };
  const dc = child.labels.get(DEPLOYMENT_CONFIG_LABEL);
  if (owner.kind === 'ReplicationController' && dc && owner.name.startsWith(`${dc}-`) && /^\d+$/.test(owner.name.slice(dc.length + 1))) return { kind: 'DeploymentConfig', name: dc };
  return owner;
}

function signature(labels: ReadonlyMap<string, string>, ignored: readonly string[]): string {
  return JSON.stringify([...labels].filter(([k]) => !ignored.includes(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Per group: `{k=v,!k2}` over the keys whose values differ between the groups, keys sorted. */
function distinguishing(labelSets: readonly ReadonlyMap<string, string>[], ignored: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const l of labelSets) for (const k of l.keys()) if (!ignored.includes(k)) keys.add(k);
  const differing = [...keys].filter((k) => new Set(labelSets.map((l) => l.get(k))).size > 1).sort();
  return labelSets.map((l) => `{${differing.map((k) => (l.has(k) ? `${k}=${l.get(k)}` : `!${k}`)).join(',')}}`);
}

function uniquePorts(group: readonly EngineWorkload[]): EngineWorkload['ports'] {
  const seen = new Map<string, EngineWorkload['ports'][number]>();
  for (const w of group) for (const p of w.ports) seen.set(`${p.name ?? ''}/${p.containerPort}/${p.protocol}`, p);
  return group.length === 1 ? group[0].ports : [...seen.values()];
}
