// policyTypes: more than two entries is one error on the list (and the items
// are not checked); otherwise each must be Ingress or Egress. Duplicates pass.
import { isStringScalar, jsonType, scalarText } from '../../model/node';
import { goQuote, invalid, notSupported } from './goFormat';
import type { RawTree } from './raw';
import type { Report } from './report';

const POLICY_TYPES = ['Ingress', 'Egress'];

export function validatePolicyTypes(raw: RawTree, report: Report): void {
  const field = raw.at('spec.policyTypes');
  if (!field || raw.state('spec.policyTypes') !== 'array') return;
  const items = raw.list('spec.policyTypes');
  // Null items decode as ""; any other non-string already failed decoding.
  const texts = items.map((i) => (isStringScalar(i.node) ? scalarText(i.node) : jsonType(i.node) === 'null' ? '' : undefined));
  if (texts.some((t) => t === undefined)) return;
  if (items.length > POLICY_TYPES.length) {
    const goSyntax = `[]networking.PolicyType{${texts.map((t) => goQuote(t!)).join(', ')}}`;
    report.error('netpol/too-many-policy-types', invalid('spec.policyTypes', { goSyntax }, 'may not specify more than two policyTypes'), field.range);
    return;
  }
  texts.forEach((t, i) => {
    if (!POLICY_TYPES.includes(t!)) report.error('netpol/invalid-policy-type', notSupported(`spec.policyTypes[${i}]`, t!, POLICY_TYPES), items[i].range);
  });
}
