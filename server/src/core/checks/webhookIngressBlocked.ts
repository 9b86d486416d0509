// netpol/webhook-ingress-blocked: the API server calls an admission webhook
// or an aggregated API through a Service, from a node or control-plane
// address, never from a pod: podSelector and namespaceSelector peers never
// match it, only a rule with no `from` or an ipBlock peer admits it. Asks the
// connectivity engine whether `outside` reaches the Service's pods on the
// targetPort, so this and `netpol explain outside <pod>` agree. Reported on
// the webhook's `service` key, with the isolating policies as related
// information. Services or pods the workspace does not define: silent.
import { finding, Finding, RelatedInfo } from '../findings';
import type { IndexedService, IndexedServiceCaller, IndexedWorkload } from '../index/types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { ServiceCall, ServicePort } from '../model/types';
import type { CompiledPolicy } from '../policy/engine/compile';
import { selectWorkloads } from '../policy/resolve';
import type { IndexCheck } from './check';
import { outsideReaches } from './podsEngine';
import { describeWorkloads } from './ruleDestinations';

const ID = 'netpol/webhook-ingress-blocked';
const NAMED = 3;
const RELATED = 5;

export const webhookIngressBlocked: IndexCheck = {
  id: ID,
  defaultSeverity: 'warning',
  doc: "A webhook configuration or APIService calls a Service whose pods are ingress-isolated with no rule admitting the API server (which is not a pod: only a rule with no `from` or an ipBlock peer admits it).",
  run(index, uri) {
    const out: Finding[] = [];
    for (const caller of index.getFile(uri)?.callers ?? []) {
      for (const call of caller.caller.calls) {
        const f = judge(index, caller, call);
        if (f) out.push(f);
      }
    }
    return out;
  },
};

function judge(index: WorkspaceIndex, caller: IndexedServiceCaller, call: ServiceCall): Finding | undefined {
  const ref = call.service;
  const svc = [...index.servicesIn(ref.namespace).values()].find((s) => s.name === ref.name);
  const sp = svc?.service.ports.find((p) => p.port.value === ref.port && p.protocol === 'TCP');
  if (!svc?.selector || !sp) return undefined;
  const pods = selectWorkloads(index, [ref.namespace], [...svc.selector].map(([key, value]) => ({ key, op: 'In' as const, values: new Set([value]) })));
  const blocked = outsideReaches(index, ref.namespace, pods, 'TCP', (w) => podPort(sp, w)).filter((r) => !r.allowed && r.isolatedBy.length > 0);
  if (blocked.length === 0) return undefined;
  const policies = uniquePolicies(blocked.flatMap((b) => b.isolatedBy));
  const target = podPortText(sp, blocked[0].workload);
  const who = describeWorkloads(blocked.slice(0, NAMED).map((b) => b.workload), blocked.length > NAMED);
  const what = call.name !== undefined ? `webhook "${call.name}"` : `APIService ${caller.name}`;
  const names = policies.slice(0, NAMED).map((p) => p.name).join(', ') + (policies.length > NAMED ? ' and more' : '');
  const message =
    `the API server calls ${what} through Service ${svc.namespace}/${svc.name} port ${ref.port} (${target} of ${who}), but ${names} isolate${policies.length === 1 ? 's' : ''} those pods for ingress and no rule admits that port from outside the cluster: ` +
    `the API server is not a pod, so podSelector and namespaceSelector peers never match it. Add an ingress rule for port ${podPort(sp, blocked[0].workload)} with no from, or with an ipBlock of the control plane's addresses.${consequence(call, caller)}`;
  const f = finding(ID, 'warning', message, ref.keyRange);
  f.related = related(svc, sp, policies);
  return f;
}

/** The pod port the Service sends to: the targetPort number, or what its name is on this pod. */
function podPort(sp: ServicePort, w: IndexedWorkload): number | undefined {
  const t = sp.targetPort.value;
  if (typeof t === 'number') return t;
  return w.workload.ports.find((p) => p.name === t && p.protocol === 'TCP')?.containerPort;
}

function podPortText(sp: ServicePort, w: IndexedWorkload): string {
  const t = sp.targetPort.value;
  return typeof t === 'number' ? `targetPort ${t}` : `targetPort "${t}" (${podPort(sp, w)})`;
}

function consequence(call: ServiceCall, caller: IndexedServiceCaller): string {
  if (call.failurePolicy === undefined) return ` The aggregated API ${caller.name} will be unavailable.`;
  if (call.failurePolicy === 'Ignore') return ' With failurePolicy: Ignore the webhook is silently skipped: it fails open, and nothing it enforces is enforced.';
  return ' With failurePolicy: Fail every request it intercepts will be rejected.';
}

function uniquePolicies(ps: CompiledPolicy[]): CompiledPolicy[] {
  return [...new Set(ps)].sort((a, b) => a.index - b.index);
}

function related(svc: IndexedService, sp: ServicePort, policies: CompiledPolicy[]): RelatedInfo[] {
  const out: RelatedInfo[] = [{ uri: svc.uri, range: sp.range, message: `Service ${svc.name} port ${sp.port.value}` }];
  for (const p of policies.slice(0, RELATED)) if (p.uri) out.push({ uri: p.uri, range: p.range, message: `${p.name} isolates the webhook's pods for ingress` });
  return out;
}
