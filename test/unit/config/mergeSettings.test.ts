// lsp/settings.ts: the user's explicit settings (garbage-proof) merged over
// the project config's, over the defaults.
import * as assert from 'assert';
import { DEFAULT_SETTINGS, explicitSettings, mergeSettings, normalizeSettings } from '../../../server/src/lsp/settings';

describe('explicitSettings / mergeSettings', () => {
  it('keeps only fields with valid values', () => {
    assert.deepStrictEqual(explicitSettings({ strictCidr: false, defaultNamespace: ' shop ', maxFileSizeKb: -1, exclude: ['a/**', 3, ''], rules: { 'invalid-port': 'INFO', x: 'loud' }, other: 1 }), {
      strictCidr: false,
      defaultNamespace: 'shop',
      exclude: ['a/**'],
      rules: { 'netpol/invalid-port': 'information' },
    });
  });

  it('gives {} for garbage, and normalizeSettings the defaults', () => {
    for (const raw of [null, undefined, 42, 'x', [], [1], { exclude: 'x', rules: [], strictCidr: 'yes', defaultNamespace: '  ' }, Object.create(null)]) {
      assert.deepStrictEqual(explicitSettings(raw), {}, JSON.stringify(raw));
      assert.deepStrictEqual(normalizeSettings(raw), { ...DEFAULT_SETTINGS, rules: {}, exclude: [] });
    }
  });

  it('defaults < project < user; rules merge per id; excludes add up', () => {
    const merged = mergeSettings(
      { strictCidr: false, defaultNamespace: 'shop', rules: { 'netpol/a': 'off', 'netpol/b': 'error' }, exclude: ['gen/**'] },
      { defaultNamespace: 'prod', rules: { 'netpol/b': 'hint' }, exclude: ['gen/**', 'tmp/**'] },
    );
    assert.deepStrictEqual(merged, {
      strictCidr: false,
      defaultNamespace: 'prod',
      maxFileSizeKb: DEFAULT_SETTINGS.maxFileSizeKb,
      rules: { 'netpol/a': 'off', 'netpol/b': 'hint' },
      exclude: ['gen/**', 'tmp/**'],
      diagnostics: { scope: 'workspace' },
    });
    assert.deepStrictEqual(mergeSettings({}, {}), { ...DEFAULT_SETTINGS, rules: {}, exclude: [] });
  });
});
