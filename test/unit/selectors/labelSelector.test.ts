import * as assert from 'assert';
import { analyzeText } from '../../../server/src/core/analyze';
import { isNetworkPolicy, NetworkPolicy } from '../../../server/src/core/model/types';
import { compileSelector, describeSelector, matches } from '../../../server/src/core/policy/labelSelector';

/** The compiled spec.podSelector of a policy whose podSelector is `selectorYaml` (flow style). */
function sel(selectorYaml: string) {
  const text = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: ${selectorYaml}\n`;
  const p = analyzeText(text).objects.find(isNetworkPolicy) as NetworkPolicy;
  assert.ok(p.podSelector, 'podSelector read');
  return compileSelector(p.podSelector);
}

const L = (o: Record<string, string>) => new Map(Object.entries(o));

describe('label selector matching', () => {
  it('matchLabels needs every pair', () => {
    const s = sel('{matchLabels: {app: web, tier: fe}}');
    assert.strictEqual(matches(s, L({ app: 'web', tier: 'fe', x: 'y' })), true);
    assert.strictEqual(matches(s, L({ app: 'web' })), false);
    assert.strictEqual(matches(s, L({ app: 'web', tier: 'be' })), false);
  });

  it('In: the key has one of the values', () => {
    const s = sel('{matchExpressions: [{key: app, operator: In, values: [a, b]}]}');
    assert.strictEqual(matches(s, L({ app: 'b' })), true);
    assert.strictEqual(matches(s, L({ app: 'c' })), false);
    assert.strictEqual(matches(s, L({})), false);
  });

  it('NotIn: the key is absent or has none of the values', () => {
    const s = sel('{matchExpressions: [{key: app, operator: NotIn, values: [a]}]}');
    assert.strictEqual(matches(s, L({ app: 'b' })), true);
    assert.strictEqual(matches(s, L({})), true);
    assert.strictEqual(matches(s, L({ app: 'a' })), false);
  });

  it('Exists and DoesNotExist look at the key only', () => {
    const e = sel('{matchExpressions: [{key: app, operator: Exists}]}');
    const d = sel('{matchExpressions: [{key: app, operator: DoesNotExist}]}');
    assert.strictEqual(matches(e, L({ app: '' })), true);
    assert.strictEqual(matches(e, L({ other: 'app' })), false);
    assert.strictEqual(matches(d, L({ other: 'app' })), true);
    assert.strictEqual(matches(d, L({ app: 'x' })), false);
  });

  it('matchLabels AND matchExpressions', () => {
    const s = sel('{matchLabels: {app: web}, matchExpressions: [{key: env, operator: NotIn, values: [dev]}]}');
    assert.strictEqual(matches(s, L({ app: 'web', env: 'prod' })), true);
    assert.strictEqual(matches(s, L({ app: 'web', env: 'dev' })), false);
    assert.strictEqual(describeSelector(s), 'app=web, env notin (dev)');
  });

  it('empty selector, `{}` and `podSelector:` with nothing, match everything', () => {
    for (const y of ['{}', '', '{matchLabels: {}, matchExpressions: []}']) {
      const s = sel(y);
      assert.deepStrictEqual(s, []);
      assert.strictEqual(matches(s, L({})), true);
      assert.strictEqual(describeSelector(s), 'all');
    }
  });

  it('invalid selectors match nothing', () => {
    for (const y of [
      '{matchExpressions: [{key: app, operator: in, values: [a]}]}',
      '{matchExpressions: [{key: app, operator: In}]}',
      '{matchExpressions: [{key: app, operator: In, values: []}]}',
      '{matchExpressions: [{key: app, operator: Exists, values: [a]}]}',
      '{matchExpressions: [{operator: Exists}]}',
      '{matchExpressions: [{key: app}]}',
    ]) {
      const s = sel(y);
      assert.strictEqual(s, null, y);
      assert.strictEqual(matches(s, L({ app: 'a' })), false, y);
      assert.strictEqual(describeSelector(s), '(invalid selector: matches nothing)');
    }
  });
});
