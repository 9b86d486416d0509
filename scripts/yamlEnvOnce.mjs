// An esbuild plugin for the `yaml` package's parser and composer: they read
// `process.env.LOG_TOKENS` / `LOG_STREAM` (debug switches) once per token and
// once per CST token, and in Node every `process.env` read is a call into
// C++. On 11 MB of manifests that lookup was 0.8-1 s of a 4.4 s parse (the
// parser's `next` led the profile). The bundles read each switch once, when
// the module loads; setting it in the environment before start still works.
import { readFile } from 'node:fs/promises';

const PATCHES = [
  { file: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/]parse[\\/]parser\.js$/, name: 'LOG_TOKENS' },
  { file: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/]compose[\\/]composer\.js$/, name: 'LOG_STREAM' },
];

export const yamlEnvOnce = {
  name: 'yaml-env-once',
  setup(build) {
    for (const { file, name } of PATCHES) {
      build.onLoad({ filter: file }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const lookup = `node_process.env.${name}`;
        if (!source.includes(lookup) || !source.includes("var node_process = require('process');")) {
          // A `yaml` upgrade changed these lines: look at the new source before bundling it unpatched.
          throw new Error(`yaml-env-once: ${args.path} no longer reads ${lookup}; update scripts/yamlEnvOnce.mjs`);
        }
        const once = `__yamlEnv${name}`;
        return { contents: `${source.split(lookup).join(once)}\nvar ${once} = node_process.env.${name};\n`, loader: 'js' };
      });
    }
  },
};
