// Aliases and `<<` merges as the model reads them: merge order as YAML
// defines it, cycles cut with a finding, a budget per object (List items
// each have their own) that still refuses alias bombs at once, and merge
// chains read in linear time.
import * as assert from 'assert';
import { parseAllDocuments } from 'yaml';
import { parseYamlFile } from '../../../server/src/core/yaml/parse';
import { extractObjects } from '../../../server/src/core/model/extract';
import { entries, newContext } from '../../../server/src/core/model/node';
import { isWorkload, Workload } from '../../../server/src/core/model/types';
import { assertWithinRatio } from '../linear/timing';

function extract(text: string) {
  return extractObjects(parseYamlFile(text));
}

function labelsOf(w: unknown): string[] {
  assert.ok(isWorkload(w as never), 'a workload');
  return (w as Workload).podLabels.map((l) => `${l.key.value}=${l.value.value}`).sort();
}

function pod(name: string, labels: string, extra = ''): string {
  return `${extra}apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: shop\n  labels: ${labels}\nspec:\n  containers: [{name: c, image: nginx}]\n`;
}

describe('YAML merges and aliases in the model', () => {
  describe('merge semantics', () => {
    // toJS (merge: true) is the reference for which value each key ends with.
    const CASES = [
      'b: &b {x: 1, q: 1}\nm: {<<: *b, q: 2}\n',
      'b: &b {x: 1}\nc: &c {x: 2, z: 2}\nm: {<<: [*b, *c], w: 0}\n',
      'a: &a {k: a}\nb: &b {<<: *a, j: b}\nc: &c {<<: *b, k: c}\nm: {<<: [*c, *a]}\n',
      'a: &a {k: 1, k2: 1}\nb: &b {<<: *a, k: 2}\nc: &c {<<: *a, k2: 3}\nm: {<<: [*b, *c]}\n',
      'm: {<<: {x: 1}, <<: {x: 2, q: 2}}\n',
    ];
    for (const text of CASES) {
      it(`matches yaml's own merge on ${JSON.stringify(text.slice(-30))}`, () => {
        const doc = parseAllDocuments(text, { version: '1.1', merge: true, uniqueKeys: false })[0] as never as Parameters<typeof newContext>[0];
        const expected = (doc.toJS() as { m: Record<string, unknown> }).m;
        const root = doc.contents as never as { items: { key: { value: string }; value: never }[] };
        const m = root.items.find((p) => p.key.value === 'm')!.value;
        const got: Record<string, unknown> = {};
        for (const e of entries(m, newContext(doc))) if (!(e.key in got)) got[e.key] = (e.value as { value?: unknown } | null)?.value;
        assert.deepStrictEqual(got, expected);
      });
    }

    it('merged entries point at the `<<` pair of the map read', () => {
      const text = 'a: &a {k: 1}\nb: &b {<<: *a}\nm:\n  <<: *b\n  own: 2\n';
      const doc = parseAllDocuments(text, { version: '1.1', merge: true })[0] as never as Parameters<typeof newContext>[0];
      const m = (doc.contents as never as { items: { value: never }[] }).items[2].value;
      const es = entries(m, newContext(doc));
      assert.deepStrictEqual(es.map((e) => [e.key, e.merged, text.slice(e.keyRange.start, e.keyRange.end), text.slice(e.valueRange.start, e.valueRange.end)]), [
        ['own', false, 'own', '2'],
        ['k', true, '<<', '*b'],
      ]);
    });
  });

  describe('cycles', () => {
    it('labels: &self {<<: *self}: a yaml-alias-cycle on the alias, the Deployment still read', () => {
      const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  template:\n    metadata:\n      labels: &self {<<: *self, app: web}\n';
      const { objects, findings } = extract(text);
      assert.deepStrictEqual(
        findings.map((f) => [f.ruleId, f.message, text.slice(f.range.start, f.range.end)]),
        [['netpol/yaml-alias-cycle', "anchor 'self' value contains itself; the alias was not followed", '*self']],
      );
      assert.strictEqual(objects.length, 1);
      assert.deepStrictEqual(labelsOf(objects[0]), ['app=web']);
      assert.strictEqual(objects[0].metadata.name?.value, 'web');
    });

    it('a cycle through two anchors is cut as well', () => {
      const text = pod('p', '&a {<<: {<<: *a, app: p}}');
      const { objects, findings } = extract(text);
      assert.deepStrictEqual(findings.map((f) => text.slice(f.range.start, f.range.end)), ['*a']);
      assert.deepStrictEqual(labelsOf(objects[0]), ['app=p']);
    });
  });

  describe('budgets', () => {
    it('a List of 5,000 Pods with two merges each: every pod keeps its namespace and labels, no alias-limit', () => {
      const lines = ['apiVersion: v1', 'kind: List', 'x-meta: &meta {namespace: shop}', 'x-labels: &labels {tier: web}', 'items:'];
      for (let i = 0; i < 5000; i++) lines.push(`- {apiVersion: v1, kind: Pod, metadata: {<<: *meta, name: p${i}, labels: {<<: *labels, app: p${i}}}}`);
      const { objects, findings } = extract(lines.join('\n') + '\n');
      assert.deepStrictEqual(findings, []);
      assert.strictEqual(objects.length, 5000);
      const last = objects[4999] as Workload;
      assert.strictEqual(last.metadata.namespace?.value, 'shop');
      assert.deepStrictEqual(labelsOf(last), ['app=p4999', 'tier=web']);
    });

    /** Merge laughs: each level merges ten aliases of the level below (10^9 maps fully expanded). */
    function mergeBomb(levels: number): string[] {
      const out = ['x0: &m0 {leaf: x}'];
      for (let l = 1; l <= levels; l++) out.push(`x${l}: &m${l} {<<: [${Array(10).fill(`*m${l - 1}`).join(', ')}], l${l}: x}`);
      return out;
    }

    it('a merge bomb in labels is refused at once, on one of its aliases', () => {
      const text = mergeBomb(9).join('\n') + '\n' + pod('bomb', '*m9');
      const { objects, findings } = extract(text);
      assert.deepStrictEqual(findings.map((f) => f.message), ['too many YAML alias expansions in this document; the rest of it was not read']);
      assert.match(text.slice(findings[0].range.start, findings[0].range.end), /^\*m\d$/);
      assert.strictEqual(objects.length, 1);
      const plain = parseYamlFile(pod('plain', '{' + Array.from({ length: 10 }, (_, i) => `l${i}: x`).join(', ') + '}'));
      const parsed = parseYamlFile(text);
      assertWithinRatio('merge bomb', () => extractObjects(parsed), () => extractObjects(plain), 50);
    });

    it('a List of 500 bombs: each item refused, the total bounded by the size of the document', () => {
      const seqBomb = ['x0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
      for (let l = 1; l <= 9; l++) seqBomb.push(`x${l}: &a${l} [${Array(10).fill(`*a${l - 1}`).join(', ')}]`);
      const item = (i: number, labels: string) => `- {apiVersion: v1, kind: Pod, metadata: {name: p${i}, labels: ${labels}}, spec: {containers: [{name: c, ports: *a9}]}}`;
      const head = ['apiVersion: v1', 'kind: List', ...mergeBomb(9), ...seqBomb, 'items:'];
      const bombs = parseYamlFile([...head, ...Array.from({ length: 500 }, (_, i) => item(i, '*m9'))].join('\n') + '\n');
      const plain = parseYamlFile([...head, ...Array.from({ length: 500 }, (_, i) => item(i, '{app: x}').replace('*a9', '[]'))].join('\n') + '\n');
      const { objects, findings } = extractObjects(bombs);
      assert.strictEqual(objects.length, 500);
      assert.ok(findings.length >= 1 && findings.every((f) => f.message.startsWith('too many YAML alias expansions')), JSON.stringify(findings.slice(0, 3)));
      assert.strictEqual(findings[findings.length - 1].message, 'too many YAML alias expansions in this document; the rest of it was not read');
      assertWithinRatio('List of bombs', () => extractObjects(bombs), () => extractObjects(plain), 20);
    });
  });

  describe('linear time', () => {
    it('a chain of 2,000 nested merges reads in time linear in its length', () => {
      const n = 2000;
      const chain = ['x0: &m0 {k0: v}'];
      for (let i = 1; i < n; i++) chain.push(`x${i}: &m${i} {<<: *m${i - 1}, k${i}: v}`);
      const hostile = chain.join('\n') + '\n' + pod('chain', `*m${n - 1}`);
      const flat = Array.from({ length: n }, (_, i) => `x${i}: {k${i}: v}`).join('\n') + '\n' + pod('flat', '{' + Array.from({ length: n }, (_, i) => `k${i}: v`).join(', ') + '}');
      const chainFile = parseYamlFile(hostile);
      const flatFile = parseYamlFile(flat);
      const { objects, findings } = extractObjects(chainFile);
      assert.deepStrictEqual(findings, []);
      assert.strictEqual(labelsOf(objects[0]).length, n);
      assertWithinRatio('merge chain', () => extractObjects(chainFile), () => extractObjects(flatFile), 25);
    });
  });
});
