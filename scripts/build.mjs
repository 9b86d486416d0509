// Bundles the client, the server and the CLI with esbuild into dist/.
// `vscode` is provided by the editor at run time, so it stays external.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  // The server's analysis thread, loaded from next to dist/server.js.
  build({ ...common, entryPoints: ['server/src/lsp/analysisWorker.ts'], outfile: 'dist/analysisWorker.js' }),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // The connectivity-diff webview runs in a browser frame under a strict CSP: one script, one stylesheet.
  build({ entryPoints: ['client/src/views/diffWebview/main.ts'], outfile: 'dist/webview/diff.js', bundle: true, platform: 'browser', target: 'es2022', format: 'iife', minify: true, logLevel: 'warning' }),
  mkdir('dist/webview', { recursive: true }).then(() => copyFile('client/src/views/diffWebview/diff.css', 'dist/webview/diff.css')),
]);
console.log('built dist/extension.js, dist/server.js, dist/analysisWorker.js, dist/cli.js, dist/webview/diff.{js,css}');
