// YAML text -> documents with exact source ranges. Never throws: problems
// become findings, and inputs the parser must not see are skipped with a note.
import { parseAllDocuments, Document } from 'yaml';
import { finding, Finding, OffsetRange } from '../findings';
import { LineIndex, yamlLineBreaks } from './lineIndex';
import { maxBlockDepth, maxFlowDepth, looksBinary, looksLikeTemplate } from './precheck';

export interface YamlDocument {
  /** 0-based position of the document in its file. */
  index: number;
  doc: Document.Parsed;
  range: OffsetRange;
  hasErrors: boolean;
}

export type SkipReason = 'binary' | 'template' | 'too-large' | 'too-deep' | 'not-a-manifest';

export interface ParsedFile {
  text: string;
  lines: LineIndex;
  documents: YamlDocument[];
  /** YAML-level problems (syntax errors, too deep...). */
  findings: Finding[];
  /** Set when the file was not parsed at all; the note says why, for logs. */
  skipped?: { reason: SkipReason; note: string };
}

export interface ParseOptions {
  /** Files larger than this (in UTF-16 units) are skipped. Default 10 MiB. */
  maxLength?: number;
  /** Flow collections nested deeper than this are refused (the parser can abort the process). */
  maxFlowDepth?: number;
  /** Block collections nested deeper than this are refused (the parser runs out of stack). */
  maxBlockDepth?: number;
  /** Path, only to recognise Helm chart templates. */
  path?: string;
  /** Default 1.1, as Kubernetes decodes manifests; the project config is read as 1.2, as editors read it. */
  version?: '1.1' | '1.2';
}

export const DEFAULT_MAX_LENGTH = 10 * 1024 * 1024;
const DEFAULT_MAX_FLOW_DEPTH = 256;
// Block and flow limits together stay well under the ~900 levels where `yaml`
// runs out of stack; no manifest comes close to either.
const DEFAULT_MAX_BLOCK_DEPTH = 256;

export function parseYamlFile(original: string, options: ParseOptions = {}): ParsedFile {
  const lines = new LineIndex(original);
  const base = { text: original, lines, documents: [] as YamlDocument[], findings: [] as Finding[] };
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  if (original.length > maxLength) {
    return { ...base, skipped: { reason: 'too-large', note: `skipped: ${original.length} characters is over the limit of ${maxLength}` } };
  }
  const text = yamlLineBreaks(original);
  if (looksBinary(text)) {
    return { ...base, skipped: { reason: 'binary', note: 'skipped: the file looks binary, not YAML' } };
  }
  if (looksLikeTemplate(text, options.path)) {
    return { ...base, skipped: { reason: 'template', note: 'skipped: a Helm/Go template ({{ }}), not plain YAML' } };
  }
  const flowLimit = options.maxFlowDepth ?? DEFAULT_MAX_FLOW_DEPTH;
  const blockLimit = options.maxBlockDepth ?? DEFAULT_MAX_BLOCK_DEPTH;
  const tooDeep = (at: number, style: 'flow' | 'block', limit: number): ParsedFile => ({
    ...base,
    findings: [finding('netpol/yaml-too-deep', 'error', `YAML ${style} collections are nested more than ${limit} levels deep; the file was not analysed`, { start: at, end: Math.min(text.length, at + 1) })],
    skipped: { reason: 'too-deep', note: `skipped: ${style} nesting deeper than ${limit}` },
  });
  const deepFlow = maxFlowDepth(text, flowLimit);
  if (deepFlow !== undefined) return tooDeep(deepFlow, 'flow', flowLimit);
  const deepBlock = maxBlockDepth(text, blockLimit);
  if (deepBlock !== undefined) return tooDeep(deepBlock, 'block', blockLimit);
  return { ...base, ...parseDocuments(text, options.version ?? '1.1') };
}

/** Every document of a text the prechecks accepted (line breaks already as the parser wants them). */
export function parseDocuments(text: string, version: '1.1' | '1.2', schema?: 'json'): { documents: YamlDocument[]; findings: Finding[] } {
  const documents: YamlDocument[] = [];
  const findings: Finding[] = [];
  let parsed: Document.Parsed[];
  try {
    // Kubernetes decodes manifests as YAML 1.1 (yes/no/on/off are booleans).
    // Duplicate keys are reported by the structure check in Kubernetes words.
    const all = parseAllDocuments(text, schema ? { version, schema, uniqueKeys: false, prettyErrors: false } : { version, uniqueKeys: false, prettyErrors: false, merge: true });
    parsed = Array.isArray(all) ? all : [];
  } catch (e) {
    findings.push(finding('netpol/yaml-syntax', 'error', `YAML could not be parsed: ${(e as Error).message}`, { start: 0, end: Math.min(1, text.length) }));
    return { documents, findings };
  }
  parsed.forEach((doc, index) => {
    const [start, , end] = doc.range;
    for (const err of doc.errors) {
      findings.push(finding('netpol/yaml-syntax', 'error', cleanMessage(err.message), visibleRange(text, err.pos[0], err.pos[1])));
    }
    documents.push({ index, doc, range: { start, end }, hasErrors: doc.errors.length > 0 });
  });
  return { documents, findings };
}

/** `yaml` appends " at line L, column C" even without prettyErrors; the range says it already. */
function cleanMessage(message: string): string {
  return message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
}

/** A zero-width error range is widened to one character so editors show it. */
function visibleRange(text: string, start: number, end: number): OffsetRange {
  const s = Math.max(0, Math.min(start, text.length));
  let e = Math.max(s, Math.min(end, text.length));
  if (e === s && s < text.length && text[s] !== '\n' && text[s] !== '\r') e = s + 1;
  return { start: s, end: e };
}
