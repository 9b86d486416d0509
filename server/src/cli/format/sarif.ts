// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run, the
// rule catalogue in tool.driver.rules, one result per finding with a region
// (1-based lines and columns, columns in UTF-16 code units like the editor).
import * as path from 'path';
import { pathToFileURL } from 'url';
import type * as Sarif from 'sarif';
import type { Severity } from '../../core/findings';
import type { Range } from '../../core/yaml/lineIndex';
import type { CheckedFile } from '../analyzeFiles';
import { STDIN_NAME } from '../files';
import type { RuleRegistry } from '../../core/ruleRegistry';
import { ruleDocUrl } from '../../core/ruleDocs';
import { ruleDocMarkdown } from '../ruleDocFiles';
import { relatedPlaces } from './related';
import { TOOL_INFORMATION_URI, TOOL_NAME, TOOL_VERSION } from '../packageInfo';

export const SRCROOT = '%SRCROOT%';
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export function toSarif(files: readonly CheckedFile[], rules: RuleRegistry, cwd: string): Sarif.Log {
  const descriptors = ruleDescriptors(files, rules);
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const results: Sarif.Result[] = [];
  const notifications: Sarif.Notification[] = [];
  for (const file of files) {
    const artifactLocation = artifactLocationOf(file.absPath, cwd);
    if (file.readError !== undefined) {
      notifications.push({ level: 'error', message: { text: `${file.displayPath}: cannot read: ${file.readError}` }, locations: [{ physicalLocation: { artifactLocation } }] });
    } else if (file.skipped !== undefined) {
      notifications.push({ level: 'note', message: { text: `${file.displayPath}: ${file.skipped}` }, locations: [{ physicalLocation: { artifactLocation } }] });
    }
    for (const f of file.findings) {
      const { start, end } = file.lines.rangeOf(f.range);
      const relatedLocations = relatedPlaces(file, f).map((r, id) => ({
        id,
        message: { text: r.message },
        physicalLocation: { artifactLocation: artifactLocationOf(r.file.absPath, cwd), region: regionOf(r.range) },
      }));
      results.push({
        ruleId: f.ruleId,
        ruleIndex: index.get(f.ruleId),
        level: levelOf(f.severity),
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation,
              region: regionOf({ start, end }),
            },
          },
        ],
        ...(relatedLocations.length > 0 ? { relatedLocations } : {}),
      });
    }
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: TOOL_NAME, version: TOOL_VERSION, semanticVersion: TOOL_VERSION, informationUri: TOOL_INFORMATION_URI, rules: descriptors },
        },
        invocations: [{ executionSuccessful: files.every((f) => f.readError === undefined), toolExecutionNotifications: notifications }],
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(cwd) } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function formatSarif(files: readonly CheckedFile[], rules: RuleRegistry, cwd: string): string {
  return JSON.stringify(toSarif(files, rules, cwd), null, 2) + '\n';
}

/** Every rule in the catalogue, plus any id a finding used that the catalogue lacks. */
function ruleDescriptors(files: readonly CheckedFile[], rules: RuleRegistry): Sarif.ReportingDescriptor[] {
  const docs = rules.all();
  const known = new Set(docs.map((d) => d.id));
  for (const file of files) {
    for (const f of file.findings) {
      if (!known.has(f.ruleId)) {
        known.add(f.ruleId);
        docs.push(rules.get(f.ruleId, f.severity));
      }
    }
  }
  return docs.map((doc) => {
    const full = doc.fullDescription ?? doc.shortDescription;
    const markdown = ruleDocMarkdown(doc.id);
    // Only rules of the catalogue have a page (a unit test keeps them in step).
    const helpUri = rules.has(doc.id) ? ruleDocUrl(doc.id) : undefined;
    return {
      id: doc.id,
      name: ruleName(doc.id),
      shortDescription: { text: doc.shortDescription },
      fullDescription: { text: full },
      help: markdown === undefined ? { text: doc.help ?? full } : { text: doc.help ?? full, markdown },
      ...(helpUri ? { helpUri } : {}),
      defaultConfiguration: doc.offByDefault ? { level: levelOf(doc.defaultSeverity), enabled: false } : { level: levelOf(doc.defaultSeverity) },
    };
  });
}

/** `netpol/invalid-port` -> `InvalidPort`: SARIF names are identifiers, ids stay as they are. */
function ruleName(id: string): string {
  const last = id.slice(id.lastIndexOf('/') + 1);
  return last.replace(/(^|[-_.])([a-z0-9])/gi, (_m, _sep, c: string) => c.toUpperCase());
}

function regionOf({ start, end }: Range): Sarif.Region {
  return { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

function levelOf(severity: Severity): Sarif.Result.level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** Relative to the checkout (`%SRCROOT%`) when inside it, as code scanning expects; absolute otherwise. */
export function artifactLocationOf(absPath: string, cwd: string): Sarif.ArtifactLocation {
  // Standard input has no file: a relative reference naming it, with no base to resolve against.
  if (absPath === STDIN_NAME) return { uri: encodeURIComponent(STDIN_NAME), description: { text: 'standard input' } };
  const rel = path.relative(cwd, absPath);
  if (rel === '' || rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel)) return { uri: pathToFileURL(absPath).href };
  return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

export function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : href + '/';
}
