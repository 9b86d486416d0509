// The connectivity webview's page carries its stylesheet and script itself
// (nothing to fetch) under a CSP that allows only those two, by nonce.
import * as assert from 'assert';
import { connectivityPage } from '../../../client/src/views/connectivityPage';

const NONCE = 'abcDEF123+/=';

function csp(html: string): string {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m, 'a CSP meta element');
  return m[1];
}

describe('connectivity page', () => {
  it('writes the stylesheet and the script into the page, each under the nonce', () => {
    const html = connectivityPage({ nonce: NONCE, css: 'body { color: red; }', js: 'document.body.dataset.x = "1";' });
    assert.match(html, new RegExp(`<style nonce="${NONCE.replace(/[+/]/g, '\\$&')}">\\s*body \\{ color: red; \\}\\s*</style>`));
    assert.match(html, new RegExp(`<script nonce="${NONCE.replace(/[+/]/g, '\\$&')}">\\s*document\\.body\\.dataset\\.x = "1";\\s*</script>`));
    assert.doesNotMatch(html, /<link|src=|href=/, 'nothing linked');
  });

  it('allows nothing but the nonce: no source, no inline, no eval', () => {
    const policy = csp(connectivityPage({ nonce: NONCE, css: '', js: '' }));
    const directives = new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    assert.deepStrictEqual(directives.get('default-src'), ["'none'"]);
    assert.deepStrictEqual(directives.get('script-src'), [`'nonce-${NONCE}'`]);
    assert.deepStrictEqual(directives.get('style-src'), [`'nonce-${NONCE}'`]);
    assert.doesNotMatch(policy, /unsafe|https?:|\*/);
  });

  it('refuses a stylesheet or script that would end its element early, and a nonce that would end the attribute', () => {
    assert.throws(() => connectivityPage({ nonce: NONCE, css: 'a{}</STYLE><script>x()</script>', js: '' }), /<\/style/);
    assert.throws(() => connectivityPage({ nonce: NONCE, css: '', js: 'var s="</script><img src=x>"' }), /<\/script/);
    assert.throws(() => connectivityPage({ nonce: 'a" onload="x', css: '', js: '' }), /nonce/);
  });
});
