// netpol/selector-never-matches: a selector whose requirements contradict
// each other, so no set of labels satisfies it: `app: web` with `app NotIn
// [web]` or `app DoesNotExist`, Exists with DoesNotExist on one key, In sets
// (matchLabels included) with no common value left after NotIn. More
// specific than the "matches nothing" rules, which it replaces on the
// selector: it is reported on the whole selector (key to value), so it
// overlaps wherever those put theirs (a requirement, or the key).
import type { Finding, OffsetRange, RelatedInfo } from '../findings';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { LabelSelector } from '../model/types';
import { describeSelector, Requirement } from '../policy/labelSelector';
import { selectorSitesOf } from '../policy/resolve';
import type { IndexCheck } from './check';
import { LocatedRequirement, locatedRequirements } from './locatedRequirements';
import { policiesOfFile } from './selectorScopes';

const CHECK_ID = 'netpol/selector-never-matches';
const SEVERITY = 'warning' as const;

export interface Contradiction {
  key: string;
  /** The requirements on that key that cannot hold together, in source order. */
  requirements: LocatedRequirement[];
}

export const selectorNeverMatches: IndexCheck = {
  id: CHECK_ID,
  defaultSeverity: SEVERITY,
  replaces: ['netpol/selector-matches-nothing', 'netpol/namespace-selector-matches-nothing'],
  doc:
    'A selector that contradicts itself and so matches nothing, whatever the labels. ' +
    'matchLabels k=v with k NotIn [v] or k DoesNotExist, Exists and DoesNotExist on one key, or In sets on one key with no common value: ' +
    'it matches nothing in any cluster. Fix the requirement that is wrong (often a copy-paste left over).',
  run(index: WorkspaceIndex, uri: string): Finding[] {
    const text = index.getFile(uri)?.text ?? '';
    const out: Finding[] = [];
    for (const p of policiesOfFile(index, uri)) {
      for (const site of selectorSitesOf(p.policy)) {
        const reqs = locatedRequirements(site.selector);
        if (!reqs) continue;
        const c = contradiction(reqs);
        if (!c) continue;
        const kind = site.role === 'peerNamespace' ? 'namespaceSelector' : 'podSelector';
        const target = site.role === 'peerNamespace' ? 'namespace' : 'pod';
        const shown = c.requirements.map((r) => wordRequirement(r.requirement)).join(' and ');
        out.push({
          ruleId: CHECK_ID,
          severity: SEVERITY,
          message: `this ${kind} can never match any ${target}: ${shown} contradict each other on key ${c.key}; fix or delete one of them`,
          range: wholeSelector(text, site.selector),
          data: { policy: { uri: p.uri, name: p.name, namespace: p.namespace }, selectorPath: site.selector.path, key: c.key },
          related: c.requirements.slice(0, 3).map((r): RelatedInfo => ({ uri: p.uri, range: r.range, message: wordRequirement(r.requirement) })),
        });
      }
    }
    return out;
  },
};

/** `app=web`, `app in (a,b)`, `app notin (web)`, `app exists`, `app does not exist`. */
function wordRequirement(r: Requirement): string {
  if (r.op === 'Exists') return `${r.key} exists`;
  if (r.op === 'DoesNotExist') return `${r.key} does not exist`;
  return describeSelector([r]);
}

/** Key to value end, without the line breaks and spaces a block map's range ends with. */
function wholeSelector(text: string, sel: LabelSelector): OffsetRange {
  const start = Math.min(sel.keyRange.start, sel.range.start);
  let end = Math.max(sel.keyRange.end, sel.range.end);
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  return { start, end };
}

/** The first key (in source order) whose requirements no label value satisfies. */
export function contradiction(reqs: readonly LocatedRequirement[]): Contradiction | undefined {
  const byKey = new Map<string, LocatedRequirement[]>();
  for (const r of reqs) byKey.set(r.requirement.key, [...(byKey.get(r.requirement.key) ?? []), r]);
  for (const [key, rs] of byKey) {
    if (rs.length < 2) continue;
    const absent = rs.filter((r) => r.requirement.op === 'DoesNotExist');
    const present = rs.filter((r) => r.requirement.op === 'In' || r.requirement.op === 'Exists');
    if (absent.length > 0 && present.length > 0) return { key, requirements: [present[0], absent[0]].sort(bySource) };
    const ins = rs.filter((r) => r.requirement.op === 'In');
    if (ins.length === 0) continue;
    let left: Set<string> | undefined;
    const used: LocatedRequirement[] = [];
    for (const r of ins) {
      const values = (r.requirement as { values: ReadonlySet<string> }).values;
      left = left ? new Set([...left].filter((v) => values.has(v))) : new Set(values);
      used.push(r);
      if (left.size === 0) return { key, requirements: used.sort(bySource) };
    }
    for (const r of rs) {
      if (r.requirement.op !== 'NotIn') continue;
      const values = r.requirement.values;
      left = new Set([...left!].filter((v) => !values.has(v)));
      used.push(r);
      if (left.size === 0) return { key, requirements: used.sort(bySource) };
    }
  }
  return undefined;
}

function bySource(a: LocatedRequirement, b: LocatedRequirement): number {
  return a.range.start - b.range.start;
}
