// Setting labels on an object with the smallest text edit: a new line in the
// labels map (in the file's own indentation and line ending), an entry in a
// flow map (`{app: x}`), or a new `labels:` map in the metadata when there is
// none. An existing key gets its value replaced in place. Nothing else in the
// file changes; comments stay where they are.
import { isAlias, isMap, isScalar, Node, Pair, Scalar, YAMLMap } from 'yaml';
import type { Namespace, ObjectBase, Workload } from '../model/types';
import { scalarText } from '../model/node';
import { formatScalar, formatScalarLike } from './yamlScalar';
import { isShared, pairOf } from './yamlNodes';
import { columnOf, eolAt, lineEndAt, lineStartAt, TextEdit } from './text';

export interface LabelToSet {
  key: string;
  value: string;
}

/** Pod labels: a Pod's metadata.labels, else the pod template's. */
export function addPodLabelEdits(text: string, workload: Workload, labels: LabelToSet[]): TextEdit[] | undefined {
  const path = workload.podLabelsAt.path.split('.');
  return addLabelEdits(text, workload, path.slice(0, -1), labels);
}

export function addNamespaceLabelEdits(text: string, namespace: Namespace, labels: LabelToSet[]): TextEdit[] | undefined {
  return addLabelEdits(text, namespace, ['metadata'], labels);
}

/**
 * Edits (non-overlapping, in text order) that set `labels` in the labels map
 * under `metadataPath` of the object. `undefined` when the metadata map is
 * missing, or a step is an alias, a merge or an anchored node (editing it
 * would change other objects too).
 */
export function addLabelEdits(text: string, object: ObjectBase, metadataPath: string[], labels: LabelToSet[]): TextEdit[] | undefined {
  if (labels.length === 0) return [];
  let map: Node | null = object.node;
  let keyNode: Node | undefined;
  if (isShared(map)) return undefined;
  for (const step of metadataPath) {
    if (!isMap(map)) return undefined;
    const pair = pairOf(map, step);
    if (!pair || isShared(pair.value as Node | null)) return undefined;
    keyNode = pair.key as Node;
    map = (pair.value as Node | null) ?? null;
  }
  if (!isMap(map) || !keyNode) return undefined;
  const metadata = map;
  const eol = eolAt(text, keyNode.range![0]);
  const labelsPair = pairOf(metadata, 'labels');
  if (!labelsPair) return [insertLabelsMap(text, metadata, keyNode, labels, eol)];
  const value = labelsPair.value as Node | null;
  if (isShared(value)) return undefined;
  if (isMap(value)) return editLabelsMap(text, value, labels, eol);
  if (value === null || (isScalar(value) && (value.value === null || value.value === undefined))) {
    return [fillEmptyLabels(text, labelsPair.key as Node, keyNode, value as Scalar | null, labels, eol)];
  }
  return undefined;
}

function entryText(l: LabelToSet): string {
  return `${formatScalar(l.key)}: ${formatScalar(l.value)}`;
}

function start(n: Node): number {
  return n.range![0];
}

/** End of a pair's value (or key), without the trailing line break block nodes include. */
export function pairEnd(text: string, p: Pair): number {
  const n = (p.value ?? p.key) as Node;
  let end = n.range![1];
  while (end > start(p.key as Node) && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return end;
}

/** Indentation step of the file around `parentKey` -> `child` (`child column - parent column`), 2 when unclear. */
function step(text: string, parentKey: Node, childColumn: number): number {
  const s = childColumn - columnOf(text, start(parentKey));
  return s > 0 ? s : 2;
}

function editLabelsMap(text: string, map: YAMLMap, labels: LabelToSet[], eol: string): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  const added: LabelToSet[] = [];
  for (const l of labels) {
    const existing = pairOf(map, l.key);
    if (existing && isAlias(existing.value)) {
      // `owner: *role`: replacing the alias leaves the anchored value (and its other uses) alone.
      const v = existing.value;
      edits.push({ range: { start: v.range![0], end: v.range![1] }, newText: formatScalar(l.value) });
    } else if (existing && isShared(existing.value as Node | null)) return undefined;
    else if (existing && isScalar(existing.value) && existing.value.range![1] === existing.value.range![0]) {
      // `flag:` with no value (its empty node sits at the next token, maybe a comment): write after the colon.
      const at = text.indexOf(':', (existing.key as Node).range![1]) + 1;
      edits.push({ range: { start: at, end: at }, newText: ` ${formatScalar(l.value)}` });
    } else if (existing && isScalar(existing.value)) {
      const v = existing.value;
      edits.push({ range: { start: v.range![0], end: v.range![1] }, newText: formatScalarLike(l.value, text.slice(v.range![0], v.range![1])) });
    } else if (!existing) added.push(l);
  }
  if (added.length > 0) {
    const items = map.items as Pair[];
    if (map.flow) {
      if (items.length > 0) {
        const at = pairEnd(text, items[items.length - 1]);
        edits.push({ range: { start: at, end: at }, newText: added.map((l) => `, ${entryText(l)}`).join('') });
      } else {
        const at = start(map) + 1; // just after `{`
        edits.push({ range: { start: at, end: at }, newText: added.map(entryText).join(', ') });
      }
    } else {
      const indent = ' '.repeat(columnOf(text, start(items[0].key as Node)));
      const at = lineEndAt(text, pairEnd(text, items[items.length - 1]));
      edits.push({ range: { start: at, end: at }, newText: added.map((l) => `${eol}${indent}${entryText(l)}`).join('') });
    }
  }
  return edits.sort((a, b) => a.range.start - b.range.start);
}

/** `labels:` with nothing (or `~`/`null`) under it. */
function fillEmptyLabels(text: string, labelsKey: Node, metadataKey: Node, value: Scalar | null, labels: LabelToSet[], eol: string): TextEdit {
  const hasSource = value?.range && value.range[1] > value.range[0];
  if (hasSource) {
    // An explicit null: replace it by a flow map rather than restructure the lines.
    return { range: { start: value!.range![0], end: value!.range![1] }, newText: `{${labels.map(entryText).join(', ')}}` };
  }
  const keyColumn = columnOf(text, start(labelsKey));
  const indent = ' '.repeat(keyColumn + step(text, metadataKey, keyColumn));
  const at = lineEndAt(text, labelsKey.range![1]);
  return { range: { start: at, end: at }, newText: labels.map((l) => `${eol}${indent}${entryText(l)}`).join('') };
}

/** No `labels` key: add one to the metadata map. */
function insertLabelsMap(text: string, metadata: YAMLMap, metadataKey: Node, labels: LabelToSet[], eol: string): TextEdit {
  const items = metadata.items as Pair[];
  if (metadata.flow) {
    const flowLabels = `labels: {${labels.map(entryText).join(', ')}}`;
    if (items.length === 0) return { range: { start: start(metadata) + 1, end: start(metadata) + 1 }, newText: flowLabels };
    const at = pairEnd(text, items[items.length - 1]);
    return { range: { start: at, end: at }, newText: `, ${flowLabels}` };
  }
  const column = columnOf(text, start(items[0].key as Node));
  const indent = ' '.repeat(column);
  const inner = ' '.repeat(column + step(text, metadataKey, column));
  const block = [`${indent}labels:`, ...labels.map((l) => `${inner}${entryText(l)}`)];
  // After the leading one-line scalar entries (name, namespace), where labels usually go.
  let after: Pair | undefined;
  for (const p of items) {
    if (!isScalar(p.value) || !isOneLine(text, p)) break;
    after = p;
  }
  if (after) {
    const at = lineEndAt(text, pairEnd(text, after));
    return { range: { start: at, end: at }, newText: block.map((l) => eol + l).join('') };
  }
  const at = lineStartAt(text, start(items[0].key as Node));
  return { range: { start: at, end: at }, newText: block.map((l) => l + eol).join('') };
}

function isOneLine(text: string, p: Pair): boolean {
  const s = start(p.key as Node);
  const e = pairEnd(text, p);
  return !/[\r\n]/.test(text.slice(s, e));
}
