// Documents -> typed Kubernetes objects. Documents with YAML errors are left
// out (their syntax errors are reported); other kinds are kept as plain
// objects with names and namespaces and otherwise ignored.
import { Node, YAMLMap } from 'yaml';
import type { ParsedFile, YamlDocument } from '../yaml/parse';
import { finding, Finding, OffsetRange } from '../findings';
import { beginObject, isMap, isStringScalar, items, newContext, rangeOf, scalarText, WalkContext, Entry } from './node';
import { fieldsOf, labelMap, str, Fields } from './fields';
import type { K8sObject, Located, ObjectBase, ObjectMeta } from './types';
import { networkPolicyVersion } from './apiVersion';
import { SERVICE_CALLER_KINDS, WORKLOAD_KINDS } from './types';
import { readNetworkPolicy } from './networkPolicy';
import { readWorkload } from './workload';
import { readService } from './service';
import { readServiceCaller } from './webhook';

/** The API versions whose webhook configurations and APIServices we read (older ones were removed in 1.22). */
const CALLER_VERSIONS: Readonly<Record<string, string>> = {
  ValidatingWebhookConfiguration: 'admissionregistration.k8s.io/v1',
  MutatingWebhookConfiguration: 'admissionregistration.k8s.io/v1',
  APIService: 'apiregistration.k8s.io/v1',
};

export interface ExtractedObjects {
  objects: K8sObject[];
  findings: Finding[];
}

export function extractObjects(file: ParsedFile): ExtractedObjects {
  const objects: K8sObject[] = [];
  const findings: Finding[] = [];
  for (const doc of file.documents) {
    if (doc.hasErrors) continue;
    const ctx = newContext(doc.doc);
    const budget = new BudgetReport(ctx, findings);
    try {
      readDocument(doc, ctx, objects, budget, findings);
    } catch (e) {
      // A bug here must not take the server down: say so on the document.
      findings.push(finding('netpol/internal-error', 'warning', `netpol-inspector could not read this document: ${(e as Error).message}`, { start: doc.range.start, end: Math.min(doc.range.end, doc.range.start + 1) }));
    }
    budget.after('document');
    for (const [alias, range] of ctx.aliasCycles) {
      // go-yaml's words (the API server decodes with it).
      findings.push(finding('netpol/yaml-alias-cycle', 'error', `anchor '${alias.source}' value contains itself; the alias was not followed`, range));
    }
  }
  return { objects, findings };
}

/** Says once per object that its alias budget ran out, and once per document for the document's. */
class BudgetReport {
  private documentReported = false;

  constructor(
    private readonly ctx: WalkContext,
    private readonly findings: Finding[],
  ) {}

  after(scope: 'document' | 'item'): void {
    const { ctx } = this;
    if (ctx.documentBudgetExceeded && !this.documentReported) {
      this.documentReported = true;
      this.findings.push(finding('netpol/yaml-alias-limit', 'error', 'too many YAML alias expansions in this document; the rest of it was not read', ctx.documentBudgetExceeded));
    } else if (ctx.aliasBudgetExceeded && !this.documentReported) {
      this.findings.push(finding('netpol/yaml-alias-limit', 'error', `too many YAML alias expansions in this ${scope === 'item' ? 'List item' : 'document'}; the rest of it was not read`, ctx.aliasBudgetExceeded));
    }
    beginObject(ctx);
  }
}

function readDocument(doc: YamlDocument, ctx: WalkContext, out: K8sObject[], budget: BudgetReport, findings: Finding[]): void {
  const root = doc.doc.contents as Node | null;
  if (!isMap(root)) return;
  const fields = fieldsOf(root, ctx);
  const kind = str(fields.get('kind'), 'kind');
  const apiVersion = str(fields.get('apiVersion'), 'apiVersion');
  if (!kind || !apiVersion) return;
  if (isList(kind.value, fields)) {
    readList(fields, kind, apiVersion, { doc, ctx, out, budget, findings, next: 0 }, 'document');
    return;
  }
  out.push(readObject(root, fields, kind, apiVersion, rangeOf(root), doc.index, ctx));
}

interface ListWalk {
  doc: YamlDocument;
  ctx: WalkContext;
  out: K8sObject[];
  budget: BudgetReport;
  findings: Finding[];
  /** Items are numbered across nested lists, so (docIndex, listIndex) names one object. */
  next: number;
}

/** `List`, and every typed list (`PodList`, `NetworkPolicyList`...), when it has `items`. */
function isList(kind: string, fields: Fields): boolean {
  return kind.endsWith('List') && fields.has('items');
}

/**
 * The items of a list, nested lists flattened. As the API server's typed
 * lists do, an item without `kind` or `apiVersion` takes the list's
 * (`PodList` -> `Pod`); a plain `List` holds any kind, so its items must say
 * theirs (kubectl: "Object 'Kind' is missing"): one that does not is reported
 * (`netpol/list-item-missing-kind`) and not read.
 */
function readList(fields: Fields, listKind: Located<string>, listVersion: Located<string>, w: ListWalk, scope: 'document' | 'item'): void {
  const list = fields.get('items')!;
  if (!isSeqLike(list.value)) return;
  const refs = items(list.value as never, w.ctx);
  // The list's own fields spend the budget of the document (or the outer item), not of its first item.
  w.budget.after(scope);
  const itemKind = listKind.value === 'List' ? undefined : listKind.value.slice(0, -'List'.length);
  refs.forEach((item, i) => {
    if (!isMap(item.node)) return;
    const f = fieldsOf(item.node, w.ctx);
    const written = str(f.get('kind'), 'kind');
    const k = written ?? (itemKind === undefined ? undefined : { value: itemKind, range: firstKeyRange(item.node, item.range), path: 'kind' });
    const v = str(f.get('apiVersion'), 'apiVersion') ?? (itemKind === undefined ? undefined : listVersion);
    if (k && v) {
      if (isList(k.value, f)) return readList(f, k, v, w, 'item');
      w.out.push(readObject(item.node, f, k, v, item.range, w.doc.index, w.ctx, w.next++));
    } else if (!f.has(k ? 'apiVersion' : 'kind')) {
      // Absent, not wrong-typed (the structure check reports those): kubectl refuses the list.
      w.findings.push(missingInListItem(k ? 'apiVersion' : 'Kind', listKind.value, i, firstKeyRange(item.node, item.range)));
    }
    w.budget.after('item');
  });
}

/** apimachinery's words (`runtime.NewMissingKindErr`), then why and what to write. */
function missingInListItem(field: 'Kind' | 'apiVersion', listKind: string, index: number, range: OffsetRange): Finding {
  const example = field === 'Kind' ? 'kind: Pod' : 'apiVersion: v1';
  return finding(
    'netpol/list-item-missing-kind',
    'error',
    `Object '${field}' is missing in items[${index}] of this ${listKind}: a List holds objects of any kind, so each item must say its own (${example}); kubectl refuses the whole list, and the item was not analysed`,
    range,
  );
}

function isSeqLike(value: unknown): boolean {
  return !!value && typeof value === 'object' && 'items' in value && Array.isArray((value as { items: unknown[] }).items);
}

/** An anchor inside the item for object-level findings, when its kind is the list's. */
function firstKeyRange(node: YAMLMap, fallback: OffsetRange): OffsetRange {
  const key = node.items[0]?.key as Node | null | undefined;
  return key ? rangeOf(key, fallback) : fallback;
}

function readObject(node: YAMLMap, fields: Fields, kindField: Located<string>, apiVersionField: Located<string>, range: OffsetRange, docIndex: number, ctx: WalkContext, listIndex?: number): K8sObject {
  const kind = kindField.value;
  const apiVersion = apiVersionField.value;
  const base: ObjectBase = { kind, apiVersion, apiVersionRange: apiVersionField.range, range, kindRange: kindField.range, docIndex, listIndex, metadata: readMeta(fields.get('metadata'), range, ctx), node };
  // Other versions of NetworkPolicy are not this kind (see apiVersion.ts): plain objects.
  if (networkPolicyVersion(base) === 'analysed') return readNetworkPolicy(base, fields, ctx);
  if ((WORKLOAD_KINDS as readonly string[]).includes(kind)) return readWorkload(base, fields, ctx) ?? base;
  // Core v1 only: a Knative `serving.knative.dev` Service is another product.
  if (kind === 'Service' && apiVersion === 'v1') return readService(base, fields, ctx);
  if ((SERVICE_CALLER_KINDS as readonly string[]).includes(kind) && CALLER_VERSIONS[kind] === apiVersion) return readServiceCaller(base, fields, ctx);
  return base;
}

export function readMeta(e: Entry | undefined, objectRange: OffsetRange, ctx: WalkContext): ObjectMeta {
  if (!e || !isMap(e.value)) return { range: objectRange };
  const f = fieldsOf(e.value, ctx);
  return {
    name: str(f.get('name'), 'metadata.name'),
    namespace: str(f.get('namespace'), 'metadata.namespace'),
    labels: labelMap(f.get('labels'), 'metadata.labels', ctx),
    range: e.valueRange,
  };
}

export { isStringScalar, scalarText };
