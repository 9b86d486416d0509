import * as assert from 'assert';
import { isMap } from 'yaml';
import { analyzeText, AnalyzeOptions } from '../../../server/src/core/analyze';
import { isCompact } from '../../../server/src/core/index/compactAnalysis';
import { WorkspaceIndex } from '../../../server/src/core/index/workspaceIndex';
import { addPodLabelEdits } from '../../../server/src/core/edits/addLabel';
import { deployment, pod } from './fixtures';

const URI = 'file:///w/app.yaml';
const TEXT = deployment('web', { app: 'web' }, 'shop') + '---\n' + pod('db', { app: 'db' }, 'shop');

function countingIndex(): { index: WorkspaceIndex; calls: string[] } {
  const calls: string[] = [];
  const index = new WorkspaceIndex({
    analyze: (text: string, options: AnalyzeOptions) => {
      calls.push(options.path ?? '?');
      return analyzeText(text, options);
    },
  });
  return { index, calls };
}

describe('WorkspaceIndex: compact analyses', () => {
  it('keeps no YAML tree: no own node on objects, no documents array on the parsed file', () => {
    const { index } = countingIndex();
    const file = index.setFile(URI, TEXT);
    assert.ok(isCompact(file.analysis.parsed));
    assert.strictEqual(Object.prototype.hasOwnProperty.call(file.analysis.parsed, 'documents'), false);
    for (const o of file.analysis.objects) {
      assert.ok(isCompact(o));
      assert.strictEqual(Object.prototype.hasOwnProperty.call(o, 'node'), false);
      assert.deepStrictEqual(Object.keys(o).includes('node'), false);
    }
    // What the index reads is all there.
    assert.deepStrictEqual(file.workloads.map((w) => [w.name, w.namespace, Object.fromEntries(w.labels)]), [
      ['web', 'shop', { app: 'web' }],
      ['db', 'shop', { app: 'db' }],
    ]);
    assert.strictEqual(file.analysis.parsed.text, TEXT);
    assert.deepStrictEqual(file.analysis.parsed.lines.positionAt(TEXT.indexOf('kind: Pod')), { line: TEXT.slice(0, TEXT.indexOf('kind: Pod')).split('\n').length - 1, character: 0 });
  });

  it('gives the tree on demand, re-analysing one file once while it is cached', () => {
    const { index, calls } = countingIndex();
    index.setFile(URI, TEXT);
    index.setFile('file:///w/other.yaml', pod('x', {}));
    assert.deepStrictEqual(calls, [URI, 'file:///w/other.yaml']);
    const full = index.fullAnalysis(URI)!;
    assert.strictEqual(full.parsed.documents.length, 2);
    assert.ok(isMap(full.objects[1].node));
    assert.strictEqual(index.treeOf(URI), full.parsed);
    // Lazy getters on the compact analysis go through the same cache.
    const compact = index.getFile(URI)!.analysis;
    assert.strictEqual(compact.objects[1].node, full.objects[1].node);
    assert.strictEqual(compact.parsed.documents, full.parsed.documents);
    assert.deepStrictEqual(calls, [URI, 'file:///w/other.yaml', URI]);
    assert.strictEqual(index.fullAnalysis('file:///nowhere.yaml'), undefined);
  });

  it('re-analyses after a change, and the node of an old object still matches its own text', () => {
    const { index, calls } = countingIndex();
    const before = index.setFile(URI, TEXT);
    const oldPod = before.analysis.objects[1];
    const edited = '# a comment\n' + TEXT;
    index.setFile(URI, edited);
    assert.strictEqual(index.fullAnalysis(URI)!.parsed.text, edited);
    assert.strictEqual(calls.length, 3);
    // The old object's tree comes from the old text: its ranges are the old ones.
    assert.deepStrictEqual(oldPod.node.range?.[0], TEXT.indexOf('apiVersion: v1'));
  });

  it('edits through the lazy tree: adding a pod label to an indexed workload', () => {
    const index = new WorkspaceIndex();
    const file = index.setFile(URI, TEXT);
    const w = file.workloads.find((x) => x.name === 'db')!;
    const edits = addPodLabelEdits(file.text, w.workload, [{ key: 'tier', value: 'data' }])!;
    assert.strictEqual(edits.length, 1);
    const out = file.text.slice(0, edits[0].range.start) + edits[0].newText + file.text.slice(edits[0].range.end);
    assert.ok(out.includes('    app: db\n    tier: data\n'), out);
  });

  it('keeps workloads slim: located labels are read back from the file, the label map without re-analysis', () => {
    const { index, calls } = countingIndex();
    const file = index.setFile(URI, TEXT);
    const web = file.workloads[0].workload;
    assert.strictEqual(Object.prototype.hasOwnProperty.call(web, 'podLabels'), false);
    assert.strictEqual(Object.prototype.hasOwnProperty.call(web.metadata, 'labels'), false);
    // Re-deriving the tables (a new default namespace) reads the kept label map only.
    index.setDefaultNamespace('other');
    assert.deepStrictEqual(Object.fromEntries(index.workload(file.workloads[0].id)!.labels), { app: 'web' });
    assert.deepStrictEqual(calls, [URI]);
    // Everything else of the typed workload is still there.
    assert.strictEqual(web.metadata.name?.value, 'web');
    assert.strictEqual(web.metadata.namespace?.value, 'shop');
    assert.strictEqual(web.podLabelsAt.path, 'spec.template.metadata.labels');
    // The located entries come back from one re-analysis, with exact ranges.
    const entry = web.podLabels[0];
    const at = TEXT.indexOf('app: web', TEXT.indexOf('template:'));
    assert.deepStrictEqual([entry.key.value, entry.key.range, entry.value.value, entry.value.range], ['app', { start: at, end: at + 3 }, 'web', { start: at + 5, end: at + 8 }]);
    assert.strictEqual(entry.key.path, 'spec.template.metadata.labels');
    assert.strictEqual(web.metadata.labels, undefined);
    assert.deepStrictEqual(file.workloads[1].workload.metadata.labels?.items.map((e) => [e.key.value, e.value.value, e.key.path]), [['app', 'db', 'metadata.labels']]);
    assert.deepStrictEqual(calls, [URI, URI]);
  });

  it('forgets the cached tree of a removed file', () => {
    const { index, calls } = countingIndex();
    index.setFile(URI, TEXT);
    index.fullAnalysis(URI);
    index.removeFile(URI);
    index.setFile(URI, TEXT);
    index.fullAnalysis(URI);
    assert.deepStrictEqual(calls, [URI, URI, URI, URI]);
  });
});
