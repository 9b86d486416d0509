// The compact matrix the connectivity view receives: decoded, it is exactly
// `matrixToJson` (key order included) on examples/three-tier, the
// conformance model with every case's policies, and generated workspaces of
// about 300 workloads; it is a small fraction of the full JSON, and it
// formats a verdict per distinct port set, not per cell.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ABSENT, CompactMatrix, ConnectivityMatrix, decodeMatrix, encodeMatrix, formatPorts, matrixToJson, PortSet, VerdictJson } from '../../../server/src/core/policy/engine';
import { generateWorkspace } from '../../bench/generate';
import { listCases, MODEL_FILE } from '../../conformance/harness';
import { generatedYaml, matrixOfPaths, matrixOfYaml } from '../graph/helpers';

/** Encodes, counting the formatted port sets. */
function encode(m: ConnectivityMatrix): { compact: CompactMatrix; formatted: number } {
  let formatted = 0;
  const compact = encodeMatrix(m, (p: PortSet): VerdictJson => (formatted++, formatPorts(p)));
  return { compact, formatted };
}

function assertRoundTrip(m: ConnectivityMatrix): CompactMatrix {
  const { compact } = encode(m);
  // Through the wire, as the view gets it.
  const decoded = decodeMatrix(JSON.parse(JSON.stringify(compact)));
  const full = matrixToJson(m);
  assert.strictEqual(JSON.stringify(decoded), JSON.stringify(full));
  assert.deepStrictEqual(decoded, full);
  return compact;
}

describe('compact matrix', () => {
  it('decodes to matrixToJson on examples/three-tier', () => {
    const compact = assertRoundTrip(matrixOfPaths(['examples/three-tier']).matrix);
    assert.ok(compact.verdicts.some((v) => Array.isArray(v) && v.includes('TCP 3306')), JSON.stringify(compact.verdicts));
    // The outside row ends with the absent outside-to-outside cell.
    const outside = compact.endpoints.findIndex((e) => e.kind === 'outside');
    assert.strictEqual(compact.rows[outside].at(-2), ABSENT);
  });

  it('decodes to matrixToJson on the conformance model, alone and with each case\'s policies', () => {
    assertRoundTrip(matrixOfPaths([MODEL_FILE]).matrix);
    const cases = listCases();
    assert.ok(cases.length > 10);
    for (const c of cases) {
      try {
        assertRoundTrip(matrixOfPaths(c.files).matrix);
      } catch (e) {
        throw new Error(`${c.name}: ${(e as Error).message}`);
      }
    }
  });

  it('decodes to matrixToJson on a generated 300-workload workspace, in a tenth of the JSON, formatting per port set, not per cell', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-compact-'));
    try {
      let generated = generateWorkspace(root, 900);
      for (let pods = 900; generated.workloads < 300; pods += 60) generated = generateWorkspace(root, pods);
      const { matrix } = matrixOfPaths([root]);
      assert.ok(matrix.endpoints.length > 300);
      const compact = assertRoundTrip(matrix);
      const ratio = JSON.stringify(compact).length / JSON.stringify(matrixToJson(matrix)).length;
      assert.ok(ratio < 0.1, `compact / full JSON = ${ratio.toFixed(3)}`);
      const cells = matrix.endpoints.length ** 2;
      const { formatted } = encode(matrix);
      assert.ok(formatted * 10 < cells, `${formatted} port sets formatted for ${cells} cells`);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  // Tiers alternate along each row here, so runs are short: a fifth of the JSON (measured 0.18), not a tenth.
  it('decodes to matrixToJson where policies restrict many pairs (10 namespaces x 30 workloads), in a quarter of the JSON', () => {
    const matrix = matrixOfYaml(generatedYaml(10, 30));
    const compact = assertRoundTrip(matrix);
    assert.ok(compact.verdicts.length >= 3, JSON.stringify(compact.verdicts));
    const ratio = JSON.stringify(compact).length / JSON.stringify(matrixToJson(matrix)).length;
    assert.ok(ratio < 0.25, `compact / full JSON = ${ratio.toFixed(3)}`);
  });

  it('lists each verdict once, and decodes a row only when it is read', () => {
    const matrix = matrixOfYaml(generatedYaml(3, 6));
    const { compact } = encode(matrix);
    assert.strictEqual(new Set(compact.verdicts.map((v) => JSON.stringify(v))).size, compact.verdicts.length);
    const decoded = decodeMatrix(compact);
    const key = compact.endpoints[0].key;
    assert.strictEqual(typeof Object.getOwnPropertyDescriptor(decoded.matrix, key)?.get, 'function', 'not decoded before it is read');
    const row = decoded.matrix[key];
    assert.strictEqual(decoded.matrix[key], row, 'decoded once, then kept');
    assert.strictEqual(Object.getOwnPropertyDescriptor(decoded.matrix, key)?.get, undefined);
    assert.deepStrictEqual(row, matrixToJson(matrix).matrix[key]);
  });
});
