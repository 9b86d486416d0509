// The index's log of Services joining and leaving (namespace, port): a
// cache replays what it returns, so it must give every change after a stamp,
// in order, per key, and say when it no longer has them all.
import * as assert from 'assert';
import { ServicePortLog } from '../../../server/src/core/index/servicePortLog';
import type { IndexedService } from '../../../server/src/core/index/types';

const svc = (name: string) => ({ name }) as unknown as IndexedService;
const names = (changes: readonly { svc: IndexedService; joined: boolean }[] | undefined) => changes?.map((c) => `${c.joined ? '+' : '-'}${c.svc.name}`).join(' ');

describe('ServicePortLog', () => {
  it('gives the changes after a stamp, in order, for its namespace and port only', () => {
    const log = new ServicePortLog();
    assert.strictEqual(log.stamp('ns', 80), 0);
    assert.strictEqual(names(log.since('ns', 80, 0)), '');
    log.record('ns', 80, svc('a'), true);
    const s1 = log.stamp('ns', 80);
    log.record('ns', 8080, svc('x'), true);
    log.record('other', 80, svc('y'), true);
    log.record('ns', 80, svc('b'), true);
    log.record('ns', 80, svc('a'), false);
    assert.ok(log.stamp('ns', 80) > s1);
    assert.strictEqual(names(log.since('ns', 80, 0)), '+a +b -a');
    assert.strictEqual(names(log.since('ns', 80, s1)), '+b -a');
    assert.strictEqual(names(log.since('ns', 80, log.stamp('ns', 80))), '');
    assert.strictEqual(names(log.since('ns', 8080, 0)), '+x');
  });

  it('says undefined once the changes after a stamp are no longer all kept, never a partial list', () => {
    const log = new ServicePortLog();
    const stamps: number[] = [log.stamp('ns', 80)];
    for (let i = 0; i < 1000; i++) {
      log.record('ns', 80, svc(`s${i}`), i % 3 !== 0);
      stamps.push(log.stamp('ns', 80));
    }
    let kept = 0;
    stamps.forEach((stamp, i) => {
      const got = log.since('ns', 80, stamp);
      if (!got) return;
      kept++;
      // Everything after stamp i: the changes i..999.
      assert.strictEqual(got.length, 1000 - i, `after stamp ${i}`);
      assert.strictEqual(got[0]?.svc.name ?? 's1000', `s${i}`);
    });
    assert.ok(kept >= 64 && kept <= 130, `${kept} stamps still answered`);
    assert.strictEqual(log.since('ns', 80, stamps[0]), undefined);
  });
});
