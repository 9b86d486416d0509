// Where the cursor is in a YAML document, read from the text by indentation:
// the keys from the root to the map or sequence that holds it, and whether it
// is at a key, a value or a sequence item. Text-based on purpose: while the
// user types, the document is often not valid YAML (`app: x` then `ap`), and
// the parsed model has nothing there.
import type { OffsetRange } from '../../findings';

export interface YamlCursorContext {
  /** Keys from the document root to the container of the cursor; `-` for a sequence item. */
  path: string[];
  /** `key`: a map key; `value`: the value of `key`; `item`: a scalar item of the sequence at `path`. */
  position: 'key' | 'value' | 'item';
  key?: string;
  /** The partial word before the cursor, and the whole word's range (what a completion replaces). */
  prefix: string;
  replace: OffsetRange;
  /** A `:` already follows the word (do not insert another). */
  colonFollows: boolean;
  /** The word starts after a quote the user typed. */
  quoted: boolean;
}

const WORD = /[A-Za-z0-9_.\/-]/;

interface LineShape {
  indent: number;
  /** Columns of leading `- ` markers. */
  dashes: number[];
  key?: string;
  keyCol?: number;
  /** Text after `key:` (comments stripped). */
  after?: string;
  blank: boolean;
}

/**
 * `key: rest` at the start of `text` (after indentation and dashes): a quoted
 * key, or a plain one up to the first `:` followed by a blank or the end (no
 * `#` before it). A hand-written scan: the regex it replaces backtracked
 * quadratically over long runs of spaces, once per line above the cursor.
 */
export function splitKey(text: string): { key: string; after: string } | undefined {
  const first = text[0];
  let colon: number;
  let keyEnd: number | undefined;
  if (first === '"' || first === "'") {
    const close = text.indexOf(first, 1);
    if (close < 0) return undefined;
    colon = keyEnd = close + 1;
    while (colon < text.length && isBlank(text.charCodeAt(colon))) colon++;
    if (text[colon] !== ':') return undefined;
  } else {
    if (first === undefined || isBlank(first.charCodeAt(0)) || first === '#' || first === '{' || first === '[') return undefined;
    if (first === '-' && (text.length < 2 || isBlank(text.charCodeAt(1)) || text[1] === '#' || text[1] === ':')) return undefined;
    colon = 1;
    while (colon < text.length && text[colon] !== ':' && text[colon] !== '#') colon++;
    if (text[colon] !== ':') return undefined;
  }
  const next = colon + 1;
  if (next < text.length && !isBlank(text.charCodeAt(next))) return undefined;
  const after = text.slice(next);
  if (/[\n\r\u2028\u2029]/.test(after)) return undefined;
  return { key: text.slice(0, keyEnd ?? colon), after };
}

/** What `\s` matches. */
function isBlank(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function shapeOf(line: string): LineShape {
  const m = /^(\s*)/.exec(line)!;
  let col = m[1].length;
  if (col >= line.length || line[col] === '#') return { indent: col, dashes: [], blank: true };
  const indent = col;
  const dashes: number[] = [];
  while (line[col] === '-' && (col + 1 === line.length || line[col + 1] === ' ' || line[col + 1] === '\t')) {
    dashes.push(col);
    col++;
    while (line[col] === ' ' || line[col] === '\t') col++;
  }
  const rest = line.slice(col);
  const k = splitKey(rest);
  if (!k) return { indent, dashes, blank: false };
  return { indent, dashes, key: unquote(k.key.trim()), keyCol: col, after: stripComment(k.after).trim(), blank: false };
}

/** Drops a ` # comment` (a `#` after a blank) to the end. */
function stripComment(s: string): string {
  for (let i = s.indexOf('#'); i > 0; i = s.indexOf('#', i + 1)) if (isBlank(s.charCodeAt(i - 1))) return s.slice(0, i - 1);
  return s;
}

function unquote(s: string): string {
  if ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'"))) return s.slice(1, -1);
  return s;
}

/** Keys above a node at column `col` (a key, or a sequence item when `item`), outermost first. */
function ancestors(lines: string[], col: number, item: boolean): string[] {
  const out: string[] = [];
  let c = col;
  let isItem = item;
  for (let j = lines.length - 1; j >= 0; j--) {
    const s = shapeOf(lines[j]);
    if (s.blank) continue;
    const firstDash = s.dashes[0];
    const lastDash = s.dashes[s.dashes.length - 1];
    const enter = (): void => {
      out.unshift(s.key!);
      for (let d = 0; d < s.dashes.length; d++) out.unshift('-');
      if (s.dashes.length > 0) {
        c = firstDash;
        isItem = true;
      } else {
        c = s.keyCol!;
        isItem = false;
      }
    };
    if (!isItem) {
      if (s.keyCol !== undefined && s.keyCol < c) enter();
      else if (lastDash !== undefined && lastDash < c) {
        // A sibling key of ours opened this sequence item.
        for (let d = 0; d < s.dashes.length; d++) out.unshift('-');
        c = firstDash;
        isItem = true;
      }
    } else {
      if (firstDash === c) continue; // a sibling item
      // `key:` with nothing after it at our column holds a compact sequence (`from:` then `- x` below).
      if (s.keyCol !== undefined && (s.keyCol < c || (s.keyCol === c && !s.after))) enter();
      else if (lastDash !== undefined && lastDash < c) {
        for (let d = 0; d < s.dashes.length; d++) out.unshift('-');
        c = firstDash;
      }
    }
    if (c === 0 && !isItem) break;
  }
  return out;
}

/** Splits the part of the line before the cursor at unquoted flow openers. */
function flowPath(prefix: string): { blockPart: string; path: string[]; position: 'key' | 'value' | 'item'; key?: string } | undefined {
  let quote = '';
  let firstOpener = -1;
  const stack: { ch: string; pushed: boolean }[] = [];
  const path: string[] = [];
  let segStart = 0;
  for (let i = 0; i < prefix.length; i++) {
    const ch = prefix[i];
    if (quote) {
      if (ch === quote) quote = '';
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '{' || ch === '[') {
      // The first opener's key is the block key of the line, read by the caller.
      const first = firstOpener < 0;
      if (first) firstOpener = i;
      const seg = prefix.slice(segStart, i);
      const key = /([^\s{},\[\]:]+|"[^"]*"|'[^']*')\s*:\s*$/.exec(seg);
      let pushed = true;
      if (first) pushed = false;
      else if (key) path.push(unquote(key[1]));
      else if (stack.length > 0 && stack[stack.length - 1].ch === '[') path.push('-');
      else pushed = false;
      stack.push({ ch, pushed });
      segStart = i + 1;
    } else if (ch === '}' || ch === ']') {
      const open = stack.pop();
      if (!open) return undefined;
      // Drop what the closed collection pushed.
      if (open.pushed) path.pop();
      segStart = i + 1;
    } else if (ch === ',') segStart = i + 1;
  }
  if (stack.length === 0) return undefined;
  const blockPart = prefix.slice(0, firstOpener);
  const inner = stack[stack.length - 1];
  const seg = prefix.slice(segStart);
  if (inner.ch === '[') return { blockPart, path, position: 'item' };
  const kv = /^\s*([^\s:]+|"[^"]*"|'[^']*')\s*:\s/.exec(seg);
  return kv ? { blockPart, path, position: 'value', key: unquote(kv[1]) } : { blockPart, path, position: 'key' };
}

export function yamlContextAt(text: string, offset: number): YamlCursorContext | undefined {
  let lineStart = offset;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
  const linePrefix = text.slice(lineStart, offset);
  if (/(^|\s)#/.test(linePrefix.replace(/"[^"]*"|'[^']*'/g, '""'))) return undefined;
  let wordStart = offset;
  while (wordStart > lineStart && WORD.test(text[wordStart - 1])) wordStart--;
  let wordEnd = offset;
  while (wordEnd < text.length && WORD.test(text[wordEnd])) wordEnd++;
  const quoted = text[wordStart - 1] === '"' || text[wordStart - 1] === "'";
  const colonFollows = /^\s*:/.test(text.slice(wordEnd, wordEnd + 40));
  const above = documentLinesAbove(text, lineStart);
  const base = { prefix: text.slice(wordStart, offset), replace: { start: wordStart, end: wordEnd }, colonFollows, quoted };

  const flow = flowPath(linePrefix);
  const block = shapeOf(flow ? flow.blockPart : linePrefix);
  const lineIsOnlyIndent = block.blank && /^\s*$/.test(flow ? flow.blockPart : linePrefix);
  // Column and kind of this line's first node, to find its ancestors.
  const dashPart: string[] = block.dashes.map(() => '-');
  const startCol = block.dashes.length > 0 ? block.dashes[0] : lineIsOnlyIndent ? linePrefix.length : block.indent;
  const upper = ancestors(above, startCol, block.dashes.length > 0);

  if (flow) {
    const own = block.key !== undefined ? [...dashPart, block.key] : dashPart;
    return { ...base, path: [...upper, ...own, ...flow.path], position: flow.position, key: flow.key };
  }
  if (block.key !== undefined && block.keyCol !== undefined && offset - lineStart > block.keyCol + block.key.length) {
    // After `key:`: the value of that key.
    return { ...base, path: [...upper, ...dashPart], position: 'value', key: block.key };
  }
  if (block.dashes.length > 0) {
    // `- wor|`: an item of the parent sequence, or the first key of a map item.
    return { ...base, path: upper, position: 'item' };
  }
  return { ...base, path: upper, position: 'key' };
}

/** Lines of the current YAML document above the cursor's line. */
function documentLinesAbove(text: string, lineStart: number): string[] {
  const lines = text.slice(0, lineStart).split(/\r\n|\r|\n/);
  lines.pop();
  let from = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (/^(---|\.\.\.)(\s|$)/.test(lines[i])) {
      from = i + 1;
      break;
    }
  }
  return lines.slice(from);
}
