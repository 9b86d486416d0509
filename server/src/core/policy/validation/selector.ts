// ValidateLabelSelector (apimachinery meta/v1 validation): matchLabels, then
// each requirement: operator and its values rule, key, then each value.
import type { OffsetRange } from '../../findings';
import type { LabelSelector, LabelSelectorRequirement } from '../../model/types';
import { forbidden, invalid, required } from './goFormat';
import { validateLabelMap } from './meta';
import { isLabelKey, isLabelValue } from './names';
import { RawTree, writtenRange } from './raw';
import type { Report } from './report';

export function validateSelector(sel: LabelSelector, raw: RawTree, report: Report): void {
  validateLabelMap(sel.matchLabels?.items ?? [], `${sel.path}.matchLabels`, report);
  for (const req of sel.matchExpressions?.items ?? []) validateRequirement(req, raw, report);
}

/** A string field as Go decodes it: absent or null is "", a wrong type is skipped (undefined). */
function stringField(raw: RawTree, path: string, model: { value: string; range: OffsetRange } | undefined, parent: OffsetRange): { value: string; range: OffsetRange } | undefined {
  const state = raw.state(path);
  if (state === 'absent') return { value: '', range: parent };
  if (state === 'null') return { value: '', range: raw.at(path)!.keyRange ?? parent };
  return model;
}

function validateRequirement(req: LabelSelectorRequirement, raw: RawTree, report: Report): void {
  // Missing fields are reported on the requirement (their parent).
  const parent = writtenRange(raw.at(req.path), req.range);
  const operator = stringField(raw, `${req.path}.operator`, req.operator, parent);
  const valuesPath = `${req.path}.values`;
  const valuesState = raw.state(valuesPath);
  const valuesRange = raw.at(valuesPath)?.range ?? parent;
  // Null items decode as "" and count; a wrong-typed list never decoded.
  const valueCount = raw.list(valuesPath).length;
  const valuesDecoded = valuesState === 'absent' || valuesState === 'null' || valuesState === 'array';

  if (operator && valuesDecoded) {
    switch (operator.value) {
      case 'In':
      case 'NotIn':
        if (valueCount === 0) report.error('netpol/selector-values-required', required(valuesPath, "must be specified when `operator` is 'In' or 'NotIn'"), valuesRange);
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (valueCount > 0) report.error('netpol/selector-values-forbidden', forbidden(valuesPath, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"), valuesRange);
        break;
      default:
        report.error('netpol/invalid-selector-operator', invalid(`${req.path}.operator`, operator.value, 'not a valid selector operator'), operator.range);
    }
  }

  const key = stringField(raw, `${req.path}.key`, req.key, parent);
  if (key) {
    for (const msg of isLabelKey(key.value)) report.error('netpol/invalid-label-key', invalid(`${req.path}.key`, key.value, msg), key.range);
  }

  for (const v of req.values?.items ?? []) {
    for (const msg of isLabelValue(v.value)) report.error('netpol/invalid-label-value', invalid(v.path, v.value, msg), v.range);
  }
}
