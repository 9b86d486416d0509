// JSON text -> the same documents as YAML files give (JSON is YAML's flow
// syntax, and the `yaml` parser keeps exact ranges for it), after Go's JSON
// syntax check, so that a broken manifest is reported in kubectl's words at
// the offending character. Non-manifests (`package.json`...) are skipped
// before anything is parsed. Never throws.
import { finding } from '../findings';
import { LineIndex, yamlLineBreaks } from '../yaml/lineIndex';
import { DEFAULT_MAX_LENGTH, parseDocuments, ParsedFile, YamlDocument } from '../yaml/parse';
import { looksBinary, looksLikeTemplate } from '../yaml/precheck';
import { isJsonManifest } from './sniff';
import { checkJsonSyntax } from './syntax';

export interface JsonParseOptions {
  maxLength?: number;
  /** Path, only to recognise Helm chart templates. */
  path?: string;
}

/** Whether a file is read as JSON: by its name (`*.json`). */
export function isJsonPath(path: string | undefined): boolean {
  return path !== undefined && /\.json$/i.test(path);
}

export const NOT_A_MANIFEST_NOTE = 'skipped: JSON, but not a Kubernetes manifest (no top-level apiVersion or kind)';

export function parseJsonFile(text: string, options: JsonParseOptions = {}): ParsedFile {
  const base = { text, lines: new LineIndex(text), documents: [] as YamlDocument[], findings: [] };
  if (!isJsonManifest(text)) return { ...base, skipped: { reason: 'not-a-manifest', note: NOT_A_MANIFEST_NOTE } };
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  if (text.length > maxLength) {
    return { ...base, skipped: { reason: 'too-large', note: `skipped: ${text.length} characters is over the limit of ${maxLength}` } };
  }
  if (looksBinary(text)) return { ...base, skipped: { reason: 'binary', note: 'skipped: the file looks binary, not JSON' } };
  if (looksLikeTemplate(text, options.path)) {
    return { ...base, skipped: { reason: 'template', note: 'skipped: a Helm/Go template ({{ }}), not plain JSON' } };
  }
  // The BOM an editor or the CLI did not drop is white space to nobody: Go refuses it too.
  const error = checkJsonSyntax(text);
  if (error) {
    const range = error.offset < text.length ? { start: error.offset, end: error.offset + 1 } : lastCharacter(text);
    if (error.kind === 'too-deep') {
      return { ...base, findings: [finding('netpol/yaml-too-deep', 'error', error.message, range)], skipped: { reason: 'too-deep', note: 'skipped: JSON nesting too deep' } };
    }
    return { ...base, findings: [finding('netpol/json-syntax', 'error', error.message, range)] };
  }
  // Valid JSON: its scalars are quoted strings, numbers, true, false and null, read by the JSON schema.
  return { ...base, ...parseDocuments(yamlLineBreaks(text), '1.2', 'json') };
}

/** Where an unexpected end is shown: on the last character that is not white space. */
function lastCharacter(text: string): { start: number; end: number } {
  let i = text.length - 1;
  while (i > 0 && /\s/.test(text[i])) i--;
  return { start: Math.max(0, i), end: Math.max(0, i) + (text.length > 0 ? 1 : 0) };
}
