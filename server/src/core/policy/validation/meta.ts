// ObjectMeta validation on create (apimachinery ValidateObjectMeta with
// NameIsDNSSubdomain): generateName, name, namespace, labels, annotations.
import type { OffsetRange } from '../../findings';
import { entries, isMap, isStringScalar, scalarText } from '../../model/node';
import type { WalkContext } from '../../model/node';
import type { LabelEntry, NetworkPolicy } from '../../model/types';
import { byteLength, invalid, required, tooLong } from './goFormat';
import { isDNS1123Label, isLabelKey, isLabelValue, nameIsDNSSubdomain } from './names';
import type { RawTree } from './raw';
import type { Report } from './report';

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

export function validateMeta(policy: NetworkPolicy, raw: RawTree, ctx: WalkContext, report: Report): void {
  const metaKey = raw.at('metadata')?.keyRange ?? policy.kindRange;

  const generateName = raw.at('metadata.generateName');
  const prefix = generateName && isStringScalar(generateName.node) ? scalarText(generateName.node) : '';
  if (generateName && prefix) {
    for (const msg of nameIsDNSSubdomain(prefix, true)) report.error('netpol/invalid-name', invalid('metadata.generateName', prefix, msg), generateName.range);
  }

  const name = policy.metadata.name;
  const rawName = raw.at('metadata.name');
  const nameState = raw.state('metadata.name');
  // A name of the wrong type never got past the decoder (the structure check says so).
  if (nameState === 'absent' || nameState === 'null' || nameState === 'string') {
    const value = name?.value ?? '';
    if (value === '') {
      // With generateName the server makes a name up; without it one is required.
      if (!prefix) report.error('netpol/invalid-name', required('metadata.name', 'name or generateName is required'), name?.range ?? rawName?.keyRange ?? metaKey);
    } else {
      for (const msg of nameIsDNSSubdomain(value, false)) report.error('netpol/invalid-name', invalid('metadata.name', value, msg), name!.range);
    }
  }

  const ns = policy.metadata.namespace;
  if (ns && ns.value !== '') {
    for (const msg of isDNS1123Label(ns.value)) report.error('netpol/invalid-namespace', invalid('metadata.namespace', ns.value, msg), ns.range);
  }

  validateLabelMap(policy.metadata.labels?.items ?? [], 'metadata.labels', report);
  validateAnnotations(raw, ctx, report);
}

/** ValidateLabels: each key, then each value, reported at the map's path. */
export function validateLabelMap(labels: readonly LabelEntry[], path: string, report: Report): void {
  for (const { key, value } of labels) {
    for (const msg of isLabelKey(key.value)) report.error('netpol/invalid-label-key', invalid(path, key.value, msg), key.range);
    for (const msg of isLabelValue(value.value)) report.error('netpol/invalid-label-value', invalid(path, value.value, msg), value.range);
  }
}

/** ValidateAnnotations: keys as qualified names in lower case, and the total size. */
function validateAnnotations(raw: RawTree, ctx: WalkContext, report: Report): void {
  const field = raw.at('metadata.annotations');
  if (!field || !isMap(field.node)) return;
  let size = 0;
  for (const e of entries(field.node, ctx)) {
    for (const msg of isLabelKey(e.key.toLowerCase())) report.error('netpol/invalid-annotation-key', invalid('metadata.annotations', e.key, msg), e.keyRange);
    size += byteLength(e.key) + (isStringScalar(e.value) ? byteLength(scalarText(e.value)) : 0);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
    const at: OffsetRange = field.keyRange ?? field.range;
    report.error('netpol/annotations-too-long', tooLong('metadata.annotations', `must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes`), at);
  }
}
