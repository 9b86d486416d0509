// formatScalar / formatScalarLike write label keys and values that the
// project's YAML 1.1 parse reads back as the very same string, as a key and
// as a value, in block and in flow maps. Property-based (fast-check, seeded)
// plus the cases YAML 1.1 reads as something else.
import * as assert from 'assert';
import * as fc from 'fast-check';
import { isMap, isScalar, Pair, Scalar } from 'yaml';
import { formatScalar, formatScalarLike } from '../../../server/src/core/edits/yamlScalar';
import { parseYamlFile } from '../../../server/src/core/yaml/parse';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);

/** The one key and value of a one-pair map, or why the text is not that. */
function readPair(text: string): { key: unknown; value: unknown } | string {
  const parsed = parseYamlFile(text);
  if (parsed.skipped) return `skipped: ${parsed.skipped.note}`;
  if (parsed.documents.length !== 1) return `${parsed.documents.length} documents`;
  const { doc } = parsed.documents[0];
  if (doc.errors.length > 0) return `errors: ${doc.errors.map((e) => e.message).join('; ')}`;
  const map = doc.contents;
  if (!isMap(map) || map.items.length !== 1) return `not a one-pair map: ${String(map)}`;
  const pair = map.items[0] as Pair;
  const scalarValue = (n: unknown) => (isScalar(n) ? (n as Scalar).value : n);
  return { key: scalarValue(pair.key), value: scalarValue(pair.value) };
}

function assertRoundTrip(k: string, v: string, written: (s: string) => string = formatScalar): void {
  const key = written(k);
  const value = written(v);
  for (const text of [`${key}: ${value}\n`, `{${key}: ${value}}\n`]) {
    assert.deepStrictEqual(readPair(text), { key: k, value: v }, `${JSON.stringify(text)} from ${JSON.stringify([k, v])}`);
  }
}

/** Strings YAML 1.1 reads as something else, or that break a plain scalar. */
const SPECIAL = [
  '<<', '=', '? x', '?', '&a', '*a', '!x', '!!str', '%x', '@x', '`x', '|', '>', '#x', "'x", '"x', '- x', '-', '--', '---', '...', 'a: b', 'a:', ':a', 'a #b', 'a#b',
  ' x', 'x ', '', ' ', '\t', 'a\nb', 'a\r\nb', '\u0085', '\u2028', '\ufeff', '\u007f', '\u0000', 'é', '😀', 'a,b', '[x]', '{x}',
  'y', 'Y', 'n', 'N', 'yes', 'No', 'ON', 'off', 'On', 'true', 'False', 'TRUE', 'yEs', '~', 'null', 'Null', 'NULL',
  '0', '1', '-1', '+1', '017', '0o17', '0x1F', '0b101', '1_000', '1.5', '.5', '1e3', '1E-3', '6.8523015e+5', '1:20', '190:20:30', '-1:20', '.inf', '-.Inf', '+.INF', '.nan', '.NaN',
  '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '3d', 'v1.2', 'app.kubernetes.io/name', 'backend', 'a/b', '_x', '/x', 'x.', 'x-',
];

describe('YAML scalars in quick fixes', () => {
  it('reads back every special string exactly, as key and as value, block and flow', () => {
    for (const s of SPECIAL) {
      assertRoundTrip(s, s);
      assertRoundTrip('k', s);
      assertRoundTrip(s, 'v');
    }
  });

  it('quotes what YAML 1.1 reads as a merge key, boolean, null, number or timestamp, and keeps plain label words plain', () => {
    for (const s of ['<<', 'y', 'on', 'No', '~', 'null', '017', '0o17', '0x1F', '1_000', '1:20', '.inf', '.nan', '2001-12-14', '-x', '&a', '*a', '!x', '%x', '@x', '? x', '']) {
      assert.ok(formatScalar(s).startsWith('"'), `${JSON.stringify(s)} written as ${formatScalar(s)}`);
    }
    for (const s of ['backend', 'app.kubernetes.io/name', 'v1.2', 'web-1', 'a_b']) assert.strictEqual(formatScalar(s), s);
  });

  it('keeps the quote style it replaces when that style can hold the string', () => {
    assert.strictEqual(formatScalarLike("it's", "'x'"), "'it''s'");
    assert.strictEqual(formatScalarLike('a\nb', "'x'"), '"a\\nb"');
    assert.strictEqual(formatScalarLike('yes', '"x"'), '"yes"');
    assert.strictEqual(formatScalarLike('yes', 'x'), '"yes"');
    for (const s of SPECIAL) for (const original of ['"x"', "'x'", 'x']) assertRoundTrip(s, s, (v) => formatScalarLike(v, original));
  });

  it('reads back random strings exactly (property)', () => {
    const tricky = fc.constantFrom(...'<<=?&*!%@`|>#\'"-:, \t\n\r[]{}~.0123456789xXoObBeE_+yYnN\u0085\u2028\ufeff😀é');
    const str = fc.oneof(
      fc.string(),
      fc.fullUnicodeString({ maxLength: 12 }),
      fc.stringOf(tricky, { maxLength: 10 }),
      fc.constantFrom(...SPECIAL),
      fc.tuple(fc.constantFrom(...SPECIAL), fc.stringOf(tricky, { maxLength: 4 })).map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(str, str, fc.constantFrom('x', '"x"', "'x'"), (k, v, original) => {
        assertRoundTrip(k, v);
        assertRoundTrip(k, v, (s) => formatScalarLike(s, original));
      }),
      { numRuns: RUNS, seed: 20261201 },
    );
  });
});
