// Is this JSON text a Kubernetes manifest? Decided on the top-level keys of
// its first bytes, without parsing: `package.json`, `tsconfig.json`, schemas
// and editor settings are skipped silently, on every keystroke, at the cost
// of one linear scan of at most SNIFF_LIMIT characters (nested values are
// skipped with a depth counter, so `[[[[...` costs no more than anything
// else, and no memory).

/** How far into the text the top-level keys are looked for. kubectl writes `apiVersion` first. */
export const SNIFF_LIMIT = 256 * 1024;

/**
 * True when the text is a JSON object with a top-level `apiVersion` or
 * `kind` key (a Kubernetes object, or a `List`/`PodList`...) within the first
 * `limit` characters. A leading BOM and JSON white space are allowed.
 * Anything else (arrays, comments, scalars, binary, malformed text) is not a
 * manifest.
 */
export function isJsonManifest(text: string, limit: number = SNIFF_LIMIT): boolean {
  const end = Math.min(text.length, limit);
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  i = skipBlanks(text, i, end);
  if (text.charCodeAt(i) !== OPEN_BRACE) return false;
  i++;
  for (;;) {
    i = skipBlanks(text, i, end);
    if (i >= end || text.charCodeAt(i) !== QUOTE) return false; // `}` (no keys), a comment, junk, or out of budget
    const keyEnd = stringEnd(text, i, end);
    if (keyEnd < 0) return false;
    const key = text.slice(i + 1, keyEnd - 1);
    if (key === 'apiVersion' || key === 'kind') return true;
    i = skipBlanks(text, keyEnd, end);
    if (text.charCodeAt(i) !== COLON) return false;
    i = skipValue(text, i + 1, end);
    if (i < 0) return false;
    i = skipBlanks(text, i, end);
    if (text.charCodeAt(i) !== COMMA) return false; // `}`: the object ended without either key
    i++;
  }
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;

/** JSON white space: space, tab, LF, CR. */
export function isJsonBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function skipBlanks(text: string, i: number, end: number): number {
  while (i < end && isJsonBlank(text.charCodeAt(i))) i++;
  return i;
}

/** `text[start]` is `"`; the offset after the closing quote, or -1 when it is not within `end`. */
function stringEnd(text: string, start: number, end: number): number {
  for (let i = start + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return -1;
}

/**
 * Skips one value (roughly: brackets are counted, not matched, and scalars
 * are not checked), returning the offset after it, or -1 when it does not
 * end within `end`. The parser that runs later on manifests checks properly.
 */
function skipValue(text: string, i: number, end: number): number {
  let depth = 0;
  for (i = skipBlanks(text, i, end); i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i, end);
      if (i < 0) return -1;
      i--;
      if (depth === 0) return i + 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (depth === 0) return i; // the enclosing object's `}`: an empty value, let the caller refuse it
      depth--;
      if (depth === 0) return i + 1;
    } else if (depth === 0 && (c === COMMA || isJsonBlank(c))) return i; // after a number or literal
  }
  return -1;
}
