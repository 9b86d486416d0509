// One normal form per file uri, and the index's one key per file.
import * as assert from 'assert';
import { normalizeUri, UriKeys } from '../../../server/src/lsp/uri';

describe('uri normal form', () => {
  it('spells colons, drive letters, percent-encoding and case of escapes one way', () => {
    const groups = [
      ['file:///ws/colon:name.yaml', 'file:///ws/colon%3Aname.yaml', 'file:///ws/colon%3aname.yaml'],
      ['file:///c%3A/x/a.yaml', 'file:///C:/x/a.yaml', 'file:///C%3A/x/a.yaml', 'file:///c:/x/a.yaml'],
      ['file:///ws/a%20b.yaml', 'file:///ws/a b.yaml'],
      ['file:///ws/%7Ex.yaml', 'file:///ws/~x.yaml'],
    ];
    for (const group of groups) {
      const forms = new Set(group.map(normalizeUri));
      assert.strictEqual(forms.size, 1, JSON.stringify([group, [...forms]]));
    }
    assert.notStrictEqual(normalizeUri('file:///ws/a.yaml'), normalizeUri('file:///ws/b.yaml'));
    assert.strictEqual(normalizeUri('untitled:Untitled-1'), 'untitled:Untitled-1');
  });

  it('keeps one key per file: a new spelling replaces the old one, which the caller drops', () => {
    const keys = new UriKeys();
    assert.strictEqual(keys.set('file:///ws/colon%3Aname.yaml'), undefined);
    assert.strictEqual(keys.get('file:///ws/colon:name.yaml'), 'file:///ws/colon%3Aname.yaml');
    assert.strictEqual(keys.set('file:///ws/colon:name.yaml'), 'file:///ws/colon%3Aname.yaml');
    assert.strictEqual(keys.set('file:///ws/colon:name.yaml'), undefined);
    keys.delete('file:///ws/colon%3Aname.yaml');
    assert.strictEqual(keys.get('file:///ws/colon:name.yaml'), undefined);
  });
});
