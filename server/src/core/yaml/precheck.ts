// Cheap scans run before the YAML parser sees the text.

/** What `looksBinary` counts: control characters other than tab, LF, FF and CR (NUL included), and U+FFFD. */
const COUNTED = /[\x00-\x08\x0b\x0e-\x1f\ufffd]/;

/** NUL bytes or many control characters: not a text file. */
export function looksBinary(text: string): boolean {
  const sample = text.length > 8192 ? text.slice(0, 8192) : text;
  // Nearly every file has none: the regex engine says so faster than a loop over the characters.
  if (!COUNTED.test(sample)) return false;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return true;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
    if (c === 0xfffd) control++;
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

/**
 * Helm/Go templates are not YAML. A `{{` that starts a value, a list item or
 * a line (not inside quotes) marks one, as does any `{{` under a chart's
 * `templates/` folder.
 */
export function looksLikeTemplate(text: string, path?: string): boolean {
  if (!text.includes('{{')) return false;
  if (path && /(^|[\\/])templates[\\/]/.test(path)) return true;
  // One pass over the `{{`s, each looking back over the blanks of its own
  // line only: those runs never overlap, so the scan is linear (a regex with
  // `\s*` across lines was quadratic in blank lines).
  for (let at = text.indexOf('{{'); at >= 0; at = text.indexOf('{{', at + 2)) {
    let i = at - 1;
    while (i >= 0 && isInlineBlank(text.charCodeAt(i))) i--;
    if (i < 0) return true;
    const c = text.charCodeAt(i);
    if (c === 58 /* : */ || c === 45 /* - */ || isLineBreak(c)) return true;
  }
  return false;
}

/** White space inside a line (what `\s` matches, less the line breaks). */
function isInlineBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** Where a `^` in a multiline regex may match: after LF, CR, U+2028, U+2029. */
function isLineBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/**
 * Returns the offset where flow nesting (`[` / `{`) first exceeds `limit`,
 * or undefined. Quoted scalars and comments are skipped roughly; erring on
 * the side of refusing is safe, the parser aborting the process is not.
 */
export function maxFlowDepth(text: string, limit: number): number | undefined {
  // Each level is one `[` or `{`: with no more of them than the limit, the
  // scan cannot find anything (manifests have a handful at most).
  if (countUpTo(text, '[', limit + 1) + countUpTo(text, '{', limit + 1) <= limit) return undefined;
  return scanFlowDepth(text, limit);
}

/** The full scan behind `maxFlowDepth`, without its shortcut (exported for tests). */
export function scanFlowDepth(text: string, limit: number): number | undefined {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"') i++;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if ((c === '"' || c === "'") && depth > 0) quote = c;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth > limit) return i;
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === '\n' && depth === 0) quote = '';
  }
  return undefined;
}

/** Occurrences of `c` in `text`, counting stops at `max`. */
function countUpTo(text: string, c: string, max: number): number {
  let n = 0;
  for (let i = text.indexOf(c); i >= 0 && n < max; i = text.indexOf(c, i + 1)) n++;
  return n;
}

interface Open {
  col: number;
  seq: boolean;
}

/**
 * Returns the offset where block collections (indentation, `- ` and `? `
 * indicators, `key:` lines) first nest deeper than `limit`, or undefined.
 * `yaml` composes block nodes recursively: past about 900 levels it runs out
 * of stack, and flow collections parsed that deep can abort the process.
 * Block scalar contents are skipped; everything else counts, flow context
 * included, so the estimate errs on the high side, never the low one.
 */
export function maxBlockDepth(text: string, limit: number): number | undefined {
  // Columns on the stack never decrease upwards and each appears at most
  // twice (a map, then a sequence at its key's column), so the depth is at
  // most 2 x (deepest column + 1). A collection opens at a column within the
  // line's leading run of spaces, tabs and `-`/`?` indicators: with every
  // run shorter than limit/2, the scan cannot find anything.
  const run = Math.floor(limit / 2);
  if (run >= 1 && !new RegExp(`^[ \\t?-]{${run}}`, 'm').test(text)) return undefined;
  return scanBlockDepth(text, limit);
}

/** The full scan behind `maxBlockDepth`, without its shortcut (exported for tests). */
export function scanBlockDepth(text: string, limit: number): number | undefined {
  const stack: Open[] = [];
  let scalarIndent = -1;
  for (let pos = 0; pos < text.length; ) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    let i = pos;
    while (i < eol && text.charCodeAt(i) === 32) i++;
    const indent = i - pos;
    const blank = i >= eol || text[i] === '\r' || text[i] === '#';
    if (scalarIndent >= 0 && (blank || indent > scalarIndent)) {
      pos = eol + 1;
      continue;
    }
    scalarIndent = -1;
    if (!blank) {
      if (indent === 0 && /^(---|\.\.\.)(\s|$)/.test(text.slice(i, i + 4))) {
        stack.length = 0;
        i += 3;
      } else if (!(indent === 0 && text[i] === '%')) {
        // Compact indicators first (`- - ? x`), then a `key:` on the same line.
        while ((text[i] === '-' || text[i] === '?') && isSpaceOrEnd(text, i + 1, eol)) {
          if (openAt(stack, i - pos, text[i] === '-') > limit) return i;
          i++;
          while (i < eol && (text[i] === ' ' || text[i] === '\t')) i++;
        }
        if (i < eol && hasKeyIndicator(text, i, eol) && openAt(stack, i - pos, false) > limit) return i;
      }
      if (endsWithBlockScalarHeader(text.slice(i, eol))) scalarIndent = indent;
    }
    pos = eol + 1;
  }
  return undefined;
}

/** Opens (or continues) the block collection at column `col`; returns the depth. */
function openAt(stack: Open[], col: number, seq: boolean): number {
  while (stack.length > 0 && stack[stack.length - 1].col > col) stack.pop();
  const top = stack[stack.length - 1];
  if (top && top.col === col) {
    if (top.seq === seq) return stack.length;
    // `key:` then `- item` at the key's column: the sequence is the key's value.
    if (!top.seq && seq) {
      stack.push({ col, seq });
      return stack.length;
    }
    // A key at the column of a sequence that hangs under a key: the sequence ended.
    stack.pop();
    const below = stack[stack.length - 1];
    if (below && below.col === col && !below.seq) return stack.length;
  }
  stack.push({ col, seq });
  return stack.length;
}

function isSpaceOrEnd(text: string, i: number, eol: number): boolean {
  return i >= eol || text[i] === ' ' || text[i] === '\t' || text[i] === '\r';
}

/** A `:` followed by a space or the line end, outside quotes and before a comment. */
function hasKeyIndicator(text: string, from: number, eol: number): boolean {
  let quote = '';
  for (let i = from; i < eol; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if ((c === '"' || c === "'") && i === from) quote = c;
    else if (c === '#' && i > from && /\s/.test(text[i - 1])) return false;
    else if (c === ':' && isSpaceOrEnd(text, i + 1, eol)) return true;
  }
  return false;
}

/** `key: |`, `- >-`, `|2+ # note`: the following more-indented lines are text, not structure. */
function endsWithBlockScalarHeader(line: string): boolean {
  return /(^|[\s:\-?])[|>][-+1-9]{0,2}\s*(#.*)?\r?$/.test(line) && !/^\s*#/.test(line);
}
