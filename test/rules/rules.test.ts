// The data-driven rule cases: every folder test/rules/<id>/<case>/ is a tiny
// workspace (manifests, maybe a .netpol.yaml) with expected.json listing the
// findings of rule netpol/<id> only. Each case is checked through the built
// CLI (`netpol check . --format json`) and over LSP (one server for all
// cases: its workspace folder is swapped to the case's, and the published
// diagnostics of the case's files are read once the server is quiet, and
// again until they agree with the expected findings or SETTLE_MS passes).
// `fires-*` cases must find something, `silent-*` cases nothing.
// UPDATE_RULE_EXPECTATIONS=1 rewrites expected.json from the CLI's findings
// (the LSP must still agree) after a reviewed change.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { fileURLToPath } from 'url';
import { DidChangeWorkspaceFoldersNotification, PublishDiagnosticsParams, WorkspaceFolder } from 'vscode-languageserver-protocol/node';
import { defaultRules } from '../../server/src/core/ruleRegistry';
import { runCli } from '../cli/runCli';
import { delay, fileUri, LspTestClient, REPO_ROOT } from '../lsp/harness';

const CASES_ROOT = path.join(REPO_ROOT, 'test', 'rules');
const UPDATE = process.env.UPDATE_RULE_EXPECTATIONS === '1';
/** The server is taken as done with a case after this long without a publish or a log. */
const QUIET_MS = 250;
/** How long a case's published findings may take to agree with the CLI's after the server went quiet. */
const SETTLE_MS = 10000;

export interface ExpectedFinding {
  file: string;
  line: number;
  column: number;
  severity: string;
  message: string;
}

interface RuleCase {
  ruleId: string;
  name: string;
  dir: string;
}

const SEVERITY_NAMES: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

function subdirs(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

function allCases(): RuleCase[] {
  return subdirs(CASES_ROOT).flatMap((rule) => subdirs(path.join(CASES_ROOT, rule)).map((name) => ({ ruleId: `netpol/${rule}`, name, dir: path.join(CASES_ROOT, rule, name) })));
}

function sorted(findings: ExpectedFinding[]): ExpectedFinding[] {
  const key = (f: ExpectedFinding) => [f.file, f.line, f.column, f.severity, f.message] as const;
  return [...findings].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    return 0;
  });
}

interface JsonFinding {
  file: string;
  ruleId: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number } };
}

async function cliFindings(c: RuleCase): Promise<ExpectedFinding[]> {
  const run = await runCli(['check', '.', '--format', 'json'], c.dir);
  assert.ok(run.code === 0 || run.code === 1, `netpol check exited ${run.code}: ${run.stderr}`);
  const all = JSON.parse(run.stdout) as JsonFinding[];
  return sorted(
    all
      .filter((f) => f.ruleId === c.ruleId)
      .map((f) => ({
        file: path.relative(c.dir, path.resolve(c.dir, f.file)).split(path.sep).join('/'),
        line: f.range.start.line + 1,
        column: f.range.start.character + 1,
        severity: f.severity,
        message: f.message,
      })),
  );
}

/** One language server for every case; each case gets the workspace folder to itself. */
class CaseServer {
  private client!: LspTestClient;
  private readonly folders: WorkspaceFolder[] = [];

  async start(first: RuleCase): Promise<void> {
    this.folders.push(folderOf(first));
    this.client = await LspTestClient.start({ workspaceFolders: this.folders, settings: {} });
    await this.client.waitForLog((m) => /^indexed \d+ files/.test(m), 20000);
  }

  /**
   * The server's findings for the case once it is quiet. Under load a pause
   * of QUIET_MS can come before the last publish, so when they differ from
   * `expected` (sorted: expected.json's, or the CLI's when rewriting it) they
   * are read again as publishes arrive, until they agree or SETTLE_MS
   * passes: a real disagreement still fails.
   */
  async findings(c: RuleCase, expected: Promise<ExpectedFinding[]>): Promise<ExpectedFinding[]> {
    await this.settle(c);
    const want = await expected;
    const deadline = Date.now() + SETTLE_MS;
    let got = this.published(c);
    while (!isDeepStrictEqual(got, want) && Date.now() < deadline) {
      await delay(50);
      got = this.published(c);
    }
    return got;
  }

  private async settle(c: RuleCase): Promise<void> {
    const folder = folderOf(c);
    if (this.folders[0].uri !== folder.uri) {
      const indexedBefore = this.indexedLogs();
      const removed = this.folders.splice(0, this.folders.length, folder);
      await this.client.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [folder], removed } });
      await this.until(() => this.indexedLogs() > indexedBefore, `the server did not index ${c.dir}`);
    }
    if (fs.existsSync(path.join(c.dir, '.netpol.yaml'))) {
      const configPath = path.join(c.dir, '.netpol.yaml');
      await this.until(() => this.client.logs.some((l) => l.message.startsWith(`project config: ${configPath} read`)), `the server did not read ${configPath}`);
    }
    await this.quiet();
  }

  /** The latest published diagnostics of the case's files, for its rule. */
  private published(c: RuleCase): ExpectedFinding[] {
    const latest = new Map<string, PublishDiagnosticsParams>();
    for (const p of this.client.published) latest.set(p.uri, p);
    const out: ExpectedFinding[] = [];
    for (const [uri, p] of latest) {
      if (!uri.startsWith('file:')) continue;
      const rel = path.relative(c.dir, fileURLToPath(uri));
      if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
      for (const d of p.diagnostics) {
        if (d.code !== c.ruleId) continue;
        out.push({ file: rel.split(path.sep).join('/'), line: d.range.start.line + 1, column: d.range.start.character + 1, severity: SEVERITY_NAMES[d.severity ?? 1], message: d.message });
      }
    }
    return sorted(out);
  }

  async stop(): Promise<void> {
    await this.client?.shutdown();
  }

  private indexedLogs(): number {
    return this.client.logs.filter((l) => /^indexed \d+ files/.test(l.message)).length;
  }

  private async until(condition: () => boolean, failure: string, timeoutMs = 20000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`${failure} within ${timeoutMs} ms${this.client.serverStderr ? `; stderr: ${this.client.serverStderr}` : ''}`);
      await delay(10);
    }
  }

  /** Waits until nothing was published or logged for QUIET_MS. */
  private async quiet(): Promise<void> {
    const activity = () => this.client.published.length + this.client.logs.length;
    for (;;) {
      const before = activity();
      await delay(QUIET_MS);
      if (activity() === before) return;
    }
  }
}

function folderOf(c: RuleCase): WorkspaceFolder {
  return { uri: fileUri(c.dir), name: `${path.basename(path.dirname(c.dir))}/${c.name}` };
}

function readExpected(c: RuleCase): ExpectedFinding[] {
  const file = path.join(c.dir, 'expected.json');
  assert.ok(fs.existsSync(file), `${file} is missing (UPDATE_RULE_EXPECTATIONS=1 writes it)`);
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { findings?: ExpectedFinding[] };
  assert.ok(Array.isArray(parsed.findings), `${file}: {"findings": [...]}`);
  return parsed.findings;
}

describe('rule cases (test/rules/<id>/<case>), through the CLI and over LSP', function () {
  this.timeout(120000);
  const cases = allCases();
  const server = new CaseServer();

  before(async function () {
    if (cases.length > 0) await server.start(cases[0]);
  });

  after(async () => {
    await server.stop();
  });

  it('every case folder is named fires-* or silent-*, under a rule id that exists', async () => {
    const known = defaultRules();
    assert.ok(cases.length > 0, 'no cases under test/rules');
    for (const c of cases) {
      assert.match(c.name, /^(fires|silent)-[a-z0-9-]+$/, `${c.dir}: name it fires-<what> or silent-<what>`);
      assert.ok(known.has(c.ruleId), `${c.dir}: ${c.ruleId} is no known rule`);
    }
  });

  for (const c of cases) {
    it(`${c.ruleId}: ${c.name}`, async () => {
      // The CLI process and the server work at the same time.
      const written = UPDATE ? undefined : readExpected(c);
      const cliRun = cliFindings(c);
      const [cli, lsp] = await Promise.all([cliRun, server.findings(c, written ? Promise.resolve(sorted(written)) : cliRun)]);
      if (UPDATE) fs.writeFileSync(path.join(c.dir, 'expected.json'), JSON.stringify({ findings: cli }, null, 2) + '\n');
      const expected = written ?? cli;
      assert.deepStrictEqual(cli, sorted(expected), 'netpol check --format json');
      assert.deepStrictEqual(lsp, sorted(expected), 'the language server');
      if (c.name.startsWith('fires-')) assert.ok(expected.length > 0, 'a fires-* case must have a finding');
      if (c.name.startsWith('silent-')) assert.deepStrictEqual(expected, [], 'a silent-* case must have none');
    });
  }
});
