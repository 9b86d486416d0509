// Cheap scans run before the YAML parser sees the text.

/** NUL bytes or many control characters: not a text file. */
export function looksBinary(text: string): boolean {
  const sample = text.length > 8192 ? text.slice(0, 8192) : text;
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
  return /(^|[:\-]\s*|^\s*)\{\{/m.test(text) || /^\s*\{\{/m.test(text);
}

/**
 * Returns the offset where flow nesting (`[` / `{`) first exceeds `limit`,
 * or undefined. Quoted scalars and comments are skipped roughly; erring on
 * the side of refusing is safe, the parser aborting the process is not.
 */
export function maxFlowDepth(text: string, limit: number): number | undefined {
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
