// Writing a label key or value into YAML so that Kubernetes (YAML 1.1) reads
// back the same string: plain when that is safe, else double-quoted.
import { isScalar, parseDocument } from 'yaml';

/** Plain text when the YAML 1.1 parser reads it back as this exact string, in block and flow context. */
export function formatScalar(value: string): string {
  if (value !== '' && !/[,\[\]{}#\n\r\t]|^\s|\s$/.test(value)) {
    const doc = parseDocument(value, { version: '1.1' });
    if (doc.errors.length === 0 && isScalar(doc.contents) && doc.contents.value === value) return value;
  }
  return JSON.stringify(value);
}

/** Like `formatScalar`, but keeps the quote style of the text it replaces (`"x"`, `'x'` or plain). */
export function formatScalarLike(value: string, original: string): string {
  if (original.startsWith('"')) return JSON.stringify(value);
  if (original.startsWith("'")) return `'${value.replace(/'/g, "''")}'`;
  return formatScalar(value);
}
