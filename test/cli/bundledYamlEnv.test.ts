// The bundles read the `yaml` parser's debug switches (LOG_TOKENS,
// LOG_STREAM) once at load instead of once per token (scripts/yamlEnvOnce.mjs):
// every bundle that parses YAML carries the patch, and the switch still
// works when set before start.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, removeTree, runCli, tempTree } from './runCli';

const BUNDLES = ['cli.js', 'checkWorker.js', 'serverMain.js', 'analysisWorker.js'];

describe('bundled yaml reads its debug switches once', () => {
  for (const bundle of BUNDLES) {
    it(`${bundle} has no per-token environment lookup`, () => {
      const code = fs.readFileSync(path.join(REPO_ROOT, 'dist', bundle), 'utf8');
      assert.ok(code.includes('yaml/dist/parse/parser.js'), `${bundle} bundles yaml's parser`);
      for (const name of ['LOG_TOKENS', 'LOG_STREAM']) {
        assert.ok(!code.includes(`node_process.env.${name})`), `${bundle} still reads ${name} in a condition`);
        assert.ok(code.includes(`var __yamlEnv${name} = node_process.env.${name};`), `${bundle} reads ${name} once`);
      }
    });
  }

  it('LOG_TOKENS set before start still prints the tokens', async () => {
    const dir = tempTree({ 'a.yaml': 'kind: Namespace\napiVersion: v1\nmetadata: {name: tokens-here}\n' });
    try {
      const quiet = await runCli(['check', 'a.yaml'], dir);
      const loud = await runCli(['check', 'a.yaml'], dir, undefined, { LOG_TOKENS: '1' });
      assert.ok(!quiet.stdout.includes('tokens-here'), quiet.stdout);
      assert.match(loud.stdout, /^\| "tokens-here"$/m);
    } finally {
      removeTree(dir);
    }
  });
});
