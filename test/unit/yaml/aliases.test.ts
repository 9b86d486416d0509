// The alias table agrees with `yaml`'s own (slow) lookup, redefined anchors included.
import * as assert from 'assert';
import { Alias, isAlias, parseAllDocuments, visit } from 'yaml';
import { aliasTargets } from '../../../server/src/core/yaml/aliases';

const DOCS = [
  'a: &x 1\nb: *x\nc: &x 2\nd: *x\n',
  'base: &b {p: 1}\nm:\n  <<: *b\n  q: 2\nn: [*b, &b [3], *b]\n',
  '- &k key\n- {*k : v}\n- *k\n',
  'x: *nowhere\ny: &nowhere 1\n',
  'outer: &o\n  inner: &i {v: 1}\n  again: *i\nref: *o\n',
];

describe('aliasTargets', () => {
  for (const text of DOCS) {
    it(`matches yaml's Alias.resolve on ${JSON.stringify(text.slice(0, 30))}`, () => {
      const doc = parseAllDocuments(text, { version: '1.1', uniqueKeys: false, merge: true })[0] as never as Parameters<typeof aliasTargets>[0];
      const table = aliasTargets(doc);
      const aliases: Alias[] = [];
      visit(doc, { Alias: (_, node) => void aliases.push(node) });
      assert.ok(aliases.length > 0);
      assert.strictEqual(table.size, aliases.length);
      for (const alias of aliases) {
        assert.ok(isAlias(alias));
        assert.strictEqual(table.get(alias), alias.resolve(doc), `*${alias.source}`);
      }
    });
  }
});
