// The structure check: walks the raw YAML of a NetworkPolicy against its
// schema and reports what the API server's strict decoder rejects before any
// validation runs: unknown and duplicate fields and values of the wrong type,
// each on the key or value at fault.
import type { Node } from 'yaml';
import type { OffsetRange } from '../../findings';
import { entries, isMap, isScalar, isSeq, items, jsonType, WalkContext } from '../../model/node';
import type { NetworkPolicy } from '../../model/types';
import { goQuote } from './goFormat';
import { writtenRange } from './raw';
import type { Report } from './report';
import { FieldType, goTypeName, NETWORK_POLICY_SCHEMA, structName } from './schema';

/** Where the walk is: the API path (with indexes) and the Go decoder's error context. */
interface Where {
  /** `spec.ingress[0].ports[1]`, for unknown and duplicate fields. */
  path: string;
  /** `spec.ingress.ports`, Go's field stack (no indexes, no map keys). */
  goPath: string;
  /** The struct holding the current field, e.g. `NetworkPolicyPort`. */
  struct: string;
  range: OffsetRange;
}

export function checkStructure(policy: NetworkPolicy, ctx: WalkContext, report: Report): void {
  const root: Where = { path: '', goPath: '', struct: structName(NETWORK_POLICY_SCHEMA), range: policy.kindRange };
  walkStruct(policy.node, NETWORK_POLICY_SCHEMA, root, ctx, report);
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function walk(node: Node | null, type: FieldType, at: Where, ctx: WalkContext, report: Report): void {
  // JSON null decodes to the zero value of any field.
  if (jsonType(node) === 'null' || type.kind === 'any') return;
  switch (type.kind) {
    case 'struct':
      if (!isMap(node)) return wrongType(node, goTypeName(type), at, report);
      return walkStruct(node, type, at, ctx, report);
    case 'slice':
      if (!isSeq(node)) return wrongType(node, goTypeName(type), at, report);
      items(node, ctx).forEach((item, i) => walk(item.node, type.elem, { ...at, path: `${at.path}[${i}]`, range: item.range }, ctx, report));
      return;
    case 'map':
      if (!isMap(node)) return wrongType(node, goTypeName(type), at, report);
      checkKeys(node, at, ctx, report, (e) => walk(e.value, type.elem, { ...at, path: join(at.path, e.key), range: e.valueRange }, ctx, report));
      return;
    case 'string':
      if (jsonType(node) !== 'string') wrongType(node, type.go, at, report);
      return;
    case 'time':
      // metav1.Time unmarshals a JSON string; anything else fails inside it as "of type string".
      if (jsonType(node) !== 'string') wrongType(node, 'string', at, report);
      return;
    case 'bool':
      if (jsonType(node) !== 'bool') wrongType(node, 'bool', at, report);
      return;
    case 'int':
      checkInt(node, type.go, at, report);
      return;
    case 'intOrString':
      // IntOrString.UnmarshalJSON: strings are names, everything else must be an int32.
      if (jsonType(node) !== 'string') checkInt(node, 'int32', at, report);
      return;
  }
}

function walkStruct(node: Node, type: FieldType & { kind: 'struct' }, at: Where, ctx: WalkContext, report: Report): void {
  if (!isMap(node)) return;
  const struct = structName(type);
  checkKeys(node, at, ctx, report, (e) => {
    const fieldType = type.fields[e.key];
    const path = join(at.path, e.key);
    if (!fieldType) {
      report.error('netpol/unknown-field', `unknown field ${goQuote(path)}`, e.keyRange);
      return;
    }
    walk(e.value, fieldType, { path, goPath: join(at.goPath, e.key), struct, range: e.valueRange }, ctx, report);
  });
}

type MapEntry = ReturnType<typeof entries>[number];

/** Visits each entry once; a key written twice is reported on its second occurrence. */
function checkKeys(node: Node, at: Where, ctx: WalkContext, report: Report, visit: (e: MapEntry) => void): void {
  if (!isMap(node)) return;
  const seen = new Set<string>();
  for (const e of entries(node, ctx)) {
    if (!e.merged && seen.has(e.key)) {
      report.error('netpol/duplicate-field', `duplicate field ${goQuote(join(at.path, e.key))}`, e.keyRange);
      continue;
    }
    seen.add(e.key);
    visit(e);
  }
}

const INT_RANGE: Record<'int32' | 'int64', [number, number]> = {
  int32: [-2147483648, 2147483647],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

function checkInt(node: Node | null, go: 'int32' | 'int64', at: Where, report: Report): void {
  if (jsonType(node) !== 'number') return wrongType(node, go, at, report);
  const n = isScalar(node) ? Number(node.value) : NaN;
  const [lo, hi] = INT_RANGE[go];
  // Go names the offending number when it is not an integer of the field's size.
  if (!Number.isInteger(n) || n < lo || n > hi) wrongType(node, go, at, report, `number ${String(n)}`);
}

function wrongType(node: Node | null, go: string, at: Where, report: Report, value: string = jsonType(node)): void {
  const message = `json: cannot unmarshal ${value} into Go struct field ${at.struct}.${at.goPath} of type ${go}`;
  report.error('netpol/wrong-type', message, writtenRange({ node, range: at.range }, at.range));
}
