// One file's analysis: text -> documents -> objects -> per-file findings.
// Pure and cacheable: the result depends on the text and options only.
// `notAnalysedNotes(analysis.objects)` (apiVersionFindings.ts) names the
// other products' NetworkPolicies the analysis leaves out.
import { parseYamlFile, ParsedFile } from './yaml/parse';
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
}

export interface FileAnalysis {
  parsed: ParsedFile;
  objects: K8sObject[];
  /** Findings that depend on this file alone (YAML, structure, validation). */
  findings: Finding[];
}

export function analyzeText(text: string, options: AnalyzeOptions = {}): FileAnalysis {
  const parsed = parseYamlFile(text, { path: options.path, maxLength: options.maxLength });
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
