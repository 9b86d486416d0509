// JSON syntax, checked as Go's encoding/json scanner checks it (kubectl and
// the API server decode JSON manifests with it), so the first error is
// reported in the same words: `invalid character '}' looking for beginning
// of object key string`, at the offending character. One pass, no recursion:
// the stack of open containers is bounded by `maxDepth`, so hostile inputs
// (`[[[[...`, 50 MB of text) cost linear time and bounded memory.
import { isJsonBlank } from './sniff';

export interface JsonSyntaxError {
  kind: 'syntax' | 'too-deep';
  message: string;
  /** Offset of the offending character (the text's length at an unexpected end). */
  offset: number;
}

/** Go's `maxNestingDepth` is 10000; the YAML parser that reads the tree afterwards needs far less. */
export const DEFAULT_MAX_JSON_DEPTH = 256;

type Step =
  | 'value' // a value must start here
  | 'keyOrEnd' // after `{`
  | 'key' // after `,` in an object
  | 'colon' // after a key
  | 'afterValue'; // after a complete value: `,`, a closing bracket, or the end

/**
 * The first syntax error of a text holding one JSON value (white space
 * around it allowed), or undefined when it is valid.
 */
export function checkJsonSyntax(text: string, maxDepth: number = DEFAULT_MAX_JSON_DEPTH): JsonSyntaxError | undefined {
  // `true` for an object, `false` for an array, innermost last.
  const open: boolean[] = [];
  let step: Step = 'value';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isJsonBlank(c)) {
      i++;
      continue;
    }
    switch (step) {
      case 'value':
      case 'keyOrEnd':
      case 'key': {
        if (step === 'keyOrEnd' && c === 0x7d /* } */) {
          open.pop();
          i++;
          step = 'afterValue';
          break;
        }
        if (step !== 'value') {
          if (c !== 0x22) return error(text, i, 'looking for beginning of object key string');
          const end = scanString(text, i);
          if (typeof end !== 'number') return end;
          i = end;
          step = 'colon';
          break;
        }
        if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
          if (open.length >= maxDepth) return { kind: 'too-deep', message: `JSON objects and arrays are nested more than ${maxDepth} levels deep; the file was not analysed`, offset: i };
          open.push(c === 0x7b);
          i++;
          step = c === 0x7b ? 'keyOrEnd' : 'value';
          // `[]`: an empty array.
          if (c === 0x5b) {
            const j = skipBlanks(text, i);
            if (text.charCodeAt(j) === 0x5d) {
              open.pop();
              i = j + 1;
              step = 'afterValue';
            }
          }
          break;
        }
        const end = c === 0x22 ? scanString(text, i) : c === 0x2d || isDigit(c) ? scanNumber(text, i) : scanLiteral(text, i);
        if (typeof end !== 'number') return end;
        i = end;
        step = 'afterValue';
        break;
      }
      case 'colon':
        if (c !== 0x3a) return error(text, i, 'after object key');
        i++;
        step = 'value';
        break;
      case 'afterValue': {
        if (open.length === 0) return error(text, i, 'after top-level value');
        const inObject = open[open.length - 1];
        if (c === 0x2c /* , */) {
          i++;
          step = inObject ? 'key' : 'value';
        } else if (c === (inObject ? 0x7d : 0x5d)) {
          open.pop();
          i++;
        } else return error(text, i, inObject ? 'after object key:value pair' : 'after array element');
        break;
      }
    }
  }
  if (step !== 'afterValue' || open.length > 0) return { kind: 'syntax', message: 'unexpected end of JSON input', offset: n };
  return undefined;
}

function skipBlanks(text: string, i: number): number {
  while (i < text.length && isJsonBlank(text.charCodeAt(i))) i++;
  return i;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

/** `text[start]` is `"`: the offset after the closing quote, or the error. */
function scanString(text: string, start: number): number | JsonSyntaxError {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return error(text, i, 'in string literal');
    if (c !== 0x5c) continue;
    i++;
    if (i >= text.length) break;
    const e = text.charCodeAt(i);
    if (e === 0x75 /* u */) {
      for (let k = 1; k <= 4; k++) {
        if (i + k >= text.length) return unexpectedEnd(text);
        if (!isHex(text.charCodeAt(i + k))) return error(text, i + k, 'in \\u hexadecimal character escape');
      }
      i += 4;
    } else if (!'"\\/bfnrt'.includes(text[i])) return error(text, i, 'in string escape code');
  }
  return unexpectedEnd(text);
}

/** `-`, digits, an optional fraction and exponent, as Go's scanner states go. */
function scanNumber(text: string, start: number): number | JsonSyntaxError {
  let i = start;
  if (text.charCodeAt(i) === 0x2d) {
    i++;
    if (i >= text.length) return unexpectedEnd(text);
    if (!isDigit(text.charCodeAt(i))) return error(text, i, 'in numeric literal');
  }
  if (text.charCodeAt(i) === 0x30) i++;
  else while (isDigit(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) === 0x2e /* . */) {
    i++;
    if (i >= text.length) return unexpectedEnd(text);
    if (!isDigit(text.charCodeAt(i))) return error(text, i, 'after decimal point in numeric literal');
    while (isDigit(text.charCodeAt(i))) i++;
  }
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    i++;
    const s = text.charCodeAt(i);
    if (s === 0x2b || s === 0x2d) i++;
    if (i >= text.length) return unexpectedEnd(text);
    if (!isDigit(text.charCodeAt(i))) return error(text, i, 'in exponent of numeric literal');
    while (isDigit(text.charCodeAt(i))) i++;
  }
  return i;
}

const LITERALS = ['true', 'false', 'null'];

/** `true`, `false`, `null`; anything else cannot begin a value. */
function scanLiteral(text: string, start: number): number | JsonSyntaxError {
  const word = LITERALS.find((w) => w.charCodeAt(0) === text.charCodeAt(start));
  if (!word) return error(text, start, 'looking for beginning of value');
  for (let k = 1; k < word.length; k++) {
    if (start + k >= text.length) return unexpectedEnd(text);
    if (text[start + k] !== word[k]) return error(text, start + k, `in literal ${word} (expecting ${quoteChar(word[k])})`);
  }
  return start + word.length;
}

function error(text: string, offset: number, context: string): JsonSyntaxError {
  return { kind: 'syntax', message: `invalid character ${quoteChar(charAt(text, offset))} ${context}`, offset };
}

function unexpectedEnd(text: string): JsonSyntaxError {
  return { kind: 'syntax', message: 'unexpected end of JSON input', offset: text.length };
}

/** The whole character at `offset` (a surrogate pair stays together). */
function charAt(text: string, offset: number): string {
  const code = text.codePointAt(offset) ?? 0;
  return String.fromCodePoint(code);
}

/** Go's `quoteChar`: `'x'`, `'\''`, `'"'`, `'\n'`, `'\x01'`. */
export function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  const code = c.codePointAt(0) ?? 0;
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 0x5c: '\\\\' };
  if (named[code]) return `'${named[code]}'`;
  if (code < 0x20 || code === 0x7f) return `'\\x${code.toString(16).padStart(2, '0')}'`;
  if (code === 0xfeff || (code >= 0xd800 && code <= 0xdfff) || code === 0xfffd) return `'\\u${code.toString(16).padStart(4, '0')}'`;
  return `'${c}'`;
}
