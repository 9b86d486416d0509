// Public surface of the workspace index.
export { WorkspaceIndex } from './workspaceIndex';
export type { WorkspaceIndexOptions, IndexedFile } from './workspaceIndex';
export type { IndexedWorkload, IndexedPolicy, IndexedNamespaceObject, NamespaceInfo } from './types';
export { METADATA_NAME_LABEL } from './types';
export { LabelTable } from './labelTable';
export { engineInputFrom } from './engineInput';
export type { EngineInput, EngineInputOptions } from './engineInput';
export { referencedClusterWorkloads } from './clusterReferences';
export { isIndexedPath, shouldWalkFolder, exceedsSizeLimit, DEFAULT_MAX_FILE_SIZE_KB } from './indexedPath';
export type { IndexPathOptions } from './indexedPath';
export { folderOf, isKustomizationPath, KUSTOMIZATION_NAMES } from './paths';
