// Hostile sizes: the per-file pipeline (parse, model, validation) must stay
// linear. Each case is timed against a linear baseline in the same run (a
// ratio, not a time bound), taking the best of a few runs against noise.
import * as assert from 'assert';
import { analyzeText } from '../../../server/src/core/analyze';
import type { NetworkPolicy } from '../../../server/src/core/model/types';
import { compileSelector } from '../../../server/src/core/policy/labelSelector';
import { validateNetworkPolicy } from '../../../server/src/core/policy/validation';
import type { Finding } from '../../../server/src/core/findings';
import type { Document } from 'yaml';
import { policy } from './helpers';

/** Large enough for the size precheck to let the texts through. */
const MAX_LENGTH = 50 * 1024 * 1024;

function elapsed(fn: () => void): number {
  const started = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * Best times of `fn` and of `baseline` run `times` times in a row, sampled
 * alternately: both samples then do the same work when `fn` is linear, and
 * last long enough that the load of a shared machine hits them alike.
 */
function compare(fn: () => void, baseline: () => void, times: number, samples = 5): { ms: number; baselineMs: number } {
  let ms = Infinity;
  let baselineMs = Infinity;
  for (let i = 0; i < samples; i++) {
    ms = Math.min(ms, elapsed(fn));
    baselineMs = Math.min(
      baselineMs,
      elapsed(() => {
        for (let k = 0; k < times; k++) baseline();
      }),
    );
  }
  return { ms, baselineMs };
}

function analyze(text: string) {
  return analyzeText(text, { maxLength: MAX_LENGTH });
}

function matchLabels(lines: string[]): string {
  return policy(`  podSelector:\n    matchLabels:\n${lines.map((l) => `      ${l}\n`).join('')}`);
}

describe('validation at hostile sizes', function () {
  this.timeout(120000);

  describe('5,000 duplicate keys in one matchLabels', () => {
    const N = 5000;
    const duplicates = matchLabels(Array.from({ length: N }, (_, i) => `app: v${i}`));
    const distinct = matchLabels(Array.from({ length: N }, (_, i) => `k${i}: v${i}`));

    it('reports each duplicate once, as duplicate-field on its key', () => {
      const findings = analyze(duplicates).findings;
      const dup = findings.filter((f) => f.ruleId === 'netpol/duplicate-field');
      assert.strictEqual(dup.length, N - 1);
      assert.ok(dup.every((f) => f.message === 'duplicate field "spec.podSelector.matchLabels.app"' && duplicates.slice(f.range.start, f.range.end) === 'app'));
      assert.strictEqual(new Set(dup.map((f) => f.range.start)).size, N - 1, 'one finding per occurrence');
      assert.ok(!dup.some((f) => f.range.start === duplicates.indexOf('app: v0')), 'the first occurrence is not a duplicate');
      assert.deepStrictEqual([...new Set(findings.map((f) => f.ruleId))], ['netpol/duplicate-field']);
    });

    it('keeps the last value only: one model entry and one requirement per key', () => {
      const p = analyze(duplicates).objects[0] as NetworkPolicy;
      assert.deepStrictEqual(p.podSelector!.matchLabels!.items.map((e) => [e.key.value, e.value.value]), [['app', `v${N - 1}`]]);
      const reqs = compileSelector(p.podSelector)!;
      assert.strictEqual(reqs.length, 1);
      assert.deepStrictEqual(reqs.map((r) => [r.key, r.op, 'values' in r ? [...r.values] : []]), [['app', 'In', [`v${N - 1}`]]]);
      // compileSelector on its own: a selector model with the key repeated still gives one requirement.
      const [a, b] = (analyze(matchLabels(['app: x', 'tier: web'])).objects[0] as NetworkPolicy).podSelector!.matchLabels!.items;
      const repeated = { ...p.podSelector!, matchLabels: { ...p.podSelector!.matchLabels!, items: [a, b, { ...a, value: { ...a.value, value: 'z' } }] } };
      // A map: the order of requirements carries no meaning.
      assert.deepStrictEqual(compileSelector(repeated)!.map((r) => [r.key, 'values' in r ? [...r.values] : []]).sort(), [['app', ['z']], ['tier', ['web']]]);
    });

    it('analyses in time linear to 5,000 distinct keys (ratio < 3)', () => {
      const run = (text: string) => () => compileSelector((analyze(text).objects[0] as NetworkPolicy).podSelector);
      run(distinct)();
      run(duplicates)();
      const { ms, baselineMs } = compare(run(duplicates), run(distinct), 1, 3);
      assert.ok(ms < 3 * baselineMs, `duplicates ${ms.toFixed(1)} ms vs distinct ${baselineMs.toFixed(1)} ms`);
    });
  });

  describe('20,000 ports in one rule', () => {
    const ports = (n: number) => policy(`  podSelector: {}\n  ingress:\n  - ports:\n${Array.from({ length: n }, (_, i) => `    - {port: ${(i % 65535) + 1}, protocol: TCP}\n`).join('')}`);
    // Parsed once (the YAML parser is most of the cost, and not what is measured here).
    let large: { policy: NetworkPolicy; doc: Document.Parsed; findings: Finding[] };
    let small: typeof large;
    before(() => {
      const read = (text: string) => {
        const analysis = analyze(text);
        return { policy: analysis.objects[0] as NetworkPolicy, doc: analysis.parsed.documents[0].doc, findings: analysis.findings };
      };
      large = read(ports(20000).replace('- {port: 19999, protocol: TCP}', '- {port: 0, protocol: tcp}'));
      small = read(ports(2000));
    });

    it('validates each port (a bad one among 20,000 is found)', () => {
      assert.deepStrictEqual(
        large.findings.map((f) => [f.ruleId, f.message]),
        [
          ['netpol/invalid-protocol', 'spec.ingress[0].ports[19998].protocol: Unsupported value: "tcp": supported values: "TCP", "UDP", "SCTP"'],
          ['netpol/invalid-port', 'spec.ingress[0].ports[19998].port: Invalid value: 0: must be between 1 and 65535, inclusive'],
        ],
      );
    });

    it('validates in linear time: 20k ports cost less than 30x 2k ports (quadratic would be 100x)', () => {
      const validate = (p: typeof large) => () => validateNetworkPolicy(p.policy, p.doc);
      validate(small)();
      // 20k once against 2k ten times: the same work if linear, 10 times more if quadratic. Measured
      // 0.6-1.8 on a loaded machine (a 20k-port tree outgrows the CPU caches a 2k one fits in): the bound is 3.
      const { ms, baselineMs } = compare(validate(large), validate(small), 10, 3);
      assert.ok(ms < 3 * baselineMs, `20k ports ${ms.toFixed(1)} ms vs 10 x 2k ports ${baselineMs.toFixed(1)} ms`);
    });
  });
});
