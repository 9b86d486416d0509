// Text edits inside a NetworkPolicy for the lints' quick fixes, found on its
// YAML tree and written in the file's style: block collections get lines in
// the file's indentation and line ending, flow collections get flow text.
// `undefined` whenever a step is an alias, an anchored node (its aliases
// would change too) or a shape we do not edit; verifyFix checks the rest.
import { isMap, isScalar, isSeq, Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import type { NetworkPolicy } from '../model/types';
import { pairEnd } from './addLabel';
import { isShared, pairOf } from './yamlNodes';
import type { PlainRule } from './policyIntent';
import { columnOf, eolAt, lineEndAt, TextEdit } from './text';
import { formatScalar, formatScalarLike } from './yamlScalar';

type Edit = TextEdit & { joinsItems?: boolean };

function start(n: Node): number {
  return n.range![0];
}

/** End of a node without the trailing line breaks block nodes include. */
function nodeEnd(text: string, n: Node): number {
  let end = n.range![1];
  while (end > start(n) && /\s/.test(text[end - 1])) end--;
  return end;
}

function mapAt(root: Node | null, key: string): { pair: Pair; map: YAMLMap } | undefined {
  if (!isMap(root) || isShared(root)) return undefined;
  const pair = pairOf(root, key);
  const value = pair?.value as Node | null | undefined;
  if (!pair || !isMap(value) || isShared(value)) return undefined;
  return { pair, map: value };
}

/** The node at an API path (`spec.ingress[0].from[1]`) under the object's root; no aliases or anchors on the way. */
export function nodeAtPath(root: Node | null, path: string): Node | undefined {
  let node: Node | null | undefined = root;
  for (const part of path.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m || !isMap(node) || isShared(node)) return undefined;
    node = pairOf(node, m[1])?.value as Node | null | undefined;
    for (const i of m[2].match(/\d+/g) ?? []) {
      if (!isSeq(node) || isShared(node)) return undefined;
      node = node.items[Number(i)] as Node | undefined;
    }
  }
  return node && !isShared(node) ? node : undefined;
}

/** Set `metadata.namespace`: change the value, or add the key after `name`. */
export function setNamespaceEdit(text: string, np: NetworkPolicy, namespace: string): Edit | undefined {
  const meta = mapAt(np.node, 'metadata');
  if (!meta) return undefined;
  const existing = pairOf(meta.map, 'namespace');
  if (existing) {
    const v = existing.value as Node | null;
    if (!isScalar(v) || isShared(v) || start(v) === v.range![1]) return undefined;
    return { range: { start: start(v), end: v.range![1] }, newText: formatScalarLike(namespace, text.slice(start(v), v.range![1])) };
  }
  const items = meta.map.items as Pair[];
  if (items.length === 0) return undefined;
  const after = pairOf(meta.map, 'name') ?? items[items.length - 1];
  const entry = `namespace: ${formatScalar(namespace)}`;
  if (meta.map.flow) return { range: { start: pairEnd(text, after), end: pairEnd(text, after) }, newText: `, ${entry}` };
  const indent = ' '.repeat(columnOf(text, start(items[0].key as Node)));
  const at = lineEndAt(text, pairEnd(text, after));
  return { range: { start: at, end: at }, newText: `${eolAt(text, at)}${indent}${entry}` };
}

/** Add `namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ns}}` to the peer at `peerPath`, before its first key. */
export function addNamespaceSelectorEdit(text: string, np: NetworkPolicy, peerPath: string, namespace: string): Edit | undefined {
  const peer = nodeAtPath(np.node, peerPath);
  if (!isMap(peer) || peer.items.length === 0) return undefined;
  const first = (peer.items[0] as Pair).key as Node;
  const at = start(first);
  const ns = formatScalar(namespace);
  if (peer.flow) return { range: { start: at, end: at }, newText: `namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${ns}}}, ` };
  const column = columnOf(text, at);
  const indent = ' '.repeat(column);
  const step = childStep(text, peer, column);
  const eol = eolAt(text, at);
  const lines = [`namespaceSelector:`, `${' '.repeat(column + step)}matchLabels:`, `${' '.repeat(column + 2 * step)}kubernetes.io/metadata.name: ${ns}`];
  return { range: { start: at, end: at }, newText: lines.join(eol) + eol + indent };
}

/** The indentation step of a block map's children (their maps' keys), 2 when unclear. */
function childStep(text: string, map: YAMLMap, column: number): number {
  for (const p of map.items as Pair[]) {
    const v = p.value as Node | null;
    if (isMap(v) && !v.flow && v.items.length > 0) {
      const s = columnOf(text, start((v.items[0] as Pair).key as Node)) - column;
      if (s > 0) return s;
    }
  }
  return 2;
}

/**
 * Join two neighbouring peers of one list into one: block items lose the
 * second item's `-` (its keys then continue the first item's map), flow
 * maps are joined at `}, {`.
 */
export function mergePeersEdit(text: string, np: NetworkPolicy, pathA: string, pathB: string): Edit | undefined {
  const a = nodeAtPath(np.node, pathA);
  const b = nodeAtPath(np.node, pathB);
  if (!isMap(a) || !isMap(b) || a.items.length === 0 || b.items.length === 0) return undefined;
  const [first, second] = start(a) < start(b) ? [a, b] : [b, a];
  if (first.flow && second.flow) {
    const from = nodeEnd(text, first) - 1;
    const to = start((second.items[0] as Pair).key as Node);
    const between = text.slice(from, to);
    if (!/^\}[ \t]*(,[ \t]*|[\r\n][\s]*-[ \t]+)\{[ \t]*$/.test(between)) return undefined;
    return { range: { start: from, end: to }, newText: ', ', joinsItems: true };
  }
  if (first.flow || second.flow) return undefined;
  const firstKey = start((first.items[0] as Pair).key as Node);
  const secondKey = start((second.items[0] as Pair).key as Node);
  // `- key`: the dash right before the key, alone on its line with spaces.
  let dash = secondKey - 1;
  while (dash > 0 && text[dash] === ' ') dash--;
  if (text[dash] !== '-' || columnOf(text, secondKey) !== columnOf(text, firstKey)) return undefined;
  if (!/^[ \t]*$/.test(text.slice(dash - columnOf(text, dash), dash))) return undefined;
  // Nothing but comments and blank lines between the two peers.
  const gap = text.slice(nodeEnd(text, first), dash - columnOf(text, dash));
  if (!/^(?:\s|#[^\r\n]*)*$/.test(gap)) return undefined;
  return { range: { start: dash, end: dash + 1 }, newText: ' ', joinsItems: true };
}

/** A rule as YAML lines (block) or one flow text. */
type Value = string | number | Value[] | { [key: string]: Value };

function plain(rule: PlainRule): Value {
  const to = rule.to.map((t) => {
    const out: Record<string, Value> = {};
    if (t.namespaceLabels) out.namespaceSelector = { matchLabels: t.namespaceLabels };
    if (t.podLabels) out.podSelector = { matchLabels: t.podLabels };
    if (t.cidr !== undefined) out.ipBlock = { cidr: t.cidr };
    return out;
  });
  return { to, ports: rule.ports.map((p) => ({ protocol: p.protocol, port: p.port })) };
}

function scalar(v: string | number): string {
  return typeof v === 'number' ? String(v) : formatScalar(v);
}

function flow(v: Value): string {
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  if (typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${formatScalar(k)}: ${flow(x)}`).join(', ')}}`;
  return scalar(v);
}

/** Lines of a map at `column`; `seqOffset`: how far a block sequence's `-` sits right of its key (0 or the step). */
function blockMap(v: Record<string, Value>, column: number, step: number, seqOffset: number): string[] {
  const out: string[] = [];
  for (const [k, x] of Object.entries(v)) {
    const key = `${' '.repeat(column)}${formatScalar(k)}:`;
    if (Array.isArray(x)) out.push(key, ...blockSeq(x, column + seqOffset, step, seqOffset));
    else if (typeof x === 'object') out.push(key, ...blockMap(x, column + step, step, seqOffset));
    else out.push(`${key} ${scalar(x)}`);
  }
  return out;
}

function blockSeq(items: Value[], dashColumn: number, step: number, seqOffset: number): string[] {
  const out: string[] = [];
  for (const item of items) {
    if (typeof item === 'object' && !Array.isArray(item)) {
      const lines = blockMap(item, dashColumn + 2, step, seqOffset);
      out.push(`${' '.repeat(dashColumn)}- ${lines[0].trimStart()}`, ...lines.slice(1));
    } else out.push(`${' '.repeat(dashColumn)}- ${flow(item)}`);
  }
  return out;
}

/** Column of the `-` before a block sequence item. */
function dashColumn(text: string, item: Node): number | undefined {
  let i = start(item) - 1;
  while (i > 0 && text[i] === ' ') i--;
  return text[i] === '-' ? columnOf(text, i) : undefined;
}

/** The style of block sequences in the spec: `-` under the key (0) or indented (the offset). */
function seqStyle(text: string, spec: YAMLMap): number {
  for (const p of spec.items as Pair[]) {
    const v = p.value as Node | null;
    if (isSeq(v) && !v.flow && v.items.length > 0) {
      const d = dashColumn(text, v.items[0] as Node);
      if (d !== undefined) return Math.max(0, d - columnOf(text, start(p.key as Node)));
    }
  }
  return 0;
}

/** Append `rule` to `spec.egress` (creating the key when absent). */
export function addEgressRuleEdit(text: string, np: NetworkPolicy, rule: PlainRule): Edit | undefined {
  const spec = mapAt(np.node, 'spec');
  if (!spec) return undefined;
  const value = plain(rule);
  const specItems = spec.map.items as Pair[];
  const egress = pairOf(spec.map, 'egress');
  if (spec.map.flow) {
    if (egress || specItems.length === 0) return egressListEdit(text, egress, value);
    const at = pairEnd(text, specItems[specItems.length - 1]);
    return { range: { start: at, end: at }, newText: `, egress: [${flow(value)}]` };
  }
  if (specItems.length === 0) return undefined;
  const keyColumn = columnOf(text, start(specItems[0].key as Node));
  const step = childStep(text, spec.map, keyColumn);
  const offset = seqStyle(text, spec.map);
  if (!egress) {
    const at = lineEndAt(text, pairEnd(text, specItems[specItems.length - 1]));
    const eol = eolAt(text, at);
    const lines = [`${' '.repeat(keyColumn)}egress:`, ...blockSeq([value], keyColumn + offset, step, offset)];
    return { range: { start: at, end: at }, newText: lines.map((l) => eol + l).join('') };
  }
  const seq = egress.value as Node | null;
  if (isSeq(seq) && !seq.flow && !isShared(seq) && seq.items.length > 0) {
    const last = seq.items[seq.items.length - 1] as Node;
    const d = dashColumn(text, seq.items[0] as Node);
    if (d === undefined) return undefined;
    const at = lineEndAt(text, nodeEnd(text, last));
    const eol = eolAt(text, at);
    return { range: { start: at, end: at }, newText: blockSeq([value], d, step, offset).map((l) => eol + l).join('') };
  }
  return egressListEdit(text, egress, value);
}

/** A flow `egress: [...]` gets the rule before its `]`. */
function egressListEdit(text: string, egress: Pair | undefined, value: Value): Edit | undefined {
  const seq = egress?.value as Node | null | undefined;
  if (!isSeq(seq) || !seq.flow || isShared(seq)) return undefined;
  const close = nodeEnd(text, seq) - 1;
  if (text[close] !== ']') return undefined;
  const items = (seq as YAMLSeq).items as Node[];
  if (items.length === 0) return { range: { start: close, end: close }, newText: flow(value) };
  const at = nodeEnd(text, items[items.length - 1]);
  return { range: { start: at, end: at }, newText: `, ${flow(value)}` };
}
