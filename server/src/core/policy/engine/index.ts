// The connectivity engine's public surface.
export * from './input';
export * from './portSet';
export { parseAddress, parseCidr } from './cidr';
export type { Address, AddressRange } from './cidr';
export * from './compile';
export * from './engine';
export type { PodClass } from './classes';
export * from './matrix';
export * from './compactMatrix';
export * from './explain';
export * from './describe';
