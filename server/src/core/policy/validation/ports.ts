// ValidateNetworkPolicyPort: protocol, then a numeric port with its endPort
// range, or a named port (endPort first), or endPort alone.
import type { Located, NetworkPolicyPort } from '../../model/types';
import { invalid, notSupported } from './goFormat';
import { isValidPortName, isValidPortNum } from './names';
import type { RawTree } from './raw';
import type { Report } from './report';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

const isInt32 = (n: number): boolean => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647;

/** True when the field is written with a value the decoder could not read (reported as wrong-type). */
function undecodable(raw: RawTree, path: string, model: Located<unknown> | undefined): boolean {
  const state = raw.state(path);
  if (state === 'absent' || state === 'null') return false;
  return !model || (typeof model.value === 'number' && !isInt32(model.value));
}

export function validatePort(port: NetworkPolicyPort, raw: RawTree, report: Report): void {
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
