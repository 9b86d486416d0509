// A connectivity diff as plain data with file locations: what `netpol diff
// --format json` prints and every other format (and the editor) renders.
import type { OffsetRange } from '../core/findings';
import { ConnectivityDiff, deltaText, diffConnectivity, DiffEndpoint, DiffRow } from '../core/diff';
import { verdictOf, verdictToJson, VerdictJson } from '../core/policy/engine';
import type { Range } from '../core/yaml/lineIndex';
import type { DiffSides } from './diffSources';
import type { Workspace } from './workspace';

export interface DiffRuleView {
  /** `head` for a rule that allows what was gained, `base` for what was lost. */
  side: 'base' | 'head';
  direction: 'egress' | 'ingress';
  policy: string;
  namespace: string;
  /** `spec.ingress[0]`. */
  rule: string;
  /** What of the change it allows. */
  ports: VerdictJson;
  /** Relative to the working directory (the same path at the other revision). */
  file?: string;
  /** 1-based. */
  line?: number;
  /** 0-based, for editors. */
  range?: Range;
}

export interface DiffChangeView {
  change: 'added' | 'removed' | 'changed';
  from: string;
  to: string;
  before: VerdictJson;
  after: VerdictJson;
  widens: boolean;
  narrows: boolean;
  rules: DiffRuleView[];
  /** `+TCP 8080 -UDP 53`. */
  delta: string;
  /** `workload added` / `workload removed` when that end exists on one side only. */
  fromNote?: string;
  toNote?: string;
  /** Directions no policy restricts, which let the change through without a rule: `head: ingress of shop/db`. */
  unrestricted?: string[];
  /** Namespace the row is listed under: the destination's, else the source's. */
  namespace: string;
  /** Where the row's workload is defined on the side that has it (the destination, else the source). */
  at?: { file: string; line: number; range: Range };
}

export interface DiffReport {
  base: string;
  head: string;
  baseCommit?: string;
  headCommit?: string;
  changes: DiffChangeView[];
  workloadsAdded: string[];
  workloadsRemoved: string[];
}

export function diffOfSides(sides: DiffSides): ConnectivityDiff {
  return diffConnectivity(sides.base.workspace.input, sides.head.workspace.input);
}

export function buildDiffReport(sides: DiffSides, diff: ConnectivityDiff = diffOfSides(sides)): DiffReport {
  const changes = diff.rows.map((row) => changeView(row, sides));
  return {
    base: sides.base.name,
    head: sides.head.name,
    ...(sides.base.commit ? { baseCommit: sides.base.commit } : {}),
    ...(sides.head.commit ? { headCommit: sides.head.commit } : {}),
    changes,
    workloadsAdded: diff.workloadsAdded,
    workloadsRemoved: diff.workloadsRemoved,
  };
}

function changeView(row: DiffRow, sides: DiffSides): DiffChangeView {
  const rules: DiffRuleView[] = row.rules.map((r) => ({
    side: r.side,
    direction: r.direction === 'Egress' ? 'egress' : 'ingress',
    policy: r.policy,
    namespace: r.namespace,
    rule: r.path,
    ports: verdictToJson(verdictOf(r.ports)),
    ...at(sides[r.side].workspace, r.uri, r.range),
  }));
  const view: DiffChangeView = {
    change: row.change,
    from: row.from.key,
    to: row.to.key,
    before: verdictToJson(verdictOf(row.before)),
    after: verdictToJson(verdictOf(row.after)),
    widens: row.widens,
    narrows: row.narrows,
    rules,
    delta: deltaText(row.gained, row.lost),
    namespace: row.to.namespace ?? row.from.namespace ?? '',
  };
  if (row.from.note) view.fromNote = row.from.note;
  if (row.to.note) view.toNote = row.to.note;
  if (row.open.length > 0) view.unrestricted = row.open.map((o) => `${o.side}: ${o.direction === 'Egress' ? `egress of ${row.from.key}` : `ingress of ${row.to.key}`}`);
  const where = workloadAt(row.to, sides) ?? workloadAt(row.from, sides);
  if (where) view.at = where;
  return view;
}

function workloadAt(e: DiffEndpoint, sides: DiffSides): DiffChangeView['at'] {
  if (e.kind !== 'workload' || !e.location) return undefined;
  const loc = sides[e.location.side].workspace.locate(e.location.uri, e.location.range);
  return loc ? { file: loc.file, line: loc.line, range: loc.range } : undefined;
}

function at(ws: Workspace, uri: string | undefined, range: OffsetRange): { file?: string; line?: number; range?: Range } {
  const loc = ws.locate(uri, range);
  return loc ? { file: loc.file, line: loc.line, range: loc.range } : {};
}
