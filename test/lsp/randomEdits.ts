// Seeded random typing for the code action safety test: what a user does
// between the last published diagnostics and Ctrl+. (comments and blank
// lines above, characters typed or deleted anywhere, emoji, a value
// retyped). Positions always fall on code point boundaries, as in an editor.
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** mulberry32: small, fast, reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = () => number;

function int(r: Rand, n: number): number {
  return Math.floor(r() * n);
}

function pick<T>(r: Rand, xs: readonly T[]): T {
  return xs[int(r, xs.length)];
}

/** Moves `at` off the middle of a surrogate pair or a CRLF. */
function boundary(text: string, at: number): number {
  const c = text.charCodeAt(at);
  const p = text.charCodeAt(at - 1);
  if (at > 0 && at < text.length && ((p >= 0xd800 && p <= 0xdbff && c >= 0xdc00 && c <= 0xdfff) || (text[at - 1] === '\r' && text[at] === '\n'))) return at - 1;
  return at;
}

const TYPED = ['x', 'a', ' ', ':', '-', '#', '😀', 'é', '"', "'", '{', '}', ',', '0', '\t'];

/** One random change of `text`, as an incremental didChange event. */
export function randomChange(r: Rand, text: string): TextDocumentContentChangeEvent {
  const doc = TextDocument.create('mem:', 'yaml', 0, text);
  const eol = (text.match(/\r\n|\r|\n/) ?? ['\n'])[0];
  const lines = doc.lineCount;
  const lineStart = (l: number) => doc.offsetAt({ line: l, character: 0 });
  const range = (s: number, e: number) => ({ start: doc.positionAt(s), end: doc.positionAt(e) });
  const at = boundary(text, int(r, text.length + 1));
  switch (int(r, 7)) {
    case 0: {
      // A comment line (with emoji) above some line.
      const s = lineStart(int(r, lines));
      return { range: range(s, s), text: `# note ${pick(r, ['😀', 'é', '', '—'])}${eol}` };
    }
    case 1: {
      const s = lineStart(int(r, lines));
      return { range: range(s, s), text: eol };
    }
    case 2:
      return { range: range(at, at), text: Array.from({ length: 1 + int(r, 3) }, () => pick(r, TYPED)).join('') };
    case 3: {
      const end = boundary(text, Math.min(text.length, at + 1 + int(r, 4)));
      return { range: range(at, end), text: '' };
    }
    case 4: {
      // Retype a word: a value the selector or a label may use.
      const words = [...text.matchAll(/[A-Za-z][A-Za-z0-9-]{2,}/g)];
      if (words.length === 0) return { range: range(at, at), text: 'x' };
      const w = pick(r, words);
      const s = w.index!;
      return { range: range(s, s + w[0].length), text: pick(r, [w[0] + 'x', w[0].slice(0, -1), w[0].toUpperCase(), `${w[0]}😀`]) };
    }
    case 5: {
      // Duplicate a line (a new entry, maybe a duplicate key).
      const l = int(r, lines);
      const s = lineStart(l);
      const e = l + 1 < lines ? lineStart(l + 1) : text.length;
      const line = text.slice(s, e);
      return { range: range(e, e), text: line.endsWith('\n') || line.endsWith('\r') ? line : `${eol}${line}` };
    }
    default: {
      // An annotation in the first metadata block.
      const m = text.indexOf(`metadata:${eol}`);
      if (m < 0) return { range: range(at, at), text: ' ' };
      const s = m + `metadata:${eol}`.length;
      return { range: range(s, s), text: `  annotations: {note: "😀 ${int(r, 100)}"}${eol}` };
    }
  }
}
