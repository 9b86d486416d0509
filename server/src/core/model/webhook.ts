// Reads the objects through which the API server calls a Service:
// Validating/MutatingWebhookConfiguration (`webhooks[i].clientConfig.service`)
// and APIService (`spec.service`). Port 443 when not written. A reference
// without a namespace and name (a `url:` webhook, a local APIService) calls
// no Service and is left out; wrong-typed fields are absent, never errors.
import type { YAMLMap } from 'yaml';
import { Entry, isMap, isSeq, items, WalkContext } from './node';
import { fieldsOf, int, str, Fields } from './fields';
import type { ObjectBase, ServiceCall, ServiceCaller, ServiceCallerKind, ServiceReference } from './types';

const DEFAULT_SERVICE_PORT = 443;

export function readServiceCaller(base: ObjectBase, fields: Fields, ctx: WalkContext): ServiceCaller {
  const kind = base.kind as ServiceCallerKind;
  const calls: ServiceCall[] = [];
  if (kind === 'APIService') {
    const spec = mapFields(fields.get('spec'), ctx);
    const service = serviceReference(spec?.get('service'), 'spec.service', ctx);
    if (service) calls.push({ service });
  } else {
    const hooks = fields.get('webhooks');
    if (hooks && isSeq(hooks.value)) {
      items(hooks.value, ctx).forEach((item, i) => {
        if (!isMap(item.node)) return;
        const path = `webhooks[${i}]`;
        const f = fieldsOf(item.node, ctx);
        const client = mapFields(f.get('clientConfig'), ctx);
        const service = serviceReference(client?.get('service'), `${path}.clientConfig.service`, ctx);
        if (!service) return;
        const call: ServiceCall = { service, failurePolicy: str(f.get('failurePolicy'), `${path}.failurePolicy`)?.value ?? 'Fail' };
        const name = str(f.get('name'), `${path}.name`)?.value;
        if (name !== undefined) call.name = name;
        calls.push(call);
      });
    }
  }
  return { ...base, kind, calls };
}

function mapFields(e: Entry | undefined, ctx: WalkContext): Fields | undefined {
  return e && isMap(e.value) ? fieldsOf(e.value as YAMLMap, ctx) : undefined;
}

function serviceReference(e: Entry | undefined, path: string, ctx: WalkContext): ServiceReference | undefined {
  const f = mapFields(e, ctx);
  if (!e || !f) return undefined;
  const namespace = str(f.get('namespace'), `${path}.namespace`)?.value;
  const name = str(f.get('name'), `${path}.name`)?.value;
  if (!namespace || !name) return undefined;
  return { range: e.valueRange, keyRange: e.keyRange, path, namespace, name, port: int(f.get('port'), `${path}.port`)?.value ?? DEFAULT_SERVICE_PORT };
}
