// The whole workspace's diagnostics over stdio, for a pull client (LSP 3.17
// textDocument/diagnostic and workspace/diagnostic) and a push-only client:
// a closed policy's finding arrives with no file open, an edit of a
// Deployment's label makes the closed policies that selected it warn, result
// ids are answered "unchanged", and `netpol.diagnostics.scope: openFiles`
// keeps closed files out.
import * as assert from 'assert';
import type {
  ClientCapabilities,
  Diagnostic,
  DocumentDiagnosticReport,
  PreviousResultId,
  WorkspaceDiagnosticReport,
  WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver-protocol';
import { FileChangeType } from 'vscode-languageserver-protocol';
import { delay, LspTestClient, Seen } from './harness';
import { WorkspaceFixture } from './workspaceFixture';

const WARNING = 2;
const SELECTOR_RULE = 'netpol/selector-matches-nothing';
/** A policy of namespace shop whose peer has a typo: closed, it must still be listed. */
const TYPO_POLICY = [
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata:',
  '  name: typo',
  '  namespace: shop',
  'spec:',
  '  podSelector:',
  '    matchLabels:',
  '      app: db',
  '  ingress:',
  '    - from:',
  '        - podSelector:',
  '            matchLabels:',
  '              app: frontnd',
  '',
].join('\n');
const TYPO_SEEN: Seen = {
  code: SELECTOR_RULE,
  severity: WARNING,
  message: 'no workload in namespace shop has app=frontnd; did you mean app=frontend (Deployment frontend)?',
  range: [13, 14, 13, 26],
};
/** db-policy.yaml once backend.yaml's pod label is app: api. */
const DB_POLICY_RENAMED: Seen = {
  code: SELECTOR_RULE,
  severity: WARNING,
  message: 'no workload in namespace shop has app=backend; existing values: app=api, app=db, app=frontend',
  range: [24, 14, 24, 26],
};

function pullCapabilities(relatedDocumentSupport = false): ClientCapabilities {
  return {
    workspace: {
      configuration: true,
      didChangeConfiguration: { dynamicRegistration: true },
      didChangeWatchedFiles: { dynamicRegistration: true },
      workspaceFolders: true,
      diagnostics: { refreshSupport: true },
    },
    textDocument: {
      synchronization: { dynamicRegistration: false, didSave: false },
      publishDiagnostics: { relatedInformation: true, versionSupport: true },
      diagnostic: { dynamicRegistration: false, relatedDocumentSupport },
    },
    window: { workDoneProgress: true },
  };
}

function seen(diagnostics: Diagnostic[]): Seen[] {
  return diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character] }));
}

type Full = Extract<WorkspaceDocumentDiagnosticReport, { kind: 'full' }>;

function reportFor(report: WorkspaceDiagnosticReport, uri: string): WorkspaceDocumentDiagnosticReport | undefined {
  return report.items.find((i) => i.uri === uri);
}

function fullFor(report: WorkspaceDiagnosticReport, uri: string): Full {
  const item = reportFor(report, uri);
  assert.ok(item && item.kind === 'full', `a full report for ${uri} in ${JSON.stringify(report.items.map((i) => [i.uri, i.kind]))}`);
  return item as Full;
}

/** What the client knows after a workspace report (the ids it would send next). */
function resultIds(...reports: WorkspaceDiagnosticReport[]): PreviousResultId[] {
  const ids = new Map<string, string>();
  for (const r of reports) for (const i of r.items) if (i.resultId) ids.set(i.uri, i.resultId);
  return [...ids].map(([uri, value]) => ({ uri, value }));
}

/** Polls `read` until it deep-equals `want` (changes on disk and in settings arrive asynchronously). */
async function eventually<T>(read: () => Promise<T>, want: T, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await read();
    try {
      assert.deepStrictEqual(got, want);
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
    await delay(100);
  }
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(10);
  }
}

describe('LSP diagnostics for the whole workspace', function () {
  this.timeout(60000);

  describe('pull client (textDocument/diagnostic, workspace/diagnostic)', () => {
    let ws: WorkspaceFixture;
    let client: LspTestClient;
    let typo: string;
    let dbPolicy: string;
    let egress: string;
    let backend: string;
    let first: WorkspaceDiagnosticReport;
    const workspacePull = (previousResultIds: PreviousResultId[] = [], extra: object = {}) =>
      client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds, ...extra });
    const documentPull = (uri: string, previousResultId?: string) =>
      client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri }, ...(previousResultId ? { previousResultId } : {}) });
    /** The typo policy's findings in a fresh workspace pull. */
    const typoFindings = async (): Promise<Seen[]> => {
      const r = reportFor(await workspacePull(), typo);
      return r?.kind === 'full' ? seen(r.items) : [];
    };
    const refreshes = () => client.requests.filter((r) => r.method === 'workspace/diagnostic/refresh').length;

    before(async () => {
      ws = WorkspaceFixture.create();
      ws.write('extra/typo-policy.yaml', TYPO_POLICY);
      client = await LspTestClient.start({ workspaceFolders: ws.folders, settings: { exclude: ['vendor/**'] }, capabilities: pullCapabilities() });
      typo = ws.uri('extra/typo-policy.yaml');
      dbPolicy = ws.uri('db-policy.yaml');
      egress = ws.uri('extra/backend-egress.yaml');
      backend = ws.uri('backend.yaml');
    });

    after(async () => {
      await client?.shutdown();
      ws?.dispose();
    });

    it('announces pull diagnostics with inter-file dependencies and workspace diagnostics', () => {
      assert.deepStrictEqual(client.initializeResult.capabilities.diagnosticProvider, { identifier: 'netpol', interFileDependencies: true, workspaceDiagnostics: true });
    });

    it("answers workspace/diagnostic with a closed policy's finding at its range, no file open", async () => {
      first = await workspacePull();
      // Only files with findings: the three-tier files are clean.
      assert.deepStrictEqual(first.items.map((i) => i.uri), [typo]);
      const item = fullFor(first, typo);
      assert.strictEqual(item.version, null);
      assert.ok(item.resultId, 'a result id');
      assert.deepStrictEqual(seen(item.items), [TYPO_SEEN]);
    });

    it('answers "unchanged" for the result ids the client already has', async () => {
      const again = await workspacePull(resultIds(first));
      assert.deepStrictEqual(again.items, [{ kind: 'unchanged', uri: typo, version: null, resultId: fullFor(first, typo).resultId }]);
      const doc = await documentPull(typo);
      assert.ok(doc.kind === 'full' && doc.resultId === fullFor(first, typo).resultId);
      assert.deepStrictEqual(await documentPull(typo, doc.resultId), { kind: 'unchanged', resultId: doc.resultId });
      // A stale id gets the full report.
      const stale = await documentPull(typo, 'not-a-result-id');
      assert.strictEqual(stale.kind, 'full');
    });

    it("answers textDocument/diagnostic on an open document from its unsaved text", async () => {
      await client.open(dbPolicy, ws.read('db-policy.yaml'));
      const clean = await documentPull(dbPolicy);
      assert.ok(clean.kind === 'full');
      assert.deepStrictEqual(clean.items, []);
      await client.replace(dbPolicy, 'app: backend', 'app: backnd');
      const broken = await documentPull(dbPolicy, clean.resultId);
      assert.ok(broken.kind === 'full', 'the edit changed the result');
      assert.deepStrictEqual(seen(broken.items), [
        { code: SELECTOR_RULE, severity: WARNING, message: 'no workload in namespace shop has app=backnd; did you mean app=backend (Deployment backend)?', range: [24, 14, 24, 25] },
      ]);
      assert.deepStrictEqual(await documentPull(dbPolicy, broken.resultId), { kind: 'unchanged', resultId: broken.resultId });
      await client.replace(dbPolicy, 'app: backnd', 'app: backend');
      const fixed = await documentPull(dbPolicy, broken.resultId);
      assert.ok(fixed.kind === 'full');
      assert.deepStrictEqual(fixed.items, []);
      await client.close(dbPolicy);
    });

    it("after an edit of a Deployment's label, asks for a refresh; the closed policies that selected it then warn", async () => {
      const known = await workspacePull(resultIds(first));
      await client.open(backend, ws.read('backend.yaml'));
      const n = refreshes();
      // The pod template's label (occurrence 3: metadata, selector and a comment come first).
      await client.replace(backend, 'app: backend', 'app: api', 3);
      await until(() => refreshes() > n, 10000, 'workspace/diagnostic/refresh');
      const after = await workspacePull(resultIds(first, known));
      assert.deepStrictEqual(seen(fullFor(after, dbPolicy).items), [DB_POLICY_RENAMED]);
      assert.deepStrictEqual(fullFor(after, dbPolicy).version, null);
      assert.deepStrictEqual(seen(fullFor(after, egress).items).map((d) => [d.code, d.message]), [[SELECTOR_RULE, 'no workload in namespace shop has app=backend; existing values: app=api, app=db, app=frontend']]);
      // The open Deployment itself has no findings; its version is reported.
      assert.strictEqual(reportFor(after, backend), undefined);

      const m = refreshes();
      await client.replace(backend, 'app: api', 'app: backend');
      await until(() => refreshes() > m, 10000, 'a second refresh');
      const undone = await workspacePull(resultIds(first, known, after));
      assert.deepStrictEqual(fullFor(undone, dbPolicy).items, []);
      assert.deepStrictEqual(fullFor(undone, egress).items, []);
      // The typo's quick-fix data named other workloads meanwhile: a new id, the same findings.
      const typoReport = reportFor(undone, typo)!;
      if (typoReport.kind === 'full') assert.deepStrictEqual(seen(typoReport.items), [TYPO_SEEN]);
      await client.close(backend);
    });

    it('holds a workspace pull with a partial result token until a file changes, then answers', async () => {
      const current = await workspacePull(resultIds(first));
      let answered: WorkspaceDiagnosticReport | undefined;
      const held = workspacePull(resultIds(first, current), { partialResultToken: 'netpol-test' }).then((r) => (answered = r));
      await delay(600);
      assert.strictEqual(answered, undefined, 'nothing changed: the pull is held');
      const original = ws.read('extra/typo-policy.yaml');
      try {
        ws.write('extra/typo-policy.yaml', original.replace('app: frontnd', 'app: frontend'));
        await client.watchedFilesChanged([{ uri: typo, type: FileChangeType.Changed }]);
        await held;
        assert.deepStrictEqual(fullFor(answered!, typo).items, [], 'the fixed typo clears the file');
      } finally {
        ws.write('extra/typo-policy.yaml', original);
        await client.watchedFilesChanged([{ uri: typo, type: FileChangeType.Changed }]);
      }
      await eventually(typoFindings, [TYPO_SEEN]);
    });

    it('with netpol.diagnostics.scope "openFiles", reports open documents only and clears the closed files', async () => {
      const known = await workspacePull();
      const n = refreshes();
      await client.setSettings({ exclude: ['vendor/**'], diagnostics: { scope: 'openFiles' } });
      await until(() => refreshes() > n, 10000, 'a refresh after the scope changed');
      const cleared = await workspacePull(resultIds(known));
      // Every file the client knew is cleared (the others were known with no findings).
      assert.deepStrictEqual(fullFor(cleared, typo), { kind: 'full', uri: typo, version: null, items: [] });
      assert.deepStrictEqual(cleared.items.filter((i) => i.kind !== 'full' || i.items.length > 0), []);
      assert.deepStrictEqual(cleared.items.map((i) => i.uri).sort(), known.items.map((i) => i.uri).sort());
      assert.deepStrictEqual(await documentPull(typo), { kind: 'full', items: [] });
      // An open document still gets its findings.
      await client.open(typo, ws.read('extra/typo-policy.yaml'));
      const open = await documentPull(typo);
      assert.ok(open.kind === 'full');
      assert.deepStrictEqual(seen(open.items), [TYPO_SEEN]);
      await client.close(typo);
      await client.setSettings({ exclude: ['vendor/**'] });
      await eventually(typoFindings, [TYPO_SEEN]);
    });

    it('never pushes diagnostics to a pull client', () => {
      assert.deepStrictEqual(client.published, []);
    });
  });

  describe('pull client with relatedDocumentSupport', () => {
    it("adds the closed policies an edit changed to the edited document's report", async () => {
      const ws = WorkspaceFixture.create();
      const client = await LspTestClient.start({ workspaceFolders: ws.folders, settings: { exclude: ['vendor/**'] }, capabilities: pullCapabilities(true) });
      try {
        const backend = ws.uri('backend.yaml');
        await client.request('workspace/diagnostic', { previousResultIds: [] });
        await client.open(backend, ws.read('backend.yaml'));
        await client.replace(backend, 'app: backend', 'app: api', 3);
        const report = await client.request<DocumentDiagnosticReport & { relatedDocuments?: Record<string, { kind: string; items: Diagnostic[] }> }>('textDocument/diagnostic', { textDocument: { uri: backend } });
        assert.ok(report.kind === 'full');
        assert.deepStrictEqual(report.items, []);
        const related = report.relatedDocuments ?? {};
        assert.deepStrictEqual(Object.keys(related).sort(), [ws.uri('db-policy.yaml'), ws.uri('extra/backend-egress.yaml')].sort());
        assert.deepStrictEqual(seen(related[ws.uri('db-policy.yaml')].items), [DB_POLICY_RENAMED]);
      } finally {
        await client.shutdown();
        ws.dispose();
      }
    });
  });

  describe('push-only client', () => {
    let ws: WorkspaceFixture;
    let client: LspTestClient;
    let typo: string;
    let dbPolicy: string;
    let backend: string;

    before(async () => {
      ws = WorkspaceFixture.create();
      ws.write('extra/typo-policy.yaml', TYPO_POLICY);
      client = await LspTestClient.start({ workspaceFolders: ws.folders, settings: { exclude: ['vendor/**'] } });
      typo = ws.uri('extra/typo-policy.yaml');
      dbPolicy = ws.uri('db-policy.yaml');
      backend = ws.uri('backend.yaml');
    });

    after(async () => {
      await client?.shutdown();
      ws?.dispose();
    });

    it('announces no pull diagnostics', () => {
      assert.strictEqual(client.initializeResult.capabilities.diagnosticProvider, undefined);
    });

    it("publishes a closed policy's finding without a version, no file open, and nothing for clean files", async () => {
      const published = await client.waitForDiagnostics(typo, (p) => p.diagnostics.length > 0, 15000);
      assert.strictEqual(published.version, undefined);
      assert.deepStrictEqual(seen(published.diagnostics), [TYPO_SEEN]);
      assert.deepStrictEqual(client.published.map((p) => p.uri), [typo]);
    });

    it("after an edit of a Deployment's label, publishes the warning of the closed policy that selected it, and clears it on undo", async () => {
      await client.open(backend, ws.read('backend.yaml'));
      await client.waitForVersion(backend);
      await client.replace(backend, 'app: backend', 'app: api', 3);
      const warned = await client.waitForDiagnostics(dbPolicy, (p) => p.diagnostics.length > 0, 10000);
      assert.strictEqual(warned.version, undefined);
      assert.deepStrictEqual(seen(warned.diagnostics), [DB_POLICY_RENAMED]);
      await client.replace(backend, 'app: api', 'app: backend');
      const cleared = await client.waitForDiagnostics(dbPolicy, (p) => p.diagnostics.length === 0, 10000);
      assert.strictEqual(cleared.version, undefined);
    });

    it('publishes the disk copy of a closed document without a version', async () => {
      await client.open(typo, ws.read('extra/typo-policy.yaml'));
      await client.replace(typo, 'app: frontnd', 'app: frontend');
      await client.waitForDiagnostics(typo, (p) => p.version === client.version(typo) && p.diagnostics.length === 0);
      await client.close(typo);
      const closed = await client.waitForDiagnostics(typo, (p) => p.version === undefined && p.diagnostics.length > 0, 10000);
      assert.deepStrictEqual(seen(closed.diagnostics), [TYPO_SEEN]);
    });

    it('with netpol.diagnostics.scope "openFiles", clears the closed files and publishes open documents only; "workspace" brings them back', async () => {
      const n = client.publishedFor(typo).length;
      await client.setSettings({ exclude: ['vendor/**'], diagnostics: { scope: 'openFiles' } });
      const cleared = await client.waitForDiagnostics(typo, (p) => client.publishedFor(typo).indexOf(p) >= n && p.diagnostics.length === 0, 10000);
      assert.strictEqual(cleared.version, undefined);
      // Edits elsewhere do not bring closed files back.
      await client.open(backend, ws.read('backend.yaml'));
      await client.replace(backend, 'app: backend', 'app: api', 3);
      await client.waitForVersion(backend);
      await delay(800);
      assert.deepStrictEqual(client.latest(dbPolicy)?.diagnostics, []);
      assert.strictEqual(client.latest(typo)?.diagnostics.length, 0);
      await client.replace(backend, 'app: api', 'app: backend');
      await client.close(backend);
      await client.setSettings({ exclude: ['vendor/**'] });
      const back = await client.waitForDiagnostics(typo, (p) => p.diagnostics.length > 0, 10000);
      assert.deepStrictEqual(seen(back.diagnostics), [TYPO_SEEN]);
    });
  });
});
