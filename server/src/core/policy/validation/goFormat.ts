// How the API server prints a field error (apimachinery field.Error):
// `<path>: <kind>: <value>: <detail>`, strings quoted as Go's %q, numbers bare.

/** Go's strconv.Quote: printable Unicode stays, the rest is escaped. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"': out += '\\"'; continue;
      case '\\': out += '\\\\'; continue;
      case '\x07': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\f': out += '\\f'; continue;
      case '\n': out += '\\n'; continue;
      case '\r': out += '\\r'; continue;
      case '\t': out += '\\t'; continue;
      case '\v': out += '\\v'; continue;
    }
    if (isGoPrintable(ch)) out += ch;
    else if (cp < 0x80) out += '\\x' + hex(cp, 2);
    else if (cp < 0x10000) out += '\\u' + hex(cp, 4);
    else out += '\\U' + hex(cp, 8);
  }
  return out + '"';
}

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
function isGoPrintable(ch: string): boolean {
  return ch === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch);
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** A bad value as field.Error prints it: strings %q, numbers %v, or preformatted Go syntax. */
export type GoValue = string | number | { goSyntax: string };

export function formatValue(v: GoValue): string {
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number') return String(v);
  return v.goSyntax;
}

function withDetail(body: string, detail: string): string {
  return detail ? `${body}: ${detail}` : body;
}

export function invalid(path: string, value: GoValue, detail: string): string {
  return withDetail(`${path}: Invalid value: ${formatValue(value)}`, detail);
}

export function required(path: string, detail = ''): string {
  return withDetail(`${path}: Required value`, detail);
}

export function forbidden(path: string, detail: string): string {
  return withDetail(`${path}: Forbidden`, detail);
}

export function notSupported(path: string, value: GoValue, supported: readonly string[]): string {
  return withDetail(`${path}: Unsupported value: ${formatValue(value)}`, supported.length ? 'supported values: ' + supported.map(goQuote).join(', ') : '');
}

export function tooLong(path: string, detail: string): string {
  return withDetail(`${path}: Too long`, detail);
}

/** Go's len(): UTF-8 bytes. */
export function byteLength(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}
