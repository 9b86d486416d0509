import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { collectYamlFiles } from '../../server/src/cli/files';

// The walk keys files by real path without a realpath call per plain file:
// a file reached twice (through a symlinked folder, or named again) is still read once.
describe('collectYamlFiles: real paths', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-collect-'));
    fs.mkdirSync(path.join(root, 'a'));
    fs.writeFileSync(path.join(root, 'a', 'x.yaml'), 'kind: Pod\n');
    fs.writeFileSync(path.join(root, 'a', 'y.yml'), 'kind: Pod\n');
    fs.symlinkSync(path.join(root, 'a'), path.join(root, 'b'));
    fs.symlinkSync(path.join(root, 'a', 'x.yaml'), path.join(root, 'z.yaml'));
    // A cycle: c/loop -> c.
    fs.mkdirSync(path.join(root, 'c'));
    fs.writeFileSync(path.join(root, 'c', 'w.yaml'), 'kind: Pod\n');
    fs.symlinkSync(path.join(root, 'c'), path.join(root, 'c', 'loop'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads each real file once, under its first name, and stops at folder cycles', () => {
    const got = collectYamlFiles(['.'], root).map((f) => f.displayPath);
    assert.strictEqual(got.filter((p) => p.endsWith('x.yaml')).length, 1, got.join());
    assert.strictEqual(got.filter((p) => p.endsWith('y.yml')).length, 1, got.join());
    assert.deepStrictEqual(collectYamlFiles(['c'], root).map((f) => f.displayPath), ['c/w.yaml']);
  });

  it('a file named after the folder holding it is the same file', () => {
    const got = collectYamlFiles(['b', 'a/x.yaml', 'z.yaml'], root).map((f) => f.displayPath);
    assert.deepStrictEqual(got, ['b/x.yaml', 'b/y.yml']);
  });
});
