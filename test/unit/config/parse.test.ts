// core/config/parse.ts: the config it reads, and findings at exact ranges.
import * as assert from 'assert';
import { parseConfig } from '../../../server/src/core/config/parse';
import { INVALID, VALID } from './examples';

const errors = (text: string) => parseConfig(text).findings.filter((f) => f.severity === 'error');

describe('parseConfig', () => {
  for (const ex of VALID) {
    it(`reads "${ex.name}" without errors`, () => {
      const result = parseConfig(ex.text);
      assert.deepStrictEqual(result.findings, []);
      assert.strictEqual(result.usable, true);
    });
  }

  for (const ex of INVALID) {
    it(`reports "${ex.name}" on ${JSON.stringify(ex.at)}`, () => {
      const found = errors(ex.text);
      assert.ok(found.length > 0, 'an error');
      const at = ex.text.indexOf(ex.at!);
      assert.ok(at >= 0);
      assert.deepStrictEqual(
        found.map((f) => [f.ruleId, ex.text.slice(f.range.start, f.range.end)]),
        [['netpol/invalid-config', ex.at]],
        found.map((f) => f.message).join('\n'),
      );
      assert.strictEqual(found[0].range.start, at);
    });
  }

  it('reads every field into the config, rule ids qualified', () => {
    const { config } = parseConfig(
      [
        'rules:',
        '  selector-matches-nothing: off',
        '  netpol/yaml-syntax: hint',
        'exclude: [gen/**]',
        'defaultNamespace: shop',
        'strictCidr: false',
        'cluster:',
        '  dns: nodelocal',
        '  extraNamespaces: [monitoring, {name: ingress, labels: {team: edge}}]',
        '  workloads:',
        '    - {name: prom, namespace: monitoring, labels: {app: prometheus}, ports: [9090, {port: 53, protocol: UDP}]}',
        '',
      ].join('\n'),
    );
    assert.deepStrictEqual(config, {
      rules: { 'netpol/selector-matches-nothing': 'off', 'netpol/yaml-syntax': 'hint' },
      exclude: ['gen/**'],
      defaultNamespace: 'shop',
      strictCidr: false,
      cluster: {
        dns: 'nodelocal',
        extraNamespaces: [{ name: 'monitoring' }, { name: 'ingress', labels: { team: 'edge' } }],
        workloads: [{ name: 'prom', namespace: 'monitoring', labels: { app: 'prometheus' }, ports: [{ port: 9090 }, { port: 53, protocol: 'UDP' }] }],
      },
    });
  });

  it('keeps the valid parts of a partly invalid config', () => {
    const result = parseConfig('rules:\n  yaml-syntax: loud\n  invalid-port: warning\nstrictCidr: 1\ndefaultNamespace: shop\nbogus: 1\n');
    assert.strictEqual(result.usable, true);
    assert.deepStrictEqual(result.config, { rules: { 'netpol/invalid-port': 'warning' }, defaultNamespace: 'shop' });
    assert.strictEqual(errors(result.text).length, 3);
  });

  it('leaves out a workload with an invalid field, keeps the others', () => {
    const { config } = parseConfig('cluster:\n  workloads:\n    - {name: a, namespace: B, labels: {}}\n    - {name: c, namespace: d, labels: {}}\n');
    assert.deepStrictEqual(config.cluster?.workloads, [{ name: 'c', namespace: 'd', labels: {} }]);
  });

  it('says which fields are allowed, and suggests the nearest', () => {
    const [f] = errors('defaultNamspace: x\n');
    assert.strictEqual(f.message, 'unknown field "defaultNamspace" (did you mean "defaultNamespace"?); allowed fields: rules, exclude, defaultNamespace, strictCidr, cluster');
    const [g] = errors('cluster:\n  workloads:\n    - {name: a, namespace: b, labels: {}, portz: []}\n');
    assert.strictEqual(g.message, 'unknown field "cluster.workloads[0].portz" (did you mean "ports"?); allowed fields in cluster.workloads[0]: name, namespace, kind, labels, ports, description');
  });

  it('suggests a severity and a DNS preset', () => {
    assert.match(errors('rules:\n  a: eror\n')[0].message, /^rules\["a"\]: Unsupported value: "eror": supported values: "error", "warning", "information", "hint", "off" \(did you mean "error"\?\)$/);
    assert.match(errors('cluster:\n  dns: openshfit\n')[0].message, /\(did you mean "openshift"\?\)/);
  });

  it('reads off as a string (YAML 1.2, as the editors read the file)', () => {
    assert.deepStrictEqual(parseConfig('rules:\n  a: off\n').config.rules, { 'netpol/a': 'off' });
  });

  it('warns about unknown rule ids when told the known ones, with a suggestion', () => {
    const result = parseConfig('rules:\n  selector-matches-nothin: off\n', { knownRuleIds: ['netpol/selector-matches-nothing'] });
    assert.deepStrictEqual(
      result.findings.map((f) => [f.severity, f.message, result.text.slice(f.range.start, f.range.end)]),
      [['warning', 'unknown rule "selector-matches-nothin" (did you mean "netpol/selector-matches-nothing"?); its level is kept for tools that know it', 'selector-matches-nothin']],
    );
    assert.deepStrictEqual(result.config.rules, { 'netpol/selector-matches-nothin': 'off' });
  });

  it('reports a YAML syntax error and is unusable', () => {
    const result = parseConfig('rules: {a: off\n');
    assert.strictEqual(result.usable, false);
    assert.deepStrictEqual(result.config, {});
    assert.deepStrictEqual(result.findings.map((f) => f.ruleId), ['netpol/yaml-syntax']);
  });

  it('reports a scalar root and is unusable', () => {
    const result = parseConfig('just text\n');
    assert.strictEqual(result.usable, false);
    assert.deepStrictEqual(result.findings.map((f) => [f.ruleId, result.text.slice(f.range.start, f.range.end)]), [['netpol/invalid-config', 'just text']]);
  });

  it('warns about extra documents', () => {
    const result = parseConfig('strictCidr: true\n---\nstrictCidr: false\n');
    assert.deepStrictEqual(result.config, { strictCidr: true });
    assert.deepStrictEqual(result.findings.map((f) => f.severity), ['warning']);
  });

  it('reports duplicate fields; the last wins', () => {
    const result = parseConfig('defaultNamespace: a\ndefaultNamespace: b\n');
    assert.strictEqual(result.config.defaultNamespace, 'b');
    assert.deepStrictEqual(errors(result.text).map((f) => result.text.slice(f.range.start, f.range.end)), ['defaultNamespace']);
  });

  it('gives ranges in CRLF text and after non-ASCII text', () => {
    const text = '# caf\u00e9 \u{1F600}\r\nrules:\r\n  a: loud\r\n';
    const [f] = errors(text);
    assert.strictEqual(text.slice(f.range.start, f.range.end), 'loud');
    assert.deepStrictEqual(parseConfig(text).lines.rangeOf(f.range), { start: { line: 2, character: 5 }, end: { line: 2, character: 9 } });
  });

  it('says that aliases and merge keys are not read', () => {
    const alias = parseConfig('x: &n shop\ndefaultNamespace: *n\n');
    assert.deepStrictEqual(alias.findings.map((f) => [f.message, alias.text.slice(f.range.start, f.range.end)]).slice(-1), [
      ['defaultNamespace: expected a string, got an alias (aliases are not read in the config)', '*n'],
    ]);
    const merge = parseConfig('cluster:\n  <<: {dns: none}\n');
    assert.deepStrictEqual(merge.findings.map((f) => [f.message, merge.text.slice(f.range.start, f.range.end)]), [
      ['cluster: merge keys (<<) are not read in the config; write the fields out', '<<'],
    ]);
  });

  it('never throws on hostile input', () => {
    const inputs = ['\u0000\u0001binary', '{'.repeat(5000), '- '.repeat(3000) + 'x', 'a: &a [*a]\n', 'cluster: &c\n  workloads: *c\n', '? [a]\n: b\n', 'rules: !!binary aGVsbG8=\n', '<<: {rules: {a: off}}\n'];
    for (const text of inputs) {
      const result = parseConfig(text);
      assert.ok(Array.isArray(result.findings), JSON.stringify(text.slice(0, 20)));
      for (const f of result.findings) assert.ok(f.range.start >= 0 && f.range.end <= text.length && f.range.start <= f.range.end);
    }
  });
});
