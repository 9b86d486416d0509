// The index holds every file of the workspace, so it keeps each analysis
// without its YAML tree: the `yaml` AST is many times the size of the text,
// and retaining it for thousands of files makes the garbage collector the
// main cost of indexing. A compact analysis keeps the text, the line index,
// the findings and the typed objects; `object.node` and `parsed.documents`
// stay readable as lazy getters that re-analyse the file (through the
// index's small cache), so features needing the tree keep working.
// Workloads go further (see SlimWorkload): their located label entries are
// read back the same way, and the index keeps only their label map.
import type { FileAnalysis } from '../analyze';
import type { K8sObject, ObjectMeta, Workload } from '../model/types';
import type { ParsedFile } from '../yaml/parse';

/** Gives back the full analysis (trees included) of the text a compact analysis was made from. */
export type TreeSource = () => FileAnalysis;

const SOURCE = Symbol('treeSource');
const POSITION = Symbol('treePosition');

interface CompactMarks {
  [SOURCE]: TreeSource;
  [POSITION]: number;
}

/** The object at the same position in a fresh (or cached) full analysis. */
function fullObject(marks: CompactMarks): K8sObject | undefined {
  return marks[SOURCE]().objects[marks[POSITION]];
}

/**
 * A compact object other than a workload: the typed object's own keys but
 * `node`, which is read back from the source. A class, not
 * `Object.create`: V8 sizes its instances to their fields, which then sit
 * inside the object, with no separate property store to grow.
 */
class CompactObject {
  [SOURCE]: TreeSource;
  [POSITION]: number;

  constructor(object: K8sObject, position: number, source: TreeSource, pool: StringPool | undefined) {
    const self = this as unknown as Record<string, unknown>;
    for (const key of Object.keys(object)) {
      if (key === 'node') continue;
      const value = (object as unknown as Record<string, unknown>)[key];
      self[key] = pool ? pack(value, pool) : value;
    }
    this[SOURCE] = source;
    this[POSITION] = position;
  }

  get node(): K8sObject['node'] | null {
    return fullObject(this)?.node ?? null;
  }
}

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
  return SOURCE in value || value instanceof SlimWorkload || value instanceof SlimMetadata;
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

const EMPTY_ARRAY: readonly never[] = Object.freeze([]);

/**
 * Shrinks a typed object's tree in place: strings interned, arrays copied to
 * their exact length (arrays grown by `push` keep spare capacity; empty
 * ones shared, frozen, so a mutation would fail loudly). Only
 * plain objects and arrays are visited.
 */
function pack(value: unknown, pool: StringPool): unknown {
  if (typeof value === 'string') return pool.intern(value);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    // Most workloads list no pod IPs: one shared, frozen empty array.
    if (value.length === 0) return EMPTY_ARRAY;
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
  // Objects compacted already (as they arrived from a worker, see `compactObjectAt`) are kept.
  const objects = full.objects.map((o, i) => (isCompact(o) ? o : compactObject(o, i, source, pool)));
  return { parsed, objects, findings: full.findings };
}

/**
 * A workload's pod labels as a map (last entry wins, as the API server
 * decodes a repeated key). Compact workloads carry it, so reading it never
 * re-analyses the file.
 */
export function podLabelMap(workload: Workload): Map<string, string> {
  if (workload instanceof SlimWorkload) return workload.labelMap;
  const labels = new Map<string, string>();
  for (const e of workload.podLabels) labels.set(e.key.value, e.value.value);
  return labels;
}

/** One object of a file's analysis compacted ahead of `compactAnalysis`, which then keeps it. */
export function compactObjectAt(object: K8sObject, position: number, source: TreeSource, pool?: StringPool): K8sObject {
  return compactObject(object, position, source, pool);
}

function isWorkloadShape(object: K8sObject): object is Workload {
  return 'podLabels' in object && Array.isArray((object as Workload).podLabels);
}

function compactObject(object: K8sObject, position: number, source: TreeSource, pool: StringPool | undefined): K8sObject {
  if (isWorkloadShape(object)) return new SlimWorkload(object, position, source, pool) as unknown as Workload;
  return new CompactObject(object, position, source, pool) as unknown as K8sObject;
}

/** Copies the keys `known` does not name, for fields the model may gain. */
function copyOthers(from: object, to: object, known: ReadonlySet<string>, pool: StringPool | undefined): void {
  for (const key of Object.keys(from)) {
    if (known.has(key)) continue;
    const value = (from as Record<string, unknown>)[key];
    (to as Record<string, unknown>)[key] = pool ? pack(value, pool) : value;
  }
}

const WORKLOAD_KEYS: ReadonlySet<string> = new Set(['kind', 'apiVersion', 'range', 'kindRange', 'docIndex', 'listIndex', 'metadata', 'node', 'podLabels', 'podLabelsAt', 'ports', 'podIPs']);

/**
 * Workloads are most of a workspace's objects, and their located label
 * entries (two ranges and two paths per label, for the metadata and the pod
 * template) most of a workload's size. The index keeps the pod labels as a
 * map; the located entries are read back from the file's full analysis when
 * a feature asks for them (rarely, one workload at a time). A class, not
 * `Object.create`: its fields then sit inside the object, with no separate
 * property store.
 */
class SlimWorkload {
  kind!: Workload['kind'];
  apiVersion!: string;
  range!: Workload['range'];
  kindRange!: Workload['kindRange'];
  docIndex!: number;
  listIndex!: number | undefined;
  metadata!: ObjectMeta;
  podLabelsAt!: Workload['podLabelsAt'];
  ports!: Workload['ports'];
  podIPs!: string[];
  readonly #source: TreeSource;
  readonly #position: number;
  readonly #labels: Map<string, string>;

  constructor(o: Workload, position: number, source: TreeSource, pool: StringPool | undefined) {
    const p = <T>(v: T): T => (pool ? (pack(v, pool) as T) : v);
    this.kind = o.kind;
    this.apiVersion = p(o.apiVersion);
    this.range = o.range;
    this.kindRange = o.kindRange;
    this.docIndex = o.docIndex;
    this.listIndex = o.listIndex;
    this.metadata = new SlimMetadata(o.metadata, position, source, pool) as unknown as ObjectMeta;
    this.podLabelsAt = p(o.podLabelsAt);
    this.ports = p(o.ports);
    this.podIPs = p(o.podIPs);
    copyOthers(o, this, WORKLOAD_KEYS, pool);
    this.#source = source;
    this.#position = position;
    const labels = new Map<string, string>();
    const intern = (s: string): string => (pool ? pool.intern(s) : s);
    for (const e of o.podLabels) labels.set(intern(e.key.value), intern(e.value.value));
    this.#labels = labels;
  }

  get labelMap(): Map<string, string> {
    return this.#labels;
  }

  get node(): Workload['node'] {
    return (this.#source().objects[this.#position]?.node ?? null) as Workload['node'];
  }

  get podLabels(): Workload['podLabels'] {
    return (this.#source().objects[this.#position] as Workload | undefined)?.podLabels ?? [];
  }
}

const METADATA_KEYS: ReadonlySet<string> = new Set(['name', 'namespace', 'labels', 'range']);

/** A workload's metadata without its located labels (read back lazily, as the pod labels). */
class SlimMetadata {
  readonly #source: TreeSource;
  readonly #position: number;

  constructor(m: ObjectMeta, position: number, source: TreeSource, pool: StringPool | undefined) {
    const p = <T>(v: T): T => (pool ? (pack(v, pool) as T) : v);
    const self = this as unknown as ObjectMeta;
    // Same own keys as the model's metadata (name and namespace may be absent).
    if ('name' in m) self.name = p(m.name);
    if ('namespace' in m) self.namespace = p(m.namespace);
    self.range = m.range;
    copyOthers(m, this, METADATA_KEYS, pool);
    this.#source = source;
    this.#position = position;
  }

  get labels(): ObjectMeta['labels'] {
    return this.#source().objects[this.#position]?.metadata.labels;
  }
}
