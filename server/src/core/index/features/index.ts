// Pure feature data over the index, for the LSP layer to convert.
export { hoverAt, hoverMarkdown, HOVER_LIST_LIMIT } from './hover';
export type { HoverData, NamespaceRef } from './hover';
export { definitionsAt, referencesAt } from './navigation';
export { policyLenses } from './codeLens';
export type { PolicyLens } from './codeLens';
export { workloadLenses } from './workloadLens';
export type { WorkloadLens } from './workloadLens';
export { completionAt, COMPLETION_LIMIT } from './completion';
export type { CompletionData, CompletionCandidate, CompletionContextKind } from './completion';
export { yamlContextAt } from './yamlContext';
export type { YamlCursorContext } from './yamlContext';
export { policyAt, selectorAt, workloadAt, workloadLabelsAt, namespaceObjectAt } from './locate';
export type { ObjectRef, SelectorRef } from './refs';
