// The sniff that tells JSON manifests from other JSON (package.json...):
// decided on the top-level keys, linear and bounded on hostile inputs.
import * as assert from 'assert';
import { isJsonManifest, SNIFF_LIMIT } from '../../../server/src/core/json/sniff';

/** Runs `f` and returns how long it took, in ms. */
function timed(f: () => void): number {
  const start = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

describe('JSON manifest sniff', () => {
  it('takes Kubernetes objects and lists, whatever the key order, blanks and BOM', () => {
    for (const text of [
      '{"apiVersion": "v1", "kind": "Pod"}',
      '{"kind":"NetworkPolicy","apiVersion":"networking.k8s.io/v1"}',
      '\ufeff{"apiVersion": "v1"}',
      ' \t\r\n{ \n\t "apiVersion" : "v1" }',
      '{"metadata": {"name": "x", "labels": {"kind": "x"}}, "spec": [[{}], "]}"], "kind": "Pod"}',
      '{"a": "quote \\" and backslash \\\\", "b": -1.5e3, "c": true, "d": null, "kind": "List"}',
      // kubectl get pods -o json: apiVersion first, the items after.
      `{\n    "apiVersion": "v1",\n    "items": [${'{"metadata": {"name": "p"}},'.repeat(50_000)}{}],\n    "kind": "List"\n}`,
    ]) {
      assert.strictEqual(isJsonManifest(text), true, text.slice(0, 80));
    }
  });

  it('leaves out other JSON: package.json, tsconfig.json, schemas, settings, arrays', () => {
    for (const text of [
      '{"name": "netpol-inspector", "version": "1.0.0", "scripts": {"kind": "build"}}',
      '{\n  // tsconfig allows comments\n  "compilerOptions": {"strict": true}\n}',
      '{"$schema": "http://json-schema.org/draft-07/schema#", "properties": {"apiVersion": {"type": "string"}, "kind": {}}}',
      '{"editor.tabSize": 2}',
      '[{"apiVersion": "v1", "kind": "Pod"}]',
      '{}',
      '',
      '   ',
      '"apiVersion"',
      'apiVersion: v1\nkind: Pod\n',
      '{apiVersion: v1, kind: Pod}',
      "{'apiVersion': 'v1'}",
      '{"a": 1 "kind": "Pod"}',
      '{"a": }, "kind": "x"}',
      '{"apiVersio',
      '{"a": "unterminated, "kind": "x"',
    ]) {
      assert.strictEqual(isJsonManifest(text), false, text);
    }
  });

  it('decides on the first SNIFF_LIMIT characters only', () => {
    const padding = 'x'.repeat(SNIFF_LIMIT);
    assert.strictEqual(isJsonManifest(`{"apiVersion": "v1", "data": "${padding}"}`), true);
    assert.strictEqual(isJsonManifest(`{"data": "${padding}", "apiVersion": "v1"}`), false);
    assert.strictEqual(isJsonManifest('{"a": 1, "kind": "x"}', 10), false);
  });

  it('is bounded on hostile inputs: deep nesting, 50 MB, binary', () => {
    const deep = '{"a": ' + '['.repeat(10_000_000) + ']'.repeat(10_000_000) + ', "kind": "x"}';
    const fifty = '{"records": "' + 'y'.repeat(50 * 1024 * 1024) + '", "kind": "x"}';
    const manyKeys = '{' + '"k": 0,'.repeat(5_000_000) + '"kind": "x"}';
    const binary = '\u0000\u0001\u00ff{"kind"'.repeat(1_000_000);
    const quotes = '{"a": ' + '"\\\\",'.repeat(3_000_000) + '}';
    for (const text of [deep, fifty, manyKeys, binary, quotes]) {
      text.charCodeAt(text.length - 1); // builds the string before the clock starts
      const prefix = text.slice(0, SNIFF_LIMIT);
      prefix.charCodeAt(prefix.length - 1);
      let answer: boolean | undefined;
      const full = timed(() => (answer = isJsonManifest(text)));
      assert.strictEqual(answer, false);
      // It reads a prefix only: about as long as on the prefix alone, not 200 times as long.
      const onPrefix = timed(() => isJsonManifest(prefix));
      assert.ok(full < 10 * onPrefix + 50, `${full} ms on ${text.length} characters, ${onPrefix} ms on the prefix`);
    }
  });
});
