// Connectivity diffs: what a change of manifests opens and closes.
export * from './connectivityDiff';
export * from './portDelta';
export type { IpPiece } from '../policy/engine/ipPieces';
export type { ResponsibleRule } from '../policy/engine/responsibleRules';
export { diffGraph } from './graph';
