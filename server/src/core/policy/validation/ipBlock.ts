// ValidateIPBlock: cidr required and valid (IsValidCIDRForLegacyField), then
// each except valid and a strict subset of cidr; plus the API server's CIDR
// warnings (GetWarningsForCIDR) for values it accepts.
import type { IPBlock } from '../../model/types';
import { isStringScalar, jsonType, scalarText } from '../../model/node';
import type { OffsetRange } from '../../findings';
import { cidrWarnings, strictCidrError } from './cidr';
import { contains, parseCidrSloppy, SloppyCidr } from './goNet';
import { invalid, required } from './goFormat';
import type { RawTree } from './raw';
import type { Report } from './report';
import type { SpecOptions } from './spec';

const CIDR_EXAMPLE = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

export function validateIpBlock(ipb: IPBlock, raw: RawTree, options: SpecOptions, report: Report): void {
  const cidrPath = `${ipb.path}.cidr`;
  const cidrState = raw.state(cidrPath);
  if (cidrState !== 'absent' && cidrState !== 'null' && cidrState !== 'string') return; // wrong type
  const cidrText = ipb.cidr?.value ?? '';
  if (cidrText === '') {
    // Missing: on the `ipBlock` key (its parent); written empty: on the value.
    const at = ipb.cidr?.range ?? raw.at(cidrPath)?.keyRange ?? raw.at(ipb.path)?.keyRange ?? ipb.range;
    report.error('netpol/invalid-cidr', required(cidrPath), at);
    return;
  }
  const cidrRange = ipb.cidr!.range;
  const cidr = checkCidr(cidrText, cidrPath, cidrRange, 'netpol/invalid-cidr', options, report);
  if (!cidr) return;
  raw.list(`${ipb.path}.except`).forEach((item, k) => {
    const path = `${ipb.path}.except[${k}]`;
    const type = jsonType(item.node);
    if (type !== 'string' && type !== 'null') return; // wrong type, reported by the structure check
    const text = isStringScalar(item.node) ? scalarText(item.node) : '';
    const except = checkCidr(text, path, item.range, 'netpol/invalid-except', options, report);
    if (!except) return;
    if (!contains(cidr, except) || cidr.ones >= except.ones) {
      report.error('netpol/invalid-except', invalid(path, text, 'must be a strict subset of `cidr`'), item.range);
    }
  });
}

/** IsValidCIDRForLegacyField plus the API server's warnings; returns the parse when ParseCIDRSloppy accepts it. */
function checkCidr(value: string, path: string, range: OffsetRange, ruleId: string, options: SpecOptions, report: Report): SloppyCidr | undefined {
  const parsed = parseCidrSloppy(value);
  if (!parsed) {
    report.error(ruleId, invalid(path, value, CIDR_EXAMPLE), range);
    return undefined;
  }
  const strictError = options.strictCidr ? strictCidrError(value) : undefined;
  if (strictError) {
    report.error(ruleId, invalid(path, value, strictError), range);
    return parsed;
  }
  for (const w of cidrWarnings(path, value, parsed)) report.warning(`netpol/${w.kind}-cidr`, w.message, range);
  return parsed;
}
