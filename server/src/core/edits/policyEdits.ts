// Text edits inside a NetworkPolicy for its quick fixes: add entries to
// `policyTypes` (or add the key), and add a UDP entry next to a port. Each
// is one insertion in the file's own style: flow collections get flow text,
// block ones new lines in their indentation and line ending. Nothing else in
// the file changes. `undefined` when the shape is unusual (aliases, anchors,
// merge keys, a key not at the start of its line): no fix beats a wrong one.
import { isMap, isScalar, isSeq, Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import type { Direction, NetworkPolicy } from '../model/types';
import { scalarText } from '../model/node';
import { formatScalar } from './yamlScalar';
import { isShared, pairOf } from './yamlNodes';
import { columnOf, eolAt, lineEndAt, lineStartAt, TextEdit } from './text';

function hasMerge(map: YAMLMap): boolean {
  return (map.items as Pair[]).some((p) => isScalar(p.key) && (typeof p.key.value === 'symbol' || scalarText(p.key) === '<<'));
}

/** Follows map keys and seq indexes from the object's root; undefined at an alias, an anchor or a merge on the way. */
function nodeAt(root: Node | null, steps: (string | number)[]): Node | undefined {
  let node: unknown = root;
  if (isShared(node)) return undefined;
  for (const step of steps) {
    let next: unknown;
    if (typeof step === 'string') {
      if (!isMap(node) || hasMerge(node)) return undefined;
      next = pairOf(node, step)?.value;
    } else {
      if (!isSeq(node)) return undefined;
      next = node.items[step];
    }
    if (next === undefined || next === null || isShared(next)) return undefined;
    node = next;
  }
  return node as Node;
}

/** `spec.egress[0].ports[1]` -> ['spec', 'egress', 0, 'ports', 1]. */
export function pathSteps(path: string): (string | number)[] {
  return path
    .split(/\.|\[(\d+)\]/)
    .filter((s) => s !== undefined && s !== '')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** End of a node without the trailing line breaks block nodes include. */
function endOf(text: string, n: Node): number {
  let end = n.range![1];
  while (end > n.range![0] && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return end;
}

/** The text before a block seq item on its line, when it is only `  - ` (the dash's indentation is returned). */
function dashIndent(text: string, itemStart: number): string | undefined {
  const m = /^([ ]*)-[ ]+$/.exec(text.slice(lineStartAt(text, itemStart), itemStart));
  return m?.[1];
}

/** A new item after the last of a flow or block sequence of scalars. */
function appendScalars(text: string, seq: YAMLSeq, values: string[]): TextEdit | undefined {
  const items = seq.items as Node[];
  const start = seq.range![0];
  if (seq.flow) {
    if (text[start] !== '[') return undefined;
    if (items.length === 0) return { range: { start: start + 1, end: start + 1 }, newText: values.join(', ') };
    const at = items[items.length - 1].range![1];
    return { range: { start: at, end: at }, newText: values.map((v) => `, ${v}`).join('') };
  }
  const last = items[items.length - 1];
  if (!last?.range) return undefined;
  const indent = dashIndent(text, last.range[0]);
  if (indent === undefined) return undefined;
  const at = lineEndAt(text, endOf(text, last));
  const eol = eolAt(text, at);
  return { range: { start: at, end: at }, newText: values.map((v) => `${eol}${indent}- ${v}`).join('') };
}

/**
 * Adds the missing `types` to `spec.policyTypes`; without the key, writes
 * `policyTypes` (with `types`) just before the spec's `ingress`/`egress` key.
 */
export function addPolicyTypesEdits(text: string, policy: NetworkPolicy, types: Direction[]): TextEdit[] | undefined {
  const spec = nodeAt(policy.node, ['spec']);
  if (!isMap(spec) || hasMerge(spec)) return undefined;
  const pair = pairOf(spec, 'policyTypes');
  if (pair) {
    const seq = pair.value;
    if (!isSeq(seq) || isShared(seq) || (seq.items as unknown[]).some((i) => !isScalar(i) || isShared(i))) return undefined;
    const have = new Set((seq.items as Node[]).map((i) => scalarText(i as never)));
    const missing = types.filter((t) => !have.has(t));
    if (missing.length === 0) return undefined;
    const edit = appendScalars(text, seq, missing);
    return edit && [edit];
  }
  const anchors = (spec.items as Pair[]).filter((p) => isScalar(p.key) && ['ingress', 'egress'].includes(scalarText(p.key)));
  const anchor = anchors.sort((a, b) => (a.key as Node).range![0] - (b.key as Node).range![0])[0];
  if (!anchor) return undefined;
  const keyStart = (anchor.key as Node).range![0];
  if (spec.flow) return [{ range: { start: keyStart, end: keyStart }, newText: `policyTypes: [${types.join(', ')}], ` }];
  const lineStart = lineStartAt(text, keyStart);
  const indent = text.slice(lineStart, keyStart);
  if (!/^[ ]*$/.test(indent)) return undefined;
  const eol = eolAt(text, keyStart);
  // The sequences of this spec are indented like the anchor's own list (`- ` under the key, or indented).
  const value = anchor.value;
  const seqIndent = isSeq(value) && !value.flow && value.items[0] && (value.items[0] as Node).range ? dashIndent(text, (value.items[0] as Node).range![0]) : undefined;
  const inner = seqIndent !== undefined && seqIndent.length >= indent.length ? seqIndent : indent;
  const lines = [`${indent}policyTypes:`, ...types.map((t) => `${inner}- ${t}`)];
  return [{ range: { start: lineStart, end: lineStart }, newText: lines.map((l) => l + eol).join('') }];
}

/** Adds `{port: <same>, protocol: UDP}` right after the port entry at `portPath`. */
export function addUdpPortEdits(text: string, policy: NetworkPolicy, portPath: string): TextEdit[] | undefined {
  const steps = pathSteps(portPath);
  const index = steps[steps.length - 1];
  if (typeof index !== 'number') return undefined;
  const seq = nodeAt(policy.node, steps.slice(0, -1));
  const item = nodeAt(policy.node, steps);
  if (!isSeq(seq) || !isMap(item) || !item.range || hasMerge(item)) return undefined;
  const portNode = pairOf(item, 'port')?.value;
  if (!isScalar(portNode)) return undefined;
  const v = portNode.value;
  const port = typeof v === 'number' && Number.isInteger(v) ? String(v) : typeof v === 'string' ? formatScalar(v) : undefined;
  if (port === undefined) return undefined;
  const flowEntry = `{port: ${port}, protocol: UDP}`;
  if (seq.flow) {
    const at = item.range[1];
    return [{ range: { start: at, end: at }, newText: `, ${flowEntry}` }];
  }
  const indent = dashIndent(text, item.range[0]);
  if (indent === undefined) return undefined;
  const at = lineEndAt(text, endOf(text, item));
  const eol = eolAt(text, at);
  if (item.flow) return [{ range: { start: at, end: at }, newText: `${eol}${indent}- ${flowEntry}` }];
  const inner = ' '.repeat(columnOf(text, item.range[0]));
  return [{ range: { start: at, end: at }, newText: `${eol}${indent}- port: ${port}${eol}${inner}protocol: UDP` }];
}
