// Connectivity diffs: what a change of manifests opens and closes.
export * from './connectivityDiff';
export * from './portDelta';
export type { IpPiece } from './ipPieces';
export type { ResponsibleRule } from './responsibleRules';
export { diffGraph } from './graph';
