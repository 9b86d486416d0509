// `netpol diff --format sarif`: one result per connection the change widens,
// at the head rule that allows it (else at the workload a policy no longer
// isolates), so code scanning annotates the line of the pull request that
// opened it. Conventions as `check --format sarif` (format/sarif.ts).
import * as path from 'path';
import type * as Sarif from 'sarif';
import type { DiffChangeView, DiffReport } from '../diffReport';
import { TOOL_INFORMATION_URI, TOOL_NAME, TOOL_VERSION } from '../packageInfo';
import { artifactLocationOf, directoryUri, SARIF_SCHEMA, SRCROOT } from './sarif';
import { verdictText } from './diffText';

export const WIDENED_RULE_ID = 'netpol/connectivity-widened';

const DESCRIPTOR: Sarif.ReportingDescriptor = {
  id: WIDENED_RULE_ID,
  name: 'ConnectivityWidened',
  shortDescription: { text: 'The change allows a connection (or ports) that the base did not allow' },
  fullDescription: {
    text: 'netpol diff compared the allowed connections of the base and the head: this connection is allowed on more ports (or at all) after the change. Review that it is intended.',
  },
  help: { text: 'Check that the rule (or the label or namespace change) is meant to open this connection; `netpol explain FROM TO` shows why it is allowed.' },
  defaultConfiguration: { level: 'warning' },
};

export function toDiffSarif(report: DiffReport, cwd: string): Sarif.Log {
  const results: Sarif.Result[] = report.changes.filter((c) => c.widens).map((c) => result(c, cwd));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version: TOOL_VERSION, semanticVersion: TOOL_VERSION, informationUri: TOOL_INFORMATION_URI, rules: [DESCRIPTOR] } },
        invocations: [{ executionSuccessful: true }],
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(cwd) } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function formatDiffSarif(report: DiffReport, cwd: string): string {
  return JSON.stringify(toDiffSarif(report, cwd), null, 2) + '\n';
}

function result(c: DiffChangeView, cwd: string): Sarif.Result {
  const rule = c.rules.find((r) => r.side === 'head' && r.file && r.range);
  const where = rule ? { file: rule.file!, range: rule.range! } : c.at;
  const because = rule ? ` by ${rule.rule} of ${rule.namespace}/${rule.policy}` : c.unrestricted?.length ? ` (${c.unrestricted.join(', ')} not isolated)` : '';
  const text = `${c.from} -> ${c.to}: ${c.change === 'added' ? 'newly allowed' : 'widened'} (${c.delta}; before: ${verdictText(c.before)}, after: ${verdictText(c.after)})${because}`;
  const out: Sarif.Result = {
    ruleId: WIDENED_RULE_ID,
    ruleIndex: 0,
    level: 'warning',
    message: { text },
    // Stable across runs, so code scanning tracks one alert per connection.
    partialFingerprints: { connection: `${c.from}->${c.to}` },
  };
  if (where) {
    const { start, end } = where.range;
    out.locations = [
      {
        physicalLocation: {
          artifactLocation: artifactLocationOf(path.resolve(cwd, where.file), cwd),
          region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 },
        },
      },
    ];
  }
  return out;
}
