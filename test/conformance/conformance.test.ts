import * as assert from 'assert';
import { compileEngine, isAllowed } from '../../server/src/core/policy/engine/engine';
import { computeMatrix, matrixToJson } from '../../server/src/core/policy/engine/matrix';
import { compareMatrix, ENDPOINTS, engineInputForCase, expandDerivation, listCases, OUTSIDE, PODS } from './harness';

describe('conformance (upstream e2e model) through the engine', () => {
  const cases = listCases();

  it('has the cases of networkpolicy-semantics.md section 4 and more', () => {
    assert.ok(cases.length >= 20, `only ${cases.length} cases`);
  });

  for (const c of cases) {
    describe(c.name, () => {
      it('expected.json tables equal their derivation lines', () => {
        for (const p of c.expected.probes) assert.deepStrictEqual(p.allowed, expandDerivation(p.derivation), `${p.probe.protocol} ${p.probe.port}`);
      });

      it('the matrix matches every expected table', () => {
        const input = engineInputForCase(c);
        assert.deepStrictEqual(input.workloads.length, PODS.length);
        const json = matrixToJson(computeMatrix(input));
        assert.deepStrictEqual(Object.keys(json.matrix), ENDPOINTS);
        assert.deepStrictEqual(compareMatrix(c, json), []);
      });

      it('isAllowed agrees with the tables for every pod pair', () => {
        const engine = compileEngine(engineInputForCase(c));
        const wrong: string[] = [];
        for (const { probe, allowed } of c.expected.probes) {
          for (const from of PODS) {
            for (const to of [...PODS, OUTSIDE]) {
              if (isAllowed(engine, from, to, probe) !== allowed[from][to]) wrong.push(`${probe.protocol} ${probe.port} ${from} -> ${to}`);
            }
          }
        }
        assert.deepStrictEqual(wrong, []);
      });
    });
  }
});
