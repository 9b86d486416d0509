// Mutations of real manifests, the way editors hold them mid-typing:
// deleted/duplicated lines and characters, swapped indentation, random
// tokens, truncation.
import * as fc from 'fast-check';

const TOKENS = ['{', '}', '[', ']', ':', '- ', '&a ', '*a', '<<: *a', '"', "'", '#', '\t', '\r\n', '\n', '---\n', '😀', 'é', '\u0301', '!Ref ', '{{ x }}', 'yes', '~', '0x1F', '70000', 'ingress:', 'podSelector:', '  '];

export type Mutation =
  | { op: 'deleteLine'; at: number }
  | { op: 'duplicateLine'; at: number }
  | { op: 'deleteChar'; at: number }
  | { op: 'duplicateChar'; at: number }
  | { op: 'indent'; at: number; delta: number }
  | { op: 'insert'; at: number; token: string }
  | { op: 'truncate'; at: number };

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('deleteLine' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicateLine' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('deleteChar' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicateChar' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('indent' as const), at: fc.nat(), delta: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), token: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 4 })) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

export function applyMutation(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const line = lines.length ? m.at % lines.length : 0;
  const pos = text.length ? m.at % text.length : 0;
  switch (m.op) {
    case 'deleteLine':
      lines.splice(line, 1);
      return lines.join('\n');
    case 'duplicateLine':
      lines.splice(line, 0, lines[line] ?? '');
      return lines.join('\n');
    case 'deleteChar':
      return text.slice(0, pos) + text.slice(pos + 1);
    case 'duplicateChar':
      return text.slice(0, pos) + text.charAt(pos) + text.slice(pos);
    case 'indent': {
      const l = lines[line] ?? '';
      lines[line] = m.delta >= 0 ? ' '.repeat(m.delta) + l : l.replace(new RegExp(`^ {0,${-m.delta}}`), '');
      return lines.join('\n');
    }
    case 'insert':
      return text.slice(0, pos) + m.token + text.slice(pos);
    case 'truncate':
      return text.slice(0, pos);
  }
}

export function mutate(text: string, ms: Mutation[]): string {
  return ms.reduce(applyMutation, text);
}
