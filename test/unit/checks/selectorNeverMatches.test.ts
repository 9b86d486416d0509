import * as assert from 'assert';
import { allFindings, at, brief, policyText, runRule } from './lintHelpers';

const NEVER = 'netpol/selector-never-matches';

describe('netpol/selector-never-matches', () => {
  function podSel(sel: string): string {
    return policyText(`  podSelector:\n${sel}`);
  }

  it('reports matchLabels k=v with k NotIn [v] on the whole selector, replacing selector-matches-nothing', () => {
    const text = podSel(`    matchLabels:\n      app: web\n    matchExpressions:\n    - {key: app, operator: NotIn, values: [web]}\n`);
    const all = allFindings(text);
    assert.deepStrictEqual(
      all.map((f) => f.ruleId),
      [NEVER],
    );
    assert.deepStrictEqual(brief(all), [['warning', 'this podSelector can never match any pod: app=web and app notin (web) contradict each other on key app; fix or delete one of them']]);
    const start = text.indexOf('podSelector');
    assert.deepStrictEqual(all[0].range, { start, end: text.length - 1 });
    assert.deepStrictEqual(all[0].related?.map((r) => r.range), [at(text, 'app: web'), at(text, '{key: app, operator: NotIn, values: [web]}')]);
  });

  it('catches DoesNotExist with a value, Exists with DoesNotExist, disjoint In sets, In with a value outside it', () => {
    for (const [exprs, shown] of [
      [`    matchLabels: {app: web}\n    matchExpressions: [{key: app, operator: DoesNotExist}]\n`, 'app=web and app does not exist'],
      [`    matchExpressions: [{key: app, operator: Exists}, {key: app, operator: DoesNotExist}]\n`, 'app exists and app does not exist'],
      [`    matchExpressions: [{key: app, operator: In, values: [a, b]}, {key: app, operator: In, values: [c]}]\n`, 'app in (a,b) and app=c'],
      [`    matchLabels: {app: web}\n    matchExpressions: [{key: app, operator: In, values: [api, db]}]\n`, 'app=web and app in (api,db)'],
      [`    matchExpressions: [{key: app, operator: In, values: [a, b]}, {key: app, operator: NotIn, values: [b, a]}]\n`, 'app in (a,b) and app notin (b,a)'],
    ]) {
      const fs = runRule(NEVER, podSel(exprs));
      assert.strictEqual(fs.length, 1, exprs);
      assert.ok(fs[0].message.includes(`: ${shown} contradict`), fs[0].message);
    }
  });

  it('applies to peer namespaceSelectors, replacing namespace-selector-matches-nothing', () => {
    const text = policyText(`  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels: {team: shop}\n        matchExpressions: [{key: team, operator: NotIn, values: [shop]}]\n`);
    const all = allFindings(text);
    assert.deepStrictEqual(all.map((f) => f.ruleId), [NEVER]);
    assert.match(all[0].message, /^this namespaceSelector can never match any namespace/);
  });

  it('stays silent on satisfiable selectors and on {}', () => {
    for (const sel of [
      `    {}\n`,
      `    matchExpressions: [{key: app, operator: In, values: [a, b]}, {key: app, operator: In, values: [b, c]}]\n`,
      `    matchExpressions: [{key: app, operator: NotIn, values: [a]}, {key: app, operator: DoesNotExist}]\n`,
      `    matchLabels: {app: web}\n    matchExpressions: [{key: app, operator: Exists}, {key: tier, operator: DoesNotExist}]\n`,
      `    matchExpressions: [{key: app, operator: In, values: [a, b]}, {key: app, operator: NotIn, values: [a]}]\n`,
    ]) {
      assert.deepStrictEqual(runRule(NEVER, podSel(sel)), [], sel);
    }
  });
});
