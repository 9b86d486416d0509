// The data cases of the Service, webhook, named-port and host-network lints
// (test/rules/<id>/<case>/expected.json) through the built CLI, until the
// shared runner (test/rules/rules.test.ts) checks every rule's cases: each
// case's findings of its rule are exactly the expected ones; `fires-*` have
// at least one, `silent-*` none.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, runCli } from './runCli';

const RULES = ['named-port-undefined', 'service-port-not-pod-port', 'webhook-ingress-blocked', 'host-network-pod'];

interface Expected {
  file: string;
  line: number;
  column: number;
  severity: string;
  message: string;
}

describe('CLI: data cases of the Service/webhook/named-port/host-network lints', function () {
  this.timeout(120000);
  for (const rule of RULES) {
    const root = path.join(REPO_ROOT, 'test', 'rules', rule);
    for (const name of fs.readdirSync(root).sort()) {
      const dir = path.join(root, name);
      it(`${rule}/${name}`, async () => {
        const expected = (JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as { findings: Expected[] }).findings;
        if (name.startsWith('fires-')) assert.ok(expected.length > 0, 'a fires- case expects findings');
        else assert.deepStrictEqual(expected, [], 'a silent- case expects none');
        const { stdout } = await runCli(['check', dir, '--format', 'json'], REPO_ROOT);
        const got = (JSON.parse(stdout) as { file: string; ruleId: string; severity: string; message: string; range: { start: { line: number; character: number } } }[])
          .filter((f) => f.ruleId === `netpol/${rule}`)
          .map((f) => ({ file: path.relative(dir, f.file), line: f.range.start.line + 1, column: f.range.start.character + 1, severity: f.severity, message: f.message }));
        assert.deepStrictEqual(got, expected);
      });
    }
  }
});
