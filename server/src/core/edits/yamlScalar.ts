// Writing a label key or value into YAML so that Kubernetes (YAML 1.1) reads
// back the same string, as a key and as a value, in block and flow context:
// plain when it is a plain word YAML 1.1 cannot read as anything else, else
// double-quoted. Decided by rule, not by trial parsing: a trial parse of the
// value alone says nothing about `<<` as a key or `a: b` after a key.

/** Letters, digits, `_` and `/` first; then also `.` and `-`. No indicator, space, `:` or `#` can appear. */
const PLAIN_WORD = /^[A-Za-z0-9_/][A-Za-z0-9_./-]*$/;
/** YAML 1.1 booleans and nulls (any case, to be safe with `yEs`). */
const RESERVED_WORD = /^(?:y|n|yes|no|on|off|true|false|null)$/i;
/**
 * Made only of what YAML 1.1 numbers and timestamps are made of (ints,
 * floats, octal `017`/`0o17`, hex, binary, `1_000`, `2001-12-14`, even `E0`,
 * which the parser reads as NaN), with a digit: quoted, even where the parser
 * would read a string (`3d`).
 */
const NUMBER_LIKE = /^(?=.*[0-9])[0-9a-fA-FxXoObB_.eE+-]+$/;

export function isPlainSafe(value: string): boolean {
  return PLAIN_WORD.test(value) && !RESERVED_WORD.test(value) && !NUMBER_LIKE.test(value);
}

/** Plain when safe (see `isPlainSafe`), else double-quoted. */
export function formatScalar(value: string): string {
  return isPlainSafe(value) ? value : doubleQuoted(value);
}

/** Like `formatScalar`, but keeps the quote style of the text it replaces (`"x"`, `'x'` or plain). */
export function formatScalarLike(value: string, original: string): string {
  if (original.startsWith('"')) return doubleQuoted(value);
  if (original.startsWith("'")) return canSingleQuote(value) ? `'${value.replace(/'/g, "''")}'` : doubleQuoted(value);
  return formatScalar(value);
}

/**
 * Characters a YAML 1.1 double-quoted scalar must escape: `"`, `\`, C0/C1
 * controls and DEL, the Unicode line breaks (NEL, LS, PS, which fold), the
 * BOM, non-characters, and lone surrogates (a valid pair stays as it is).
 */
const NEEDS_ESCAPE = /["\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function doubleQuoted(value: string): string {
  return `"${value.replace(NEEDS_ESCAPE, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

const SINGLE_QUOTE_UNSAFE = new RegExp(NEEDS_ESCAPE.source);

/** Single quotes escape nothing but `'`: no line break (it would fold) and nothing a double-quoted scalar must escape. */
function canSingleQuote(value: string): boolean {
  return !SINGLE_QUOTE_UNSAFE.test(value.replace(/["\\]/g, ''));
}

