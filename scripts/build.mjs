// Bundles the client, the server and the CLI with esbuild into dist/, and
// the connectivity webview's script and stylesheet into dist/webview/.
// `vscode` is provided by the editor at run time, so it stays external.
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { yamlEnvOnce } from './yamlEnvOnce.mjs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [yamlEnvOnce],
};

/** The webview's stylesheet: the page's rules, then the graph's (GRAPH_CSS, shared with `netpol matrix --format svg|html`). */
async function webviewCss() {
  const out = await build({ entryPoints: ['server/src/core/graph/css.ts'], bundle: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'warning' });
  const { GRAPH_CSS } = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
  const page = await readFile('client/src/views/webview/view.css', 'utf8');
  await mkdir('dist/webview', { recursive: true });
  await writeFile('dist/webview/connectivity.css', `${page}\n/* core/graph GRAPH_CSS */\n${GRAPH_CSS}\n`);
}

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  // dist/server.js starts the analysis worker, then loads the server from dist/serverMain.js.
  build({ ...common, entryPoints: ['server/src/serverEntry.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/serverMain.js' }),
  // The server's analysis thread, loaded from next to dist/server.js.
  build({ ...common, entryPoints: ['server/src/lsp/analysisWorker.ts'], outfile: 'dist/analysisWorker.js' }),
  // The connectivity view's layout thread, the same way.
  build({ ...common, entryPoints: ['server/src/lsp/graphWorker.ts'], outfile: 'dist/graphWorker.js' }),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // The CLI's analysis threads (`netpol check` on every core), loaded from next to dist/cli.js.
  build({ ...common, entryPoints: ['server/src/cli/checkWorker.ts'], outfile: 'dist/checkWorker.js' }),
  // The webview runs in a browser frame under a strict CSP: no eval, one file.
  build({ entryPoints: ['client/src/views/webview/main.ts'], outfile: 'dist/webview/connectivity.js', bundle: true, platform: 'browser', target: 'es2022', format: 'iife', sourcemap: false, minify: true, logLevel: 'warning' }),
  webviewCss(),
  // The connectivity-diff webview: one script, one stylesheet, under the same CSP.
  build({ entryPoints: ['client/src/views/diffWebview/main.ts'], outfile: 'dist/webview/diff.js', bundle: true, platform: 'browser', target: 'es2022', format: 'iife', minify: true, logLevel: 'warning' }),
  mkdir('dist/webview', { recursive: true }).then(() => copyFile('client/src/views/diffWebview/diff.css', 'dist/webview/diff.css')),
]);
// The connectivity page carries these two inline (client/src/views/connectivityPage.ts): neither may end its element early.
for (const [file, end] of [['dist/webview/connectivity.js', /<\/script|<!--/i], ['dist/webview/connectivity.css', /<\/style/i]]) {
  if (end.test(await readFile(file, 'utf8'))) throw new Error(`${file} holds ${end.source}: it cannot be written into the page`);
}
console.log('built dist/extension.js, dist/server.js, dist/serverMain.js, dist/analysisWorker.js, dist/graphWorker.js, dist/cli.js, dist/checkWorker.js, dist/webview/{connectivity,diff}.{js,css}');
