// `netpol check` end to end: the built CLI on examples/ and on temp folders.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, removeTree, runCli, tempTree } from './runCli';

// `yaml` reports these; the CLI must place them exactly.
const NESTED = 'Nested mappings are not allowed in compact mappings';
const FLOW_MAP_END = 'Unexpected flow-map-end token in YAML stream: "}"';

describe('netpol check', () => {
  describe('examples/three-tier', () => {
    it('is clean: no findings, exit 0, summary on stderr', async () => {
      const run = await runCli(['check', 'examples/three-tier']);
      assert.strictEqual(run.stdout, '');
      assert.strictEqual(run.stderr, '0 errors, 0 warnings in 5 files\n');
      assert.strictEqual(run.code, 0);
    });

    it('prints an empty JSON array', async () => {
      const run = await runCli(['check', '--format', 'json', 'examples/three-tier']);
      assert.deepStrictEqual(JSON.parse(run.stdout), []);
      assert.strictEqual(run.stderr, '');
      assert.strictEqual(run.code, 0);
    });
  });

  describe('examples/', () => {
    it('checks every example file and exits 0 or 1 only', async () => {
      const run = await runCli(['check', '--format', 'json', 'examples']);
      assert.ok(run.code === 0 || run.code === 1, `exit code ${run.code}: ${run.stderr}`);
      const findings = JSON.parse(run.stdout) as Array<{ file: string; severity: string }>;
      assert.ok(!findings.some((f) => f.file.startsWith(path.join('examples', 'three-tier'))), 'three-tier must stay clean');
      // examples/mistakes is broken on purpose: its findings make the exit code 1.
      const mistakes = path.join(REPO_ROOT, 'examples', 'mistakes');
      const broken = fs.existsSync(mistakes) ? fs.readdirSync(mistakes, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f)) : [];
      if (broken.length > 0) assert.ok(findings.some((f) => f.file.startsWith(path.join('examples', 'mistakes') + path.sep)), 'findings in examples/mistakes');
      assert.strictEqual(run.code, findings.some((f) => f.severity === 'error') ? 1 : 0);
    });
  });

  describe('on temp folders', () => {
    let dir: string;
    afterEach(() => removeTree(dir));

    it('prints file:line:col severity rule-id message, 1-based, sorted by file then position', async () => {
      dir = tempTree({
        'b.yaml': 'x: 1\ny: a: b\n',
        'a.yaml': 'a: b: c\nkind: ConfigMap\nk: x: y\n',
        'sub/c.yml': 'metadata: {name: n, x: }}\n',
      });
      const run = await runCli(['check', '.'], dir);
      assert.strictEqual(
        run.stdout,
        [
          `a.yaml:1:4 error netpol/yaml-syntax ${NESTED}`,
          `a.yaml:3:4 error netpol/yaml-syntax ${NESTED}`,
          `b.yaml:2:4 error netpol/yaml-syntax ${NESTED}`,
          `${path.join('sub', 'c.yml')}:1:25 error netpol/yaml-syntax ${FLOW_MAP_END}`,
          '',
        ].join('\n'),
      );
      assert.strictEqual(run.stderr, '4 errors, 0 warnings in 3 files\n');
      assert.strictEqual(run.code, 1);
    });

    it('shows paths as given on the command line', async () => {
      dir = tempTree({ 'k8s/bad.yaml': 'a: b: c\n' });
      const viaDir = await runCli(['check', 'k8s'], dir);
      assert.strictEqual(viaDir.stdout, `${path.join('k8s', 'bad.yaml')}:1:4 error netpol/yaml-syntax ${NESTED}\n`);
      const viaFile = await runCli(['check', './k8s/../k8s/bad.yaml'], dir);
      assert.strictEqual(viaFile.stdout, `${path.join('k8s', 'bad.yaml')}:1:4 error netpol/yaml-syntax ${NESTED}\n`);
      const absolute = await runCli(['check', path.join(dir, 'k8s')], REPO_ROOT);
      assert.strictEqual(absolute.stdout, `${path.join(dir, 'k8s', 'bad.yaml')}:1:4 error netpol/yaml-syntax ${NESTED}\n`);
    });

    it('prints JSON with 0-based LSP ranges', async () => {
      dir = tempTree({ 'bad.yaml': 'kind: ConfigMap\nmetadata: {name: n, x: }}\n', 'ok.yaml': 'kind: ConfigMap\n' });
      const run = await runCli(['check', '--format', 'json', '.'], dir);
      assert.deepStrictEqual(JSON.parse(run.stdout), [
        {
          file: 'bad.yaml',
          range: { start: { line: 1, character: 24 }, end: { line: 1, character: 25 } },
          severity: 'error',
          ruleId: 'netpol/yaml-syntax',
          message: FLOW_MAP_END,
        },
      ]);
      assert.strictEqual(run.stderr, '', 'no summary with --format json');
      assert.strictEqual(run.code, 1);
    });

    it('counts columns in UTF-16 units (an emoji is two)', async () => {
      dir = tempTree({ 'emoji.yaml': 'kind: ConfigMap\nmetadata: {name: "😀", x: }}\n' });
      const text = await runCli(['check', 'emoji.yaml'], dir);
      assert.strictEqual(text.stdout, `emoji.yaml:2:28 error netpol/yaml-syntax ${FLOW_MAP_END}\n`);
      const json = await runCli(['check', '--format', 'json', 'emoji.yaml'], dir);
      assert.deepStrictEqual(JSON.parse(json.stdout)[0].range, { start: { line: 1, character: 27 }, end: { line: 1, character: 28 } });
    });

    it('places findings right in CRLF files', async () => {
      dir = tempTree({ 'crlf.yaml': 'kind: ConfigMap\r\nmetadata:\r\n  name: n\r\ndata: {a: 1, b: }}\r\n' });
      const run = await runCli(['check', '--format', 'json', 'crlf.yaml'], dir);
      assert.deepStrictEqual(JSON.parse(run.stdout), [
        {
          file: 'crlf.yaml',
          range: { start: { line: 3, character: 17 }, end: { line: 3, character: 18 } },
          severity: 'error',
          ruleId: 'netpol/yaml-syntax',
          message: FLOW_MAP_END,
        },
      ]);
      const text = await runCli(['check', 'crlf.yaml'], dir);
      assert.strictEqual(text.stdout, `crlf.yaml:4:18 error netpol/yaml-syntax ${FLOW_MAP_END}\n`);
    });

    it('ignores a UTF-8 byte order mark, like editors do', async () => {
      dir = tempTree({ 'bom.yaml': '\ufeffa: b: c\n' });
      const run = await runCli(['check', 'bom.yaml'], dir);
      assert.strictEqual(run.stdout, `bom.yaml:1:4 error netpol/yaml-syntax ${NESTED}\n`);
    });

    it('walks only *.yaml and *.yml, skipping .git and node_modules; a named file is always read', async () => {
      dir = tempTree({
        'ok.yaml': 'kind: ConfigMap\n',
        'notes.txt': 'a: b: c\n',
        '.git/config.yaml': 'a: b: c\n',
        'node_modules/pkg/x.yml': 'a: b: c\n',
        'deep/er/bad.YML': 'a: b: c\n',
      });
      const walked = await runCli(['check', '.'], dir);
      assert.strictEqual(walked.stdout, `${path.join('deep', 'er', 'bad.YML')}:1:4 error netpol/yaml-syntax ${NESTED}\n`);
      assert.strictEqual(walked.stderr, '1 error, 0 warnings in 2 files\n');
      const named = await runCli(['check', 'notes.txt'], dir);
      assert.strictEqual(named.stdout, `notes.txt:1:4 error netpol/yaml-syntax ${NESTED}\n`);
    });

    it('reads a file reached twice only once', async () => {
      dir = tempTree({ 'k8s/bad.yaml': 'a: b: c\n' });
      const run = await runCli(['check', 'k8s', 'k8s/bad.yaml'], dir);
      assert.strictEqual(run.stdout, `${path.join('k8s', 'bad.yaml')}:1:4 error netpol/yaml-syntax ${NESTED}\n`);
    });

    it('skips a Helm template with a note on stderr', async () => {
      dir = tempTree({
        'chart/templates/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n',
        'chart/values.yaml': 'replicas: 2\n',
      });
      const run = await runCli(['check', 'chart'], dir);
      assert.strictEqual(run.stdout, '');
      assert.strictEqual(
        run.stderr,
        `${path.join('chart', 'templates', 'deployment.yaml')}: skipped: a Helm/Go template ({{ }}), not plain YAML\n` +
          '0 errors, 0 warnings in 2 files (1 skipped)\n',
      );
      assert.strictEqual(run.code, 0);
    });

    it('skips a binary file with a note on stderr', async () => {
      dir = tempTree({ 'blob.yaml': 'a\u0000b\n' });
      const run = await runCli(['check', '--format', 'json', '.'], dir);
      assert.deepStrictEqual(JSON.parse(run.stdout), []);
      assert.strictEqual(run.stderr, 'blob.yaml: skipped: the file looks binary, not YAML\n');
      assert.strictEqual(run.code, 0);
    });

    it('honours # netpol-disable-next-line comments, as the editor does', async () => {
      dir = tempTree({ 'quiet.yaml': '# netpol-disable-next-line yaml-syntax -- known\na: b: c\nk: x: y\n' });
      const run = await runCli(['check', 'quiet.yaml'], dir);
      assert.strictEqual(run.stdout, `quiet.yaml:3:4 error netpol/yaml-syntax ${NESTED}\n`);
    });
  });

  describe('NetworkPolicy validation findings', () => {
    const BAD_PORT = [
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata:',
      '  name: db-policy',
      '  namespace: shop',
      'spec:',
      '  podSelector:',
      '    matchLabels:',
      '      app: db',
      '  ingress:',
      '    - from:',
      '        - podSelector:',
      '            matchLabels:',
      '              app: backend',
      '      ports:',
      '        - protocol: TCP',
      '          port: 70000',
      '',
    ].join('\n');
    const AMBIGUOUS_CIDR = [
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata:',
      '  name: office',
      'spec:',
      '  podSelector: {}',
      '  policyTypes: [Egress]',
      '  egress:',
      '    - to:',
      '        - ipBlock:',
      '            cidr: 192.168.1.5/24',
      '',
    ].join('\n');
    const PORT_LINE = 'policy.yaml:17:17 error netpol/invalid-port spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive\n';
    let dir: string;
    before(() => {
      dir = tempTree({ 'policy.yaml': BAD_PORT, 'cidr.yaml': AMBIGUOUS_CIDR, 'crlf.yaml': BAD_PORT.replace(/\n/g, '\r\n') });
    });
    after(() => removeTree(dir));

    it('prints the API server\'s message at the port value', async () => {
      const run = await runCli(['check', 'policy.yaml'], dir);
      assert.strictEqual(run.stdout, PORT_LINE);
      assert.strictEqual(run.stderr, '1 error, 0 warnings in 1 file\n');
      assert.strictEqual(run.code, 1);
    });

    it('gives the same positions for the CRLF copy', async () => {
      const run = await runCli(['check', '--format', 'json', 'crlf.yaml'], dir);
      assert.deepStrictEqual(JSON.parse(run.stdout), [
        {
          file: 'crlf.yaml',
          range: { start: { line: 16, character: 16 }, end: { line: 16, character: 21 } },
          severity: 'error',
          ruleId: 'netpol/invalid-port',
          message: 'spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
        },
      ]);
    });

    it('a warning alone exits 0, or 1 with --fail-on warning', async () => {
      const line =
        'cidr.yaml:11:19 warning netpol/ambiguous-cidr spec.egress[0].to[0].ipBlock.cidr: CIDR value "192.168.1.5/24" is ambiguous in this context (should be "192.168.1.0/24" or "192.168.1.5/32"?)\n';
      const lenient = await runCli(['check', '--lenient-cidr', 'cidr.yaml'], dir);
      assert.strictEqual(lenient.stdout, line);
      assert.strictEqual(lenient.stderr, '0 errors, 1 warning in 1 file\n');
      assert.strictEqual(lenient.code, 0);
      const strictFailOn = await runCli(['check', '--lenient-cidr', '--fail-on', 'warning', 'cidr.yaml'], dir);
      assert.strictEqual(strictFailOn.stdout, line);
      assert.strictEqual(strictFailOn.code, 1);
      const never = await runCli(['check', '--lenient-cidr', '--fail-on', 'never', 'cidr.yaml'], dir);
      assert.strictEqual(never.code, 0);
    });

    it('strict CIDR validation is the default (--strict-cidr says so explicitly)', async () => {
      const explicit = await runCli(['check', '--strict-cidr', 'cidr.yaml'], dir);
      const run = await runCli(['check', 'cidr.yaml'], dir);
      assert.strictEqual(explicit.stdout, run.stdout);
      assert.strictEqual(
        run.stdout,
        'cidr.yaml:11:19 error netpol/invalid-cidr spec.egress[0].to[0].ipBlock.cidr: Invalid value: "192.168.1.5/24": must not have bits set beyond the prefix length\n',
      );
      assert.strictEqual(run.code, 1);
    });

    it('sorts files by path: cidr.yaml, crlf.yaml, policy.yaml', async () => {
      const run = await runCli(['check', '--lenient-cidr', '--format', 'json', '.'], dir);
      const rows = (JSON.parse(run.stdout) as Array<{ file: string; ruleId: string }>).map((f) => [f.file, f.ruleId]);
      assert.deepStrictEqual(rows, [
        ['cidr.yaml', 'netpol/ambiguous-cidr'],
        ['crlf.yaml', 'netpol/invalid-port'],
        ['policy.yaml', 'netpol/invalid-port'],
      ]);
      assert.strictEqual(run.code, 1);
    });
  });

  describe('exit codes', () => {
    let dir: string;
    before(() => {
      dir = tempTree({ 'bad.yaml': 'a: b: c\n', 'ok.yaml': 'kind: ConfigMap\n' });
    });
    after(() => removeTree(dir));

    it('1 for an error (default --fail-on error)', async () => {
      assert.strictEqual((await runCli(['check', 'bad.yaml'], dir)).code, 1);
    });

    it('1 for an error with --fail-on warning', async () => {
      assert.strictEqual((await runCli(['check', '--fail-on', 'warning', 'bad.yaml'], dir)).code, 1);
    });

    it('0 for an error with --fail-on never, findings still printed', async () => {
      const run = await runCli(['check', '--fail-on', 'never', 'bad.yaml'], dir);
      assert.strictEqual(run.code, 0);
      assert.strictEqual(run.stdout, `bad.yaml:1:4 error netpol/yaml-syntax ${NESTED}\n`);
    });

    it('0 without findings, whatever --fail-on says', async () => {
      assert.strictEqual((await runCli(['check', '--fail-on', 'warning', 'ok.yaml'], dir)).code, 0);
    });

    it('2 for an unknown flag, with the flag named on stderr', async () => {
      const run = await runCli(['check', '--bogus', 'ok.yaml'], dir);
      assert.strictEqual(run.code, 2);
      assert.strictEqual(run.stdout, '');
      assert.match(run.stderr, /^error: unknown option '--bogus'\n/);
    });

    it('2 for a nonexistent path, with a clear message', async () => {
      const run = await runCli(['check', 'ok.yaml', 'nope'], dir);
      assert.strictEqual(run.code, 2);
      assert.strictEqual(run.stdout, '');
      assert.strictEqual(run.stderr, 'netpol: no such file or directory: nope\n');
    });

    it('2 without a path', async () => {
      const run = await runCli(['check'], dir);
      assert.strictEqual(run.code, 2);
      assert.match(run.stderr, /^error: missing required argument 'path'\n/);
    });

    it('2 for a bad --format or --fail-on value', async () => {
      const format = await runCli(['check', '--format', 'xml', 'ok.yaml'], dir);
      assert.strictEqual(format.code, 2);
      assert.match(format.stderr, /argument 'xml' is invalid\. Allowed choices are text, json, sarif\./);
      const failOn = await runCli(['check', '--fail-on', 'info', 'ok.yaml'], dir);
      assert.strictEqual(failOn.code, 2);
      assert.match(failOn.stderr, /argument 'info' is invalid\. Allowed choices are error, warning, never\./);
    });
  });
});
