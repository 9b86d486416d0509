import * as assert from 'assert';
import { LineIndex } from '../../../server/src/core/yaml/lineIndex';

describe('LineIndex', () => {
  it('maps offsets to UTF-16 positions with LF line ends', () => {
    const idx = new LineIndex('ab\ncd\n');
    assert.deepStrictEqual(idx.positionAt(0), { line: 0, character: 0 });
    assert.deepStrictEqual(idx.positionAt(4), { line: 1, character: 1 });
    assert.deepStrictEqual(idx.positionAt(6), { line: 2, character: 0 });
    assert.strictEqual(idx.lineCount, 3);
  });

  it('treats CRLF as one line break and never points between CR and LF', () => {
    const text = 'a: 1\r\nbb: 2\r\n';
    const idx = new LineIndex(text);
    assert.deepStrictEqual(idx.positionAt(text.indexOf('bb')), { line: 1, character: 0 });
    assert.deepStrictEqual(idx.positionAt(5), { line: 0, character: 4 }, 'offset of the LF belongs to the end of line 0');
    assert.strictEqual(idx.offsetAt({ line: 1, character: 2 }), text.indexOf(':', 5));
  });

  it('accepts a lone CR as a line break', () => {
    const idx = new LineIndex('a\rb');
    assert.deepStrictEqual(idx.positionAt(2), { line: 1, character: 0 });
  });

  it('counts surrogate pairs as two UTF-16 units', () => {
    const text = 'x: "😀é" # y';
    const idx = new LineIndex(text);
    assert.deepStrictEqual(idx.positionAt(text.indexOf('#')), { line: 0, character: 9 });
  });

  it('clamps offsets and positions to the text', () => {
    const idx = new LineIndex('ab\ncd');
    assert.deepStrictEqual(idx.positionAt(99), { line: 1, character: 2 });
    assert.strictEqual(idx.offsetAt({ line: 0, character: 99 }), 2);
    assert.strictEqual(idx.offsetAt({ line: 9, character: 0 }), 5);
  });
});
