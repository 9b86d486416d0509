// ValidateNetworkPolicySpec (pkg/apis/networking/validation): the pod
// selector, each ingress rule (ports, then peers), each egress rule, then
// policyTypes, in the API server's order and words.
import type { Located, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicyRule, IPBlock } from '../../model/types';
import { isStringScalar, jsonType, scalarText } from '../../model/node';
import { contains, cidrWarnings, parseCidrSloppy, SloppyCidr, strictCidrError } from './cidr';
import { forbidden, goQuote, invalid, notSupported, required } from './goFormat';
import { isValidPortName, isValidPortNum } from './names';
import { RawTree, tightRange } from './raw';
import type { Report } from './report';
import { validateSelector } from './selector';

export interface SpecOptions {
  strictCidr: boolean;
}

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];
const CIDR_EXAMPLE = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

export function validateSpec(policy: NetworkPolicy, raw: RawTree, options: SpecOptions, report: Report): void {
  if (policy.podSelector) validateSelector(policy.podSelector, raw, report);
  for (const rule of [...(policy.ingress?.items ?? []), ...(policy.egress?.items ?? [])]) validateRule(rule, raw, options, report);
  validatePolicyTypes(raw, report);
}

function validateRule(rule: NetworkPolicyRule, raw: RawTree, options: SpecOptions, report: Report): void {
  for (const port of rule.ports?.items ?? []) validatePort(port, raw, report);
  for (const peer of rule.peers?.items ?? []) validatePeer(peer, raw, options, report);
}

const isInt32 = (n: number): boolean => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647;

/** True when the field is written with a value the decoder could not read (reported as wrong-type). */
function undecodable(raw: RawTree, path: string, model: Located<unknown> | undefined): boolean {
  const state = raw.state(path);
  if (state === 'absent' || state === 'null') return false;
  return !model || (typeof model.value === 'number' && !isInt32(model.value));
}

function validatePort(port: NetworkPolicyPort, raw: RawTree, report: Report): void {
  const protocol = port.protocol;
  if (protocol && !PROTOCOLS.includes(protocol.value)) {
    report.error('netpol/invalid-protocol', notSupported(`${port.path}.protocol`, protocol.value, PROTOCOLS), protocol.range);
  }
  if (undecodable(raw, `${port.path}.port`, port.port) || undecodable(raw, `${port.path}.endPort`, port.endPort)) return;
  const p = port.port;
  const end = port.endPort;
  const endPath = `${port.path}.endPort`;
  if (p && typeof p.value === 'number') {
    for (const msg of isValidPortNum(p.value)) report.error('netpol/invalid-port', invalid(p.path, p.value, msg), p.range);
    if (end) {
      // Current releases report endPort's own value here (older ones printed `port`).
      if (end.value < p.value) report.error('netpol/invalid-end-port', invalid(endPath, end.value, 'must be greater than or equal to `port`'), end.range);
      for (const msg of isValidPortNum(end.value)) report.error('netpol/invalid-end-port', invalid(endPath, end.value, msg), end.range);
    }
  } else if (p) {
    if (end) report.error('netpol/invalid-end-port', invalid(endPath, end.value, 'may not be specified when `port` is non-numeric'), end.range);
    const name = String(p.value);
    for (const msg of isValidPortName(name)) report.error('netpol/invalid-port-name', invalid(p.path, name, msg), p.range);
  } else if (end) {
    report.error('netpol/invalid-end-port', invalid(endPath, end.value, 'may not be specified when `port` is not specified'), end.range);
  }
}

/** A peer field counts when written with a non-null value (null decodes to a nil pointer). */
function peerFieldSet(raw: RawTree, path: string): boolean {
  const state = raw.state(path);
  return state !== 'absent' && state !== 'null';
}

function validatePeer(peer: NetworkPolicyPeer, raw: RawTree, options: SpecOptions, report: Report): void {
  let count = 0;
  if (peerFieldSet(raw, `${peer.path}.podSelector`)) {
    count++;
    if (peer.podSelector) validateSelector(peer.podSelector, raw, report);
  }
  if (peerFieldSet(raw, `${peer.path}.namespaceSelector`)) {
    count++;
    if (peer.namespaceSelector) validateSelector(peer.namespaceSelector, raw, report);
  }
  const hasIpBlock = peerFieldSet(raw, `${peer.path}.ipBlock`);
  if (hasIpBlock) {
    count++;
    if (peer.ipBlock) validateIpBlock(peer.ipBlock, raw, options, report);
  }
  const at = tightRange(raw.at(peer.path)?.node ?? null, peer.range);
  if (count === 0) report.error('netpol/empty-peer', required(peer.path, 'must specify a peer'), at);
  else if (count > 1 && hasIpBlock) report.error('netpol/ipblock-with-other-peer', forbidden(peer.path, 'may not specify both ipBlock and another peer'), at);
}

function validateIpBlock(ipb: IPBlock, raw: RawTree, options: SpecOptions, report: Report): void {
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
function checkCidr(value: string, path: string, range: { start: number; end: number }, ruleId: string, options: SpecOptions, report: Report): SloppyCidr | undefined {
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

function validatePolicyTypes(raw: RawTree, report: Report): void {
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
