// `netpol explain` end to end: verdicts, evidence with file:line, JSON, exit
// codes (0 allowed, 3 denied, 2 usage) and the errors for unknown names.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, removeTree, runCli, tempTree } from './runCli';

const THREE_TIER = 'examples/three-tier';
const DB_POLICY = 'examples/three-tier/db-policy.yaml';
const explain = (...args: string[]) => runCli(['explain', THREE_TIER, ...args]);

/** The output the README shows after `$ npx <command>`, up to the next prompt or the end of the block. */
function readmeOutput(command: string): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(`$ npx ${command}\n`);
  assert.ok(start >= 0, `README shows \`${command}\``);
  const body = readme.slice(start + command.length + 7);
  const end = Math.min(...['\n\n$ ', '\n```'].map((m) => (body.indexOf(m) < 0 ? body.length : body.indexOf(m))));
  return body.slice(0, end + 1);
}

describe('netpol explain', function () {
  // Child processes on a shared, loaded machine; also under `mocha --no-config` (2 s default).
  this.timeout(30_000);
  describe('examples/three-tier on TCP 3306', () => {
    it('frontend -> db: denied by db-policy, exit 3', async () => {
      const run = await explain('--from', 'shop/frontend', '--to', 'shop/db', '--port', '3306');
      assert.strictEqual(
        run.stdout,
        [
          'denied: shop/frontend -> shop/db on TCP 3306 (ingress of shop/db)',
          '',
          'egress of shop/frontend: allowed',
          '  shop/frontend is not isolated for egress (no policy selects it), so all egress is allowed',
          '',
          'ingress of shop/db: denied',
          `  isolated by db-policy (${DB_POLICY}:13)`,
          '  no rule allows TCP 3306 from shop/frontend',
          `  spec.ingress[0] of db-policy (${DB_POLICY}:22) allows from app=backend in shop on TCP 3306; no peer of it matches shop/frontend`,
          '',
        ].join('\n'),
      );
      assert.strictEqual(run.stderr, '');
      assert.strictEqual(run.code, 3);
    });

    it('the README shows this very explanation', async () => {
      const run = await explain('--from', 'shop/frontend', '--to', 'shop/db', '--port', '3306');
      assert.strictEqual(readmeOutput(`netpol explain ${THREE_TIER} --from shop/frontend --to shop/db --port 3306`), run.stdout);
    });

    it('backend -> db: allowed by spec.ingress[0] of db-policy at line 22, exit 0', async () => {
      const run = await explain('--from', 'shop/backend', '--to', 'shop/db', '--port', '3306');
      assert.strictEqual(
        run.stdout,
        [
          'allowed: shop/backend -> shop/db on TCP 3306',
          '',
          'egress of shop/backend: allowed',
          '  shop/backend is not isolated for egress (no policy selects it), so all egress is allowed',
          '',
          'ingress of shop/db: allowed',
          `  isolated by db-policy (${DB_POLICY}:13)`,
          `  allowed by spec.ingress[0] of db-policy (${DB_POLICY}:22): from app=backend in shop on TCP 3306`,
          '',
        ].join('\n'),
      );
      assert.strictEqual(run.code, 0);
    });

    it('json (denied): allowed false, both directions, the policy and the rule with lines and 0-based ranges', async () => {
      const run = await explain('--from', 'shop/frontend', '--to', 'shop/db', '--port', '3306', '--format', 'json');
      assert.strictEqual(run.code, 3);
      const json = JSON.parse(run.stdout);
      assert.strictEqual(json.allowed, false);
      assert.deepStrictEqual([json.from, json.to, json.protocol, json.port, json.allowedPorts, json.loopback], ['shop/frontend', 'shop/db', 'TCP', 3306, 'none', false]);
      assert.deepStrictEqual(json.egress, {
        allowed: true,
        applies: true,
        isolated: false,
        policies: [],
        allowedBy: [],
        otherRules: [],
        ports: 'all',
        reason: 'egress: shop/frontend is not isolated for egress (no policy selects it), so all egress is allowed',
      });
      assert.strictEqual(json.ingress.allowed, false);
      assert.strictEqual(json.ingress.isolated, true);
      assert.deepStrictEqual(json.ingress.policies, [
        { name: 'db-policy', namespace: 'shop', file: DB_POLICY, line: 13, range: { start: { line: 12, character: 8 }, end: { line: 12, character: 17 } } },
      ]);
      assert.deepStrictEqual(json.ingress.allowedBy, []);
      assert.deepStrictEqual(json.ingress.otherRules, [
        {
          policy: 'db-policy',
          namespace: 'shop',
          rule: 'spec.ingress[0]',
          description: 'from app=backend in shop on TCP 3306',
          ports: ['TCP 3306'],
          file: DB_POLICY,
          line: 22,
          range: { start: { line: 21, character: 6 }, end: { line: 28, character: 0 } },
          why: 'no peer of it matches shop/frontend',
        },
      ]);
      assert.strictEqual(json.ingress.reason, 'ingress: shop/db is isolated for ingress by db-policy; no rule allows TCP 3306 from shop/frontend');
    });

    it('json (allowed): the allowing rule, the peer and the port entry that matched', async () => {
      const run = await explain('--from', 'shop/backend', '--to', 'shop/db', '--port', '3306', '--format', 'json');
      assert.strictEqual(run.code, 0);
      const json = JSON.parse(run.stdout);
      assert.strictEqual(json.allowed, true);
      assert.strictEqual(json.ingress.allowedBy.length, 1);
      const rule = json.ingress.allowedBy[0];
      assert.deepStrictEqual([rule.policy, rule.rule, rule.file, rule.line], ['db-policy', 'spec.ingress[0]', DB_POLICY, 22]);
      assert.deepStrictEqual(rule.peer, { path: 'spec.ingress[0].from[0]', file: DB_POLICY, line: 23, range: { start: { line: 22, character: 10 }, end: { line: 25, character: 0 } } });
      assert.deepStrictEqual(rule.port, { path: 'spec.ingress[0].ports[0]', file: DB_POLICY, line: 27, range: { start: { line: 26, character: 10 }, end: { line: 28, character: 0 } } });
      assert.deepStrictEqual(json.ingress.otherRules, []);
    });
  });

  describe('other probes', () => {
    it('--port by name resolves against the destination (mysql = TCP 3306)', async () => {
      const run = await explain('--from', 'shop/frontend', '--to', 'shop/db', '--port', 'mysql');
      assert.strictEqual(run.code, 3);
      assert.strictEqual(run.stdout.split('\n')[0], 'denied: shop/frontend -> shop/db on TCP 3306 (ingress of shop/db)');
    });

    it('a denied probe says what does get through', async () => {
      const run = await explain('--from', 'backend', '--to', 'db', '--port', '53', '--protocol', 'udp');
      assert.strictEqual(run.code, 3);
      assert.deepStrictEqual(run.stdout.split('\n').slice(0, 2), ['denied: shop/backend -> shop/db on UDP 53 (ingress of shop/db)', '  allowed between them: TCP 3306']);
      assert.match(run.stdout, /; it matches shop\/backend but allows only TCP 3306, not UDP 53\n/);
    });

    it('outside -> frontend: allowed, the outside side has no policy', async () => {
      const run = await explain('--from', 'outside', '--to', 'shop/frontend', '--port', '443');
      assert.strictEqual(run.code, 0);
      assert.deepStrictEqual(run.stdout.split('\n').slice(0, 4), ['allowed: outside -> shop/frontend on TCP 443', '', 'egress of outside: allowed', '  any address outside the cluster; no policy restricts its egress']);
    });

    it('an IP address as destination', async () => {
      const run = await explain('--from', 'shop/db', '--to', '203.0.113.7', '--port', '53', '--protocol', 'UDP', '--format', 'json');
      assert.strictEqual(run.code, 0);
      const json = JSON.parse(run.stdout);
      assert.deepStrictEqual([json.allowed, json.to, json.ingress.applies], [true, '203.0.113.7', false]);
    });

    it('a pod IP listed in status.podIPs is that pod: the except of the ipBlock denies it', async () => {
      const args = ['explain', 'test/conformance/model.yaml', 'test/conformance/cases/egress-to-cidr-with-except', '--from', 'x/a', '--port', '80'];
      const excepted = await runCli([...args, '--to', '10.0.1.2']);
      assert.strictEqual(excepted.code, 3, excepted.stderr);
      assert.strictEqual(excepted.stdout.split('\n')[0], 'denied: x/a -> x/b on TCP 80 (egress of x/a)');
      const other = await runCli([...args, '--to', '10.0.2.2']);
      assert.strictEqual(other.code, 0, other.stderr);
      assert.strictEqual(other.stdout.split('\n')[0], 'allowed: x/a -> y/b on TCP 80');
    });

    it('a workload to itself is loopback', async () => {
      const run = await explain('--from', 'shop/db', '--to', 'shop/Deployment/db', '--port', '9');
      assert.strictEqual(run.code, 0);
      assert.strictEqual(run.stdout.split('\n')[0], 'allowed: shop/db -> itself on TCP 9 (loopback)');
    });
  });

  describe('without --port: every port', () => {
    it('frontend -> db: denied on every port, exit 3', async () => {
      const run = await explain('--from', 'shop/frontend', '--to', 'shop/db');
      assert.strictEqual(run.code, 3);
      assert.deepStrictEqual(run.stdout.split('\n').slice(0, 1), ['denied: shop/frontend -> shop/db on every port (ingress of shop/db)']);
      assert.match(run.stdout, /\n {2}no rule allows any port from shop\/frontend\n/);
    });

    it('backend -> db: allowed on TCP 3306 only, exit 0; json has port null and the allowed ports', async () => {
      const text = await explain('--from', 'shop/backend', '--to', 'shop/db');
      assert.strictEqual(text.code, 0);
      assert.strictEqual(text.stdout.split('\n')[0], 'allowed: shop/backend -> shop/db on TCP 3306 only');
      assert.match(text.stdout, new RegExp(`\n {2}allowed by spec\\.ingress\\[0\\] of db-policy \\(${DB_POLICY}:22\\): from app=backend in shop on TCP 3306\n`));
      const run = await explain('--from', 'shop/backend', '--to', 'shop/db', '--format', 'json');
      const json = JSON.parse(run.stdout);
      assert.deepStrictEqual([json.allowed, json.port, json.protocol, json.allowedPorts, json.ingress.ports], [true, null, null, ['TCP 3306'], ['TCP 3306']]);
      assert.strictEqual(json.ingress.allowedBy[0].line, 22);
    });

    it('--protocol narrows the question: backend -> db on UDP is denied', async () => {
      const run = await explain('--from', 'shop/backend', '--to', 'shop/db', '--protocol', 'UDP');
      assert.strictEqual(run.code, 3);
      assert.strictEqual(run.stdout.split('\n')[0], 'denied: shop/backend -> shop/db on every UDP port (ingress of shop/db)');
    });

    it('frontend -> backend: allowed on every port', async () => {
      const run = await explain('--from', 'shop/frontend', '--to', 'shop/backend');
      assert.strictEqual(run.code, 0);
      assert.strictEqual(run.stdout.split('\n')[0], 'allowed: shop/frontend -> shop/backend on every port');
    });
  });

  describe('usage errors exit 2 with nothing on stdout', () => {
    const cases: [string, string[], string | RegExp][] = [
      ['a typo: the nearest name', ['--from', 'shop/fronted', '--to', 'shop/db'], 'netpol: no workload shop/fronted; did you mean shop/frontend?\n'],
      ['a bare-name typo', ['--from', 'shop/frontend', '--to', 'bakend'], 'netpol: no workload bakend; did you mean shop/backend?\n'],
      // The cluster model's CoreDNS is a workload explain can be asked about.
      ['nothing close: the list of workloads', ['--from', 'shop/x', '--to', 'shop/db'], 'netpol: no workload shop/x; the workloads are kube-system/coredns, shop/backend, shop/db, shop/frontend (or use outside, or an IP address)\n'],
      ['port out of range', ['--from', 'shop/frontend', '--to', 'shop/db', '--port', '0'], 'netpol: --port 0 is not a port number from 1 to 65535\n'],
      ['unknown port name', ['--from', 'shop/frontend', '--to', 'shop/db', '--port', 'http'], 'netpol: --port http: shop/db has no container port named http; its named ports: mysql (TCP 3306)\n'],
      ['bad protocol', ['--from', 'shop/frontend', '--to', 'shop/db', '--protocol', 'icmp'], 'netpol: --protocol icmp is not one of TCP, UDP, SCTP\n'],
      ['both ends outside', ['--from', 'outside', '--to', '10.0.0.1'], 'netpol: --from and --to are both outside the cluster: NetworkPolicies only govern traffic to and from pods\n'],
      ['unknown flag', ['--from', 'shop/frontend', '--to', 'shop/db', '--prot', '80'], /^error: unknown option '--prot'\n/],
      ['missing --to', ['--from', 'shop/frontend'], /^error: required option '--to <endpoint>' not specified\n/],
      ['bad format', ['--from', 'shop/frontend', '--to', 'shop/db', '--format', 'sarif'], /argument 'sarif' is invalid\. Allowed choices are text, json\./],
    ];
    for (const [name, args, stderr] of cases) {
      it(name, async () => {
        const run = await explain(...args);
        assert.strictEqual(run.code, 2, run.stderr);
        assert.strictEqual(run.stdout, '');
        if (typeof stderr === 'string') assert.strictEqual(run.stderr, stderr);
        else assert.match(run.stderr, stderr);
      });
    }
  });

  describe('names two kinds share', () => {
    let dir: string;
    afterEach(() => removeTree(dir));

    const workload = (kind: string, app: string) =>
      `apiVersion: apps/v1\nkind: ${kind}\nmetadata: {name: db, namespace: shop}\nspec:\n  template:\n    metadata:\n      labels: {app: ${app}}\n`;

    it('ns/name is ambiguous: exit 2 listing the ns/KIND/NAME choices; ns/KIND/NAME (any case) picks one', async () => {
      dir = tempTree({
        'db.yaml': workload('Deployment', 'db') + '---\n' + workload('StatefulSet', 'db-data'),
        'p.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: lock, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: db-data}}\n  policyTypes: [Ingress]\n',
      });
      const ambiguous = await runCli(['explain', '.', '--from', 'shop/Deployment/db', '--to', 'shop/db', '--port', '5432'], dir);
      assert.strictEqual(ambiguous.code, 2);
      assert.strictEqual(ambiguous.stderr, 'netpol: --to shop/db is ambiguous; use one of: shop/Deployment/db, shop/StatefulSet/db\n');
      const picked = await runCli(['explain', '.', '--from', 'shop/Deployment/db', '--to', 'shop/statefulset/db', '--port', '5432'], dir);
      assert.strictEqual(picked.code, 3, picked.stderr);
      assert.deepStrictEqual(picked.stdout.split('\n').slice(0, 1), ['denied: shop/Deployment/db -> shop/StatefulSet/db on TCP 5432 (ingress of shop/StatefulSet/db)']);
      assert.match(picked.stdout, /\n {2}isolated by lock \(p\.yaml:3\)\n {2}no rule allows TCP 5432 from shop\/Deployment\/db\n {2}\(the selecting policies have no ingress rules: they deny all ingress\)\n$/);
    });
  });

  it('--help documents the endpoints, --port without a value and the exit codes, with examples', async () => {
    const run = await runCli(['explain', '--help']);
    assert.strictEqual(run.code, 0);
    assert.match(run.stdout, /^Usage: netpol explain \[options\] <path\.\.\.>/);
    // Commander wraps option help to the terminal width: compare with spaces collapsed.
    const flat = run.stdout.replace(/\s+/g, ' ');
    assert.ok(flat.includes('--from <endpoint> source: NS/NAME, NS/KIND/NAME, outside, or an IP address'), flat);
    assert.ok(flat.includes('--port <port> destination port: a number, or a name of the destination\'s container ports (default: every port)'), flat);
    assert.match(run.stdout, /Without --port the question is "is any port allowed\?"/);
    assert.match(run.stdout, /Exit codes: 0 allowed, 3 denied, 2 usage error/);
    assert.match(run.stdout, /\nExamples:\n {2}netpol explain k8s\/ --from shop\/frontend --to shop\/db --port 3306\n/);
  });
});
