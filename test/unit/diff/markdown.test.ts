// The pull-request comment stays under GitHub's limit, with the marker and a
// pointer to the full report when rows are left out.
import * as assert from 'assert';
import type { DiffChangeView, DiffReport } from '../../../server/src/cli/diffReport';
import { DIFF_MARKER, formatDiffMarkdown, GITHUB_COMMENT_LIMIT } from '../../../server/src/cli/format/diffMarkdown';

function change(i: number): DiffChangeView {
  return { change: 'added', from: `ns${i % 7}/client-${i}`, to: `ns${i % 5}/server-${i}`, before: 'none', after: ['TCP 8080'], widens: true, narrows: false, rules: [{ side: 'head', direction: 'ingress', policy: `p${i}`, namespace: `ns${i % 5}`, rule: 'spec.ingress[0]', ports: ['TCP 8080'], file: `k8s/p${i}.yaml`, line: 8 }], delta: '+TCP 8080', namespace: `ns${i % 5}` };
}

function report(n: number): DiffReport {
  return { base: 'main', head: 'working tree', changes: Array.from({ length: n }, (_, i) => change(i)), workloadsAdded: [], workloadsRemoved: [] };
}

describe('netpol diff --format md', () => {
  it('a small diff is whole: marker, counts, table, details per namespace', () => {
    const text = formatDiffMarkdown(report(3));
    assert.ok(text.startsWith(`${DIFF_MARKER}\n`));
    assert.match(text, /\*\*3 changes: 3 added, 0 removed, 0 changed; 3 widening, 0 narrowing\*\*/);
    assert.strictEqual(text.split('\n').filter((l) => l.startsWith('| ➕ added |')).length, 3);
    assert.strictEqual((text.match(/<details>/g) ?? []).length, 3);
    assert.match(text, /`k8s\/p0\.yaml:8` `spec\.ingress\[0\]` of `ns0\/p0`/);
  });

  it('a huge diff is cut under 65,536 characters with a pointer to the full report', () => {
    const text = formatDiffMarkdown(report(5000));
    assert.ok(text.length <= GITHUB_COMMENT_LIMIT, String(text.length));
    assert.ok(text.length > GITHUB_COMMENT_LIMIT - 500, 'fills the comment');
    assert.ok(text.startsWith(DIFF_MARKER));
    const shown = text.split('\n').filter((l) => l.startsWith('| ➕ added |')).length;
    assert.ok(shown > 100 && shown < 5000);
    assert.match(text, new RegExp(`_${5000 - shown} more changes not shown .*workflow run's summary`));
  });

  it('an empty diff says so', () => {
    assert.match(formatDiffMarkdown(report(0)), /^no connectivity changes$/m);
  });
});
