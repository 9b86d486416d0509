// The index holds every file of the workspace, so it keeps each analysis
// without its YAML tree: the `yaml` AST is many times the size of the text,
// and retaining it for thousands of files makes the garbage collector the
// main cost of indexing. A compact analysis keeps the text, the line index,
// the findings and the typed objects; `object.node` and `parsed.documents`
// stay readable as lazy getters that re-analyse the file (through the
// index's small cache), so features needing the tree keep working.
import type { FileAnalysis } from '../analyze';
import type { K8sObject, ObjectMeta, Workload } from '../model/types';
import type { ParsedFile } from '../yaml/parse';

/** Gives back the full analysis (trees included) of the text a compact analysis was made from. */
export type TreeSource = () => FileAnalysis;

const SOURCE = Symbol('treeSource');
const POSITION = Symbol('treePosition');
const LABELS = Symbol('podLabelMap');

interface CompactMarks {
  [SOURCE]: TreeSource;
  [POSITION]: number;
}

/** The object at the same position in a fresh (or cached) full analysis. */
function fullObject(marks: CompactMarks): K8sObject | undefined {
  return marks[SOURCE]().objects[marks[POSITION]];
}

/** Shared by every compact object, so they keep few hidden classes. */
const OBJECT_PROTO: object = Object.create(Object.prototype, {
  node: {
    get(this: CompactMarks) {
      return fullObject(this)?.node ?? null;
    },
    enumerable: false,
  },
});

/**
 * Workloads are most of a workspace's objects, and their located label
 * entries (two ranges and two paths per label, twice: metadata and pod
 * template) most of a workload's size. The index keeps the pod labels as a
 * map; the located entries are re-read from the file's full analysis when a
 * feature asks for them (rarely, and for one workload at a time).
 */
const WORKLOAD_PROTO: object = Object.create(OBJECT_PROTO, {
  podLabels: {
    get(this: CompactMarks) {
      return (fullObject(this) as Workload | undefined)?.podLabels ?? [];
    },
    enumerable: false,
  },
});

const METADATA_PROTO: object = Object.create(Object.prototype, {
  labels: {
    get(this: CompactMarks) {
      return fullObject(this)?.metadata.labels;
    },
    enumerable: false,
  },
});

const PARSED_PROTO: object = Object.create(Object.prototype, {
  documents: {
    get(this: CompactMarks) {
      return this[SOURCE]().parsed.documents;
    },
    enumerable: false,
  },
});

/** Whether an analysis (or object) was compacted: its trees come from a re-analysis. */
export function isCompact(value: object): boolean {
  return SOURCE in value;
}

/**
 * Equal strings shared across files: label keys and values, kinds and API
 * paths repeat in every manifest, and paths built by concatenation are
 * flattened once. Cleared when full, so removed files' strings cannot pile up.
 */
export class StringPool {
  private readonly strings = new Map<string, string>();

  constructor(private readonly capacity = 200_000) {}

  intern(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    if (this.strings.size >= this.capacity) this.strings.clear();
    this.strings.set(s, s);
    return s;
  }
}

/**
 * Shrinks a typed object's tree in place: strings interned, arrays copied to
 * their exact length (arrays grown by `push` keep spare capacity). Only
 * plain objects and arrays are visited.
 */
function pack(value: unknown, pool: StringPool): unknown {
  if (typeof value === 'string') return pool.intern(value);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = pack(value[i], pool);
    return out;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const v = record[key];
    // Strings compare by content: always store the pooled one.
    if (typeof v === 'string' || Array.isArray(v)) record[key] = pack(v, pool);
    else if (typeof v === 'object' && v !== null) pack(v, pool);
  }
  return value;
}

/**
 * The analysis without YAML nodes. `source` must return the full analysis
 * of the same text and options (objects at the same positions). With a
 * pool, the objects' strings and arrays are packed too.
 */
export function compactAnalysis(full: FileAnalysis, source: TreeSource, pool?: StringPool): FileAnalysis {
  const parsed = Object.create(PARSED_PROTO) as ParsedFile & CompactMarks;
  parsed.text = full.parsed.text;
  parsed.lines = full.parsed.lines;
  parsed.findings = full.parsed.findings;
  if (full.parsed.skipped) parsed.skipped = full.parsed.skipped;
  parsed[SOURCE] = source;
  const objects = full.objects.map((o, i) => compactObject(o, i, source, pool));
  return { parsed, objects, findings: full.findings };
}

/**
 * A workload's pod labels as a map (last entry wins, as the API server
 * decodes a repeated key). Compact workloads carry it, so reading it never
 * re-analyses the file.
 */
export function podLabelMap(workload: Workload): Map<string, string> {
  const kept = (workload as unknown as { [LABELS]?: Map<string, string> })[LABELS];
  if (kept) return kept;
  const labels = new Map<string, string>();
  for (const e of workload.podLabels) labels.set(e.key.value, e.value.value);
  return labels;
}

function isWorkloadShape(object: K8sObject): object is Workload {
  return 'podLabels' in object && Array.isArray((object as Workload).podLabels);
}

function compactObject(object: K8sObject, position: number, source: TreeSource, pool: StringPool | undefined): K8sObject {
  const workload = isWorkloadShape(object);
  const out = Object.create(workload ? WORKLOAD_PROTO : OBJECT_PROTO) as Record<string | symbol, unknown>;
  for (const key of Object.keys(object)) {
    if (key === 'node') continue;
    if (workload && key === 'podLabels') continue;
    const value = (object as unknown as Record<string, unknown>)[key];
    if (workload && key === 'metadata') {
      out[key] = compactMetadata(value as ObjectMeta, position, source, pool);
      continue;
    }
    out[key] = pool ? pack(value, pool) : value;
  }
  out[SOURCE] = source;
  out[POSITION] = position;
  if (workload) {
    const labels = new Map<string, string>();
    const intern = (s: string): string => (pool ? pool.intern(s) : s);
    for (const e of object.podLabels) labels.set(intern(e.key.value), intern(e.value.value));
    out[LABELS] = labels;
  }
  return out as unknown as K8sObject;
}

/** A workload's metadata without its located labels (read back lazily, see WORKLOAD_PROTO). */
function compactMetadata(metadata: ObjectMeta, position: number, source: TreeSource, pool: StringPool | undefined): ObjectMeta {
  const out = Object.create(METADATA_PROTO) as Record<string | symbol, unknown>;
  for (const key of Object.keys(metadata)) {
    if (key === 'labels') continue;
    const value = (metadata as unknown as Record<string, unknown>)[key];
    out[key] = pool ? pack(value, pool) : value;
  }
  out[SOURCE] = source;
  out[POSITION] = position;
  return out as unknown as ObjectMeta;
}
