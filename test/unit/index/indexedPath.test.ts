import * as assert from 'assert';
import { exceedsSizeLimit, isIndexedPath, shouldWalkFolder } from '../../../server/src/core/index/indexedPath';
import { folderOf, isKustomizationPath } from '../../../server/src/core/index/paths';
import { kustomizationNamespace } from '../../../server/src/core/index/kustomization';
import { parseYamlFile } from '../../../server/src/core/yaml/parse';

describe('which paths are indexed', () => {
  it('takes YAML files, JSON files (sniffed later) and kustomization files', () => {
    assert.strictEqual(isIndexedPath('a/b.yaml'), true);
    assert.strictEqual(isIndexedPath('a/b.YML'), true);
    assert.strictEqual(isIndexedPath('a/Kustomization'), true);
    assert.strictEqual(isIndexedPath('a/b.json'), true);
    assert.strictEqual(isIndexedPath('node_modules/p/package.json'), false);
    assert.strictEqual(isIndexedPath('a/b.jsonc'), false);
    assert.strictEqual(isIndexedPath('a/yaml'), false);
  });

  it('skips .git, node_modules and the exclude globs', () => {
    assert.strictEqual(isIndexedPath('.git/x.yaml'), false);
    assert.strictEqual(isIndexedPath('web/node_modules/pkg/a.yml'), false);
    const exclude = ['vendor/**', '**/*.generated.yaml', 'charts'];
    assert.strictEqual(isIndexedPath('vendor/a/b.yaml', { exclude }), false);
    assert.strictEqual(isIndexedPath('x/y.generated.yaml', { exclude }), false);
    assert.strictEqual(isIndexedPath('x/y.yaml', { exclude }), true);
    assert.strictEqual(isIndexedPath('.hidden/y.yaml', { exclude }), true);
    assert.strictEqual(isIndexedPath('.\\win\\y.yaml', { exclude: ['win/**'] }), false);
  });

  it('prunes folders that are skipped as a whole', () => {
    const exclude = ['vendor/**', '**/charts'];
    assert.strictEqual(shouldWalkFolder('', { exclude }), true);
    assert.strictEqual(shouldWalkFolder('node_modules'), false);
    assert.strictEqual(shouldWalkFolder('a/.git'), false);
    assert.strictEqual(shouldWalkFolder('vendor', { exclude }), false);
    assert.strictEqual(shouldWalkFolder('vendor/x', { exclude }), false);
    assert.strictEqual(shouldWalkFolder('deploy/charts', { exclude }), false);
    assert.strictEqual(shouldWalkFolder('deploy', { exclude }), true);
  });

  it('applies the size limit in kilobytes', () => {
    assert.strictEqual(exceedsSizeLimit(1024 * 1024), false);
    assert.strictEqual(exceedsSizeLimit(1024 * 1024 + 1), true);
    assert.strictEqual(exceedsSizeLimit(3000, 2), true);
  });

  it('reads the folder and the kustomization namespace', () => {
    assert.strictEqual(folderOf('file:///w/a/b.yaml'), 'file:///w/a');
    assert.strictEqual(isKustomizationPath('file:///w/a/kustomization.yml'), true);
    assert.strictEqual(isKustomizationPath('file:///w/a/my-kustomization.yaml'), false);
    assert.strictEqual(kustomizationNamespace(parseYamlFile('apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\n')), 'shop');
    assert.strictEqual(kustomizationNamespace(parseYamlFile('resources: []\n')), undefined);
    assert.strictEqual(kustomizationNamespace(parseYamlFile('namespace: [\n')), undefined);
  });
});
