// The diagnostics cache's side of a computation in steps (the sliced
// re-check pass): what was computed while the file, or every file, was
// invalidated is not kept, and the file stays dirty for the next pass.
import * as assert from 'assert';
import type { Diagnostic } from 'vscode-languageserver/node';
import { ComputedDiagnostics, DiagnosticsResults } from '../../server/src/features/diagnosticsResults';

const A = 'file:///ws/a.yaml';
const B = 'file:///ws/b.yaml';

function computed(message: string): ComputedDiagnostics {
  const d: Diagnostic = { message, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } };
  return { diagnostics: [d], dependsOnOthers: false };
}

describe('diagnostics results computed in steps', () => {
  let reads: number;
  let results: DiagnosticsResults;

  beforeEach(() => {
    reads = 0;
    results = new DiagnosticsResults(
      () => computed('sync'),
      () => reads++,
    );
  });

  it('keeps a result when nothing was invalidated meanwhile, applying pending edits first', () => {
    const stamp = results.begin();
    assert.strictEqual(reads, 1);
    // Another file's invalidation does not concern this one.
    results.invalidate([B]);
    assert.strictEqual(results.store(A, stamp, computed('stepped')), true);
    assert.strictEqual(results.isDirty(A), false);
    assert.strictEqual(results.peek(A)?.diagnostics[0].message, 'stepped');
  });

  it('drops a result when the file was invalidated meanwhile: it stays dirty', () => {
    results.get(A);
    results.invalidate([A]);
    const stamp = results.begin();
    results.invalidate([A]);
    assert.strictEqual(results.invalidatedSince(A, stamp), true);
    assert.strictEqual(results.store(A, stamp, computed('stale')), false);
    assert.strictEqual(results.isDirty(A), true);
    assert.strictEqual(results.peek(A)?.diagnostics[0].message, 'sync');
  });

  it('drops a first result of a file when every file was invalidated meanwhile (settings), though it had none to invalidate', () => {
    const stamp = results.begin();
    results.invalidateAll();
    assert.strictEqual(results.store(A, stamp, computed('old settings')), false);
    assert.strictEqual(results.peek(A), undefined);
    assert.strictEqual(results.isDirty(A), true);
  });

  it('does not bring back a file dropped meanwhile', () => {
    results.get(A);
    results.invalidate([A]);
    const stamp = results.begin();
    results.drop(A);
    assert.strictEqual(results.store(A, stamp, computed('gone')), false);
    assert.strictEqual(results.peek(A), undefined);
  });

  it('keeps the result id of an unchanged result, and drops a file whose computation found nothing', () => {
    const first = results.get(A)!;
    results.invalidate([A]);
    const stamp = results.begin();
    assert.ok(results.store(A, stamp, computed('sync')));
    assert.strictEqual(results.peek(A)?.resultId, first.resultId);
    results.invalidate([A]);
    assert.ok(results.store(A, results.begin(), undefined));
    assert.strictEqual(results.peek(A), undefined);
  });
});
