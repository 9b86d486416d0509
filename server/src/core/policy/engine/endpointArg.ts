// `--from` / `--to` values -> engine endpoints, with the errors a person can
// act on: the nearest names for a typo, the `ns/Kind/name` choices for a name
// two kinds share.
import { UsageError } from '../../usageError';
import { nearest } from '../nearestNames';
import { Address, Endpoint, Engine, EngineWorkload, OUTSIDE, outsideEndpoint, parseAddress, resolveEndpoint, workloadEndpoint } from './index';

/**
 * Accepts `ns/name`, `ns/Kind/name` (kind in any case), `Kind/name` or a bare
 * `name` when only one workload matches, `outside`, or an IP address (a
 * workload's when its manifest lists it in status.podIPs). Cluster dumps:
 * `ns/owner[Kind]`, the owner's or a pod's name (owners.ts).
 */
export function resolveEndpointArg(engine: Engine, arg: string, flag: string): Endpoint {
  if (arg === OUTSIDE) return outsideEndpoint(engine);
  const address = parseAddress(arg);
  if (address) {
    // A pod's IP (status.podIPs in the manifests) is that pod, policies and all.
    const owners = engine.input.workloads.filter((w) => w.podIPs.some((ip) => sameAddress(parseAddress(ip), address)));
    if (owners.length === 1) return workloadEndpoint(engine, owners[0]);
    return resolveEndpoint(engine, arg);
  }
  const exact = engine.byKey.get(arg);
  if (exact) return workloadEndpoint(engine, exact);
  const candidates = candidatesFor(engine.input.workloads, arg);
  if (candidates.length === 1) return workloadEndpoint(engine, candidates[0]);
  if (candidates.length > 1) {
    const choices = candidates.map((w) => (w.pods ? engine.labels.get(w.id)! : `${w.namespace}/${w.kind}/${w.name}`));
    throw new UsageError(`${flag} ${arg} is ambiguous; use one of: ${[...new Set(choices)].join(', ')}`);
  }
  const labels = [...new Set(engine.labels.values())].sort();
  if (labels.length === 0) throw new UsageError(`no workload ${arg}: the files hold no workloads`);
  const close = nearest(arg, labels);
  if (close.length > 0) throw new UsageError(`no workload ${arg}; did you mean ${close.join(' or ')}?`);
  const shown = labels.length <= 10 ? labels.join(', ') : `${labels.slice(0, 10).join(', ')}, ... (${labels.length} in all)`;
  throw new UsageError(`no workload ${arg}; the workloads are ${shown} (or use outside, or an IP address)`);
}

function sameAddress(a: Address | undefined, b: Address): boolean {
  return a !== undefined && a.family === b.family && a.value === b.value;
}

function candidatesFor(workloads: readonly EngineWorkload[], arg: string): EngineWorkload[] {
  // `ns/db[StatefulSet]`: a controller's pod groups (a `{...}` suffix is matched by byKey).
  const owned = /^([^/]+)\/([^/[]+)\[([^\]]+)\]$/.exec(arg);
  if (owned) return workloads.filter((w) => w.pods && w.namespace === owned[1] && w.name === owned[2] && w.kind.toLowerCase() === owned[3].toLowerCase());
  const parts = arg.split('/');
  const kindIs = (w: EngineWorkload, kind: string) => w.kind.toLowerCase() === kind.toLowerCase();
  if (parts.length === 3) {
    const [ns, kind, name] = parts;
    return workloads.filter((w) => w.namespace === ns && w.name === name && kindIs(w, kind));
  }
  if (parts.length === 2) {
    const [first, name] = parts;
    const inNamespace = workloads.filter((w) => w.namespace === first && w.name === name);
    if (inNamespace.length > 0) return inNamespace;
    // `Deployment/db`: a kind, in whichever namespace has it.
    return workloads.filter((w) => w.name === name && kindIs(w, first));
  }
  if (parts.length === 1) return workloads.filter((w) => w.name === arg);
  return [];
}
