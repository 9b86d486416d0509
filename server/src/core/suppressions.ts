// Disable comments, on a line of their own:
//   # netpol-disable-next-line [rule-id...]   silences the next line
//   # netpol-disable-file [rule-id...]        silences the whole file
// Without rule ids every rule is silenced. Ids may be written with or without
// the `netpol/` prefix, separated by spaces or commas; ` -- why` is a comment.
// Pure, so the editor and the CLI honour the same comments.
import type { Finding } from './findings';
import type { LineIndex } from './yaml/lineIndex';


/** The rules a directive silences. */
export type Silenced = 'all' | Set<string>;

export interface Suppressions {
  file?: Silenced;
  /** Line number (0-based) silenced -> the rules silenced there. */
  lines: Map<number, Silenced>;
}

const DIRECTIVE = /^[ \t]*#[ \t]*netpol-disable-(next-line|file)(?=[ \t,]|$)(.*)$/;

export function findSuppressions(text: string, lines: LineIndex): Suppressions {
  const result: Suppressions = { lines: new Map() };
  if (!text.includes('netpol-disable-')) return result;
  for (let line = 0; line < lines.lineCount; line++) {
    const start = lines.lineStart(line);
    const m = DIRECTIVE.exec(text.slice(start, start + lines.lineLength(line)));
    if (!m) continue;
    const rules = parseRules(m[2]);
    if (m[1] === 'file') result.file = merge(result.file, rules);
    else result.lines.set(line + 1, merge(result.lines.get(line + 1), rules));
  }
  return result;
}

export function applySuppressions(findings: Finding[], text: string, lines: LineIndex): Finding[] {
  const s = findSuppressions(text, lines);
  if (s.file === undefined && s.lines.size === 0) return findings;
  return findings.filter((f) => {
    if (silences(s.file, f.ruleId)) return false;
    if (s.lines.size === 0) return true;
    return !silences(s.lines.get(lines.positionAt(f.range.start).line), f.ruleId);
  });
}

function parseRules(rest: string): Silenced {
  const withoutReason = rest.split(/[ \t]--[ \t]?/)[0];
  const ids = withoutReason.split(/[\s,]+/).filter((s) => s !== '');
  return ids.length === 0 ? 'all' : new Set(ids.map(qualifyRuleId));
}

function merge(a: Silenced | undefined, b: Silenced): Silenced {
  if (a === undefined) return b;
  if (a === 'all' || b === 'all') return 'all';
  return new Set([...a, ...b]);
}

function silences(set: Silenced | undefined, ruleId: string): boolean {
  return set === 'all' || (set !== undefined && set.has(ruleId));
}

/** `invalid-port` and `netpol/invalid-port` name the same rule. */
export function qualifyRuleId(id: string): string {
  const trimmed = id.trim();
  return trimmed.includes('/') ? trimmed : `netpol/${trimmed}`;
}
