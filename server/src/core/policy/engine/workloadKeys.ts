// Display keys for workloads: `ns/name`, `ns/Kind/name` when two kinds share
// a name, `ns/Kind/name#2`... for true duplicates; every key finds its workload.
// Grouped pods of a cluster dump (owners.ts) are `ns/name[Kind]{k=v}`.
import type { EngineWorkload } from './input';

export function labelWorkloads(workloads: readonly EngineWorkload[]): { labels: Map<string, string>; byKey: Map<string, EngineWorkload> } {
  const count = (key: (w: EngineWorkload) => string) => {
    const m = new Map<string, number>();
    for (const w of workloads) m.set(key(w), (m.get(key(w)) ?? 0) + 1);
    return m;
  };
  const short = (w: EngineWorkload) => `${w.namespace}/${w.name}`;
  const long = (w: EngineWorkload) => `${w.namespace}/${w.kind}/${w.name}`;
  const shortCount = count(short);
  const longCount = count(long);
  const seen = new Map<string, number>();
  const labels = new Map<string, string>();
  const byKey = new Map<string, EngineWorkload>();
  for (const w of workloads) {
    if (w.pods) {
      // A controller's pods (owners.ts): `ns/name[Kind]`, `{k=v}` when its pods differ.
      labels.set(w.id, `${w.namespace}/${w.name}[${w.kind}]${w.pods.suffix ?? ''}`);
      continue;
    }
    let label = shortCount.get(short(w)) === 1 ? short(w) : long(w);
    if ((longCount.get(long(w)) ?? 0) > 1) {
      const n = (seen.get(long(w)) ?? 0) + 1;
      seen.set(long(w), n);
      if (n > 1) label = `${long(w)}#${n}`;
    }
    labels.set(w.id, label);
  }
  // Ids first, then labels, then `ns/Kind/name` for workloads shown as `ns/name`.
  for (const w of workloads) if (!byKey.has(w.id)) byKey.set(w.id, w);
  for (const w of workloads) if (!byKey.has(labels.get(w.id)!)) byKey.set(labels.get(w.id)!, w);
  for (const w of workloads) if (!byKey.has(long(w))) byKey.set(long(w), w);
  // A pod's own name finds its group.
  for (const w of workloads) for (const pod of w.pods?.names ?? []) if (!byKey.has(`${w.namespace}/${pod}`)) byKey.set(`${w.namespace}/${pod}`, w);
  return { labels, byKey };
}
