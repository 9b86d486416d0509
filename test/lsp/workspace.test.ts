// The workspace index over stdio: the folder walk (exclude globs,
// node_modules, size limit), work-done progress, the workspace checks on an
// open policy following changes on disk and in other open documents,
// restarts on settings changes, and requests answered while a large
// workspace is still being indexed.
import * as assert from 'assert';
import type { CompletionList, Hover, Position, WorkDoneProgressBegin, WorkDoneProgressEnd, WorkDoneProgressReport } from 'vscode-languageserver-protocol';
import { FileChangeType } from 'vscode-languageserver-protocol';
import { delay, LspTestClient, summarize } from './harness';
import { WorkspaceFixture } from './workspaceFixture';

const WARNING = 2;
const RENAMED_MESSAGE = 'no workload in namespace shop has app=backend; existing values: app=api, app=db, app=frontend';
const DELETED_MESSAGE = 'no workload in namespace shop has app=backend; existing values: app=db, app=frontend';
const LARGE_FILES = 2000;
type ProgressValue = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;
interface ProgressParams<T> {
  token: string | number;
  value: T;
}

function recordProgress(client: LspTestClient): ProgressValue[] {
  const values: ProgressValue[] = [];
  client.connection.onNotification('$/progress', (p: ProgressParams<ProgressValue>) => values.push(p.value));
  return values;
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(5);
  }
}

describe('LSP workspace index', function () {
  this.timeout(60000);

  describe('on examples/three-tier plus extra files', () => {
    let ws: WorkspaceFixture;
    let client: LspTestClient;
    let progress: ProgressValue[];
    let policy: string;

    before(async () => {
      ws = WorkspaceFixture.create();
      client = await LspTestClient.start({ workspaceFolders: ws.folders, settings: { exclude: ['vendor/**'] } });
      progress = recordProgress(client);
      policy = ws.uri('db-policy.yaml');
    });

    after(async () => {
      await client?.shutdown();
      ws?.dispose();
    });

    const hasBackendWarning = (message: string) => (p: { diagnostics: { code?: unknown; message: string }[] }) =>
      p.diagnostics.length === 1 && p.diagnostics[0].code === 'netpol/selector-matches-nothing' && p.diagnostics[0].message === message;
    const clean = (p: { diagnostics: unknown[] }) => p.diagnostics.length === 0;
    const countBefore = () => client.publishedFor(policy).length;
    /** The first publish after `n` earlier ones that satisfies the predicate. */
    const publishAfter = (n: number, predicate: (p: { diagnostics: { code?: unknown; message: string }[] }) => boolean) =>
      client.waitForDiagnostics(policy, (p) => client.publishedFor(policy).indexOf(p) >= n && predicate(p), 8000);

    it('indexes the YAML files of the folder, skipping excluded globs, node_modules and other files', async () => {
      const log = await client.waitForLog((m) => /^indexed \d+ files/.test(m), 10000);
      // backend, db, db-policy, frontend, namespace, extra/backend-egress (not vendor/**, node_modules/**, extra/notes.txt).
      assert.match(log.message, /^indexed 6 files in \d+ ms \(start; 1 namespace with workloads, 2 policies\)$/);
    });

    it('reports work-done progress: created, begun, "indexed N of M files", ended', async () => {
      await until(() => progress.some((v) => v.kind === 'end'), 5000, 'the progress end');
      assert.deepStrictEqual(
        client.requests.filter((r) => r.method === 'window/workDoneProgress/create').length,
        1,
      );
      assert.deepStrictEqual(progress[0], { kind: 'begin', title: 'Indexing YAML files', percentage: 0, message: 'listing files', cancellable: true });
      assert.deepStrictEqual(progress.slice(-2), [{ kind: 'report', percentage: 100, message: 'indexed 6 of 6 files' }, { kind: 'end' }]);
    });

    it('registers file watchers for YAML, JSON and kustomization files', () => {
      const registrations = client.requests
        .filter((r) => r.method === 'client/registerCapability')
        .flatMap((r) => (r.params as { registrations: { method: string; registerOptions?: unknown }[] }).registrations)
        .filter((r) => r.method === 'workspace/didChangeWatchedFiles');
      assert.deepStrictEqual(registrations.map((r) => r.registerOptions), [{ watchers: [{ globPattern: '**/*.{yaml,yml,json}' }, { globPattern: '**/Kustomization' }, { globPattern: '**/.netpol.{yaml,yml}' }] }]);
    });

    it('shows no workspace finding on the intact policy, and one when its peer label is broken', async () => {
      await client.open(policy, ws.read('db-policy.yaml'));
      assert.deepStrictEqual((await client.waitForVersion(policy)).diagnostics, []);
      await client.replace(policy, 'app: backend', 'app: backnd');
      const version = client.version(policy);
      const published = await client.waitForDiagnostics(policy, (p) => p.version === version && p.diagnostics.length > 0);
      assert.deepStrictEqual(summarize(published), [
        {
          code: 'netpol/selector-matches-nothing',
          severity: WARNING,
          message: 'no workload in namespace shop has app=backnd; did you mean app=backend (Deployment backend)?',
          range: [24, 14, 24, 25],
        },
      ]);
      await client.replace(policy, 'app: backnd', 'app: backend');
      await client.waitForDiagnostics(policy, (p) => p.version === client.version(policy) && clean(p));
    });

    it('updates the open policy when a label is renamed on disk, the file deleted, then created again', async () => {
      const original = ws.read('backend.yaml');
      const backendUri = ws.uri('backend.yaml');
      try {
        let n = countBefore();
        ws.write('backend.yaml', original.replace(/app: backend/g, 'app: api'));
        await client.watchedFilesChanged([{ uri: backendUri, type: FileChangeType.Changed }]);
        const renamed = await publishAfter(n, (p) => p.diagnostics.length > 0);
        assert.deepStrictEqual(summarize(renamed), [
          { code: 'netpol/selector-matches-nothing', severity: WARNING, message: RENAMED_MESSAGE, range: [24, 14, 24, 26] },
        ]);

        n = countBefore();
        ws.remove('backend.yaml');
        await client.watchedFilesChanged([{ uri: backendUri, type: FileChangeType.Deleted }]);
        const deleted = await publishAfter(n, (p) => p.diagnostics.length > 0 && p.diagnostics[0].message !== RENAMED_MESSAGE);
        assert.deepStrictEqual(summarize(deleted), [
          { code: 'netpol/selector-matches-nothing', severity: WARNING, message: DELETED_MESSAGE, range: [24, 14, 24, 26] },
        ]);

        n = countBefore();
        ws.write('backend.yaml', original);
        await client.watchedFilesChanged([{ uri: backendUri, type: FileChangeType.Created }]);
        await publishAfter(n, clean);
      } finally {
        ws.write('backend.yaml', original);
      }
    });

    it('lets an open document override its disk copy, and goes back to the disk copy on close', async () => {
      const backendUri = ws.uri('backend.yaml');
      await client.open(backendUri, ws.read('backend.yaml'));
      let n = countBefore();
      // Only the pod template's labels count: occurrence 3 (0: metadata, 1: selector, 2: a comment).
      await client.replace(backendUri, 'app: backend', 'app: api', 3);
      await publishAfter(n, hasBackendWarning(RENAMED_MESSAGE));
      n = countBefore();
      await client.close(backendUri);
      await publishAfter(n, clean);
    });

    it('silences the check with netpol.rules "off"', async () => {
      await client.replace(policy, 'app: backend', 'app: backnd');
      await client.waitForDiagnostics(policy, (p) => p.version === client.version(policy) && p.diagnostics.length === 1);
      const n = countBefore();
      await client.setSettings({ exclude: ['vendor/**'], rules: { 'selector-matches-nothing': 'off' } });
      await publishAfter(n, clean);
      await client.setSettings({ exclude: ['vendor/**'] });
      await client.replace(policy, 'app: backnd', 'app: backend');
      await client.waitForDiagnostics(policy, (p) => p.version === client.version(policy) && clean(p));
    });

    it('indexes again when netpol.exclude changes', async () => {
      const indexedLogs = () => client.logs.filter((l) => /^indexed \d+ files/.test(l.message));
      const before = indexedLogs().length;
      await client.setSettings({ exclude: [] });
      await until(() => indexedLogs().length > before, 8000, 'a second indexing run');
      assert.match(indexedLogs()[before].message, /^indexed 7 files in \d+ ms \(settings changed; /);
      // vendor/backend-copy.yaml now counts.
      const position = client.rangeOf(policy, 'app: backend').start;
      const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: policy }, position: { line: position.line, character: position.character + 5 } });
      assert.deepStrictEqual(list.items[0].label, 'backend');
      assert.deepStrictEqual(list.items[0].detail, '2 workloads in shop');
    });

    it('indexes again when a workspace folder is added, and drops its files when it is removed', async () => {
      const second = WorkspaceFixture.empty('netpol-ws-second-');
      second.write('cache.yaml', ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: cache', '  namespace: shop', '  labels:', '    app: backend', ''].join('\n'));
      const indexedLogs = () => client.logs.filter((l) => /^indexed \d+ files/.test(l.message));
      const backendDetail = async () => {
        const position = client.rangeOf(policy, 'app: backend').start;
        const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: policy }, position: { line: position.line, character: position.character + 5 } });
        return list.items.find((i) => i.label === 'backend')?.detail;
      };
      try {
        let before = indexedLogs().length;
        await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: second.folders, removed: [] } });
        await until(() => indexedLogs().length > before, 8000, 'indexing after a folder was added');
        assert.match(indexedLogs()[before].message, /^indexed 8 files in \d+ ms \(workspace folders changed; /);
        assert.strictEqual(await backendDetail(), '3 workloads in shop');
        before = indexedLogs().length;
        await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: second.folders } });
        await until(() => indexedLogs().length > before, 8000, 'indexing after a folder was removed');
        assert.match(indexedLogs()[before].message, /^indexed 7 files in /);
        assert.strictEqual(await backendDetail(), '2 workloads in shop');
      } finally {
        second.dispose();
      }
    });
  });

  describe('limits', () => {
    it('skips files above netpol.maxFileSizeKb with a log line', async () => {
      const ws = WorkspaceFixture.empty();
      ws.write('small.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: small\n');
      ws.write('big.yaml', `# ${'x'.repeat(3000)}\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: big\n`);
      const client = await LspTestClient.start({ workspaceFolders: ws.folders, settings: { maxFileSizeKb: 2 } });
      try {
        await client.waitForLog((m) => /^indexed \d+ files/.test(m), 10000);
        const skipped = client.logs.filter((l) => l.message.includes('skipped'));
        assert.deepStrictEqual(skipped.map((l) => l.message), [`${ws.uri('big.yaml')}: skipped: 3 KiB is over netpol.maxFileSizeKb (2)`]);
      } finally {
        await client.shutdown();
        ws.dispose();
      }
    });
  });

  describe(`on a generated workspace of ${LARGE_FILES} files`, () => {
    let ws: WorkspaceFixture;

    before(() => {
      ws = WorkspaceFixture.empty('netpol-ws-large-');
      for (let i = 0; i < LARGE_FILES; i++) ws.write(`ns-${i % 20}/app-${i}.yaml`, generatedFile(i));
    });

    after(() => ws?.dispose());

    it('answers a hover while indexing is still running (indexing works in slices)', async () => {
      const client = await LspTestClient.start({ workspaceFolders: ws.folders });
      const progress = recordProgress(client);
      try {
        const uri = ws.uri('ns-0/app-0.yaml');
        await client.open(uri, generatedFile(0));
        await until(() => progress.some((v) => v.kind === 'report' && /^indexed [1-9]\d* of \d+ files$/.test(v.message ?? '')), 20000, 'progress with files indexed');
        const started = Date.now();
        const position: Position = { line: client.rangeOf(uri, 'podSelector:').start.line, character: 4 };
        const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
        const latency = Date.now() - started;
        const doneAtAnswer = client.logs.some((l) => /^indexed \d+ files/.test(l.message));
        const reportsAtAnswer = progress.length;
        assert.ok(hover, 'a hover answer');
        assert.match((hover.contents as { value: string }).value, /selected by `app=app-0` in namespace `ns-0`/);
        assert.strictEqual(doneAtAnswer, false, `indexing had already finished when the hover was answered (${latency} ms)`);
        const log = await client.waitForLog((m) => /^indexed \d+ files/.test(m), 60000);
        assert.match(log.message, new RegExp(`^indexed ${LARGE_FILES} files in \\d+ ms`));
        assert.ok(progress.length > reportsAtAnswer, 'progress went on after the answer');
        assert.deepStrictEqual(progress.slice(-2), [{ kind: 'report', percentage: 100, message: `indexed ${LARGE_FILES} of ${LARGE_FILES} files` }, { kind: 'end' }]);
        // eslint-disable-next-line no-console
        console.log(`      hover answered in ${latency} ms while indexing; ${log.message}`);
      } finally {
        await client.shutdown();
      }
    });

    it('stops when the user cancels the progress', async () => {
      const client = await LspTestClient.start({ workspaceFolders: ws.folders });
      const progress = recordProgress(client);
      try {
        await until(() => progress.some((v) => v.kind === 'report' && /^indexed [1-9]\d* of \d+ files$/.test(v.message ?? '')), 20000, 'progress with files indexed');
        const token = (client.requests.find((r) => r.method === 'window/workDoneProgress/create')!.params as { token: string }).token;
        await client.connection.sendNotification('window/workDoneProgress/cancel', { token });
        const log = await client.waitForLog((m) => m.startsWith('indexing cancelled') || /^indexed \d+ files/.test(m), 30000);
        assert.match(log.message, new RegExp(`^indexing cancelled by the user after \\d+ of ${LARGE_FILES} files \\(\\d+ ms\\); workspace checks stay off until the workspace is indexed again$`));
        const indexed = Number(/after (\d+) of/.exec(log.message)![1]);
        assert.ok(indexed < LARGE_FILES, `${indexed} files indexed before cancellation`);
        assert.deepStrictEqual(progress[progress.length - 1], { kind: 'end' });
      } finally {
        await client.shutdown();
      }
    });
  });
});

/** A Deployment per file; every tenth file adds a policy selecting it and allowing its neighbour in. */
function generatedFile(i: number): string {
  const ns = `ns-${i % 20}`;
  const lines = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: app-${i}`,
    `  namespace: ${ns}`,
    'spec:',
    '  template:',
    '    metadata:',
    '      labels:',
    `        app: app-${i}`,
    `        team: team-${i % 7}`,
    '    spec:',
    '      containers:',
    '        - name: main',
    '          image: busybox',
    '          ports:',
    '            - name: http',
    '              containerPort: 8080',
  ];
  if (i % 10 === 0) {
    lines.push(
      '---',
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata:',
      `  name: allow-app-${i}`,
      `  namespace: ${ns}`,
      'spec:',
      '  podSelector:',
      '    matchLabels:',
      `      app: app-${i}`,
      '  ingress:',
      '    - from:',
      '        - podSelector:',
      '            matchLabels:',
      `              team: team-${(i + 1) % 7}`,
      '      ports:',
      '        - port: http',
    );
  }
  return `${lines.join('\n')}\n`;
}
