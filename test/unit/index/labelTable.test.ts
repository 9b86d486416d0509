import * as assert from 'assert';
import { LabelTable } from '../../../server/src/core/index/labelTable';

const labels = (o: Record<string, string>): Map<string, string> => new Map(Object.entries(o));
const sorted = (s: Iterable<string>): string[] => [...s].sort();

describe('LabelTable', () => {
  it('answers members, values and keys for single and shared values alike', () => {
    const t = new LabelTable<string>();
    t.add('a', labels({ app: 'web', instance: 'a-1' }));
    t.add('b', labels({ app: 'web', instance: 'b-1' }));
    t.add('c', labels({ app: 'db' }));
    assert.deepStrictEqual(sorted(t.members('app', 'web')), ['a', 'b']);
    const lone = t.members('instance', 'a-1');
    assert.deepStrictEqual([lone.size, [...lone], [...lone.keys()], [...lone.entries()], lone.has('a'), lone.has('b')], [1, ['a'], ['a'], [['a', 'a']], true, false]);
    const visited: string[] = [];
    lone.forEach((m) => visited.push(m));
    assert.deepStrictEqual(visited, ['a']);
    assert.strictEqual(t.members('instance', 'nope').size, 0);
    assert.strictEqual(t.members('nokey', 'x').size, 0);
    assert.deepStrictEqual(sorted(t.keys()), ['app', 'instance']);
    const app = t.values('app');
    assert.strictEqual(app.size, 2);
    assert.ok(app.has('db'));
    assert.deepStrictEqual([...app.get('db')!], ['c']);
    assert.strictEqual(app.get('cache'), undefined);
    assert.deepStrictEqual([...app].map(([v, m]) => [v, sorted(m)]), [['web', ['a', 'b']], ['db', ['c']]]);
    assert.deepStrictEqual([...app.values()].map((m) => m.size), [2, 1]);
    const seen: string[] = [];
    app.forEach((m, v) => seen.push(`${v}:${m.size}`));
    assert.deepStrictEqual(seen, ['web:2', 'db:1']);
    assert.deepStrictEqual(sorted(t.withKey('app')), ['a', 'b', 'c']);
    assert.strictEqual(t.values('nokey').size, 0);
  });

  it('adds a member twice without duplicating it, and removes down to empty', () => {
    const t = new LabelTable<string>();
    t.add('a', labels({ app: 'web' }));
    t.add('a', labels({ app: 'web' }));
    assert.deepStrictEqual([...t.members('app', 'web')], ['a']);
    t.add('b', labels({ app: 'web' }));
    t.add('b', labels({ app: 'web' }));
    assert.deepStrictEqual(sorted(t.members('app', 'web')), ['a', 'b']);
    t.remove('a', labels({ app: 'web' }));
    assert.deepStrictEqual([...t.members('app', 'web')], ['b']);
    // A member that is not there changes nothing.
    t.remove('z', labels({ app: 'web' }));
    assert.deepStrictEqual([...t.members('app', 'web')], ['b']);
    t.add('c', labels({ app: 'web' }));
    assert.deepStrictEqual(sorted(t.members('app', 'web')), ['b', 'c']);
    t.remove('b', labels({ app: 'web' }));
    t.remove('c', labels({ app: 'web' }));
    assert.strictEqual(t.members('app', 'web').size, 0);
    assert.strictEqual(t.hasKey('app'), false);
    assert.ok(t.isEmpty);
  });
});
