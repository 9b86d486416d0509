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
import { FileChangeType, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { parseAllDocuments } from 'yaml';
import type { SelectorFindingData } from '../../server/src/core/checks/unmatchedSelector';
import { applyWorkspaceEdit, assertOutsideLinesKept, editsByUri, hashCount } from './applyEdits';
import { labelTitle } from '../../server/src/core/edits/selectorFixes';
import { LspTestClient, REPO_ROOT } from './harness';
import { randomChange, rng } from './randomEdits';
import { assertLintFixMeans, diffPaths, get, lintFixKind, Path } from './lintFixMeaning';
import { checkJsonSyntax } from '../../server/src/core/json/syntax';
import { FIXABLE_RULES } from '../../server/src/features/codeActions';
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
    else if (e.name.endsWith('.yaml') || e.name.endsWith('.json')) {
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

/** A NetworkPolicy file of the corpus (YAML, or JSON). */
function isPolicyText(text: string): boolean {
  return /^\s*"?kind"?: "?NetworkPolicy"?,?\s*$/m.test(text);
}

function languageOf(uri: string): string {
  return uri.endsWith('.json') ? 'json' : 'yaml';
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
      if (isPolicyText(text)) policyUris.push(ws.uri(rel));
    }
    client = await LspTestClient.start({ workspaceFolders: ws.folders, settings: {} });
    await client.waitForLog((m) => /^indexed \d+ files/.test(m), 20000);
    for (const uri of policyUris) await client.open(uri, originals.get(uri)!, languageOf(uri));
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
    assert.deepStrictEqual(policyUris.filter((u) => relOf.get(u)!.startsWith('policies/') && !fixed.has(u)).map((u) => relOf.get(u)), []);
    // On the corpus as written, the server's own verification refuses nothing.
    assert.deepStrictEqual(client.logs.map((l) => l.message).filter((m) => m.includes('not offered')), []);
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
      const change = /^Change selector to (.*)$/.exec(action.title);
      if (change) {
        const s = data.suggestion;
        assert.ok(s, `${what}: a selector change without a suggestion`);
        assert.deepStrictEqual([uri, ...parseLabels(change[1]).labels[0]], [s.replace.uri, s.key, s.value], what);
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

// ---------------------------------------------------------------------------
// Issue "hostile and large inputs": the user types between the last published
// diagnostics and Ctrl+., so the client asks for fixes with the diagnostics of
// an older version (VS Code does so during the debounce). Every action offered
// must then fit the current text: a versioned edit, replacing text on one
// line span, keeping every other line byte-identical, adding no YAML error,
// and meaning exactly what its title says. The lint fixes (corpus `lints/`,
// issue #10) too: some are applied to the document, and the server must then
// publish no new error and no longer the finding. Per rule the run reports
// fixes offered, checked and applied, and fails when a fixable lint rule
// (FIXABLE_RULES) got none applied. Seeded: FIX_FUZZ_SEED and
// FIX_FUZZ_ROUNDS (default 100 rounds of 1-4 edits, ~250 edits; FUZZ_RUNS/100
// when only FUZZ_RUNS is set) reproduce or extend a run.

const ROUNDS = Number(process.env.FIX_FUZZ_ROUNDS ?? (process.env.FUZZ_RUNS ? Math.ceil(Number(process.env.FUZZ_RUNS) / 100) : 100));
const SEED = Number(process.env.FIX_FUZZ_SEED ?? 6);
const RESET_EVERY = 4;

/** Capabilities of a client that takes versioned edits (VS Code). */
const VERSIONED_EDITS = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceFolders: true,
    workspaceEdit: { documentChanges: true },
  },
};

/** YAML error codes with their counts (positions left out: lines move). */
function yamlErrors(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of parseAllDocuments(text, { version: '1.1', merge: true, uniqueKeys: false, logLevel: 'error' })) {
    for (const e of d.errors) out.set(e.code, (out.get(e.code) ?? 0) + 1);
  }
  return out;
}

function toJs(text: string): Json[] {
  return parseAllDocuments(text, { version: '1.1', merge: true, uniqueKeys: false, logLevel: 'error' }).map((d) => {
    try {
      return d.toJS({ maxAliasCount: -1 });
    } catch (e) {
      return { unreadable: (e as Error).message };
    }
  });
}

function startsWith(path: Path, prefix: Path): boolean {
  return prefix.every((k, i) => path[i] === k);
}

/** `[doc]` or `[doc, 'items', i]` for each object, with the path of its pod (or own) metadata. */
function objectPaths(docs: Json[]): { at: Path; meta: Path; o: Json }[] {
  const out: { at: Path; meta: Path; o: Json }[] = [];
  const add = (o: Json, at: Path) => {
    if (!o || typeof o !== 'object') return;
    const meta = o.kind === 'Pod' || o.kind === 'Namespace' ? ['metadata'] : o.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template', 'metadata'] : ['spec', 'template', 'metadata'];
    out.push({ at, meta: [...at, ...meta], o });
  };
  docs.forEach((d, i) => {
    if (d && typeof d === 'object' && String(d.kind).endsWith('List') && Array.isArray(d.items)) d.items.forEach((o: Json, j: number) => add(o, [i, 'items', j]));
    else add(d, [i]);
  });
  return out;
}

/**
 * The labels at the start of `s` (`a=1, "b c"=x to ...`), JSON-quoted in
 * titles where they hold a space, `,`, `=` or `"`; and the text after them.
 */
function parseLabels(s: string): { labels: [string, string][]; rest: string } {
  const token = '("(?:[^"\\\\]|\\\\.)*"|[^\\s,="]+)';
  const pair = new RegExp(`${token}=${token}`, 'y');
  const read = (t: string) => (t.startsWith('"') ? (JSON.parse(t) as string) : t);
  const labels: [string, string][] = [];
  for (;;) {
    const m = pair.exec(s);
    assert.ok(m, `unreadable labels in a title: ${s}`);
    labels.push([read(m[1]), read(m[2])]);
    if (!s.startsWith(', ', pair.lastIndex)) return { labels, rest: s.slice(pair.lastIndex) };
    pair.lastIndex += 2;
  }
}

/** Asserts that `edited` is `current` plus exactly what the action's title says. */
function assertMeansTitle(current: string, edited: string, title: string, what: string): void {
  const before = toJs(current);
  const after = toJs(edited);
  assert.strictEqual(after.length, before.length, `${what}: document count changed`);
  if (lintFixKind(title)) return assertLintFixMeans(before, after, title, what);
  const diffs = diffPaths(before, after);
  assert.ok(diffs.length > 0, `${what}: the fix changes nothing`);
  const change = /^Change selector to (.*)$/.exec(title);
  if (change) {
    const [[key, value]] = parseLabels(change[1]).labels;
    const selectorAt = (p: Path) => p.slice(0, Math.max(p.lastIndexOf('podSelector'), p.lastIndexOf('namespaceSelector')) + 1);
    const at = selectorAt(diffs[0]);
    assert.ok(at.length > 0, `${what}: changes ${JSON.stringify(diffs[0])}, not a selector`);
    for (const d of diffs) assert.deepStrictEqual(selectorAt(d), at, `${what}: changes ${JSON.stringify(d)} besides the selector at ${JSON.stringify(at)}`);
    const selector = get(after, at);
    const hasKey = (selector?.matchExpressions ?? []).some((x: Json) => x.key === key);
    assert.ok(selectorHas(selector, key, value) || hasKey, `${what}: the selector is now ${JSON.stringify(selector)}`);
    return;
  }
  const m = /^(?:Add|Set) label /.exec(title);
  assert.ok(m, `${what}: unexpected title`);
  const parsed = parseLabels(title.slice(m[0].length));
  assert.match(parsed.rest, /^ (to|on) /, `${what}: unexpected title`);
  // A key given twice: the last value is the one that counts.
  const labels = [...new Map(parsed.labels)];
  const objects = objectPaths(after).filter(({ at }) => diffs.some((d) => startsWith(d, at)));
  assert.strictEqual(objects.length, 1, `${what}: changes ${objects.length} objects`);
  const [{ meta, o }] = objects;
  const name = typeof o.metadata?.name === 'string' ? o.metadata.name : '';
  assert.ok(title.includes(` ${name} (`), `${what}: edits ${o.kind} ${name}`);
  for (const d of diffs) assert.ok(startsWith(d, [...meta, 'labels']) || JSON.stringify(d) === JSON.stringify(meta), `${what}: changes ${JSON.stringify(d)}, not the labels at ${JSON.stringify(meta)}`);
  const now = get(after, [...meta, 'labels']) ?? {};
  const was = get(before, [...meta, 'labels']) ?? {};
  for (const [k, v] of labels) assert.strictEqual(now[k], v, `${what}: label ${k} is ${JSON.stringify(now[k])}`);
  for (const k of Object.keys(was)) if (!labels.some(([l]) => l === k)) assert.deepStrictEqual(now[k], was[k], `${what}: label ${k} changed`);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Checks one action against the texts the client holds now (open documents:
 * the mirror; closed files: disk, without BOM); returns the edited uri.
 */
function checkAction(client: LspTestClient, disk: ReadonlyMap<string, string>, action: CodeAction, what: string): string {
  assert.ok(action.edit?.documentChanges, `${what}: no documentChanges`);
  assert.strictEqual(action.edit.changes, undefined, `${what}: unversioned changes besides documentChanges`);
  assert.strictEqual(action.edit.documentChanges.length, 1, `${what}: edits ${action.edit.documentChanges.length} documents`);
  const change = action.edit.documentChanges[0];
  assert.ok('textDocument' in change, `${what}: not a text edit`);
  const uri = change.textDocument.uri;
  let current: string;
  try {
    current = client.text(uri);
    assert.strictEqual(change.textDocument.version, client.version(uri), `${what}: version of the open document`);
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    assert.strictEqual(change.textDocument.version, null, `${what}: a closed file's version`);
    current = disk.get(uri)!.replace(/^\uFEFF/, '');
  }
  const edits = change.edits as import('vscode-languageserver-protocol').TextEdit[];
  const edited = applyWorkspaceEdit(new Map([[uri, current]]), action.edit).get(uri)!;
  assertOutsideLinesKept(current, edited, edits, what);
  for (const e of edits) assert.ok(!/[\r\n]/.test(e.newText) || e.range.start.line === e.range.end.line, `${what}: an edit spans lines and adds lines`);
  assert.ok(hashCount(edited) >= hashCount(current), `${what}: a comment went away`);
  assert.strictEqual((edited.match(LONE_SURROGATE) ?? []).length, (current.match(LONE_SURROGATE) ?? []).length, `${what}: split a surrogate pair`);
  if (uri.endsWith('.json')) assert.strictEqual(checkJsonSyntax(edited), undefined, `${what}: the JSON file is no longer JSON`);
  const errorsBefore = yamlErrors(current);
  for (const [code, n] of yamlErrors(edited)) assert.ok(n <= (errorsBefore.get(code) ?? 0), `${what}: new YAML error ${code}`);
  assertMeansTitle(current, edited, action.title, what);
  return uri;
}

/** The lint rules with quick fixes: every one the server fixes, besides the selector rules. */
const LINT_RULES = FIXABLE_RULES.filter((r) => !FIXABLE.includes(r));
/** Lint fixes applied to the open document per rule: in the random run (each costs two publishes), on the corpus as written (one publish, one per file). */
const LIVE_PER_RULE = Math.max(1, Math.round(ROUNDS / 100));
const LIVE_AS_WRITTEN = 2;
/** The lint files first (JSON and multi-document ones before the rest), so that the few fixes applied live cover them. */
const LIVE_ORDER = ['json', 'multi', 'crlf', 'flow', 'block'];

/** What a finding is about, as its fix's data says (dns-egress-blocked: the policy, whichever protocol is missing). */
function findingKey(d: Diagnostic): string {
  const data = d.data as { policy?: { name: string; namespace: string } } | undefined;
  if (d.code === 'netpol/dns-egress-blocked') return JSON.stringify([d.code, data?.policy?.name, data?.policy?.namespace]);
  return JSON.stringify([d.code, data]);
}

function errorsOf(diagnostics: Diagnostic[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of diagnostics) if (d.severity === 1) out.set(`${d.code}: ${d.message}`, (out.get(`${d.code}: ${d.message}`) ?? 0) + 1);
  return out;
}

/** Per rule: actions offered, applied in memory and checked, and applied to the open document (then checked on what the server publishes). */
class Tally {
  readonly offered = new Map<string, number>();
  readonly checked = new Map<string, number>();
  readonly applied = new Map<string, number>();
  add(map: Map<string, number>, rule: string): void {
    map.set(rule, (map.get(rule) ?? 0) + 1);
  }
  report(title: string): string {
    const rules = [...new Set([...this.offered.keys(), ...this.applied.keys()])].sort();
    return `${title}\n${rules.map((r) => `  ${r.replace('netpol/', '').padEnd(40)} offered ${String(this.offered.get(r) ?? 0).padStart(4)}, checked ${String(this.checked.get(r) ?? 0).padStart(4)}, applied to the document ${String(this.applied.get(r) ?? 0).padStart(3)}`).join('\n')}`;
  }
  /** The lint rules never applied. */
  missing(): string[] {
    return LINT_RULES.filter((r) => !(this.applied.get(r) ?? 0));
  }
}

/**
 * Applies a checked lint fix to the open document and asserts on what the
 * server publishes for it: no error it did not publish before, and the
 * finding the fix is for gone.
 */
async function applyLive(client: LspTestClient, uri: string, diagnostic: Diagnostic, action: CodeAction, what: string, known?: PublishDiagnosticsParams): Promise<void> {
  const before = known ?? (await client.waitForVersion(uri, 20000));
  const edited = applyWorkspaceEdit(new Map([[uri, client.text(uri)]]), action.edit!).get(uri)!;
  await client.change(uri, [{ text: edited }]);
  const after = await client.waitForVersion(uri, 20000);
  const old = errorsOf(before.diagnostics);
  for (const [k, n] of errorsOf(after.diagnostics)) assert.ok(n <= (old.get(k) ?? 0), `${what}: the fix adds an error: ${k}\n${edited}`);
  const key = findingKey(diagnostic);
  assert.ok(!after.diagnostics.some((d) => findingKey(d) === key), `${what}: the finding is still there\n${edited}`);
}

describe('LSP code actions asked with the diagnostics of an older version', function () {
  this.timeout(300000);
  let ws: WorkspaceFixture;
  let client: LspTestClient;
  const disk = new Map<string, string>();
  const policyUris: string[] = [];
  const asWritten = new Tally();
  const random = new Tally();

  before(async () => {
    ws = WorkspaceFixture.empty('netpol-stale-');
    for (const [rel, text] of corpusFiles()) {
      ws.write(rel, text);
      disk.set(ws.uri(rel), text);
      if (isPolicyText(text)) policyUris.push(ws.uri(rel));
    }
    client = await LspTestClient.start({ workspaceFolders: ws.folders, settings: {}, capabilities: VERSIONED_EDITS });
    await client.waitForLog((m) => /^indexed \d+ files/.test(m), 20000);
    for (const uri of policyUris) await client.open(uri, disk.get(uri)!, languageOf(uri));
    for (const uri of policyUris) await client.waitForVersion(uri, 20000);
  });

  after(async () => {
    if (asWritten.offered.size > 0) console.log(asWritten.report('lint fixes on the corpus as written:'));
    if (random.offered.size > 0) console.log(random.report(`fixes after random edits (seed ${SEED}, ${ROUNDS} rounds):`));
    await client?.shutdown();
    ws?.dispose();
  });

  it('applies every lint fix offered on the corpus as written, and each finding goes away', async () => {
    const rank = (u: string) => LIVE_ORDER.findIndex((k) => baseName(u).startsWith(k));
    const ordered = [...policyUris].sort((a, b) => (rank(a) < 0 ? 99 : rank(a)) - (rank(b) < 0 ? 99 : rank(b)));
    for (const uri of ordered) {
      // The corpus text's own diagnostics: the publish every live fix below is compared with.
      const published = await client.waitForVersion(uri, 20000);
      const liveHere = new Set<string>();
      for (const diagnostic of published.diagnostics.filter((d) => LINT_RULES.includes(String(d.code)))) {
        const rule = String(diagnostic.code);
        const what = `${baseName(uri)}: ${diagnostic.message}`;
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } });
        for (const action of actions) {
          asWritten.add(asWritten.offered, rule);
          assert.ok(lintFixKind(action.title), `${what}: "${action.title}" is not a lint fix`);
          assert.strictEqual(checkAction(client, disk, action, `${what} -> "${action.title}"`), uri, `${what}: "${action.title}" edits another file`);
          asWritten.add(asWritten.checked, rule);
        }
        // Each costs a publish: one fix per rule and file, a few per rule; then the corpus text again.
        if (actions.length > 0 && !liveHere.has(rule) && (asWritten.applied.get(rule) ?? 0) < LIVE_AS_WRITTEN) {
          await applyLive(client, uri, diagnostic, actions[0], `${what} -> "${actions[0].title}"`, published);
          asWritten.add(asWritten.applied, rule);
          liveHere.add(rule);
          await client.change(uri, [{ text: disk.get(uri)! }]);
        }
      }
    }
    assert.deepStrictEqual(asWritten.missing(), [], asWritten.report('lint rules never fixed on the corpus as written:'));
  });

  it(`applies every fix offered after random edits (seed ${SEED}, ${ROUNDS} rounds)`, async () => {
    const r = rng(SEED);
    let edits = 0;
    let asked = 0;
    const applied = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round++) {
      const uri = policyUris[Math.floor(r() * policyUris.length)];
      const published = client.latest(uri);
      const stale = (published?.diagnostics ?? []).filter((d) => FIXABLE_RULES.includes(String(d.code)));
      const n = 1 + Math.floor(r() * 4);
      for (let i = 0; i < n; i++) await client.change(uri, [randomChange(r, client.text(uri))]);
      edits += n;
      assert.ok((published?.version ?? 0) < client.version(uri), 'the diagnostics are not stale');
      let live = false;
      for (const diagnostic of stale) {
        const rule = String(diagnostic.code);
        const what = `round ${round} (seed ${SEED}), ${baseName(uri)} v${client.version(uri)}, diagnostic of v${published?.version}: ${diagnostic.message}`;
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } });
        asked++;
        for (const action of actions) {
          random.add(random.offered, rule);
          checkAction(client, disk, action, `${what} -> "${action.title}"`);
          random.add(random.checked, rule);
          const kind = lintFixKind(action.title) ?? action.title.split(' ')[0];
          applied.set(kind, (applied.get(kind) ?? 0) + 1);
        }
        // A few lint fixes go to the document: the server must then publish no new error and not the finding.
        if (!live && actions.length > 0 && LINT_RULES.includes(rule) && (random.applied.get(rule) ?? 0) < LIVE_PER_RULE) {
          const action = actions[Math.floor(r() * actions.length)];
          await applyLive(client, uri, diagnostic, action, `${what} -> "${action.title}"`);
          random.add(random.applied, rule);
          live = true;
        }
      }
      if (live || round % RESET_EVERY === RESET_EVERY - 1) {
        // Back to the corpus text, so that later rounds have diagnostics to ask with.
        await client.change(uri, [{ text: disk.get(uri)! }]);
        await client.waitForVersion(uri, 20000);
      }
    }
    assert.ok(edits >= ROUNDS, `only ${edits} random edits`);
    assert.ok(asked >= ROUNDS, `only ${asked} code action requests`);
    // Most fixes survive typing elsewhere: re-derived, not dropped.
    assert.ok((applied.get('Add') ?? 0) + (applied.get('Set') ?? 0) >= ROUNDS / 2, `label fixes applied: ${JSON.stringify([...applied])}`);
    assert.ok((applied.get('Change') ?? 0) >= ROUNDS / 8, `selector fixes applied: ${JSON.stringify([...applied])}`);
    // Every lint fix was offered, checked and applied at least once in this run.
    assert.deepStrictEqual(random.missing(), [], random.report('lint rules never fixed after random edits:'));
  });

  it('offers the fixes of the current text after an edit above the selector, at the new positions', async () => {
    const uri = policyUris.find((u) => u.includes('/policies/'))!;
    await client.change(uri, [{ text: disk.get(uri)! }]);
    const published = await client.waitForVersion(uri, 20000);
    const stale = published.diagnostics.filter((d) => FIXABLE.includes(String(d.code)));
    assert.ok(stale.length > 0, 'no fixable diagnostics');
    const eol = disk.get(uri)!.includes('\r\n') ? '\r\n' : '\n';
    await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `# 😀😀😀${eol}# moved${eol}` }]);
    for (const diagnostic of stale) {
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
      const fresh = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: diagnostic.range.start.line + 2, character: 0 }, end: { line: diagnostic.range.end.line + 2, character: 0 } },
        context: { diagnostics: [diagnostic] },
      });
      // Same fixes as for the diagnostic re-published at the new position; a selector change lands two lines lower.
      assert.deepStrictEqual(actions.map((a) => a.title), fresh.map((a) => a.title));
      for (const a of actions) {
        checkAction(client, disk, a, `${baseName(uri)}: "${a.title}"`);
        const e = (a.edit!.documentChanges![0] as { textDocument: { uri: string }; edits: { range: { start: { line: number } } }[] });
        if (a.title.startsWith('Change') && e.textDocument.uri === uri) assert.ok(e.edits[0].range.start.line >= diagnostic.range.start.line + 2, `${a.title}: lands on line ${e.edits[0].range.start.line}`);
      }
    }
  });
});

describe('LSP quick fixes with keys and values YAML reads as something else', function () {
  this.timeout(60000);
  const CASES: [string, string][] = [['<<', 'merged'], ['app', 'yes'], ['on', 'y'], ['app', '0o17'], ['app', '1:20'], ['app', '~'], ['&a', '*b'], ['app', '- x'], ['app', 'a #b'], ['app', '.inf']];
  let ws: WorkspaceFixture;
  let client: LspTestClient;
  const WORKLOAD = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', '  namespace: shop', 'spec:', '  template:', '    metadata:', '      labels:', '        tier: front', '        role: "yes"', '    spec:', '      containers: []', ''].join('\n');
  const policy = (i: number, key: string, value: string) =>
    ['apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', `  name: p${i}`, '  namespace: shop', 'spec:', '  podSelector:', '    matchLabels:', `      ${JSON.stringify(key)}: ${JSON.stringify(value)}`, ''].join('\n');

  before(async () => {
    ws = WorkspaceFixture.empty('netpol-special-');
    ws.write('web.yaml', WORKLOAD);
    CASES.forEach(([k, v], i) => ws.write(`p${i}.yaml`, policy(i, k, v)));
    ws.write('yess.yaml', policy(99, 'role', 'yess'));
    client = await LspTestClient.start({ workspaceFolders: ws.folders, settings: {}, capabilities: VERSIONED_EDITS });
    await client.waitForLog((m) => /^indexed \d+ files/.test(m), 20000);
  });

  after(async () => {
    await client?.shutdown();
    ws?.dispose();
  });

  CASES.forEach(([key, value], i) => {
    it(`"Add label ${key}=${value}" writes a label Kubernetes reads back as ${JSON.stringify({ [key]: value })}, also asked with stale diagnostics`, async () => {
      const uri = ws.uri(`p${i}.yaml`);
      await client.open(uri, policy(i, key, value));
      const [diagnostic] = (await client.waitForVersion(uri, 20000)).diagnostics.filter((d) => FIXABLE.includes(String(d.code)));
      assert.ok(diagnostic, 'no fixable diagnostic');
      await client.change(uri, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: '# typed 😀\n' }]);
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
      const add = actions.find((a) => a.title === `Add label ${labelTitle(key, value)} to Deployment web (web.yaml)`);
      assert.ok(add, `offered: ${JSON.stringify(actions.map((a) => a.title))}`);
      checkAction(client, new Map([[ws.uri('web.yaml'), WORKLOAD]]), add, add.title);
      const edited = applyWorkspaceEdit(new Map([[ws.uri('web.yaml'), WORKLOAD]]), add.edit!).get(ws.uri('web.yaml'))!;
      assert.deepStrictEqual(toJs(edited)[0].spec.template.metadata.labels, { tier: 'front', role: 'yes', [key]: value });
      await client.close(uri);
    });
  });

  it('offers no edit of a closed file whose disk text is not the one the index holds, until the change is known', async () => {
    const uri = ws.uri('p0.yaml');
    const web = ws.uri('web.yaml');
    await client.open(uri, policy(0, '<<', 'merged'));
    const [diagnostic] = (await client.waitForVersion(uri, 20000)).diagnostics.filter((d) => FIXABLE.includes(String(d.code)));
    const ask = async () => (await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })).map((a) => a.title);
    const title = `Add label ${labelTitle('<<', 'merged')} to Deployment web (web.yaml)`;
    assert.ok((await ask()).includes(title));
    // Saved by another program; the watcher event has not arrived yet.
    const moved = WORKLOAD.replace('kind: Deployment', '# edited elsewhere\nkind: Deployment');
    ws.write('web.yaml', moved);
    assert.ok(!(await ask()).includes(title), 'a fix computed on the old text of web.yaml');
    await client.watchedFilesChanged([{ uri: web, type: FileChangeType.Changed }]);
    for (let i = 0; i < 100 && !(await ask()).includes(title); i++) await new Promise((r) => setTimeout(r, 50));
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const add = actions.find((a) => a.title === title);
    assert.ok(add, 'no fix once the index has the new text');
    checkAction(client, new Map([[web, moved]]), add, title);
    ws.write('web.yaml', WORKLOAD);
    await client.watchedFilesChanged([{ uri: web, type: FileChangeType.Changed }]);
    await client.close(uri);
  });

  it('"Change selector to role=yes" quotes the value YAML 1.1 reads as a boolean', async () => {
    const uri = ws.uri('yess.yaml');
    const text = policy(99, 'role', 'yess').replace('"role": "yess"', 'role: yess');
    await client.open(uri, text);
    const [diagnostic] = (await client.waitForVersion(uri, 20000)).diagnostics.filter((d) => FIXABLE.includes(String(d.code)));
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const change = actions.find((a) => a.title === 'Change selector to role=yes');
    assert.ok(change, `offered: ${JSON.stringify(actions.map((a) => a.title))}`);
    checkAction(client, new Map(), change, change.title);
    assert.strictEqual(applyWorkspaceEdit(new Map([[uri, text]]), change.edit!).get(uri), text.replace('role: yess', 'role: "yes"'));
  });
});
