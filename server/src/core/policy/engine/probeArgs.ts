// `--port` / `--protocol` values, checked as strictly as the API server
// checks a policy's ports, so a typo is a usage error and never a verdict.
import { UsageError } from '../../usageError';
import { Endpoint, isProtocol, MAX_PORT, MIN_PORT, Protocol, PROTOCOLS } from './index';

/** `tcp` and `TCP` both work; anything else is a usage error. */
export function parseProtocol(text: string | undefined): Protocol | undefined {
  if (text === undefined) return undefined;
  const upper = text.toUpperCase();
  if (!isProtocol(upper)) throw new UsageError(`--protocol ${text} is not one of ${PROTOCOLS.join(', ')}`);
  return upper;
}

/** A number from 1 to 65535. */
export function parsePortNumber(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < MIN_PORT || Number(text) > MAX_PORT) {
    throw new UsageError(`--port ${text} is not a port number from ${MIN_PORT} to ${MAX_PORT}`);
  }
  return Number(text);
}

/**
 * A port number, or the name of one of the destination's container ports
 * (`--port mysql`), which then also gives the protocol unless one is given.
 */
export function parsePort(text: string, protocol: Protocol | undefined, destination: Endpoint): { port: number; protocol: Protocol } {
  if (/^\d+$/.test(text) || destination.kind !== 'workload') return { port: parsePortNumber(text), protocol: protocol ?? 'TCP' };
  const found = destination.cls.ports.find((p) => p.name === text && isProtocol(p.protocol) && (protocol === undefined || p.protocol === protocol));
  if (!found) {
    const names = destination.cls.ports.filter((p) => p.name).map((p) => `${p.name} (${p.protocol} ${p.containerPort})`);
    const known = names.length > 0 ? `; its named ports: ${names.join(', ')}` : '';
    throw new UsageError(`--port ${text}: ${destination.label} has no ${protocol ? protocol + ' ' : ''}container port named ${text}${known}`);
  }
  return { port: found.containerPort, protocol: isProtocol(found.protocol) ? found.protocol : 'TCP' };
}
