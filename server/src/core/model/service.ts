// Reads a core/v1 Service: its pod selector and its ports (targetPort by
// number or container port name; `port` when not written; protocol TCP when
// not written). Wrong-typed fields are absent, never errors: the API server's
// Service validation is not ours to repeat.
import type { YAMLMap } from 'yaml';
import type { OffsetRange } from '../findings';
import { isMap, WalkContext } from './node';
import { fieldsOf, int, intOrString, labelMap, listOf, str, Fields } from './fields';
import type { ObjectBase, Service, ServicePort } from './types';

export function readService(base: ObjectBase, fields: Fields, ctx: WalkContext): Service {
  const specEntry = fields.get('spec');
  const spec = specEntry && isMap(specEntry.value) ? fieldsOf(specEntry.value, ctx) : undefined;
  const selector = labelMap(spec?.get('selector'), 'spec.selector', ctx);
  const ports = listOf(spec?.get('ports'), 'spec.ports', ctx, (map, range, path) => readPort(map, range, path, ctx));
  const service: Service = { ...base, kind: 'Service', ports: (ports?.items ?? []).filter((p): p is ServicePort => p !== undefined) };
  // An empty selector is stored as none: the endpoints controller then selects no pods.
  if (selector && selector.items.length > 0) service.selector = selector;
  return service;
}

function readPort(map: YAMLMap, range: OffsetRange, path: string, ctx: WalkContext): ServicePort | undefined {
  const f = fieldsOf(map, ctx);
  const port = int(f.get('port'), `${path}.port`);
  if (!port) return undefined;
  const target = intOrString(f.get('targetPort'), `${path}.targetPort`);
  const out: ServicePort = { range, path, port, targetPort: target ?? { ...port, path: `${path}.targetPort` }, protocol: str(f.get('protocol'), `${path}.protocol`)?.value ?? 'TCP' };
  const name = str(f.get('name'), `${path}.name`)?.value;
  if (name !== undefined) out.name = name;
  return out;
}
