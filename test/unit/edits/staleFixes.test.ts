// A quick fix asked for with the finding of an older version of the file is
// re-derived on the current text (or dropped), and verifyFix refuses edits
// that would land on the wrong text, split a character, span more than one
// node or change the meaning beyond the fix.
import * as assert from 'assert';
import { analyzeText } from '../../../server/src/core/analyze';
import type { SelectorFindingData } from '../../../server/src/core/checks/unmatchedSelector';
import { currentFindings, matchSelectorFinding } from '../../../server/src/core/edits/currentFinding';
import { labelTitle, QuickFix, selectorQuickFixes } from '../../../server/src/core/edits/selectorFixes';
import { applyEdits } from '../../../server/src/core/edits/text';
import { verifyFix } from '../../../server/src/core/edits/verifyFix';
import { isNetworkPolicy, isWorkload } from '../../../server/src/core/model/types';
import { compileSelector, describeSelector } from '../../../server/src/core/policy/labelSelector';
import { selectorSitesOf } from '../../../server/src/core/policy/resolve';
import { deployment, indexOf } from '../index/fixtures';

const RULE = 'netpol/selector-matches-nothing';
const WEB = 'file:///w/web.yaml';
const POLICY = 'file:///w/policy.yaml';

const POLICY_TEXT = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: backnd
  ingress:
  - from:
    - podSelector:
        matchLabels: {role: clien}
`;

function only<T>(xs: T[], what: string): T {
  assert.strictEqual(xs.length, 1, `${what}: ${xs.length} found`);
  return xs[0];
}

function selectors(text: string): string[] {
  const p = only(analyzeText(text).objects.filter(isNetworkPolicy), 'policies');
  return selectorSitesOf(p).map((s) => `${s.selector.path}: ${describeSelector(compileSelector(s.selector))}`);
}

function podLabels(text: string): [string, string][] {
  return only(analyzeText(text).objects.filter(isWorkload), 'workloads').podLabels.map((e) => [e.key.value, e.value.value]);
}

describe('quick fixes for a finding of an older version', () => {
  const files = () => ({ [WEB]: deployment('web', { app: 'backend', role: 'client' }, 'shop'), [POLICY]: POLICY_TEXT });

  it('re-derives the finding on the edited text: the selector change lands on the value, not on the stale offsets', () => {
    const index = indexOf(files());
    const stale = currentFindings(index, POLICY, [RULE]);
    assert.deepStrictEqual(stale.map((f) => f.message), [
      'no workload in namespace shop has app=backnd; did you mean app=backend (Deployment web)?',
      'no workload in namespace shop has role=clien; did you mean role=client (Deployment web)?',
    ]);
    // The user types above the selector (emoji: two UTF-16 units each) before asking for the fix.
    const edited = POLICY_TEXT.replace('metadata:\n', 'metadata:\n  # 😀😀 notes\n  annotations: {a: "😀"}\n');
    index.setFile(POLICY, edited);
    for (const f of stale) {
      const data = matchSelectorFinding(currentFindings(index, POLICY, [RULE]), POLICY, RULE, f.data);
      assert.ok(data, `no current finding for "${f.message}"`);
      const fix = only(selectorQuickFixes(index, data).filter((x) => x.title.startsWith('Change selector')), 'selector fixes');
      assert.strictEqual(verifyFix(index.fullAnalysis(POLICY)!, fix, {}), undefined);
      const after = applyEdits(edited, fix.edits);
      const want = f.message.includes('backnd') ? edited.replace('app: backnd', 'app: backend') : edited.replace('{role: clien}', '{role: client}');
      assert.strictEqual(after, want);
      // The stale edit, applied as carried in the diagnostic, would have cut into other text.
      const old = (f.data as SelectorFindingData).suggestion!.replace;
      assert.notStrictEqual(applyEdits(edited, [old]), want);
    }
  });

  it('drops the fix when the requirement it was about is gone or changed', () => {
    const index = indexOf(files());
    const [stale] = currentFindings(index, POLICY, [RULE]);
    index.setFile(POLICY, POLICY_TEXT.replace('app: backnd', 'app: backen'));
    assert.strictEqual(matchSelectorFinding(currentFindings(index, POLICY, [RULE]), POLICY, RULE, stale.data), undefined);
    index.setFile(POLICY, POLICY_TEXT.replace('app: backnd', 'app: backend'));
    assert.strictEqual(matchSelectorFinding(currentFindings(index, POLICY, [RULE]), POLICY, RULE, stale.data), undefined);
    // Disabled on the line now: no finding to fix.
    index.setFile(POLICY, POLICY_TEXT.replace('    matchLabels:\n      app', '    matchLabels:\n      # netpol-disable-next-line\n      app'));
    assert.strictEqual(matchSelectorFinding(currentFindings(index, POLICY, [RULE]), POLICY, RULE, stale.data), undefined);
    // Data of another shape, or of another file, is not trusted.
    index.setFile(POLICY, POLICY_TEXT);
    const current = currentFindings(index, POLICY, [RULE]);
    assert.strictEqual(matchSelectorFinding(current, POLICY, RULE, { candidates: 'x' }), undefined);
    assert.strictEqual(matchSelectorFinding(current, 'file:///w/other.yaml', RULE, stale.data), undefined);
    assert.ok(matchSelectorFinding(current, POLICY, RULE, stale.data));
  });

  it('tells the same requirement written twice apart by the range in the current text', () => {
    const twice = POLICY_TEXT.replace('      app: backnd\n', '      app: backnd\n    matchExpressions:\n    - {key: app, operator: In, values: [backnd]}\n');
    const index = indexOf({ ...files(), [POLICY]: twice });
    const current = currentFindings(index, POLICY, [RULE]).filter((f) => f.message.includes('backnd'));
    assert.strictEqual(current.length, 2);
    assert.strictEqual(matchSelectorFinding(current, POLICY, RULE, current[1].data), undefined);
    const data = matchSelectorFinding(current, POLICY, RULE, current[1].data, current[1].range);
    assert.strictEqual(data, current[1].data);
  });
});

describe('quick fixes with keys and values YAML reads as something else', () => {
  for (const [key, value] of [['<<', 'merged'], ['app', 'yes'], ['on', 'y'], ['app', '0o17'], ['app', '1:20'], ['app', '~'], ['&a', '*b'], ['app', '- x'], ['app', 'a #b']]) {
    it(`"Add label ${key}=${value}" writes a label that reads back as ${JSON.stringify([key, value])}`, () => {
      const policy = POLICY_TEXT.replace('      app: backnd\n', `      ${JSON.stringify(key)}: ${JSON.stringify(value)}\n`).replace('{role: clien}', '{}');
      const index = indexOf({ [WEB]: deployment('web', { tier: 'front' }, 'shop'), [POLICY]: policy });
      const f = only(currentFindings(index, POLICY, [RULE]), 'findings');
      const fix = only(selectorQuickFixes(index, f.data as SelectorFindingData), 'fixes');
      assert.strictEqual(fix.title, `Add label ${labelTitle(key, value)} to Deployment web (web.yaml)`);
      assert.strictEqual(verifyFix(index.fullAnalysis(WEB)!, fix, {}), undefined);
      const after = applyEdits(index.getFile(WEB)!.text, fix.edits);
      assert.deepStrictEqual(podLabels(after), [['tier', 'front'], [key, value]]);
      // The fix clears the finding.
      index.setFile(WEB, after);
      assert.deepStrictEqual(currentFindings(index, POLICY, [RULE]), []);
    });
  }
});

describe('quick fix titles', () => {
  it('show plain labels as key=value and JSON-quote those a list of them could misread', () => {
    assert.strictEqual(labelTitle('app', 'web'), 'app=web');
    assert.strictEqual(labelTitle('<<', 'merged'), '<<=merged');
    assert.strictEqual(labelTitle('a, b', 'x=y'), '"a, b"="x=y"');
    assert.strictEqual(labelTitle('app', ''), 'app=""');
    assert.strictEqual(labelTitle('app', 'a #b'), 'app="a #b"');
  });
});

describe('verifyFix', () => {
  const WEB_TEXT = deployment('web', { tier: 'front' }, 'shop');
  const analysis = analyzeText(WEB_TEXT);
  const at = WEB_TEXT.indexOf('tier: front') + 'tier: front'.length;
  const labelsFix = (edits: QuickFix['edits'], labels = [{ key: 'app', value: 'web' }]): Pick<QuickFix, 'edits' | 'intent'> => ({
    edits,
    intent: { kind: 'labels', object: { docIndex: 0, kind: 'Deployment', name: 'web' }, labels },
  });

  it('accepts an insertion that sets exactly the labels it says', () => {
    const fix = labelsFix([{ range: { start: at, end: at }, newText: '\n        app: web', replaces: '' }]);
    assert.strictEqual(verifyFix(analysis, fix, {}), undefined);
    assert.deepStrictEqual(podLabels(applyEdits(WEB_TEXT, fix.edits)), [['tier', 'front'], ['app', 'web']]);
  });

  it('refuses a merge key, a label YAML reads as a boolean, an edit of other fields, and a new YAML error', () => {
    const merge = labelsFix([{ range: { start: at, end: at }, newText: '\n        <<: merged', replaces: '' }], [{ key: '<<', value: 'merged' }]);
    assert.match(verifyFix(analysis, merge, {}) ?? '', /adds an error|labels would be/);
    const quoted = labelsFix([{ range: { start: at, end: at }, newText: '\n        "<<": merged', replaces: '' }], [{ key: '<<', value: 'merged' }]);
    assert.strictEqual(verifyFix(analysis, quoted, {}), undefined);
    const bool = labelsFix([{ range: { start: at, end: at }, newText: '\n        app: yes', replaces: '' }], [{ key: 'app', value: 'yes' }]);
    assert.match(verifyFix(analysis, bool, {}) ?? '', /labels would be/);
    const name = WEB_TEXT.indexOf('web');
    const rename = labelsFix([{ range: { start: name, end: name + 3 }, newText: 'api', replaces: 'web' }]);
    assert.match(verifyFix(analysis, rename, {}) ?? '', /not where it was|changes/);
    const broken = labelsFix([{ range: { start: at, end: at }, newText: '\n        app: web\n      - x', replaces: '' }]);
    assert.ok(verifyFix(analysis, broken, {}));
  });

  it('refuses ranges that hold other text, split a surrogate pair or a CRLF, or cover more than one node', () => {
    const emoji = WEB_TEXT.replace('tier: front', 'tier: "😀"');
    const e = analyzeText(emoji);
    const inside = emoji.indexOf('😀') + 1;
    assert.match(verifyFix(e, labelsFix([{ range: { start: inside, end: inside }, newText: 'x', replaces: '' }]), {}) ?? '', /splits a character/);
    const crlf = WEB_TEXT.replace(/\n/g, '\r\n');
    const lf = crlf.indexOf('\n');
    assert.match(verifyFix(analyzeText(crlf), labelsFix([{ range: { start: lf, end: lf }, newText: 'x', replaces: '' }]), {}) ?? '', /splits/);
    const v = WEB_TEXT.indexOf('front');
    assert.match(verifyFix(analysis, labelsFix([{ range: { start: v, end: v + 5 }, newText: 'web', replaces: 'fronx' }]), {}) ?? '', /holds "front"/);
    const two = WEB_TEXT.indexOf('tier');
    assert.match(verifyFix(analysis, labelsFix([{ range: { start: two, end: v + 2 }, newText: 'app: we', replaces: WEB_TEXT.slice(two, v + 2) }]), {}) ?? '', /not one YAML node/);
    assert.match(verifyFix(analysis, labelsFix([{ range: { start: v + 2, end: v + 2 }, newText: 'x', replaces: '' }]), {}) ?? '', /inside a scalar/);
    assert.match(verifyFix(analysis, labelsFix([{ range: { start: 0, end: WEB_TEXT.length + 1 }, newText: '', replaces: '' }]), {}) ?? '', /outside the text/);
  });

  it('checks that a selector change swaps exactly the requirement it names', () => {
    const a = analyzeText(POLICY_TEXT);
    const v = POLICY_TEXT.indexOf('backnd');
    const fix = (newText: string, to = { key: 'app', value: 'backend' }): Pick<QuickFix, 'edits' | 'intent'> => ({
      edits: [{ range: { start: v, end: v + 6 }, newText, replaces: 'backnd' }],
      intent: { kind: 'selector', object: { docIndex: 0, kind: 'NetworkPolicy', name: 'db' }, selectorPath: 'spec.podSelector', from: { key: 'app', op: 'In', values: new Set(['backnd']) }, to },
    });
    assert.strictEqual(verifyFix(a, fix('backend'), {}), undefined);
    assert.deepStrictEqual(selectors(applyEdits(POLICY_TEXT, fix('backend').edits)), ['spec.podSelector: app=backend', 'spec.ingress[0].from[0].podSelector: role=clien']);
    assert.match(verifyFix(a, fix('backed'), {}) ?? '', /gets/);
    // Unquoted, `on` is a YAML 1.1 boolean: not the label value the fix names.
    assert.ok(verifyFix(a, fix('on', { key: 'app', value: 'on' }), {}));
    assert.strictEqual(verifyFix(a, fix('"on"', { key: 'app', value: 'on' }), {}), undefined);
    assert.match(verifyFix(a, fix('{}'), {}) ?? '', /selector|error/);
  });
});
