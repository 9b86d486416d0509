// `netpol matrix` end to end: the built CLI on examples/three-tier and on
// temp folders, in every format.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, removeTree, runCli, tempTree } from './runCli';

/** The output the README shows after `$ npx <command>`, up to the next prompt or the end of the block. */
function readmeOutput(command: string): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(`$ npx ${command}\n`);
  assert.ok(start >= 0, `README shows \`${command}\``);
  const body = readme.slice(start + command.length + 7);
  const end = Math.min(...['\n\n$ ', '\n```'].map((m) => (body.indexOf(m) < 0 ? body.length : body.indexOf(m))));
  return body.slice(0, end + 1);
}

const THREE_TIER = 'examples/three-tier';

const deployment = (name: string, labels: Record<string, string>, opts: { namespace?: string; kind?: string; ports?: string[] } = {}) =>
  [
    'apiVersion: apps/v1',
    `kind: ${opts.kind ?? 'Deployment'}`,
    'metadata:',
    `  name: ${name}`,
    ...(opts.namespace ? [`  namespace: ${opts.namespace}`] : []),
    'spec:',
    '  template:',
    '    metadata:',
    `      labels: {${Object.entries(labels).map(([k, v]) => `${k}: ${v}`).join(', ')}}`,
    '    spec:',
    '      containers:',
    '        - name: c',
    ...(opts.ports && opts.ports.length > 0 ? ['          ports:', ...opts.ports.map((p) => `            - ${p}`)] : []),
    '',
  ].join('\n');

describe('netpol matrix', function () {
  // Child processes on a shared, loaded machine; also under `mocha --no-config` (2 s default).
  this.timeout(30_000);
  describe('examples/three-tier', () => {
    it('text: an aligned table, sources as rows, outside last', async () => {
      const run = await runCli(['matrix', THREE_TIER]);
      assert.strictEqual(
        run.stdout,
        [
          'from \\ to      shop/backend  shop/db   shop/frontend  outside',
          'shop/backend   all           TCP 3306  all            all',
          'shop/db        all           all       all            all',
          'shop/frontend  all           none      all            all',
          'outside        all           none      all            -',
          '',
        ].join('\n'),
      );
      assert.strictEqual(run.stderr, '');
      assert.strictEqual(run.code, 0);
    });

    it('the README shows this very table', async () => {
      const run = await runCli(['matrix', THREE_TIER]);
      assert.strictEqual(readmeOutput(`netpol matrix ${THREE_TIER}`), run.stdout);
    });

    it('json: the MatrixJson shape with exact cells and endpoints', async () => {
      const run = await runCli(['matrix', '--format', 'json', THREE_TIER]);
      assert.strictEqual(run.code, 0);
      assert.strictEqual(run.stderr, '');
      const json = JSON.parse(run.stdout);
      assert.strictEqual(json.outside, 'any');
      assert.deepStrictEqual(json.endpoints, [
        { key: 'shop/backend', kind: 'workload', workloadId: 'examples/three-tier/backend.yaml#0', workloadKind: 'Deployment', namespace: 'shop', name: 'backend' },
        { key: 'shop/db', kind: 'workload', workloadId: 'examples/three-tier/db.yaml#0', workloadKind: 'Deployment', namespace: 'shop', name: 'db' },
        { key: 'shop/frontend', kind: 'workload', workloadId: 'examples/three-tier/frontend.yaml#0', workloadKind: 'Deployment', namespace: 'shop', name: 'frontend' },
        { key: 'outside', kind: 'outside' },
      ]);
      assert.deepStrictEqual(json.matrix, {
        'shop/backend': { 'shop/backend': 'all', 'shop/db': ['TCP 3306'], 'shop/frontend': 'all', outside: 'all' },
        'shop/db': { 'shop/backend': 'all', 'shop/db': 'all', 'shop/frontend': 'all', outside: 'all' },
        'shop/frontend': { 'shop/backend': 'all', 'shop/db': 'none', 'shop/frontend': 'all', outside: 'all' },
        outside: { 'shop/backend': 'all', 'shop/db': 'none', 'shop/frontend': 'all' },
      });
    });

    it('csv: a header row, then one row per source; outside -> outside empty', async () => {
      const run = await runCli(['matrix', '--format', 'csv', THREE_TIER]);
      assert.strictEqual(run.code, 0);
      assert.strictEqual(
        run.stdout,
        [
          'from,shop/backend,shop/db,shop/frontend,outside',
          'shop/backend,all,TCP 3306,all,all',
          'shop/db,all,all,all,all',
          'shop/frontend,all,none,all,all',
          'outside,all,none,all,',
          '',
        ].join('\r\n'),
      );
    });

    it('md: a Markdown table with bold sources', async () => {
      const run = await runCli(['matrix', '--format', 'md', THREE_TIER]);
      assert.strictEqual(run.code, 0);
      assert.strictEqual(
        run.stdout,
        [
          '| from \\ to | shop/backend | shop/db | shop/frontend | outside |',
          '| --- | --- | --- | --- | --- |',
          '| **shop/backend** | all | TCP 3306 | all | all |',
          '| **shop/db** | all | all | all | all |',
          '| **shop/frontend** | all | none | all | all |',
          '| **outside** | all | none | all |  |',
          '',
        ].join('\n'),
      );
    });

    it('--port: each cell is allowed or denied for that probe', async () => {
      const run = await runCli(['matrix', '--port', '3306', THREE_TIER]);
      assert.strictEqual(run.code, 0);
      assert.strictEqual(
        run.stdout,
        [
          'from \\ to      shop/backend  shop/db  shop/frontend  outside',
          'shop/backend   allowed       allowed  allowed        allowed',
          'shop/db        allowed       allowed  allowed        allowed',
          'shop/frontend  allowed       denied   allowed        allowed',
          'outside        allowed       denied   allowed        -',
          '',
        ].join('\n'),
      );
    });

    it('--port with json: a probe and boolean cells; --protocol UDP denies the database to everyone else', async () => {
      const run = await runCli(['matrix', '--format', 'json', '--port', '3306', '--protocol', 'udp', THREE_TIER]);
      assert.strictEqual(run.code, 0);
      const json = JSON.parse(run.stdout);
      assert.deepStrictEqual(json.probe, { protocol: 'UDP', port: 3306 });
      assert.deepStrictEqual(json.matrix['shop/backend'], { 'shop/backend': true, 'shop/db': false, 'shop/frontend': true, outside: true });
      assert.deepStrictEqual(json.matrix.outside, { 'shop/backend': true, 'shop/db': false, 'shop/frontend': true });
    });

    it('--outside none drops the outside row and column', async () => {
      const run = await runCli(['matrix', '--format', 'csv', '--outside', 'none', THREE_TIER]);
      assert.strictEqual(run.code, 0);
      assert.strictEqual(run.stdout, ['from,shop/backend,shop/db,shop/frontend', 'shop/backend,all,TCP 3306,all', 'shop/db,all,all,all', 'shop/frontend,all,none,all', ''].join('\r\n'));
    });

    it('--outside IP answers for that address', async () => {
      const run = await runCli(['matrix', '--format', 'json', '--outside', '203.0.113.9', THREE_TIER]);
      assert.strictEqual(run.code, 0);
      const json = JSON.parse(run.stdout);
      assert.strictEqual(json.outside, '203.0.113.9');
      assert.deepStrictEqual(json.matrix.outside, { 'shop/backend': 'all', 'shop/db': 'none', 'shop/frontend': 'all' });
    });
  });

  describe('usage errors exit 2', () => {
    const cases: [string, string[], RegExp][] = [
      ['unknown flag', ['matrix', '--colour', THREE_TIER], /^error: unknown option '--colour'/],
      ['bad format', ['matrix', '--format', 'xml', THREE_TIER], /argument 'xml' is invalid\. Allowed choices are text, json, csv, md, dot, svg, html, mermaid\./],
      ['bad --outside', ['matrix', '--outside', 'internet', THREE_TIER], /^netpol: --outside internet: expected any, none, or an IP address\n$/],
      ['bad --port', ['matrix', '--port', '65536', THREE_TIER], /^netpol: --port 65536 is not a port number from 1 to 65535\n$/],
      ['bad --protocol', ['matrix', '--port', '80', '--protocol', 'icmp', THREE_TIER], /^netpol: --protocol icmp is not one of TCP, UDP, SCTP\n$/],
      ['--protocol without --port', ['matrix', '--protocol', 'UDP', THREE_TIER], /^netpol: --protocol needs --port/],
      ['missing path', ['matrix', 'no/such/dir'], /^netpol: no such file or directory: no\/such\/dir\n$/],
      ['no path', ['matrix'], /^error: missing required argument 'path'/],
    ];
    for (const [name, args, stderr] of cases) {
      it(name, async () => {
        const run = await runCli(args);
        assert.strictEqual(run.code, 2, run.stderr);
        assert.strictEqual(run.stdout, '');
        assert.match(run.stderr, stderr);
      });
    }
  });

  it('--help documents the formats, the JSON shape and has examples', async () => {
    const run = await runCli(['matrix', '--help']);
    assert.strictEqual(run.code, 0);
    assert.match(run.stdout, /^Usage: netpol matrix \[options\] <path\.\.\.>/);
    // Commander wraps option help to the terminal width: compare with spaces collapsed.
    const flat = run.stdout.replace(/\s+/g, ' ');
    assert.ok(flat.includes('-f, --format <format> output format (choices: "text", "json", "csv", "md", "dot", "svg", "html", "mermaid", default: "text")'), flat);
    assert.match(run.stdout, /--outside <address>/);
    assert.match(run.stdout, /--port <port>/);
    assert.match(run.stdout, /"matrix": \{FROM: \{TO: "all" \| "none" \|/);
    assert.match(run.stdout, /\nExamples:\n {2}netpol matrix k8s\/\n/);
  });

  describe('on temp folders', () => {
    let dir: string;
    afterEach(() => removeTree(dir));

    it('namespace: metadata, else the folder kustomization.yaml, else --default-namespace', async () => {
      dir = tempTree({
        'team/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: team\nresources: [app.yaml]\n',
        'team/app.yaml': deployment('app', { app: 'app' }) + '---\n' + deployment('pinned', { app: 'pinned' }, { namespace: 'named' }),
        'loose.yaml': deployment('loose', { app: 'loose' }),
      });
      const run = await runCli(['matrix', '--format', 'csv', '--outside', 'none', '--default-namespace', 'dev', '.'], dir);
      assert.strictEqual(run.code, 0, run.stderr);
      assert.strictEqual(run.stdout.split('\r\n')[0], 'from,dev/loose,named/pinned,team/app');
    });

    it('the kustomization of a file named alone still sets its namespace', async () => {
      dir = tempTree({ 'k/Kustomization': 'namespace: team\n', 'k/app.yaml': deployment('app', { app: 'app' }) });
      const run = await runCli(['matrix', '--format', 'csv', '--outside', 'none', 'k/app.yaml'], dir);
      assert.strictEqual(run.code, 0, run.stderr);
      assert.strictEqual(run.stdout, 'from,team/app\r\nteam/app,all\r\n');
    });

    it('ns/Kind/name labels when two kinds share a name', async () => {
      dir = tempTree({ 'a.yaml': deployment('db', { app: 'db' }, { namespace: 'shop' }) + '---\n' + deployment('db', { app: 'db2' }, { namespace: 'shop', kind: 'StatefulSet' }) });
      const run = await runCli(['matrix', '--format', 'csv', '--outside', 'none', '.'], dir);
      assert.strictEqual(run.code, 0, run.stderr);
      assert.strictEqual(run.stdout.split('\r\n')[0], 'from,shop/Deployment/db,shop/StatefulSet/db');
    });

    it('an OpenShift DeploymentConfig is a workload: its template labels are what policies select', async () => {
      // A DeploymentConfig's selector is a plain map (no matchLabels); its pods come from spec.template.
      const dc = deployment('billing', { app: 'billing' }, { namespace: 'shop', kind: 'DeploymentConfig' }).replace('apps/v1', 'apps.openshift.io/v1');
      const policy = [
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata: {name: billing-in, namespace: shop}',
        'spec:',
        '  podSelector: {matchLabels: {app: billing}}',
        '  ingress:',
        '    - from: [{podSelector: {matchLabels: {app: web}}}]',
        '      ports: [{port: 8443}]',
        '',
      ].join('\n');
      dir = tempTree({ 'a.yaml': [dc, deployment('web', { app: 'web' }, { namespace: 'shop' }), policy].join('---\n') });
      const run = await runCli(['matrix', '--format', 'csv', '.'], dir);
      assert.strictEqual(run.code, 0, run.stderr);
      assert.strictEqual(run.stdout, ['from,shop/billing,shop/web,outside', 'shop/billing,all,all,all', 'shop/web,TCP 8443,all,all', 'outside,none,all,', ''].join('\r\n'));
      const check = await runCli(['check', '.'], dir);
      assert.doesNotMatch(check.stdout, /selector-matches-nothing/);
    });

    it('a file with errors still contributes its valid documents, with a note on stderr', async () => {
      const policy = [
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata: {name: deny, namespace: shop}',
        'spec:',
        '  podSelector: {matchLabels: {app: db}}',
        '  ingress:',
        '    - ports: [{port: 70000}]',
        '',
      ].join('\n');
      dir = tempTree({ 'a.yaml': 'x: [\n---\n' + deployment('db', { app: 'db' }, { namespace: 'shop' }) + '---\n' + policy + '---\n' + deployment('web', { app: 'web' }, { namespace: 'shop' }) });
      const run = await runCli(['matrix', '--format', 'csv', '.'], dir);
      assert.strictEqual(run.code, 0, run.stderr);
      // The invalid port allows nothing: db is isolated with no way in.
      assert.strictEqual(run.stdout, ['from,shop/db,shop/web,outside', 'shop/db,all,all,all', 'shop/web,none,all,all', 'outside,none,all,', ''].join('\r\n'));
      assert.strictEqual(run.stderr, 'note: 2 errors in 1 file (see `netpol check`); values the API server would reject match nothing here\n');
    });

    it('csv quotes cells with commas', async () => {
      dir = tempTree({
        'a.yaml': deployment('api', { app: 'api' }, { namespace: 'ns' }) + '---\n' + deployment('web', { app: 'web' }, { namespace: 'ns' }),
        'p.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: ns}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  ingress:\n    - ports: [{port: 80}, {port: 53, protocol: UDP}]\n',
      });
      const run = await runCli(['matrix', '--format', 'csv', '--outside', 'none', '.'], dir);
      assert.strictEqual(run.stdout, ['from,ns/api,ns/web', 'ns/api,all,all', 'ns/web,"TCP 80, UDP 53",all', ''].join('\r\n'));
    });

    it('text wider than --width turns compact: numbered rows by namespace, footnotes, column blocks', async () => {
      const names = ['alpha', 'bravo', 'charlie'];
      const files: Record<string, string> = {};
      for (const ns of ['one', 'two']) files[`${ns}.yaml`] = names.map((n) => deployment(n, { app: n }, { namespace: ns })).join('---\n');
      files['p.yaml'] =
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: one}\nspec:\n  podSelector: {matchLabels: {app: alpha}}\n  ingress:\n    - ports: [{port: 80}, {port: 443}, {port: 53, protocol: UDP}]\n';
      dir = tempTree(files);
      const wide = await runCli(['matrix', '.'], dir);
      assert.strictEqual(wide.stdout.split('\n')[0], 'from \\ to    one/alpha                one/bravo  one/charlie  two/alpha  two/bravo  two/charlie  outside');
      const run = await runCli(['matrix', '--width', '40', '.'], dir);
      assert.strictEqual(run.code, 0, run.stderr);
      assert.strictEqual(
        run.stdout,
        [
          'columns 1-4 of 7:',
          'from \\ to    1    2    3    4',
          'namespace one',
          '  1 alpha    all  all  all  all',
          '  2 bravo    [a]  all  all  all',
          '  3 charlie  [a]  all  all  all',
          'namespace two',
          '  4 alpha    [a]  all  all  all',
          '  5 bravo    [a]  all  all  all',
          '  6 charlie  [a]  all  all  all',
          '',
          '7 outside    [a]  all  all  all',
          '',
          'columns 5-7 of 7:',
          'from \\ to    5    6    7',
          'namespace one',
          '  1 alpha    all  all  all',
          '  2 bravo    all  all  all',
          '  3 charlie  all  all  all',
          'namespace two',
          '  4 alpha    all  all  all',
          '  5 bravo    all  all  all',
          '  6 charlie  all  all  all',
          '',
          '7 outside    all  all  -',
          '',
          '[a] TCP 80, TCP 443, UDP 53',
          '',
        ].join('\n'),
      );
    });
  });
});
