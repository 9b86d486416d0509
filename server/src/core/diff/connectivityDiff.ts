// Connectivity before and after: for every ordered pair of endpoints (the
// workloads of either side, `outside`, and the ipBlocks either side names, cut
// into common pieces), the allowed ports on each side, and a row for each
// pair where they differ, with the rules that allow what was gained (head)
// and what was lost (base). Pure: two engine inputs in, rows out.
import type { OffsetRange } from '../findings';
import { EMPTY_PORTS, EngineInput, EngineOptions, engineFor, equals, isEmpty, PortSet } from '../policy/engine';
import { commonIpPieces } from '../policy/engine/ipPieces';
import { subtractPorts } from './portDelta';
import { responsibleRules, ResponsibleRule } from '../policy/engine/responsibleRules';
import { buildSide, Side, SideEndpoint } from './sides';

export type ChangeKind = 'added' | 'removed' | 'changed';
export type WorkloadNote = 'workload added' | 'workload removed';
export type DiffSideName = 'base' | 'head';

export interface DiffEndpoint {
  /** As `netpol matrix` keys it (the head's key when the workload is on both sides). */
  key: string;
  kind: 'workload' | 'outside' | 'ip';
  namespace?: string;
  /** Set when the workload exists on one side only. */
  note?: WorkloadNote;
  /** Whether some policy selects the workload's pods for that direction (head side when it is there). */
  isolated?: { ingress: boolean; egress: boolean };
  /** Where the workload is defined: on the head side when it is there. */
  location?: { side: DiffSideName; uri?: string; range: OffsetRange };
}

export interface DiffRule extends ResponsibleRule {
  /** The side whose rule it is: head for what was gained, base for what was lost. */
  side: DiffSideName;
}

export interface DiffRow {
  change: ChangeKind;
  from: DiffEndpoint;
  to: DiffEndpoint;
  before: PortSet;
  after: PortSet;
  /** After minus before. */
  gained: PortSet;
  /** Before minus after. */
  lost: PortSet;
  widens: boolean;
  narrows: boolean;
  rules: DiffRule[];
  /** Directions that let the change through without a rule (no policy selects the pod), per side. */
  open: { side: DiffSideName; direction: 'Egress' | 'Ingress' }[];
}

export interface ConnectivityDiff {
  rows: DiffRow[];
  /** Workload keys present on one side only, sorted. */
  workloadsAdded: string[];
  workloadsRemoved: string[];
}

export function diffConnectivity(base: EngineInput, head: EngineInput, options: EngineOptions = {}): ConnectivityDiff {
  const baseEngine = engineFor(base, options);
  const headEngine = engineFor(head, options);
  const pieces = commonIpPieces([baseEngine, headEngine]);
  const sides = { base: buildSide(baseEngine, pieces), head: buildSide(headEngine, pieces) };
  const ids = [...new Set([...sides.base.endpoints.keys(), ...sides.head.endpoints.keys()])];
  const endpoint = (id: string) => sides.head.endpoints.get(id) ?? sides.base.endpoints.get(id)!;
  const views = new Map(ids.map((id) => [id, endpointView(id, sides.base, sides.head)]));
  const ordered = ids.sort((a, b) => compareEndpoints(endpoint(a), endpoint(b), views.get(a)!.key, views.get(b)!.key));
  // Endpoints in the same class on both sides answer alike: compare per pair
  // of such joint classes, then list the pairs of endpoints of those that differ.
  const joint = new Map<string, string[]>();
  for (const id of ordered) {
    const key = `${slotOn(sides.base, id)}|${slotOn(sides.head, id)}`;
    const members = joint.get(key);
    if (members) members.push(id);
    else joint.set(key, [id]);
  }
  const groups = [...joint.values()];
  const rows: DiffRow[] = [];
  for (const as of groups) {
    for (const bs of groups) {
      const repFrom = as[0];
      const repTo = bs[as === bs && as.length > 1 ? 1 : 0];
      if (repFrom === repTo) continue; // one workload alone in its class: itself is loopback
      // Outside and ipBlocks to each other are no policy's business.
      if (endpoint(repFrom).kind !== 'workload' && endpoint(repTo).kind !== 'workload') continue;
      const before = portsOn(sides.base, repFrom, repTo);
      const after = portsOn(sides.head, repFrom, repTo);
      if (equals(before, after)) continue;
      const blamed = blame(sides, repFrom, repTo, before, after);
      for (const fromId of as) {
        for (const toId of bs) {
          // A workload to itself is loopback on both sides.
          if (fromId !== toId) rows.push({ ...blamed, from: views.get(fromId)!, to: views.get(toId)! });
        }
      }
    }
  }
  const position = new Map(ordered.map((id, i) => [views.get(id)!, i]));
  rows.sort((x, y) => position.get(x.from)! - position.get(y.from)! || position.get(x.to)! - position.get(y.to)!);
  const noted = (note: WorkloadNote) => ordered.filter((id) => views.get(id)!.note === note).map((id) => views.get(id)!.key);
  return { rows, workloadsAdded: noted('workload added'), workloadsRemoved: noted('workload removed') };
}

function portsOn(side: Side, fromId: string, toId: string): PortSet {
  const from = side.endpoints.get(fromId);
  const to = side.endpoints.get(toId);
  return from && to ? side.ports(from, to) : EMPTY_PORTS;
}

function endpointView(id: string, base: Side, head: Side): DiffEndpoint {
  const b = base.endpoints.get(id);
  const h = head.endpoints.get(id);
  const e = (h ?? b)!;
  const view: DiffEndpoint = { key: e.key, kind: e.kind };
  if (e.workload) view.namespace = e.workload.namespace;
  if (e.endpoint.kind === 'workload') view.isolated = { ingress: e.endpoint.cls.selection.Ingress.policies.length > 0, egress: e.endpoint.cls.selection.Egress.policies.length > 0 };
  if (e.workload?.range) view.location = { side: h ? 'head' : 'base', uri: e.workload.uri, range: e.workload.range };
  if (e.kind === 'workload' && !b) view.note = 'workload added';
  if (e.kind === 'workload' && !h) view.note = 'workload removed';
  return view;
}

function slotOn(side: Side, id: string): string {
  const e = side.endpoints.get(id);
  return e ? side.slot(e) : '-';
}

/** What a differing pair shows, apart from its ends: the same for every pair of the same joint classes. */
function blame(sides: Record<'base' | 'head', Side>, fromId: string, toId: string, before: PortSet, after: PortSet): Omit<DiffRow, 'from' | 'to'> {
  const gained = subtractPorts(after, before);
  const lost = subtractPorts(before, after);
  const change: ChangeKind = isEmpty(before) ? 'added' : isEmpty(after) ? 'removed' : 'changed';
  const rules: DiffRule[] = [];
  const open: DiffRow['open'] = [];
  const on = (side: 'base' | 'head', wanted: PortSet) => {
    if (isEmpty(wanted)) return;
    const s = sides[side];
    const r = responsibleRules(s.endpoints.get(fromId)!.endpoint, s.endpoints.get(toId)!.endpoint, wanted);
    for (const rule of r.rules) rules.push({ side, ...rule });
    for (const direction of r.open) open.push({ side, direction });
  };
  on('head', gained);
  on('base', lost);
  return { change, before, after, gained, lost, widens: !isEmpty(gained), narrows: !isEmpty(lost), rules, open };
}

function compareEndpoints(a: SideEndpoint, b: SideEndpoint, aKey: string, bKey: string): number {
  if (a.order !== b.order) return a.order - b.order;
  if (aKey !== bKey) return aKey < bKey ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
