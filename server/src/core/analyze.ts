// One file's analysis: text -> documents -> objects -> per-file findings.
// Pure and cacheable: the result depends on the text and options only.
// `notAnalysedNotes(analysis.objects)` (apiVersionFindings.ts) names the
// other products' NetworkPolicies the analysis leaves out.
import { parseYamlFile, ParsedFile } from './yaml/parse';
import { isJsonPath, parseJsonFile } from './json/parse';
import { extractObjects } from './model/extract';
import type { K8sObject } from './model/types';
import { isNetworkPolicy } from './model/types';
import type { Finding } from './findings';
import { unknownApiVersionFindings } from './apiVersionFindings';
import { validateNetworkPolicy, ValidationOptions } from './policy/validation';

export interface AnalyzeOptions extends ValidationOptions {
  /** Path of the file, to recognise chart templates and for messages. */
  path?: string;
  maxLength?: number;
  /** Read as JSON (`*.json` files are, by their path; an editor says so for others). */
  language?: 'json';
}

export interface FileAnalysis {
  parsed: ParsedFile;
  objects: K8sObject[];
  /** Findings that depend on this file alone (YAML, structure, validation). */
  findings: Finding[];
}

export function analyzeText(text: string, options: AnalyzeOptions = {}): FileAnalysis {
  const parsed = isJsonInput(options) ? parseJsonFile(text, options) : parseYamlFile(text, { path: options.path, maxLength: options.maxLength });
  const { objects, findings: modelFindings } = extractObjects(parsed);
  const findings = [...parsed.findings, ...modelFindings, ...unknownApiVersionFindings(objects)];
  for (const object of objects) {
    if (!isNetworkPolicy(object)) continue;
    const doc = parsed.documents[object.docIndex].doc;
    try {
      findings.push(...validateNetworkPolicy(object, doc, options));
    } catch (e) {
      findings.push({ ruleId: 'netpol/internal-error', severity: 'warning', message: `validation failed: ${(e as Error).message}`, range: object.kindRange });
    }
  }
  return { parsed, objects, findings };
}

/** Whether the text is read as JSON: the caller says so, or the path ends in `.json`. */
export function isJsonInput(options: Pick<AnalyzeOptions, 'language' | 'path'>): boolean {
  return options.language === 'json' || isJsonPath(options.path);
}
