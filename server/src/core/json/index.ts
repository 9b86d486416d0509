// JSON manifests: the cheap sniff, Go's syntax check, the parse into YAML documents.
export { isJsonManifest, SNIFF_LIMIT } from './sniff';
export { checkJsonSyntax } from './syntax';
export type { JsonSyntaxError } from './syntax';
export { isJsonPath, parseJsonFile, NOT_A_MANIFEST_NOTE } from './parse';
