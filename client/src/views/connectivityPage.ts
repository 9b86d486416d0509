// The connectivity webview's page as text, without vscode (unit-tested): the
// stylesheet and the script are written into the page, each with the nonce
// that the CSP names, so the page loads nothing. In code-server each file
// the page links is fetched through the webview's service worker, the
// workbench and the remote file system (200 ms each at load 12, measured),
// and the frame is shown only after its `load`, which waits for them.

export interface PageParts {
  nonce: string;
  css: string;
  js: string;
}

/** The page; throws if the stylesheet or script could end its element early (esbuild's output never does). */
export function connectivityPage({ nonce, css, js }: PageParts): string {
  if (/<\/style/i.test(css)) throw new Error('the stylesheet holds </style');
  if (/<\/script|<!--/i.test(js)) throw new Error('the script holds </script or <!--');
  if (!/^[A-Za-z0-9+/=]+$/.test(nonce)) throw new Error('the nonce is not base64');
  const csp = [
    "default-src 'none'",
    'img-src data:',
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">
${css}
</style>
<title>Connectivity</title>
</head>
<body>
<div id="app" aria-live="polite">Loading the connectivity of the workspace…</div>
<script nonce="${nonce}">
${js}
</script>
</body>
</html>`;
}
