// Issue #6, robustness 3: a code action never loses content. The server runs
// on a copy of test/lsp/fixtures/codeActionCorpus (workloads, Namespaces and
// policies in many YAML styles, every selector slightly wrong); every quick
// fix it offers is applied in memory and checked: the YAML still parses, it
// now means exactly the original plus the fix, the lines outside the edit are
// byte-identical (line breaks included), no comment went away, and no other
// file changed. A few fixes are then saved to disk to see the warning go.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { FileChangeType } from 'vscode-languageserver-protocol';
import { parseAllDocuments } from 'yaml';
import type { SelectorFindingData } from '../../server/src/core/checks/unmatchedSelector';
import { applyWorkspaceEdit, assertOutsideLinesKept, editsByUri, hashCount } from './applyEdits';
import { LspTestClient, REPO_ROOT } from './harness';
import { WorkspaceFixture } from './workspaceFixture';

const CORPUS = path.join(REPO_ROOT, 'test', 'lsp', 'fixtures', 'codeActionCorpus');
const FIXABLE = ['netpol/selector-matches-nothing', 'netpol/namespace-selector-matches-nothing'];
const MIN_ACTIONS = 120;
const DISK_CHECKS = 8;

// Parsed YAML is plain untyped data.
type Json = any;

/** An action the server offered, with the diagnostic it fixes. */
interface Offered {
  policyUri: string;
  diagnostic: Diagnostic;
  data: SelectorFindingData;
  action: CodeAction;
}

/** The corpus files (relative paths), as the test writes them: `*.crlf.*` with CRLF, `*.bom.*` with a BOM. */
function corpusFiles(dir = CORPUS, rel = ''): [string, string][] {
  const out: [string, string][] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...corpusFiles(path.join(dir, e.name), r));
    else if (e.name.endsWith('.yaml')) {
      let text = fs.readFileSync(path.join(dir, e.name), 'utf8');
      if (e.name.includes('.crlf.')) text = text.replace(/\r?\n/g, '\r\n');
      if (e.name.includes('.bom.')) text = `\uFEFF${text}`;
      out.push([r, text]);
    }
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** Every document as plain data; the text must parse without errors (YAML 1.1, like Kubernetes). */
function parseDocs(text: string, what: string): Json[] {
  const docs = parseAllDocuments(text, { version: '1.1' });
  assert.ok(Array.isArray(docs), `${what}: no documents`);
  for (const d of docs) assert.deepStrictEqual(d.errors.map((e) => e.message), [], `${what}: YAML errors`);
  return docs.map((d) => d.toJS());
}

/** Top-level objects and List items. */
function objectsOf(docs: Json[]): Json[] {
  return docs.flatMap((d) => (d && typeof d === 'object' && String(d.kind).endsWith('List') && Array.isArray(d.items) ? d.items : [d]));
}

function findObject(docs: Json[], kind: string, name: string, namespace: string | undefined, what: string): Json {
  const hits = objectsOf(docs).filter((o) => o?.kind === kind && o?.metadata?.name === name && (namespace === undefined || (o.metadata.namespace ?? 'default') === namespace));
  assert.strictEqual(hits.length, 1, `${what}: ${kind} ${name} found ${hits.length} times`);
  return hits[0];
}

/** The map holding the pod labels (created when the fix adds it). */
function podMetadata(o: Json): Json {
  const template = o.kind === 'Pod' || o.kind === 'Namespace' ? o : o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template : o.spec.template;
  return template.metadata;
}

/** `spec.ingress[0].from[1].podSelector` -> the parent object and the last key. */
function locate(o: Json, apiPath: string): { parent: Json; key: string | number } {
  const steps = apiPath.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== '').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  let parent = o;
  for (const s of steps.slice(0, -1)) parent = parent[s];
  return { parent, key: steps[steps.length - 1] };
}

function selectorHas(selector: Json, key: string, value: string): boolean {
  if (selector?.matchLabels?.[key] === value) return true;
  return (selector?.matchExpressions ?? []).some((x: Json) => x.key === key && x.operator === 'In' && (x.values ?? []).includes(value));
}

function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return a.code === b.code && a.message === b.message && JSON.stringify(a.range) === JSON.stringify(b.range);
}

function baseName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

describe('LSP code actions never lose content', function () {
  this.timeout(120000);
  let ws: WorkspaceFixture;
  let client: LspTestClient;
  /** uri -> text on disk, and uri -> path relative to the workspace. */
  const originals = new Map<string, string>();
  const relOf = new Map<string, string>();
  const policyUris: string[] = [];
  const offered: Offered[] = [];

  before(async () => {
    ws = WorkspaceFixture.empty('netpol-actions-');
    for (const [rel, text] of corpusFiles()) {
      ws.write(rel, text);
      originals.set(ws.uri(rel), text);
      relOf.set(ws.uri(rel), rel);
      if (/^\s*kind: NetworkPolicy\s*$/m.test(text)) policyUris.push(ws.uri(rel));
    }
    client = await LspTestClient.start({ workspaceFolders: ws.folders, settings: {} });
    await client.waitForLog((m) => /^indexed \d+ files/.test(m), 20000);
    for (const uri of policyUris) await client.open(uri, originals.get(uri)!);
    for (const uri of policyUris) {
      const published = await client.waitForVersion(uri, 20000);
      for (const diagnostic of published.diagnostics.filter((d) => FIXABLE.includes(String(d.code)))) {
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
          textDocument: { uri },
          range: diagnostic.range,
          context: { diagnostics: [diagnostic], only: ['quickfix'] },
        });
        for (const action of actions) offered.push({ policyUri: uri, diagnostic, data: diagnostic.data as SelectorFindingData, action });
      }
    }
  });

  after(async () => {
    await client?.shutdown();
    ws?.dispose();
  });

  it('offers fixes of every kind on every corpus file', () => {
    assert.ok(offered.length >= MIN_ACTIONS, `only ${offered.length} actions offered (expected at least ${MIN_ACTIONS})`);
    const kinds = new Set(offered.map((o) => o.action.title.split(' ')[0]));
    assert.deepStrictEqual([...kinds].sort(), ['Add', 'Change', 'Set']);
    // Each workload or Namespace file is the target of at least one fix; each policy file has fixable diagnostics.
    const targets = new Set(offered.flatMap((o) => [...editsByUri(o.action.edit ?? {}).keys()].map((u) => relOf.get(u))));
    assert.deepStrictEqual([...relOf.values()].filter((rel) => rel.startsWith('workloads/') && !targets.has(rel)), []);
    const fixed = new Set(offered.map((o) => o.policyUri));
    assert.deepStrictEqual(policyUris.filter((u) => !fixed.has(u)).map((u) => relOf.get(u)), []);
  });

  it('applies every offered fix without touching anything outside the edited lines', () => {
    const texts = new Map(originals);
    let applied = 0;
    for (const { policyUri, data, action } of offered) {
      const what = `${baseName(policyUri)}: "${action.title}"`;
      assert.ok(action.edit, `${what}: no edit`);
      const byUri = editsByUri(action.edit);
      // (d) exactly one file is named, the one the title names; nothing else changes.
      assert.strictEqual(byUri.size, 1, `${what}: edits ${byUri.size} files`);
      const [uri, edits] = [...byUri][0];
      assert.ok(edits.length > 0, `${what}: empty edit`);
      const after = applyWorkspaceEdit(texts, action.edit);
      for (const [u, t] of after) if (u !== uri) assert.strictEqual(t, originals.get(u), `${what}: changed ${baseName(u)}`);
      const before = originals.get(uri)!;
      const edited = after.get(uri)!;
      assert.notStrictEqual(edited, before, `${what}: the edit changes nothing`);
      // (b) byte-identical outside the edited lines; (c) no comment lost.
      assertOutsideLinesKept(before, edited, edits, what);
      assert.ok(hashCount(edited) >= hashCount(before), `${what}: '#' count went from ${hashCount(before)} to ${hashCount(edited)}`);
      // (a) the YAML parses, and means the original plus exactly the fix.
      const beforeDocs = parseDocs(before, `${what} (original)`);
      const editedDocs = parseDocs(edited, what);
      const expected = structuredClone(beforeDocs);
      const change = /^Change selector to ([^=]+)=(.*)$/.exec(action.title);
      if (change) {
        const s = data.suggestion;
        assert.ok(s, `${what}: a selector change without a suggestion`);
        assert.deepStrictEqual([uri, change[1], change[2]], [s.replace.uri, s.key, s.value], what);
        const find = (docs: Json[]) => findObject(docs, 'NetworkPolicy', data.policy.name, data.policy.namespace, what);
        const newSel = locate(find(editedDocs), data.selectorPath);
        const selector = newSel.parent[newSel.key];
        assert.ok(selectorHas(selector, s.key, s.value), `${what}: selector is now ${JSON.stringify(selector)}`);
        const old = locate(find(expected), data.selectorPath);
        assert.notDeepStrictEqual(old.parent[old.key], selector, `${what}: selector unchanged`);
        old.parent[old.key] = selector;
      } else {
        const c = data.candidates.find((x) => action.title.includes(` ${x.kind} ${x.name} (${baseName(x.uri)})`));
        assert.ok(c, `${what}: no candidate of the finding matches the title`);
        assert.strictEqual(uri, c.uri, `${what}: edits another file than the candidate's`);
        const ns = c.kind === 'Namespace' ? undefined : c.namespace;
        const labelsNow = podMetadata(findObject(editedDocs, c.kind, c.name, ns, what)).labels;
        for (const l of c.labelsToAdd) assert.strictEqual(labelsNow?.[l.key], l.value, `${what}: label ${l.key} is ${JSON.stringify(labelsNow?.[l.key])}`);
        const meta = podMetadata(findObject(expected, c.kind, c.name, ns, what));
        meta.labels = { ...(meta.labels ?? {}), ...Object.fromEntries(c.labelsToAdd.map((l) => [l.key, l.value])) };
      }
      assert.deepStrictEqual(editedDocs, expected, `${what}: the file means more than the fix`);
      applied++;
    }
    assert.ok(applied >= MIN_ACTIONS, `only ${applied} actions applied`);
  });

  it('removes the warning once an "Add label" fix is saved to disk', async () => {
    const seen = new Set<string>();
    const cases = offered.filter((o) => {
      const uri = [...editsByUri(o.action.edit ?? {}).keys()][0];
      if (!o.action.title.startsWith('Add label') || policyUris.includes(uri) || seen.has(uri)) return false;
      seen.add(uri);
      return true;
    });
    assert.ok(cases.length >= Math.min(DISK_CHECKS, 5), `only ${cases.length} cases`);
    for (const { policyUri, diagnostic, action } of cases.slice(0, DISK_CHECKS)) {
      const [uri] = [...editsByUri(action.edit!).keys()];
      const rel = relOf.get(uri)!;
      const what = `${baseName(policyUri)}: "${action.title}"`;
      ws.write(rel, applyWorkspaceEdit(originals, action.edit!).get(uri)!);
      await client.watchedFilesChanged([{ uri, type: FileChangeType.Changed }]);
      await client.waitForDiagnostics(policyUri, (p) => !p.diagnostics.some((d) => sameDiagnostic(d, diagnostic)), 10000).catch((e: Error) => {
        throw new Error(`${what}: ${e.message}`);
      });
      // Back to the original file: the warning returns.
      ws.write(rel, originals.get(uri)!);
      await client.watchedFilesChanged([{ uri, type: FileChangeType.Changed }]);
      await client.waitForDiagnostics(policyUri, (p) => p.diagnostics.some((d) => sameDiagnostic(d, diagnostic)), 10000);
    }
  });
});
